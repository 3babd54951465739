"""Local accounts: Argon2id passwords (pwdlib), roles, growing delays between failed sign-ins,
one-time claim and reset codes, sign-out everywhere.

Messages never tell whether a username exists: a wrong password and an unknown name read the
same, and the delay grows per typed username and client whether or not the account exists.
The typed username and the client are stored only as keyed hashes (tracker.secret). The first
account created on a fresh database becomes an admin.

An admin never knows or sets another person's password: accounts they create get a one-time
code (valid for `CODE_LIFETIME`) that the person redeems with their own new password, and an
admin's reset issues such a code too. Linking an existing athlete profile to an account needs
a claim code; issuing and redeeming it are written to that athlete's access log.

Where a club has an identity provider, `account_for_identity` matches the provider's verified
email to an account instead (the dashboard's `st.login` path).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass

from pwdlib import PasswordHash
from sqlalchemy import func
from sqlmodel import Session, col, select
from zxcvbn import zxcvbn

from tracker.errors import NotFoundError, PermissionDenied, TrackerError, ValidationError
from tracker.models import AccessLog, Athlete, ClaimCode, LoginAttempt, Role, User, UserRole
from tracker.secret import keyed_hash, server_secret

log = logging.getLogger(__name__)

PASSWORDS = PasswordHash.recommended()  # Argon2id with pwdlib's current recommended parameters
MIN_PASSWORD_LENGTH = 10
#: zxcvbn's guessability score (0-4) a password must reach: 3 is "safely unguessable: moderate
#: protection from an offline slow-hash scenario" (about 10^8 guesses or more).
MIN_PASSWORD_SCORE = 3
SIGN_IN_FAILED = "That username and password do not match an account."
CODE_FAILED = "That username and code do not match a valid code (codes work once and expire)."
CODE_LIFETIME = dt.timedelta(days=3)
#: Failed tries in a row (since the last success or an admin's unlock, within `MEMORY`) that
#: cost nothing, then the wait doubles from `first` up to `cap`. The pair (username, client)
#: slows one attacker fast; the username alone, across every client, more gently (so someone
#: elsewhere cannot keep the owner out for more than a minute at a time).
PAIR_DELAY = (3, dt.timedelta(seconds=2), dt.timedelta(minutes=15))
USERNAME_DELAY = (10, dt.timedelta(seconds=1), dt.timedelta(minutes=1))
MEMORY = dt.timedelta(hours=24)
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")
_DUMMY_HASH = PASSWORDS.hash("not a real password, only for equal timing")
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


class SignInRefused(TrackerError):
    """Wrong credentials or a try too soon; the message never says which account exists."""


def username_key(username: str) -> str:
    return username.strip().casefold()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _typed_hash(db: Session, purpose: str, value: str) -> str:
    return keyed_hash(server_secret(db.get_bind()), purpose, value)


def roles_of(db: Session, *, user_id: int) -> frozenset[Role]:
    return frozenset(Role(r) for r in db.exec(select(UserRole.role).where(UserRole.user_id == user_id)).all())


def create_account(
    db: Session,
    *,
    username: str,
    password: str | None,
    roles: set[Role] | frozenset[Role] = frozenset({Role.ATHLETE}),
    email: str | None = None,
    athlete_id: int | None = None,
) -> User:
    """A new account; the first one on a database also becomes admin (and may take an existing
    athlete profile as its own). `password` None: the account signs in through the identity
    provider, or once its person redeems a code (`issue_code`)."""
    key = username_key(username)
    if not _USERNAME.match(key):
        raise ValidationError.single("username", "username must be 3–80 characters: letters, digits, '.', '_' or '-'")
    if password is not None:
        check_password(password, username=key)
    if db.exec(select(User.id).where(User.username_key == key)).first() is not None:
        raise ValidationError.single("username", "that username is taken; choose another")
    first = db.exec(select(func.count()).select_from(User)).one() == 0
    if athlete_id is not None and not first:
        # Only the one local user, switching accounts on, may take an existing profile as theirs:
        # after that a profile is linked by the person redeeming a claim code.
        raise PermissionDenied("an existing athlete profile is linked with a claim code that its athlete redeems")
    user = User(
        username=username.strip(),
        username_key=key,
        email=email.strip().casefold() if email else None,
        password_hash=PASSWORDS.hash(password) if password is not None else None,
        athlete_id=athlete_id,
    )
    try:
        db.add(user)
        db.flush()
        for role in set(roles) | ({Role.ADMIN} if first else set()):
            db.add(UserRole(user_id=user.id, role=Role(role)))
        db.commit()
    except BaseException:
        db.rollback()
        raise
    db.refresh(user)
    return user


def check_password(password: str, *, username: str = "", old: str | None = None) -> None:
    """Refuse a short, common or guessable password (zxcvbn), saying why."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError.single("password", f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    if username and username_key(password) == username_key(username):
        raise ValidationError.single("password", "password must not be the username")
    if old is not None and password == old:
        raise ValidationError.single("password", "the new password must differ from the current one")
    verdict = zxcvbn(password[:100], user_inputs=[username, "tracker", "training", "lifting"])
    if verdict["score"] < MIN_PASSWORD_SCORE:
        feedback = verdict["feedback"]
        why = feedback.get("warning") or "It would be quick to guess."
        hint = " ".join(feedback.get("suggestions") or ["Use three or four unrelated words."])
        raise ValidationError.single("password", f"password is too easy to guess. {why} {hint}".strip())


def _delay(failures: int, rule: tuple[int, dt.timedelta, dt.timedelta]) -> dt.timedelta:
    free, first, cap = rule
    return dt.timedelta(0) if failures < free else min(first * 2 ** (failures - free), cap)


def retry_after(db: Session, *, username: str, client: str | None = None, now: dt.datetime | None = None) -> dt.timedelta:
    """How long this username, from this client, must wait before its next try (zero: now)."""
    now = now or _now()
    user_hash, client_hash = _typed_hash(db, "username", username_key(username)), _client_hash(db, client)
    query = select(LoginAttempt).where(LoginAttempt.username_hash == user_hash, LoginAttempt.at >= now - MEMORY).order_by(col(LoginAttempt.at).desc())
    streak: list[LoginAttempt] = []
    for attempt in db.exec(query).all():
        if attempt.outcome != "failed":
            break
        streak.append(attempt)
    if not streak:
        return dt.timedelta(0)
    from_client = [a for a in streak if a.client_hash == client_hash]
    ready = _aware(streak[0].at) + _delay(len(streak), USERNAME_DELAY)
    if from_client:
        ready = max(ready, _aware(from_client[0].at) + _delay(len(from_client), PAIR_DELAY))
    return max(ready - now, dt.timedelta(0))


def _client_hash(db: Session, client: str | None) -> str | None:
    return _typed_hash(db, "client", client) if client else None


def _record(db: Session, username: str, client: str | None, outcome: str, now: dt.datetime) -> None:
    db.add(LoginAttempt(username_hash=_typed_hash(db, "username", username_key(username)), client_hash=_client_hash(db, client), at=now, outcome=outcome))


def _refuse_if_too_soon(db: Session, username: str, client: str | None, now: dt.datetime) -> None:
    wait = retry_after(db, username=username, client=client, now=now)
    if wait > dt.timedelta(0):
        log.warning("sign-in refused: too many recent failures for one username")
        seconds = max(1, round(wait.total_seconds()))
        when = f"{seconds} seconds" if seconds < 120 else f"{round(seconds / 60)} minutes"
        raise SignInRefused(f"Several sign-ins with this username failed in a row, so each try now waits a little longer. Try again in {when}.")


def authenticate(db: Session, *, username: str, password: str, client: str | None = None, now: dt.datetime | None = None) -> User:
    """The account for these credentials, or SignInRefused (same words for any failure).
    `client` (the browser's address) makes the growing delay per username and client."""
    now = now or _now()
    _refuse_if_too_soon(db, username, client, now)
    user = db.exec(select(User).where(User.username_key == username_key(username))).first()
    stored = user.password_hash if user is not None and not user.disabled else None
    verified, updated = PASSWORDS.verify_and_update(password, stored or _DUMMY_HASH)
    ok = stored is not None and verified
    _record(db, username, client, "ok" if ok else "failed", now)
    if ok and updated:
        user.password_hash = updated  # parameters moved on since it was hashed
        db.add(user)
    db.commit()
    if not ok:
        log.info("sign-in refused: wrong username or password")
        raise SignInRefused(SIGN_IN_FAILED)
    db.refresh(user)
    log.info("sign-in: account %s", user.id)
    return user


def unlock(db: Session, *, by_user_id: int, username: str, now: dt.datetime | None = None) -> None:
    """An admin lets a username try again at once (the failures before no longer count)."""
    _require_admin(db, by_user_id)
    _record(db, username, None, "unlock", now or _now())
    db.commit()


def _require_admin(db: Session, user_id: int) -> None:
    if Role.ADMIN not in roles_of(db, user_id=user_id):
        raise PermissionDenied("only an admin can do that")


def change_password(db: Session, *, user_id: int, old: str, new: str) -> None:
    user = get_user(db, user_id=user_id)
    if not user.password_hash or not PASSWORDS.verify(old, user.password_hash):
        raise SignInRefused("the current password is not right")
    check_password(new, username=user.username, old=old)
    user.password_hash = PASSWORDS.hash(new)
    user.session_epoch += 1  # a new password signs out every other browser
    db.add(user)
    db.commit()


def get_user(db: Session, *, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise NotFoundError(f"account: no account with id {user_id}")
    return user


def sign_out_everywhere(db: Session, *, user_id: int) -> None:
    """Every browser signed in as this user is signed out on its next page load."""
    user = get_user(db, user_id=user_id)
    user.session_epoch += 1
    db.add(user)
    db.commit()


def still_signed_in(db: Session, *, user_id: int, epoch: int) -> bool:
    """Whether a browser that signed in at `epoch` may stay signed in."""
    user = db.get(User, user_id)
    return user is not None and not user.disabled and user.session_epoch == epoch


def account_for_identity(db: Session, *, email: str, name: str | None = None) -> User:
    """The account whose email the identity provider verified; a first visit creates an
    athlete account without a password."""
    address = email.strip().casefold()
    user = db.exec(select(User).where(User.email == address)).first()
    if user is not None:
        if user.disabled:
            log.info("sign-in refused: account %s is disabled", user.id)
            raise SignInRefused("this account is disabled; ask your club's admin")
        log.info("sign-in: account %s through the identity provider", user.id)
        return user
    base = re.sub(r"[^a-z0-9._-]", "", address.split("@")[0]) or "member"
    candidate, n = base[:70].ljust(3, "0"), 1
    while db.exec(select(User.id).where(User.username_key == candidate)).first() is not None:
        n += 1
        candidate = f"{base[:70]}{n}"
    user = create_account(db, username=candidate, password=None, email=address)
    log.info("sign-in: new account %s through the identity provider", user.id)
    return user


def create_own_profile(db: Session, *, user_id: int, data: dict) -> Athlete:
    """A new athlete profile for an account that has none (e.g. a first identity-provider
    sign-in), created and linked to it at once. An existing profile is linked only with a
    claim code (`issue_code`)."""
    from tracker import store

    user = get_user(db, user_id=user_id)
    if user.athlete_id is not None:
        raise ValidationError.single("athlete", "this account already has an athlete profile")
    athlete = store.create_athlete(db, data=data)
    user.athlete_id = athlete.id
    db.add(user)
    db.commit()
    return athlete


def _code_hash(code: str) -> str:
    """Codes carry 80 random bits and expire, so a plain SHA-256 is enough to keep them unusable from a leaked database."""
    return hashlib.sha256(re.sub(r"[^A-Z0-9]", "", code.upper()).encode()).hexdigest()


def issue_code(db: Session, *, by_user_id: int, user_id: int, athlete_id: int | None = None, now: dt.datetime | None = None) -> str:
    """A one-time code for `user_id`, shown once to the admin who hands it over: with
    `athlete_id`, redeeming it links that athlete profile to the account (a claim); without,
    it lets the person set a new password (a reset). Earlier unused codes for the account stop
    working. Issuing is written to the athlete's access log."""
    _require_admin(db, by_user_id)
    now = now or _now()
    user = get_user(db, user_id=user_id)
    if athlete_id is not None:
        db.get(Athlete, athlete_id) or _missing("athlete", athlete_id)
        owner = db.exec(select(User.id).where(User.athlete_id == athlete_id)).first()
        if owner not in (None, user.id) or user.athlete_id not in (None, athlete_id):
            raise ValidationError.single("athlete", "that athlete profile or this account is already linked to another")
    for earlier in db.exec(select(ClaimCode).where(ClaimCode.user_id == user_id, col(ClaimCode.used_at).is_(None))).all():
        earlier.used_at = now  # superseded
        db.add(earlier)
    code = "-".join("".join(secrets.choice(_CODE_ALPHABET) for _ in range(4)) for _ in range(4))
    purpose = "claim" if athlete_id is not None else "reset"
    db.add(ClaimCode(code_hash=_code_hash(code), user_id=user.id, purpose=purpose, athlete_id=athlete_id, issued_by=by_user_id, issued_at=now, expires_at=now + CODE_LIFETIME))
    logged = athlete_id if athlete_id is not None else user.athlete_id
    if logged is not None:
        what = f"{purpose} code issued for account {user.username}"
        db.add(AccessLog(viewer_id=by_user_id, athlete_id=logged, action=f"{purpose} code", what=what[:60], at=now))
    db.commit()
    return code


def _missing(what: str, ident: int):
    raise NotFoundError(f"{what}: no {what} with id {ident}")


def redeem_code(db: Session, *, username: str, code: str, new_password: str, client: str | None = None, now: dt.datetime | None = None) -> User:
    """Set the account's password with a valid code (and link the athlete profile a claim code
    names); the code then no longer works, and every other browser is signed out. Wrong
    codes slow down like wrong passwords and read the same whoever asks."""
    now = now or _now()
    _refuse_if_too_soon(db, username, client, now)
    user = db.exec(select(User).where(User.username_key == username_key(username))).first()
    claim = None
    if user is not None and not user.disabled:
        claim = db.exec(select(ClaimCode).where(ClaimCode.code_hash == _code_hash(code), ClaimCode.user_id == user.id, col(ClaimCode.used_at).is_(None))).first()
    if claim is None or _aware(claim.expires_at) < now:
        _record(db, username, client, "failed", now)
        db.commit()
        raise SignInRefused(CODE_FAILED)
    check_password(new_password, username=user.username)
    if claim.athlete_id is not None:
        if user.athlete_id not in (None, claim.athlete_id) or db.exec(select(User.id).where(User.athlete_id == claim.athlete_id, User.id != user.id)).first():
            raise ValidationError.single("athlete", "that athlete profile is already linked to another account; ask your admin")
        user.athlete_id = claim.athlete_id
        issuer = db.get(User, claim.issued_by) if claim.issued_by else None
        what = f"linked to account {user.username} (code from {issuer.username if issuer else 'an admin'})"
        db.add(AccessLog(viewer_id=user.id, athlete_id=claim.athlete_id, action="linked", what=what[:60], at=now))
    elif user.athlete_id is not None:
        db.add(AccessLog(viewer_id=user.id, athlete_id=user.athlete_id, action="password set", what="password set with a reset code", at=now))
    user.password_hash = PASSWORDS.hash(new_password)
    user.session_epoch += 1
    claim.used_at = now
    _record(db, username, client, "ok", now)
    db.add_all([user, claim])
    db.commit()
    db.refresh(user)
    return user


def set_roles(db: Session, *, user_id: int, roles: set[Role]) -> None:
    """Replace an account's roles (admin's job; the access layer checks who may call it)."""
    get_user(db, user_id=user_id)
    for row in db.exec(select(UserRole).where(UserRole.user_id == user_id)).all():
        db.delete(row)
    for role in roles:
        db.add(UserRole(user_id=user_id, role=Role(role)))
    db.commit()


@dataclass(frozen=True)
class AccountSummary:
    user_id: int
    username: str
    roles: frozenset[Role]
    athlete_id: int | None
    has_password: bool
    code_pending: bool  # an unused, unexpired claim or reset code exists


def list_accounts(db: Session, *, now: dt.datetime | None = None) -> list[AccountSummary]:
    """Every account with its roles, athlete profile and sign-in state (the admin's page)."""
    now = now or _now()
    users = db.exec(select(User).order_by(User.username_key)).all()
    pending = {
        code.user_id for code in db.exec(select(ClaimCode).where(col(ClaimCode.used_at).is_(None))).all() if _aware(code.expires_at) >= now
    }
    return [AccountSummary(u.id, u.username, roles_of(db, user_id=u.id), u.athlete_id, u.password_hash is not None, u.id in pending) for u in users]


def usernames(db: Session) -> dict[int, str]:
    return {user_id: name for user_id, name in db.exec(select(User.id, User.username)).all()}

"""Local accounts: Argon2id passwords (pwdlib), roles, throttled sign-in, sign-out everywhere.

Messages never tell whether a username exists: a wrong password and an unknown name read the
same, and throttling counts attempts per username whether or not the account exists. The
first account created on a fresh database becomes an admin.

Where a club has an identity provider, `account_for_identity` matches the provider's verified
email to an account instead (the dashboard's `st.login` path).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from pwdlib import PasswordHash
from sqlalchemy import func
from sqlmodel import Session, col, select

from tracker.errors import NotFoundError, TrackerError, ValidationError
from tracker.models import LoginAttempt, Role, User, UserRole

log = logging.getLogger(__name__)

PASSWORDS = PasswordHash.recommended()  # Argon2id with pwdlib's current recommended parameters
MIN_PASSWORD_LENGTH = 10
MAX_FAILURES = 5
THROTTLE_WINDOW = dt.timedelta(minutes=15)
SIGN_IN_FAILED = "That username and password do not match an account."
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")
_DUMMY_HASH = PASSWORDS.hash("not a real password, only for equal timing")


class SignInRefused(TrackerError):
    """Wrong credentials or too many attempts; the message never says which account exists."""


def username_key(username: str) -> str:
    return username.strip().casefold()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


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
    """A new account; the first one on a database also becomes admin. `password` None: the
    account signs in only through the identity provider."""
    key = username_key(username)
    if not _USERNAME.match(key):
        raise ValidationError.single("username", "username must be 3–80 characters: letters, digits, '.', '_' or '-'")
    if password is not None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValidationError.single("password", f"password must be at least {MIN_PASSWORD_LENGTH} characters")
        if username_key(password) == key:
            raise ValidationError.single("password", "password must not be the username")
    if db.exec(select(User.id).where(User.username_key == key)).first() is not None:
        raise ValidationError.single("username", "that username is taken; choose another")
    first = db.exec(select(func.count()).select_from(User)).one() == 0
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


def _recent_failures(db: Session, key: str, now: dt.datetime) -> list[dt.datetime]:
    query = select(LoginAttempt.at).where(
        LoginAttempt.username_key == key, col(LoginAttempt.succeeded).is_(False), LoginAttempt.at >= now - THROTTLE_WINDOW
    )
    return sorted(_aware(at) for at in db.exec(query).all())


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def authenticate(db: Session, *, username: str, password: str, now: dt.datetime | None = None) -> User:
    """The account for these credentials, or SignInRefused (same words for any failure)."""
    now = now or _now()
    key = username_key(username)
    failures = _recent_failures(db, key, now)
    if len(failures) >= MAX_FAILURES:
        log.warning("sign-in refused: too many recent failures for one username")
        wait = max(1, int((failures[0] + THROTTLE_WINDOW - now).total_seconds() // 60) + 1)
        raise SignInRefused(f"Too many failed sign-ins for this username. Try again in {wait} minute{'s' if wait > 1 else ''}.")
    user = db.exec(select(User).where(User.username_key == key)).first()
    stored = user.password_hash if user is not None and not user.disabled else None
    verified, updated = PASSWORDS.verify_and_update(password, stored or _DUMMY_HASH)
    ok = stored is not None and verified
    db.add(LoginAttempt(username_key=key, at=now, succeeded=ok))
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


def change_password(db: Session, *, user_id: int, old: str, new: str) -> None:
    user = get_user(db, user_id=user_id)
    if not user.password_hash or not PASSWORDS.verify(old, user.password_hash):
        raise SignInRefused("the current password is not right")
    if len(new) < MIN_PASSWORD_LENGTH:
        raise ValidationError.single("password", f"password must be at least {MIN_PASSWORD_LENGTH} characters")
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


def link_athlete(db: Session, *, user_id: int, athlete_id: int) -> None:
    """Make `athlete_id` the account's own athlete profile (an account has at most one)."""
    user = get_user(db, user_id=user_id)
    if user.athlete_id not in (None, athlete_id):
        raise ValidationError.single("athlete", "this account already has an athlete profile")
    user.athlete_id = athlete_id
    db.add(user)
    db.commit()


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


def list_accounts(db: Session) -> list[AccountSummary]:
    """Every account with its roles and athlete profile (the admin's page)."""
    users = db.exec(select(User).order_by(User.username_key)).all()
    return [AccountSummary(u.id, u.username, roles_of(db, user_id=u.id), u.athlete_id) for u in users]


def usernames(db: Session) -> dict[int, str]:
    return {user_id: name for user_id, name in db.exec(select(User.id, User.username)).all()}

"""Accounts: Argon2id hashing, first-account admin, throttling, no user enumeration, sign-out everywhere."""

import datetime as dt
import re
import stat
from pathlib import Path

import pytest
from sqlmodel import select

from tracker import auth, store
from tracker.errors import PermissionDenied, ValidationError
from tracker.models import AccessLog, LoginAttempt, Role, User
from tracker.secret import secret_path

PASSWORD = "correct horse battery"


def test_passwords_are_stored_as_argon2id_hashes(db):
    user = auth.create_account(db, username="sam", password=PASSWORD)
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    assert auth.authenticate(db, username="SAM", password=PASSWORD).id == user.id


def test_the_first_account_becomes_admin_and_the_second_does_not(db):
    first = auth.create_account(db, username="founder", password=PASSWORD, roles={Role.COACH})
    second = auth.create_account(db, username="member", password=PASSWORD)
    assert auth.roles_of(db, user_id=first.id) == {Role.COACH, Role.ADMIN}
    assert auth.roles_of(db, user_id=second.id) == {Role.ATHLETE}


@pytest.mark.parametrize(
    ("username", "password", "field"),
    [("ab", PASSWORD, "username"), ("has space", PASSWORD, "username"), ("sam", "short", "password"), ("longname1", "LongName1 ", "password"),
     ("sam", "aaaaaaaaaa", "password"), ("sam", "password12", "password"), ("sam", " " * 10, "password"), ("sam", "qwertyuiop", "password")],
)
def test_weak_or_malformed_credentials_are_refused(db, username, password, field):
    with pytest.raises(ValidationError) as refused:
        auth.create_account(db, username=username, password=password)
    assert refused.value.for_field(field)
    assert db.exec(select(User)).all() == []


def test_wrong_password_and_unknown_user_read_the_same(db):
    auth.create_account(db, username="sam", password=PASSWORD)
    with pytest.raises(auth.SignInRefused) as wrong:
        auth.authenticate(db, username="sam", password="nope nope nope")
    with pytest.raises(auth.SignInRefused) as unknown:
        auth.authenticate(db, username="nobody", password="nope nope nope")
    assert str(wrong.value) == str(unknown.value) == auth.SIGN_IN_FAILED


def test_every_attempt_is_recorded(db):
    auth.create_account(db, username="sam", password=PASSWORD)
    auth.authenticate(db, username="sam", password=PASSWORD)
    with pytest.raises(auth.SignInRefused):
        auth.authenticate(db, username="sam", password="wrong wrong wrong")
    assert [a.outcome for a in db.exec(select(LoginAttempt).order_by(LoginAttempt.id)).all()] == ["ok", "failed"]


def test_sign_out_everywhere_invalidates_every_browser(db):
    user = auth.create_account(db, username="sam", password=PASSWORD)
    epoch = user.session_epoch
    assert auth.still_signed_in(db, user_id=user.id, epoch=epoch)
    auth.sign_out_everywhere(db, user_id=user.id)
    assert not auth.still_signed_in(db, user_id=user.id, epoch=epoch)


def test_changing_the_password_signs_out_other_browsers(db):
    user = auth.create_account(db, username="sam", password=PASSWORD)
    epoch = user.session_epoch
    auth.change_password(db, user_id=user.id, old=PASSWORD, new="a new longer secret")
    assert not auth.still_signed_in(db, user_id=user.id, epoch=epoch)
    assert auth.authenticate(db, username="sam", password="a new longer secret")


def test_identity_provider_accounts_match_by_email(db):
    existing = auth.create_account(db, username="sam", password=PASSWORD, email="Sam@Club.org")
    assert auth.account_for_identity(db, email="sam@club.org").id == existing.id
    fresh = auth.account_for_identity(db, email="new.member@club.org")
    assert fresh.username == "new.member" and fresh.password_hash is None
    with pytest.raises(auth.SignInRefused):  # no password: cannot sign in locally
        auth.authenticate(db, username="new.member", password="anything at all")


# Passwords people can guess ------------------------------------------------------------------


def test_a_guessable_password_is_refused_with_the_reason(db):
    with pytest.raises(ValidationError) as refused:
        auth.create_account(db, username="sam", password="password12")
    assert "too easy to guess" in str(refused.value) and "very common password" in str(refused.value)


def test_a_change_to_the_same_password_is_refused(db):
    user = auth.create_account(db, username="sam", password=PASSWORD)
    with pytest.raises(ValidationError, match="must differ from the current one"):
        auth.change_password(db, user_id=user.id, old=PASSWORD, new=PASSWORD)
    with pytest.raises(ValidationError, match="too easy to guess"):
        auth.change_password(db, user_id=user.id, old=PASSWORD, new="aaaaaaaaaa")
    assert auth.authenticate(db, username="sam", password=PASSWORD)


# Growing delays instead of a lock ------------------------------------------------------------

NOON = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)


def fail(db, username="sam", client="10.0.0.1", at=NOON):
    with pytest.raises(auth.SignInRefused) as refused:
        auth.authenticate(db, username=username, password="guess guess guess", client=client, now=at)
    return str(refused.value)


def test_failures_grow_a_delay_per_username_and_client_and_never_lock_the_owner_out(db):
    auth.create_account(db, username="sam", password=PASSWORD)
    free, first, _ = auth.PAIR_DELAY
    for _ in range(free):
        assert fail(db) == auth.SIGN_IN_FAILED
    # Now the next try from that client waits `first`; then twice as long after each failure.
    assert auth.retry_after(db, username="sam", client="10.0.0.1", now=NOON) == first
    assert "Try again in 2 seconds" in fail(db)  # refused unchecked, and not counted
    assert fail(db, at=NOON + first) == auth.SIGN_IN_FAILED
    assert auth.retry_after(db, username="sam", client="10.0.0.1", now=NOON + first) == 2 * first
    # The owner, from their own browser, signs in at once: the attacker's client is what waits.
    assert auth.authenticate(db, username="sam", password=PASSWORD, client="192.0.2.7", now=NOON + first).username == "sam"
    # And a success starts the count again.
    assert auth.retry_after(db, username="sam", client="10.0.0.1", now=NOON + first) == dt.timedelta(0)


def test_many_clients_slow_the_username_only_gently(db):
    auth.create_account(db, username="sam", password=PASSWORD)
    for n in range(40):  # 40 failures from 40 addresses
        fail(db, client=f"10.0.1.{n}", at=NOON + dt.timedelta(seconds=n * 70))
    last = NOON + dt.timedelta(seconds=39 * 70)
    assert auth.retry_after(db, username="sam", client="192.0.2.7", now=last) <= auth.USERNAME_DELAY[2]


def test_an_unknown_username_is_slowed_the_same_way(db):
    for _ in range(auth.PAIR_DELAY[0]):
        assert fail(db, username="ghost") == auth.SIGN_IN_FAILED
    assert "Try again in" in fail(db, username="ghost")


def test_an_admin_can_unlock_and_nobody_else_can(db):
    admin = auth.create_account(db, username="admin", password=PASSWORD, roles=set())
    sam = auth.create_account(db, username="sam", password="another long passphrase")
    for n in range(8):
        fail(db, at=NOON + dt.timedelta(minutes=n * 20))
    later = NOON + dt.timedelta(minutes=140, seconds=1)
    assert auth.retry_after(db, username="sam", client="10.0.0.1", now=later) > dt.timedelta(0)
    with pytest.raises(PermissionDenied):
        auth.unlock(db, by_user_id=sam.id, username="sam", now=later)
    auth.unlock(db, by_user_id=admin.id, username="SAM", now=later)
    assert auth.retry_after(db, username="sam", client="10.0.0.1", now=later) == dt.timedelta(0)


def test_typed_usernames_are_kept_only_as_keyed_hashes(db, engine):
    pasted = "my secret passphrase pasted by mistake"
    with pytest.raises(auth.SignInRefused):
        auth.authenticate(db, username=pasted, password="whatever whatever", client="203.0.113.9")
    attempt = db.exec(select(LoginAttempt)).one()
    assert len(attempt.username_hash) == 64 and pasted.casefold() not in attempt.username_hash
    db.close()
    engine.dispose()
    files = [Path(engine.url.database + suffix) for suffix in ("", "-wal")]
    raw = b"".join(f.read_bytes() for f in files if f.exists())
    assert pasted.encode() not in raw and b"203.0.113.9" not in raw
    # The key is not in the database: it sits beside it, readable by its owner only.
    key = secret_path(str(engine.url))
    assert key.exists() and stat.S_IMODE(key.stat().st_mode) == 0o600 and key.read_bytes().strip() not in raw


# Claim and reset codes ------------------------------------------------------------------------


@pytest.fixture
def admin_and_profile(db):
    admin = auth.create_account(db, username="admin", password=PASSWORD, roles=set())
    profile = store.create_athlete(db, data={"name": "Old Profile"})
    return admin, profile


def test_an_admin_cannot_link_an_existing_profile_with_a_password_they_chose(db, admin_and_profile):
    _, profile = admin_and_profile
    with pytest.raises(PermissionDenied, match="claim code"):
        auth.create_account(db, username="sam", password=PASSWORD, athlete_id=profile.id)
    assert db.exec(select(User).where(User.username_key == "sam")).first() is None


def test_a_claim_code_links_the_profile_once_with_the_persons_own_password(db, admin_and_profile):
    admin, profile = admin_and_profile
    sam = auth.create_account(db, username="sam", password=None)
    code = auth.issue_code(db, by_user_id=admin.id, user_id=sam.id, athlete_id=profile.id)
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code)
    assert sam.password_hash is None and sam.athlete_id is None  # nothing linked until redeemed
    user = auth.redeem_code(db, username="sam", code=code.lower(), new_password="my own new passphrase")
    assert user.athlete_id == profile.id
    assert auth.authenticate(db, username="sam", password="my own new passphrase").id == sam.id
    with pytest.raises(auth.SignInRefused, match="codes work once"):
        auth.redeem_code(db, username="sam", code=code, new_password="another new passphrase")
    log = db.exec(select(AccessLog).where(AccessLog.athlete_id == profile.id).order_by(AccessLog.id)).all()
    assert [(e.action, e.viewer_id) for e in log] == [("claim code", admin.id), ("linked", sam.id)]
    assert "code from admin" in log[-1].what


def test_a_code_expires_and_a_guessable_password_is_refused_when_redeeming(db, admin_and_profile):
    admin, profile = admin_and_profile
    sam = auth.create_account(db, username="sam", password=None)
    code = auth.issue_code(db, by_user_id=admin.id, user_id=sam.id, athlete_id=profile.id, now=NOON)
    with pytest.raises(ValidationError, match="too easy to guess"):
        auth.redeem_code(db, username="sam", code=code, new_password="password12", now=NOON)
    with pytest.raises(auth.SignInRefused, match="expire"):
        auth.redeem_code(db, username="sam", code=code, new_password="my own new passphrase", now=NOON + auth.CODE_LIFETIME + dt.timedelta(minutes=1))
    assert db.get(User, sam.id).athlete_id is None


def test_only_an_admin_issues_codes(db, admin_and_profile):
    admin, profile = admin_and_profile
    coach = auth.create_account(db, username="coach", password=PASSWORD, roles={Role.COACH})
    with pytest.raises(PermissionDenied):
        auth.issue_code(db, by_user_id=coach.id, user_id=coach.id, athlete_id=profile.id)


def test_an_admin_reset_issues_a_code_and_never_a_password(db, admin_and_profile):
    admin, profile = admin_and_profile
    sam = auth.create_account(db, username="sam", password=None)
    auth.redeem_code(db, username="sam", code=auth.issue_code(db, by_user_id=admin.id, user_id=sam.id, athlete_id=profile.id), new_password="my own new passphrase")
    epoch = db.get(User, sam.id).session_epoch
    reset = auth.issue_code(db, by_user_id=admin.id, user_id=sam.id)
    assert auth.authenticate(db, username="sam", password="my own new passphrase")  # still works until redeemed
    auth.redeem_code(db, username="sam", code=reset, new_password="a fresh start passphrase")
    assert not auth.still_signed_in(db, user_id=sam.id, epoch=epoch)
    assert auth.authenticate(db, username="sam", password="a fresh start passphrase")
    actions = [e.action for e in db.exec(select(AccessLog).where(AccessLog.athlete_id == profile.id).order_by(AccessLog.id)).all()]
    assert actions == ["claim code", "linked", "reset code", "password set"]


def test_wrong_codes_slow_down_like_wrong_passwords(db, admin_and_profile):
    auth.create_account(db, username="sam", password=None)
    for _ in range(auth.PAIR_DELAY[0]):
        with pytest.raises(auth.SignInRefused, match="codes work once"):
            auth.redeem_code(db, username="sam", code="AAAA-BBBB-CCCC-DDDD", new_password="my own new passphrase", client="10.0.0.1", now=NOON)
    with pytest.raises(auth.SignInRefused, match="Try again in"):
        auth.redeem_code(db, username="sam", code="AAAA-BBBB-CCCC-DDDD", new_password="my own new passphrase", client="10.0.0.1", now=NOON)

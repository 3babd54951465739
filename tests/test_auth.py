"""Accounts: Argon2id hashing, first-account admin, throttling, no user enumeration, sign-out everywhere."""

import datetime as dt

import pytest
from sqlmodel import select

from tracker import auth
from tracker.errors import ValidationError
from tracker.models import LoginAttempt, Role, User

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
    [("ab", PASSWORD, "username"), ("has space", PASSWORD, "username"), ("sam", "short", "password"), ("longname1", "LongName1 ", "password")],
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


def test_five_failures_throttle_the_username_even_with_the_right_password(db):
    auth.create_account(db, username="sam", password=PASSWORD)
    now = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)
    for minute in range(auth.MAX_FAILURES):
        with pytest.raises(auth.SignInRefused):
            auth.authenticate(db, username="sam", password="guess guess guess", now=now + dt.timedelta(minutes=minute))
    with pytest.raises(auth.SignInRefused, match="Too many failed sign-ins"):
        auth.authenticate(db, username="sam", password=PASSWORD, now=now + dt.timedelta(minutes=5))
    # An unknown name is throttled the same way, so throttling does not reveal accounts either.
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(auth.SignInRefused):
            auth.authenticate(db, username="ghost", password="x" * 12, now=now)
    with pytest.raises(auth.SignInRefused, match="Too many failed sign-ins"):
        auth.authenticate(db, username="ghost", password="x" * 12, now=now)
    # After the window the right password works again.
    assert auth.authenticate(db, username="sam", password=PASSWORD, now=now + auth.THROTTLE_WINDOW + dt.timedelta(minutes=5))


def test_every_attempt_is_recorded(db):
    auth.create_account(db, username="sam", password=PASSWORD)
    auth.authenticate(db, username="sam", password=PASSWORD)
    with pytest.raises(auth.SignInRefused):
        auth.authenticate(db, username="sam", password="wrong wrong wrong")
    assert [a.succeeded for a in db.exec(select(LoginAttempt).order_by(LoginAttempt.id)).all()] == [True, False]


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

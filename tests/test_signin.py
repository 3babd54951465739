"""The sign-in routes (tracker.signin) over real HTTP through Starlette's test client."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tests.club import claimed_account
from tracker import auth, signin, store
from tracker.db import URL_VARIABLE

PASSWORD = "correct horse battery"


@pytest.fixture
def world(monkeypatch, engine, database_url):
    monkeypatch.setenv(URL_VARIABLE, database_url)
    with Session(engine) as db:
        admin = auth.create_account(db, username="admin", password=PASSWORD, roles=set())
        profile = store.create_athlete(db, data={"name": "Sam"})
        claimed_account(db, admin_id=admin.id, username="sam", athlete_id=profile.id, password=PASSWORD)
        waiting = auth.create_account(db, username="newbie", password=None)
        code = auth.issue_code(db, by_user_id=admin.id, user_id=waiting.id)
    return code


def client(base_url: str = "http://tracker.test") -> TestClient:
    return TestClient(Starlette(routes=signin.routes()), base_url=base_url, follow_redirects=False)


def notice_of(engine, response) -> str | None:
    assert response.status_code == 303
    query = parse_qs(urlsplit(response.headers["location"]).query)
    return signin.notice(engine, query.get("notice", [None])[0])


def test_signing_in_sets_a_signed_httponly_samesite_cookie(engine, world):
    response = client().post(signin.SIGN_IN, data={"username": "Sam", "password": PASSWORD})
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{signin.COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert f"Max-Age={int(signin.MAX_AGE.total_seconds())}" in cookie and "Secure" not in cookie
    token = response.cookies[signin.COOKIE]
    with Session(engine) as db:
        assert signin.user_for_token(db, token) is not None
        assert signin.user_for_token(db, token[:-2] + "xx") is None  # tampered
        assert signin.user_for_token(db, "not a token") is None


def test_over_https_the_cookie_is_secure(world):
    response = client("https://tracker.test").post(signin.SIGN_IN, data={"username": "sam", "password": PASSWORD})
    assert "Secure" in response.headers["set-cookie"]


def test_a_wrong_password_and_an_unknown_user_come_back_with_the_same_signed_message(engine, world):
    wrong = client().post(signin.SIGN_IN, data={"username": "sam", "password": "not the password at all"})
    unknown = client().post(signin.SIGN_IN, data={"username": "nobody", "password": "not the password at all"})
    assert notice_of(engine, wrong) == notice_of(engine, unknown) == auth.SIGN_IN_FAILED
    assert signin.COOKIE not in wrong.cookies
    assert signin.notice(engine, "a message someone made up") is None  # a link cannot make the page say anything


def test_a_post_from_another_site_is_refused(world):
    response = client().post(signin.SIGN_IN, data={"username": "sam", "password": PASSWORD}, headers={"origin": "https://evil.example"})
    assert response.status_code == 403 and signin.COOKIE not in response.cookies


def test_an_expired_cookie_signs_nobody_in(monkeypatch, engine, world):
    token = client().post(signin.SIGN_IN, data={"username": "sam", "password": PASSWORD}).cookies[signin.COOKIE]
    monkeypatch.setattr(signin, "MAX_AGE", dt.timedelta(seconds=-1))
    with Session(engine) as db:
        assert signin.user_for_token(db, token) is None


def test_sign_out_clears_the_cookie_and_everywhere_ends_every_other_browser(engine, world):
    first, second = client(), client()
    first.post(signin.SIGN_IN, data={"username": "sam", "password": PASSWORD})
    second.post(signin.SIGN_IN, data={"username": "sam", "password": PASSWORD})
    kept = second.cookies[signin.COOKIE]
    out = first.post(signin.SIGN_OUT)
    assert out.status_code == 303 and f'{signin.COOKIE}=""' in out.headers["set-cookie"]
    with Session(engine) as db:
        assert signin.user_for_token(db, kept) is not None  # signing out here leaves the other browser
    first.post(signin.SIGN_IN, data={"username": "sam", "password": PASSWORD})
    first.post(signin.SIGN_OUT_EVERYWHERE)
    with Session(engine) as db:
        assert signin.user_for_token(db, kept) is None


def test_a_code_is_redeemed_with_the_persons_own_password_and_signs_them_in(engine, world):
    code = world
    differ = client().post(signin.REDEEM, data={"username": "newbie", "code": code, "password": "my own new passphrase", "repeat": "typo"})
    assert "differ" in notice_of(engine, differ)
    weak = client().post(signin.REDEEM, data={"username": "newbie", "code": code, "password": "password12", "repeat": "password12"})
    assert "too easy to guess" in notice_of(engine, weak)
    done = client().post(signin.REDEEM, data={"username": "newbie", "code": code, "password": "my own new passphrase", "repeat": "my own new passphrase"})
    assert done.headers["location"] == "/" and signin.COOKIE in done.cookies
    again = client().post(signin.REDEEM, data={"username": "newbie", "code": code, "password": "another passphrase here", "repeat": "another passphrase here"})
    assert notice_of(engine, again) == auth.CODE_FAILED

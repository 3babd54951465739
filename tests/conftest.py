"""Shared fixtures: every test that needs a database gets a real SQLite file of its own."""

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import Session

from tracker import store
from tracker.db import open_engine

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tracker.db'}"


@pytest.fixture
def engine(database_url: str):
    engine = open_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine):
    with Session(engine) as session:
        yield session


@pytest.fixture
def athlete(db):
    return store.create_athlete(db, data={"name": "Sam Lifter", "unit": "kg", "birth_year": 1995})


def days_ago(days: int) -> dt.date:
    return dt.date.today() - dt.timedelta(days=days)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """Argon2id with a tiny memory cost: the same algorithm and format at a fraction of the
    time, so tests that create accounts stay fast. Production keeps pwdlib's recommended cost."""
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    from tracker import auth

    quick = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    monkeypatch.setattr(auth, "PASSWORDS", quick)
    monkeypatch.setattr(auth, "_DUMMY_HASH", quick.hash("not a real password"))

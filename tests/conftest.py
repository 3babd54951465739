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


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory):
    """`demo_database(today)` → the URL of a fresh copy of the demo built for `today`.

    The demo (six athletes, six months) is built once per date for the whole run and copied
    with SQLite's backup API for each caller, so a module can write to its copy freely.
    """
    from tracker.backup import _copy
    from tracker.demo import build_demo

    templates: dict[dt.date, Path] = {}

    def copy(today: dt.date | None = None) -> str:
        today = today or dt.date.today()
        if today not in templates:
            path = tmp_path_factory.mktemp("demo-template") / "demo.db"
            engine = open_engine(f"sqlite:///{path}")
            with Session(engine) as db:
                build_demo(db, today=today)
            engine.dispose()
            templates[today] = path
        target = tmp_path_factory.mktemp("demo") / "demo.db"
        _copy(templates[today], target)
        return f"sqlite:///{target}"

    return copy

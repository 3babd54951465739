"""Shared fixtures: every test that needs a database gets a real one of its own — a SQLite
file, or with TRACKER_TEST_DATABASE_URL set a fresh database on that PostgreSQL server
(`tests/databases.py`). Tests that only make sense on SQLite carry `@pytest.mark.sqlite_only(reason)`."""

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import Session

from tests import clock
from tests.databases import make_databases, test_backend
from tracker import store
from tracker.db import open_engine

SHARED = Path(__file__).resolve().parents[2] / "shared"
_CLOCK = pytest.StashKey[clock.time_machine.travel]()


def pytest_configure(config: pytest.Config) -> None:
    # Before any test module is imported: their "today" and the product's must be the same day.
    config.stash[_CLOCK] = clock.hold()


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_CLOCK, None)
    if traveller is not None:
        traveller.stop()


def pytest_runtest_setup(item: pytest.Item) -> None:
    marker = item.get_closest_marker("sqlite_only")
    if marker is not None and test_backend() != "sqlite":
        reason = marker.args[0] if marker.args else marker.kwargs.get("reason", "")
        pytest.skip(f"SQLite only: {reason}")


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    """Makes, copies and drops the run's databases (SQLite files or PostgreSQL databases)."""
    made = make_databases(tmp_path_factory)
    yield made
    made.close()


@pytest.fixture
def new_database_url(databases):
    """`new_database_url()` → the URL of another fresh, empty database, dropped after the test."""
    urls: list[str] = []

    def new() -> str:
        urls.append(databases.new())
        return urls[-1]

    yield new
    for url in urls:
        databases.drop(url)


@pytest.fixture
def database_url(new_database_url) -> str:
    """The URL of a fresh, empty database for this test: the one place tests get a database from."""
    return new_database_url()


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
def demo_database(databases):
    """`demo_database(today)` → the URL of a fresh copy of the demo built for `today`.

    The demo (six athletes, six months) is built once per date for the whole run and copied
    for each caller (SQLite's backup API, or PostgreSQL's `CREATE DATABASE … TEMPLATE`), so a
    module can write to its copy freely.
    """
    from tracker.demo import build_demo

    templates: dict[dt.date, str] = {}

    def copy(today: dt.date | None = None) -> str:
        today = today or dt.date.today()
        if today not in templates:
            url = databases.new()
            engine = open_engine(url)
            with Session(engine) as db:
                build_demo(db, today=today)
            engine.dispose()
            templates[today] = url
        return databases.copy(templates[today])

    return copy

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

"""Opening the database: migrations from base to head, SQLite settings, the default location."""

import sqlite3

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import Session, SQLModel, select

from tracker import db as tracker_db
from tracker.catalogue import CATALOGUE
from tracker.models import Exercise

TABLES = {"athlete", "exercise", "training_session", "exercise_set", "pain_entry", "alembic_version"}


def test_upgrade_from_base_to_head_creates_every_table(database_url):
    engine = tracker_db.create_db_engine(database_url)
    assert tracker_db.current_revision(engine) is None
    assert inspect(engine).get_table_names() == []

    tracker_db.upgrade(engine)

    assert set(inspect(engine).get_table_names()) == TABLES
    assert tracker_db.current_revision(engine) == tracker_db.head_revision()


def test_migrated_schema_matches_the_models(database_url):
    engine = tracker_db.create_db_engine(database_url)
    tracker_db.upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_downgrade_to_base_removes_the_tables(database_url):
    engine = tracker_db.create_db_engine(database_url)
    tracker_db.upgrade(engine)
    tracker_db.upgrade(engine, "head")  # a second upgrade is a no-op
    from alembic import command

    config = tracker_db.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}


def test_open_engine_migrates_and_seeds_the_catalogue_once(database_url):
    tracker_db.open_engine(database_url).dispose()
    engine = tracker_db.open_engine(database_url)  # opening again must not duplicate anything
    with Session(engine) as db:
        names = db.exec(select(Exercise.name)).all()
    assert len(names) == len(CATALOGUE)
    assert tracker_db.current_revision(engine) == tracker_db.head_revision()


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(engine):
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == tracker_db.SQLITE_BUSY_TIMEOUT_MS


def test_foreign_keys_are_back_on_after_a_migration(database_url):
    engine = tracker_db.create_db_engine(database_url)
    tracker_db.upgrade(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_database_url_defaults_to_data_folder_and_honours_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(tracker_db.URL_VARIABLE, raising=False)
    assert tracker_db.database_url() == f"sqlite:///{tracker_db.PROJECT_ROOT / 'data' / 'tracker.db'}"
    monkeypatch.setenv(tracker_db.URL_VARIABLE, f"sqlite:///{tmp_path / 'elsewhere.db'}")
    engine = tracker_db.open_engine()
    assert engine.url.database == str(tmp_path / "elsewhere.db")
    assert (tmp_path / "elsewhere.db").exists()


def test_missing_parent_folder_is_created(tmp_path):
    path = tmp_path / "new" / "folder" / "tracker.db"
    tracker_db.open_engine(f"sqlite:///{path}").dispose()
    tables = {row[0] for row in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert TABLES <= tables

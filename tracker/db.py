"""Opening the database: where it lives, SQLite settings, and upgrading it on open.

`open_engine()` is the one way in for the CLI, the dashboard and the tests: it applies any
pending Alembic migration and tops up the exercise catalogue, so a fresh clone needs no
manual database step. Several processes may open a new database at once (a club's several
`streamlit run` processes, three CLI commands): migrate-and-seed runs under a lock — a
PostgreSQL advisory lock, or a lock file beside a SQLite database — so one does the work and
the others find it done.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from filelock import FileLock
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

from tracker.bootstrap import ensure_catalogue
from tracker.files import create_private

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = PROJECT_ROOT / "data" / "tracker.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
URL_VARIABLE = "TRACKER_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 10_000
#: Key of the PostgreSQL advisory lock held while a process migrates and seeds: any number
#: unique to this application (these are the ASCII bytes of "tracker").
MIGRATION_LOCK_KEY = 0x7472_6163_6B65_72
#: How long a process waits for another to finish migrating a SQLite database.
MIGRATION_LOCK_TIMEOUT_S = 300


def database_url() -> str:
    """TRACKER_DATABASE_URL if set (any SQLAlchemy URL), else data/tracker.db in the project."""
    return os.environ.get(URL_VARIABLE) or f"sqlite:///{DEFAULT_DATABASE}"


def _is_sqlite(engine_or_url: Engine | str) -> bool:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    return url.get_backend_name() == "sqlite"


def _configure_sqlite(dbapi_connection, _record) -> None:
    """WAL lets the dashboard read while a write is in flight; foreign keys make cascades real."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_db_engine(url: str | None = None) -> Engine:
    """An engine for `url` (default `database_url()`), without touching the schema."""
    url = url or database_url()
    if not _is_sqlite(url):
        return create_engine(url, pool_pre_ping=True)
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        # Owner-only (0600) before SQLite opens it; SQLite gives its -wal and -shm files the
        # same mode. Whoever can read this file can read every athlete.
        create_private(Path(database).expanduser())
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _configure_sqlite)
    return engine


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def foreign_keys_off(connection: Connection) -> Iterator[None]:
    """SQLite foreign keys off for the block (outside any transaction, where SQLite honours it).

    Batch migrations rebuild SQLite tables by copy, drop and rename; with foreign keys on,
    dropping the old table would cascade-delete every child row.
    """
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    try:
        yield
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to `revision` on this engine's database."""
    config = alembic_config()
    with engine.connect() as connection, foreign_keys_off(connection):
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Hold the lock that serialises migrate-and-seed across processes on this database."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})")
            try:
                yield
            finally:
                connection.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})")
        return
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        yield  # nothing another process could open at the same time
        return
    with FileLock(f"{Path(database).expanduser()}.lock", timeout=MIGRATION_LOCK_TIMEOUT_S):
        yield


def open_engine(url: str | None = None) -> Engine:
    """An engine on an up-to-date database with the exercise catalogue in place."""
    engine = create_db_engine(url)
    with migration_lock(engine):
        if current_revision(engine) != head_revision():
            upgrade(engine)
        with Session(engine) as db:
            ensure_catalogue(db)
    return engine

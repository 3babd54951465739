"""A consistent copy of the SQLite database while the app may be running, and a checked restore.

SQLite's online backup API copies page by page under its own locking, so a backup taken while
the dashboard writes is still a consistent snapshot. For PostgreSQL use its own tools instead:
`pg_dump --format=custom --file tracker.dump "$DATABASE"` and
`pg_restore --clean --if-exists --dbname "$DATABASE" tracker.dump`.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from tracker.db import alembic_config, create_db_engine, current_revision, upgrade
from tracker.errors import TrackerError

log = logging.getLogger(__name__)

REQUIRED_TABLES = {"alembic_version", "athlete", "training_session", "exercise_set", "pain_entry"}


def _sqlite_path(engine: Engine) -> Path:
    if engine.url.get_backend_name() != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        raise TrackerError("backup and restore work on a SQLite file; for PostgreSQL use pg_dump and pg_restore (see README)")
    return Path(engine.url.database)


def _copy(source: Path, destination: Path) -> None:
    """Copy one SQLite database into another with the online backup API, closing both."""
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(destination)) as target:
        origin.backup(target)


def backup(engine: Engine, destination: Path) -> Path:
    """Write a consistent copy of the database to `destination` (which must not exist)."""
    source = _sqlite_path(engine)
    if destination.exists():
        raise TrackerError(f"backup: {destination} already exists; choose a new file name")
    destination.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, destination)
    return destination


def check_backup(path: Path) -> str:
    """The schema revision of a tracker backup file; refuses anything else with a reason."""
    if not path.is_file():
        raise TrackerError(f"restore: {path} is not a file")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone() if "alembic_version" in tables else None
    except sqlite3.DatabaseError:
        raise TrackerError(f"restore: {path.name} is not a SQLite database") from None
    if not REQUIRED_TABLES <= tables or revision is None:
        raise TrackerError(f"restore: {path.name} is not a tracker database (missing {', '.join(sorted(REQUIRED_TABLES - tables)) or 'a schema version'})")
    known = {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if revision[0] not in known:
        raise TrackerError(f"restore: {path.name} has schema version {revision[0]}, which this version of the tracker does not know (newer?)")
    return revision[0]


def restore(engine: Engine, source: Path) -> str:
    """Replace the database's contents with a checked backup, upgraded to the current schema.

    The backup is upgraded in a temporary copy first, so a failure leaves the live database as
    it was; the copy then replaces the live contents through the backup API (safe while the
    dashboard has the file open). Returns the revision the backup had.
    """
    revision = check_backup(source)
    live = _sqlite_path(engine)
    staging = live.with_name(live.name + ".restoring")
    staging.unlink(missing_ok=True)
    try:
        _copy(source, staging)
        staged = create_db_engine(f"sqlite:///{staging}")
        upgrade(staged)
        staged.dispose()
        _copy(staging, live)
    finally:
        staging.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(staging) + suffix).unlink(missing_ok=True)
    engine.dispose()  # pooled connections may hold the old schema cached
    if current_revision(engine) is None:  # pragma: no cover - defensive
        raise TrackerError("restore: the database has no schema version after restoring")
    log.info("restore: the database was replaced by a backup of schema %s (upgraded to the current one)", revision)
    return revision

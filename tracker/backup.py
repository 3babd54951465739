"""A consistent copy of the SQLite database while the app may be running, and a checked restore.

SQLite's online backup API copies page by page under its own locking, so a backup taken while
the dashboard writes is still a consistent snapshot. A backup is written under a temporary name
(readable by its owner only) and renamed into place when complete, so a backup killed half-way
leaves no file under the name asked for.

A restore trusts nothing in the file but its rows: it copies the rows of the tracker's own
tables into a freshly migrated database, and reports whatever else the file held (triggers,
views, other tables or columns) as left out — a trigger hidden in a backup must not run later.

For PostgreSQL use its own tools instead:
`pg_dump --format=custom --file tracker.dump "$DATABASE"` and
`pg_restore --clean --if-exists --dbname "$DATABASE" tracker.dump`.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlmodel import SQLModel

import tracker.models  # noqa: F401 - the tables the metadata must know
from tracker.db import alembic_config, create_db_engine, current_revision, upgrade
from tracker.errors import TrackerError
from tracker.files import create_private, partial_name, publish

log = logging.getLogger(__name__)

REQUIRED_TABLES = {"alembic_version", "athlete", "training_session", "exercise_set", "pain_entry"}


def _sqlite_path(engine: Engine) -> Path:
    if engine.url.get_backend_name() != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        raise TrackerError("backup and restore work on a SQLite file; for PostgreSQL use pg_dump and pg_restore (see README)")
    return Path(engine.url.database)


def _copy(source: Path, destination: Path) -> None:
    """Copy one SQLite database into another with the online backup API, closing both; the
    destination is made owner-only (0600) first."""
    create_private(destination)
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(destination)) as target:
        origin.backup(target)


def backup(engine: Engine, destination: Path) -> Path:
    """Write a consistent copy of the database to `destination` (which must not exist)."""
    source = _sqlite_path(engine)
    if destination.exists():
        raise TrackerError(f"backup: {destination} already exists; choose a new file name")
    try:
        return publish(lambda partial: _copy(source, partial), destination)
    except FileExistsError:
        raise TrackerError(f"backup: {destination} already exists; choose a new file name") from None


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


@dataclass(frozen=True)
class Restored:
    revision: str  # the schema version the backup had (it is upgraded to the current one)
    left_out: list[str] = field(default_factory=list)  # what the file held that is not the tracker's

    def describe(self, source: Path) -> str:
        text = f"restored {source} (schema {self.revision}, upgraded to the current one)"
        return text + (f"; left out what is not the tracker's own: {', '.join(self.left_out)}" if self.left_out else "")


def _foreign_objects(connection: sqlite3.Connection) -> list[tuple[str, str]]:
    """(type, name) of every trigger and view, and every table the tracker does not define."""
    ours = set(SQLModel.metadata.tables) | {"alembic_version"}
    found = connection.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite_%'").fetchall()
    return [(kind, name) for kind, name in found if kind != "table" or name not in ours]


def _columns(connection: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f'PRAGMA {schema}.table_info("{table}")')]


def _rows_into_fresh_database(staged: Path, fresh: Path) -> list[str]:
    """Copy the rows of the tracker's tables from `staged` (already upgraded) into `fresh`
    (migrated from nothing); returns what was left out."""
    left_out: list[str] = []
    with closing(sqlite3.connect(fresh, isolation_level=None)) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("ATTACH DATABASE ? AS staged", (str(staged),))
        connection.execute("BEGIN")
        for table in SQLModel.metadata.sorted_tables:
            wanted = _columns(connection, "main", table.name)
            present = _columns(connection, "staged", table.name)
            left_out += [f"column {table.name}.{name}" for name in present if name not in wanted]
            shared = ", ".join(f'"{name}"' for name in wanted if name in present)
            connection.execute(f'DELETE FROM main."{table.name}"')  # anything a migration seeded
            if shared:
                connection.execute(f'INSERT INTO main."{table.name}" ({shared}) SELECT {shared} FROM staged."{table.name}"')
        broken = connection.execute("PRAGMA main.foreign_key_check").fetchall()
        if broken:
            connection.execute("ROLLBACK")
            tables = sorted({row[0] for row in broken})
            raise TrackerError(f"restore: the backup's rows point at rows that are not there (in {', '.join(tables)}); nothing was changed")
        connection.execute("COMMIT")
        connection.execute("DETACH DATABASE staged")
    return left_out


def restore(engine: Engine, source: Path) -> Restored:
    """Replace the database's contents with the rows of a checked backup, upgraded to the
    current schema, in a freshly migrated database; triggers, views and tables that are not
    the tracker's are left out and named.

    All the work happens in temporary copies, so a failure (or a kill) leaves the live database
    as it was; the result then replaces the live contents through the backup API (safe while
    the dashboard has the file open).
    """
    revision = check_backup(source)
    live = _sqlite_path(engine)
    staging, fresh = partial_name(live.with_name(live.name + ".restoring")), partial_name(live.with_name(live.name + ".restored"))
    try:
        _copy(source, staging)
        with closing(sqlite3.connect(staging, isolation_level=None)) as connection:
            foreign = _foreign_objects(connection)
            for kind, name in foreign:  # before any migration runs on the copy
                connection.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
        for path in (staging, fresh):
            migrated = create_db_engine(f"sqlite:///{path}")
            upgrade(migrated)
            migrated.dispose()
        left_out = [f"{kind} {name}" for kind, name in foreign] + _rows_into_fresh_database(staging, fresh)
        _copy(fresh, live)
    finally:
        for path in (staging, fresh):
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(path) + suffix).unlink(missing_ok=True)
    engine.dispose()  # pooled connections may hold the old schema cached
    if current_revision(engine) is None:  # pragma: no cover - defensive
        raise TrackerError("restore: the database has no schema version after restoring")
    log.info("restore: the database was replaced by a backup of schema %s (upgraded to the current one)", revision)
    return Restored(revision, left_out)

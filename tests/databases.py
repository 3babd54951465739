"""Where the tests' databases live: a SQLite file each by default, or a database each on the
PostgreSQL server that TRACKER_TEST_DATABASE_URL names (CI runs the suite both ways).

TRACKER_TEST_DATABASE_URL is the URL of a database the tests may connect to as a user who
may create databases, e.g. `postgresql+psycopg://postgres@/postgres?host=/tmp/pg&port=5439`;
every test database is created beside it and dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url
from sqlalchemy.pool import NullPool

TEST_URL_VARIABLE = "TRACKER_TEST_DATABASE_URL"


def test_backend() -> str:
    """"postgresql" when the tests run on a PostgreSQL server, else "sqlite"."""
    url = os.environ.get(TEST_URL_VARIABLE)
    return make_url(url).get_backend_name() if url else "sqlite"


test_backend.__test__ = False  # a helper, not a test


class SQLiteDatabases:
    """Each database a fresh file in pytest's temporary folder; copies use SQLite's backup API."""

    backend = "sqlite"

    def __init__(self, tmp_path_factory: pytest.TempPathFactory):
        self._folders = tmp_path_factory

    def new(self) -> str:
        return f"sqlite:///{self._folders.mktemp('db') / 'tracker.db'}"

    def copy(self, url: str) -> str:
        from tracker.backup import _copy

        target = self.new()
        _copy(Path(make_url(url).database), Path(make_url(target).database))
        return target

    def drop(self, url: str) -> None:
        """Files go with pytest's temporary folders."""

    def close(self) -> None:
        pass


class PostgresDatabases:
    """Each database created on the server (`CREATE DATABASE … TEMPLATE` for copies, which
    PostgreSQL makes by copying files: far quicker than rebuilding) and dropped when done."""

    backend = "postgresql"

    def __init__(self, server_url: str):
        self._server = make_url(server_url)
        self._admin = create_engine(self._server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self._made: set[str] = set()

    def _create(self, template: str | None = None) -> str:
        name = f"tracker_test_{uuid.uuid4().hex[:12]}"
        with self._admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self._made.add(name)
        return self._server.set(database=name).render_as_string(hide_password=False)

    def new(self) -> str:
        return self._create()

    def copy(self, url: str) -> str:
        """A copy of `url`'s database; nobody may be connected to it (dispose its engines first)."""
        return self._create(template=make_url(url).database)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self._admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._made.discard(name)

    def close(self) -> None:
        for name in list(self._made):
            self.drop(self._server.set(database=name).render_as_string(hide_password=False))
        self._admin.dispose()


def make_databases(tmp_path_factory: pytest.TempPathFactory) -> SQLiteDatabases | PostgresDatabases:
    server_url = os.environ.get(TEST_URL_VARIABLE)
    if not server_url:
        return SQLiteDatabases(tmp_path_factory)
    if make_url(server_url).get_backend_name() != "postgresql":
        raise pytest.UsageError(f"{TEST_URL_VARIABLE} must be a postgresql:// URL (got {server_url!r})")
    return PostgresDatabases(server_url)

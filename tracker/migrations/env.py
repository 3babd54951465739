"""Alembic environment: runs on the connection tracker.db.upgrade hands it (batch mode for SQLite).

From the command line (`alembic -c alembic.ini revision --autogenerate -m "..."`) it opens
TRACKER_DATABASE_URL or data/tracker.db itself.
"""

from alembic import context
from sqlmodel import SQLModel

import tracker.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from tracker.db import create_db_engine, database_url

config = context.config
target_metadata = SQLModel.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
elif (shared := config.attributes.get("connection")) is not None:
    run_migrations(shared)
else:
    with create_db_engine().connect() as own_connection:
        run_migrations(own_connection)
        own_connection.commit()

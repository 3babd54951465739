"""The only place the library meets Streamlit: the cached engine and a database session helper.

Streamlit's guidance: cache the engine (a resource shared by every user and rerun) with
`st.cache_resource`, and open a fresh `Session` per use — never cache a Session or ORM object.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy import Engine
from sqlmodel import Session

from tracker.db import database_url, open_engine


@st.cache_resource(show_spinner="Opening the database…")
def _engine_for(url: str) -> Engine:
    return open_engine(url)


def get_engine() -> Engine:
    """The engine for the configured database, opened (and migrated) once per process."""
    return _engine_for(database_url())


@contextmanager
def db_session() -> Iterator[Session]:
    with Session(get_engine()) as db:
        yield db

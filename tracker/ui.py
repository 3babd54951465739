"""The only place the library meets Streamlit: the cached engine, the athlete picker, and the
few pieces of drawing every page shares (advice card, field errors).

Streamlit's guidance: cache the engine (a resource shared by every user and rerun) with
`st.cache_resource`, and open a fresh `Session` per use — never cache a Session or ORM object.
Cached data is keyed on the athlete's `data_version`, so a write shows up on the next rerun.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy import Engine
from sqlmodel import Session

from tracker import store
from tracker.advice import DISCLAIMER, PHASE_TITLES, Advice
from tracker.db import database_url, open_engine
from tracker.errors import ValidationError
from tracker.models import Athlete
from tracker.triage import Level, Triage

ATHLETE_KEY = "athlete_id"


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


def pick_athlete(db: Session) -> Athlete | None:
    """The sidebar's athlete picker; remembers the choice for the browser session."""
    athletes = store.list_athletes(db)
    if not athletes:
        return None
    ids = [a.id for a in athletes]
    if st.session_state.get(ATHLETE_KEY) not in ids:
        st.session_state[ATHLETE_KEY] = ids[0]
    names = {a.id: a.name for a in athletes}
    st.sidebar.selectbox("Athlete", ids, format_func=names.get, key=ATHLETE_KEY)
    return next(a for a in athletes if a.id == st.session_state[ATHLETE_KEY])


def show_triage(triage: Triage) -> None:
    """The clinician message: red for emergency and urgent, amber for assess, green for none."""
    body = "\n".join([f"**{triage.headline}**", *(f"- {reason}" for reason in triage.reasons)])
    if triage.level == Level.EMERGENCY:
        st.error(body, icon=":material/emergency:")
    elif triage.level == Level.URGENT:
        st.error(body, icon=":material/warning:")
    elif triage.level == Level.ASSESS:
        st.warning(body, icon=":material/stethoscope:")
    else:
        st.success(body, icon=":material/check_circle:")


def show_advice(advice: Advice) -> None:
    """Triage, then each suggested phase with why / what to do / until when, then the disclaimer."""
    show_triage(advice.triage)
    for rank, phase in enumerate(advice.phases, start=1):
        cleared = " — once a clinician has cleared you" if phase.once_cleared else ""
        with st.container(border=True):
            st.markdown(f"**{rank}. {PHASE_TITLES[phase.phase]}**{cleared}")
            st.markdown("**Why**\n" + "\n".join(f"- {reason}" for reason in phase.reasons))
            st.markdown("**This week**\n" + "\n".join(f"- {action}" for action in phase.actions))
            st.markdown(f"**Until** {phase.until}")
    for note in advice.notes:
        st.info(note)
    st.caption(DISCLAIMER)


def problems_of(error: ValidationError) -> dict[str, str]:
    return {problem.field: problem.message for problem in error.problems}


def field_error(problems: dict[str, str] | None, *fields: str) -> None:
    """Show, just under a widget, the message for any of `fields` that was refused."""
    for field in fields:
        if problems and field in problems:
            st.error(problems[field])


@st.cache_data(show_spinner="Working out your trends…", max_entries=64)
def cached_trends(url: str, athlete_id: int, data_version: int, settings_key: str, start, end, metric: str, lifts: tuple[str, ...] | None):
    """`tracker.views.trends_view`, rebuilt only when the athlete's data or the thresholds change
    (`data_version` and `settings_key` are in the key for that reason)."""
    from tracker.views import trends_view

    with Session(_engine_for(url)) as db:
        return trends_view(db, athlete_id=athlete_id, start=start, end=end, metric=metric, lifts=list(lifts) if lifts is not None else None)

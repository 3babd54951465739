"""Availability: whether an athlete may train fully, with a restriction, or not at all.

A physio (or, without one, the coach) sets it with a date from which it holds; "modified"
carries a one-line note of what to leave out ("no heavy hinging"). Every decision is a new
row, so the history is kept whole: the state on a date is the latest decision effective by
then. Who may set or read it is decided in `tracker.access` (`set_availability`,
`availability`); these functions trust their caller.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlmodel import Session, col, select

from tracker import store
from tracker.errors import ValidationError
from tracker.models import Availability, User
from tracker.schemas import AvailabilityIn, validate
from tracker.vocab import AvailabilityStatus

HISTORY_COLUMNS = ["effective_on", "status", "note", "set_by", "set_at"]
#: Columns `with_availability` adds to a roster frame.
ROSTER_COLUMNS = ["availability", "availability_note", "availability_since"]


def set_availability(db: Session, *, athlete_id: int, data: AvailabilityIn | dict[str, Any], set_by: int | None) -> Availability:
    """Record a decision (never edits an earlier one), in one transaction."""
    decision = validate(AvailabilityIn, data)
    if decision.status == AvailabilityStatus.MODIFIED and not decision.note:
        raise ValidationError.single("note", "note: say in one line what to leave out (e.g. “no heavy hinging”)")
    store.get_athlete(db, athlete_id=athlete_id)
    row = Availability(athlete_id=athlete_id, status=decision.status, note=decision.note, effective_on=decision.effective_on, set_by=set_by)
    with store._transaction(db):
        db.add(row)
        store.mark_changed(db, athlete_id)
    db.refresh(row)
    return row


def availability_history(db: Session, *, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """Every decision, newest first: effective_on (date), status, note, set_by (username, or
    "" for the local user), set_at (UTC). With `start`/`end`, the decisions in force at some
    point in those dates (the one already in force on `start` included)."""
    query = (
        select(Availability.effective_on, Availability.status, Availability.note, User.username, Availability.set_at)
        .join(User, col(User.id) == Availability.set_by, isouter=True)
        .where(Availability.athlete_id == athlete_id)
        .order_by(col(Availability.effective_on).desc(), col(Availability.set_at).desc(), col(Availability.id).desc())
    )
    if end is not None:
        query = query.where(col(Availability.effective_on) <= end)
    rows = [(day, status, note, who or "", at) for day, status, note, who, at in db.exec(query).all()]
    if start is not None:
        before = [i for i, row in enumerate(rows) if row[0] <= start]
        rows = rows[: before[0] + 1] if before else rows
    return pd.DataFrame.from_records(rows, columns=HISTORY_COLUMNS)


def current(db: Session, *, athlete_ids: list[int], on: dt.date) -> dict[int, Availability]:
    """Each athlete's decision in force on `on` (athletes with none are left out)."""
    if not athlete_ids:
        return {}
    query = (
        select(Availability)
        .where(col(Availability.athlete_id).in_(athlete_ids), col(Availability.effective_on) <= on)
        .order_by(Availability.effective_on, Availability.set_at, Availability.id)
    )
    return {row.athlete_id: row for row in db.exec(query).all()}  # the latest wins


def with_availability(db: Session, roster: pd.DataFrame, *, on: dt.date) -> pd.DataFrame:
    """The roster frame with `ROSTER_COLUMNS` joined on athlete_id ("" and None where unset)."""
    found = current(db, athlete_ids=[int(a) for a in roster["athlete_id"]], on=on)
    extra = pd.DataFrame(
        [(a, found[a].status, found[a].note or "", found[a].effective_on) if a in found else (a, "", "", None) for a in (int(x) for x in roster["athlete_id"])],
        columns=["athlete_id", *ROSTER_COLUMNS],
    )
    return roster.drop(columns=[c for c in ROSTER_COLUMNS if c in roster]).merge(extra, on="athlete_id", how="left")


def describe(status: str, note: str | None) -> str:
    """"modified — no heavy hinging", "unavailable", or "not set"."""
    if not status:
        return "not set"
    return f"{status} — {note}" if note else status

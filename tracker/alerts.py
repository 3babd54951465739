"""Roster alert badges: what changed for an athlete since this coach last looked.

Three alerts, each from what a coach may see (triage level, pain score, phase — no clinical
detail): **new flag** (the triage level rose), **new pain ≥ 5** (a pain report scoring 5 or
more arrived), **entered reduce** (the reduce phase is suggested and was not). What was seen
is stored per coach and athlete (`RosterSeen`) when the coach opens the athlete or marks the
roster seen, which clears the badges. A first look compares against nothing seen: a flag or
reduce phase already there is new to that coach.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, col, select

from tracker.models import PainEntry, RosterSeen

NEW_FLAG, NEW_PAIN, ENTERED_REDUCE = "new flag", "new pain ≥ 5", "entered reduce"
PAIN_ALERT_FROM = 5


def _seen(db: Session, viewer_id: int | None, athlete_ids: list[int]) -> dict[int, RosterSeen]:
    query = select(RosterSeen).where(col(RosterSeen.athlete_id).in_(athlete_ids))
    query = query.where(col(RosterSeen.viewer_id).is_(None) if viewer_id is None else RosterSeen.viewer_id == viewer_id)
    return {row.athlete_id: row for row in db.exec(query).all()}


def _newest_pain(db: Session, athlete_ids: list[int], on: dt.date, *, at_least: int = 0) -> dict[int, int]:
    """The id of each athlete's newest pain entry up to `on` scoring at least `at_least`."""
    query = (
        select(PainEntry.athlete_id, func.max(PainEntry.id))
        .where(col(PainEntry.athlete_id).in_(athlete_ids), PainEntry.recorded_at <= dt.datetime.combine(on, dt.time.max), PainEntry.pain >= at_least)
        .group_by(PainEntry.athlete_id)
    )
    return dict(db.exec(query).all())


def _in_reduce(phases: str) -> bool:
    return "reduce" in [name.strip() for name in str(phases).split(",")]


def with_alerts(db: Session, roster: pd.DataFrame, *, viewer_id: int | None, on: dt.date) -> pd.DataFrame:
    """The roster frame with an `alerts` column (a list of alert names per athlete), joined on
    athlete_id. Needs the roster's `triage_rank` and `phases` columns."""
    ids = [int(a) for a in roster["athlete_id"]]
    seen = _seen(db, viewer_id, ids) if ids else {}
    painful = _newest_pain(db, ids, on, at_least=PAIN_ALERT_FROM) if ids else {}
    alerts = []
    for athlete_id, rank, phases in zip(ids, roster["triage_rank"], roster["phases"], strict=True):
        before = seen.get(athlete_id)
        found = []
        if int(rank) > (before.triage_rank if before else 0):
            found.append(NEW_FLAG)
        if painful.get(athlete_id, 0) > (before.last_pain_id if before else 0):
            found.append(NEW_PAIN)
        if _in_reduce(phases) and not (before.in_reduce if before else False):
            found.append(ENTERED_REDUCE)
        alerts.append(found)
    extra = pd.DataFrame({"athlete_id": ids, "alerts": alerts})
    return roster.drop(columns=["alerts"], errors="ignore").merge(extra, on="athlete_id", how="left")


def mark_seen(db: Session, roster: pd.DataFrame, *, viewer_id: int | None, athlete_ids: list[int], on: dt.date) -> None:
    """Remember what the viewer now sees of these athletes (their roster rows), clearing badges."""
    rows = roster[roster["athlete_id"].isin(athlete_ids)]
    ids = [int(a) for a in rows["athlete_id"]]
    if not ids:
        return
    seen = _seen(db, viewer_id, ids)
    newest = _newest_pain(db, ids, on)
    for athlete_id, rank, phases in zip(ids, rows["triage_rank"], rows["phases"], strict=True):
        row = seen.get(athlete_id) or RosterSeen(viewer_id=viewer_id, athlete_id=athlete_id)
        row.sqlmodel_update(
            {"triage_rank": int(rank), "last_pain_id": newest.get(athlete_id, 0), "in_reduce": _in_reduce(phases), "seen_at": dt.datetime.now(dt.UTC)}
        )
        db.add(row)
    db.commit()

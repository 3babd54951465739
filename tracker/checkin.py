"""Storing and reading the weekly back check-in (scored by `tracker.science.ostrc`).

One check-in per athlete per calendar week (Monday to Sunday), stored in `WeeklyCheckin`.
Writes follow `tracker.store`: keyword-only functions over a SQLModel session `db`, one
transaction each, bumping the athlete's data version.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlmodel import Session, select

from tracker import store
from tracker.errors import ValidationError
from tracker.models import WeeklyCheckin
from tracker.science.ostrc import COLUMNS, KEYS, checked_answers, week_of


def record_checkin(db: Session, *, athlete_id: int, day: dt.date, answers: dict[str, int]) -> WeeklyCheckin:
    """Store the athlete's check-in for the week containing `day` (its Monday is `week_start`).

    One check-in per athlete per week: answering again in the same week replaces that week's
    answers (and its `recorded_at`) rather than adding a second row. A week after the current
    one is refused; earlier weeks may be filled in late. One transaction, which also bumps the
    athlete's data version.
    """
    scores = checked_answers(answers)
    if not isinstance(day, dt.date):
        raise ValidationError.single("day", f"day must be a date (got {day!r})")
    monday = week_of(day)
    if monday > week_of(dt.date.today()):
        raise ValidationError.single("day", f"day: the week of {monday.isoformat()} has not started yet; check in for this week or an earlier one")
    store.get_athlete(db, athlete_id=athlete_id)
    existing = db.exec(
        select(WeeklyCheckin).where(WeeklyCheckin.athlete_id == athlete_id, WeeklyCheckin.week_start == monday)
    ).first()
    checkin = existing or WeeklyCheckin(athlete_id=athlete_id, week_start=monday, **scores, severity=0)
    with store._transaction(db):
        checkin.sqlmodel_update({**scores, "severity": sum(scores.values()), "recorded_at": dt.datetime.now(dt.UTC)})
        db.add(checkin)
        store.mark_changed(db, athlete_id)
    db.refresh(checkin)
    return checkin


def checkins_frame(
    db: Session, *, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """One row per check-in, oldest week first: week_start (datetime64), the four scores, severity.

    `start`/`end` (inclusive) keep the weeks that overlap them: a `start` mid-week keeps that week.
    """
    query = select(*(getattr(WeeklyCheckin, name) for name in COLUMNS)).where(WeeklyCheckin.athlete_id == athlete_id)
    if start is not None:
        query = query.where(WeeklyCheckin.week_start >= week_of(start))
    if end is not None:
        query = query.where(WeeklyCheckin.week_start <= end)
    frame = pd.DataFrame.from_records(db.exec(query.order_by(WeeklyCheckin.week_start)).all(), columns=COLUMNS)
    frame["week_start"] = pd.to_datetime(frame["week_start"]).astype("datetime64[us]")
    return frame.astype(dict.fromkeys([*KEYS, "severity"], "int64"))


def checkin_due(db: Session, *, athlete_id: int, today: dt.date) -> bool:
    """True when the athlete has not checked in for `today`'s week yet (ask once a week)."""
    store.get_athlete(db, athlete_id=athlete_id)
    found = db.exec(
        select(WeeklyCheckin.id).where(WeeklyCheckin.athlete_id == athlete_id, WeeklyCheckin.week_start == week_of(today))
    ).first()
    return found is None

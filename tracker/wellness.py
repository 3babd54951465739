"""The optional daily wellness check: sleep, soreness, stress, mood and fatigue, once a day.

Six short answers after McLean et al.'s wellness questionnaire (sleep quality, muscle
soreness, stress, mood and fatigue on five-point scales; McLean BD et al., Int J Sports
Physiol Perform 2010;5:367-383) with hours slept, as intervals.icu and the DataFest rugby
sevens wellness file record them. Every answer is optional; one row per athlete per day, and
answering again that day replaces it.

The scales read the way people say them: sleep quality and mood 5 = very good; soreness,
stress and fatigue 5 = the worst. That is also how the older per-session fields on
`TrainingSession` (sleep_hours, sleep_quality, stress, soreness) were logged, so they are the
same answers: `wellness_frame` reads daily rows and, on days without one, the first session
of the day that carries any of them (source "session"). Nothing is copied; nothing is lost.

Soreness here is general muscle soreness. Back pain is not asked: it belongs to the pain
report after a session and the weekly OSTRC check-in (`tracker.science.ostrc`), which asks
about the low back over 7 days, and neither of those asks about sleep, stress, mood or
fatigue — so no question is asked twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlmodel import Session, col, select

from tracker import store
from tracker.errors import ValidationError
from tracker.models import TrainingSession, WellnessEntry
from tracker.schemas import WellnessIn, validate

ANSWERS = ("sleep_hours", "sleep_quality", "soreness", "stress", "mood", "fatigue")
COLUMNS = ["date", *ANSWERS, "source"]
#: The per-session fields that are the same answers, logged the older way.
SESSION_ANSWERS = ("sleep_hours", "sleep_quality", "stress", "soreness")


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    low: str  # what 1 means
    high: str  # what 5 means


QUESTIONS: tuple[Question, ...] = (
    Question("sleep_quality", "How well did you sleep?", "very poorly", "very well"),
    Question("soreness", "Muscle soreness (not back pain: report that after a session)", "none", "very sore"),
    Question("stress", "Stress", "very relaxed", "very stressed"),
    Question("mood", "Mood", "very low", "very good"),
    Question("fatigue", "Fatigue", "very fresh", "exhausted"),
)
LABELS = {"sleep_hours": "Sleep (hours)", **{q.key: q.key.replace("_", " ").capitalize() for q in QUESTIONS}}


def record_wellness(db: Session, *, athlete_id: int, data: WellnessIn | dict[str, Any], source: str = "manual") -> WellnessEntry:
    """Store the day's answers (replacing that day's earlier ones), in one transaction."""
    wellness_in = validate(WellnessIn, data)
    answers = wellness_in.model_dump(exclude={"date"})
    if all(value is None for value in answers.values()):
        raise ValidationError.single("answers", "answer at least one question (every one is optional, but not all at once)")
    store.get_athlete(db, athlete_id=athlete_id)
    entry = db.exec(select(WellnessEntry).where(WellnessEntry.athlete_id == athlete_id, WellnessEntry.date == wellness_in.date)).first()
    entry = entry or WellnessEntry(athlete_id=athlete_id, date=wellness_in.date)
    with store._transaction(db):
        entry.sqlmodel_update({**answers, "source": source, "recorded_at": dt.datetime.now(dt.UTC)})
        db.add(entry)
        store.mark_changed(db, athlete_id)
    db.refresh(entry)
    return entry


def answered_on(db: Session, *, athlete_id: int, day: dt.date) -> WellnessEntry | None:
    return db.exec(select(WellnessEntry).where(WellnessEntry.athlete_id == athlete_id, WellnessEntry.date == day)).first()


def wellness_frame(db: Session, *, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """One row per day with answers, oldest first: date (datetime64), the six answers (float,
    NaN = not answered) and source ("manual", "team", "native" or "session")."""
    query = select(WellnessEntry).where(WellnessEntry.athlete_id == athlete_id)
    if start is not None:
        query = query.where(col(WellnessEntry.date) >= start)
    if end is not None:
        query = query.where(col(WellnessEntry.date) <= end)
    daily = [{"date": e.date, **{name: getattr(e, name) for name in ANSWERS}, "source": e.source} for e in db.exec(query).all()]
    answered = {row["date"] for row in daily}
    fields = [getattr(TrainingSession, name) for name in SESSION_ANSWERS]
    sessions = select(TrainingSession.date, *fields).where(TrainingSession.athlete_id == athlete_id)
    sessions = sessions.where(col(fields[0]).is_not(None) | col(fields[1]).is_not(None) | col(fields[2]).is_not(None) | col(fields[3]).is_not(None))
    if start is not None:
        sessions = sessions.where(col(TrainingSession.date) >= start)
    if end is not None:
        sessions = sessions.where(col(TrainingSession.date) <= end)
    for day, *values in db.exec(sessions.order_by(TrainingSession.date, TrainingSession.start_time, TrainingSession.id)).all():
        if day not in answered:
            answered.add(day)
            daily.append({"date": day, **dict(zip(SESSION_ANSWERS, values, strict=True)), "source": "session"})
    frame = pd.DataFrame.from_records(daily, columns=COLUMNS).sort_values("date", kind="stable").reset_index(drop=True)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[us]")
    return frame.astype(dict.fromkeys(ANSWERS, float))


def wellness_figure(db: Session, *, athlete_id: int, start: dt.date, end: dt.date, metric: str = "srpe"):
    """The trends page's wellness chart: answers with daily load and pain scores over the dates.
    Access is the caller's (the trends page checks the viewer's TRAINING scope first)."""
    from tracker.charts import wellness_chart
    from tracker.science import load

    sessions = store.sessions_frame(db, athlete_id=athlete_id, start=start, end=end)
    used, _ = load.effective_metric(sessions, metric, start=start, end=end)
    daily = load.daily_load(sessions, used, start=start, end=end)
    pain = store.pain_frame(db, athlete_id=athlete_id, start=start, end=end)[["recorded_at", "pain"]]
    return wellness_chart(wellness_frame(db, athlete_id=athlete_id, start=start, end=end), daily, pain, metric_label=load.METRIC_LABELS[used])

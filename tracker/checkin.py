"""The weekly back-health check-in: four questions about the low back over the past 7 days.

Modelled on the Oslo Sports Trauma Research Center (OSTRC) questionnaire on health problems:

- Clarsen B, Myklebust G, Bahr R. Development and validation of a new method for the
  registration of overuse injuries in sports injury epidemiology: the Oslo Sports Trauma
  Research Centre (OSTRC) Overuse Injury Questionnaire. Br J Sports Med 2013;47:495-502.
- Clarsen B, Bahr R, Myklebust G, et al. Improved reporting of overuse injuries and health
  problems in sport: an update of the Oslo Sport Trauma Research Center questionnaires
  (OSTRC-H2). Br J Sports Med 2020;54:390-396.

How it is adapted here: the four OSTRC-H2 questions (participation, training volume,
performance, symptoms) are asked about one body area, the low back, "in the past 7 days",
in plain words. Each has four answers scored 0, 8, 17 and 25 as in OSTRC-H2, and the
severity score is their sum (0-100). A week counts as a *substantial* back problem as OSTRC
defines it: training volume or performance reduced to a moderate or major extent, or unable
to participate at all. It is a self-report for following one lifter over time, not a
diagnosis; the pain log and triage (tracker.triage) still cover red flags.

One check-in per athlete per calendar week (Monday to Sunday), stored in `WeeklyCheckin`.
Writes follow `tracker.store`: keyword-only functions over a SQLModel session `db`, one
transaction each, bumping the athlete's data version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from numbers import Integral
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from sqlmodel import Session, select

from tracker import store
from tracker.charts import COLOURS, _style, empty_figure
from tracker.errors import ValidationError
from tracker.models import WeeklyCheckin


@dataclass(frozen=True)
class Question:
    key: str  # the WeeklyCheckin column the score goes in
    text: str
    options: tuple[tuple[str, int], ...]  # (answer, score), from no problem to the worst

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(score for _, score in self.options)

    def label(self, score: int) -> str:
        """The answer that carries `score`."""
        return next(text for text, value in self.options if value == score)


SCORES = (0, 8, 17, 25)

QUESTIONS: tuple[Question, ...] = (
    Question(
        "participation",
        "In the past 7 days, have back problems made it hard to take part in your normal training or competition?",
        (
            ("Full participation without back problems", 0),
            ("Full participation, but with back problems", 8),
            ("Reduced participation due to back problems", 17),
            ("Could not participate due to back problems", 25),
        ),
    ),
    Question(
        "volume",
        "In the past 7 days, how much have you cut your training volume because of back problems?",
        (("No reduction", 0), ("To a minor extent", 8), ("To a moderate extent", 17), ("To a major extent", 25)),
    ),
    Question(
        "performance",
        "In the past 7 days, how much have back problems affected how well you trained or competed?",
        (("No effect", 0), ("To a minor extent", 8), ("To a moderate extent", 17), ("To a major extent", 25)),
    ),
    Question(
        "symptoms",
        "In the past 7 days, how much back pain or other back symptoms have you had?",
        (("No back pain", 0), ("Mild", 8), ("Moderate", 17), ("Severe", 25)),
    ),
)
KEYS = tuple(question.key for question in QUESTIONS)
COLUMNS = ["week_start", *KEYS, "severity"]

#: OSTRC's "substantial" problem: these answers or worse.
_SUBSTANTIAL_FROM = {"participation": 25, "volume": 17, "performance": 17}


def _checked(answers: dict[str, Any]) -> dict[str, int]:
    """The four scores as ints, or ValidationError naming the first bad question."""
    if not isinstance(answers, dict):
        raise ValidationError.single("answers", f"answers must map each of {', '.join(KEYS)} to a score")
    allowed = ", ".join(str(score) for score in SCORES)
    unknown = sorted(str(key) for key in answers if key not in KEYS)
    if unknown:
        raise ValidationError.single(unknown[0], f"{unknown[0]!r} is not a check-in question (questions: {', '.join(KEYS)})")
    scores = {}
    for question in QUESTIONS:
        if question.key not in answers or answers[question.key] is None:
            raise ValidationError.single(question.key, f"{question.key}: answer this question (score {allowed})")
        value = answers[question.key]
        if isinstance(value, bool) or not isinstance(value, Integral) or int(value) not in SCORES:
            raise ValidationError.single(question.key, f"{question.key}: score must be one of {allowed} (got {value!r})")
        scores[question.key] = int(value)
    return scores


def severity_score(answers: dict[str, int]) -> int:
    """The OSTRC severity score: the sum of the four scores, 0 (no problem) to 100."""
    return sum(_checked(answers).values())


def is_substantial(answers: dict[str, int]) -> bool:
    """True for a substantial back problem (OSTRC): training volume or performance reduced to a
    moderate or major extent, or could not participate at all."""
    scores = _checked(answers)
    return any(scores[key] >= threshold for key, threshold in _SUBSTANTIAL_FROM.items())


def week_of(day: dt.date) -> dt.date:
    """The Monday of `day`'s calendar week (a datetime counts by its date)."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return day - dt.timedelta(days=day.weekday())


def record_checkin(db: Session, *, athlete_id: int, day: dt.date, answers: dict[str, int]) -> WeeklyCheckin:
    """Store the athlete's check-in for the week containing `day` (its Monday is `week_start`).

    One check-in per athlete per week: answering again in the same week replaces that week's
    answers (and its `recorded_at`) rather than adding a second row. A week after the current
    one is refused; earlier weeks may be filled in late. One transaction, which also bumps the
    athlete's data version.
    """
    scores = _checked(answers)
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


# Chart -------------------------------------------------------------------------------------

WEEK_MS = 7 * 24 * 3600 * 1000
SUBSTANTIAL_LABEL = "substantial back problem"
OTHER_LABEL = "no substantial problem"


def severity_chart(checkins: pd.DataFrame) -> go.Figure:
    """Weekly severity (0-100) as bars, red for weeks with a substantial back problem."""
    # `checkins`: checkins_frame. Not modified.
    if checkins is None or checkins.empty:
        return empty_figure("No weekly check-ins yet: answer the four back questions once a week to see the trend.")
    rows = checkins.sort_values("week_start", kind="stable")
    substantial = pd.Series([is_substantial({key: int(row[key]) for key in KEYS}) for _, row in rows.iterrows()], index=rows.index)
    weeks = pd.to_datetime(rows["week_start"])

    fig = go.Figure()
    for flag, name, colour in ((False, OTHER_LABEL, COLOURS["acute"]), (True, SUBSTANTIAL_LABEL, COLOURS["danger"])):
        part = rows[substantial == flag]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=weeks[part.index],
                y=part["severity"].astype(int).to_numpy(),
                name=name,
                marker={"color": colour},
                width=0.8 * WEEK_MS,
                xperiod=WEEK_MS,
                xperiod0=weeks.iloc[0],
                xperiodalignment="middle",
                customdata=part[list(KEYS)].to_numpy(),
                hovertemplate=(
                    "severity %{y}/100 · participation %{customdata[0]}, volume %{customdata[1]}, "
                    "performance %{customdata[2]}, symptoms %{customdata[3]}"
                ),
            )
        )
    _style(fig, height=320)
    fig.update_yaxes(title_text="back severity (0–100)", range=[0, 100], tickvals=[0, 25, 50, 75, 100])
    fig.update_xaxes(hoverformat="week of %d %b %Y", tickformat="%d %b")
    return fig

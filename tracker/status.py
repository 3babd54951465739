"""An athlete's picture on one date — load figures, triage and phases — for the CLI and dashboard."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from sqlmodel import Session

from tracker import store
from tracker.models import Athlete
from tracker.science import load
from tracker.science.advice import Advice, AthleteHistory, advise
from tracker.science.load import ACUTE_DAYS, CHRONIC_DAYS
from tracker.science.settings import AdviceSettings
from tracker.science.triage import Clearance, Profile
from tracker.vocab import ScreenItem


@dataclass(frozen=True)
class LoadStatus:
    """Figures on `date` for one metric; NaN where there is not enough history to say."""

    athlete: str
    date: dt.date
    metric: str  # the metric computed with (see `metric_note` when it is not the one asked for)
    days_of_history: int  # calendar days from the first session to `date`, inclusive
    sessions_last_7_days: int
    last_session: dt.date | None
    acute_load: float  # total of the last 7 days
    chronic_load: float  # weekly average over the last 28 days
    acute_ewma: float  # per day
    chronic_ewma: float  # per day
    acwr_ewma: float
    acwr_rolling: float
    acwr_zone: str  # of the EWMA ratio (tracker.science.load.acwr_zone), or "not enough history" before 28 days
    week_change: float  # fraction: 0.25 = 25 % more than the week before
    monotony: float
    strain: float
    metric_note: str | None = None  # why the metric differs from the one asked for

    def to_dict(self) -> dict:
        """JSON-ready: dates as ISO text, NaN as None."""
        out = {}
        for key, value in asdict(self).items():
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, float):
                value = None if math.isnan(value) else round(value, 4)
            out[key] = value
        return out


def _last(values: np.ndarray) -> float:
    return float(values[-1]) if len(values) else math.nan


#: sRPE must be present throughout this many days before a date to be used there: the EWMA's
#: memory (a day 8 weeks back still weighs about 2 %).
METRIC_SPAN_DAYS = 56


def load_status(sessions: pd.DataFrame, *, athlete: str, on: dt.date, metric: str = "srpe") -> LoadStatus:
    """Summarise a sessions frame (as from `store.sessions_frame`) on date `on`; pure.

    On numpy arrays (`load`'s array forms, the same figures as its series functions): building
    series cost more than the figures themselves, on every status refresh."""
    dates, until = sessions["date"], pd.Timestamp(on)
    if load.numpy_datetimes(dates):  # other columns: compared as pandas compares them
        dates, until = dates.to_numpy(), until.to_datetime64()
    kept = np.asarray(dates <= until)
    if not kept.all():
        sessions, dates = sessions[kept], dates[kept]
    metric, note = load.effective_metric(sessions, metric, start=on - dt.timedelta(days=METRIC_SPAN_DAYS - 1), end=on)
    _, daily = load.daily_load_array(sessions, metric, end=on if len(sessions) else None)  # from the first session
    # Figures on `on` only: the EWMAs run over all the history, every window figure over its
    # last days (days before the first session count as rest, so a newcomer's week is known).
    acute, chronic = _last(load.ewma_array(daily, ACUTE_DAYS)), _last(load.ewma_array(daily, CHRONIC_DAYS))
    last_7, last_28 = daily[-ACUTE_DAYS:], daily[-CHRONIC_DAYS:]
    enough = len(daily) >= CHRONIC_DAYS
    ratio = acute / chronic if len(daily) and chronic != 0 else math.nan  # load.acwr_ewma's last value
    # The EWMA always yields a number, but before a full chronic window it compares the
    # week with too short a past to mean anything.
    zone = load.acwr_zone(ratio) if enough else "not enough history"
    return LoadStatus(
        athlete=athlete,
        date=on,
        metric=metric,
        days_of_history=len(daily),
        sessions_last_7_days=int(np.sum(dates > until - np.timedelta64(ACUTE_DAYS, "D"))),
        last_session=pd.Timestamp(dates.max()).date() if len(sessions) else None,
        acute_load=float(last_7.sum()) if len(daily) else math.nan,
        chronic_load=float(last_28.sum() / CHRONIC_DAYS * 7) if enough else math.nan,  # as pandas' mean: sum / count
        acute_ewma=acute,
        chronic_ewma=chronic,
        acwr_ewma=ratio,
        acwr_rolling=_last(load.acwr_rolling_array(daily, ACUTE_DAYS, CHRONIC_DAYS)),  # the whole series, as the rules read it
        acwr_zone=zone,
        week_change=_last(load.week_change_array(daily)),
        monotony=_last(load.monotony_array(last_7)),
        strain=_last(load.strain_array(last_7)),
        metric_note=note,
    )


def athlete_status(db: Session, *, athlete: Athlete, on: dt.date, metric: str = "srpe") -> LoadStatus:
    sessions = store.sessions_frame(db, athlete_id=athlete.id, end=on)
    return load_status(sessions, athlete=athlete.name, on=on, metric=metric)




def profile_of(db: Session, *, athlete: Athlete) -> Profile:
    """What triage knows of the person: date of birth and the back-pain screen answers."""
    screen = store.get_back_screen(db, athlete_id=athlete.id)
    yes = frozenset(item for item in ScreenItem if screen is not None and getattr(screen, item.value))
    return Profile(birth_year=athlete.birth_year, birth_month=athlete.birth_month, screen=yes, screened=screen is not None)


def clearances_of(db: Session, *, athlete_id: int, until: dt.date | None = None) -> tuple[Clearance, ...]:
    rows = store.list_clearances(db, athlete_id=athlete_id, end=until)
    return tuple(Clearance(cleared_at=row.cleared_at, assessed_by=row.assessed_by, note=row.note) for row in rows)


def load_history(
    db: Session, *, athlete: Athlete, until: dt.date, metric: str = "srpe", with_sets: bool = True, columns: list[str] = store.SESSION_COLUMNS
) -> AthleteHistory:
    """Everything the advice rules read for `athlete`, up to and including `until`. Without
    `with_sets`, sets are read only for the days a reason's wording needs, when it needs them;
    sessions only with `columns` when asked (`store.RULE_COLUMNS`: what the rules and load
    figures read, half the reading of years of sessions)."""
    def load_sets(first: dt.date, last: dt.date) -> pd.DataFrame:
        return store.sets_frame(db, athlete_id=athlete.id, start=first, end=min(last, until))

    return AthleteHistory(
        sessions=store.sessions_frame(db, athlete_id=athlete.id, end=until, columns=columns),
        sets=store.sets_frame(db, athlete_id=athlete.id, end=until) if with_sets else None,
        load_sets=None if with_sets else load_sets,
        pain=store.pain_frame(db, athlete_id=athlete.id, end=until),
        until=until,
        profile=profile_of(db, athlete=athlete),
        clearances=clearances_of(db, athlete_id=athlete.id, until=until),
        unit=athlete.unit,
        metric=metric,
    )


def history_for_span(
    db: Session, *, athlete: Athlete, start: dt.date, end: dt.date, metric: str = "srpe", with_sets: bool = True, columns: list[str] = store.SESSION_COLUMNS
) -> tuple[AthleteHistory, str | None]:
    """The athlete's history up to `end` (`load_history`), measured in the metric the span
    `start`..`end` supports (sRPE falls back where imported sessions lack it), and why, if it fell back."""
    history = load_history(db, athlete=athlete, until=end, metric=metric, with_sets=with_sets, columns=columns)
    shown, note = load.effective_metric(history.sessions, metric, start=start - dt.timedelta(days=METRIC_SPAN_DAYS), end=end)
    return (dataclasses.replace(history, metric=shown) if shown != metric else history), note


@dataclass(frozen=True)
class AthleteReport:
    status: LoadStatus
    advice: Advice

    def to_dict(self) -> dict:
        return {**self.status.to_dict(), **self.advice.to_dict()}


def athlete_report(
    db: Session, *, athlete: Athlete, on: dt.date, metric: str = "srpe", settings: AdviceSettings | None = None
) -> AthleteReport:
    """Load figures and advice on `on`, with the saved thresholds unless `settings` are given."""
    settings = settings or store.get_advice_settings(db)
    history = load_history(db, athlete=athlete, until=on, metric=metric)
    return report_from_history(history, athlete=athlete.name, on=on, settings=settings)


def report_from_history(history: AthleteHistory, *, athlete: str, on: dt.date, settings: AdviceSettings) -> AthleteReport:
    """The report on `on` from a history already read (up to `on`, in the metric asked for)."""
    status = load_status(history.sessions, athlete=athlete, on=on, metric=history.metric)
    if status.metric != history.metric:
        history = dataclasses.replace(history, metric=status.metric)
    return AthleteReport(status, advise(history, on=on, settings=settings))


def all_reports(db: Session, *, on: dt.date, metric: str = "srpe") -> list[AthleteReport]:
    settings = store.get_advice_settings(db)
    return [athlete_report(db, athlete=a, on=on, metric=metric, settings=settings) for a in store.list_athletes(db)]

"""Summaries of an athlete's history over a date range, as numbers (the report puts them in
words): how load moved, where the ratio went, how pain ran, and the calendar weeks.

Pure: each reads an `AthleteHistory` (tracker.status.history_for_span) or its frames; nothing is
queried or formatted here. The EWMA figures are warmed up on all history before `start`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tracker.science import load
from tracker.science.advice import CHRONIC_DAYS, AthleteHistory
from tracker.science.weekly import weekly_summary

#: A load trend compares the first and the last four weeks of a range (shorter halves below eight weeks).
TREND_DAYS = 28


def _inside(series: pd.Series, start: dt.date, end: dt.date) -> pd.Series:
    return series[(series.index >= pd.Timestamp(start)) & (series.index <= pd.Timestamp(end))]


@dataclass(frozen=True)
class LoadTrend:
    first_weekly: float  # average weekly load over the first `window_days` of the range
    last_weekly: float  # ... and over the last `window_days`
    window_days: int
    change: float | None  # (last - first) / first; None when the first window had no load


def load_trend(daily: pd.Series, start: dt.date, end: dt.date) -> LoadTrend | None:
    """Average weekly load in the first vs the last four weeks of `start`..`end`; None for a
    range under two weeks or with no load in it."""
    shown = _inside(daily, start, end)
    window = min(TREND_DAYS, ((end - start).days + 1) // 2)
    if window < 7 or shown.empty:
        return None
    first_days = pd.date_range(pd.Timestamp(start), periods=window, freq="D")
    last_days = pd.date_range(end=pd.Timestamp(end), periods=window, freq="D")
    first = float(shown.reindex(first_days, fill_value=0.0).sum()) * 7 / window
    last = float(shown.reindex(last_days, fill_value=0.0).sum()) * 7 / window
    return LoadTrend(first, last, window, (last - first) / first if first > 0 else None)


@dataclass(frozen=True)
class RatioRange:
    low: float
    low_on: dt.date
    high: float
    high_on: dt.date
    last: float  # on the range's last day with a judged ratio
    last_on: dt.date


def acwr_range(daily: pd.Series, start: dt.date, end: dt.date) -> RatioRange | None:
    """Lowest, highest and last EWMA ACWR in the range, counting only days with a full chronic
    window (as the advice does); None when no day in the range has one."""
    ratio = load.acwr_ewma(daily)
    ratio = _inside(ratio[np.arange(len(ratio)) + 1 >= CHRONIC_DAYS], start, end).dropna()
    if ratio.empty:
        return None
    low, high = ratio.idxmin(), ratio.idxmax()
    return RatioRange(float(ratio[low]), low.date(), float(ratio[high]), high.date(), float(ratio.iloc[-1]), ratio.index[-1].date())


@dataclass(frozen=True)
class PainPoint:
    score: int
    at: dt.datetime


@dataclass(frozen=True)
class PainCourse:
    reports: int
    first: PainPoint
    peak: PainPoint  # the first report with the highest score
    latest: PainPoint


def pain_course(pain: pd.DataFrame) -> PainCourse | None:
    """First, highest and latest pain report (`pain`: a store.pain_frame); None without reports."""
    if pain.empty:
        return None
    ordered = pain.sort_values("recorded_at", kind="stable")
    scores = ordered["pain"].astype(int)

    def point(position: int) -> PainPoint:
        return PainPoint(int(scores.iloc[position]), pd.Timestamp(ordered["recorded_at"].iloc[position]).to_pydatetime())

    return PainCourse(len(ordered), point(0), point(int(np.argmax(scores.to_numpy()))), point(-1))


def pain_between(history: AthleteHistory, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The pain reports dated `start`..`end`, oldest first."""
    return history.pain[(history.pain["date"] >= pd.Timestamp(start)) & (history.pain["date"] <= pd.Timestamp(end))]


def weeks_between(history: AthleteHistory, start: dt.date, end: dt.date) -> pd.DataFrame:
    """`tracker.science.weekly.weekly_summary` of whole calendar weeks from the Monday of `start` to `end`, oldest first."""
    monday = start - dt.timedelta(days=start.weekday())
    return weekly_summary(history.sessions_between(monday, end), pain_between(history, monday, end), metric=history.metric, end=end)

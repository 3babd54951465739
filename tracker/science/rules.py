"""The inputs of the phase rules for every day at once: one vectorised pass over an athlete's
history, so a phase history of years costs about what one day does.

Each input is one fact a rule reads on a day; `tracker.science.advice` decides phases from
them and words the reasons from the same figures, so a rule lives in one place. The rules read
sessions (with the per-session counts stored on them, `tracker.science.session_load`) and pain
reports — never sets.

Load is judged on the week, not the day: the last 7 days' total against the average week of
the last 28 days (the coupled rolling ACWR, Hulin et al. 2016). A steady lifter's week is the
same on a Sunday as on a Wednesday, where the daily EWMA ratio dips on every rest day.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tracker.science import load
from tracker.science.load import ACUTE_DAYS, CHRONIC_DAYS
from tracker.science.session_load import lift_values_of_sessions
from tracker.science.settings import AdviceSettings
from tracker.science.triage import Report
from tracker.vocab import Region, Timing

HIP_WINDOW_DAYS = 28
USUAL_WINDOW_DAYS = 182  # "your usual": the busiest four weeks of the last six months
AFTER_TRAINING = {Timing.DURING, Timing.AFTER, Timing.NEXT_MORNING}
ONE_SIDED = {Region.LEFT, Region.RIGHT}


@dataclass(frozen=True)
class Break:
    before: dt.date  # the last session before it
    back: dt.date  # the first session after it
    days_off: int


def breaks(session_days: list[dt.date], settings: AdviceSettings) -> list[Break]:
    """Gaps of `return_break_days` or more whole days between sessions, oldest first."""
    return [
        Break(before, after, (after - before).days - 1)
        for before, after in zip(session_days, session_days[1:])
        if (after - before).days - 1 >= settings.return_break_days
    ]


def _window_max(values: np.ndarray, days: int, before: float) -> np.ndarray:
    """The largest value of each day's last `days` days, the days before the first valued `before`.

    Maxima over spans doubling in length, until two spans cover a window: log2(days) vector
    operations rather than `days` values per day (the same numbers: a maximum has no rounding).
    """
    padded = np.concatenate([np.full(days - 1, before), values])
    peak, span = padded, 1  # peak[i]: the largest of padded[i : i + span]
    while span * 2 <= days:
        peak, span = np.maximum(peak[:-span], peak[span:]), span * 2
    return np.maximum(peak[: len(values)], peak[days - span : days - span + len(values)])


def _running_max(values: np.ndarray, days: int) -> np.ndarray:
    """The largest value of the last `days` days, ignoring NaN (NaN while there is none)."""
    peak = _window_max(np.where(np.isnan(values), -np.inf, values), days, -np.inf)
    return np.where(np.isinf(peak), np.nan, peak)


def _distinct_days(dates: np.ndarray) -> list[dt.date]:
    """The days in `dates` (datetime64[D]), each once, in order (a sort: np.unique's hashing costs twice as much)."""
    ordered = np.sort(dates)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]].tolist() if len(ordered) else []


def _ordinal(day: dt.date) -> int:
    """Days since 1970-01-01, as numpy's datetime64[D] counts them."""
    return (day - dt.date(1970, 1, 1)).days


def heavy_sessions(sessions: pd.DataFrame, settings: AdviceSettings) -> tuple[set[int], set[dt.date]]:
    """Hinge/squat-heavy sessions: spinal tonnage at least `spinal_day_share` of the tonnage."""
    if sessions.empty:
        return set(), set()
    tonnage = sessions["tonnage"].to_numpy(dtype=float)  # in numpy: pandas' masks cost more than the rules
    heavy = (tonnage > 0) & (sessions["spinal_tonnage"].to_numpy(dtype=float) >= settings.spinal_day_share * tonnage)
    return set(sessions["session_id"].to_numpy()[heavy].tolist()), set(sessions["date"].to_numpy("datetime64[D]")[heavy].tolist())


def grinding_lifts(spinal_efforts: pd.Series, settings: AdviceSettings) -> np.ndarray:
    """Per session: the spinal lifts whose last working set reached `late_set_rpe` (RPE, or 10 - RIR)."""
    per_session = lift_values_of_sessions(spinal_efforts.tolist())
    # Every lift of every session in one array, counted per session by bincount (not a sum per session).
    efforts = np.array([value for lifts in per_session for _, value in lifts], dtype=float)
    owners = np.repeat(np.arange(len(per_session)), [len(lifts) for lifts in per_session])
    return np.bincount(owners, weights=efforts >= settings.late_set_rpe, minlength=len(per_session)).astype(float)


class _Days:
    """Day arithmetic over the index `start`..`end`: per-day totals and trailing windows."""

    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start, self.size = start, (end - start).days + 1

    def offsets(self, days) -> np.ndarray:
        """Each day's position in the index (dates, or datetime64 days)."""
        return (np.asarray(days, dtype="datetime64[D]") - np.datetime64(self.start, "D")).astype(np.int64)

    def total(self, days, values=None) -> np.ndarray:
        """Per day: the sum of `values` (default 1 each) dated `days`."""
        offsets = self.offsets(days)
        keep = (offsets >= 0) & (offsets < self.size)
        weights = None if values is None else np.asarray(values, dtype=float)[keep]
        return np.bincount(offsets[keep], weights=weights, minlength=self.size).astype(float)

    def peak(self, days, values) -> np.ndarray:
        """Per day: the largest of `values` dated `days` (0 where there is none)."""
        out = np.zeros(self.size)
        offsets = self.offsets(days)
        keep = (offsets >= 0) & (offsets < self.size)
        np.maximum.at(out, offsets[keep], np.asarray(values, dtype=float)[keep])
        return out

    @staticmethod
    def trailing_sum(values: np.ndarray, days: int) -> np.ndarray:
        """The sum over the last `days` days, each day included (counts: exact in floating point)."""
        running = np.concatenate([[0.0], np.cumsum(values)])
        upper = np.arange(1, len(values) + 1)
        return running[upper] - running[np.maximum(upper - days, 0)]

    @staticmethod
    def trailing_max(values: np.ndarray, days: int) -> np.ndarray:
        return _window_max(values, days, 0.0)


def daily_inputs(
    *,
    sessions: pd.DataFrame,
    reports: list[Report],
    metric: str,
    start: dt.date,
    end: dt.date,
    settings: AdviceSettings,
) -> dict[str, np.ndarray]:
    """Every figure the phase rules read, one array per input over the days `start`..`end`.

    `sessions` is a `store.sessions_frame` sorted by date; `reports` oldest first. Load figures
    are NaN before the first session; `judged` is False until `CHRONIC_DAYS` days of history.
    Everything runs on numpy arrays (`load`'s array forms): pandas series cost more than the rules.
    """
    days = _Days(start, end)
    n = days.size
    nan = np.full(n, math.nan)
    out: dict[str, np.ndarray] = {"day": np.arange(np.datetime64(start, "D"), np.datetime64(end, "D") + 1).astype(object)}
    dates = sessions["date"].to_numpy("datetime64[D]")
    session_days = _distinct_days(dates)

    # Load ------------------------------------------------------------------------------------
    for column in ("load", "week", "week_before", "week_change", "chronic_week", "ratio", "acwr", "usual_week"):
        out[column] = nan.copy()
    out["history_days"] = np.zeros(n)
    if session_days:
        _, values = load.daily_load_array(sessions, metric, end=end)  # from the first session: the EWMA is seeded there
        first = (session_days[0] - start).days
        week = load.window_sums(values, ACUTE_DAYS, partial=True)
        chronic = load.window_sums(values, CHRONIC_DAYS) / CHRONIC_DAYS * 7
        shift = min(ACUTE_DAYS, len(week))
        before = np.concatenate([np.full(shift, math.nan), week[: len(week) - shift]])
        with np.errstate(invalid="ignore", divide="ignore"):
            figures = {
                "load": values, "week": week, "week_before": before, "chronic_week": chronic,
                "week_change": load.week_change_array(values), "ratio": load.acwr_rolling_array(values),
                "acwr": load.acwr_ewma_array(values), "usual_week": _running_max(chronic, USUAL_WINDOW_DAYS),
            }  # fmt: skip
        for column, series in figures.items():
            out[column][first:] = series
        out["history_days"] = np.maximum(np.arange(n) - first + 1, 0).astype(float)
    out["judged"] = out["history_days"] >= CHRONIC_DAYS
    with np.errstate(invalid="ignore"):
        out["chronic_low"] = out["judged"] & (out["chronic_week"] < settings.low_chronic_share * out["usual_week"])
    out["interpretable"] = out["judged"] & ~out["chronic_low"] & ~np.isnan(out["ratio"])

    # Return from a break ----------------------------------------------------------------------
    out["break_back"] = np.full(n, None, dtype=object)
    out["break_days_off"] = np.zeros(n)
    out["returned_share"] = nan.copy()
    found_breaks = breaks(session_days, settings)
    if found_breaks:
        # Per session (not per day): "your sessions since average 95% of your sessions before".
        ordinals = dates.astype(np.int64)
        values = sessions[load.METRICS[metric]].to_numpy(dtype=float)
        values = np.where(np.isnan(values), 0.0, values)
        for found in found_breaks:
            back = (found.back - start).days
            out["break_back"][max(back, 0) :] = found.back
            out["break_days_off"][max(back, 0) :] = found.days_off
            last_before = _ordinal(found.before)
            earlier = values[(ordinals > last_before - CHRONIC_DAYS) & (ordinals <= last_before)]
            if not len(earlier) or earlier.mean() == 0:
                continue
            for offset in range(settings.return_window_days):
                since = values[(ordinals >= _ordinal(found.back)) & (ordinals <= _ordinal(found.back) + offset)]
                if 0 <= back + offset < n and len(since):
                    out["returned_share"][back + offset] = since.mean() / earlier.mean()
    with np.errstate(invalid="ignore"):
        out["returned_full"] = out["returned_share"] >= settings.return_full_load

    # Pain -------------------------------------------------------------------------------------
    pain = days.peak([r.day for r in reports], [r.pain for r in reports])
    out["pain"] = pain
    out["pain_week"] = days.trailing_max(pain, 7)
    out["settled"] = days.trailing_max(pain, settings.settled_days) <= settings.settled_pain
    out["settled_short"] = days.trailing_max(pain, settings.reduce_exit_days) <= settings.settled_pain
    after = [r for r in reports if r.session_id is not None or r.timing in AFTER_TRAINING]
    out["after_training_pain_week"] = days.trailing_max(days.peak([r.day for r in after], [r.pain for r in after]), 7)
    lookback = settings.lookback_days
    painful = [r for r in reports if r.pain >= settings.pain_threshold]
    out["painful_lookback"] = days.trailing_sum(days.total([r.day for r in painful]), lookback)
    during = [r for r in painful if r.timing == Timing.DURING]
    out["during_pain_lookback"] = days.trailing_sum(days.total([r.day for r in during]), lookback)
    one_sided = [r for r in reports if r.region in ONE_SIDED and r.pain > 0]
    out["one_sided_lookback"] = days.trailing_sum(days.total([r.day for r in one_sided]), lookback)

    # Technique and balance (from the per-session counts) -------------------------------------
    heavy_ids, heavy_days = heavy_sessions(sessions, settings)
    follows = [r for r in painful if r.session_id in heavy_ids or r.day in heavy_days or r.day - dt.timedelta(days=1) in heavy_days]
    out["follows_heavy_lookback"] = days.trailing_sum(days.total([r.day for r in follows]), lookback)
    if len(dates):
        out["grinding_lookback"] = days.trailing_sum(days.total(dates, grinding_lifts(sessions["spinal_efforts"], settings)), lookback)
        out["trunk_lookback"] = days.trailing_sum(days.total(dates, sessions["trunk_sets"]), lookback)
        out["hip_sets"] = days.trailing_sum(days.total(dates, sessions["hip_sets"]), HIP_WINDOW_DAYS)
        out["lower_sets"] = days.trailing_sum(days.total(dates, sessions["lower_sets"]), HIP_WINDOW_DAYS)
    else:
        for column in ("grinding_lookback", "trunk_lookback", "hip_sets", "lower_sets"):
            out[column] = np.zeros(n)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["hip_share"] = np.where(out["lower_sets"] > 0, out["hip_sets"] / np.where(out["lower_sets"] > 0, out["lower_sets"], 1), math.nan)
    return out

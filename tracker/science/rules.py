"""The inputs of the phase rules for every day at once: one vectorised pass over an athlete's
history (rolling windows in pandas), so a phase history of years costs about what one day does.

Each column is one fact a rule reads on a day; `tracker.science.advice` decides phases from
them and words the reasons from the same figures, so a rule lives in one place.

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
from tracker.science.settings import AdviceSettings
from tracker.science.triage import Report
from tracker.vocab import Pattern, Region, SetKind, Timing

HIP_WINDOW_DAYS = 28
USUAL_WINDOW_DAYS = 182  # "your usual": the busiest four weeks of the last six months
LOWER_BODY = {Pattern.SQUAT, Pattern.HINGE, Pattern.SINGLE_LEG}
#: Exercises that train the hips directly, whatever their movement pattern.
HIP_WORK_WORDS = ("hip thrust", "glute", "abduction", "clamshell", "copenhagen", "band walk", "pull through", "kickback", "fire hydrant")
AFTER_TRAINING = {Timing.DURING, Timing.AFTER, Timing.NEXT_MORNING}


def is_hip_work(exercise: str) -> bool:
    name = exercise.casefold()
    return any(word in name for word in HIP_WORK_WORDS)


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


def _rolling_sum(series: pd.Series, days: int) -> pd.Series:
    return series.rolling(days, min_periods=1).sum()


def _rolling_max(series: pd.Series, days: int) -> pd.Series:
    return series.rolling(days, min_periods=1).max()


def _per_day(index: pd.DatetimeIndex, days: list[dt.date], values: list[float] | None = None, how: str = "sum") -> pd.Series:
    """Values (default 1 each) dated `days`, combined per day and laid on `index` (0 elsewhere)."""
    if not days:
        return pd.Series(0.0, index=index)
    frame = pd.Series(values if values is not None else [1.0] * len(days), index=pd.DatetimeIndex(pd.to_datetime(days)).astype("datetime64[us]"))
    combined = frame.groupby(level=0).agg(how)
    return combined.reindex(index, fill_value=0.0).astype(float)


def daily_inputs(
    *,
    sessions: pd.DataFrame,
    sets: pd.DataFrame,
    reports: list[Report],
    metric: str,
    start: dt.date,
    end: dt.date,
    settings: AdviceSettings,
) -> pd.DataFrame:
    """One row per day `start`..`end` with every figure the phase rules read.

    `sessions`/`sets` are `store` frames sorted by date; `reports` oldest first. Load figures are
    NaN before the first session; `judged` is False until `CHRONIC_DAYS` days of history.
    """
    index = pd.date_range(start, end, freq="D", name="date", unit="us")
    out = pd.DataFrame(index=index)
    session_days = sorted(set(sessions["date"].dt.date)) if len(sessions) else []

    # Load ------------------------------------------------------------------------------------
    if session_days:
        daily = load.daily_load(sessions, metric, end=end)
        week = daily.rolling(ACUTE_DAYS, min_periods=1).sum()
        chronic = daily.rolling(CHRONIC_DAYS, min_periods=CHRONIC_DAYS).mean() * 7
        out["load"] = daily.reindex(index)
        out["week"] = week.reindex(index)
        out["week_before"] = week.shift(ACUTE_DAYS).reindex(index)
        out["week_change"] = load.week_change(daily).reindex(index)
        out["chronic_week"] = chronic.reindex(index)
        out["ratio"] = (week / chronic.where(chronic > 0)).reindex(index)
        out["acwr"] = load.acwr_ewma(daily).reindex(index)
        out["usual_week"] = chronic.rolling(USUAL_WINDOW_DAYS, min_periods=1).max().reindex(index)
        first = pd.Timestamp(session_days[0])
        out["history_days"] = ((index - first).days + 1).where(index >= first, 0)
    else:
        for column in ("load", "week", "week_before", "week_change", "chronic_week", "ratio", "acwr", "usual_week"):
            out[column] = math.nan
        out["history_days"] = 0
    out["judged"] = out["history_days"] >= CHRONIC_DAYS
    out["chronic_low"] = out["judged"] & (out["chronic_week"] < settings.low_chronic_share * out["usual_week"])
    out["interpretable"] = out["judged"] & ~out["chronic_low"] & out["ratio"].notna()

    # Return from a break ----------------------------------------------------------------------
    out["break_back"] = pd.NaT
    out["break_days_off"] = 0
    out["returned_share"] = math.nan
    if session_days:
        column = load.METRICS[metric]
        values = sessions.set_index(sessions["date"].dt.date)[column].fillna(0.0)
        for found in breaks(session_days, settings):
            stamp = pd.Timestamp(found.back)
            out.loc[out.index >= stamp, "break_back"] = stamp
            out.loc[out.index >= stamp, "break_days_off"] = found.days_off
            earlier = values[(values.index >= found.before - dt.timedelta(days=CHRONIC_DAYS - 1)) & (values.index <= found.before)]
            for offset in range(settings.return_window_days):
                day = found.back + dt.timedelta(days=offset)
                since = values[(values.index >= found.back) & (values.index <= day)]
                if day > end or since.empty or earlier.empty or earlier.mean() == 0:
                    continue
                out.loc[pd.Timestamp(day), "returned_share"] = since.mean() / earlier.mean()
    out["returned_full"] = out["returned_share"] >= settings.return_full_load

    # Pain -------------------------------------------------------------------------------------
    pains = [r.pain for r in reports]
    days = [r.day for r in reports]
    pain = _per_day(index, days, pains, "max")
    out["pain"] = pain
    out["pain_week"] = _rolling_max(pain, 7)
    out["settled"] = _rolling_max(pain, settings.settled_days) <= settings.settled_pain
    out["settled_short"] = _rolling_max(pain, settings.reduce_exit_days) <= settings.settled_pain
    after = [r for r in reports if r.session_id is not None or r.timing in AFTER_TRAINING]
    out["after_training_pain_week"] = _rolling_max(_per_day(index, [r.day for r in after], [r.pain for r in after], "max"), 7)
    lookback = settings.lookback_days
    painful = [r for r in reports if r.pain >= settings.pain_threshold]
    out["painful_lookback"] = _rolling_sum(_per_day(index, [r.day for r in painful]), lookback)
    during = [r for r in painful if r.timing == Timing.DURING]
    out["during_pain_lookback"] = _rolling_sum(_per_day(index, [r.day for r in during]), lookback)
    one_sided = [r for r in reports if r.region in {Region.LEFT, Region.RIGHT} and r.pain > 0]
    out["one_sided_lookback"] = _rolling_sum(_per_day(index, [r.day for r in one_sided]), lookback)

    # Technique and balance --------------------------------------------------------------------
    heavy_ids, heavy_days = heavy_sessions(sessions, settings)
    follows = [r for r in painful if r.session_id in heavy_ids or r.day in heavy_days or r.day - dt.timedelta(days=1) in heavy_days]
    out["follows_heavy_lookback"] = _rolling_sum(_per_day(index, [r.day for r in follows]), lookback)
    last_sets = last_spinal_sets(sets)
    grinding = last_sets[(last_sets["rpe"] >= settings.late_set_rpe) | (last_sets["rir"] <= 10 - settings.late_set_rpe)]
    out["grinding_lookback"] = _rolling_sum(_per_day(index, list(grinding["date"].dt.date)), lookback)
    summary = set_summary(sets)
    summary_days = list(summary["date"].dt.date)
    out["trunk_lookback"] = _rolling_sum(_per_day(index, summary_days, list(summary["trunk"].astype(float))), lookback)
    out["hip_sets"] = _rolling_sum(_per_day(index, summary_days, list(summary["hip"].astype(float))), HIP_WINDOW_DAYS)
    out["lower_sets"] = _rolling_sum(_per_day(index, summary_days, list(summary["lower"].astype(float))), HIP_WINDOW_DAYS)
    out["hip_share"] = out["hip_sets"] / out["lower_sets"].where(out["lower_sets"] > 0)
    return out


def heavy_sessions(sessions: pd.DataFrame, settings: AdviceSettings) -> tuple[set[int], set[dt.date]]:
    """Hinge/squat-heavy sessions: spinal tonnage at least `spinal_day_share` of the tonnage."""
    if sessions.empty:
        return set(), set()
    heavy = sessions["tonnage"].gt(0) & (sessions["spinal_tonnage"] >= settings.spinal_day_share * sessions["tonnage"])
    chosen = sessions[heavy]
    return set(chosen["session_id"]), set(chosen["date"].dt.date)


def set_summary(sets: pd.DataFrame) -> pd.DataFrame:
    """Per session, from its working sets: trunk, hip/single-leg and lower-body set counts."""
    working = sets[sets["kind"] != SetKind.WARMUP]
    hip = working["pattern"].eq(Pattern.SINGLE_LEG) | working["exercise"].map(is_hip_work).astype(bool)
    flags = pd.DataFrame(
        {
            "session_id": working["session_id"],
            "date": working["date"],
            "trunk": working["pattern"].eq(Pattern.TRUNK),
            "hip": hip,
            "lower": working["pattern"].isin(LOWER_BODY) | hip,
        }
    )
    return flags.groupby(["date", "session_id"], as_index=False)[["trunk", "hip", "lower"]].sum()


def last_spinal_sets(sets: pd.DataFrame) -> pd.DataFrame:
    """The last working set of each spinal-loading lift in each session (for late-set effort)."""
    working = sets[sets["spinal_load"] & (sets["kind"] != SetKind.WARMUP)]
    last = working.sort_values(["date", "session_id", "position"]).groupby(["session_id", "exercise"], as_index=False).tail(1)
    return last[["date", "session_id", "exercise", "rpe", "rir"]].sort_values("date", kind="stable")


def as_records(inputs: pd.DataFrame) -> list[dict]:
    """The rows as plain dicts (the state machine walks them in order; NaN stays NaN)."""
    frame = inputs.copy()
    frame["day"] = [stamp.date() for stamp in inputs.index]
    records = frame.to_dict("records")
    for row in records:
        back = row["break_back"]
        row["break_back"] = None if back is None or (isinstance(back, float) and np.isnan(back)) or pd.isna(back) else pd.Timestamp(back).date()
    return records

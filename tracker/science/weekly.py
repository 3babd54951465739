"""Calendar-week summaries of training load and pain: pure functions over `tracker.store` frames.

Weeks start on Monday. Daily figures come from `tracker.science.load.daily_load` and Foster's
monotony and strain from `tracker.science.load.monotony` / `tracker.science.load.strain`, so a week here
agrees with the same days anywhere else in the app.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from tracker.science import load

#: Columns of `weekly_summary`, in order.
WEEKLY_COLUMNS = ["load", "week_change", "monotony", "strain", "sessions", "hard_sets", "pain_max"]


def week_start(dates: pd.Series | pd.DatetimeIndex) -> pd.Series | pd.DatetimeIndex:
    """The Monday (midnight) of each date's calendar week."""
    if isinstance(dates, pd.Series) and load.numpy_datetimes(dates):  # in numpy: pandas' accessors cost ~0.5 ms a call
        days = dates.to_numpy("datetime64[D]")
        mondays = days - (days.astype(np.int64) + 3) % 7  # day 0, 1 January 1970, was a Thursday
        return pd.Series(mondays.astype(dates.dtype), index=dates.index, name=dates.name)
    days = pd.to_datetime(dates)
    if isinstance(days, pd.DatetimeIndex):
        days = days.normalize()
        return days - pd.to_timedelta(days.day_of_week, unit="D")
    days = days.dt.normalize()
    return days - pd.to_timedelta(days.dt.day_of_week, unit="D")


def _empty() -> pd.DataFrame:
    index = pd.DatetimeIndex([], dtype="datetime64[us]", name="week")
    return pd.DataFrame(
        {
            "load": pd.Series(dtype=float),
            "week_change": pd.Series(dtype=float),
            "monotony": pd.Series(dtype=float),
            "strain": pd.Series(dtype=float),
            "sessions": pd.Series(dtype="int64"),
            "hard_sets": pd.Series(dtype="int64"),
            "pain_max": pd.Series(dtype=float),
        },
        index=index,
    )


def pain_days(pain: pd.DataFrame) -> pd.Series:
    """The calendar day of each pain entry (the `date` column, else `recorded_at`)."""
    column = "date" if "date" in pain else "recorded_at"
    values = pain[column]
    if values.dtype == np.dtype("datetime64[us]"):  # a store frame's
        return pd.Series(load.calendar_days(values.to_numpy()), index=pain.index, name=column)
    return pd.to_datetime(values).dt.normalize()


def weekly_summary(
    sessions: pd.DataFrame,
    pain: pd.DataFrame,
    *,
    metric: str = "srpe",
    end: dt.date | None = None,
) -> pd.DataFrame:
    """One row per calendar week (Monday to Sunday), oldest first; pure, inputs untouched.

    `sessions` is a frame like `tracker.store.sessions_frame` (needs `date`, the metric's
    column from `tracker.science.load.METRICS` and `hard_sets`); `pain` like `tracker.store.pain_frame`
    (needs `pain` and `date` or `recorded_at`). Rows run from the week of the first session
    to the week of `end` (default: the last session); sessions and pain after `end`, and pain
    before the first session's week, are left out. Index `week`: that Monday (datetime64).

    Columns:
    - `load`: the week's total of `metric` (missing values count as 0).
    - `week_change`: (load - previous week's load) / previous week's load; NaN for the first
      week and when the previous week's load is 0.
    - `monotony`: Foster's mean daily load / sample SD over the week's seven days (rest days
      0); NaN when the SD is 0 (identical days, e.g. a week of rest) and for a part-week.
    - `strain`: the week's load x monotony (NaN where monotony is).
    - `sessions`: number of sessions; `hard_sets`: their total hard sets.
    - `pain_max`: the highest pain score reported that week; NaN when none was reported.

    Days before the first session in its week count as rest days, as they do everywhere in
    the app. The week of `end` is partial when `end` is not a Sunday: its figures cover only
    the days up to `end` (no monotony or strain yet, and its `week_change` compares a part-week
    with the full week before), so read it as "so far this week".
    """
    if metric not in load.METRICS:
        raise ValueError(f"metric must be one of {', '.join(load.METRICS)} (got {metric!r})")
    if sessions.empty:
        return _empty()

    # In numpy: the weeks are whole 7-day blocks from the first Monday (pandas' groupby and
    # reindex cost ~10 ms for half a year).
    session_days = pd.to_datetime(sessions["date"]).to_numpy("datetime64[D]")
    last_day = np.datetime64(pd.Timestamp(end).date(), "D") if end is not None else session_days.max()
    in_range = session_days <= last_day
    if not in_range.any():
        return _empty()
    first_monday = week_start(pd.DatetimeIndex([session_days[in_range].min()]))[0].to_datetime64().astype("datetime64[D]")
    kept = sessions.loc[in_range]
    daily = load.daily_load(kept, metric, start=pd.Timestamp(first_monday), end=pd.Timestamp(last_day)).to_numpy(dtype=float)
    count = -(-len(daily) // 7)
    weeks = pd.DatetimeIndex(first_monday + 7 * np.arange(count), name="week").astype("datetime64[us]")
    totals = np.bincount(np.arange(len(daily)) // 7, weights=daily, minlength=count)
    # Foster's monotony is a property of a whole week: a part-week's two or three days say
    # nothing about variation, so the current week shows none until it is complete. The
    # trailing 7-day monotony on a week's Sunday is that Monday-to-Sunday week's (the days
    # start on a Monday).
    complete = np.arange(count) * 7 + 6 < len(daily)
    monotonies = np.full(count, np.nan)
    if complete.any():
        every_day = load.monotony(pd.Series(daily))
        monotonies[complete] = every_day.to_numpy(dtype=float)[6::7][: complete.sum()]
    strains = totals * monotonies
    previous = np.r_[np.nan, totals[:-1]]
    change = load.ratio(totals - previous, previous)

    session_weeks = (session_days[in_range] - first_monday).astype(np.int64) // 7
    hard = pd.to_numeric(kept["hard_sets"], errors="coerce").fillna(0).to_numpy(dtype=float)
    counts = np.bincount(session_weeks, minlength=count)
    hard_sets = np.bincount(session_weeks, weights=hard, minlength=count)

    pain_max = np.full(count, np.nan)
    if not pain.empty:
        days = pain_days(pain).to_numpy("datetime64[D]")
        scores = pd.to_numeric(pain["pain"], errors="coerce").to_numpy(dtype=float)
        inside = (days >= first_monday) & (days <= last_day) & ~np.isnan(scores)
        np.fmax.at(pain_max, (days[inside] - first_monday).astype(np.int64) // 7, scores[inside])

    return pd.DataFrame(
        {
            "load": totals,
            "week_change": change,
            "monotony": monotonies,
            "strain": strains,
            "sessions": counts.astype("int64"),
            "hard_sets": np.rint(hard_sets).astype("int64"),
            "pain_max": pain_max,
        },
        index=weeks,
    )

"""Training-load maths: pure functions over pandas objects (no database, no UI).

Every function takes a daily load series (one value per calendar day, rest days 0, as made
by `daily_load`) or plain numbers, returns new objects and never mutates its input. The
`*_array` forms give the same numbers on a numpy array of days, for callers that need no
series (status, the phase rules), where building series costs more than the figures.
A ratio whose denominator is 0 is NaN, never inf.

References
- Williams S, West S, Cross MJ, Stokes KA. Better way to determine the acute:chronic
  workload ratio? Br J Sports Med 2017;51:209-210 (EWMA ACWR).
- Hulin BT et al. Br J Sports Med 2016;50:231-236 (rolling-average ACWR);
  Windt J, Gabbett TJ. Br J Sports Med 2019;53:988-990 (coupled vs uncoupled).
- Foster C. Monitoring training in athletes with reference to overtraining syndrome.
  Med Sci Sports Exerc 1998;30:1164-1168 (session RPE load, monotony, strain).
- Epley B. Poundage chart. Boyd Epley Workout, 1985 (e1RM = w * (1 + reps / 30)).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: The acute and chronic windows, in days. Figures that compare with the chronic window (ratios,
#: zones, load advice) need this many days of history from the first session: one place for it.
ACUTE_DAYS = 7
CHRONIC_DAYS = 28

#: A standard deviation this small against the window's largest value is rounding, not
#: variation (integer loads summed in floating point leave remainders of ~1e-13).
SD_TOLERANCE = 1e-9

#: metric name -> the per-session column that holds it (see tracker.science.session_load).
METRICS: dict[str, str] = {
    "srpe": "srpe_load",
    "tonnage": "tonnage",
    "spinal_tonnage": "spinal_tonnage",
    "hard_sets": "hard_sets",
}

METRIC_LABELS: dict[str, str] = {
    "srpe": "sRPE load (AU)",
    "tonnage": "tonnage (kg)",
    "spinal_tonnage": "spinal tonnage (kg)",
    "hard_sets": "hard sets",
}

#: Epley is a poor estimate past about a dozen reps; such sets are left out of e1RM.
E1RM_MAX_REPS = 12


def daily_load(
    sessions: pd.DataFrame,
    metric: str = "srpe",
    *,
    start: object | None = None,
    end: object | None = None,
) -> pd.Series:
    """Sum one metric per calendar day, every day from `start` to `end` present (rest days 0).

    `sessions` needs a `date` column and the metric's column (`METRICS`); missing values
    count as 0. `start`/`end` default to the first and last session dates; sessions outside
    them are dropped. With no sessions and no bounds the result is an empty series.
    """
    first, values = daily_load_array(sessions, metric, start=start, end=end)
    if first is None:
        return pd.Series([], index=pd.DatetimeIndex([], name="date", dtype="datetime64[us]"), dtype=float, name=metric)
    days = pd.date_range(first, periods=len(values), freq="D", name="date", unit="us")
    return pd.Series(values, index=days, name=metric)


def daily_load_array(
    sessions: pd.DataFrame, metric: str = "srpe", *, start: object | None = None, end: object | None = None
) -> tuple[pd.Timestamp | None, np.ndarray]:
    """`daily_load` as its first day (None when it has no days) and its values: status and the
    rules compute every figure from the array, without the series' cost."""
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)} (got {metric!r})")
    column = METRICS[metric]
    day_numbers = datetimes(sessions["date"]).to_numpy("datetime64[D]").astype(np.int64) if len(sessions) else np.zeros(0, np.int64)
    values = _numbers(sessions[column]) if len(sessions) else np.zeros(0)
    first = pd.Timestamp(start).normalize() if start is not None else (pd.Timestamp(day_numbers.min(), unit="D") if len(day_numbers) else None)
    last = pd.Timestamp(end).normalize() if end is not None else (pd.Timestamp(day_numbers.max(), unit="D") if len(day_numbers) else None)
    if first is None or last is None or first > last:
        return None, np.zeros(0)
    size = (last - first).days + 1
    offsets = day_numbers - first.to_datetime64().astype("datetime64[D]").astype(np.int64)
    inside = (offsets >= 0) & (offsets < size)
    return first, np.bincount(offsets[inside], weights=np.nan_to_num(values[inside]), minlength=size)


def numpy_datetimes(column: pd.Series) -> bool:
    """Whether a column holds numpy datetimes (as the store reads dates), which numpy can
    compare and convert as they are."""
    return isinstance(column.dtype, np.dtype) and column.dtype.kind == "M"


def calendar_days(values: np.ndarray) -> np.ndarray:
    """numpy datetimes floored to their day (before 1970 too), as datetime64[us]: pandas'
    `normalize` first infers a frequency, which costs more than the floor."""
    return np.asarray(values).astype("datetime64[D]").astype("datetime64[us]")


def datetimes(dates: pd.Series) -> pd.Series:
    """A date column as datetimes; one already of numpy datetimes as it is (`to_datetime` on it
    changes nothing and costs more than a status's arithmetic)."""
    return dates if numpy_datetimes(dates) else pd.to_datetime(dates)


def _numbers(column: pd.Series) -> np.ndarray:
    """A column as floats, anything not a number as NaN (a numpy numeric column as it is)."""
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "fiu":
        return column.to_numpy(dtype=float)
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)


def as_daily(daily: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """Floats with every calendar day present: missing days and missing values are 0 — except,
    in a frame of athletes, the days before a column's first value (not yet training). The
    caller's own object when it already is that (copy-on-write: sharing it is safe)."""
    if isinstance(daily, pd.Series):
        if daily.dtype == np.dtype(np.float64) and not np.isnan(daily.to_numpy()).any():
            load = daily
        else:
            load = daily.astype(float).fillna(0.0)
    else:  # in numpy: pandas' fillna / where / cummax cost more than the EWMA on a big squad
        values = daily.to_numpy(dtype=float)
        missing = np.isnan(values)
        if missing.any():
            started = np.logical_or.accumulate(~missing, axis=0)
            load = pd.DataFrame(np.where(started, np.nan_to_num(values), np.nan), index=daily.index, columns=daily.columns)
        else:  # copy-on-write: sharing the caller's frame is safe
            load = daily if all(dtype == np.float64 for dtype in daily.dtypes) else daily.astype(float)
    index = load.index
    if isinstance(index, pd.DatetimeIndex) and len(load):
        complete = index.is_normalized and index.is_unique and index.is_monotonic_increasing and (index[-1] - index[0]).days + 1 == len(index)
        if not complete:  # `daily_load` output already has every day; resampling it again is waste
            load = load.resample("D").sum()
    return load


def window_sums(values: np.ndarray, days: int, *, partial: bool = False) -> np.ndarray:
    """The sum of each day's last `days` values, down axis 0 (days x athletes works too).

    Each window is summed on its own, so a day's figure is the same number whatever day the
    series starts on (running sums would carry their rounding from the start). NaN until `days`
    values exist, unless `partial`: then the values there are (days before the first count 0).
    """
    values = np.asarray(values, dtype=float)
    if partial:  # as if the days before the first were rest days: every day has a full window
        out = np.empty_like(values)
        _summed_windows(np.concatenate([np.zeros((days - 1, *values.shape[1:])), values]), days, out=out)
        return out
    out = np.empty_like(values)  # in the input's memory order: adding across orders costs double
    out[: days - 1] = np.nan
    if len(values) >= days:
        _summed_windows(values, days, out=out[days - 1 :])
    return out


def _summed_windows(values: np.ndarray, days: int, *, out: np.ndarray) -> None:
    """Each full window's sum into `out`, its days added oldest first (one vector add per day
    of the window: the same order, so the same rounding, as summing each window on its own)."""
    count = len(values) - days + 1
    np.copyto(out, values[:count])
    for lag in range(1, days):
        out += values[lag : lag + count]


def _adds_exactly(values: np.ndarray) -> bool:
    """Whether every sum of `values` is exact in floating point, so any order of adding gives
    the same bits: non-negative multiples of 2**-10 (whole kilos, half points of sRPE, set
    counts) totalling under 2**40, every partial sum then fits the 53-bit mantissa."""
    with np.errstate(over="ignore"):  # a huge value overflows to inf: not exact, and no warning
        scaled = values * 1024.0
        return bool(not np.signbit(values).any() and (scaled == np.floor(scaled)).all() and values.sum() < 2.0**40)


def rolling_array(values: np.ndarray, days: int, how: str = "mean") -> np.ndarray:
    """pandas' `rolling(days, min_periods=days)` sum or mean down axis 0, bit for bit.

    pandas keeps a running (compensated) sum whose rounding depends on all the days before;
    where every sum is exact (`_adds_exactly`) each window is summed on its own instead
    (`window_sums`, a third of pandas' time), which is then the same number. Otherwise pandas
    computes it.
    """
    values = np.asarray(values, dtype=float)
    if days >= 1 and _adds_exactly(values):
        sums = window_sums(values, days)
        return sums / days if how == "mean" else sums
    rolling = (pd.Series(values) if values.ndim == 1 else pd.DataFrame(values)).rolling(days, min_periods=days)
    return (rolling.mean() if how == "mean" else rolling.sum()).to_numpy()


def _shifted(values: np.ndarray, days: int) -> np.ndarray:
    """Each day's value from `days` days before (NaN where there is none)."""
    out = np.full(values.shape, np.nan)
    if len(values) > days:
        out[days:] = values[: len(values) - days]
    return out


def ewma_array(values: np.ndarray, span: int) -> np.ndarray:
    """`ewma` on an array of days (x athletes): each column seeded on its own first value,
    leading NaN (not yet training) kept NaN, every column in one `lfilter` pass."""
    from scipy.signal import lfilter  # here, not at import: commands that compute no EWMA start faster

    if values.size == 0:
        return values.astype(float, copy=True)
    alpha = 2 / (span + 1)
    if values.ndim == 1:
        return lfilter([alpha], [1.0, alpha - 1.0], values, zi=[(1 - alpha) * values[0]])[0]
    if not np.isnan(values[0]).any():  # every athlete trains from the first day: nothing to seed apart
        return lfilter([alpha], [1.0, alpha - 1.0], values, axis=0, zi=(1 - alpha) * values[:1])[0]
    started = ~np.isnan(values)
    first = np.where(started.any(axis=0), started.argmax(axis=0), len(values))
    before = np.arange(len(values))[:, None] < first[None, :]
    seed = values[np.minimum(first, len(values) - 1), np.arange(values.shape[1])]
    seeded = np.where(before, seed[None, :], values)
    smoothed, _ = lfilter([alpha], [1.0, alpha - 1.0], seeded, axis=0, zi=((1 - alpha) * seeded[:1]))
    return np.where(before, np.nan, smoothed)


def _like(daily: pd.Series | pd.DataFrame, values: np.ndarray, name: str | None = None) -> pd.Series | pd.DataFrame:
    if isinstance(daily, pd.Series):
        return pd.Series(values, index=daily.index, name=name if name is not None else daily.name)
    return pd.DataFrame(values, index=daily.index, columns=daily.columns)


def ratio(numerator: np.ndarray, denominator: np.ndarray, *, out: np.ndarray | None = None) -> np.ndarray:
    """numerator / denominator, NaN where the denominator is 0 (or NaN), into `out` if given
    (it may be `numerator` itself). One plain division, then NaN over the few zeros: a masked
    division (`where=`) or `np.where`s around it cost more than the EWMA on a big squad. A new
    `out` takes the denominator's memory order (mixing orders costs double)."""
    numerator, denominator = np.broadcast_arrays(np.asarray(numerator, dtype=float), np.asarray(denominator, dtype=float))
    out = np.empty_like(denominator) if out is None else out
    with np.errstate(invalid="ignore", divide="ignore"):
        np.divide(numerator, denominator, out=out)
    zero = denominator == 0
    if zero.any():
        out[zero] = np.nan
    return out


def ewma(daily: pd.Series | pd.DataFrame, span: int) -> pd.Series | pd.DataFrame:
    """Exponentially weighted average with lambda = 2 / (span + 1), seeded with the first day.

    A DataFrame is one column per athlete (days down the index): each column is seeded on its
    own first day (leading NaN: not yet training, left NaN), all columns in one pass of
    `scipy.signal.lfilter`, the recursion EWMA_t = lambda x_t + (1 - lambda) EWMA_t-1.
    """
    daily = as_daily(daily)
    return _like(daily, ewma_array(daily.to_numpy(dtype=float), span))


def acwr_ewma(daily: pd.Series | pd.DataFrame, acute: int = 7, chronic: int = 28) -> pd.Series | pd.DataFrame:
    """Acute:chronic workload ratio from exponentially weighted averages (Williams et al. 2017).

    Each day: EWMA_today = load_today * lambda + (1 - lambda) * EWMA_yesterday, with
    lambda = 2 / (N + 1) for N = `acute` and N = `chronic`; both averages start from the
    first day's load. Ratio = acute EWMA / chronic EWMA (NaN while the chronic EWMA is 0).
    """
    daily = as_daily(daily)
    return _like(daily, acwr_ewma_array(daily.to_numpy(dtype=float), acute, chronic), "acwr_ewma")


def acwr_ewma_array(values: np.ndarray, acute: int = 7, chronic: int = 28) -> np.ndarray:
    """`acwr_ewma` on an array of days (x athletes)."""
    return ratio(ewma_array(values, acute), ewma_array(values, chronic))


def rolling_mean(daily: pd.Series | pd.DataFrame, days: int) -> pd.Series | pd.DataFrame:
    """Mean daily load over the last `days` days, NaN until that many days exist."""
    daily = as_daily(daily)
    return _like(daily, rolling_array(daily.to_numpy(dtype=float), days))


def acwr_rolling(daily: pd.Series, acute: int = 7, chronic: int = 28, coupled: bool = True) -> pd.Series:
    """Rolling-average ACWR: mean of the last `acute` days over the mean of the chronic window.

    Coupled: the chronic window is the last `chronic` days, acute days included.
    Uncoupled: the chronic window is the `chronic - acute` days just before the acute window.
    NaN until `chronic` days of history exist, and when the chronic mean is 0.
    """
    load = as_daily(daily)
    return _like(load, acwr_rolling_array(load.to_numpy(dtype=float), acute, chronic, coupled), "acwr_rolling")


def acwr_rolling_array(values: np.ndarray, acute: int = 7, chronic: int = 28, coupled: bool = True) -> np.ndarray:
    """`acwr_rolling` on an array of days (x athletes)."""
    chronic_mean = rolling_array(values, chronic) if coupled else _shifted(rolling_array(values, chronic - acute), acute)
    return ratio(rolling_array(values, acute), chronic_mean)


def monotony(daily: pd.Series, days: int = 7) -> pd.Series:
    """Foster's monotony: mean daily load / sample SD over the last `days` days.

    Identical days (SD 0, e.g. the same load every day or a week of rest) give NaN rather
    than infinity: monotony is undefined there, and a chart or rule must not read it as huge.
    An SD that is zero to within floating-point rounding counts as zero (`SD_TOLERANCE`).
    NaN until `days` days exist.
    """
    load = as_daily(daily)
    return pd.Series(monotony_array(load.to_numpy(dtype=float), days), index=load.index, name="monotony")


def monotony_array(values: np.ndarray, days: int = 7) -> np.ndarray:
    """`monotony` on an array of days."""
    mean = np.full(len(values), np.nan)
    sd = np.full(len(values), np.nan)
    if len(values) >= days:
        # Two passes per window (not pandas' running sums, whose remainders reach 1e-5 on
        # integer loads): identical days give an SD of exactly 0.
        windows = np.lib.stride_tricks.sliding_window_view(values, days)
        mean[days - 1 :] = windows.mean(axis=1)
        spread = windows.std(axis=1, ddof=1)
        scale = np.abs(windows).max(axis=1)
        sd[days - 1 :] = np.where(spread > SD_TOLERANCE * scale, spread, np.nan)  # zero within rounding is zero
    return ratio(mean, sd)


def strain(daily: pd.Series, days: int = 7) -> pd.Series:
    """Foster's strain: the last `days` days' total load x monotony (NaN where monotony is)."""
    load = as_daily(daily)
    total = _like(load, rolling_array(load.to_numpy(dtype=float), days, "sum"))
    return (total * monotony(daily, days)).rename("strain")


def strain_array(values: np.ndarray, days: int = 7) -> np.ndarray:
    """`strain` on an array of days."""
    return rolling_array(values, days, "sum") * monotony_array(values, days)


def week_change(daily: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """Last 7-day total against the 7 days before, as a fraction (+0.25 = 25 % more).

    NaN until 14 days exist, and when the previous week's total is 0.
    """
    daily = as_daily(daily)
    return _like(daily, week_change_array(daily.to_numpy(dtype=float)), "week_change")


def week_change_array(values: np.ndarray) -> np.ndarray:
    """`week_change` on an array of days (x athletes)."""
    week = window_sums(values, 7)
    out = np.empty_like(week)  # in place, without a shifted copy: the figure most read of a squad
    out[:7] = np.nan
    if len(week) > 7:
        previous = week[:-7]
        ratio(np.subtract(week[7:], previous, out=out[7:]), previous, out=out[7:])
    return out


def e1rm(weight, reps):
    """Estimated one-rep max (Epley): weight * (1 + reps / 30).

    A single (reps == 1) returns the weight itself, the lift actually done; reps below 1
    give NaN. Works on numbers, numpy arrays and pandas series alike.
    """
    weight_values = np.asarray(weight, dtype=float)
    reps_values = np.asarray(reps, dtype=float)
    estimate = np.where(reps_values == 1, weight_values, weight_values * (1 + reps_values / 30))
    estimate = np.where(reps_values >= 1, estimate, np.nan)
    if isinstance(weight, pd.Series):
        return pd.Series(estimate, index=weight.index, name="e1rm")
    if isinstance(reps, pd.Series):
        return pd.Series(estimate, index=reps.index, name="e1rm")
    return float(estimate) if estimate.ndim == 0 else estimate


def gives_e1rm(kind, weight_kg, reps):
    """Whether a set gives an e1RM (numbers or arrays alike): not a warm-up, with a weight,
    and 1 to `E1RM_MAX_REPS` reps. The one rule for the charts and each session's stored best."""
    with np.errstate(invalid="ignore"):
        return (kind != "warm-up") & (weight_kg > 0) & (reps >= 1) & (reps <= E1RM_MAX_REPS)


def best_e1rm(sets: pd.DataFrame) -> pd.DataFrame:
    """Each lift's best e1RM per day: columns `date`, `exercise`, `e1rm`, `best_so_far`.

    `sets` needs `date`, `exercise`, `weight_kg`, `reps` and `kind` columns (as from
    `tracker.store.sets_frame`). Warm-ups, sets with no weight and sets of more than
    `E1RM_MAX_REPS` reps are left out. `best_so_far` is the running maximum per lift.
    """
    weight = sets["weight_kg"].to_numpy(dtype=float, na_value=np.nan)
    reps = sets["reps"].to_numpy(dtype=float, na_value=np.nan)
    usable = gives_e1rm(sets["kind"].to_numpy(dtype=object), weight, reps)
    if not usable.any():
        return pd.DataFrame(
            {
                "date": pd.Series(dtype="datetime64[us]"),
                "exercise": pd.Series(dtype=object),
                "e1rm": pd.Series(dtype=float),
                "best_so_far": pd.Series(dtype=float),
            }
        )
    # In numpy (groupby and cummax cost ~10 ms on a few thousand sets): sort by lift and day,
    # take each (lift, day)'s best, then each lift's running best.
    names, lift = np.unique(sets["exercise"].to_numpy(dtype=object)[usable], return_inverse=True)
    day = calendar_days(datetimes(sets["date"]).to_numpy())[usable]
    estimate = e1rm(weight[usable], reps[usable])
    order = np.lexsort((day, lift))
    lift, day, estimate = lift[order], day[order], estimate[order]
    starts = np.flatnonzero(np.r_[True, (lift[1:] != lift[:-1]) | (day[1:] != day[:-1])])
    best = np.maximum.reduceat(estimate, starts)
    lift, day = lift[starts], day[starts]
    lift_starts = np.flatnonzero(np.r_[True, lift[1:] != lift[:-1]])
    so_far = np.concatenate([np.maximum.accumulate(part) for part in np.split(best, lift_starts[1:])])
    return pd.DataFrame({"date": day, "exercise": names[lift], "e1rm": best, "best_so_far": so_far})


#: ACWR zones (Gabbett 2016, Br J Sports Med 50:273-280): 0.8-1.3 the "sweet spot",
#: above 1.5 the "danger zone" where injury risk rose most in the studies behind it.
ACWR_LOW = 0.8
ACWR_HIGH = 1.3
ACWR_DANGER = 1.5
#: The zones in words, for every caption and help text that names them.
ZONES_TEXT = f"low < {ACWR_LOW:g}, in range {ACWR_LOW:g}–{ACWR_HIGH:g}, elevated {ACWR_HIGH:g}–{ACWR_DANGER:g}, high > {ACWR_DANGER:g}"
TARGET_TEXT = f"{ACWR_LOW:g}–{ACWR_HIGH:g}"


def acwr_zone(ratio: float) -> str:
    """Name the band a ratio falls in: low, in range, elevated, high, or no data (NaN)."""
    if ratio is None or np.isnan(ratio):
        return "no data"
    if ratio < ACWR_LOW:
        return "low"
    if ratio <= ACWR_HIGH:
        return "in range"
    if ratio <= ACWR_DANGER:
        return "elevated"
    return "high"


#: sRPE needs every session's RPE. Imported history has none, so where sessions in the span
#: lack it the views fall back to one other measure for the whole span, never a mix.
def effective_metric(
    sessions: pd.DataFrame, requested: str, *, start: object | None = None, end: object | None = None
) -> tuple[str, str | None]:
    """The metric to compute with, and a sentence saying why when it is not `requested`."""
    if requested != "srpe" or sessions.empty:
        return requested, None
    dates = datetimes(sessions["date"]).to_numpy()
    inside = np.ones(len(dates), dtype=bool)  # in numpy: this runs on every status and view
    if start is not None:
        inside &= dates >= pd.Timestamp(start).to_datetime64()
    if end is not None:
        inside &= dates <= pd.Timestamp(end).to_datetime64()
    missing = int(np.isnan(sessions["srpe_load"].to_numpy(dtype=float))[inside].sum())
    if missing == 0:
        return requested, None
    span = sessions[inside]
    fallback = "tonnage" if span["tonnage"].sum() > 0 else "hard_sets"
    return fallback, (
        f"{missing} of {len(span)} sessions in this span have no session RPE (imported history has none), "
        f"so load is measured as {METRIC_LABELS[fallback]} throughout — one measure, never a mix."
    )

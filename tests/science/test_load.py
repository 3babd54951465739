"""Tests for tracker.science.load, checked against the spec and published references.

Expected values come from the papers (Williams et al. 2017, Foster 1998, Epley) or are
worked out by hand in the test, never copied from the module's own output.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import statistics
from functools import partial

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED
from tracker.science import load

REFERENCE_CSV = SHARED / "reference" / "menaspa_williams_2017.csv"

# Published day-28 values (Williams et al. 2017, BJSM 51:209-210), to two decimals.
PUBLISHED_EWMA_DAY_28 = {1: 1.25, 2: 1.41, 3: 1.55}
PUBLISHED_ROLLING_DAY_28 = 1.43

START = "2024-01-01"

FAST = settings(max_examples=60, deadline=None)


# --------------------------------------------------------------------------- helpers


def daily(values, start=START) -> pd.Series:
    """A gap-free daily load series starting on `start`."""
    index = pd.date_range(start, periods=len(values), freq="D", name="date", unit="us")
    return pd.Series(values, index=index, dtype=float, name="srpe")


def on_dates(loads_by_date: dict[str, float]) -> pd.Series:
    """A load series indexed only by the given dates (so it may have gaps)."""
    index = pd.DatetimeIndex(list(loads_by_date), name="date").as_unit("us")
    return pd.Series(list(loads_by_date.values()), index=index, dtype=float, name="srpe")


def sessions(*rows, column: str = "srpe_load") -> pd.DataFrame:
    """Session rows as (date, value) pairs, with every metric column present."""
    frame = pd.DataFrame(
        {
            "date": [row[0] for row in rows],
            "srpe_load": 0.0,
            "tonnage": 0.0,
            "spinal_tonnage": 0.0,
            "hard_sets": 0,
        },
        index=range(len(rows)),
    )
    frame[column] = pd.Series([row[1] for row in rows], dtype=object)
    return frame


def empty_sessions() -> pd.DataFrame:
    return pd.DataFrame({"date": [], "srpe_load": [], "tonnage": [], "spinal_tonnage": [], "hard_sets": []})


def sets(*rows) -> pd.DataFrame:
    """Set rows as (date, exercise, weight_kg, reps, kind)."""
    return pd.DataFrame(rows, columns=["date", "exercise", "weight_kg", "reps", "kind"])


def reference_athlete(athlete: int) -> pd.Series:
    frame = pd.read_csv(REFERENCE_CSV)
    rows = frame[frame["ID"] == athlete].sort_values("Day")
    index = pd.DatetimeIndex(pd.to_datetime(rows["Training_Date"]), name="date")
    return pd.Series(rows["TL"].to_numpy(dtype=float), index=index)


def williams_ewma(loads, n: int) -> list[float]:
    """EWMA exactly as written in Williams et al. 2017, seeded with the first day."""
    lam = 2 / (n + 1)
    out = [float(loads[0])]
    for value in loads[1:]:
        out.append(value * lam + (1 - lam) * out[-1])
    return out


def assert_no_inf(series: pd.Series) -> None:
    assert not np.isinf(series.to_numpy(dtype=float)).any(), series[np.isinf(series)]


def same_nan_and_close(a: pd.Series, b: pd.Series) -> None:
    np.testing.assert_allclose(a.to_numpy(dtype=float), b.to_numpy(dtype=float), rtol=1e-9, atol=0, equal_nan=True)


# --------------------------------------------------------------------------- reference data


def test_reference_file_is_found_beside_the_repo():
    assert REFERENCE_CSV.is_file()
    frame = pd.read_csv(REFERENCE_CSV)
    assert sorted(frame["ID"].unique()) == [1, 2, 3]
    assert frame.groupby("ID").size().tolist() == [28, 28, 28]


@pytest.mark.parametrize("athlete", sorted(PUBLISHED_EWMA_DAY_28))
def test_ewma_acwr_matches_williams_2017_on_day_28(athlete):
    ratio = load.acwr_ewma(reference_athlete(athlete))
    assert round(ratio.iloc[-1], 2) == PUBLISHED_EWMA_DAY_28[athlete]


@pytest.mark.parametrize("athlete", sorted(PUBLISHED_EWMA_DAY_28))
def test_coupled_rolling_acwr_matches_williams_2017_on_day_28(athlete):
    ratio = load.acwr_rolling(reference_athlete(athlete), coupled=True)
    assert round(ratio.iloc[-1], 2) == PUBLISHED_ROLLING_DAY_28


@pytest.mark.parametrize("athlete", sorted(PUBLISHED_EWMA_DAY_28))
def test_ewma_acwr_follows_the_published_recursion_every_day(athlete):
    loads = reference_athlete(athlete)
    expected = np.array(williams_ewma(loads.tolist(), 7)) / np.array(williams_ewma(loads.tolist(), 28))
    np.testing.assert_allclose(load.acwr_ewma(loads).to_numpy(), expected, rtol=1e-12)


# --------------------------------------------------------------------------- daily_load


def test_daily_load_fills_rest_days_with_zero():
    result = load.daily_load(sessions(("2024-01-01", 300), ("2024-01-04", 500)))
    assert isinstance(result.index, pd.DatetimeIndex)
    assert list(result.index) == list(pd.date_range("2024-01-01", "2024-01-04", freq="D"))
    assert result.tolist() == [300.0, 0.0, 0.0, 500.0]


def test_daily_load_sums_several_sessions_on_one_day():
    result = load.daily_load(sessions(("2024-01-01", 300), ("2024-01-01", 200), ("2024-01-02", 50)))
    assert result.tolist() == [500.0, 50.0]


def test_daily_load_counts_missing_values_as_zero():
    result = load.daily_load(
        sessions(("2024-01-01", None), ("2024-01-01", 120), ("2024-01-02", float("nan")), ("2024-01-03", 80))
    )
    assert result.tolist() == [120.0, 0.0, 80.0]


def test_daily_load_accepts_date_objects_and_times_of_day():
    result = load.daily_load(
        sessions((dt.date(2024, 1, 1), 100), (dt.datetime(2024, 1, 1, 18, 30), 50), (dt.date(2024, 1, 3), 10))
    )
    assert result.tolist() == [150.0, 0.0, 10.0]
    assert result.index[0] == pd.Timestamp("2024-01-01")


@pytest.mark.parametrize(
    ("metric", "column"),
    [("srpe", "srpe_load"), ("tonnage", "tonnage"), ("spinal_tonnage", "spinal_tonnage"), ("hard_sets", "hard_sets")],
)
def test_daily_load_reads_the_metric_column(metric, column):
    frame = sessions(("2024-01-01", 7), ("2024-01-02", 11), column=column)
    assert load.daily_load(frame, metric).tolist() == [7.0, 11.0]


def test_daily_load_rejects_an_unknown_metric():
    with pytest.raises(ValueError):
        load.daily_load(sessions(("2024-01-01", 1)), "volume")


def test_daily_load_start_and_end_extend_the_range_with_zeros():
    result = load.daily_load(sessions(("2024-01-03", 100)), start="2024-01-01", end="2024-01-05")
    assert list(result.index) == list(pd.date_range("2024-01-01", "2024-01-05", freq="D"))
    assert result.tolist() == [0.0, 0.0, 100.0, 0.0, 0.0]


def test_daily_load_start_and_end_clip_the_range():
    frame = sessions(("2024-01-01", 1), ("2024-01-02", 2), ("2024-01-03", 3), ("2024-01-04", 4))
    result = load.daily_load(frame, start="2024-01-02", end="2024-01-03")
    assert list(result.index) == [pd.Timestamp("2024-01-02"), pd.Timestamp("2024-01-03")]
    assert result.tolist() == [2.0, 3.0]


def test_daily_load_of_no_sessions_is_empty():
    result = load.daily_load(empty_sessions())
    assert isinstance(result, pd.Series)
    assert result.empty
    assert isinstance(result.index, pd.DatetimeIndex)


def test_daily_load_of_no_sessions_with_bounds_is_all_rest_days():
    result = load.daily_load(empty_sessions(), start="2024-01-01", end="2024-01-03")
    assert result.tolist() == [0.0, 0.0, 0.0]


# --------------------------------------------------------------------------- EWMA ACWR


@pytest.mark.parametrize("level", [100.0, 37.3, 1234.567])
def test_ewma_acwr_of_steady_load_is_exactly_one(level):
    assert (load.acwr_ewma(daily([level] * 60)) == 1.0).all()


def test_ewma_acwr_seeds_both_averages_with_the_first_day():
    # Seeded with day 1's load, both averages equal it on day 1, so the ratio is 1.
    ratio = load.acwr_ewma(daily([400, 0, 0]))
    assert ratio.iloc[0] == 1.0
    # Day 2 by hand: acute 0.75 * 400 = 300, chronic (27/29) * 400.
    assert ratio.iloc[1] == pytest.approx(300 / (400 * 27 / 29))


def test_ewma_acwr_uses_lambda_two_over_n_plus_one_for_custom_windows():
    loads = [100, 0, 250, 80, 0, 0, 300, 120]
    expected = np.array(williams_ewma(loads, 3)) / np.array(williams_ewma(loads, 10))
    np.testing.assert_allclose(load.acwr_ewma(daily(loads), acute=3, chronic=10).to_numpy(), expected, rtol=1e-12)


def test_ewma_acwr_rises_above_1_5_after_a_spike():
    ratio = load.acwr_ewma(daily([300] * 28 + [900] * 4))
    assert ratio.iloc[27] == pytest.approx(1.0)
    assert ratio.iloc[-1] > 1.5


def test_ewma_acwr_is_nan_not_inf_while_chronic_load_is_zero():
    ratio = load.acwr_ewma(daily([0, 0, 0, 200, 100]))
    assert ratio.iloc[:3].isna().all()
    assert ratio.iloc[3:].notna().all()
    assert_no_inf(ratio)


def test_ewma_acwr_of_empty_series_is_empty():
    assert load.acwr_ewma(daily([])).empty


# --------------------------------------------------------------------------- rolling ACWR


@pytest.mark.parametrize("coupled", [True, False])
@pytest.mark.parametrize("level", [100.0, 37.3, 1234.567])
def test_rolling_acwr_of_steady_load_is_exactly_one(level, coupled):
    ratio = load.acwr_rolling(daily([level] * 40), coupled=coupled)
    assert (ratio.iloc[27:] == 1.0).all()


@pytest.mark.parametrize("coupled", [True, False])
def test_rolling_acwr_is_nan_until_the_chronic_window_is_full(coupled):
    ratio = load.acwr_rolling(daily([100.0] * 30), coupled=coupled)
    assert ratio.iloc[:27].isna().all()
    assert ratio.iloc[27:].notna().all()


def test_coupled_and_uncoupled_rolling_acwr_on_a_hand_computed_example():
    # 21 days at 10, then 7 days at 20.
    loads = daily([10.0] * 21 + [20.0] * 7)
    # Coupled: 20 / ((21*10 + 7*20) / 28) = 20 / 12.5 = 1.6
    assert load.acwr_rolling(loads, coupled=True).iloc[-1] == pytest.approx(1.6)
    # Uncoupled: chronic window is the 21 days before the acute week, mean 10 -> 2.0
    assert load.acwr_rolling(loads, coupled=False).iloc[-1] == pytest.approx(2.0)


def test_uncoupled_chronic_window_excludes_the_acute_week():
    # Days 1-7 at 70, days 8-21 at 0, acute week (days 22-28) at 7.
    loads = daily([70.0] * 7 + [0.0] * 14 + [7.0] * 7)
    # Uncoupled chronic = 490 / 21; coupled chronic = (490 + 49) / 28.
    assert load.acwr_rolling(loads, coupled=False).iloc[-1] == pytest.approx(7 / (490 / 21))
    assert load.acwr_rolling(loads, coupled=True).iloc[-1] == pytest.approx(7 / (539 / 28))


def test_rolling_acwr_with_custom_windows():
    loads = daily([1, 2, 3, 4, 5, 6])
    # acute 2 / chronic 4 on the last day: mean(5, 6) / mean(3, 4, 5, 6)
    assert load.acwr_rolling(loads, acute=2, chronic=4).iloc[-1] == pytest.approx(5.5 / 4.5)
    # uncoupled: chronic is the 2 days before the acute pair, mean(3, 4)
    assert load.acwr_rolling(loads, acute=2, chronic=4, coupled=False).iloc[-1] == pytest.approx(5.5 / 3.5)


@pytest.mark.parametrize("coupled", [True, False])
def test_rolling_acwr_is_nan_not_inf_when_chronic_load_is_zero(coupled):
    ratio = load.acwr_rolling(daily([0.0] * 35), coupled=coupled)
    assert ratio.isna().all()
    assert_no_inf(ratio)


def test_uncoupled_acwr_is_nan_not_inf_after_three_rest_weeks():
    # The 21 days before the acute week are rest, so the uncoupled chronic mean is 0.
    ratio = load.acwr_rolling(daily([0.0] * 21 + [100.0] * 7), coupled=False)
    assert math.isnan(ratio.iloc[-1])
    assert_no_inf(ratio)


@pytest.mark.parametrize("coupled", [True, False])
def test_rolling_acwr_of_empty_series_is_empty(coupled):
    assert load.acwr_rolling(daily([]), coupled=coupled).empty


# --------------------------------------------------------------------------- gaps


def test_sessions_on_non_consecutive_days_give_zero_filled_days_and_a_ratio():
    rows = [(f"2024-01-{day:02d}", 300) for day in range(1, 32, 2)]  # every other day in January
    loads = load.daily_load(sessions(*rows))
    assert len(loads) == 31
    assert loads.iloc[1::2].eq(0).all() and loads.iloc[::2].eq(300).all()
    ewma_ratio = load.acwr_ewma(loads)
    rolling_ratio = load.acwr_rolling(loads)
    assert ewma_ratio.notna().all()
    assert_no_inf(ewma_ratio)
    # Last day is a training day; acute window holds 4 sessions, chronic 14 (days 4-31).
    assert rolling_ratio.iloc[-1] == pytest.approx((4 * 300 / 7) / (14 * 300 / 28))


def test_ewma_acwr_treats_missing_days_as_rest_days():
    gappy = on_dates({"2024-01-01": 100.0, "2024-01-04": 200.0, "2024-01-05": 50.0})
    full = daily([100.0, 0.0, 0.0, 200.0, 50.0])
    assert load.acwr_ewma(gappy).iloc[-1] == pytest.approx(load.acwr_ewma(full).iloc[-1])


def test_rolling_acwr_treats_missing_days_as_rest_days():
    # Training on Mondays only for five weeks: 5 sessions of 100.
    gappy = on_dates({f"2024-01-{day:02d}": 100.0 for day in (1, 8, 15, 22, 29)})
    # On 29 Jan: acute week holds 1 session (100/7), the 28 days hold 4 (400/28).
    assert load.acwr_rolling(gappy).loc["2024-01-29"] == pytest.approx((100 / 7) / (400 / 28))


def test_week_change_treats_missing_days_as_rest_days():
    gappy = on_dates({"2024-01-01": 100.0, "2024-01-08": 150.0, "2024-01-14": 0.0})
    assert load.week_change(gappy).loc["2024-01-14"] == pytest.approx(0.5)


def test_monotony_treats_missing_days_as_rest_days():
    gappy = on_dates({"2024-01-01": 100.0, "2024-01-03": 200.0, "2024-01-07": 400.0})
    week = [100.0, 0.0, 200.0, 0.0, 0.0, 0.0, 400.0]
    expected = statistics.mean(week) / statistics.stdev(week)
    assert load.monotony(gappy).loc["2024-01-07"] == pytest.approx(expected)


# --------------------------------------------------------------------------- monotony and strain


HAND_WEEK = [100.0, 200.0, 0.0, 300.0, 150.0, 0.0, 250.0]


def test_monotony_of_a_hand_computed_week_is_mean_over_sample_sd():
    expected = statistics.mean(HAND_WEEK) / statistics.stdev(HAND_WEEK)  # stdev is ddof=1
    result = load.monotony(daily(HAND_WEEK))
    assert result.iloc[:6].isna().all()
    assert result.iloc[-1] == pytest.approx(expected)


@pytest.mark.parametrize("level", [0.0, 250.0, 0.1])
def test_monotony_of_identical_days_is_nan_not_inf(level):
    result = load.monotony(daily([level] * 10))
    assert result.isna().all()
    assert_no_inf(result)


def test_monotony_of_an_identical_week_after_a_varied_one_is_nan_not_huge():
    result = load.monotony(daily([123.4, 7.7, 310.1, 0.3, 55.5, 999.9, 42.0] + [17.3] * 7))
    assert math.isnan(result.iloc[-1])


def test_an_identical_integer_week_after_a_varied_history_is_nan_not_fifty_million():
    """Issue 9.11: running sums left an SD of ~1e-5 for seven identical integer sRPE loads, so
    monotony read 55,366,545 and strain 1.6e11. Found by a search over such histories."""
    random = __import__("random").Random(1)
    for _ in range(300):
        history = [random.choice([0, 0, 300, 385, 455, 520, 613, 700, 840]) for _ in range(random.randint(7, 60))]
        week = [float(random.choice([300, 420, 455, 613]))] * 7
        series = daily([float(value) for value in history] + week)
        assert math.isnan(load.monotony(series).iloc[-1])
        assert math.isnan(load.strain(series).iloc[-1])


def test_an_all_zero_week_has_no_monotony():
    result = load.monotony(daily([300.0, 200.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]))
    assert result.iloc[6] > 0 and result.iloc[-1] != 0
    assert math.isnan(result.iloc[-1])


def test_strain_is_week_total_times_monotony():
    expected = sum(HAND_WEEK) * statistics.mean(HAND_WEEK) / statistics.stdev(HAND_WEEK)
    result = load.strain(daily(HAND_WEEK))
    assert result.iloc[:6].isna().all()
    assert result.iloc[-1] == pytest.approx(expected)


def test_strain_is_nan_where_monotony_is_undefined():
    result = load.strain(daily([200.0] * 9))
    assert result.isna().all()
    assert_no_inf(result)


def test_monotony_and_strain_of_empty_series_are_empty():
    assert load.monotony(daily([])).empty
    assert load.strain(daily([])).empty


# --------------------------------------------------------------------------- week_change


def test_week_change_hand_computed():
    # Week 1 total 700, week 2 total 1050 -> +50 %.
    result = load.week_change(daily([100.0] * 7 + [150.0] * 7))
    assert result.iloc[:13].isna().all()
    assert result.iloc[-1] == pytest.approx(0.5)


def test_week_change_can_be_negative():
    result = load.week_change(daily([0, 200, 0, 200, 0, 200, 0] + [0, 150, 0, 0, 150, 0, 0]))
    assert result.iloc[-1] == pytest.approx((300 - 600) / 600)


def test_week_change_is_nan_after_a_zero_week():
    result = load.week_change(daily([0.0] * 7 + [100.0] * 7))
    assert math.isnan(result.iloc[-1])
    assert_no_inf(result)


def test_week_change_is_nan_after_a_rest_week_that_followed_training():
    # Heavy, uneven week, then a rest week, then training again: the previous week is 0.
    result = load.week_change(daily([512.3, 88.8, 0.7, 1203.9, 45.1, 333.3, 12.6] + [0.0] * 7 + [100.0] * 7))
    assert result.iloc[13] == pytest.approx(-1.0)
    assert math.isnan(result.iloc[-1])


def test_week_change_of_empty_series_is_empty():
    assert load.week_change(daily([])).empty


# --------------------------------------------------------------------------- e1RM


def test_e1rm_epley_100kg_for_5():
    assert load.e1rm(100, 5) == pytest.approx(116.67, abs=0.005)
    assert load.e1rm(100, 5) == pytest.approx(100 * (1 + 5 / 30))


def test_e1rm_of_a_single_is_the_weight():
    assert load.e1rm(182.5, 1) == 182.5


def test_e1rm_of_ten_reps():
    assert load.e1rm(90, 10) == pytest.approx(120.0)


@pytest.mark.parametrize("reps", [0, -1, 0.5])
def test_e1rm_below_one_rep_is_nan(reps):
    assert math.isnan(load.e1rm(100, reps))


def test_e1rm_returns_a_plain_float_for_numbers():
    assert isinstance(load.e1rm(100, 5), float)


def test_e1rm_on_arrays():
    result = load.e1rm(np.array([100.0, 60.0, 140.0, 80.0]), np.array([5, 1, 3, 0]))
    np.testing.assert_allclose(result[:3], [100 * (1 + 5 / 30), 60.0, 140 * 1.1])
    assert math.isnan(result[3])


def test_e1rm_on_series_keeps_the_index():
    weights = pd.Series([100.0, 60.0], index=[10, 20])
    reps = pd.Series([5, 1], index=[10, 20])
    result = load.e1rm(weights, reps)
    assert isinstance(result, pd.Series)
    assert list(result.index) == [10, 20]
    assert result.tolist() == pytest.approx([100 * (1 + 5 / 30), 60.0])


# --------------------------------------------------------------------------- best_e1rm


def test_best_e1rm_drops_warm_ups_high_rep_and_unloaded_sets():
    frame = sets(
        ("2024-01-01", "squat", 200.0, 3, "warm-up"),  # warm-up: ignored even though heaviest
        ("2024-01-01", "squat", 100.0, 13, "working"),  # too many reps for Epley
        ("2024-01-01", "squat", 0.0, 5, "working"),  # no weight
        ("2024-01-01", "squat", 90.0, 12, "working"),  # 12 reps still counts
        ("2024-01-01", "squat", 100.0, 5, "working"),
    )
    result = load.best_e1rm(frame)
    assert list(result.columns) == ["date", "exercise", "e1rm", "best_so_far"]
    assert len(result) == 1
    assert result["e1rm"].iloc[0] == pytest.approx(max(90 * 1.4, 100 * (1 + 5 / 30)))


def test_best_e1rm_takes_each_days_best_and_keeps_a_running_max_per_lift():
    frame = sets(
        ("2024-01-08", "squat", 100.0, 5, "working"),  # 116.67 (a dip after the first day)
        ("2024-01-01", "squat", 120.0, 3, "working"),  # 132.0
        ("2024-01-01", "squat", 110.0, 1, "working"),  # 110.0
        ("2024-01-15", "squat", 130.0, 3, "working"),  # 143.0
        ("2024-01-01", "bench", 80.0, 5, "working"),  # 93.33
        ("2024-01-08", "bench", 75.0, 1, "working"),  # 75.0
    )
    result = load.best_e1rm(frame)
    squat = result[result["exercise"] == "squat"].sort_values("date")
    bench = result[result["exercise"] == "bench"].sort_values("date")
    assert list(squat["date"]) == [pd.Timestamp(d) for d in ("2024-01-01", "2024-01-08", "2024-01-15")]
    assert squat["e1rm"].tolist() == pytest.approx([132.0, 100 * (1 + 5 / 30), 143.0])
    assert squat["best_so_far"].tolist() == pytest.approx([132.0, 132.0, 143.0])
    assert bench["e1rm"].tolist() == pytest.approx([80 * (1 + 5 / 30), 75.0])
    assert bench["best_so_far"].tolist() == pytest.approx([80 * (1 + 5 / 30)] * 2)


def test_best_e1rm_with_only_warm_ups_is_empty_with_the_right_columns():
    result = load.best_e1rm(sets(("2024-01-01", "squat", 60.0, 5, "warm-up")))
    assert result.empty
    assert list(result.columns) == ["date", "exercise", "e1rm", "best_so_far"]


# --------------------------------------------------------------------------- inputs are never mutated


GAPPY_WITH_NAN = on_dates(
    {"2024-01-01": 100.0, "2024-01-02": float("nan"), "2024-01-05": 300.0, "2024-01-20": 50.0, "2024-02-10": 0.0}
)

SERIES_FUNCTIONS = {
    "ewma": partial(load.ewma, span=7),
    "rolling_mean": partial(load.rolling_mean, days=7),
    "acwr_ewma": load.acwr_ewma,
    "acwr_rolling_coupled": load.acwr_rolling,
    "acwr_rolling_uncoupled": partial(load.acwr_rolling, coupled=False),
    "monotony": load.monotony,
    "strain": load.strain,
    "week_change": load.week_change,
}


@pytest.mark.parametrize("name", list(SERIES_FUNCTIONS))
@pytest.mark.parametrize("series", [daily(HAND_WEEK * 5), GAPPY_WITH_NAN], ids=["full", "gappy"])
def test_series_functions_do_not_mutate_their_input(name, series):
    before = series.copy(deep=True)
    SERIES_FUNCTIONS[name](series)
    pd.testing.assert_series_equal(series, before)


@pytest.mark.parametrize("metric", list(load.METRICS))
def test_daily_load_does_not_mutate_sessions(metric):
    frame = sessions(("2024-01-03", 100), ("2024-01-01", None), ("2024-01-03", 20))
    before = copy.deepcopy(frame)
    load.daily_load(frame, metric, start="2023-12-30", end="2024-01-02")
    pd.testing.assert_frame_equal(frame, before)


def test_best_e1rm_does_not_mutate_sets():
    frame = sets(
        ("2024-01-02", "squat", 100.0, 5, "working"),
        ("2024-01-01", "squat", 60.0, 5, "warm-up"),
        ("2024-01-01", "bench", 80.0, 15, "working"),
    )
    before = copy.deepcopy(frame)
    load.best_e1rm(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_e1rm_does_not_mutate_series():
    weights, reps = pd.Series([100.0, 50.0]), pd.Series([5, 0])
    weights_before, reps_before = weights.copy(deep=True), reps.copy(deep=True)
    load.e1rm(weights, reps)
    pd.testing.assert_series_equal(weights, weights_before)
    pd.testing.assert_series_equal(reps, reps_before)


# --------------------------------------------------------------------------- properties

# Loads are in AU, kg or sets: 0 or at least 0.01 (tiny subnormal floats would only test
# underflow under scaling, not the maths).
load_value = st.one_of(
    st.just(0.0),
    st.integers(min_value=0, max_value=2000).map(float),
    st.floats(min_value=0.01, max_value=5000.0, allow_nan=False, allow_infinity=False),
)
load_lists = st.lists(load_value, min_size=1, max_size=70)


@FAST
@given(load_lists)
def test_property_coupled_rolling_acwr_is_between_zero_and_chronic_over_acute(values):
    ratio = load.acwr_rolling(daily(values), acute=7, chronic=28).dropna()
    assert (ratio >= 0).all()
    assert (ratio <= 28 / 7 + 1e-9).all(), ratio.max()


@FAST
@given(load_lists)
def test_property_ewma_acwr_is_finite_or_nan_never_inf(values):
    ratio = load.acwr_ewma(daily(values))
    assert_no_inf(ratio)
    assert (ratio.dropna() >= 0).all()


@FAST
@given(load_lists)
def test_property_monotony_and_week_change_are_never_inf(values):
    series = daily(values)
    assert_no_inf(load.monotony(series))
    assert_no_inf(load.strain(series))
    assert_no_inf(load.week_change(series))
    assert_no_inf(load.acwr_rolling(series, coupled=False))


session_rows = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=40),
        st.one_of(st.none(), st.just(float("nan")), st.integers(min_value=0, max_value=2000).map(float)),
    ),
    min_size=1,
    max_size=30,
)


@FAST
@given(session_rows)
def test_property_daily_load_total_equals_sum_of_sessions(rows):
    first = pd.Timestamp(START)
    frame = sessions(*[(first + pd.Timedelta(days=offset), value) for offset, value in rows])
    result = load.daily_load(frame)
    expected = sum(value for _, value in rows if value is not None and not math.isnan(value))
    assert result.sum() == pytest.approx(expected)
    offsets = [offset for offset, _ in rows]
    assert len(result) == max(offsets) - min(offsets) + 1


@FAST
@given(load_lists, st.sampled_from([0.01, 0.5, 2.0, 3.7, 1000.0]))
def test_property_scaling_all_loads_leaves_both_ratios_unchanged(values, factor):
    original = daily(values)
    scaled = original * factor
    same_nan_and_close(load.acwr_ewma(scaled), load.acwr_ewma(original))
    same_nan_and_close(load.acwr_rolling(scaled), load.acwr_rolling(original))
    same_nan_and_close(load.acwr_rolling(scaled, coupled=False), load.acwr_rolling(original, coupled=False))


def test_ewma_by_lfilter_equals_pandas_ewm_and_a_plain_loop():
    """Two independent implementations: pandas' own recursive EWM, and the recursion by hand."""
    rng = np.random.default_rng(7)
    series = daily(list(rng.choice([0.0, 0.0, 300.0, 455.0, 620.0], size=400)))
    for span in (7, 28):
        alpha = 2 / (span + 1)
        by_pandas = series.ewm(alpha=alpha, adjust=False).mean()
        by_hand, previous = [], None
        for value in series:
            previous = value if previous is None else alpha * value + (1 - alpha) * previous
            by_hand.append(previous)
        np.testing.assert_allclose(load.ewma(series, span).to_numpy(), by_pandas.to_numpy(), rtol=0, atol=1e-10)
        np.testing.assert_allclose(load.ewma(series, span).to_numpy(), by_hand, rtol=0, atol=1e-10)


def test_a_frame_of_athletes_gives_each_column_its_own_series_result():
    """Days × athletes in one pass: each athlete seeded on their own first day, NaN before it."""
    rng = np.random.default_rng(3)
    days = pd.date_range("2024-01-01", periods=300, freq="D", name="date", unit="us")
    columns = {}
    for athlete, start in ((1, 0), (2, 45), (3, 299)):
        values = np.full(300, np.nan)
        values[start:] = rng.choice([0.0, 250.0, 480.0], size=300 - start)
        columns[athlete] = values
    frame = pd.DataFrame(columns, index=days)
    together = load.acwr_ewma(frame)
    for athlete, start in ((1, 0), (2, 45), (3, 299)):
        alone = load.acwr_ewma(frame[athlete].iloc[start:])
        assert together[athlete].iloc[:start].isna().all()
        np.testing.assert_allclose(together[athlete].iloc[start:].to_numpy(), alone.to_numpy(), rtol=0, atol=1e-10, equal_nan=True)
        np.testing.assert_allclose(
            load.week_change(frame)[athlete].iloc[start:].to_numpy(), load.week_change(frame[athlete].iloc[start:]).to_numpy(), atol=1e-10, equal_nan=True
        )


@pytest.mark.parametrize("order", ["C", "F"])
def test_week_change_of_a_frame_is_each_weeks_own_sums_bit_for_bit_in_either_memory_order(order):
    """Each week summed on its own, oldest day first, as by hand; NaN after a zero week. The
    engine works in place in the frame's memory order (pandas hands out column-major arrays)."""
    rng = np.random.default_rng(7)
    values = rng.choice([0.0, 0.0, 0.0, 300.0, 455.5, 612.25], size=(120, 4))
    values[30:44, 2] = 0.0  # two weeks of rest: the change after them is NaN, never inf
    frame = pd.DataFrame(np.asarray(values, order=order), index=pd.date_range("2024-01-01", periods=120, freq="D", name="date", unit="us"))
    result = load.week_change(frame).to_numpy()
    expected = np.full(values.shape, np.nan)
    for athlete in range(values.shape[1]):
        for day in range(13, len(values)):
            week, previous = sum(values[day - 6 : day + 1, athlete]), sum(values[day - 13 : day - 6, athlete])
            expected[day, athlete] = (week - previous) / previous if previous != 0 else np.nan
    assert np.array_equal(result, expected, equal_nan=True)
    assert np.isnan(result[44:50, 2]).all() and not np.isinf(result).any()

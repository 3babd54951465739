"""tracker.summaries: the numbers behind the clinician report's words, on hand-made series."""

import datetime as dt

import pandas as pd
import pytest

from tracker import summaries

START = dt.date(2026, 1, 5)  # a Monday


def daily(values: list[float], first: dt.date = START) -> pd.Series:
    return pd.Series(values, index=pd.date_range(pd.Timestamp(first), periods=len(values), freq="D"), dtype=float)


def test_load_trend_compares_the_first_and_last_four_weeks_as_weekly_averages():
    series = daily([100.0] * 28 + [0.0] * 14 + [150.0] * 28)
    trend = summaries.load_trend(series, START, START + dt.timedelta(days=69))
    assert (trend.first_weekly, trend.last_weekly, trend.window_days) == (700.0, 1050.0, 28)
    assert trend.change == pytest.approx(0.5)


def test_load_trend_uses_half_the_range_when_short_and_none_under_two_weeks():
    series = daily([0.0] * 10 + [70.0] * 10)
    trend = summaries.load_trend(series, START, START + dt.timedelta(days=19))
    assert trend.window_days == 10 and trend.first_weekly == 0 and trend.last_weekly == 490 and trend.change is None
    assert summaries.load_trend(series, START, START + dt.timedelta(days=12)) is None
    assert summaries.load_trend(daily([]), START, START + dt.timedelta(days=30)) is None


def test_acwr_range_counts_only_days_with_a_full_chronic_window():
    assert summaries.acwr_range(daily([100.0] * 27), START, START + dt.timedelta(days=26)) is None
    steady = summaries.acwr_range(daily([100.0] * 40), START, START + dt.timedelta(days=39))
    assert steady.low == pytest.approx(1.0) and steady.high == pytest.approx(1.0)
    assert steady.last_on == START + dt.timedelta(days=39)


def test_acwr_range_finds_the_spike_after_a_steady_month():
    series = daily([100.0] * 35 + [300.0] * 7)
    found = summaries.acwr_range(series, START + dt.timedelta(days=28), START + dt.timedelta(days=41))
    # The acute average outruns the chronic one within the hard week; by its end the chronic catches up a little.
    assert START + dt.timedelta(days=35) <= found.high_on <= START + dt.timedelta(days=41) and found.high > 1.5
    assert found.last_on == START + dt.timedelta(days=41) and 1.3 < found.last < found.high
    assert found.low == pytest.approx(1.0) and found.low_on <= START + dt.timedelta(days=34)


def test_pain_course_first_peak_and_latest():
    pain = pd.DataFrame(
        {
            "recorded_at": pd.to_datetime(["2026-01-03 08:00", "2026-01-01 08:00", "2026-01-05 20:00", "2026-01-04 07:00"]),
            "pain": [6, 2, 3, 6],
        }
    )
    course = summaries.pain_course(pain)
    assert course.reports == 4
    assert (course.first.score, course.first.at.day) == (2, 1)
    assert (course.peak.score, course.peak.at.day) == (6, 3)  # the first of the two sixes
    assert (course.latest.score, course.latest.at.day) == (3, 5)
    assert summaries.pain_course(pain.iloc[0:0]) is None

"""tracker.science.weekly: calendar-week load, monotony, strain, sessions, hard sets and pain, checked by hand."""

from __future__ import annotations

import datetime as dt
import math
import statistics

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.science.weekly import WEEKLY_COLUMNS, pain_days, week_start, weekly_summary
from tracker.store import PAIN_COLUMNS, SESSION_COLUMNS

MONDAY = dt.date(2026, 3, 2)  # a Monday


def day(offset: int) -> dt.date:
    return MONDAY + dt.timedelta(days=offset)


def sessions(rows: list[tuple[dt.date, float, int]]) -> pd.DataFrame:
    """A frame shaped like store.sessions_frame from (date, sRPE load, hard sets)."""
    frame = pd.DataFrame({column: [None] * len(rows) for column in SESSION_COLUMNS})
    frame["session_id"] = range(1, len(rows) + 1)
    frame["date"] = pd.to_datetime([r[0] for r in rows]).astype("datetime64[us]")
    frame["srpe_load"] = [float(r[1]) for r in rows]
    frame["tonnage"] = [float(r[1]) * 10 for r in rows]
    frame["spinal_tonnage"] = 0.0
    frame["hard_sets"] = [r[2] for r in rows]
    return frame


def pain(rows: list[tuple[dt.datetime, int]]) -> pd.DataFrame:
    """A frame shaped like store.pain_frame from (recorded_at, score)."""
    frame = pd.DataFrame({column: [None] * len(rows) for column in PAIN_COLUMNS})
    frame["pain_id"] = range(1, len(rows) + 1)
    frame["recorded_at"] = pd.to_datetime([r[0] for r in rows]).astype("datetime64[us]")
    frame["pain"] = [r[1] for r in rows]
    frame["region"] = "low back centre"
    frame.insert(2, "date", frame["recorded_at"].dt.normalize())
    return frame


def no_pain() -> pd.DataFrame:
    return pain([])


# Two full weeks, by hand.
# Week 1 (Mon 2 - Sun 8 March): Mon 300, Wed 400, Fri 500 -> days 300,0,400,0,500,0,0.
# Week 2 (Mon 9 - Sun 15 March): Mon 600, Tue 300, Thu 400 + 200 (two sessions), Sat 300
#   -> days 600,300,0,600,0,300,0 (1800).
TWO_WEEKS = [
    (day(0), 300, 10),
    (day(2), 400, 12),
    (day(4), 500, 14),
    (day(7), 600, 15),
    (day(8), 300, 8),
    (day(10), 400, 10),
    (day(10), 200, 5),
    (day(12), 300, 8),
]
TWO_WEEKS_PAIN = [
    (dt.datetime(2026, 2, 20, 9, 0), 7),  # before the first session's week: left out
    (dt.datetime(2026, 3, 3, 8, 0), 2),
    (dt.datetime(2026, 3, 8, 21, 30), 4),  # Sunday night still belongs to week 1
    (dt.datetime(2026, 3, 16, 7, 0), 9),  # after the last session's week: left out
]


def by_hand(days: list[float]) -> tuple[float, float]:
    """(monotony, strain) from the definitions: mean / sample SD, and total x monotony."""
    mean = sum(days) / len(days)
    sd = math.sqrt(sum((d - mean) ** 2 for d in days) / (len(days) - 1))
    return mean / sd, sum(days) * mean / sd


def test_two_hand_computed_weeks():
    summary = weekly_summary(sessions(TWO_WEEKS), pain(TWO_WEEKS_PAIN), end=day(13))  # through Sunday 15 March

    assert list(summary.columns) == WEEKLY_COLUMNS
    assert list(summary.index) == [pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-09")]
    first, second = summary.iloc[0], summary.iloc[1]

    assert first["load"] == 1200 and second["load"] == 1800
    assert math.isnan(first["week_change"])
    assert second["week_change"] == pytest.approx(0.5)  # (1800 - 1200) / 1200

    # Week 1: mean 1200/7 = 171.43, sample SD sqrt((500000 - 1200^2/7) / 6) = 221.470.
    assert first["monotony"] == pytest.approx(0.774059, abs=1e-6)
    assert first["strain"] == pytest.approx(928.871, abs=1e-3)
    week_1_days = [300, 0, 400, 0, 500, 0, 0]
    assert first["monotony"] == pytest.approx(statistics.mean(week_1_days) / statistics.stdev(week_1_days))
    assert (first["monotony"], first["strain"]) == pytest.approx(by_hand(week_1_days))
    # Week 2: the two Thursday sessions add up to one day of 600.
    week_2_days = [600, 300, 0, 600, 0, 300, 0]
    assert (second["monotony"], second["strain"]) == pytest.approx(by_hand(week_2_days))
    assert second["strain"] == pytest.approx(1800 * statistics.mean(week_2_days) / statistics.stdev(week_2_days))

    assert first["sessions"] == 3 and second["sessions"] == 5
    assert first["hard_sets"] == 36 and second["hard_sets"] == 46
    assert first["pain_max"] == 4
    assert math.isnan(second["pain_max"])


def test_by_default_the_last_week_ends_with_the_last_session():
    # The last session is on Saturday 14 March: week 2 is Monday to Saturday, 600,300,0,600,0,300.
    summary = weekly_summary(sessions(TWO_WEEKS), pain(TWO_WEEKS_PAIN))
    assert len(summary) == 2 and summary.iloc[1]["load"] == 1800
    # The last week is a part-week (six days): monotony and strain wait for the whole week.
    assert math.isnan(summary.iloc[1]["monotony"]) and math.isnan(summary.iloc[1]["strain"])


def test_other_metrics_total_their_own_column():
    summary = weekly_summary(sessions(TWO_WEEKS), no_pain(), metric="tonnage")
    assert summary["load"].tolist() == [12000, 18000]
    with pytest.raises(ValueError, match="metric"):
        weekly_summary(sessions(TWO_WEEKS), no_pain(), metric="volume")


def test_weeks_start_on_monday():
    # Sunday 8 March and Monday 9 March fall in different weeks; a Wednesday start belongs
    # to the week that began on the Monday before it.
    data = sessions([(day(-5), 100, 1), (day(6), 200, 2), (day(7), 300, 3)])
    summary = weekly_summary(data, no_pain())
    assert summary.index.name == "week"
    assert summary.index.dtype == "datetime64[us]"
    assert list(summary.index) == [pd.Timestamp("2026-02-23"), pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-09")]
    assert all(stamp.weekday() == 0 for stamp in summary.index)
    assert summary["load"].tolist() == [100, 200, 300]
    assert summary.index.is_monotonic_increasing


def test_days_before_the_first_session_count_as_rest():
    # First session on a Thursday: Monday to Wednesday of that week are rest days, so the
    # week is a full 7 days: 0,0,0,700,0,0,0.
    summary = weekly_summary(sessions([(day(3), 700, 5), (day(8), 100, 1)]), no_pain())
    assert summary.iloc[0]["monotony"] == pytest.approx(by_hand([0, 0, 0, 700, 0, 0, 0])[0])


def test_an_empty_week_between_has_zero_load():
    data = sessions([(day(0), 300, 4), (day(2), 300, 4), (day(14), 500, 6)])
    summary = weekly_summary(data, no_pain())
    assert len(summary) == 3
    gap = summary.iloc[1]
    assert gap["load"] == 0 and gap["sessions"] == 0 and gap["hard_sets"] == 0
    assert gap["week_change"] == -1.0
    assert math.isnan(gap["monotony"]) and math.isnan(gap["strain"])  # seven identical days: SD 0
    assert math.isnan(summary.iloc[2]["week_change"])  # previous week's load is 0


def test_identical_days_give_nan_not_infinity():
    data = sessions([(day(offset), 200, 3) for offset in range(7)])
    summary = weekly_summary(data, no_pain())
    assert math.isnan(summary.iloc[0]["monotony"]) and math.isnan(summary.iloc[0]["strain"])
    assert summary.iloc[0]["load"] == 1400


def test_end_adds_a_partial_week_over_the_days_present():
    # Last session Monday 9 March; end Wednesday 11 March: week 2 has 3 days, 300,0,0.
    data = sessions([(day(0), 300, 4), (day(2), 600, 4), (day(7), 300, 2)])
    summary = weekly_summary(data, pain([(dt.datetime(2026, 3, 11, 7, 0), 3)]), end=day(9))
    partial = summary.iloc[-1]
    assert partial["load"] == 300
    assert math.isnan(partial["monotony"]) and math.isnan(partial["strain"])  # a part-week has no monotony yet
    assert partial["week_change"] == pytest.approx(-2 / 3)
    assert partial["pain_max"] == 3

    # An end past the last session adds weeks of rest.
    later = weekly_summary(data, no_pain(), end=day(22))
    assert list(later.index[-2:]) == [pd.Timestamp("2026-03-16"), pd.Timestamp("2026-03-23")]
    assert later["load"].iloc[-2:].tolist() == [0, 0]
    assert later["sessions"].iloc[-2:].tolist() == [0, 0]


def test_end_leaves_later_sessions_and_pain_out():
    summary = weekly_summary(sessions(TWO_WEEKS), pain(TWO_WEEKS_PAIN), end=day(6))
    assert len(summary) == 1
    assert summary.iloc[0]["load"] == 1200 and summary.iloc[0]["sessions"] == 3
    assert weekly_summary(sessions(TWO_WEEKS), pain(TWO_WEEKS_PAIN), end=day(-1)).empty


def test_a_single_day_week_has_no_monotony():
    summary = weekly_summary(sessions([(day(0), 300, 4)]), no_pain())
    assert len(summary) == 1 and summary.iloc[0]["load"] == 300
    assert math.isnan(summary.iloc[0]["monotony"])


def test_empty_inputs_give_an_empty_frame_with_the_columns():
    summary = weekly_summary(sessions([]), no_pain())
    assert summary.empty
    assert list(summary.columns) == WEEKLY_COLUMNS
    assert summary.index.name == "week"
    assert summary.index.dtype == "datetime64[us]"
    # Pain alone does not make weeks: rows start at the first session.
    assert weekly_summary(sessions([]), pain(TWO_WEEKS_PAIN)).empty
    # Sessions without any pain: pain_max is NaN throughout.
    assert weekly_summary(sessions(TWO_WEEKS), no_pain())["pain_max"].isna().all()


def test_inputs_are_unchanged():
    data, reports = sessions(TWO_WEEKS), pain(TWO_WEEKS_PAIN)
    before_data, before_reports = data.copy(deep=True), reports.copy(deep=True)
    weekly_summary(data, reports, end=day(20))
    pd.testing.assert_frame_equal(data, before_data)
    pd.testing.assert_frame_equal(reports, before_reports)


def test_missing_loads_count_as_zero():
    data = sessions(TWO_WEEKS)
    data.loc[0, "srpe_load"] = np.nan  # a session logged without RPE
    summary = weekly_summary(data, no_pain())
    assert summary.iloc[0]["load"] == 900 and summary.iloc[0]["sessions"] == 3


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=60), st.floats(min_value=0, max_value=2000), st.integers(0, 30)),
        min_size=1,
        max_size=40,
    )
)
def test_weeks_add_up_to_the_sessions(rows):
    data = sessions([(day(offset), load, hard) for offset, load, hard in rows])
    summary = weekly_summary(data, no_pain())
    assert summary["load"].sum() == pytest.approx(sum(load for _, load, _ in rows))
    assert summary["sessions"].sum() == len(rows)
    assert summary["hard_sets"].sum() == sum(hard for _, _, hard in rows)
    # Consecutive Mondays, from the first session's week to the last one's.
    assert (summary.index.to_series().diff().dropna() == pd.Timedelta(days=7)).all()
    first, last = min(o for o, _, _ in rows), max(o for o, _, _ in rows)
    assert summary.index[0] == pd.Timestamp(day(first - day(first).weekday()))
    assert summary.index[-1] == pd.Timestamp(day(last - day(last).weekday()))
    assert ((summary["monotony"] > 0) | summary["monotony"].isna()).all()


def test_week_start_of_numpy_datetimes_is_pandas_monday_for_any_date_and_keeps_missing_ones():
    """The numpy path (a column of numpy datetimes, as the store reads dates) against pandas'
    own calendar, before and after 1970, at any time of day, NaT kept."""
    rng = np.random.default_rng(5)
    stamps = pd.to_datetime(rng.integers(-40 * 365 * 86_400, 60 * 365 * 86_400, size=500), unit="s").astype("datetime64[us]")
    dates = pd.Series(stamps, index=np.arange(500) * 3, name="date")
    dates.iloc[7] = pd.NaT
    mondays = week_start(dates)
    expected = dates.dt.normalize() - pd.to_timedelta(dates.dt.day_of_week, unit="D")
    pd.testing.assert_series_equal(mondays, expected)
    assert (mondays.dropna().dt.day_of_week == 0).all() and mondays.isna().sum() == 1


def test_pain_days_are_the_calendar_days_of_numpy_datetimes_and_of_text_alike():
    """A store frame's datetimes are floored in numpy, anything else through pandas: the same days
    (a second before midnight, before 1970, none)."""
    when = pd.Series(pd.to_datetime(["2026-03-01 23:59:59.999999", None, "1969-12-31 23:00:00.000001", "2026-03-02 00:00:00.000000"]).astype("datetime64[us]"))
    expected = [pd.Timestamp("2026-03-01"), pd.NaT, pd.Timestamp("1969-12-31"), pd.Timestamp("2026-03-02")]
    for frame in (pd.DataFrame({"recorded_at": when}), pd.DataFrame({"date": when, "recorded_at": when.astype(str)}), pd.DataFrame({"recorded_at": when.astype(str)})):
        days = pain_days(frame)
        assert list(days) == expected and days.name == ("date" if "date" in frame else "recorded_at")

"""The load picture on one date, computed from a sessions frame."""

import datetime as dt
import math

import pandas as pd

from tracker.status import load_status

ON = dt.date(2026, 3, 31)


def sessions(loads_by_days_ago: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime([ON - dt.timedelta(days=age) for age in loads_by_days_ago]),
            "srpe_load": list(loads_by_days_ago.values()),
        }
    )


def test_steady_daily_training_is_in_range():
    status = load_status(sessions({age: 400.0 for age in range(60)}), athlete="A", on=ON)
    assert status.acwr_ewma == 1.0 and status.acwr_rolling == 1.0
    assert status.acwr_zone == "in range"
    assert status.acute_load == 2800 and status.chronic_load == 2800
    assert status.week_change == 0.0
    assert math.isnan(status.monotony)  # identical days: no variation, monotony undefined
    assert status.sessions_last_7_days == 7


def test_rest_days_up_to_the_date_count():
    # Trained daily until 10 days before ON, then nothing: the last week is empty.
    status = load_status(sessions({age: 400.0 for age in range(10, 70)}), athlete="A", on=ON)
    assert status.acute_load == 0
    assert status.acwr_zone == "low"
    assert status.last_session == ON - dt.timedelta(days=10)
    assert status.week_change == -1.0


def test_sessions_after_the_date_are_ignored():
    data = sessions({age: 400.0 for age in range(60)})
    later = pd.DataFrame({"date": [pd.Timestamp(ON + dt.timedelta(days=1))], "srpe_load": [5000.0]})
    status = load_status(pd.concat([data, later]), athlete="A", on=ON)
    assert status.acwr_ewma == 1.0


def test_new_lifter_gets_a_week_total_but_no_judgement():
    status = load_status(sessions({2: 300.0, 0: 500.0}), athlete="A", on=ON)
    assert status.acute_load == 800
    assert math.isnan(status.chronic_load) and math.isnan(status.acwr_rolling)
    assert status.acwr_zone == "not enough history"
    assert status.days_of_history == 3


def test_no_sessions_at_all():
    status = load_status(sessions({}), athlete="A", on=ON)
    assert status.days_of_history == 0 and status.last_session is None
    assert math.isnan(status.acwr_ewma)
    assert status.to_dict()["acwr_ewma"] is None


def test_to_dict_is_json_ready():
    status = load_status(sessions({age: 100.0 * (age % 3) for age in range(40)}), athlete="A", on=ON)
    out = status.to_dict()
    assert out["date"] == "2026-03-31"
    assert all(not isinstance(value, float) or math.isfinite(value) for value in out.values())

"""Tests for tracker.roster on the demo database (built once per module with a fixed `today`)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from sqlmodel import Session

from tracker import store
from tracker.db import open_engine
from tracker.demo import DEMO_ATHLETES
from tracker.derived import TREND_DAYS, concern_score
from tracker.errors import NotFoundError
from tracker.roster import COLUMNS, roster
from tracker.science import load
from tracker.status import athlete_report

TODAY = dt.date(2026, 6, 30)
EMPTY = "Zed Nosessions"


@pytest.fixture(scope="module")
def engine(demo_database):
    engine = open_engine(demo_database(TODAY))
    with Session(engine) as db:
        store.create_athlete(db, data={"name": EMPTY})
    yield engine
    engine.dispose()


def ids(db: Session) -> dict[str, int]:
    return {a.name: a.id for a in store.list_athletes(db)}


@pytest.fixture(scope="module")
def table(engine) -> pd.DataFrame:
    with Session(engine) as db:
        return roster(db, athlete_ids=list(ids(db).values()), on=TODAY)


def row(table: pd.DataFrame, name: str) -> pd.Series:
    return table.set_index("athlete").loc[name]


def test_one_row_per_athlete_with_the_documented_columns(table):
    assert list(table.columns) == COLUMNS
    assert sorted(table["athlete"]) == sorted([*DEMO_ATHLETES, EMPTY])
    assert table["metric"].eq("srpe").all()  # every demo session has a session RPE


def test_the_urgent_athlete_comes_first_then_the_ramping_ones(table):
    names = list(table["athlete"])
    drew, alex = row(table, "Drew Leg"), row(table, "Alex Ramp")
    assert names[0] == "Drew Leg"
    assert drew["triage"] == "urgent" and drew["triage_rank"] == 2
    assert alex["acwr_ewma"] > 1.5 and alex["acwr_zone"] == "high" and alex["triage"] == "none"
    # Blair (back from a break at full load) is in the high zone too, with a higher ratio than
    # Alex, so the documented order puts Blair second and Alex third.
    assert names[1:3] == ["Blair Return", "Alex Ramp"]
    assert row(table, "Blair Return")["acwr_ewma"] > alex["acwr_ewma"]


def test_rows_follow_the_documented_order(table):
    zone_order = ["high", "elevated", "low", "in range"]
    keys = [
        (
            -r.triage_rank,
            zone_order.index(r.acwr_zone) if r.acwr_zone in zone_order else len(zone_order),
            -r.acwr_ewma if not math.isnan(r.acwr_ewma) else math.inf,
            r.athlete.casefold(),
        )
        for r in table.itertuples()
    ]
    assert keys == sorted(keys)
    assert list(table["concern"]) == [concern_score(r.triage_rank, r.acwr_zone) for r in table.itertuples()]
    assert table["concern"].is_monotonic_decreasing


def test_phases_match_each_athletes_own_advice(db, table):
    settings = store.get_advice_settings(db)
    for name in DEMO_ATHLETES:
        athlete = store.get_athlete_by_name(db, name=name)
        report = athlete_report(db, athlete=athlete, on=TODAY, settings=settings)  # reads all sets
        names = [phase.phase for phase in report.advice.phases]
        r = row(table, name)
        assert r["phases"] == ", ".join(names), name
        assert r["phase"] == (names[0] if names else ""), name
        assert r["triage"] == report.advice.triage.level.label, name
        assert r["acwr_ewma"] == pytest.approx(report.status.acwr_ewma), name
        assert r["acwr_zone"] == report.status.acwr_zone, name
        assert r["week_change"] == pytest.approx(report.status.week_change, nan_ok=True), name
        assert r["metric"] == report.status.metric, name
        assert r["days_since_session"] == (TODAY - report.status.last_session).days, name
    assert row(table, "Casey Steady")["phase"] == "build"


def test_trend_is_the_last_28_daily_loads(db, table):
    alex = row(table, "Alex Ramp")
    sessions = store.sessions_frame(db, athlete_id=ids(db)["Alex Ramp"])
    daily = load.daily_load(sessions, "srpe", end=TODAY)
    assert len(alex["trend"]) == TREND_DAYS
    assert all(isinstance(value, float) for value in alex["trend"])
    assert daily.index[-1] == pd.Timestamp(TODAY) and daily.iloc[-1] > 0  # Alex trained today
    assert alex["trend"][-1] == pytest.approx(daily.iloc[-1])
    assert alex["trend"] == pytest.approx(list(daily.iloc[-TREND_DAYS:]))
    assert all(len(trend) == TREND_DAYS for trend in table["trend"])


def test_days_since_session_and_last_pain_match_the_frames(db, table):
    for name in DEMO_ATHLETES:
        aid = ids(db)[name]
        last_session = store.sessions_frame(db, athlete_id=aid, end=TODAY)["date"].max().date()
        r = row(table, name)
        assert isinstance(r["days_since_session"], int), name
        assert r["days_since_session"] == (TODAY - last_session).days, name
        pain = store.pain_frame(db, athlete_id=aid, end=TODAY)
        assert r["last_pain"] == pain["pain"].iloc[-1], name
        assert r["last_pain_date"] == pain["recorded_at"].iloc[-1].date(), name
    assert row(table, "Alex Ramp")["days_since_session"] == 0


def test_an_athlete_without_sessions_has_nan_figures_and_sorts_last(table):
    assert table["athlete"].iloc[-1] == EMPTY
    empty = row(table, EMPTY)
    for column in ("acwr_ewma", "week_change", "last_pain", "days_since_session"):
        assert math.isnan(empty[column]), column
    assert empty["last_pain_date"] is None
    assert empty["triage"] == "none" and empty["phase"] == "" and empty["phases"] == ""
    assert empty["trend"] == [0.0] * TREND_DAYS


def test_athlete_ids_limit_the_rows(db):
    known = ids(db)
    chosen = [known["Casey Steady"], known["Drew Leg"], known["Casey Steady"]]
    table = roster(db, athlete_ids=chosen, on=TODAY)
    assert list(table["athlete"]) == ["Drew Leg", "Casey Steady"]
    assert roster(db, athlete_ids=[], on=TODAY).empty


def test_unknown_ids_and_metrics_are_refused(db):
    with pytest.raises(NotFoundError, match="999999"):
        roster(db, athlete_ids=[999999], on=TODAY)
    with pytest.raises(ValueError, match="metric"):
        roster(db, athlete_ids=list(ids(db).values()), on=TODAY, metric="vibes")


def test_another_metric_is_used_when_asked(db):
    table = roster(db, athlete_ids=[ids(db)["Alex Ramp"]], on=TODAY, metric="tonnage")
    alex = table.iloc[0]
    sessions = store.sessions_frame(db, athlete_id=ids(db)["Alex Ramp"])
    assert alex["metric"] == "tonnage"
    assert alex["trend"][-1] == pytest.approx(load.daily_load(sessions, "tonnage", end=TODAY).iloc[-1])


def test_sets_are_read_only_for_reload_starting_weights_and_settings_once(db, monkeypatch):
    """The rules read the counts stored on each session; sets are read only where a reason's
    wording needs them (reload's starting weights), and the thresholds once for the squad."""
    calls, settings_calls = [], []
    real_sets, real_settings = store.sets_frame, store.get_advice_settings

    def recording_sets(db, *, athlete_id, start=None, end=None):
        calls.append(athlete_id)
        return real_sets(db, athlete_id=athlete_id, start=start, end=end)

    def recording_settings(db):
        settings_calls.append(1)
        return real_settings(db)

    monkeypatch.setattr(store, "sets_frame", recording_sets)
    monkeypatch.setattr(store, "get_advice_settings", recording_settings)
    table = roster(db, athlete_ids=list(ids(db).values()), on=TODAY)
    reloading = {row.athlete_id for row in table.itertuples() if "reload" in row.phases}
    assert reloading and set(calls) == reloading
    assert settings_calls == [1]


def test_a_past_date_ignores_later_data(db):
    """On an earlier date, sessions and pain after it count for nothing."""
    earlier = TODAY - dt.timedelta(days=30)
    table = roster(db, athlete_ids=[ids(db)["Drew Leg"]], on=earlier)
    drew = table.iloc[0]
    sessions = store.sessions_frame(db, athlete_id=ids(db)["Drew Leg"], end=earlier)
    assert drew["days_since_session"] == (earlier - sessions["date"].max().date()).days
    assert drew["triage"] == "none"  # Drew's leg symptoms start within the last three weeks
    assert math.isnan(drew["last_pain"]) or drew["last_pain_date"] <= earlier


def test_srpe_falls_back_when_sessions_lack_a_session_rpe(database_url):
    """Imported history has no session RPE: the roster says which metric it used instead."""
    engine = open_engine(database_url)
    try:
        with Session(engine) as db:
            athlete = store.create_athlete(db, data={"name": "Imported Lifter"})
            for back in range(39, -1, -3):  # every third day, today included
                day = TODAY - dt.timedelta(days=back)
                sets = [{"exercise": "Squat (Barbell)", "reps": 5, "weight": 100 + back % 7, "unit": "kg"}] * 3
                store.add_session(db, athlete_id=athlete.id, data={"date": day, "sets": sets})
            table = roster(db, athlete_ids=[athlete.id], on=TODAY)
            report = athlete_report(db, athlete=athlete, on=TODAY)
    finally:
        engine.dispose()
    r = table.iloc[0]
    assert r["metric"] == "tonnage" == report.status.metric
    assert r["acwr_ewma"] == pytest.approx(report.status.acwr_ewma)
    assert r["acwr_zone"] == report.status.acwr_zone
    assert r["trend"][-1] == pytest.approx(3 * 5 * 100)  # today's tonnage: 3 sets x 5 reps x 100 kg

"""Tests for tracker.demo: the six demo athletes and the pattern each one's data must show.

The demo is built once per module into a real SQLite file with a fixed `today`; every figure
is computed the way the app will compute it: tracker.store frames fed to tracker.science.load.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlmodel import Session, func, select

from tracker import store
from tracker.catalogue import CATALOGUE
from tracker.db import open_engine
from tracker.demo import DEMO_ATHLETES, DEMO_STORIES, HISTORY_DAYS, DemoResult, build_demo
from tracker.errors import ValidationError
from tracker.models import Athlete, Exercise, ExerciseSet, PainEntry, TrainingSession
from tracker.science import load
from tracker.science.units import KG_PER_LB
from tracker.vocab import RedFlag

TODAY = dt.date(2026, 6, 30)
LOWER_BODY = {"squat", "hinge", "single-leg"}
CATALOGUE_NAMES = {entry.name for entry in CATALOGUE}


@pytest.fixture(scope="module")
def built(databases):
    engine = open_engine(databases.new())
    with Session(engine) as db:
        result = build_demo(db, today=TODAY)
    yield engine, result
    engine.dispose()


@pytest.fixture
def db(built):
    engine, _ = built
    with Session(engine) as session:
        yield session


def athlete_id(db: Session, name: str) -> int:
    return store.get_athlete_by_name(db, name=name).id


def daily_srpe(db: Session, name: str) -> pd.Series:
    sessions = store.sessions_frame(db, athlete_id=athlete_id(db, name))
    return load.daily_load(sessions, "srpe", end=TODAY)


def on_today(series: pd.Series) -> float:
    assert series.index[-1] == pd.Timestamp(TODAY)
    return float(series.iloc[-1])


def pain_since(db: Session, name: str, days: int) -> pd.DataFrame:
    """Pain entries of the last `days` days, today included."""
    return store.pain_frame(db, athlete_id=athlete_id(db, name), start=TODAY - dt.timedelta(days=days - 1), end=TODAY)


def counts(db: Session) -> dict[str, int]:
    return {
        table.__name__: db.exec(select(func.count()).select_from(table)).one()
        for table in (Athlete, TrainingSession, ExerciseSet, PainEntry, Exercise)
    }


def snapshot(db: Session) -> dict[str, list]:
    """Everything the demo wrote, without database ids (which change on a rebuild)."""
    out = {}
    for name in DEMO_ATHLETES:
        aid = athlete_id(db, name)
        sessions = store.sessions_frame(db, athlete_id=aid).drop(columns="session_id")
        sets = store.sets_frame(db, athlete_id=aid).drop(columns=["set_id", "session_id"])
        pain = store.pain_frame(db, athlete_id=aid).drop(columns=["pain_id", "session_id"])
        out[name] = [frame.astype(str).to_numpy().tolist() for frame in (sessions, sets, pain)]
    return out


# --------------------------------------------------------------------------- the roster


def test_seven_athletes_are_created_with_a_story_each(built, db):
    _, result = built
    assert isinstance(result, DemoResult)
    assert result.created == list(DEMO_ATHLETES) and result.skipped == []
    assert len(DEMO_ATHLETES) == 7
    assert sorted(a.name for a in store.list_athletes(db)) == sorted(DEMO_ATHLETES)
    assert list(DEMO_STORIES) == list(DEMO_ATHLETES)
    for story in DEMO_STORIES.values():
        assert story.strip() and "\n" not in story


def test_blair_logs_in_pounds_and_the_others_in_kilograms(db):
    units = {a.name: a.unit for a in store.list_athletes(db)}
    assert units == {name: ("lb" if name == "Blair Return" else "kg") for name in DEMO_ATHLETES}


@pytest.mark.parametrize("name", DEMO_ATHLETES)
def test_each_athlete_has_about_six_months_of_history(db, name):
    sessions = store.sessions_frame(db, athlete_id=athlete_id(db, name))
    first, last = sessions["date"].min().date(), sessions["date"].max().date()
    assert 170 <= (TODAY - first).days <= 190
    assert last <= TODAY and (TODAY - last).days <= 3
    assert (TODAY - first).days < HISTORY_DAYS


@pytest.mark.parametrize("name", DEMO_ATHLETES)
def test_sessions_look_like_real_lifting_sessions(db, name):
    aid = athlete_id(db, name)
    sessions = store.sessions_frame(db, athlete_id=aid)
    sets = store.sets_frame(db, athlete_id=aid)
    assert sessions["name"].isin({"Lower A", "Upper A", "Lower B", "Upper B", "Full Body", "Deload"}).all()
    assert sessions["rpe"].between(5, 9).all()
    assert sessions["duration_min"].between(45, 100).all()
    assert sessions["start_time"].notna().all()
    assert sessions["srpe_load"].notna().all()
    assert sessions[["sleep_hours", "stress"]].notna().any(axis=None), "some sessions carry wellness"
    assert sessions["notes"].notna().any()
    assert set(sets["kind"]) == {"warm-up", "working"}
    # Every lift has warm-ups before its working sets, and 3-5 (plus back-off) working sets.
    working = sets[sets["kind"] == "working"]
    per_lift = working.groupby(["session_id", "exercise"]).size()
    assert per_lift.between(1, 8).all() and per_lift.median() >= 3
    weighted = working[working["weight_kg"] > 0]
    assert weighted["weight_kg"].max() < 200
    if name != "Blair Return":
        assert ((weighted["weight_kg"] / 2.5).round(9) % 1 == 0).all(), "kg loads are in 2.5 kg steps"


# --------------------------------------------------------------------------- exercises


def test_every_exercise_used_is_in_the_catalogue(db):
    for name in DEMO_ATHLETES:
        sets = store.sets_frame(db, athlete_id=athlete_id(db, name))
        assert set(sets["exercise"]) <= CATALOGUE_NAMES
        assert (sets["pattern"] != "other").all()
    # Nothing was added to the exercise table: an unknown name would have created an "other".
    exercises = store.list_exercises(db)
    assert {e.name for e in exercises} == CATALOGUE_NAMES
    assert len(exercises) == len(CATALOGUE)


# --------------------------------------------------------------------------- the six stories


def test_alex_ramps_up_sharply_with_back_pain_building(db):
    daily = daily_srpe(db, "Alex Ramp")
    assert on_today(load.acwr_ewma(daily)) > 1.5
    assert on_today(load.week_change(daily)) > 0.15

    aid = athlete_id(db, "Alex Ramp")
    sessions = store.sessions_frame(db, athlete_id=aid)
    per_week = [
        sessions["date"].between(pd.Timestamp(TODAY - dt.timedelta(days=7 * k + 6)), pd.Timestamp(TODAY - dt.timedelta(days=7 * k))).sum()
        for k in range(6)
    ]
    assert per_week[0] == 6 and per_week[1] == 5 and per_week[3:] == [3, 3, 3]
    sets = store.sets_frame(db, athlete_id=aid, start=TODAY - dt.timedelta(days=13))
    assert (sets["pattern"] == "trunk").sum() <= 2
    late_deadlifts = sets[(sets["exercise"] == "Deadlift (Barbell)") & (sets["rpe"] >= 9)]
    assert len(late_deadlifts) > 0 and late_deadlifts["rpe"].max() == 10

    pain = store.pain_frame(db, athlete_id=aid)
    assert pain["date"].min() >= pd.Timestamp(TODAY - dt.timedelta(days=10))
    assert pain["pain"].iloc[0] == 3 and pain["pain"].iloc[-1] == 4 and pain["pain"].is_monotonic_increasing
    assert set(pain["region"]) == {"low back centre"}
    assert set(pain["quality"]) == {"dull ache"}  # load soreness: sharp pain would send Alex to an assessment
    assert {"after session", "during session"} <= set(pain["timing"])
    assert pain["worse_bending"].all()
    assert not pain[["below_knee", "pins_and_needles", "one_leg_weakness"]].any(axis=None)
    during = pain[pain["timing"] == "during session"].iloc[-1]
    linked = sets[sets["session_id"] == during["session_id"]]
    assert "Deadlift (Barbell)" in set(linked["exercise"])


def test_blair_returns_from_a_break_straight_to_full_load(db):
    aid = athlete_id(db, "Blair Return")
    sessions = store.sessions_frame(db, athlete_id=aid)
    dates = sorted({d.date() for d in sessions["date"]})
    gaps = [(later - earlier).days - 1 for earlier, later in zip(dates, dates[1:]) if later >= TODAY - dt.timedelta(days=6)]
    assert max(gaps) >= 14
    assert sum(d >= TODAY - dt.timedelta(days=6) for d in dates) >= 3
    assert on_today(load.acwr_ewma(daily_srpe(db, "Blair Return"))) > 1.3
    pain = store.pain_frame(db, athlete_id=aid)
    assert pain.empty or pain["pain"].max() <= 2
    # Same working weights after the break as before it.
    sets = store.sets_frame(db, athlete_id=aid)
    squats = sets[(sets["exercise"] == "Squat (Barbell)") & (sets["kind"] == "working")]
    before = squats[squats["date"] < pd.Timestamp(TODAY - dt.timedelta(days=20))]["weight_kg"].iloc[-1]
    after = squats[squats["date"] > pd.Timestamp(TODAY - dt.timedelta(days=6))]["weight_kg"].iloc[-1]
    assert after == pytest.approx(before)


def test_blair_weights_entered_in_pounds_are_stored_in_kilograms(db):
    sets = store.sets_frame(db, athlete_id=athlete_id(db, "Blair Return"))
    weighted = sets[sets["weight_kg"] > 0]
    assert (weighted["weight_kg"].round(2) == 102.06).any()  # 225 lb, a classic warm-up
    assert 225 * KG_PER_LB == pytest.approx(102.06, abs=0.005)
    in_lb = weighted["weight_kg"] / KG_PER_LB
    assert ((in_lb / 5).round(6) % 1 == 0).all(), "every load is a whole 5 lb step"
    assert weighted["weight_kg"].max() < 200  # kilograms, not the pounds typed in


def test_casey_trains_steadily(db):
    daily = daily_srpe(db, "Casey Steady")
    assert 0.8 <= on_today(load.acwr_ewma(daily)) <= 1.3
    assert 0.8 <= on_today(load.acwr_rolling(daily)) <= 1.3
    aid = athlete_id(db, "Casey Steady")
    pain = store.pain_frame(db, athlete_id=aid)
    assert len(pain) <= 1 and (pain["pain"] <= 1).all()
    sessions = store.sessions_frame(db, athlete_id=aid)
    deloads = sessions[sessions["name"] == "Deload"]
    assert len(deloads) > 0 and deloads["date"].max() < pd.Timestamp(TODAY - dt.timedelta(days=28))
    sets = store.sets_frame(db, athlete_id=aid, start=TODAY - dt.timedelta(days=27))
    assert {"trunk", "single-leg"} <= set(sets["pattern"])


def test_drew_has_leg_symptoms_without_red_flags(db):
    aid = athlete_id(db, "Drew Leg")
    pain = store.pain_frame(db, athlete_id=aid)
    assert len(pain) >= 6
    assert pain["date"].min() >= pd.Timestamp(TODAY - dt.timedelta(days=21))
    assert pain["pain"].between(4, 6).all()
    assert set(pain["region"]) == {"buttock", "leg"}
    assert (pain["below_knee"] & pain["pins_and_needles"]).any()
    assert set(pain["quality"]) == {"burning/electric"}
    assert pain["worse_sitting"].all()
    assert not pain[[flag.value for flag in RedFlag]].any(axis=None)
    sessions = store.sessions_frame(db, athlete_id=aid, start=TODAY - dt.timedelta(days=27))
    assert len(sessions) == 12  # three a week


def test_eden_has_dropped_single_leg_work_and_has_right_sided_pain(db):
    aid = athlete_id(db, "Eden Hips")

    def single_leg_share(sets: pd.DataFrame) -> float:
        lower = sets[(sets["kind"] != "warm-up") & sets["pattern"].isin(LOWER_BODY)]
        return (lower["pattern"] == "single-leg").sum() / len(lower)

    recent = store.sets_frame(db, athlete_id=aid, start=TODAY - dt.timedelta(days=27))
    earlier = store.sets_frame(db, athlete_id=aid, end=TODAY - dt.timedelta(days=28))
    assert single_leg_share(recent) < 0.15
    assert single_leg_share(earlier) >= 0.15
    assert {"Squat (Barbell)", "Deadlift (Barbell)", "Bench Press (Barbell)", "Bent Over Row (Barbell)"} <= set(recent["exercise"])
    pain = store.pain_frame(db, athlete_id=aid)
    assert pain["date"].min() >= pd.Timestamp(TODAY - dt.timedelta(days=14))
    assert (pain["region"] == "low back right").all()
    assert pain["pain"].between(2, 3).all()
    assert 0.8 <= on_today(load.acwr_ewma(daily_srpe(db, "Eden Hips"))) <= 1.3


def test_frankie_has_settled_after_a_flare_and_deload(db):
    aid = athlete_id(db, "Frankie Reload")
    last_three_weeks = pain_since(db, "Frankie Reload", 24)
    assert len(last_three_weeks) >= 3
    assert last_three_weeks["pain"].max() == 0
    flare = store.pain_frame(db, athlete_id=aid, start=TODAY - dt.timedelta(days=42), end=TODAY - dt.timedelta(days=28))
    assert flare["pain"].max() in (5, 6)
    assert on_today(load.acwr_ewma(daily_srpe(db, "Frankie Reload"))) < 0.8
    sessions = store.sessions_frame(db, athlete_id=aid, start=TODAY - dt.timedelta(days=20))
    assert (sessions["name"] == "Deload").all() and len(sessions) <= 6


def test_only_gray_reported_a_red_flag_and_was_cleared_the_next_morning(db):
    flags = [flag.value for flag in RedFlag]
    for name in DEMO_ATHLETES:
        pain = store.pain_frame(db, athlete_id=athlete_id(db, name))
        clearances = store.list_clearances(db, athlete_id=athlete_id(db, name))
        if name != "Gray Cleared":
            assert not pain[flags].any(axis=None) and clearances == [], name
            continue
        flagged = pain[pain[flags].any(axis=1)]
        assert list(flagged["saddle_numbness"]) == [True] and len(flagged) == 1
        (cleared,) = clearances
        assert cleared.cleared_at.date() == flagged["recorded_at"].iloc[0].date() + dt.timedelta(days=1)
        assert "emergency department" in cleared.assessed_by and cleared.note


def test_pain_entries_are_timed_realistically_and_linked_to_their_sessions(db):
    for name in DEMO_ATHLETES:
        aid = athlete_id(db, name)
        pain = store.pain_frame(db, athlete_id=aid)
        sessions = store.sessions_frame(db, athlete_id=aid).set_index("session_id")
        assert (pain["recorded_at"].dt.date <= TODAY).all()
        today_entries = pain[pain["recorded_at"].dt.date == TODAY]
        assert (today_entries["recorded_at"].dt.hour < 8).all()
        linked = pain.dropna(subset=["session_id"])
        for _, entry in linked.iterrows():
            session = sessions.loc[int(entry["session_id"])]
            assert 0 <= (entry["date"] - session["date"]).days <= 1
        assert not pain[pain["timing"] == "during session"]["session_id"].isna().any()


# --------------------------------------------------------------------------- idempotence


def test_rerunning_creates_nothing_and_reset_rebuilds_the_same_data(db):
    before_counts, before = counts(db), snapshot(db)

    again = build_demo(db, today=TODAY)
    assert again.created == [] and again.skipped == list(DEMO_ATHLETES)
    assert counts(db) == before_counts

    rebuilt = build_demo(db, today=TODAY, reset=True)
    assert rebuilt.created == list(DEMO_ATHLETES) and rebuilt.skipped == []
    assert counts(db) == before_counts
    assert snapshot(db) == before


def test_a_missing_demo_athlete_is_filled_in_and_other_athletes_are_left_alone(db):
    before = counts(db)
    other = store.create_athlete(db, data={"name": "Real Person"})
    store.delete_athlete(db, athlete_id=athlete_id(db, "Casey Steady"))
    try:
        result = build_demo(db, today=TODAY)
        assert result.created == ["Casey Steady"]
        assert result.skipped == [name for name in DEMO_ATHLETES if name != "Casey Steady"]
        assert store.get_athlete(db, athlete_id=other.id).name == "Real Person"
    finally:
        store.delete_athlete(db, athlete_id=other.id)
    assert counts(db) == before


def test_a_future_today_is_refused_before_anything_is_written(db):
    before = counts(db)
    with pytest.raises(ValidationError, match="future"):
        build_demo(db, today=dt.date.today() + dt.timedelta(days=1))
    assert counts(db) == before

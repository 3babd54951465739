"""Pre-filling the next session: last time's sets, the usual duration and effort, how an
exercise is measured, and the few words that describe a set of sets."""

import datetime as dt

import pytest

from tests.conftest import days_ago
from tracker import logbook, store
from tracker.logbook import Usual, describe, measure_of


def log(db, athlete_id, when, name, sets, duration=60, rpe=7):
    return store.add_session(db, athlete_id=athlete_id, data={"date": when, "name": name, "duration_min": duration, "rpe": rpe, "sets": sets})


def test_usual_session_is_the_median_of_recent_sessions_and_60_min_rpe_5_for_a_newcomer(db, athlete):
    assert logbook.usual_session(db, athlete_id=athlete.id) == Usual(60, 5)
    for offset, (duration, rpe) in enumerate([(50, 6), (72, 8), (75, 7)], start=1):
        log(db, athlete.id, days_ago(offset), "A", [], duration=duration, rpe=rpe)
    assert logbook.usual_session(db, athlete_id=athlete.id) == Usual(70, 7)  # median 72 min to the nearest 5


def test_last_sets_come_from_the_most_recent_session_with_that_exercise_in_the_lifters_unit(db):
    pat = store.create_athlete(db, data={"name": "Pat Pounds", "unit": "lb"})
    squat = "Squat (Barbell)"
    log(db, pat.id, days_ago(9), "Lower A", [{"exercise": squat, "reps": 5, "weight": 215, "unit": "lb"}])
    log(db, pat.id, days_ago(5), "Lower A", [{"exercise": squat, "reps": 5, "weight": 225, "unit": "lb"}] * 2 + [{"exercise": "Plank", "reps": 0, "seconds": 45}])
    log(db, pat.id, days_ago(2), "Upper A", [{"exercise": "Bench Press (Barbell)", "reps": 5, "weight": 155, "unit": "lb"}])

    rows = logbook.last_sets(db, athlete_id=pat.id, exercise="squat (barbell)", unit="lb")
    assert [(r["reps"], r["weight"]) for r in rows] == [(5, 225.0), (5, 225.0)]
    assert logbook.last_sets(db, athlete_id=pat.id, exercise="Deadlift (Barbell)", unit="lb") == []

    planned = logbook.plan_exercise(db, athlete_id=pat.id, exercise="squat (barbell)", unit="lb")
    assert (planned.exercise, planned.measure, planned.last) == (squat, "reps", "2 × 5 @ 225 lb")
    plank = logbook.plan_exercise(db, athlete_id=pat.id, exercise="Plank", unit="lb")
    assert (plank.measure, plank.last) == ("time", "1 × 45 s")


def test_a_routine_brings_back_every_exercise_of_its_last_session_in_order(db, athlete):
    log(db, athlete.id, days_ago(7), "Lower A", [
        {"exercise": "Squat (Barbell)", "reps": 5, "weight": 60, "kind": "warm-up"},
        *[{"exercise": "Squat (Barbell)", "reps": 5, "weight": 97.5}] * 3,
        *[{"exercise": "Romanian Deadlift (Barbell)", "reps": 8, "weight": 80}] * 3,
        *[{"exercise": "Plank", "reps": 0, "seconds": 45}] * 3,
    ])  # fmt: skip
    planned = logbook.plan_routine(db, athlete_id=athlete.id, name="lower a", unit="kg")
    assert [(p.exercise, p.measure, p.last, len(p.sets)) for p in planned] == [
        ("Squat (Barbell)", "reps", "3 × 5 @ 97.5 kg", 4),
        ("Romanian Deadlift (Barbell)", "reps", "3 × 8 @ 80 kg", 3),
        ("Plank", "time", "3 × 45 s", 3),
    ]
    assert planned[0].sets[0]["kind"] == "warm-up"
    assert logbook.plan_routine(db, athlete_id=athlete.id, name="Nothing like it", unit="kg") == []


@pytest.mark.parametrize(
    ("name", "pattern", "history", "expected"),
    [
        ("Squat (Barbell)", "squat", None, "reps"),
        ("Plank", "trunk", None, "time"),
        ("Side Plank", "trunk", None, "time"),
        ("Back Extension Hold", "trunk", None, "time"),
        ("Hanging Leg Raise", "trunk", None, "reps"),
        ("Hang Clean", "hinge", None, "reps"),
        ("Farmer's Walk", "carry", None, "weighted time"),
        ("Rowing (Machine)", "conditioning", None, "distance"),
        ("My Odd Hold", None, [{"reps": 0, "seconds": 30, "weight": 0}], "time"),
        ("Plank", "trunk", [{"reps": 10, "seconds": None, "weight": 0}], "reps"),  # history wins
        ("Sled Push", "conditioning", [{"reps": 0, "seconds": 20, "weight": 100}], "weighted time"),
    ],
)
def test_measure_of_an_exercise(name, pattern, history, expected):
    assert measure_of(name, pattern, history) == expected


def test_describe_groups_equal_sets_and_leaves_out_warm_ups():
    rows = [
        {"kind": "warm-up", "reps": 5, "weight": 60},
        {"kind": "working", "reps": 5, "weight": 95},
        {"kind": "working", "reps": 5, "weight": 95},
        {"kind": "working", "reps": 3, "weight": 100},
    ]
    assert describe(rows, "kg") == "2 × 5 @ 95 kg, 1 × 3 @ 100 kg"
    assert describe([{"kind": "working", "reps": 10, "weight": 0}] * 3, "kg") == "3 × 10"
    assert describe([{"kind": "working", "reps": 0, "seconds": 40, "weight": 32}] * 2, "kg", "weighted time") == "2 × 40 s @ 32 kg"
    assert describe([{"kind": "working", "reps": 0, "seconds": 480, "distance_km": 2}], "kg", "distance") == "1 × 2 km in 8:00"


def test_weight_steps_are_the_smallest_plate_pair():
    assert logbook.weight_step("kg") == 2.5 and logbook.weight_step("lb") == 5.0


def test_usual_ignores_sessions_without_duration_or_rpe(db, athlete):
    store.add_session(db, athlete_id=athlete.id, data={"date": dt.date.today(), "sets": []})
    assert logbook.usual_session(db, athlete_id=athlete.id) == Usual(60, 5)

"""Personal bests after a session: the best e1RM (Epley) and the heaviest working set per lift."""

import pytest

from tests.conftest import days_ago
from tracker import store
from tracker.records import Record, session_records
from tracker.science import load

SQUAT = "Squat (Barbell)"


def log(db, athlete, days, sets):
    return store.add_session(db, athlete_id=athlete.id, data={"date": days_ago(days), "sets": sets})


def test_a_heavier_triple_is_both_records_and_a_first_lift_is_none(db, athlete):
    log(db, athlete, 7, [{"exercise": SQUAT, "reps": 5, "weight": 100}])
    today = log(db, athlete, 0, [
        {"exercise": SQUAT, "reps": 3, "weight": 110},
        {"exercise": "Deadlift (Barbell)", "reps": 5, "weight": 140},  # first time: nothing to beat
    ])  # fmt: skip
    records = session_records(db, athlete_id=athlete.id, session_id=today.id)
    assert records == [
        Record(SQUAT, "e1RM", pytest.approx(110 * (1 + 3 / 30)), pytest.approx(100 * (1 + 5 / 30)), 110.0, 3),
        Record(SQUAT, "heaviest set", 110.0, 100.0, 110.0, 3),
    ]


def test_more_reps_at_the_same_weight_is_an_e1rm_record_only(db, athlete):
    log(db, athlete, 7, [{"exercise": SQUAT, "reps": 5, "weight": 100}])
    today = log(db, athlete, 0, [{"exercise": SQUAT, "reps": 8, "weight": 100}])
    assert [r.what for r in session_records(db, athlete_id=athlete.id, session_id=today.id)] == ["e1RM"]


def test_warm_ups_timed_sets_and_equal_lifts_set_no_record(db, athlete):
    log(db, athlete, 7, [{"exercise": SQUAT, "reps": 5, "weight": 100}, {"exercise": "Plank", "reps": 0, "seconds": 45}])
    today = log(db, athlete, 0, [
        {"exercise": SQUAT, "reps": 5, "weight": 120, "kind": "warm-up"},
        {"exercise": SQUAT, "reps": 5, "weight": 100},
        {"exercise": "Plank", "reps": 0, "seconds": 90},
    ])  # fmt: skip
    assert session_records(db, athlete_id=athlete.id, session_id=today.id) == []


def test_a_heavy_single_beats_an_older_best_set_of_fifteen_only_on_weight(db, athlete):
    log(db, athlete, 7, [{"exercise": SQUAT, "reps": 15, "weight": 100}, {"exercise": SQUAT, "reps": 5, "weight": 100}])
    today = log(db, athlete, 0, [{"exercise": SQUAT, "reps": 1, "weight": 105}])
    # e1RM leaves out sets above 12 reps: the old best is 5 @ 100 = 116.7 > 105.
    assert [r.what for r in session_records(db, athlete_id=athlete.id, session_id=today.id)] == ["heaviest set"]


def test_a_record_reads_in_the_lifters_unit():
    record = Record(SQUAT, "e1RM", 113.75, 110.83, 97.5, 5)
    assert record.describe("kg") == "Squat (Barbell) — e1RM 113.8 kg (was 110.8 kg; 97.5 × 5)"
    assert Record(SQUAT, "heaviest set", 102.0582, 99.79, 102.0582, 5).describe("lb") == "Squat (Barbell) — heaviest set 225.0 lb (was 220.0 lb; 225 × 5)"


def test_a_set_of_thirteen_is_a_heavier_set_but_no_e1rm_as_on_the_charts(db, athlete):
    log(db, athlete, 7, [{"exercise": SQUAT, "reps": 12, "weight": 100}])
    today = log(db, athlete, 0, [{"exercise": SQUAT, "reps": 13, "weight": 102}])
    # 13 × 102 would estimate 146 kg, above 12 × 100 = 140: left out, as the e1RM chart leaves it out.
    assert [r.what for r in session_records(db, athlete_id=athlete.id, session_id=today.id)] == ["heaviest set"]
    best = load.best_e1rm(store.sets_frame(db, athlete_id=athlete.id))
    assert best["e1rm"].tolist() == [pytest.approx(140.0)]

"""Per-session derived loads: sRPE load, tonnage, spinal tonnage and hard sets."""

import json

import numpy as np
import pytest

from tracker.science.session_load import SetLoad, efforts, is_hard_set, is_weighted_work, session_loads, srpe_load


def test_srpe_load_is_rpe_times_minutes_foster():
    assert srpe_load(7, 60) == 420
    assert srpe_load(None, 60) is None
    assert srpe_load(7, None) is None


@pytest.mark.parametrize(
    ("kind", "reps", "rpe", "rir", "hard"),
    [
        ("working", 5, None, None, True),  # no effort recorded: a working set counts
        ("working", 5, 7, None, True),
        ("working", 5, 6.5, None, False),
        ("working", 5, None, 3, True),
        ("working", 5, None, 4, False),
        ("failure", 5, 5, None, True),
        ("drop", 8, None, None, True),
        ("warm-up", 5, 9, None, False),
        ("working", 0, 9, None, False),
    ],
)
def test_hard_set_rule(kind, reps, rpe, rir, hard):
    assert is_hard_set(kind=kind, reps=reps, rpe=rpe, rir=rir) is hard


def test_session_loads_skip_warmups_and_split_spinal_tonnage():
    sets = [
        SetLoad(kind="warm-up", reps=5, weight_kg=60, spinal_load=True),
        SetLoad(kind="working", reps=5, weight_kg=140, spinal_load=True, rpe=8),
        SetLoad(kind="working", reps=5, weight_kg=140, spinal_load=True, rpe=9),
        SetLoad(kind="working", reps=10, weight_kg=30, spinal_load=False, rpe=6),
    ]
    loads = session_loads(rpe=8, duration_min=75, sets=sets)
    assert loads.srpe_load == 600
    assert loads.tonnage == 5 * 140 * 2 + 10 * 30
    assert loads.spinal_tonnage == 5 * 140 * 2
    assert loads.hard_sets == 2


def test_empty_session_has_zero_loads():
    loads = session_loads(rpe=None, duration_min=None, sets=[])
    assert (loads.srpe_load, loads.tonnage, loads.spinal_tonnage, loads.hard_sets) == (None, 0, 0, 0)


def test_the_rules_counts_per_session_by_hand():
    """Trunk, hip and lower-body working sets, and each spinal lift with its last set's effort."""
    sets = [
        SetLoad(kind="warm-up", reps=5, weight_kg=60, spinal_load=True, exercise="Deadlift (Barbell)", pattern="hinge"),
        SetLoad(kind="working", reps=3, weight_kg=160, spinal_load=True, rpe=8, exercise="Deadlift (Barbell)", pattern="hinge"),
        SetLoad(kind="working", reps=3, weight_kg=160, spinal_load=True, rpe=9.5, exercise="Deadlift (Barbell)", pattern="hinge"),
        SetLoad(kind="working", reps=5, weight_kg=100, spinal_load=True, rir=2, exercise="Squat (Barbell)", pattern="squat"),
        SetLoad(kind="working", reps=5, weight_kg=100, spinal_load=True, exercise="Good Morning", pattern="hinge"),  # no effort logged
        SetLoad(kind="working", reps=10, weight_kg=80, spinal_load=False, exercise="Hip Thrust (Barbell)", pattern="other"),
        SetLoad(kind="working", reps=8, weight_kg=20, spinal_load=False, exercise="Bulgarian Split Squat", pattern="single-leg"),
        SetLoad(kind="warm-up", reps=8, weight_kg=10, spinal_load=False, exercise="Bulgarian Split Squat", pattern="single-leg"),
        SetLoad(kind="working", reps=10, weight_kg=0, spinal_load=False, exercise="Dead Bug", pattern="trunk"),
        SetLoad(kind="working", reps=10, weight_kg=0, spinal_load=False, exercise="Dead Bug", pattern="trunk"),
    ]
    loads = session_loads(rpe=8, duration_min=60, sets=sets)
    assert (loads.trunk_sets, loads.hip_sets, loads.lower_sets) == (2, 2, 6)
    assert efforts(loads.spinal_efforts) == [("Deadlift (Barbell)", 9.5), ("Squat (Barbell)", 8.0)]
    assert session_loads(rpe=None, duration_min=None, sets=[]).spinal_efforts is None
    assert efforts(None) == [] and efforts(float("nan")) == []


def test_each_lifts_work_by_hand():
    """Every lift of the session in the order it comes, with its weighted working sets and their
    tonnage (warm-ups and sets without a weight count none), and the exercise's spinal flag."""
    sets = [
        SetLoad(kind="warm-up", reps=5, weight_kg=60, spinal_load=True, exercise="Squat (Barbell)"),
        SetLoad(kind="working", reps=5, weight_kg=100, spinal_load=True, exercise="Squat (Barbell)"),
        SetLoad(kind="working", reps=8, weight_kg=0, spinal_load=False, exercise="Pull Up"),
        SetLoad(kind="failure", reps=3, weight_kg=102.5, spinal_load=True, exercise="Squat (Barbell)"),
        SetLoad(kind="drop", reps=12, weight_kg=20, spinal_load=False, exercise="Lateral Raise"),
    ]
    work = json.loads(session_loads(rpe=7, duration_min=60, sets=sets).lift_work)
    assert work == [["Squat (Barbell)", 2, 5 * 100 + 3 * 102.5, True], ["Pull Up", 0, 0.0, False], ["Lateral Raise", 1, 240.0, False]]
    assert session_loads(rpe=7, duration_min=60, sets=[]).lift_work is None
    assert list(is_weighted_work(np.array(["working", "warm-up", "working", "drop"], dtype=object), np.array([20.0, 20.0, 0.0, np.nan]))) == [True, False, False, False]

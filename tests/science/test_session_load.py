"""Per-session derived loads: sRPE load, tonnage, spinal tonnage and hard sets."""

import pytest

from tracker.science.session_load import SetLoad, is_hard_set, session_loads, srpe_load


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

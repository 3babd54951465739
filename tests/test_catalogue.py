"""The built-in exercise catalogue: size, clean unique names, patterns and spinal flags."""

import pytest

from tracker.catalogue import CATALOGUE, CatalogueEntry
from tracker.vocab import Pattern

BY_NAME = {entry.name: entry for entry in CATALOGUE}

SPINAL = [
    "Squat (Barbell)",
    "Front Squat (Barbell)",
    "Deadlift (Barbell)",
    "Sumo Deadlift (Barbell)",
    "Romanian Deadlift (Barbell)",
    "Good Morning (Barbell)",
    "Bent Over Row (Barbell)",
    "Pendlay Row (Barbell)",
    "Power Clean",
    "Power Snatch",
]

NOT_SPINAL = [
    "Leg Press",
    "Hip Thrust (Barbell)",
    "Bench Press (Barbell)",
    "Bench Press (Dumbbell)",
    "Lat Pulldown (Cable)",
    "Plank",
    "Chest Supported Row (Dumbbell)",
    "Seated Row (Cable)",
]

KEY_PATTERNS = [
    ("Deadlift (Barbell)", Pattern.HINGE),
    ("Squat (Barbell)", Pattern.SQUAT),
    ("Bulgarian Split Squat", Pattern.SINGLE_LEG),
    ("Plank", Pattern.TRUNK),
    ("Farmer's Walk", Pattern.CARRY),
    ("Bench Press (Barbell)", Pattern.PUSH),
    ("Pull Up", Pattern.PULL),
    ("Rowing (Machine)", Pattern.CONDITIONING),
]

# Names seen in real Strong/Hevy exports; importers rely on matching them exactly.
EXPORT_NAMES = [
    "Squat (Barbell)",
    "Deadlift (Barbell)",
    "Bench Press (Barbell)",
    "Overhead Press (Barbell)",
    "Lateral Raise (Dumbbell)",
    "Bicep Curl (Barbell)",
    "Bent Over Row (Dumbbell)",
    "Incline Bench Press (Dumbbell)",
    "Pendlay Row (Barbell)",
    "Front Squat (Barbell)",
    "Triceps Pushdown (Cable - Straight Bar)",
    "Seated Row (Cable)",
    "Lat Pulldown (Machine)",
    "Leg Extension (Machine)",
    "Preacher Curl (Barbell)",
    "Romanian Deadlift (Dumbbell)",
    "Face Pull (Cable)",
    "Chest Press (Machine)",
    "Arnold Press (Dumbbell)",
    "Knee Raise (Captain's Chair)",
    "T Bar Row",
    "Back Extension",
    "Hip Thrust (Barbell)",
    "Leg Press",
    "Push Up",
    "Sit Up",
    "Russian Twist",
    "Crunch",
    "Bulgarian Split Squat",
]


def test_at_least_100_entries():
    assert len(CATALOGUE) >= 100


def test_entries_are_well_typed():
    for entry in CATALOGUE:
        assert isinstance(entry, CatalogueEntry)
        assert isinstance(entry.name, str) and entry.name
        assert isinstance(entry.pattern, Pattern)
        assert isinstance(entry.spinal_load, bool)


def test_names_are_stripped_and_single_spaced():
    for entry in CATALOGUE:
        assert entry.name == entry.name.strip(), repr(entry.name)
        assert "  " not in entry.name, repr(entry.name)


def test_names_unique_case_insensitively():
    keys = [entry.name.casefold() for entry in CATALOGUE]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    assert not duplicates


def test_every_pattern_except_other_is_represented():
    present = {entry.pattern for entry in CATALOGUE}
    missing = set(Pattern) - {Pattern.OTHER} - present
    assert not missing


@pytest.mark.parametrize("name", EXPORT_NAMES)
def test_export_names_present(name):
    assert name in BY_NAME


@pytest.mark.parametrize("name", SPINAL)
def test_spinal_loading_lifts_are_flagged(name):
    assert BY_NAME[name].spinal_load is True


@pytest.mark.parametrize("name", NOT_SPINAL)
def test_supported_and_machine_lifts_are_not_flagged(name):
    assert BY_NAME[name].spinal_load is False


@pytest.mark.parametrize(("name", "pattern"), KEY_PATTERNS)
def test_key_lift_patterns(name, pattern):
    assert BY_NAME[name].pattern is pattern


def test_trunk_and_conditioning_never_spinal():
    flagged = [
        entry.name
        for entry in CATALOGUE
        if entry.pattern in (Pattern.TRUNK, Pattern.CONDITIONING) and entry.spinal_load
    ]
    assert not flagged

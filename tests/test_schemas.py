"""Validation messages name the field and its allowed range."""

import datetime as dt

import pytest

from tracker.errors import ValidationError
from tracker.schemas import AthleteIn, PainIn, SessionIn, validate

TODAY = dt.date.today()


def problems(model, data) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        validate(model, data)
    return {problem.field: problem.message for problem in caught.value.problems}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"duration_min": 0}, "duration_min", "duration must be between 1 and 600 minutes (got 0)"),
        ({"duration_min": 601}, "duration_min", "duration must be between 1 and 600 minutes (got 601)"),
        ({"rpe": 10.5}, "rpe", "RPE must be between 0 and 10 (got 10.5)"),
        ({"rpe": -1}, "rpe", "RPE must be between 0 and 10 (got -1)"),
        ({"sleep_quality": 6}, "sleep_quality", "sleep quality must be between 1 and 5 (got 6)"),
        ({"date": TODAY + dt.timedelta(days=2)}, "date", f"date must be between 1900-01-01 and {TODAY + dt.timedelta(days=1)} (a day after today)"),
        ({"date": dt.date(1, 1, 1)}, "date", "date must be between 1900-01-01 and"),
        ({"date": "1899-12-31"}, "date", "date must be between 1900-01-01 and"),
        ({"rpe": True}, "rpe", "RPE must be a number, not true/false"),
        ({"duration_min": False}, "duration_min", "duration must be a number, not true/false"),
        ({"name": "Leg\x00day"}, "name", "name must not contain control characters (found '\\x00')"),
        ({"notes": "fine\nline two\x1b[31m"}, "notes", "notes must not contain control characters (found '\\x1b')"),
    ],
)
def test_session_fields_out_of_range(data, field, message):
    found = problems(SessionIn, {"date": TODAY, **data})
    assert message in found[field]


@pytest.mark.parametrize(
    ("set_data", "field", "message"),
    [
        ({"reps": 1001}, "sets.0.reps", "set 1: reps must be between 0 and 1000 (got 1001): even push-up, sit-up and skipping sets stay in the hundreds"),
        ({"reps": -1}, "sets.0.reps", "set 1: reps must be between 0 and 1000 (got -1)"),
        ({"reps": True}, "sets.0.reps", "set 1: reps must be a number, not true/false"),
        ({"weight": 1000.5}, "sets.0.weight", "set 1: weight must be between 0 and 1000 kg: more than the heaviest leg press and squat loads on record (got 1000.5)"),
        ({"weight": 2205, "unit": "lb"}, "sets.0.weight", "set 1: weight must be between 0 and 2204.62 lb"),
        ({"exercise": "Squat\x00"}, "sets.0.exercise", "set 1: exercise must not contain control characters"),
        ({"rir": 11}, "sets.0.rir", "set 1: RIR must be between 0 and 10 (got 11)"),
        ({"kind": "cluster"}, "sets.0.kind", "set 1: kind must be one of 'warm-up', 'working', 'drop' or 'failure'"),
        ({"reps": "five"}, "sets.0.reps", "set 1: reps must be a whole number (got 'five')"),
        ({"exercise": "  "}, "sets.0.exercise", "set 1: exercise must not be empty"),
    ],
)
def test_set_fields_out_of_range(set_data, field, message):
    found = problems(SessionIn, {"date": TODAY, "sets": [{"exercise": "Squat (Barbell)", "reps": 5, **set_data}]})
    assert message in found[field]


def test_limits_are_inclusive():
    session = validate(
        SessionIn,
        {"date": TODAY + dt.timedelta(days=1), "duration_min": 600, "rpe": 10, "sets": [{"exercise": "Push Up", "reps": 1000, "weight": 1000}]},
    )
    assert session.sets[0].weight_kg == 1000 and session.sets[0].reps == 1000
    assert validate(SessionIn, {"date": "1900-01-01", "notes": "line one\nline two\ttabbed"}).notes == "line one\nline two\ttabbed"


def test_pounds_are_converted_exactly():
    session = validate(SessionIn, {"date": TODAY, "sets": [{"exercise": "Squat (Barbell)", "reps": 5, "weight": 225, "unit": "lb"}]})
    assert session.sets[0].weight_kg == pytest.approx(102.0582832, abs=1e-6)


def test_pain_and_region_messages():
    found = problems(PainIn, {"recorded_at": dt.datetime.now(), "pain": 11, "region": "knee"})
    assert found["pain"] == "pain must be between 0 and 10 (got 11)"
    assert found["region"].startswith("region must be one of 'low back centre'")


def test_every_bad_field_is_reported_at_once():
    found = problems(AthleteIn, {"name": "", "unit": "stone", "birth_year": 1850})
    assert set(found) == {"name", "unit", "birth_year"}
    assert found["birth_year"].startswith(f"year of birth must be between 1900 and {TODAY.year}")

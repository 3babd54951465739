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
        ({"date": TODAY + dt.timedelta(days=1)}, "date", "date cannot be in the future"),
    ],
)
def test_session_fields_out_of_range(data, field, message):
    found = problems(SessionIn, {"date": TODAY, **data})
    assert message in found[field]


@pytest.mark.parametrize(
    ("set_data", "field", "message"),
    [
        ({"reps": 101}, "sets.0.reps", "set 1: reps must be between 0 and 100 (got 101)"),
        ({"reps": -1}, "sets.0.reps", "set 1: reps must be between 0 and 100 (got -1)"),
        ({"weight": 600.5}, "sets.0.weight", "set 1: weight must be between 0 and 600 kg (got 600.5)"),
        ({"weight": 1323, "unit": "lb"}, "sets.0.weight", "set 1: weight must be between 0 and 1322.77 lb (got 1323)"),
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
        {"date": TODAY, "duration_min": 600, "rpe": 10, "sets": [{"exercise": "Deadlift (Barbell)", "reps": 100, "weight": 600}]},
    )
    assert session.sets[0].weight_kg == 600


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

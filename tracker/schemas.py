"""What may be written: validated input models for athletes, sessions, sets and pain.

Every write in `tracker.store` goes through one of these first, so a bad value is refused
before anything touches the database. `LIMITS` is the single table of allowed ranges;
`validate` turns pydantic's errors into `ValidationError`s whose messages name the field
and its range ("set 3: reps must be between 0 and 100 (got 120)").
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple, TypeVar

import pydantic
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from tracker.errors import FieldProblem, ValidationError
from tracker.vocab import Feature, Quality, RedFlag, Region, SetKind, Timing, Unit
from tracker.science.units import from_kg, to_kg


class Limit(NamedTuple):
    low: float
    high: float
    unit: str = ""


LIMITS: dict[str, Limit] = {
    "reps": Limit(0, 100),
    "weight_kg": Limit(0, 600, "kg"),
    "rpe": Limit(0, 10),
    "rir": Limit(0, 10),
    "pain": Limit(0, 10),
    "duration_min": Limit(1, 600, "minutes"),
    "sleep_hours": Limit(0, 24, "hours"),
    "sleep_quality": Limit(1, 5),
    "stress": Limit(1, 5),
    "soreness": Limit(1, 5),
    "body_mass_kg": Limit(25, 350, "kg"),
    "seconds": Limit(0, 36_000, "seconds"),  # a timed hold or a cardio row, up to 10 hours
    "distance_km": Limit(0, 1_000, "km"),
}

LABELS = {
    "rpe": "RPE",
    "rir": "RIR",
    "duration_min": "duration",
    "weight_kg": "weight",
    "sleep_hours": "sleep hours",
    "sleep_quality": "sleep quality",
    "body_mass_kg": "body mass",
    "birth_year": "year of birth",
    "recorded_at": "date",
    "seconds": "time",
    "distance_km": "distance",
}


def bounded(name: str, default: Any = ..., **kwargs: Any) -> Any:
    """A pydantic Field limited to LIMITS[name]."""
    limit = LIMITS[name]
    return Field(default, ge=limit.low, le=limit.high, **kwargs)


def describe_limit(name: str) -> str:
    low, high, unit = LIMITS[name]
    return f"between {low:g} and {high:g}{' ' + unit if unit else ''}"


class _Input(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, frozen=True, extra="forbid")


def _not_in_future(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    day = value.date() if isinstance(value, dt.datetime) else value
    if day > dt.date.today():
        raise ValueError(f"cannot be in the future (today is {dt.date.today().isoformat()})")
    return value


class AthleteIn(_Input):
    name: str = Field(min_length=1, max_length=80)
    unit: Unit = Unit.KG
    birth_year: int | None = None
    body_mass_kg: float | None = bounded("body_mass_kg", None)

    @field_validator("birth_year")
    @classmethod
    def _plausible_birth_year(cls, year: int | None) -> int | None:
        this_year = dt.date.today().year
        if year is not None and not 1900 <= year <= this_year:
            raise ValueError(f"must be between 1900 and {this_year}")
        return year


class SetIn(_Input):
    """One set as the lifter entered it; `weight` is in `unit` and stored as kilograms.
    A timed set (plank, carry) has `seconds` and usually 0 reps; a cardio row a distance."""

    exercise: str = Field(min_length=1, max_length=120)
    reps: int = bounded("reps")
    unit: Unit = Unit.KG
    weight: float = 0.0
    kind: SetKind = SetKind.WORKING
    rpe: float | None = bounded("rpe", None)
    rir: int | None = bounded("rir", None)
    seconds: float | None = bounded("seconds", None)
    distance_km: float | None = bounded("distance_km", None)

    @field_validator("weight")
    @classmethod
    def _weight_in_range(cls, weight: float, info: ValidationInfo) -> float:
        unit = info.data.get("unit", Unit.KG)
        high = from_kg(LIMITS["weight_kg"].high, unit)
        if not 0 <= weight <= high:
            raise ValueError(f"must be between 0 and {high:g} {unit}")
        return weight

    @property
    def weight_kg(self) -> float:
        return to_kg(self.weight, self.unit)


class SessionIn(_Input):
    date: dt.date
    start_time: dt.time | None = None
    name: str | None = Field(None, max_length=80)
    duration_min: int | None = bounded("duration_min", None)
    rpe: float | None = bounded("rpe", None)
    notes: str | None = Field(None, max_length=2000)
    sleep_hours: float | None = bounded("sleep_hours", None)
    sleep_quality: int | None = bounded("sleep_quality", None)
    stress: int | None = bounded("stress", None)
    soreness: int | None = bounded("soreness", None)
    sets: list[SetIn] = Field(default_factory=list, max_length=300)

    _date_not_in_future = field_validator("date")(_not_in_future)


class PainIn(_Input):
    recorded_at: dt.datetime
    pain: int = bounded("pain")
    region: Region
    quality: Quality | None = None
    timing: Timing | None = None
    features: frozenset[Feature] = frozenset()
    red_flags: frozenset[RedFlag] = frozenset()
    session_id: int | None = None
    notes: str | None = Field(None, max_length=2000)

    _recorded_at_not_in_future = field_validator("recorded_at")(_not_in_future)

    def flag_columns(self) -> dict[str, bool]:
        """The PainEntry boolean columns for this entry's features and red flags."""
        return {item.value: item in self.features or item in self.red_flags for item in (*Feature, *RedFlag)}


Model = TypeVar("Model", bound=BaseModel)

_RANGE_ERRORS = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}


def validate(model: type[Model], data: Model | dict[str, Any]) -> Model:
    """Return `data` as a validated `model`, or raise ValidationError naming each bad field."""
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as error:
        raise ValidationError([_problem(detail) for detail in error.errors()]) from None


def _problem(detail: dict[str, Any]) -> FieldProblem:
    loc = [part for part in detail["loc"]]
    field = str(loc[-1]) if loc else "input"
    where = ""
    if len(loc) >= 3 and loc[0] == "sets" and isinstance(loc[1], int):
        where = f"set {loc[1] + 1}: "
    label = LABELS.get(field, field.replace("_", " "))
    kind = detail["type"]
    if kind in _RANGE_ERRORS and field in LIMITS:
        reason = f"must be {describe_limit(field)}"
    elif kind == "value_error":
        reason = str(detail["ctx"]["error"])
    elif kind == "missing" or (detail.get("input", "") is None and kind in {"int_type", "float_type"}):
        reason = "is required"
    elif kind == "enum":
        reason = f"must be one of {detail['ctx']['expected']}"
    elif kind in {"int_parsing", "float_parsing", "int_from_float", "int_type", "float_type"}:
        reason = "must be a whole number" if kind.startswith("int") else "must be a number"
    elif kind in {"date_from_datetime_parsing", "date_parsing", "date_type", "datetime_parsing", "datetime_type"}:
        reason = "must be a date like 2024-05-31"
    elif kind == "string_too_short":
        reason = "must not be empty"
    elif kind == "string_too_long":
        reason = f"must be at most {detail['ctx']['max_length']} characters"
    elif kind == "extra_forbidden":
        reason = "is not a known field"
    else:
        reason = detail["msg"][0].lower() + detail["msg"][1:]
    got = detail.get("input")
    quiet = kind in {"missing", "extra_forbidden", "string_too_long"} or isinstance(got, (dict, list)) or got is None
    shown = "" if quiet else f" (got {got!r})"
    return FieldProblem(".".join(str(part) for part in loc), f"{where}{label} {reason}{shown}")

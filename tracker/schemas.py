"""What may be written: validated input models for athletes, sessions, sets and pain.

Every write in `tracker.store` goes through one of these first, so a bad value is refused
before anything touches the database. `LIMITS` is the single table of allowed ranges;
`validate` turns pydantic's errors into `ValidationError`s whose messages name the field
and its range ("set 3: reps must be between 0 and 100 (got 120)").
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from types import UnionType
from typing import Any, NamedTuple, TypeVar, Union, get_args, get_origin

import pydantic
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from tracker import bodymap
from tracker.errors import FieldProblem, ValidationError
from tracker.science.units import from_kg, to_kg
from tracker.vocab import AvailabilityStatus, BodyArea, Feature, Quality, RedFlag, Region, ScreenItem, SetKind, Side, Timing, Unit


class Limit(NamedTuple):
    low: float
    high: float
    unit: str = ""
    why: str = ""  # the reason for a ceiling, said in the message


#: What can be stored at all: ceilings are physical or follow what people actually do (with
#: the reason), so a real export is never refused for a value someone really lifted.
LIMITS: dict[str, Limit] = {
    "reps": Limit(0, 1000, "", "even push-up, sit-up and skipping sets stay in the hundreds"),
    "weight_kg": Limit(0, 1000, "kg", "more than the heaviest leg press and squat loads on record"),
    "rpe": Limit(0, 10),
    "rir": Limit(0, 10),
    "pain": Limit(0, 10),
    "duration_min": Limit(1, 600, "minutes", "a longer session is a timer left running"),
    "sleep_hours": Limit(0, 24, "hours"),
    "sleep_quality": Limit(1, 5),
    "stress": Limit(1, 5),
    "soreness": Limit(1, 5),
    "mood": Limit(1, 5),
    "fatigue": Limit(1, 5),
    "body_mass_kg": Limit(25, 350, "kg"),
    "birth_month": Limit(1, 12),
    "distance_km": Limit(0, 1000, "km", "farther than anyone covers in a day"),
    "seconds": Limit(0, 86_400, "seconds", "one set or cardio entry fits in a day"),
}
#: Possible but unusual: kept, and flagged in an import's preview in case it is a typo.
USUAL: dict[str, float] = {"reps": 100, "weight_kg": 500, "distance_km": 100, "seconds": 6 * 3600}
#: Dates a session or pain report may have: from 1900 to a day after today (time zones).
EARLIEST_DATE = dt.date(1900, 1, 1)


def latest_date() -> dt.date:
    return dt.date.today() + dt.timedelta(days=1)


def date_problem(day: dt.date) -> str | None:
    """Why a date cannot be stored, or None."""
    if not EARLIEST_DATE <= day <= latest_date():
        return f"must be between {EARLIEST_DATE.isoformat()} and {latest_date().isoformat()} (a day after today)"
    return None


def control_characters(text: str, *, newlines: bool = False) -> str | None:
    """A description of the control characters in `text` (NUL, escape codes...), or None.
    With `newlines` (notes), line breaks and tabs are allowed."""
    allowed = {"\n", "\r", "\t"} if newlines else set()
    found = sorted({ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in allowed})
    return ", ".join(repr(ch) for ch in found[:3]) if found else None


def refuse_control_characters(field: str, text: str, *, newlines: bool = False) -> None:
    """ValidationError naming `field` if `text` holds control characters."""
    if found := control_characters(text, newlines=newlines):
        raise ValidationError.single(field, f"{field.replace('_', ' ')} must not contain control characters (found {found})")


LABELS = {
    "rpe": "RPE",
    "rir": "RIR",
    "duration_min": "duration",
    "weight_kg": "weight",
    "sleep_hours": "sleep hours",
    "sleep_quality": "sleep quality",
    "body_mass_kg": "body mass",
    "birth_year": "year of birth",
    "birth_month": "month of birth",
    "cleared_at": "date assessed",
    "assessed_by": "assessed by",
    "recorded_at": "date",
    "seconds": "time",
    "distance_km": "distance",
}


def bounded(name: str, default: Any = ..., **kwargs: Any) -> Any:
    """A pydantic Field limited to LIMITS[name]."""
    limit = LIMITS[name]
    return Field(default, ge=limit.low, le=limit.high, **kwargs)


def describe_limit(name: str) -> str:
    low, high, unit, _ = LIMITS[name]
    return f"between {low:g} and {high:g}{' ' + unit if unit else ''}"


#: Free-text fields where line breaks belong.
MULTILINE = {"notes"}


def _is_number(annotation: Any) -> bool:
    return annotation in (int, float) or (get_origin(annotation) in (Union, UnionType) and bool({int, float} & set(get_args(annotation))))


class _Input(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, frozen=True, extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _plain_values(cls, value: Any, info: ValidationInfo) -> Any:
        """`True` is not a number, and text holds no NUL or other control characters."""
        if isinstance(value, bool) and _is_number(cls.model_fields[info.field_name].annotation):
            raise ValueError("must be a number, not true/false")
        if isinstance(value, str) and (found := control_characters(value, newlines=info.field_name in MULTILINE)):
            raise ValueError(f"must not contain control characters (found {found})")
        return value


def _in_date_range(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    day = value.date() if isinstance(value, dt.datetime) else value
    if problem := date_problem(day):
        raise ValueError(problem)
    return value


class AthleteIn(_Input):
    name: str = Field(min_length=1, max_length=80)
    unit: Unit = Unit.KG
    birth_year: int | None = None
    birth_month: int | None = bounded("birth_month", None)
    body_mass_kg: float | None = bounded("body_mass_kg", None)

    @field_validator("birth_year")
    @classmethod
    def _plausible_birth_year(cls, year: int | None) -> int | None:
        this_year = dt.date.today().year
        if year is not None and not 1900 <= year <= this_year:
            raise ValueError(f"must be between 1900 and {this_year}")
        return year

    @field_validator("birth_month")
    @classmethod
    def _month_needs_a_year(cls, month: int | None, info: ValidationInfo) -> int | None:
        if month is not None and info.data.get("birth_year") is None:
            raise ValueError("needs the year of birth too")
        return month


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
            raise ValueError(f"must be between 0 and {high:g} {unit}: {LIMITS['weight_kg'].why}")
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

    _date_in_range = field_validator("date")(_in_date_range)


class PainIn(_Input):
    recorded_at: dt.datetime
    pain: int = bounded("pain")
    region: Region
    # Left/right detail: filled in from a one-sided low-back region; any side for buttock or leg.
    side: Side | None = Field(None, validate_default=True)
    # The body-chart areas tapped (tracker.bodymap); empty when the region was chosen without the chart.
    body_areas: frozenset[BodyArea] = frozenset()
    quality: Quality | None = None
    timing: Timing | None = None
    features: frozenset[Feature] = frozenset()
    red_flags: frozenset[RedFlag] = frozenset()
    session_id: int | None = None
    notes: str | None = Field(None, max_length=2000)

    _recorded_at_in_range = field_validator("recorded_at")(_in_date_range)

    @field_validator("side")
    @classmethod
    def _side_fits_region(cls, side: Side | None, info: ValidationInfo) -> Side | None:
        region = info.data.get("region")
        if region is None:
            return side
        if side is None and region in bodymap.REGION_SIDES:
            return bodymap.REGION_SIDES[region]
        if problem := bodymap.side_problem(region, side):
            raise ValueError(problem)
        return side

    @field_validator("body_areas")
    @classmethod
    def _areas_fit_region_and_side(cls, areas: frozenset[BodyArea], info: ValidationInfo) -> frozenset[BodyArea]:
        if "region" in info.data and "side" in info.data and (problem := bodymap.areas_problem(areas, info.data["region"], info.data["side"])):
            raise ValueError(problem)
        return areas

    def entry_columns(self) -> dict[str, Any]:
        """Every PainEntry column this report fills: its fields, a boolean per feature and red
        flag, and the body-chart areas as text."""
        fields = self.model_dump(exclude={"features", "red_flags", "body_areas"})
        return {**fields, **self.flag_columns(), "body_areas": bodymap.to_text(self.body_areas)}

    def flag_columns(self) -> dict[str, bool]:
        """The PainEntry boolean columns for this entry's features and red flags."""
        return {item.value: item in self.features or item in self.red_flags for item in (*Feature, *RedFlag)}


class ClearanceIn(_Input):
    """A clinician's "assessed, cleared to train". A date alone means the end of that day (or now,
    for today): it clears everything reported by then."""

    cleared_at: dt.datetime
    assessed_by: str = Field(min_length=1, max_length=120)
    note: str | None = Field(None, max_length=2000)

    _cleared_at_in_range = field_validator("cleared_at")(_in_date_range)

    @field_validator("cleared_at", mode="before")
    @classmethod
    def _day_means_its_end(cls, value: Any) -> Any:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            now = dt.datetime.now()
            return now if value == now.date() else dt.datetime.combine(value, dt.time(23, 59, 59))
        return value


class BackScreenIn(_Input):
    """The answers to the one-off back-pain screen (ScreenItem values)."""

    yes: frozenset[ScreenItem] = frozenset()


class WellnessIn(_Input):
    """The daily wellness check (tracker.wellness): every answer optional, at least one given."""

    date: dt.date
    sleep_hours: float | None = bounded("sleep_hours", None)
    sleep_quality: int | None = bounded("sleep_quality", None)
    soreness: int | None = bounded("soreness", None)
    stress: int | None = bounded("stress", None)
    mood: int | None = bounded("mood", None)
    fatigue: int | None = bounded("fatigue", None)

    _date_in_range = field_validator("date")(_in_date_range)


class AvailabilityIn(_Input):
    """An availability decision; "modified" needs its one-line note (what to leave out)."""

    status: AvailabilityStatus
    note: str | None = Field(None, max_length=120)
    effective_on: dt.date

    @field_validator("note")
    @classmethod
    def _one_line(cls, note: str | None) -> str | None:
        if note is not None and "\n" in note:
            raise ValueError("must be one line")
        return note or None


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
    names = [part for part in loc if not isinstance(part, int)]  # ("body_areas", 0) is the body_areas field
    field = str(names[-1]) if names else "input"
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
    quiet = kind in {"missing", "extra_forbidden", "string_too_long"} or isinstance(got, (dict, list)) or "control characters" in reason or got is None
    shown = "" if quiet else f" (got {got!r})"
    why = f": {LIMITS[field].why}" if kind in _RANGE_ERRORS and field in LIMITS and LIMITS[field].why else ""
    return FieldProblem(".".join(str(part) for part in loc), f"{where}{label} {reason}{shown}{why}")

"""Strong (iOS/Android) CSV exports: one row per set, workouts repeated on every row.

The format has drifted over the years; this reads all of the variants seen in real files:

* comma or semicolon between fields (taken from the header line);
* older iOS exports wrap every data line in quotes and double the quotes inside it
  (``"2018-06-27 16:26:53;""B"";""Squat"";1;15;5;;0;;"``): such a line is unwrapped and read again;
* newer exports quote every field, and add ``Workout #`` and ``Duration (sec)``;
* the weight unit is in the header (``kg``, ``lbs``, ``Weight (kg)``), in a per-row ``Weight Unit``
  column, or nowhere (then the caller's default unit is assumed and recorded as "assumed kg/lb");
  distances likewise (``km``, ``mi.``, ``Distance (meters)``, ``Distance Unit``);
* ``Set Order`` is a number (from 0 or from 1) or a code: ``W`` warm-up, ``D`` drop, ``F`` failure;
  ``Rest Timer`` and ``Note`` rows are not sets (a ``Note`` row's text goes to the exercise's next set);
* workout durations as ``38min``, ``1h 3m``, ``264h 1m`` or seconds; a duration that cannot be true
  (zero, above `MAX_PLAUSIBLE_MINUTES`, or too short for the sets logged in it) is dropped with one
  file-level warning.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tracker.importers.base import MAX_PLAUSIBLE_MINUTES, ImportedSet, ImportFormatError, Parsed, RowProblem
from tracker.importers.common import parse_duration_minutes, parse_number, whole_reps
from tracker.science.units import KG_PER_LB
from tracker.vocab import SetKind, Unit

#: A workout whose duration leaves less than this per logged set was logged after the fact
#: (Strong then records the few seconds it took to type the sets in), so its duration is not trusted.
_MIN_SECONDS_PER_SET = 30.0

_KM_PER_MILE = 1.609344

_WEIGHT_UNITS = {"kg": Unit.KG, "kgs": Unit.KG, "kilograms": Unit.KG, "lb": Unit.LB, "lbs": Unit.LB, "pounds": Unit.LB}
#: Distance unit → kilometres per unit.
_DISTANCE_UNITS = {
    "km": 1.0,
    "kms": 1.0,
    "kilometers": 1.0,
    "kilometres": 1.0,
    "mi": _KM_PER_MILE,
    "mi.": _KM_PER_MILE,
    "mile": _KM_PER_MILE,
    "miles": _KM_PER_MILE,
    "m": 0.001,
    "meters": 0.001,
    "metres": 0.001,
}
_KINDS = {
    "w": SetKind.WARMUP,
    "warmup": SetKind.WARMUP,
    "warm-up": SetKind.WARMUP,
    "d": SetKind.DROP,
    "drop": SetKind.DROP,
    "f": SetKind.FAILURE,
    "failure": SetKind.FAILURE,
}
_PSEUDO_ROWS = {"rest timer", "note"}

_UNIT_IN_HEADER = re.compile(r"^(weight|distance|duration)\s*\(([^)]*)\)$")
_DATE = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?$"
)
_SET_NUMBER = re.compile(r"^\d+(?:\.0+)?$")


# ---------------------------------------------------------------------------------------------
# Reading records


def _delimiter(text: str) -> str:
    """';' when the header line (the first non-blank one) has more semicolons than commas."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        first = text[start:end]
        if first.strip():
            return ";" if first.count(";") > first.count(",") else ","
        start = end + 1
    return ","


def _unwrap(row: list[str], delimiter: str) -> list[str] | None:
    """A line wrapped whole in quotes comes out of the csv reader as one field holding the real
    line (its doubled quotes already undone): read that field again. None if it is not one."""
    if len(row) != 1 or delimiter not in row[0]:
        return None
    inner = list(csv.reader(io.StringIO(row[0]), delimiter=delimiter))
    return inner[0] if len(inner) == 1 else None


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(physical line where the record starts, fields) for every non-blank record."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportFormatError(f"line {start} cannot be read as CSV ({error}).") from None
        if any(cell.strip() for cell in row):
            yield start, row
        start = reader.line_num + 1


def _header(text: str) -> tuple[str, list[str], Iterator[tuple[int, list[str]]]] | None:
    """The delimiter, the header's column names, and the records after it (None: no header)."""
    text = text.lstrip("\ufeff")
    delimiter = _delimiter(text)
    records = _records(text, delimiter)
    first = next(records, None)
    if first is None:
        return None
    row = first[1]
    row = _unwrap(row, delimiter) or row
    return delimiter, [cell.strip().lstrip("\ufeff") for cell in row], records


def looks_like_strong(text: str) -> bool:
    """Whether the text starts with a Strong header (for picking the importer)."""
    try:
        found = _header(text[:20_000] if len(text) > 20_000 else text)
    except ImportFormatError:
        return False
    if found is None:
        return False
    names = {name.lower() for name in found[1]}
    return "exercise name" in names and "set order" in names and bool(names & {"workout name", "workout #"})


# ---------------------------------------------------------------------------------------------
# Columns


@dataclass
class _Columns:
    count: int
    date: int
    exercise: int
    set_order: int
    workout_name: int | None = None
    workout_number: int | None = None
    duration: int | None = None
    duration_unit: str = "text"  # "text" (38min, 1h 3m; a bare number is seconds), "sec", "min"
    weight: int | None = None
    weight_unit: Unit | None = None  # from the header
    weight_unit_column: int | None = None
    reps: int | None = None
    rpe: int | None = None
    distance: int | None = None
    distance_km_per_unit: float | None = None  # from the header
    distance_unit_column: int | None = None
    seconds: int | None = None
    notes: int | None = None
    workout_notes: int | None = None
    names: list[str] = field(default_factory=list)


def _columns(names: list[str]) -> _Columns:
    lowered = [name.lower() for name in names]
    index = {name: i for i, name in reversed(list(enumerate(lowered)))}
    missing = [label for label in ("Date", "Exercise Name", "Set Order") if label.lower() not in index]
    if missing or not ({"workout name", "workout #"} & index.keys()):
        if not missing:
            missing = ["Workout Name"]
        raise ImportFormatError(
            f"This is not a Strong export: its header has no {' or '.join(repr(m) for m in missing)} column."
        )
    cols = _Columns(
        count=len(names), date=index["date"], exercise=index["exercise name"], set_order=index["set order"], names=names
    )
    cols.workout_name = index.get("workout name")
    cols.workout_number = index.get("workout #")
    cols.reps = index.get("reps")
    cols.rpe = index.get("rpe")
    cols.seconds = index.get("seconds")
    cols.notes = index.get("notes")
    cols.workout_notes = index.get("workout notes")
    cols.weight_unit_column = index.get("weight unit")
    cols.distance_unit_column = index.get("distance unit")
    for i, name in enumerate(lowered):
        if name in ("weight", "weight unit", "distance", "distance unit"):
            if name == "weight":
                cols.weight = i
            elif name == "distance":
                cols.distance = i
            continue
        if name in _WEIGHT_UNITS and cols.weight is None:  # 2016-style header: "kg" / "lbs"
            cols.weight, cols.weight_unit = i, _WEIGHT_UNITS[name]
        elif name in _DISTANCE_UNITS and name != "m" and cols.distance is None:  # "km" / "mi."
            cols.distance, cols.distance_km_per_unit = i, _DISTANCE_UNITS[name]
        elif name in ("duration", "workout duration"):
            cols.duration, cols.duration_unit = i, "text"
        elif match := _UNIT_IN_HEADER.match(name):
            what, unit = match.group(1), match.group(2).strip()
            if what == "weight" and unit in _WEIGHT_UNITS:
                cols.weight, cols.weight_unit = i, _WEIGHT_UNITS[unit]
            elif what == "distance" and unit in _DISTANCE_UNITS:
                cols.distance, cols.distance_km_per_unit = i, _DISTANCE_UNITS[unit]
            elif what == "duration" and unit in ("s", "sec", "secs", "second", "seconds"):
                cols.duration, cols.duration_unit = i, "sec"
            elif what == "duration" and unit in ("m", "min", "mins", "minute", "minutes"):
                cols.duration, cols.duration_unit = i, "min"
            else:
                raise ImportFormatError(f"The column {names[i]!r} has a unit this importer does not know.")
    return cols


# ---------------------------------------------------------------------------------------------
# Cells


def _date(text: str) -> dt.datetime:
    match = _DATE.match(text.strip())
    if match:
        year, month, day, hour, minute, second = (int(part) if part else 0 for part in match.groups())
        try:
            return dt.datetime(year, month, day, hour, minute, second)
        except ValueError:
            pass
    raise ValueError(f"Date: {text.strip()!r} is not a date like 2019-05-22 18:32:31")


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _duration_text(raw: str, unit: str) -> str:
    return f"{raw} s" if unit == "sec" or (unit == "text" and re.fullmatch(r"\d+(\.\d+)?", raw)) else raw


@dataclass
class _Workout:
    key: str
    duration_raw: str = ""
    sets: int = 0
    notes_seen: set[str] = field(default_factory=set)
    pending_notes: dict[str, list[str]] = field(default_factory=dict)  # exercise → texts of its Note rows


class _RowError(ValueError):
    pass


# ---------------------------------------------------------------------------------------------
# The parser


def parse_strong(text: str, *, default_unit: Unit = Unit.KG) -> Parsed:
    """Read a Strong export (text as returned by `common.read_text`)."""
    default_unit = Unit(default_unit)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = _header(text)
    if found is None:
        raise ImportFormatError("The file has no header line, so it is not a Strong export.")
    delimiter, names, records = found
    cols = _columns(names)

    parsed = Parsed(format="strong")
    if cols.weight_unit is not None:
        parsed.units.add(cols.weight_unit.value)
    elif cols.weight_unit_column is None:
        parsed.units.add(f"assumed {default_unit.value}")
    default_km_per_unit = 1.0 if default_unit == Unit.KG else _KM_PER_MILE
    default_distance_label = "km" if default_unit == Unit.KG else "mi"

    workouts: dict[str, _Workout] = {}
    pending: list[tuple[_Workout, dict]] = []
    dates: dict[str, dt.datetime] = {}
    assumed_weight_rows = 0
    assumed_distance_rows = 0

    for line, row in records:
        if len(row) != cols.count:
            unwrapped = _unwrap(row, delimiter)
            if unwrapped is not None:
                row = unwrapped
        if len(row) < cols.count or (len(row) > cols.count and any(cell.strip() for cell in row[cols.count :])):
            # Strong writes every column on every row: a short row was cut off, a long one is shifted.
            parsed.problems.append(
                RowProblem(line, f"the row has {len(row)} fields but the header has {cols.count} columns")
            )
            continue
        set_order = _cell(row, cols.set_order)
        order_key = set_order.lower()
        try:
            # Which workout and exercise the row belongs to.
            raw_date = _cell(row, cols.date)
            started_at = dates.get(raw_date)
            if started_at is None:
                started_at = dates[raw_date] = _date(raw_date)
            exercise = _cell(row, cols.exercise)
            if not exercise:
                raise _RowError("Exercise Name: the cell is empty")
            workout_name = _cell(row, cols.workout_name) or None
            number = _cell(row, cols.workout_number)
            label = f"#{number}" if number else (workout_name or "")
            key = f"{started_at:%Y-%m-%d %H:%M:%S}|{label}"
        except ValueError as error:
            if order_key not in _PSEUDO_ROWS:  # a broken Rest Timer/Note row is no loss
                parsed.problems.append(RowProblem(line, str(error)))
            continue
        workout = workouts.get(key)
        if workout is None:
            workout = workouts[key] = _Workout(key=key, duration_raw=_cell(row, cols.duration))
        if order_key in _PSEUDO_ROWS:
            if order_key == "note" and (text_note := _cell(row, cols.notes)):
                workout.pending_notes.setdefault(exercise, []).append(text_note)
            continue
        try:
            if order_key == "" or _SET_NUMBER.match(order_key):
                kind = SetKind.WORKING
            elif order_key in _KINDS:
                kind = _KINDS[order_key]
            else:
                raise _RowError(f"Set Order: {set_order!r} is not a set number, W, D or F")

            # The numbers.
            weight = parse_number(_cell(row, cols.weight), column=_name(cols, cols.weight, "Weight"))
            reps_value = parse_number(_cell(row, cols.reps), column="Reps")
            rpe = parse_number(_cell(row, cols.rpe), column="RPE")
            distance = parse_number(_cell(row, cols.distance), column=_name(cols, cols.distance, "Distance"))
            seconds = parse_number(_cell(row, cols.seconds), column="Seconds")
            for column, value in (
                (_name(cols, cols.weight, "Weight"), weight),
                (_name(cols, cols.distance, "Distance"), distance),
                ("Seconds", seconds),
            ):
                if value is not None and value < 0:
                    raise _RowError(f"{column}: {value:g} is negative")
            if rpe is not None and not 0 <= rpe <= 10:
                raise _RowError(f"RPE: {rpe:g} is not between 0 and 10")
            if rpe == 0:
                rpe = None
            distance = distance or None  # Strong writes 0 for "not given"
            seconds = seconds or None
            weight = weight or None

            # Units.
            weight_kg = None
            if weight is not None:
                unit = cols.weight_unit
                if unit is None and cols.weight_unit_column is not None:
                    unit_text = _cell(row, cols.weight_unit_column).lower()
                    if unit_text:
                        unit = _WEIGHT_UNITS.get(unit_text)
                        if unit is None:
                            raise _RowError(f"Weight Unit: {unit_text!r} is not kg or lbs")
                        parsed.units.add(unit.value)
                    else:
                        assumed_weight_rows += 1
                        parsed.units.add(f"assumed {default_unit.value}")
                unit = unit or default_unit
                weight_kg = round(weight * KG_PER_LB, 6) if unit == Unit.LB else weight
            distance_km = None
            if distance is not None:
                km_per_unit = cols.distance_km_per_unit
                if km_per_unit is None:
                    unit_text = _cell(row, cols.distance_unit_column).lower()
                    if unit_text:
                        km_per_unit = _DISTANCE_UNITS.get(unit_text)
                        if km_per_unit is None:
                            raise _RowError(f"Distance Unit: {unit_text!r} is not km, mi. or meters")
                    else:
                        assumed_distance_rows += 1
                        km_per_unit = default_km_per_unit
                distance_km = round(distance * km_per_unit, 6)

            # Cardio rows and timed holds carry distance/time and no load: they have no reps.
            if (distance_km or seconds) and weight_kg is None and not reps_value:
                reps = None
            else:
                reps = whole_reps(reps_value)
                if reps is None:
                    if weight_kg is not None and not (distance_km or seconds):
                        raise _RowError(f"Reps: the cell is empty on a set with a weight ({weight:g})")
                    if weight_kg is None:
                        reps = 0  # an empty set: kept, as Strong kept it
        except ValueError as error:
            parsed.problems.append(RowProblem(line, str(error)))
            continue

        notes = workout.pending_notes.pop(exercise, [])
        if set_note := _cell(row, cols.notes):
            notes.append(set_note)
        if (workout_note := _cell(row, cols.workout_notes)) and workout_note not in workout.notes_seen:
            workout.notes_seen.add(workout_note)
            notes.append(f"Workout notes: {workout_note}")
        workout.sets += 1
        pending.append(
            (
                workout,
                dict(
                    line=line,
                    workout_key=key,
                    started_at=started_at,
                    workout_name=workout_name,
                    exercise=exercise,
                    position=workout.sets,
                    kind=kind,
                    reps=reps,
                    weight_kg=weight_kg,
                    rpe=rpe,
                    distance_km=distance_km,
                    seconds=seconds,
                    notes="; ".join(notes) or None,
                ),
            )
        )

    durations = _durations(workouts.values(), cols, parsed)
    parsed.sets = [ImportedSet(**fields, duration_min=durations.get(workout.key)) for workout, fields in pending]
    if assumed_weight_rows:
        parsed.warnings.append(
            f"{assumed_weight_rows} weights had no unit in the Weight Unit column; read as {default_unit.value}"
        )
    if assumed_distance_rows:
        parsed.warnings.append(
            f"{assumed_distance_rows} distances had no unit; read as {default_distance_label}"
        )
    return parsed


def _name(cols: _Columns, index: int | None, fallback: str) -> str:
    return cols.names[index] if index is not None else fallback


def _durations(workouts, cols: _Columns, parsed: Parsed) -> dict[str, float]:
    """Trusted duration (minutes) per workout key; one warning for the implausible ones."""
    trusted: dict[str, float] = {}
    too_long: list[str] = []
    too_short: list[str] = []
    unreadable: list[str] = []
    for workout in workouts:
        raw = workout.duration_raw
        if not raw or not workout.sets:
            continue
        try:
            if cols.duration_unit == "text":
                minutes = parse_duration_minutes(raw)
            else:
                number = parse_number(raw, column=cols.names[cols.duration])
                minutes = None if number is None else number / 60 if cols.duration_unit == "sec" else number
        except ValueError:
            unreadable.append(raw)
            continue
        if minutes is None:
            continue
        shown = _duration_text(raw, cols.duration_unit)
        if minutes <= 0 or minutes > MAX_PLAUSIBLE_MINUTES:
            too_long.append(shown)
        elif minutes * 60 < _MIN_SECONDS_PER_SET * workout.sets:
            too_short.append(f"{shown} for {workout.sets} sets")
        else:
            trusted[workout.key] = round(minutes, 6)
    if too_long or too_short:
        parts = []
        if too_long:
            parts.append(f"{len(too_long)} zero or over {MAX_PLAUSIBLE_MINUTES // 60}h (e.g. {too_long[0]})")
        if too_short:
            parts.append(f"{len(too_short)} too short for the sets logged (e.g. {too_short[0]})")
        count = len(too_long) + len(too_short)
        parsed.warnings.append(
            f"{count} workout{'s' if count != 1 else ''} had implausible durations, ignored: {'; '.join(parts)}"
        )
    if unreadable:
        parsed.warnings.append(
            f"{len(unreadable)} workout durations could not be read (e.g. {unreadable[0]!r}), ignored"
        )
    return trusted

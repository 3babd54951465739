"""Hevy's CSV export: one row per set, fourteen quoted columns, read by header name.

    "title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",
    "set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"

The unit lives in the header (`weight_kg` or `weight_lbs`, `distance_km` or `distance_miles`).
Times are written like `28 May 2024, 07:32` (the day is not always zero-padded) and are read
without `strptime`, whose `%b` follows the process locale. A workout is the rows sharing a
start time and a title; its duration is end − start when that is plausible.
"""

from __future__ import annotations

import datetime as dt
import re

from tracker.importers.base import MAX_PLAUSIBLE_MINUTES, ImportedSet, ImportFormatError, Parsed, RowProblem
from tracker.importers.common import csv_records, first_line, header_names, parse_number, whole_reps
from tracker.science.units import KG_PER_LB
from tracker.vocab import SetKind, Unit

KM_PER_MILE = 1.609344

_REQUIRED = ("title", "start_time", "exercise_title", "set_index", "set_type")

_KINDS = {
    "normal": SetKind.WORKING,
    "working": SetKind.WORKING,
    "": SetKind.WORKING,
    "warmup": SetKind.WARMUP,
    "warm-up": SetKind.WARMUP,
    "warm_up": SetKind.WARMUP,
    "dropset": SetKind.DROP,
    "drop": SetKind.DROP,
    "drop_set": SetKind.DROP,
    "failure": SetKind.FAILURE,
}

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")

# "28 May 2024, 07:32", "5 May 2024, 7:02", "28 September 2024 19:05:00", "3 Jun. 2024, 7:02 PM"
_DAY_FIRST = re.compile(
    r"^(\d{1,2})\s+([^\W\d_]+)\.?,?\s+(\d{4}),?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?$"
)
# "May 28, 2024, 07:32" (month first, as some English locales write it)
_MONTH_FIRST = re.compile(
    r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4}),?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?$"
)


def looks_like_hevy(text: str) -> bool:
    """True when the first line names Hevy's columns (exercise_title, set_index, set_type, start_time)."""
    header = header_names(first_line(text))
    return {"exercise_title", "set_index", "set_type", "start_time"} <= set(header)


def parse_hevy_time(text: str) -> dt.datetime:
    """'28 May 2024, 07:32' (day padded or not, month abbreviated or in full) → naive datetime.

    Also accepts month-first ('May 28, 2024, 07:32'), a 12-hour clock ('7:32 PM') and ISO
    ('2024-05-28 07:32:00'). Raises ValueError otherwise."""
    cell = " ".join(text.split())
    if not cell:
        raise ValueError("empty")
    match = _DAY_FIRST.match(cell)
    if match:
        day, month_name, year, hour, minute, second, meridiem = match.groups()
    else:
        match = _MONTH_FIRST.match(cell)
        if match:
            month_name, day, year, hour, minute, second, meridiem = match.groups()
        else:
            try:
                parsed = dt.datetime.fromisoformat(cell)
            except ValueError:
                raise ValueError(f"{text!r} is not a time like '28 May 2024, 07:32'") from None
            return parsed.replace(tzinfo=None)
    month = _month_number(month_name)
    if month is None:
        raise ValueError(f"{text!r}: {month_name!r} is not a month name")
    hour_number = int(hour)
    if meridiem:
        if not 1 <= hour_number <= 12:
            raise ValueError(f"{text!r} has hour {hour_number} with {meridiem}")
        hour_number = hour_number % 12 + (12 if meridiem[0] in "Pp" else 0)
    try:
        return dt.datetime(int(year), month, int(day), hour_number, int(minute), int(second or 0))
    except ValueError:
        raise ValueError(f"{text!r} is not a real date and time") from None


def parse_hevy(text: str, *, default_unit: Unit = Unit.KG) -> Parsed:
    """Every set row of a Hevy export as an `ImportedSet`; unreadable rows as `RowProblem`s."""
    rows = csv_records(text)
    header_line, header = next(((line, row) for line, row in rows if any(cell.strip() for cell in row)), (0, None))
    if header is None:
        raise ImportFormatError("The file has no header row, so it is not a Hevy export.")
    names = header_names(header)
    missing = [name for name in _REQUIRED if name not in names]
    if missing:
        raise ImportFormatError(
            f"This is not a Hevy export: the header has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}."
        )
    col = {name: index for index, name in reversed(list(enumerate(names)))}  # first occurrence wins

    parsed = Parsed(format="hevy")
    weight_col, weight_unit = _weight_column(col, default_unit)
    if weight_col is not None:
        parsed.units.add(weight_unit.value if weight_col.endswith(("_kg", "_lbs", "_lb")) else f"assumed {weight_unit.value}")
    distance_col, km_per_unit = _distance_column(col)

    times: dict[str, dt.datetime] = {}
    durations: dict[str, float | None] = {}
    positions: dict[str, int] = {}
    implausible: list[float] = []
    unreadable_end: list[str] = []
    unknown_kinds: dict[str, int] = {}

    def cell(row: list[str], name: str | None) -> str:
        if name is None or name not in col:
            return ""
        return row[col[name]].strip()

    for line, row in rows:
        if line <= header_line or not any(value.strip() for value in row):
            continue
        if len(row) != len(names):
            parsed.problems.append(RowProblem(line, f"the row has {len(row)} columns where the header has {len(names)}"))
            continue
        try:
            start_text = cell(row, "start_time")
            started_at = times.get(start_text)
            if started_at is None:
                try:
                    started_at = times[start_text] = parse_hevy_time(start_text)
                except ValueError:
                    raise ValueError(f"start_time: {start_text!r} is not a time like '28 May 2024, 07:32'") from None
            exercise = cell(row, "exercise_title")
            if not exercise:
                raise ValueError("exercise_title: the exercise name is empty")
            title = cell(row, "title")
            kind_text = cell(row, "set_type").lower()
            kind = _KINDS.get(kind_text)
            if kind is None:
                unknown_kinds[kind_text] = unknown_kinds.get(kind_text, 0) + 1
                kind = SetKind.WORKING
            weight = parse_number(cell(row, weight_col), column=weight_col or "weight")
            reps = whole_reps(parse_number(cell(row, "reps"), column="reps"), column="reps")
            distance = parse_number(cell(row, distance_col), column=distance_col or "distance")
            seconds = parse_number(cell(row, "duration_seconds"), column="duration_seconds")
            rpe = parse_number(cell(row, "rpe"), column="rpe")
            for name, value in ((weight_col, weight), ("reps", reps), (distance_col, distance), ("duration_seconds", seconds)):
                if value is not None and value < 0 and name != weight_col:  # negative weight: assisted lifts
                    raise ValueError(f"{name}: {value:g} is negative")
            if rpe is not None and not 0 < rpe <= 10:
                raise ValueError(f"rpe: {cell(row, 'rpe')!r} is not between 1 and 10")
        except ValueError as error:
            parsed.problems.append(RowProblem(line, str(error)))
            continue

        key = f"{started_at:%Y-%m-%d %H:%M} {title}"
        if key not in durations:
            durations[key] = _duration(cell(row, "end_time"), started_at, implausible, unreadable_end)
        positions[key] = positions.get(key, 0) + 1
        notes = cell(row, "exercise_notes")
        parsed.sets.append(
            ImportedSet(
                line=line,
                workout_key=key,
                started_at=started_at,
                workout_name=title or None,
                exercise=exercise,
                position=positions[key],
                kind=kind,
                reps=reps,
                weight_kg=None if not weight else (weight * KG_PER_LB if weight_unit == Unit.LB else weight),
                rpe=rpe,
                distance_km=None if not distance else round(distance * km_per_unit, 6),
                seconds=seconds or None,
                duration_min=durations[key],
                notes=notes or None,
            )
        )

    if implausible:
        shown = ", ".join(_hours_minutes(minutes) for minutes in sorted(set(implausible), reverse=True)[:3])
        parsed.warnings.append(
            f"{len(implausible)} workout{'s' if len(implausible) > 1 else ''} had implausible durations ({shown}), ignored"
        )
    if unreadable_end:
        parsed.warnings.append(
            f"{len(unreadable_end)} workout{'s' if len(unreadable_end) > 1 else ''} had an unreadable end_time "
            f"(e.g. {unreadable_end[0]!r}); their durations are unknown"
        )
    if unknown_kinds:
        shown = ", ".join(f"{name!r} ({count})" for name, count in sorted(unknown_kinds.items()))
        parsed.warnings.append(f"set_type {shown} not recognised; read as working sets")
    return parsed


# --------------------------------------------------------------------------- helpers








def _month_number(name: str) -> int | None:
    name = name.lower()
    if len(name) < 3:
        return None
    for number, full in enumerate(_MONTHS, start=1):
        if full.startswith(name):  # "Jun", "June", "Sept", "September"
            return number
    return None


def _weight_column(col: dict[str, int], default_unit: Unit) -> tuple[str | None, Unit]:
    for name, unit in (("weight_kg", Unit.KG), ("weight_lbs", Unit.LB), ("weight_lb", Unit.LB)):
        if name in col:
            return name, unit
    if "weight" in col:
        return "weight", Unit(default_unit)
    return None, Unit(default_unit)


def _distance_column(col: dict[str, int]) -> tuple[str | None, float]:
    for name, scale in (
        ("distance_km", 1.0),
        ("distance_miles", KM_PER_MILE),
        ("distance_mi", KM_PER_MILE),
        ("distance_meters", 0.001),
        ("distance_m", 0.001),
    ):
        if name in col:
            return name, scale
    return None, 1.0


def _duration(end_text: str, started_at: dt.datetime, implausible: list[float], unreadable: list[str]) -> float | None:
    if not end_text:
        return None
    try:
        ended_at = parse_hevy_time(end_text)
    except ValueError:
        unreadable.append(end_text)
        return None
    minutes = (ended_at - started_at).total_seconds() / 60
    if 0 < minutes <= MAX_PLAUSIBLE_MINUTES:
        return minutes
    implausible.append(minutes)
    return None


def _hours_minutes(minutes: float) -> str:
    sign = "-" if minutes < 0 else ""
    total = round(abs(minutes))
    hours, rest = divmod(total, 60)
    return f"{sign}{hours}h {rest}m" if hours else f"{sign}{rest}m"

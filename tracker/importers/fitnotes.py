"""FitNotes' CSV export ("Spreadsheet Export → Workout Data"): one row per set, dates only.

Header shapes seen in real files:

    Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time
    Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time
    Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time[,Comment]

FitNotes does not quote exercise names, so a name like `Overhead Press (Each Side, Dumbbells)`
spills over into extra fields. Every row is therefore read from the right-hand end: the
columns after Category are fixed by the header, the leftover middle fields are the exercise
name plus its category, and the category is the last of them (in real files the commas are
always in the exercise name, typically inside brackets: `(Each Side, Dumbbells)`). The
trailing `Comment`, when present, is quoted by FitNotes and read as one field; an unquoted
comment with commas is recognised when the fixed columns only make sense that way.

One date is one session: `started_at` is midnight and the workout has no name.
"""

from __future__ import annotations

import datetime as dt
import re

from tracker.importers.base import ImportedSet, ImportFormatError, Parsed, RowProblem
from tracker.importers.common import clock_seconds, csv_records, first_line, header_names, parse_number, whole_reps
from tracker.science.units import KG_PER_LB
from tracker.vocab import Unit

_KM_PER = {
    "km": 1.0, "kms": 1.0, "kilometre": 1.0, "kilometres": 1.0, "kilometer": 1.0, "kilometers": 1.0,
    "m": 0.001, "metre": 0.001, "metres": 0.001, "meter": 0.001, "meters": 0.001,
    "mi": 1.609344, "mile": 1.609344, "miles": 1.609344,
    "ft": 0.0003048, "feet": 0.0003048, "foot": 0.0003048,
    "yd": 0.0009144, "yds": 0.0009144, "yard": 0.0009144, "yards": 0.0009144,
}  # fmt: skip
_WEIGHT_UNITS = {
    "kgs": Unit.KG, "kg": Unit.KG, "kilograms": Unit.KG, "kilogram": Unit.KG,
    "lbs": Unit.LB, "lb": Unit.LB, "pounds": Unit.LB, "pound": Unit.LB,
}  # fmt: skip
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_LOCAL_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\.?$")
_HEADER_WEIGHT = re.compile(r"^weight\s*\((kgs?|lbs?)\)$")


def looks_like_fitnotes(text: str) -> bool:
    """True when the first line starts with FitNotes' Date,Exercise,Category columns."""
    return header_names(first_line(text))[:3] == ["date", "exercise", "category"]


def parse_fitnotes(text: str, *, default_unit: Unit = Unit.KG) -> Parsed:
    """Every set row of a FitNotes export as an `ImportedSet`; unreadable rows as `RowProblem`s."""
    default_unit = Unit(default_unit)
    records = csv_records(text)
    start = next((index for index, (_, row) in enumerate(records) if any(cell.strip() for cell in row)), None)
    if start is None:
        raise ImportFormatError("The file has no header row, so it is not a FitNotes export.")
    header = records[start][1]
    names = header_names(header)
    if names[:3] != ["date", "exercise", "category"]:
        raise ImportFormatError("This is not a FitNotes export: the header does not start with Date,Exercise,Category.")
    number = _Numbers()
    layout = _Layout(header, names, default_unit, number)
    body = [(line, row) for line, row in records[start + 1 :] if any(cell.strip() for cell in row)]

    parsed = Parsed(format="fitnotes")
    parsed.units.update(layout.header_units)
    read_date, date_warning = _date_reader([row[0] for _, row in body])
    if date_warning:
        parsed.warnings.append(date_warning)

    positions: dict[str, int] = {}
    days: dict[str, tuple[str, dt.datetime]] = {}  # date cell → (workout key, midnight)
    distance_without_unit = 0
    for line, row in body:
        try:
            exercise, category, tail = layout.split(row)
            date_text = row[0].strip()
            if date_text not in days:
                try:
                    day = read_date(date_text)
                except ValueError:
                    raise ValueError(f"Date: {date_text!r} is not a date like 2024-05-28") from None
                days[date_text] = (day.isoformat(), dt.datetime.combine(day, dt.time()))
            key, started_at = days[date_text]
            if not exercise:
                raise ValueError("Exercise: the exercise name is empty")
            weight_kg, unit_seen = layout.weight_kg(tail)
            reps = whole_reps(number(tail.get("reps"), "Reps"))
            distance_km, unit_missing = _distance_km(tail, number)
            seconds = _seconds(tail.get("time"))
        except ValueError as error:
            parsed.problems.append(RowProblem(line, str(error)))
            continue
        if unit_seen:
            parsed.units.add(unit_seen)
        distance_without_unit += unit_missing
        positions[key] = positions.get(key, 0) + 1
        comment = (tail.get(layout.note_column) or "").strip() if layout.note_column else ""
        parsed.sets.append(
            ImportedSet(
                line=line,
                workout_key=key,
                started_at=started_at,
                workout_name=None,
                exercise=exercise,
                position=positions[key],
                reps=reps,
                weight_kg=weight_kg,
                distance_km=distance_km,
                seconds=seconds,
                notes=comment or None,
                category=category or None,
            )
        )
    if distance_without_unit:
        parsed.warnings.append(
            f"{distance_without_unit} row{'s' if distance_without_unit > 1 else ''} gave a distance with no Distance Unit; "
            "those distances were left out"
        )
    return parsed


# --------------------------------------------------------------------------- layout


class _Layout:
    """What the header says about the columns after Exercise and Category."""

    def __init__(self, header: list[str], names: list[str], default_unit: Unit, number: _Numbers) -> None:
        self.number = number
        self.width = len(names)
        self.trailing = names[3:]  # fixed by the header; read from the right-hand end of each row
        self.labels = {name: label.strip() for name, label in zip(names, header)}
        self.has_comment = int(bool(self.trailing) and self.trailing[-1] in ("comment", "comments", "notes", "note"))
        self.note_column = next((name for name in self.trailing if name in ("comment", "comments", "notes", "note")), None)
        self.default_unit = default_unit
        self.weight_columns: list[tuple[str, Unit | None]] = []  # (column, unit from the header or None = per row)
        self.header_units: set[str] = set()
        for name in self.trailing:
            if match := _HEADER_WEIGHT.match(name):
                unit = Unit.KG if match.group(1).startswith("kg") else Unit.LB
                self.weight_columns.append((name, unit))
                self.header_units.add(unit.value)
            elif name == "weight":
                self.weight_columns.append((name, None))
        self.weight_columns.sort(key=lambda column: column[1] != Unit.KG)  # a kg column first, if both are given
        self.unit_column = "weight unit" if "weight unit" in self.trailing else None
        if any(unit is None for _, unit in self.weight_columns) and self.unit_column is None:
            self.header_units.add(f"assumed {default_unit.value}")

    def split(self, row: list[str]) -> tuple[str, str, dict[str, str]]:
        """(exercise, category, {trailing column: cell}) for one row, read from the right."""
        width = len(row)
        if width == self.width - 1 and self.has_comment:
            row = [*row, ""]  # the trailing Comment left off entirely
            width += 1
        if width < self.width:
            raise ValueError(f"the row has {width} columns where the header has {self.width}")
        extra = width - self.width
        choices = [extra]
        if self.has_comment:  # an unquoted comment with commas: try giving it the spare fields
            choices += list(range(extra - 1, -1, -1))
        in_name, tail = extra, self._tail(row, extra)
        if len(choices) > 1 and not self._plausible(tail):
            for choice in choices[1:]:
                candidate = self._tail(row, choice)
                if self._plausible(candidate):
                    in_name, tail = choice, candidate
                    break
        middle = row[1 : 3 + in_name]  # exercise name (maybe split at its commas), then Category
        return ",".join(middle[:-1]).strip(), middle[-1].strip(), tail

    def _tail(self, row: list[str], in_name: int) -> dict[str, str]:
        cells = row[3 + in_name :]
        count = len(self.trailing)
        if len(cells) > count:  # only when the spare fields go to the comment
            cells = [*cells[: count - 1], ",".join(cells[count - 1 :])]
        return dict(zip(self.trailing, cells))

    def _plausible(self, tail: dict[str, str]) -> bool:
        try:
            for name, _ in self.weight_columns:
                parse_number(tail.get(name), column=name)
            parse_number(tail.get("reps"), column="Reps")
            parse_number(tail.get("distance"), column="Distance")
            _seconds(tail.get("time"))
        except ValueError:
            return False
        unit = (tail.get(self.unit_column) or "").strip().lower() if self.unit_column else ""
        distance_unit = (tail.get("distance unit") or "").strip()
        return (not unit or unit in _WEIGHT_UNITS) and (not distance_unit or distance_unit.isalpha())

    def weight_kg(self, tail: dict[str, str]) -> tuple[float | None, str | None]:
        """The row's weight in kg (None when absent or 0.0, FitNotes' bodyweight) and the unit it was in."""
        for name, header_unit in self.weight_columns:
            value = self.number(tail.get(name), self.labels.get(name, name))
            if value is None:
                continue
            unit, seen = header_unit, header_unit.value if header_unit else None
            if unit is None:
                unit_text = (tail.get(self.unit_column) or "").strip() if self.unit_column else ""
                if unit_text:
                    unit = _WEIGHT_UNITS.get(unit_text.lower())
                    if unit is None:
                        raise ValueError(f"{self.labels.get(self.unit_column, 'Weight Unit')}: {unit_text!r} is not kgs or lbs")
                    seen = unit.value
                else:
                    unit, seen = self.default_unit, f"assumed {self.default_unit.value}"
            if value == 0:
                return None, None
            return (value * KG_PER_LB if unit == Unit.LB else value), seen
        return None, None


# --------------------------------------------------------------------------- cells


class _Numbers:
    """`parse_number`, remembered for one file: a long export repeats the same few dozen cells."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], float | None] = {}

    def __call__(self, text: str | None, column: str) -> float | None:
        if not text:
            return None
        key = (text, column)
        try:
            return self.seen[key]
        except KeyError:
            value = self.seen[key] = parse_number(text, column=column)  # a bad cell raises, is not kept
            return value


def _distance_km(tail: dict[str, str], number: _Numbers) -> tuple[float | None, int]:
    """(km, 1 if a distance came without a unit). 0.0 is FitNotes' "not entered" and reads as None."""
    distance = number(tail.get("distance"), "Distance")
    if not distance:
        return None, 0
    unit_text = (tail.get("distance unit") or "").strip()
    if not unit_text:
        return None, 1
    scale = _KM_PER.get(unit_text.lower().rstrip("."))
    if scale is None:
        raise ValueError(f"Distance Unit: {unit_text!r} is not a distance unit (m, km, mi, ft, yd)")
    if distance < 0:
        raise ValueError(f"Distance: {tail.get('distance', '').strip()!r} is negative")
    return round(distance * scale, 6), 0  # to the millimetre: no float noise like 0.0027300000000000002


def _seconds(text: str | None) -> float | None:
    """'0:09:21' → 561.0; a bare number is seconds; '' and 0:00:00 → None."""
    if text is None or not text.strip():
        return None
    try:
        seconds = clock_seconds(text)
    except ValueError:
        try:
            seconds = parse_number(text, column="Time")
        except ValueError:
            raise ValueError(f"Time: {text.strip()!r} is not a time like 0:09:21") from None
    if seconds is not None and seconds < 0:
        raise ValueError(f"Time: {text.strip()!r} is negative")
    return seconds or None


def _date_reader(cells: list[str]):
    """A date parser for the file, plus a warning when a local (non-ISO) date order had to be assumed.

    FitNotes writes ISO dates; a phone set to some locales writes 28/05/2024 or 05/28/2024.
    Day-first or month-first is decided for the whole file: a first number above 12 proves
    day-first, a second above 12 proves month-first; neither proven reads day-first."""
    day_first = month_first = local = False
    for cell in set(cells):
        match = _LOCAL_DATE.match(cell.strip())
        if match:
            local = True
            day_first |= int(match.group(1)) > 12
            month_first |= int(match.group(2)) > 12
    order_month_first = month_first and not day_first
    warning = None
    if local and not day_first and not month_first:
        warning = "dates like 03/04/2024 are ambiguous; they were read day first (DD/MM/YYYY)"
    elif local and day_first and month_first:
        warning = "the dates mix day-first and month-first orders; they were read day first (DD/MM/YYYY)"
    cache: dict[str, dt.date] = {}

    def read(text: str) -> dt.date:
        if text in cache:
            return cache[text]
        if match := _ISO_DATE.match(text):
            year, month, day = (int(part) for part in match.groups())
        elif match := _LOCAL_DATE.match(text):
            first, second, year_text = match.groups()
            day, month = (int(second), int(first)) if order_month_first else (int(first), int(second))
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        else:
            raise ValueError(text)
        cache[text] = value = dt.date(year, month, day)  # ValueError for 2024-02-30
        return value

    return read, warning


# --------------------------------------------------------------------------- reading






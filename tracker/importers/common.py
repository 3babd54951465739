"""Small readers every export dialect needs: text from bytes, numbers, durations, clock times.

Each returns None for "not given" and raises ValueError (with a short reason) for "given but
unreadable", so a parser can tell an empty cell from a bad one and report the line.
"""

from __future__ import annotations

import csv
import io
import math
import re

from tracker.importers.base import MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, READ_TIME_NOTE, ImportFormatError

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(h|hr|hrs|hours?|m|min|mins|minutes?|s|sec|secs|seconds?)\b", re.IGNORECASE)
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$")


def read_text(data: bytes, *, limit: int = MAX_FILE_BYTES) -> str:
    """Decode an uploaded file: refuse empty, huge or binary files; drop a BOM; keep line breaks."""
    if not data or not data.strip():
        raise ImportFormatError("the file is empty")
    if len(data) > limit:
        raise ImportFormatError(
            f"the file is {len(data) / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB ({READ_TIME_NOTE}): export a shorter date range or split the file"
        )
    if b"\x00" in data[:8192]:
        raise ImportFormatError("the file is binary, not a CSV export")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything; latin-1 decodes everything
        text = data.decode("latin-1")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_shape(text)
    return text


def _check_shape(text: str) -> None:
    """Refuse, before parsing, a file too long to read in reasonable time or a header far too wide."""
    rows = text.rstrip("\n").count("\n")  # lines after the header
    if rows > MAX_ROWS:
        raise ImportFormatError(
            f"the file has {rows:,} rows; the limit is {MAX_ROWS:,} ({READ_TIME_NOTE}): export a shorter date range or split the file"
        )
    header = first_line(text)
    columns = max(header.count(separator) for separator in (",", ";", "\t")) + 1
    if columns > MAX_COLUMNS:
        raise ImportFormatError(f"the first line has {columns:,} columns; exports from Strong, Hevy or FitNotes have a few dozen (the limit is {MAX_COLUMNS})")


def parse_number(text: str | None, *, column: str) -> float | None:
    """A number from a cell: '' → None; '149.99999999999997' → 150.0 (float noise rounded away);
    a decimal comma ('82,5') is accepted. Anything else raises ValueError naming the column."""
    if text is None:
        return None
    cell = text.strip().strip('"').strip()
    if cell == "":
        return None
    if re.fullmatch(r"-?\d+,\d+", cell):
        cell = cell.replace(",", ".")
    try:
        value = float(cell)
    except ValueError:
        raise ValueError(f"{column}: {text.strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{column}: {text.strip()!r} is not a number")
    return round(value, 6) + 0.0


def parse_duration_minutes(text: str | None) -> float | None:
    """'38min', '31m', '1h 3m', '264h 1m', '45s', '1:02:03', '3600' (seconds) → minutes.

    Empty → None; unreadable → ValueError. Plausibility is the caller's call (see
    `base.MAX_PLAUSIBLE_MINUTES`)."""
    if text is None or not text.strip():
        return None
    cell = text.strip()
    if _CLOCK.match(cell):
        return clock_seconds(cell) / 60
    if re.fullmatch(r"\d+(\.\d+)?", cell):
        return float(cell) / 60  # a bare number in a duration column is seconds (Strong's "Duration (sec)")
    parts = _DURATION_PART.findall(cell)
    if not parts or _DURATION_PART.sub("", cell).strip():
        raise ValueError(f"duration {cell!r} is not like '1h 3m' or '38min'")
    minutes = 0.0
    for amount, unit in parts:
        scale = {"h": 60.0, "m": 1.0, "s": 1 / 60}[unit[0].lower()]
        minutes += float(amount) * scale
    return minutes


def clock_seconds(text: str | None) -> float | None:
    """'0:09:21' or '9:21' (h:mm:ss or m:ss) → seconds; empty → None."""
    if text is None or not text.strip():
        return None
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError(f"time {text.strip()!r} is not like 0:09:21")
    hours, minutes, seconds = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)


def whole_reps(value: float | None, *, column: str = "Reps") -> int | None:
    """Float reps from an export ('8.0') as a whole number; a fraction is refused, not rounded."""
    if value is None:
        return None
    if value < 0 or not float(value).is_integer():
        raise ValueError(f"{column}: {value:g} is not a whole number of reps")
    return int(value)


def first_line(text: str) -> str:
    """The first non-blank line, without splitting a large file into lines (format detection)."""
    position = 0
    text = text.lstrip("\ufeff")
    while position < len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        line = text[position:end].rstrip("\r")
        if line.strip():
            return line
        position = end + 1
    return ""


def header_names(row: str | list[str]) -> list[str]:
    """Header cells compared loosely: quotes, BOM, case and repeated spaces ignored."""
    if isinstance(row, str):
        row = next(csv.reader([row]), [])
    return [" ".join(name.strip().strip('"').lstrip("\ufeff").lower().split()) for name in row]


def csv_records(text: str) -> list[tuple[int, list[str]]]:
    """CSV records with the physical line each starts on (quoted cells may span lines)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    previous = 0
    try:
        for row in reader:
            records.append((previous + 1, row))
            previous = reader.line_num
    except csv.Error as error:
        raise ImportFormatError(f"The file is not readable as CSV near line {previous + 1}: {error}.") from None
    return records

"""The tracker's one CSV writer (exports and the clinician report's data), with formula escaping.

Cells follow one convention: empty = not recorded, true/false, ISO dates and times (whole
seconds), integers without ".0", other floats as Python's shortest repr.

A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula, so an exercise named `=HYPERLINK(...)` would become a live link in someone's sheet.
Following OWASP's CSV-injection advice, such a text cell is written with a leading `'` (shown
as text by spreadsheets); numbers are never escaped. A text that already starts with quotes
followed by one of those characters gets one more quote, so `unescape` restores every text
exactly and a native export imports back unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _looks_like_formula(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_STARTS)


def escape(text: str) -> str:
    """`text` safe to open in a spreadsheet: a leading `'` when it would start a formula."""
    return "'" + text if _looks_like_formula(text) else text


def unescape(text: str) -> str:
    """The text `escape` was given (a cell read back from one of the tracker's own files)."""
    return text[1:] if text.startswith("'") and _looks_like_formula(text[1:]) else text


def cell(value) -> str:
    """One value as a CSV cell in the tracker's conventions; text is formula-escaped."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat(timespec="seconds")
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return escape(str(value))


def write_csv(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """CSV text: a header row, then one line per row of values (each through `cell`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([escape(name) for name in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def frame_csv(frame: pd.DataFrame) -> str:
    """A DataFrame's columns and rows (not its index) as CSV text."""
    return write_csv(list(frame.columns), frame.itertuples(index=False, name=None))


def records_csv(fields: Sequence[str], records: Iterable[dict]) -> str:
    """Dicts as CSV text with these columns in this order (a missing key is an empty cell)."""
    return write_csv(fields, ([record.get(name) for name in fields] for record in records))

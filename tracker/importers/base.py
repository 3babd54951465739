"""What every parser returns: one `ImportedSet` per set row, plus the rows it could not read.

Parsers are pure (text in, `Parsed` out) and never touch the database; `tracker.importers.engine`
turns their output into sessions. Weights are converted to kilograms here, distances to
kilometres; whatever a file does not say stays None rather than guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tracker.errors import TrackerError
from tracker.vocab import SetKind

#: Files that would take longer than about 10 seconds to read are refused before parsing:
#: parsing runs at about 2 MB and 30,000 rows a second on a small server (benchmarks/import_limits.py).
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_ROWS = 200_000
#: Exports have a dozen or two columns; a header far wider is not one.
MAX_COLUMNS = 200
READ_TIME_NOTE = "about 10 seconds of reading"
#: Workout durations above this are implausible (a timer left running) and not trusted.
MAX_PLAUSIBLE_MINUTES = 6 * 60


class ImportFormatError(TrackerError, ValueError):
    """The whole file cannot be read as the format (wrong app, empty, binary, truncated header)."""


@dataclass(frozen=True)
class ImportedSet:
    line: int  # 1-based physical line in the file where the row starts (the header is line 1)
    workout_key: str  # rows with the same key form one session (Strong/Hevy: one workout; FitNotes: one date)
    started_at: dt.datetime  # naive local time as exported; midnight when the file has dates only
    workout_name: str | None
    exercise: str
    position: int  # 1-based order of the set within its workout, in file order
    kind: SetKind = SetKind.WORKING
    reps: int | None = None  # None for cardio rows; rounded from float reps
    weight_kg: float | None = None  # None when the row has no weight (bodyweight, cardio)
    rpe: float | None = None
    distance_km: float | None = None
    seconds: float | None = None  # time of a cardio row or a timed hold
    duration_min: float | None = None  # the workout's duration, when the file gives a plausible one
    notes: str | None = None
    category: str | None = None  # FitNotes "Category" (suggests a movement pattern)


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str  # one sentence naming the column and what was wrong, e.g. "Reps: 'abc' is not a number"


@dataclass
class Parsed:
    format: str  # "strong", "hevy", "fitnotes" or "native"
    sets: list[ImportedSet] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    units: set[str] = field(default_factory=set)  # weight units seen: "kg", "lb"; "assumed kg"/"assumed lb" when the file says none
    warnings: list[str] = field(default_factory=list)  # file-level notes, e.g. "3 workouts had implausible durations (264h 1m), ignored"

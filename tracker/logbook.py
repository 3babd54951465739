"""What a lifter's next session starts from: the last time they did each exercise, their usual
duration and effort, and how each exercise is measured (reps, time or distance).

The logging page pre-fills from here so a repeat session is a few taps: "last time: 3 × 5 @
97.5 kg", the same sets ready to tick, − / + by the athlete's weight step.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from sqlmodel import Session, col, select

from tracker import store
from tracker.models import Exercise, ExerciseSet, TrainingSession
from tracker.science.units import from_kg
from tracker.vocab import Pattern, SetKind, Unit

#: − / + on a weight moves by the smallest plate pair in the lifter's unit.
WEIGHT_STEPS = {Unit.KG.value: 2.5, Unit.LB.value: 5.0}
SECONDS_STEP = 5
DEFAULT_DURATION_MIN = 60
DEFAULT_SESSION_RPE = 5
#: How many recent sessions "usual" looks at.
USUAL_OVER = 10

#: What a row of each kind of exercise asks for. "minutes" is entered in minutes, kept as seconds.
FIELDS = {
    "reps": ("weight", "reps"),
    "time": ("seconds",),
    "weighted time": ("weight", "seconds"),
    "distance": ("distance_km", "minutes"),
}
#: Words that make an exercise a timed hold when its history does not say (plank, wall sit…).
TIMED_WORDS = ("plank", " hold", "wall sit", "dead hang", "l-sit", "l sit")
#: Strong's letters for a set that is not a plain working set.
KIND_LETTERS = {SetKind.WARMUP.value: "W", SetKind.DROP.value: "D", SetKind.FAILURE.value: "F"}


def weight_step(unit: str) -> float:
    return WEIGHT_STEPS.get(unit, WEIGHT_STEPS[Unit.KG.value])


@dataclass(frozen=True)
class Usual:
    """The athlete's usual session: the defaults a new session starts with."""

    duration_min: int = DEFAULT_DURATION_MIN
    rpe: int = DEFAULT_SESSION_RPE


def usual_session(db: Session, *, athlete_id: int) -> Usual:
    """Median duration (to 5 min) and session RPE (whole) of the last sessions that recorded
    them; 60 min and RPE 5 for someone who has not logged any."""
    query = (
        select(TrainingSession.duration_min, TrainingSession.rpe)
        .where(TrainingSession.athlete_id == athlete_id)
        .order_by(col(TrainingSession.date).desc(), col(TrainingSession.id).desc())
        .limit(USUAL_OVER * 3)
    )
    rows = db.exec(query).all()
    durations = [d for d, _ in rows if d][:USUAL_OVER]
    efforts = [r for _, r in rows if r is not None][:USUAL_OVER]
    return Usual(
        duration_min=max(5, 5 * round(statistics.median(durations) / 5)) if durations else DEFAULT_DURATION_MIN,
        rpe=int(round(statistics.median(efforts))) if efforts else DEFAULT_SESSION_RPE,
    )


def measure_of(name: str, pattern: str | None, last_sets: list[dict] | None = None) -> str:
    """How a set of this exercise is recorded: a key of FIELDS. History decides first (a set
    logged with a distance, or with seconds and no reps); else conditioning is distance,
    carries are weighted time, and planks and holds are time."""
    if last_sets:
        if any(s.get("distance_km") for s in last_sets):
            return "distance"
        if any(s.get("seconds") and not s.get("reps") for s in last_sets):
            return "weighted time" if any(s.get("weight") for s in last_sets) else "time"
        return "reps"
    if pattern == Pattern.CONDITIONING:
        return "distance"
    if pattern == Pattern.CARRY:
        return "weighted time"
    lowered = f" {name.casefold()}"
    return "time" if any(word in lowered for word in TIMED_WORDS) else "reps"


def set_row(item: ExerciseSet, unit: str) -> dict:
    """A logged set as a draft row, in the lifter's unit."""
    return {
        "kind": item.kind,
        "weight": round(from_kg(item.weight_kg, unit), 2) if item.weight_kg else 0.0,
        "reps": item.reps,
        "seconds": item.seconds,
        "distance_km": item.distance_km,
        "rpe": item.rpe,
        "rir": item.rir,
    }


def last_sets(db: Session, *, athlete_id: int, exercise: str, unit: str) -> list[dict]:
    """The sets of `exercise` in the athlete's most recent session that had it ([] if never)."""
    key = store.name_key(exercise)
    latest = (
        select(TrainingSession.id)
        .join(ExerciseSet, col(ExerciseSet.session_id) == TrainingSession.id)
        .join(Exercise, col(Exercise.id) == ExerciseSet.exercise_id)
        .where(TrainingSession.athlete_id == athlete_id, Exercise.name_key == key)
        .order_by(col(TrainingSession.date).desc(), col(TrainingSession.start_time).desc(), col(TrainingSession.id).desc())
        .limit(1)
    )
    session_id = db.exec(latest).first()
    if session_id is None:
        return []
    return [set_row(s, unit) for s in store.get_session(db, session_id=session_id).sets if s.exercise.name_key == key]


@dataclass(frozen=True)
class Planned:
    """One exercise of a session to pre-fill: its sets as last done, and how it is measured."""

    exercise: str
    measure: str
    sets: list[dict]
    last: str | None  # "3 × 5 @ 97.5 kg", or None the first time


def plan_exercise(db: Session, *, athlete_id: int, exercise: str, unit: str) -> Planned:
    """An exercise added on its own: pre-filled from the last time the athlete did it."""
    previous = last_sets(db, athlete_id=athlete_id, exercise=exercise, unit=unit)
    known = db.exec(select(Exercise).where(Exercise.name_key == store.name_key(exercise))).first()
    name = known.name if known else exercise.strip()
    measure = measure_of(name, known.pattern if known else None, previous)
    return Planned(name, measure, previous, describe(previous, unit, measure) if previous else None)


def plan_routine(db: Session, *, athlete_id: int, name: str, unit: str) -> list[Planned]:
    """Every exercise of the athlete's last session called `name`, in order, with its sets as
    done then."""
    session = store.last_session(db, athlete_id=athlete_id, name=name)
    return plan_session(session, unit=unit) if session is not None else []


def plan_session(session: TrainingSession, *, unit: str) -> list[Planned]:
    """A saved session's exercises, in order, each with its sets as done then."""
    grouped: dict[str, tuple[Exercise, list[dict]]] = {}
    for item in session.sets:
        grouped.setdefault(item.exercise.name, (item.exercise, []))[1].append(set_row(item, unit))
    planned = []
    for exercise_name, (exercise, rows) in grouped.items():
        measure = measure_of(exercise_name, exercise.pattern, rows)
        planned.append(Planned(exercise_name, measure, rows, describe(rows, unit, measure)))
    return planned


def _number(value: float | None) -> str:
    return f"{value:g}" if value is not None else "?"


def _clock(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def _one(row: dict, unit: str, measure: str) -> str:
    """The part after "N × " for one set."""
    weight = f" @ {_number(row.get('weight'))} {unit}" if row.get("weight") else ""
    if measure == "distance":
        timing = f" in {_clock(row['seconds'])}" if row.get("seconds") else ""
        return f"{_number(row.get('distance_km'))} km{timing}"
    if measure in ("time", "weighted time"):
        return f"{_number(row.get('seconds'))} s{weight}"
    return f"{_number(row.get('reps'))}{weight}"


def describe(rows: list[dict], unit: str, measure: str = "reps") -> str:
    """Sets in a few words, like Strong's history: '3 × 5 @ 97.5 kg', '2 × 5 @ 95 kg, 1 × 3 @
    100 kg', '3 × 45 s', '1 × 2 km in 8:00'. Warm-ups are left out when there is other work."""
    shown = [r for r in rows if r.get("kind") != SetKind.WARMUP.value] or rows
    groups: list[list] = []
    for row in shown:
        text = _one(row, unit, measure)
        if groups and groups[-1][1] == text:
            groups[-1][0] += 1
        else:
            groups.append([1, text])
    return ", ".join(f"{count} × {text}" for count, text in groups)

"""From an export file to sessions: detect, parse, check, map exercise names, preview, import.

`preview_import` reads a file and says what importing it would do, writing nothing.
`run_import` does it in one transaction: all of it lands, or none of it (a bad row refuses
the whole import unless the caller chose to skip bad rows). Each imported set carries a
fingerprint of its source row, so importing the same file again — or an export that overlaps
an earlier one — adds only what is new. Imported sessions have no session RPE (`rpe` None,
`source` the app's name).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import logging
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from tracker import store
from tracker.errors import TrackerError
from tracker.importers.base import ImportedSet, ImportFormatError, Parsed, RowProblem
from tracker.importers.common import read_text
from tracker.models import Exercise, ExerciseAlias, ExerciseSet, TrainingSession
from tracker.schemas import LIMITS, USUAL, control_characters, date_problem
from tracker.science.session_load import SetLoad, session_loads
from tracker.vocab import Pattern, Unit

log = logging.getLogger(__name__)

FORMATS = ("strong", "hevy", "fitnotes")
SUGGESTION_CUTOFF = 0.82
#: FitNotes categories → the movement pattern a new exercise starts with.
CATEGORY_PATTERNS = {
    "abs": Pattern.TRUNK, "core": Pattern.TRUNK, "back": Pattern.PULL, "biceps": Pattern.PULL,
    "chest": Pattern.PUSH, "shoulders": Pattern.PUSH, "triceps": Pattern.PUSH, "legs": Pattern.SQUAT,
    "cardio": Pattern.CONDITIONING,
}  # fmt: skip


class ImportRefused(TrackerError):
    """The file has rows that cannot be imported and the caller did not choose to skip them."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        shown = "; ".join(f"line {p.line}: {p.reason}" for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{len(problems)} row(s) cannot be imported — {shown}{more}. Fix them, or import with bad rows skipped.")


@dataclass(frozen=True)
class UnknownExercise:
    name: str
    sets: int
    suggestion: str | None  # closest catalogue name, if any is close
    category: str | None
    #: The suggestion only looks alike ("Leg Press Machine" ~ "Chest Press (Machine)"): it is
    #: applied only when the user accepts it. Otherwise it differs by an equipment word only.
    spelling_only: bool = False


@dataclass
class ImportPreview:
    format: str
    sessions: int
    new_sessions: int
    sets: int
    new_sets: int
    already_imported: int
    first_date: dt.date | None
    last_date: dt.date | None
    units: list[str]
    unknown_exercises: list[UnknownExercise]
    problems: list[RowProblem]
    warnings: list[str]
    unusual: list[RowProblem] = field(default_factory=list)  # possible but rare values, imported as they are

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["first_date"] = self.first_date.isoformat() if self.first_date else None
        out["last_date"] = self.last_date.isoformat() if self.last_date else None
        return out


@dataclass
class _Prepared:
    parsed: Parsed
    good: list[ImportedSet]
    problems: list[RowProblem]
    unusual: list[RowProblem] = field(default_factory=list)  # kept, but worth a second look
    fingerprints: dict[int, str] = field(default_factory=dict)  # id(ImportedSet) -> fingerprint
    fresh: list[ImportedSet] = field(default_factory=list)  # good and not yet imported


def detect_format(text: str) -> str:
    from tracker.importers import fitnotes, hevy, strong

    for name, looks_like in (("hevy", hevy.looks_like_hevy), ("fitnotes", fitnotes.looks_like_fitnotes), ("strong", strong.looks_like_strong)):
        if looks_like(text):
            return name
    first = text.split("\n", 1)[0][:120]
    raise ImportFormatError(f"this is not a Strong, Hevy or FitNotes export (its first line is {first!r})")


def parse(text: str, *, format: str = "auto", default_unit: Unit = Unit.KG) -> Parsed:
    from tracker.importers import fitnotes, hevy, strong

    name = detect_format(text) if format == "auto" else format
    parsers = {"strong": strong.parse_strong, "hevy": hevy.parse_hevy, "fitnotes": fitnotes.parse_fitnotes}
    if name not in parsers:
        raise ImportFormatError(f"format must be auto, {', '.join(parsers)} (got {format!r})")
    return parsers[name](text, default_unit=default_unit)


_CHECKED = (("Reps", "reps", "reps"), ("Weight", "weight_kg", "weight_kg"), ("RPE", "rpe", "rpe"), ("Distance", "distance_km", "distance_km"), ("Time", "seconds", "seconds"))


def _row_problem(item: ImportedSet) -> str | None:
    """Why a parsed row cannot be stored: the same limits as a set logged by hand (an
    impossible value; a possible but unusual one is only flagged, see `_unusual`)."""
    for column, attribute, limit_name in _CHECKED:
        value = getattr(item, attribute)
        low, high, unit, why = LIMITS[limit_name]
        if value is not None and not low <= value <= high:
            suffix = f" {unit}" if unit else ""
            return f"{column}: {value:g}{suffix} is outside {low:g}–{high:g}{suffix}" + (f" ({why})" if why else "")
    if problem := date_problem(item.started_at.date()):
        return f"Date: {item.started_at.date().isoformat()} {problem}"
    if not item.exercise.strip():
        return "Exercise: the name is empty"
    if len(item.exercise.strip()) > 120:
        return "Exercise: the name is longer than 120 characters"
    if found := control_characters(item.exercise):
        return f"Exercise: the name holds control characters ({found})"
    return None


def _unusual(item: ImportedSet) -> str | None:
    """A value people rarely log (kept, and said in the preview in case it is a typo)."""
    for column, attribute, limit_name in _CHECKED:
        value = getattr(item, attribute)
        if limit_name in USUAL and value is not None and value > USUAL[limit_name]:
            unit = LIMITS[limit_name].unit
            return f"{column}: {value:g}{' ' + unit if unit else ''} of {item.exercise.strip()} (more than {USUAL[limit_name]:g} is unusual)"
    return None


def _fingerprints(athlete_id: int, format: str, sets: list[ImportedSet]) -> dict[int, str]:
    """A digest per row that survives re-exports: the workout, the exercise, which of that
    exercise's sets it is, and what was lifted."""
    seen: Counter[tuple[str, str]] = Counter()
    out = {}
    for item in sets:
        key = (item.workout_key, store.name_key(item.exercise))
        seen[key] += 1
        parts = (athlete_id, format, item.workout_key, key[1], seen[key], item.kind, item.reps, _round(item.weight_kg), _round(item.distance_km), _round(item.seconds))
        out[id(item)] = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:40]
    return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _prepare(db: Session, *, athlete_id: int, data: bytes, format: str, default_unit: Unit | None) -> _Prepared:
    athlete = store.get_athlete(db, athlete_id=athlete_id)
    parsed = parse(read_text(data), format=format, default_unit=Unit(default_unit or athlete.unit))
    problems = list(parsed.problems)
    good, unusual = [], []
    for item in parsed.sets:
        reason = _row_problem(item)
        if reason:
            problems.append(RowProblem(item.line, reason))
        else:
            good.append(item)
            if note := _unusual(item):
                unusual.append(RowProblem(item.line, note))
    prepared = _Prepared(parsed, good, sorted(problems, key=lambda p: p.line), unusual=unusual)
    prepared.fingerprints = _fingerprints(athlete_id, parsed.format, good)
    wanted = list(prepared.fingerprints.values())
    existing: set[str] = set()
    for start in range(0, len(wanted), 900):  # stay under SQLite's bound-parameter limit
        chunk = wanted[start : start + 900]
        query = (
            select(ExerciseSet.fingerprint)
            .join(TrainingSession, col(TrainingSession.id) == ExerciseSet.session_id)
            .where(TrainingSession.athlete_id == athlete_id, col(ExerciseSet.fingerprint).in_(chunk))
        )  # unique per athlete: another athlete may hold the same rows (an export shared between them)
        existing |= set(db.exec(query).all())
    prepared.fresh = [item for item in good if prepared.fingerprints[id(item)] not in existing]
    return prepared


def _tokens(name: str) -> str:
    return " ".join(sorted(re.findall(r"[a-z0-9]+", name.casefold())))


#: Words that name only the equipment: "Squat" is "Squat (Barbell)" with one of these added.
EQUIPMENT_WORDS = ("barbell", "dumbbell", "machine", "cable", "bodyweight", "kettlebell")


def equipment_match(name: str, catalogue: list[str]) -> str | None:
    """The catalogue name with the same words as `name` but for equipment words on one side:
    "Pull-up" → "Pull Up", "Squat" → "Squat (Barbell)" (the barbell variant first),
    "Leg Press Machine" → "Leg Press".
    Safe to apply without asking: it names the same movement."""
    words = set(_tokens(name).split())
    if not words:
        return None
    equipment = set(EQUIPMENT_WORDS)
    rank = {word: index for index, word in enumerate(EQUIPMENT_WORDS)}
    candidates = []
    for candidate in catalogue:
        other = set(_tokens(candidate).split())
        if other == words:  # the same words in another order or punctuation: "Pull-up", "Pull Up"
            candidates.append((-1, candidate))
        elif words < other and other - words <= equipment:  # the catalogue names the equipment
            candidates.append((min(rank[w] for w in other - words), candidate))
        elif other < words and words - other <= equipment:  # the file names it; the catalogue does not
            candidates.append((len(rank), candidate))
    return min(candidates)[1] if candidates else None


def spelling_match(name: str, catalogue: list[str]) -> str | None:
    """The catalogue name closest by spelling (word order ignored): only a guess, for the
    user to accept or not."""
    by_tokens = {_tokens(candidate): candidate for candidate in catalogue}
    match = difflib.get_close_matches(_tokens(name), list(by_tokens), n=1, cutoff=SUGGESTION_CUTOFF)
    return by_tokens[match[0]] if match else None


def suggest_exercise(name: str, catalogue: list[str]) -> str | None:
    """The catalogue name closest to `name`: an equipment-word match, else a spelling match."""
    return equipment_match(name, catalogue) or spelling_match(name, catalogue)


def _known_names(db: Session, athlete_id: int) -> tuple[dict[str, Exercise], dict[str, Exercise]]:
    exercises = {e.name_key: e for e in store.list_exercises(db)}
    by_id = {e.id: e for e in exercises.values()}
    aliases = db.exec(select(ExerciseAlias).where(ExerciseAlias.athlete_id == athlete_id)).all()
    return exercises, {alias.name_key: by_id[alias.exercise_id] for alias in aliases if alias.exercise_id in by_id}


def preview_import(
    db: Session, *, athlete_id: int, data: bytes, format: str = "auto", default_unit: Unit | str | None = None
) -> ImportPreview:
    """What importing `data` would do; writes nothing."""
    prepared = _prepare(db, athlete_id=athlete_id, data=data, format=format, default_unit=default_unit)
    exercises, aliases = _known_names(db, athlete_id)
    catalogue = [e.name for e in exercises.values()]
    counts = Counter(item.exercise.strip() for item in prepared.good)
    categories = {item.exercise.strip(): item.category for item in prepared.good}
    unknown = []
    for name, n in sorted(counts.items()):
        if store.name_key(name) in exercises or store.name_key(name) in aliases:
            continue
        safe = equipment_match(name, catalogue)
        guess = None if safe else spelling_match(name, catalogue)
        unknown.append(UnknownExercise(name, n, safe or guess, categories.get(name), spelling_only=guess is not None))
    workouts = {item.workout_key for item in prepared.good}
    existing = _existing_sessions(db, athlete_id, prepared.parsed.format, workouts)
    dates = [item.started_at.date() for item in prepared.good]
    return ImportPreview(
        format=prepared.parsed.format,
        sessions=len(workouts),
        new_sessions=len({item.workout_key for item in prepared.fresh} - set(existing)),
        sets=len(prepared.good),
        new_sets=len(prepared.fresh),
        already_imported=len(prepared.good) - len(prepared.fresh),
        first_date=min(dates, default=None),
        last_date=max(dates, default=None),
        units=sorted(prepared.parsed.units),
        unknown_exercises=unknown,
        problems=prepared.problems,
        warnings=list(prepared.parsed.warnings) + _unusual_warning(prepared.unusual),
        unusual=prepared.unusual,
    )


def _unusual_warning(unusual: list[RowProblem]) -> list[str]:
    if not unusual:
        return []
    shown = "; ".join(f"line {p.line}: {p.reason}" for p in unusual[:5])
    more = f" (and {len(unusual) - 5} more)" if len(unusual) > 5 else ""
    return [f"{len(unusual)} row(s) have unusual values, kept as they are — check them if they are typos: {shown}{more}."]


def _source_key(format: str, workout_key: str) -> str:
    return f"{format}:{workout_key}"[:200]


def _existing_sessions(db: Session, athlete_id: int, format: str, workout_keys: set[str]) -> dict[str, TrainingSession]:
    keys = {_source_key(format, key): key for key in workout_keys}
    found: dict[str, TrainingSession] = {}
    wanted = list(keys)
    for start in range(0, len(wanted), 900):
        query = select(TrainingSession).where(
            TrainingSession.athlete_id == athlete_id, col(TrainingSession.source_key).in_(wanted[start : start + 900])
        )
        for session in db.exec(query).all():
            found[keys[session.source_key]] = session
    return found


@dataclass(frozen=True)
class ImportResult:
    format: str
    sessions_added: int
    sessions_extended: int
    sets_added: int
    already_imported: int
    skipped_rows: list[RowProblem]
    exercises_created: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_import(
    db: Session,
    *,
    athlete_id: int,
    data: bytes,
    format: str = "auto",
    default_unit: Unit | str | None = None,
    mapping: dict[str, str | None] | None = None,
    use_suggestions: bool = True,
    accept_suggestions: bool = False,
    skip_bad_rows: bool = False,
) -> ImportResult:
    """Import `data` for the athlete in one transaction.

    `mapping` maps a file's exercise name to a catalogue name (or None: create it as new); it
    is remembered for the athlete. Names not in `mapping` use a remembered mapping, an exact
    catalogue match, an equipment-word match (if `use_suggestions`), a spelling match only if
    the user accepted the suggestions (`accept_suggestions`), or are created as new.
    """
    prepared = _prepare(db, athlete_id=athlete_id, data=data, format=format, default_unit=default_unit)
    if prepared.problems and not skip_bad_rows:
        raise ImportRefused(prepared.problems)
    format_name = prepared.parsed.format
    try:
        resolved, created = _resolve_exercises(db, athlete_id, prepared.fresh, mapping or {}, use_suggestions, accept_suggestions)
        added, extended = _write_sessions(db, athlete_id, format_name, prepared, resolved)
        if prepared.fresh:  # nothing new: leave the database exactly as it was
            store.mark_changed(db, athlete_id)
            db.commit()
        else:
            db.rollback()
    except BaseException:
        db.rollback()
        raise
    log.info(
        "import: athlete %s, %s export: %d sets in %d new and %d extended sessions; %d already there; %d rows skipped; %d exercises created",
        athlete_id, format_name, len(prepared.fresh), added, extended, len(prepared.good) - len(prepared.fresh), len(prepared.problems), len(created),
    )  # fmt: skip
    return ImportResult(
        format=format_name,
        sessions_added=added,
        sessions_extended=extended,
        sets_added=len(prepared.fresh),
        already_imported=len(prepared.good) - len(prepared.fresh),
        skipped_rows=prepared.problems,
        exercises_created=created,
    )


def _resolve_exercises(
    db: Session, athlete_id: int, sets: list[ImportedSet], mapping: dict[str, str | None], use_suggestions: bool, accept_suggestions: bool
) -> tuple[dict[str, Exercise], list[str]]:
    """Each file name (by name key) → the Exercise it becomes; new ones are added, not committed."""
    exercises, aliases = _known_names(db, athlete_id)
    catalogue = [e.name for e in exercises.values()]
    explicit = {store.name_key(name): target for name, target in mapping.items()}
    resolved: dict[str, Exercise] = {}
    created: list[str] = []
    categories = {store.name_key(item.exercise): item.category for item in sets}
    for name in dict.fromkeys(item.exercise.strip() for item in sets):
        key = store.name_key(name)
        if key in resolved:
            continue
        target: Exercise | None = None
        remember = False
        if key in explicit:
            wanted = explicit[key]
            if wanted:
                target = exercises.get(store.name_key(wanted))
                if target is None:
                    raise TrackerError(f"mapping: {wanted!r} (for {name!r}) is not in the exercise catalogue")
            remember = True
        elif key in aliases:
            target = aliases[key]
        elif key in exercises:
            target = exercises[key]
        elif use_suggestions and (suggested := equipment_match(name, catalogue) or (accept_suggestions and spelling_match(name, catalogue))):
            target, remember = exercises[store.name_key(suggested)], True
        if target is None:
            pattern = CATEGORY_PATTERNS.get((categories.get(key) or "").strip().casefold(), Pattern.OTHER)
            target = Exercise(name=name, name_key=key, pattern=pattern, spinal_load=False)
            db.add(target)
            exercises[key] = target
            created.append(name)
        elif remember and target.name_key != key:
            db.add(ExerciseAlias(athlete_id=athlete_id, name_key=key, exercise_id=target.id))
        resolved[key] = target
    db.flush()
    return resolved, created


def _write_sessions(
    db: Session, athlete_id: int, format: str, prepared: _Prepared, resolved: dict[str, Exercise]
) -> tuple[int, int]:
    by_workout: dict[str, list[ImportedSet]] = defaultdict(list)
    for item in prepared.fresh:
        by_workout[item.workout_key].append(item)
    existing = _existing_sessions(db, athlete_id, format, set(by_workout))

    new_sessions: dict[str, TrainingSession] = {}
    for key, items in by_workout.items():
        if key in existing:
            continue
        first = items[0]
        minutes = first.duration_min
        low, high, _, _ = LIMITS["duration_min"]
        new_sessions[key] = TrainingSession(
            athlete_id=athlete_id,
            date=first.started_at.date(),
            start_time=first.started_at.time() if first.started_at.time() != dt.time(0) else None,
            name=(first.workout_name or None) and first.workout_name[:80],
            duration_min=round(minutes) if minutes is not None and low <= round(minutes) <= high else None,
            rpe=None,
            source=format,
            source_key=_source_key(format, key),
        )
    db.add_all(new_sessions.values())
    db.flush()

    rows = []
    for key, items in by_workout.items():
        session = existing.get(key) or new_sessions[key]
        start = len(session.sets) if key in existing else 0
        for offset, item in enumerate(items, start=1):
            exercise = resolved[store.name_key(item.exercise)]
            rows.append(
                {
                    "session_id": session.id,
                    "exercise_id": exercise.id,
                    "position": start + offset,
                    "reps": item.reps or 0,
                    "weight_kg": item.weight_kg or 0.0,
                    "rpe": item.rpe,
                    "rir": None,
                    "kind": item.kind,
                    "distance_km": item.distance_km,
                    "seconds": item.seconds,
                    "fingerprint": prepared.fingerprints[id(item)],
                }
            )
    if rows:
        db.execute(insert(ExerciseSet), rows)

    for key, items in by_workout.items():
        session = existing.get(key) or new_sessions[key]
        if key in existing:
            db.refresh(session, ["sets"])
            store.refresh_loads(session)
        else:  # sets were bulk-inserted: derive from the parsed rows rather than reload them
            exercises = [resolved[store.name_key(i.exercise)] for i in items]
            set_loads = [
                SetLoad(kind=i.kind, reps=i.reps or 0, weight_kg=i.weight_kg or 0.0, spinal_load=e.spinal_load, rpe=i.rpe, exercise=e.name, pattern=e.pattern)
                for i, e in zip(items, exercises, strict=True)
            ]
            store.apply_loads(session, session_loads(rpe=session.rpe, duration_min=session.duration_min, sets=set_loads))
        db.add(session)
    db.flush()
    return len(new_sessions), len(set(by_workout) & set(existing))

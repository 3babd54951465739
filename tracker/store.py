"""Reading and writing athletes, exercises, sessions with their sets, and pain entries.

Keyword-only functions over a SQLModel `Session` (called `db` here, since "session" means a
workout in this project). Every write validates its input first (`tracker.schemas`), runs in
one transaction, and either commits whole or changes nothing. Per-session loads are
recomputed on every write that can change them. Reads for charts and maths come back as
pandas DataFrames with datetime64 dates.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
from sqlalchemy import func, update
from sqlmodel import Session, col, select

from tracker.catalogue import CATALOGUE
from tracker.errors import NotFoundError, ValidationError
from tracker.models import AppSetting, Athlete, Exercise, ExerciseSet, PainEntry, TrainingSession
from tracker.vocab import Feature, Pattern, RedFlag
from tracker.schemas import AthleteIn, PainIn, SessionIn, validate
from tracker.science.settings import DEFAULT_SETTINGS, AdviceSettings
from tracker.science.session_load import SessionLoads, SetLoad, session_loads


def name_key(name: str) -> str:
    """Case- and space-insensitive key: ' Squat  (barbell)' and 'squat (Barbell)' match."""
    return re.sub(r"\s+", " ", name).strip().casefold()


def mark_changed(db: Session, athlete_id: int) -> None:
    """Mark the athlete's data as changed (the dashboard caches on `data_version`)."""
    db.exec(update(Athlete).where(Athlete.id == athlete_id).values(data_version=Athlete.data_version + 1))


def data_version(db: Session, *, athlete_id: int) -> int:
    """A number that changes whenever the athlete's sessions, pain or check-ins change: a cache key."""
    version = db.exec(select(Athlete.data_version).where(Athlete.id == athlete_id)).first()
    if version is None:
        raise NotFoundError(f"athlete: no athlete with id {athlete_id}")
    return version


@contextmanager
def _transaction(db: Session) -> Iterator[None]:
    """Commit what the block wrote, or roll all of it back on any error."""
    try:
        yield
        db.commit()
    except BaseException:
        db.rollback()
        raise


def _fetch(db: Session, model: type, row_id: int, what: str):
    row = db.get(model, row_id)
    if row is None:
        raise NotFoundError(f"{what}: no {what} with id {row_id}")
    return row


# Athletes ---------------------------------------------------------------------------------


def create_athlete(db: Session, *, data: AthleteIn | dict[str, Any]) -> Athlete:
    athlete_in = validate(AthleteIn, data)
    key = name_key(athlete_in.name)
    if db.exec(select(Athlete.id).where(Athlete.name_key == key)).first() is not None:
        raise ValidationError.single("name", f"an athlete named {athlete_in.name!r} already exists")
    athlete = Athlete(**athlete_in.model_dump(), name_key=key)
    with _transaction(db):
        db.add(athlete)
    db.refresh(athlete)
    return athlete


def update_athlete(db: Session, *, athlete_id: int, data: AthleteIn | dict[str, Any]) -> Athlete:
    athlete = get_athlete(db, athlete_id=athlete_id)
    athlete_in = validate(AthleteIn, data)
    key = name_key(athlete_in.name)
    clash = db.exec(select(Athlete.id).where(Athlete.name_key == key, Athlete.id != athlete_id)).first()
    if clash is not None:
        raise ValidationError.single("name", f"an athlete named {athlete_in.name!r} already exists")
    with _transaction(db):
        athlete.sqlmodel_update({**athlete_in.model_dump(), "name_key": key})
        db.add(athlete)
    db.refresh(athlete)
    return athlete


def delete_athlete(db: Session, *, athlete_id: int) -> None:
    """Remove an athlete with everything they logged (the database cascades)."""
    athlete = get_athlete(db, athlete_id=athlete_id)
    with _transaction(db):
        db.delete(athlete)


def get_athlete(db: Session, *, athlete_id: int) -> Athlete:
    return _fetch(db, Athlete, athlete_id, "athlete")


def get_athlete_by_name(db: Session, *, name: str) -> Athlete:
    athlete = db.exec(select(Athlete).where(Athlete.name_key == name_key(name))).first()
    if athlete is None:
        known = ", ".join(a.name for a in list_athletes(db)) or "none yet"
        raise NotFoundError(f"athlete: no athlete named {name!r} (known: {known})")
    return athlete


def list_athletes(db: Session) -> list[Athlete]:
    return list(db.exec(select(Athlete).order_by(Athlete.name_key)).all())


# Exercises --------------------------------------------------------------------------------


def ensure_catalogue(db: Session) -> int:
    """Add the built-in exercises that are missing; never overwrites a reclassified one."""
    present = set(db.exec(select(Exercise.name_key)).all())
    missing = [entry for entry in CATALOGUE if name_key(entry.name) not in present]
    if missing:
        with _transaction(db):
            db.add_all(
                Exercise(name=entry.name, name_key=name_key(entry.name), pattern=entry.pattern, spinal_load=entry.spinal_load)
                for entry in missing
            )
    return len(missing)


def list_exercises(db: Session) -> list[Exercise]:
    return list(db.exec(select(Exercise).order_by(Exercise.name_key)).all())


def get_exercise(db: Session, *, name: str) -> Exercise:
    exercise = db.exec(select(Exercise).where(Exercise.name_key == name_key(name))).first()
    if exercise is None:
        raise NotFoundError(f"exercise: no exercise named {name!r}")
    return exercise


def _exercises_by_key(db: Session, names: Iterable[str]) -> dict[str, Exercise]:
    """Existing exercises for `names`, and new ones (pattern "other") for names not yet known.

    New exercises are added to the session but not committed: they land with the caller's write.
    """
    wanted = {name_key(name): name.strip() for name in names}
    found = {e.name_key: e for e in db.exec(select(Exercise).where(col(Exercise.name_key).in_(wanted))).all()}
    for key, name in wanted.items():
        if key not in found:
            found[key] = Exercise(name=name, name_key=key, pattern=Pattern.OTHER, spinal_load=False)
            db.add(found[key])
    return found


def reclassify_exercise(db: Session, *, name: str, pattern: Pattern | str, spinal_load: bool) -> Exercise:
    """Change an exercise's pattern and spinal-load flag, and re-derive affected sessions' loads."""
    try:
        pattern = Pattern(pattern)
    except ValueError:
        allowed = ", ".join(p.value for p in Pattern)
        raise ValidationError.single("pattern", f"pattern must be one of {allowed} (got {pattern!r})") from None
    exercise = get_exercise(db, name=name)
    with _transaction(db):
        exercise.pattern, exercise.spinal_load = pattern, bool(spinal_load)
        db.add(exercise)
        db.flush()
        affected = select(TrainingSession).where(
            col(TrainingSession.id).in_(select(ExerciseSet.session_id).where(ExerciseSet.exercise_id == exercise.id))
        )
        for training_session in db.exec(affected).all():
            refresh_loads(training_session)
            mark_changed(db, training_session.athlete_id)
    db.refresh(exercise)
    return exercise


# Sessions ---------------------------------------------------------------------------------


def apply_loads(training_session: TrainingSession, loads: SessionLoads) -> None:
    """Store derived loads on the session row."""
    training_session.srpe_load = loads.srpe_load
    training_session.tonnage = loads.tonnage
    training_session.spinal_tonnage = loads.spinal_tonnage
    training_session.hard_sets = loads.hard_sets


def refresh_loads(training_session: TrainingSession) -> None:
    """Re-derive a session's loads from its sets (each with its exercise)."""
    loads = session_loads(
        rpe=training_session.rpe,
        duration_min=training_session.duration_min,
        sets=(
            SetLoad(kind=s.kind, reps=s.reps, weight_kg=s.weight_kg, spinal_load=s.exercise.spinal_load, rpe=s.rpe, rir=s.rir)
            for s in training_session.sets
        ),
    )
    apply_loads(training_session, loads)


def _fill_session(db: Session, training_session: TrainingSession, session_in: SessionIn) -> None:
    """Copy validated fields and sets onto `training_session` and derive its loads."""
    training_session.sqlmodel_update(session_in.model_dump(exclude={"sets"}))
    exercises = _exercises_by_key(db, (s.exercise for s in session_in.sets))
    training_session.sets = [
        ExerciseSet(
            exercise=exercises[name_key(s.exercise)],
            position=position,
            reps=s.reps,
            weight_kg=s.weight_kg,
            rpe=s.rpe,
            rir=s.rir,
            kind=s.kind,
            seconds=s.seconds,
            distance_km=s.distance_km,
        )
        for position, s in enumerate(session_in.sets, start=1)
    ]
    refresh_loads(training_session)


def add_session(
    db: Session,
    *,
    athlete_id: int,
    data: SessionIn | dict[str, Any],
    pain: PainIn | dict[str, Any] | None = None,
) -> TrainingSession:
    """Store a session with its sets — and the back check-in that followed it, if given — in one
    transaction; returns the session with its derived loads."""
    session_in = validate(SessionIn, data)
    pain_in = validate(PainIn, pain) if pain is not None else None
    get_athlete(db, athlete_id=athlete_id)
    training_session = TrainingSession(athlete_id=athlete_id, date=session_in.date)
    with _transaction(db):
        _fill_session(db, training_session, session_in)
        db.add(training_session)
        if pain_in is not None:
            db.flush()
            linked = pain_in.model_copy(update={"session_id": training_session.id})
            db.add(PainEntry(athlete_id=athlete_id, **_pain_fields(db, athlete_id, linked)))
        mark_changed(db, athlete_id)
    db.refresh(training_session)
    return training_session


def get_session(db: Session, *, session_id: int) -> TrainingSession:
    return _fetch(db, TrainingSession, session_id, "session")


def update_session(db: Session, *, session_id: int, data: SessionIn | dict[str, Any]) -> TrainingSession:
    """Replace a session's fields and all of its sets."""
    session_in = validate(SessionIn, data)
    training_session = get_session(db, session_id=session_id)
    with _transaction(db):
        _fill_session(db, training_session, session_in)
        db.add(training_session)
        mark_changed(db, training_session.athlete_id)
    db.refresh(training_session)
    return training_session


def delete_session(db: Session, *, session_id: int) -> None:
    """Delete a session and its sets; pain entries that followed it keep their date."""
    training_session = get_session(db, session_id=session_id)
    with _transaction(db):
        mark_changed(db, training_session.athlete_id)
        db.delete(training_session)


def last_session(db: Session, *, athlete_id: int, name: str | None = None) -> TrainingSession | None:
    """The athlete's most recent session (with that name, if given)."""
    query = select(TrainingSession).where(TrainingSession.athlete_id == athlete_id)
    if name is not None:
        query = query.where(func.lower(TrainingSession.name) == name.strip().lower())
    query = query.order_by(col(TrainingSession.date).desc(), col(TrainingSession.start_time).desc(), col(TrainingSession.id).desc())
    return db.exec(query).first()


def recent_sessions(db: Session, *, athlete_id: int, limit: int = 60) -> list[TrainingSession]:
    """The athlete's latest sessions, newest first (for picking one to edit)."""
    query = (
        select(TrainingSession)
        .where(TrainingSession.athlete_id == athlete_id)
        .order_by(col(TrainingSession.date).desc(), col(TrainingSession.start_time).desc(), col(TrainingSession.id).desc())
        .limit(limit)
    )
    return list(db.exec(query).all())


def session_names(db: Session, *, athlete_id: int) -> list[str]:
    """Names the athlete has given sessions, most recently used first (for "repeat last session")."""
    latest = func.max(TrainingSession.date)
    query = (
        select(TrainingSession.name)
        .where(TrainingSession.athlete_id == athlete_id, col(TrainingSession.name).is_not(None))
        .group_by(TrainingSession.name)
        .order_by(latest.desc())
    )
    return [name for name in db.exec(query).all() if name]


# Pain -------------------------------------------------------------------------------------


def _pain_fields(db: Session, athlete_id: int, pain_in: PainIn) -> dict[str, Any]:
    if pain_in.session_id is not None:
        linked = db.get(TrainingSession, pain_in.session_id)
        if linked is None or linked.athlete_id != athlete_id:
            raise ValidationError.single("session_id", f"session {pain_in.session_id} is not one of this athlete's sessions")
        if linked.date > pain_in.recorded_at.date():
            raise ValidationError.single(
                "session_id", f"pain on {pain_in.recorded_at.date().isoformat()} cannot follow a session on {linked.date.isoformat()}"
            )
    fields = pain_in.model_dump(exclude={"features", "red_flags"})
    return {**fields, **pain_in.flag_columns()}


def add_pain(db: Session, *, athlete_id: int, data: PainIn | dict[str, Any]) -> PainEntry:
    pain_in = validate(PainIn, data)
    get_athlete(db, athlete_id=athlete_id)
    entry = PainEntry(athlete_id=athlete_id, **_pain_fields(db, athlete_id, pain_in))
    with _transaction(db):
        db.add(entry)
        mark_changed(db, athlete_id)
    db.refresh(entry)
    return entry


def get_pain(db: Session, *, pain_id: int) -> PainEntry:
    return _fetch(db, PainEntry, pain_id, "pain entry")


def update_pain(db: Session, *, pain_id: int, data: PainIn | dict[str, Any]) -> PainEntry:
    pain_in = validate(PainIn, data)
    entry = get_pain(db, pain_id=pain_id)
    with _transaction(db):
        entry.sqlmodel_update(_pain_fields(db, entry.athlete_id, pain_in))
        db.add(entry)
        mark_changed(db, entry.athlete_id)
    db.refresh(entry)
    return entry


def delete_pain(db: Session, *, pain_id: int) -> None:
    entry = get_pain(db, pain_id=pain_id)
    with _transaction(db):
        mark_changed(db, entry.athlete_id)
        db.delete(entry)


# Settings ---------------------------------------------------------------------------------

ADVICE_SETTINGS_KEY = "advice"


def get_advice_settings(db: Session) -> AdviceSettings:
    """The advice thresholds in force: the defaults with any saved changes applied."""
    row = db.get(AppSetting, ADVICE_SETTINGS_KEY)
    return AdviceSettings.from_dict(json.loads(row.value)) if row else DEFAULT_SETTINGS


def save_advice_settings(db: Session, *, values: dict[str, Any]) -> AdviceSettings:
    """Validate and store changed thresholds (only those that differ from the defaults are kept)."""
    settings = AdviceSettings.from_dict(values)
    changed = {k: v for k, v in settings.to_dict().items() if v != DEFAULT_SETTINGS.to_dict()[k]}
    with _transaction(db):
        row = db.get(AppSetting, ADVICE_SETTINGS_KEY) or AppSetting(key=ADVICE_SETTINGS_KEY, value="{}")
        row.value = json.dumps(changed, sort_keys=True)
        db.add(row)
    return settings


# DataFrame reads --------------------------------------------------------------------------

SESSION_COLUMNS = [
    "session_id", "date", "start_time", "name", "duration_min", "rpe", "srpe_load", "tonnage",
    "spinal_tonnage", "hard_sets", "notes", "sleep_hours", "sleep_quality", "stress", "soreness",
]  # fmt: skip
SET_COLUMNS = [
    "set_id", "session_id", "date", "position", "exercise", "pattern", "spinal_load", "reps",
    "weight_kg", "rpe", "rir", "kind", "seconds", "distance_km",
]  # fmt: skip
PAIN_COLUMNS = [
    "pain_id", "recorded_at", "pain", "region", "quality", "timing", "session_id", "notes",
    *(feature.value for feature in Feature), *(flag.value for flag in RedFlag),
]  # fmt: skip


def _between(query, column, start: dt.date | None, end: dt.date | None):
    if start is not None:
        query = query.where(column >= start)
    if end is not None:
        query = query.where(column <= end)
    return query


def _frame(rows: list[Any], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows, columns=columns)
    if "date" in frame:
        frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[us]")
    return frame


def sessions_frame(
    db: Session, *, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """One row per session (dates inclusive), oldest first, with the stored per-session loads."""
    columns = [getattr(TrainingSession, "id" if name == "session_id" else name) for name in SESSION_COLUMNS]
    query = select(*columns).where(TrainingSession.athlete_id == athlete_id)
    query = _between(query, TrainingSession.date, start, end)
    query = query.order_by(TrainingSession.date, TrainingSession.start_time, TrainingSession.id)
    frame = _frame(db.exec(query).all(), SESSION_COLUMNS)
    numeric = ["duration_min", "rpe", "srpe_load", "tonnage", "spinal_tonnage", "sleep_hours", "sleep_quality", "stress", "soreness"]
    return frame.astype(dict.fromkeys(numeric, float))


def sets_frame(
    db: Session, *, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """One row per set with its session's date and its exercise's name, pattern and spinal flag."""
    query = (
        select(
            ExerciseSet.id, ExerciseSet.session_id, TrainingSession.date, ExerciseSet.position, Exercise.name,
            Exercise.pattern, Exercise.spinal_load, ExerciseSet.reps, ExerciseSet.weight_kg, ExerciseSet.rpe,
            ExerciseSet.rir, ExerciseSet.kind, ExerciseSet.seconds, ExerciseSet.distance_km,
        )  # fmt: skip
        .join(TrainingSession, col(ExerciseSet.session_id) == TrainingSession.id)
        .join(Exercise, col(ExerciseSet.exercise_id) == Exercise.id)
        .where(TrainingSession.athlete_id == athlete_id)
    )
    query = _between(query, TrainingSession.date, start, end)
    query = query.order_by(TrainingSession.date, TrainingSession.start_time, ExerciseSet.session_id, ExerciseSet.position)
    frame = _frame(db.exec(query).all(), SET_COLUMNS)
    return frame.astype({"weight_kg": float, "rpe": float, "rir": float, "spinal_load": bool, "seconds": float, "distance_km": float})


def pain_frame(
    db: Session, *, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """One row per pain entry, oldest first, with a boolean column per feature and red flag."""
    query = select(PainEntry).where(PainEntry.athlete_id == athlete_id)
    if start is not None:
        query = query.where(PainEntry.recorded_at >= dt.datetime.combine(start, dt.time.min))
    if end is not None:
        query = query.where(PainEntry.recorded_at <= dt.datetime.combine(end, dt.time.max))
    query = query.order_by(PainEntry.recorded_at, PainEntry.id)
    entries = db.exec(query).all()
    rows = [{"pain_id": e.id, **e.model_dump(exclude={"id", "athlete_id"})} for e in entries]
    frame = pd.DataFrame.from_records(rows, columns=PAIN_COLUMNS)
    frame["recorded_at"] = pd.to_datetime(frame["recorded_at"]).astype("datetime64[us]")
    frame.insert(2, "date", frame["recorded_at"].dt.normalize())
    return frame

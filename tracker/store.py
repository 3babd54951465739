"""Reading and writing athletes, exercises, sessions with their sets, and pain entries.

Keyword-only functions over a SQLModel `Session` (called `db` here, since "session" means a
workout in this project). Every write validates its input first (`tracker.schemas`), runs in
one transaction, and either commits whole or changes nothing. Per-session loads are
recomputed on every write that can change them. Reads for charts and maths come back as
pandas DataFrames with datetime64 dates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import bindparam, event, func, insert, update
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from tracker.bootstrap import ensure_catalogue as ensure_catalogue  # re-exported: the demo tops up the catalogue
from tracker.bootstrap import name_key
from tracker.errors import NotFoundError, ValidationError
from tracker.models import AppSetting, Athlete, BackScreen, Clearance, Exercise, ExerciseSet, PainEntry, TrainingSession
from tracker.schemas import AthleteIn, BackScreenIn, ClearanceIn, PainIn, SessionIn, validate
from tracker.science import load
from tracker.science.session_load import SessionLoads, SetLoad, session_loads
from tracker.science.settings import DEFAULT_SETTINGS, AdviceSettings
from tracker.vocab import Feature, Pattern, RedFlag, ScreenItem

#: Where a database session notes the athletes whose data this transaction changed.
CHANGED = "tracker.changed_athletes"


def mark_changed(db: Session, *athlete_ids: int) -> None:
    """Mark these athletes' data as changed: bump each `data_version` once (the dashboard's
    cache key, and the row lock that serialises writers per athlete) and have their stored
    status refreshed before this transaction commits (tracker.derived)."""
    ids = set(athlete_ids)
    if not ids:
        return
    # No in-memory sync (it scans the whole identity map on every write): read versions by query.
    bump = update(Athlete).where(col(Athlete.id).in_(ids)).values(data_version=Athlete.data_version + 1)
    db.exec(bump.execution_options(synchronize_session=False))
    db.info.setdefault(CHANGED, set()).update(ids)


@event.listens_for(OrmSession, "before_commit")
def _refresh_derived(db: OrmSession) -> None:
    if db.info.get(CHANGED):
        from tracker import derived

        derived.refresh_changed(db)


@event.listens_for(OrmSession, "after_rollback")
def _forget_changes(db: OrmSession) -> None:
    db.info.pop(CHANGED, None)


def data_version(db: Session, *, athlete_id: int) -> int:
    """A number that changes whenever the athlete's sessions, pain or check-ins change: a cache key."""
    version = db.exec(select(Athlete.data_version).where(Athlete.id == athlete_id)).first()
    if version is None:
        raise NotFoundError(f"athlete: no athlete with id {athlete_id}")
    return version


BATCH = "tracker.batch"


@contextmanager
def _transaction(db: Session) -> Iterator[None]:
    """Commit what the block wrote, or roll all of it back on any error. Inside `batch`, the
    block is flushed and the batch commits once at its end."""
    if db.info.get(BATCH):
        yield
        db.flush()
        return
    try:
        yield
        db.commit()
    except BaseException:
        db.rollback()
        raise


@contextmanager
def batch(db: Session) -> Iterator[None]:
    """Many writes as one transaction (a demo athlete's months of sessions, a restore): each
    write is validated and derived as usual, the whole batch commits once — or not at all."""
    db.info[BATCH] = True
    try:
        yield
        db.info.pop(BATCH, None)
        db.commit()
    except BaseException:
        db.info.pop(BATCH, None)
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
        # The name, unit and date of birth are in the status too (an age can raise triage).
        mark_changed(db, athlete_id)
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
        sessions = db.exec(affected).all()
        for training_session in sessions:
            refresh_loads(training_session)
        mark_changed(db, *{training_session.athlete_id for training_session in sessions})
    db.refresh(exercise)
    return exercise


# Sessions ---------------------------------------------------------------------------------


def apply_loads(training_session: TrainingSession, loads: SessionLoads) -> None:
    """Store derived loads (and the phase rules' per-session counts) on the session row."""
    training_session.sqlmodel_update(dataclasses.asdict(loads))


def refresh_loads(training_session: TrainingSession) -> None:
    """Re-derive a session's loads from its sets (each with its exercise)."""
    loads = session_loads(
        rpe=training_session.rpe,
        duration_min=training_session.duration_min,
        sets=(
            SetLoad(
                kind=s.kind, reps=s.reps, weight_kg=s.weight_kg, spinal_load=s.exercise.spinal_load, rpe=s.rpe, rir=s.rir,
                exercise=s.exercise.name, pattern=s.exercise.pattern,
            )  # fmt: skip
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


def add_sessions(db: Session, *, athlete_id: int, data: list[SessionIn | dict[str, Any]]) -> list[int]:
    """Store many sessions with their sets in one transaction (months of history at once):
    each is validated and its loads derived exactly as `add_session` does, then the rows are
    inserted in bulk. Returns the new sessions' ids, in the order given; all or nothing."""
    sessions_in = [validate(SessionIn, item) for item in data]
    get_athlete(db, athlete_id=athlete_id)
    if not sessions_in:
        return []
    with _transaction(db):
        names = {s.exercise for session_in in sessions_in for s in session_in.sets}
        by_key = _exercises_by_key(db, names)
        db.flush()  # new exercises get their ids
        exercises = {name: by_key[name_key(name)] for name in names}
        rows = []
        for session_in in sessions_in:
            used = [exercises[s.exercise] for s in session_in.sets]
            loads = session_loads(
                rpe=session_in.rpe,
                duration_min=session_in.duration_min,
                sets=(
                    SetLoad(kind=s.kind, reps=s.reps, weight_kg=s.weight_kg, spinal_load=e.spinal_load, rpe=s.rpe, rir=s.rir, exercise=e.name, pattern=e.pattern)
                    for s, e in zip(session_in.sets, used, strict=True)
                ),
            )
            rows.append({**session_in.model_dump(exclude={"sets"}), "athlete_id": athlete_id, "source": "manual", **dataclasses.asdict(loads)})
        added = insert(TrainingSession).returning(TrainingSession.id, sort_by_parameter_order=True)
        ids = list(db.execute(added, rows).scalars())
        set_rows = [
            {"session_id": session_id, "exercise_id": exercises[s.exercise].id, "position": position, "reps": s.reps,
             "weight_kg": s.weight_kg, "rpe": s.rpe, "rir": s.rir, "kind": s.kind}  # fmt: skip
            for session_id, session_in in zip(ids, sessions_in, strict=True)
            for position, s in enumerate(session_in.sets, start=1)
        ]
        if set_rows:
            db.execute(insert(ExerciseSet), set_rows)
        mark_changed(db, athlete_id)
    return ids


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
    return pain_in.entry_columns()


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


# Clearances and the back-pain screen --------------------------------------------------------


def record_clearance(
    db: Session, *, athlete_id: int, data: ClearanceIn | dict[str, Any], recorded_by_id: int | None = None
) -> Clearance:
    """Store a clinician's "assessed, cleared to train" (who may record one is `tracker.access`'s rule)."""
    clearance_in = validate(ClearanceIn, data)
    get_athlete(db, athlete_id=athlete_id)
    clearance = Clearance(athlete_id=athlete_id, recorded_by_id=recorded_by_id, **clearance_in.model_dump())
    with _transaction(db):
        db.add(clearance)
        mark_changed(db, athlete_id)
    db.refresh(clearance)
    return clearance


def list_clearances(db: Session, *, athlete_id: int, end: dt.date | None = None) -> list[Clearance]:
    """The athlete's clearances, oldest first (made by the end of `end`, if given)."""
    query = select(Clearance).where(Clearance.athlete_id == athlete_id)
    if end is not None:
        query = query.where(Clearance.cleared_at <= dt.datetime.combine(end, dt.time.max))
    return list(db.exec(query.order_by(Clearance.cleared_at, Clearance.id)).all())


def get_back_screen(db: Session, *, athlete_id: int) -> BackScreen | None:
    """The athlete's answers to the one-off back-pain screen, or None if not answered yet."""
    return db.get(BackScreen, athlete_id)


def save_back_screen(db: Session, *, athlete_id: int, data: BackScreenIn | dict[str, Any]) -> BackScreen:
    """Store (or replace) the screen answers: the items answered "yes"; the rest are "no"."""
    screen_in = validate(BackScreenIn, data)
    get_athlete(db, athlete_id=athlete_id)
    screen = db.get(BackScreen, athlete_id) or BackScreen(athlete_id=athlete_id)
    with _transaction(db):
        screen.sqlmodel_update({item.value: item in screen_in.yes for item in ScreenItem})
        screen.answered_at = dt.datetime.now(dt.UTC)
        db.add(screen)
        mark_changed(db, athlete_id)
    db.refresh(screen)
    return screen


# Settings ---------------------------------------------------------------------------------

ADVICE_SETTINGS_KEY = "advice"


def get_advice_settings(db: Session) -> AdviceSettings:
    """The advice thresholds in force: the defaults with any saved changes applied."""
    row = db.get(AppSetting, ADVICE_SETTINGS_KEY)
    return AdviceSettings.from_dict(json.loads(row.value)) if row else DEFAULT_SETTINGS


def save_advice_settings(db: Session, *, values: dict[str, Any]) -> AdviceSettings:
    """Validate and store changed thresholds (only those that differ from the defaults are kept);
    every athlete's stored status is recomputed with them in the same transaction."""
    settings = AdviceSettings.from_dict(values)
    changed = {k: v for k, v in settings.to_dict().items() if v != DEFAULT_SETTINGS.to_dict()[k]}
    with _transaction(db):
        row = db.get(AppSetting, ADVICE_SETTINGS_KEY) or AppSetting(key=ADVICE_SETTINGS_KEY, value="{}")
        row.value = json.dumps(changed, sort_keys=True)
        db.add(row)
        db.flush()
        # Every athlete is changed, data version included: that takes their row locks, so a
        # lifter's write running meanwhile either commits first (and is recomputed here) or
        # waits and then reads these thresholds — no stored row is left on the old ones.
        mark_changed(db, *db.exec(select(Athlete.id)).all())
    return settings


# DataFrame reads --------------------------------------------------------------------------

SESSION_COLUMNS = [
    "session_id", "date", "start_time", "name", "duration_min", "rpe", "srpe_load", "tonnage",
    "spinal_tonnage", "hard_sets", "notes", "sleep_hours", "sleep_quality", "stress", "soreness",
    "trunk_sets", "hip_sets", "lower_sets", "spinal_efforts",
]  # fmt: skip
#: The session columns the load figures and the phase rules read (tracker.science.load, rules,
#: advice): a squad's status is refreshed from these alone, a third of the reading.
RULE_COLUMNS = [
    "session_id", "date", "srpe_load", "tonnage", "spinal_tonnage", "hard_sets", "trunk_sets", "hip_sets", "lower_sets",
    "spinal_efforts",
]  # fmt: skip
#: The session columns the strength charts read (`session_load.lift_rows`), with `date`.
LIFT_COLUMNS = ["best_e1rm", "lift_work"]
SET_COLUMNS = [
    "set_id", "session_id", "date", "position", "exercise", "pattern", "spinal_load", "reps",
    "weight_kg", "rpe", "rir", "kind", "seconds", "distance_km",
]  # fmt: skip
PAIN_COLUMNS = [
    "pain_id", "recorded_at", "pain", "region", "side", "body_areas", "quality", "timing", "session_id", "notes",
    *(feature.value for feature in Feature), *(flag.value for flag in RedFlag),
]  # fmt: skip


# The frame reads run statements built once (`functools.cache`) with their values bound at
# execution: a statement built afresh on every read made SQLAlchemy re-key it and re-map its
# result columns each time, a millisecond per read, more than reading a pain history.


def _between(query, column, *, start: bool, end: bool):
    """`column` from the bound value "start" and/or up to "end" (dates inclusive)."""
    if start:
        query = query.where(column >= bindparam("start"))
    if end:
        query = query.where(column <= bindparam("end"))
    return query


def _athletes_in(column):
    return col(column).in_(bindparam("athlete_ids", expanding=True))


def _read(db: Session, query, columns: list[str], types: dict[str, type] | None = None, **values: Any) -> pd.DataFrame:
    """The rows of `query` (with `values` bound) as a frame (`_frame`), read through SQLAlchemy
    Core: the ORM's handling of each row cost a third of a trends view's reading. Pending
    changes are flushed first, as the ORM's autoflush would; only the `values` not None are bound."""
    if db.autoflush:
        db.flush()
    with _collector_paused():
        return _frame(db.connection().execute(query, {name: value for name, value in values.items() if value is not None}).all(), columns, types)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a read builds its rows: tens of thousands of new
    tuples (no cycles among them) set off full collections over every object the process holds,
    a fifth of a squad's status refresh. Process-wide, so it is turned back on only by whoever
    turned it off."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _integers(column: tuple) -> np.ndarray | list:
    if not column:
        return np.array([], dtype=object)  # as pandas makes an empty column
    try:
        return np.array(column, dtype=np.int64)
    except TypeError:
        return list(column)


def _frame(rows: Sequence[Sequence], columns: list[str], types: dict[str, type] | None = None) -> pd.DataFrame:
    """Rows as a frame, each column built once in its type (`types`; `date` as datetime64[us];
    the rest as pandas infers it): `astype` on the frame copied it for every column, ~7 ms for
    a few pain reports with their twenty flags."""
    types = types or {}
    values = list(zip(*rows)) if rows else [()] * len(columns)
    data: dict[str, Any] = {}
    for name, column in zip(columns, values, strict=True):
        if name == "date" or types.get(name) is dt.datetime:  # numpy converts dates one by one: ~30 ms for 28,000 sessions
            data[name] = pd.DatetimeIndex(column).astype("datetime64[us]").to_numpy()
        elif types.get(name) is int:  # pandas infers a list of ints one by one; NULLs (None) leave it to pandas
            data[name] = _integers(column)
        elif types.get(name) is object:  # Python strings as they are: pandas' own str type costs more to build and to read back
            data[name] = pd.Series(column, dtype=object)
        elif name in types:
            data[name] = np.array(column, dtype=types[name])
        else:
            data[name] = list(column) if rows else np.array([], dtype=object)
    return pd.DataFrame(data, columns=columns)


def sessions_frame(
    db: Session, *, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None, columns: list[str] = SESSION_COLUMNS
) -> pd.DataFrame:
    """One row per session (dates inclusive), oldest first, with the stored per-session loads
    (only `columns` of it when asked)."""
    return sessions_frames(db, athlete_ids=[athlete_id], start=start, end=end, columns=columns)[athlete_id]


def sessions_frames(
    db: Session, *, athlete_ids: list[int], start: dt.date | None = None, end: dt.date | None = None, columns: list[str] = SESSION_COLUMNS
) -> dict[int, pd.DataFrame]:
    """`sessions_frame` for each of `athlete_ids`, from one query (a squad at once); only
    `columns` of it when asked (`RULE_COLUMNS`: what the rules read)."""
    owned = len(athlete_ids) > 1
    query = _sessions_query(tuple(columns), owned=owned, start=start is not None, end=end is not None)
    numeric = ["duration_min", "rpe", "srpe_load", "tonnage", "spinal_tonnage", "sleep_hours", "sleep_quality", "stress", "soreness"]
    counts = ["athlete_id", "session_id", "hard_sets", "trunk_sets", "hip_sets", "lower_sets"]
    json_texts = ["spinal_efforts", *LIFT_COLUMNS]  # parsed as they come, by the rules and `session_load.lift_rows`
    types = dict.fromkeys(numeric, float) | dict.fromkeys(counts, int) | dict.fromkeys(json_texts, object)
    frame = _read(db, query, _owned(columns, owned), types, athlete_ids=list(athlete_ids), start=start, end=end)
    return _split(frame, athlete_ids)


@functools.cache
def _sessions_query(columns: tuple[str, ...], *, owned: bool, start: bool, end: bool):
    selected = [getattr(TrainingSession, "id" if name == "session_id" else name) for name in _owned(columns, owned)]
    query = _between(select(*selected).where(_athletes_in(TrainingSession.athlete_id)), TrainingSession.date, start=start, end=end)
    return query.order_by(TrainingSession.athlete_id, TrainingSession.date, TrainingSession.start_time, TrainingSession.id)


def _owned(columns: Iterable[str], owned: bool) -> list[str]:
    """`columns` with the athlete_id that `_split` divides rows by, when they are several
    athletes' (one athlete's frame goes without: taking a column off a frame copies the rest)."""
    return ["athlete_id", *columns] if owned else list(columns)


def _split(frame: pd.DataFrame, athlete_ids: list[int]) -> dict[int, pd.DataFrame]:
    """One frame per athlete (without the athlete_id column, index from 0); empty ones too.
    The frame of one athlete's rows has no athlete_id column (`_owned`): it is theirs."""
    if len(athlete_ids) == 1:
        return {athlete_ids[0]: frame}
    owners = frame.pop("athlete_id").to_numpy()
    starts = {}  # rows come ordered by athlete: each athlete's rows are one slice
    for position, owner in enumerate(owners):
        starts.setdefault(int(owner), position)
    bounds = sorted(starts.values()) + [len(frame)]
    slices = {int(owners[begin]): (begin, end) for begin, end in zip(bounds, bounds[1:])}
    return {
        athlete_id: frame.iloc[slices[athlete_id][0] : slices[athlete_id][1]].reset_index(drop=True) if athlete_id in slices else frame.iloc[0:0]
        for athlete_id in athlete_ids
    }


_SET_SOURCES = {
    "set_id": ExerciseSet.id, "session_id": ExerciseSet.session_id, "date": TrainingSession.date, "position": ExerciseSet.position,
    "exercise": Exercise.name, "pattern": Exercise.pattern, "spinal_load": Exercise.spinal_load, "reps": ExerciseSet.reps,
    "weight_kg": ExerciseSet.weight_kg, "rpe": ExerciseSet.rpe, "rir": ExerciseSet.rir, "kind": ExerciseSet.kind,
    "seconds": ExerciseSet.seconds, "distance_km": ExerciseSet.distance_km,
}  # fmt: skip


def sets_frame(
    db: Session, *, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None, columns: list[str] = SET_COLUMNS
) -> pd.DataFrame:
    """One row per set with its session's date and its exercise's name, pattern and spinal flag;
    only `columns` of it when asked."""
    query = _sets_query(tuple(columns), start=start is not None, end=end is not None)
    numbers = {"set_id": int, "session_id": int, "position": int, "reps": int, "weight_kg": float, "rpe": float, "rir": float, "seconds": float, "distance_km": float}
    return _read(db, query, columns, {**numbers, "spinal_load": bool}, athlete_id=athlete_id, start=start, end=end)


@functools.cache
def _sets_query(columns: tuple[str, ...], *, start: bool, end: bool):
    query = (
        select(*(_SET_SOURCES[name] for name in columns))
        .join(TrainingSession, col(ExerciseSet.session_id) == TrainingSession.id)
        .join(Exercise, col(ExerciseSet.exercise_id) == Exercise.id)
        .where(TrainingSession.athlete_id == bindparam("athlete_id"))
    )
    query = _between(query, TrainingSession.date, start=start, end=end)
    return query.order_by(TrainingSession.date, TrainingSession.start_time, ExerciseSet.session_id, ExerciseSet.position)


def pain_frame(
    db: Session, *, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """One row per pain entry, oldest first, with a boolean column per feature and red flag."""
    return pain_frames(db, athlete_ids=[athlete_id], start=start, end=end)[athlete_id]


def pain_frames(
    db: Session, *, athlete_ids: list[int], start: dt.date | None = None, end: dt.date | None = None
) -> dict[int, pd.DataFrame]:
    """`pain_frame` for each of `athlete_ids`, from one query."""
    owned = len(athlete_ids) > 1
    first = dt.datetime.combine(start, dt.time.min) if start is not None else None
    last = dt.datetime.combine(end, dt.time.max) if end is not None else None
    query = _pain_query(owned=owned, start=first is not None, end=last is not None)
    types = {"athlete_id": int, "pain_id": int, "pain": int, "session_id": int, "recorded_at": dt.datetime} | {item.value: bool for item in (*Feature, *RedFlag)}
    frame = _read(db, query, _owned(PAIN_COLUMNS, owned), types, athlete_ids=list(athlete_ids), start=first, end=last)
    frame.insert(frame.columns.get_loc("recorded_at") + 1, "date", load.calendar_days(frame["recorded_at"].to_numpy()))
    return _split(frame, athlete_ids)


@functools.cache
def _pain_query(*, owned: bool, start: bool, end: bool):
    selected = [getattr(PainEntry, "id" if name == "pain_id" else name) for name in _owned(PAIN_COLUMNS, owned)]
    query = _between(select(*selected).where(_athletes_in(PainEntry.athlete_id)), PainEntry.recorded_at, start=start, end=end)
    return query.order_by(PainEntry.athlete_id, PainEntry.recorded_at, PainEntry.id)

"""The tracker's own file format: export an athlete to CSV files, and import them back.

Files (UTF-8, comma-separated, header row, ISO dates, kilograms, empty cell = not recorded):

sessions.csv — one row per session, oldest first
    session        reference used by the other files: the date and the session's number that day ("2024-05-31/1")
    date, start_time (HH:MM:SS), name, duration_min, rpe (CR-10), notes,
    sleep_hours, sleep_quality, stress, soreness,
    srpe_load, tonnage, spinal_tonnage, hard_sets   derived, recomputed on import
    source         "manual", or the app it came from; source_key: that app's key for the workout
sets.csv — one row per set, in session order
    session, position, exercise, pattern, spinal_load (true/false), kind, reps, weight_kg, rpe, rir,
    distance_km, seconds, fingerprint (imported sets: digest of their source row)
pain.csv — one row per pain report, oldest first
    recorded_at (local, YYYY-MM-DDTHH:MM:SS), pain (0-10), region, side (left, right, both),
    body_areas (body-chart areas tapped, joined by ";"; tracker.vocab.BodyArea), quality, timing,
    session (the session it followed, if any), features and red_flags (names joined by ";"), notes
    (files exported before side and body_areas existed import as they are)
checkins.csv — one row per weekly back check-in (tracker.checkin), oldest first
    week_start (the Monday), participation and symptoms (0/8/17/25), volume and performance
    (0/6/13/19/25), severity (0-100) — the OSTRC scores of tracker.science.ostrc
clearances.csv — one row per clinician's "assessed, cleared to train", oldest first
    cleared_at (local, YYYY-MM-DDTHH:MM:SS), assessed_by, note
screen.csv — the one-off back-pain screen, if answered: answered_at (UTC), then one column per
    question (tracker.vocab.ScreenItem), true or false
wellness.csv — one row per daily wellness check (tracker.wellness), oldest first
    date, sleep_hours, sleep_quality, soreness, stress, mood, fatigue (1-5), source ("manual", "team")

Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) are
written with a leading ' (tracker.csvio) and read back without it.
Importing these files into an empty database and exporting again reproduces them exactly.
Importing them again adds nothing: a session already present (same date, start, name, source
and key) and a pain report already present (same time, score and region) are skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from tracker import store
from tracker.csvio import records_csv, unescape
from tracker.errors import TrackerError, ValidationError
from tracker.models import BackScreen, Clearance, Exercise, ExerciseSet, PainEntry, TrainingSession, WeeklyCheckin, WellnessEntry
from tracker.schemas import ClearanceIn, PainIn, SessionIn, date_problem, validate
from tracker.vocab import Pattern, ScreenItem

SESSION_FIELDS = [
    "session", "date", "start_time", "name", "duration_min", "rpe", "notes", "sleep_hours", "sleep_quality",
    "stress", "soreness", "srpe_load", "tonnage", "spinal_tonnage", "hard_sets", "source", "source_key",
]  # fmt: skip
SET_FIELDS = [
    "session", "position", "exercise", "pattern", "spinal_load", "kind", "reps", "weight_kg", "rpe", "rir",
    "distance_km", "seconds", "fingerprint",
]  # fmt: skip
PAIN_FIELDS = ["recorded_at", "pain", "region", "side", "body_areas", "quality", "timing", "session", "features", "red_flags", "notes"]
#: Columns a file exported by an earlier version may lack (each read as empty).
ADDED_LATER = {"pain.csv": {"side", "body_areas"}}
CHECKIN_FIELDS = ["week_start", "participation", "volume", "performance", "symptoms", "severity"]
WELLNESS_FIELDS = ["date", "sleep_hours", "sleep_quality", "soreness", "stress", "mood", "fatigue", "source"]
CLEARANCE_FIELDS = ["cleared_at", "assessed_by", "note"]
SCREEN_FIELDS = ["answered_at", *(item.value for item in ScreenItem)]
FILES = {
    "sessions.csv": SESSION_FIELDS, "sets.csv": SET_FIELDS, "pain.csv": PAIN_FIELDS, "checkins.csv": CHECKIN_FIELDS,
    "wellness.csv": WELLNESS_FIELDS, "clearances.csv": CLEARANCE_FIELDS, "screen.csv": SCREEN_FIELDS,
}  # fmt: skip


def export_files(db: Session, *, athlete_id: int) -> dict[str, str]:
    """The athlete's export: the CSV texts keyed by file name (see the module docstring)."""
    store.get_athlete(db, athlete_id=athlete_id)
    sessions = db.exec(
        select(TrainingSession)
        .where(TrainingSession.athlete_id == athlete_id)
        .order_by(TrainingSession.date, TrainingSession.start_time, TrainingSession.id)
    ).all()
    per_day: Counter[dt.date] = Counter()
    refs: dict[int, str] = {}
    session_rows, set_rows = [], []
    for session in sessions:
        per_day[session.date] += 1
        refs[session.id] = f"{session.date.isoformat()}/{per_day[session.date]}"
        session_rows.append({**session.model_dump(), "session": refs[session.id]})
        for item in session.sets:
            exercise = item.exercise
            set_rows.append(
                {**item.model_dump(), "session": refs[session.id], "exercise": exercise.name, "pattern": exercise.pattern, "spinal_load": exercise.spinal_load}
            )
    pain_rows = []
    for entry in db.exec(select(PainEntry).where(PainEntry.athlete_id == athlete_id).order_by(PainEntry.recorded_at, PainEntry.id)).all():
        pain_rows.append(
            {
                **entry.model_dump(),
                "session": refs.get(entry.session_id),
                "features": ";".join(f.value for f in entry.features),
                "red_flags": ";".join(f.value for f in entry.red_flags),
            }
        )
    checkins = db.exec(select(WeeklyCheckin).where(WeeklyCheckin.athlete_id == athlete_id).order_by(WeeklyCheckin.week_start)).all()
    screen = store.get_back_screen(db, athlete_id=athlete_id)
    return {
        "sessions.csv": records_csv(SESSION_FIELDS, session_rows),
        "sets.csv": records_csv(SET_FIELDS, set_rows),
        "pain.csv": records_csv(PAIN_FIELDS, pain_rows),
        "checkins.csv": records_csv(CHECKIN_FIELDS, [c.model_dump() for c in checkins]),
        "wellness.csv": records_csv(WELLNESS_FIELDS, [w.model_dump() for w in db.exec(select(WellnessEntry).where(WellnessEntry.athlete_id == athlete_id).order_by(WellnessEntry.date)).all()]),
        "clearances.csv": records_csv(CLEARANCE_FIELDS, [c.model_dump() for c in store.list_clearances(db, athlete_id=athlete_id)]),
        "screen.csv": records_csv(SCREEN_FIELDS, [screen.model_dump()] if screen else []),
    }


def export_to_folder(db: Session, *, athlete_id: int, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in export_files(db, athlete_id=athlete_id).items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


def export_zip(db: Session, *, athlete_id: int) -> bytes:
    """The export files in one zip (the dashboard's download)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in export_files(db, athlete_id=athlete_id).items():
            archive.writestr(name, text)
    return buffer.getvalue()


# Import ------------------------------------------------------------------------------------


def read_native(source: Path | bytes) -> dict[str, str]:
    """The export files from a folder or its zip; refuses anything else by name."""
    if isinstance(source, Path) and source.is_dir():
        texts = {name: (source / name).read_text(encoding="utf-8") for name in FILES if (source / name).exists()}
    else:
        data = source.read_bytes() if isinstance(source, Path) else source
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                texts = {Path(n).name: archive.read(n).decode("utf-8") for n in archive.namelist() if Path(n).name in FILES}
        except zipfile.BadZipFile:
            raise TrackerError("this is not a tracker export (a folder or zip with sessions.csv, sets.csv and pain.csv)") from None
    if "sessions.csv" not in texts:
        raise TrackerError("this is not a tracker export: sessions.csv is missing")
    for name, fields in FILES.items():
        header = next(csv.reader(io.StringIO(texts.get(name, ",".join(fields)))), [])
        if header not in (fields, [field for field in fields if field not in ADDED_LATER.get(name, set())]):
            raise TrackerError(f"{name}: the columns are not the tracker's export columns ({', '.join(fields)})")
    return texts


@dataclass(frozen=True)
class NativeResult:
    sessions_added: int
    sessions_skipped: int
    sets_added: int
    pain_added: int
    pain_skipped: int


def _rows(text: str | None) -> list[dict[str, str]]:
    """The file's rows with every text cell as it was before export escaped it (tracker.csvio)."""
    if not text:
        return []
    return [{name: unescape(value) if isinstance(value, str) else value for name, value in row.items()} for row in csv.DictReader(io.StringIO(text))]


def _blank(value: str) -> str | None:
    return value if value != "" else None


def import_native(db: Session, *, athlete_id: int, texts: dict[str, str]) -> NativeResult:
    """Import an export into the athlete's log, in one transaction; existing rows are skipped."""
    store.get_athlete(db, athlete_id=athlete_id)
    sessions, sets, pains = _rows(texts.get("sessions.csv")), _rows(texts.get("sets.csv")), _rows(texts.get("pain.csv"))
    sets_by_session: dict[str, list[dict]] = {}
    for row in sets:
        sets_by_session.setdefault(row["session"], []).append(row)
    present = {
        (s.date, s.start_time, s.name, s.source, s.source_key)
        for s in db.exec(select(TrainingSession).where(TrainingSession.athlete_id == athlete_id)).all()
    }
    added = skipped = set_count = 0
    refs: dict[str, TrainingSession] = {}
    try:
        for line, row in enumerate(sessions, start=2):
            session_in = _session_in(row, sets_by_session.get(row["session"], []), line)
            key = (session_in.date, session_in.start_time, session_in.name, row["source"] or "manual", _blank(row["source_key"]))
            if key in present:
                skipped += 1
                continue
            refs[row["session"]] = _add_session(db, athlete_id, session_in, row, sets_by_session.get(row["session"], []))
            added += 1
            set_count += len(session_in.sets)
        pain_added, pain_skipped = _add_pain(db, athlete_id, pains, refs)
        _add_checkins(db, athlete_id, _rows(texts.get("checkins.csv")))
        _add_wellness(db, athlete_id, _rows(texts.get("wellness.csv")))
        _add_clearances(db, athlete_id, _rows(texts.get("clearances.csv")))
        _add_screen(db, athlete_id, _rows(texts.get("screen.csv")))
        store.mark_changed(db, athlete_id)
        db.commit()
    except BaseException:
        db.rollback()
        raise
    logging.getLogger(__name__).info(
        "import: athlete %s, tracker export: %d sessions (%d sets) added, %d already there", athlete_id, added, set_count, skipped
    )
    return NativeResult(added, skipped, set_count, pain_added, pain_skipped)


def _session_in(row: dict, set_rows: list[dict], line: int) -> SessionIn:
    fields = {name: _blank(row[name]) for name in ("date", "start_time", "name", "duration_min", "rpe", "notes", "sleep_hours", "sleep_quality", "stress", "soreness")}
    fields["sets"] = [
        {name: _blank(s[name]) for name in ("exercise", "reps", "kind", "rpe", "rir", "seconds", "distance_km")} | {"weight": s["weight_kg"] or 0, "unit": "kg"}
        for s in set_rows
    ]
    try:
        return validate(SessionIn, fields)
    except ValidationError as error:
        raise TrackerError(f"sessions.csv line {line} ({row['session']}): {error}") from None


def _add_session(db: Session, athlete_id: int, session_in: SessionIn, row: dict, set_rows: list[dict]) -> TrainingSession:
    session = TrainingSession(
        athlete_id=athlete_id, **session_in.model_dump(exclude={"sets"}), source=row["source"] or "manual", source_key=_blank(row["source_key"])
    )
    for item, raw in zip(session_in.sets, set_rows, strict=True):
        exercise = _exercise(db, raw)
        session.sets.append(
            ExerciseSet(
                exercise=exercise,
                position=int(raw["position"]),
                reps=item.reps,
                weight_kg=float(raw["weight_kg"] or 0),
                rpe=item.rpe,
                rir=item.rir,
                kind=item.kind,
                distance_km=item.distance_km,
                seconds=item.seconds,
                fingerprint=_blank(raw["fingerprint"]),
            )
        )
    store.refresh_loads(session)
    db.add(session)
    db.flush()
    return session


def _exercise(db: Session, raw: dict) -> Exercise:
    """The catalogue exercise of that name; an unknown one is created with the export's classification."""
    key = store.name_key(raw["exercise"])
    found = db.exec(select(Exercise).where(Exercise.name_key == key)).first()
    if found is None:
        pattern = raw["pattern"] if raw["pattern"] in {p.value for p in Pattern} else Pattern.OTHER
        found = Exercise(name=raw["exercise"].strip(), name_key=key, pattern=pattern, spinal_load=raw["spinal_load"] == "true")
        db.add(found)
        db.flush()
    return found


def _add_checkins(db: Session, athlete_id: int, rows: list[dict]) -> None:
    """Weekly check-ins for weeks not yet answered (a week already answered here is kept)."""
    from tracker.science.ostrc import recorded_scores

    answered = set(db.exec(select(WeeklyCheckin.week_start).where(WeeklyCheckin.athlete_id == athlete_id)).all())
    for line, row in enumerate(rows, start=2):
        try:
            week = dt.date.fromisoformat(row["week_start"])
        except ValueError:
            raise TrackerError(f"checkins.csv line {line}: week_start must be a date like 2024-05-27 (got {row['week_start']!r})") from None
        if problem := date_problem(week):
            raise TrackerError(f"checkins.csv line {line}: week_start {problem}")
        if week in answered:
            continue
        try:
            answers = recorded_scores({key: int(row[key]) for key in ("participation", "volume", "performance", "symptoms")})
        except (ValueError, ValidationError) as error:
            raise TrackerError(f"checkins.csv line {line}: {error}") from None
        db.add(WeeklyCheckin(athlete_id=athlete_id, week_start=week, severity=sum(answers.values()), **answers))


def _add_clearances(db: Session, athlete_id: int, rows: list[dict]) -> None:
    """Clearances not yet here (same moment, to the second)."""
    present = {c.cleared_at.replace(microsecond=0) for c in store.list_clearances(db, athlete_id=athlete_id)}
    for line, row in enumerate(rows, start=2):
        try:
            clearance_in = validate(ClearanceIn, {"cleared_at": row["cleared_at"], "assessed_by": row["assessed_by"], "note": _blank(row["note"])})
        except ValidationError as error:
            raise TrackerError(f"clearances.csv line {line}: {error}") from None
        if clearance_in.cleared_at.replace(microsecond=0) not in present:
            db.add(Clearance(athlete_id=athlete_id, **clearance_in.model_dump()))


def _add_screen(db: Session, athlete_id: int, rows: list[dict]) -> None:
    """The screen answers, unless this athlete has answered it here already."""
    if not rows or store.get_back_screen(db, athlete_id=athlete_id) is not None:
        return
    row = rows[0]
    db.add(BackScreen(athlete_id=athlete_id, answered_at=dt.datetime.fromisoformat(row["answered_at"]), **{item.value: row[item.value] == "true" for item in ScreenItem}))


def _add_wellness(db: Session, athlete_id: int, rows: list[dict]) -> None:
    """Daily wellness for days not yet answered (a day already answered here is kept)."""
    from tracker.schemas import WellnessIn

    answered = set(db.exec(select(WellnessEntry.date).where(WellnessEntry.athlete_id == athlete_id)).all())
    for line, row in enumerate(rows, start=2):
        try:
            wellness_in = validate(WellnessIn, {name: _blank(row[name]) for name in WELLNESS_FIELDS if name != "source"})
        except ValidationError as error:
            raise TrackerError(f"wellness.csv line {line}: {error}") from None
        if wellness_in.date in answered:
            continue
        answered.add(wellness_in.date)
        db.add(WellnessEntry(athlete_id=athlete_id, **wellness_in.model_dump(), source=(row["source"] or "native")[:12]))


def _add_pain(db: Session, athlete_id: int, rows: list[dict], refs: dict[str, TrainingSession]) -> tuple[int, int]:
    # Exports keep whole seconds, so compare at whole seconds.
    present = {
        (p.recorded_at.replace(microsecond=0), p.pain, p.region)
        for p in db.exec(select(PainEntry).where(PainEntry.athlete_id == athlete_id)).all()
    }
    added = skipped = 0
    for line, row in enumerate(rows, start=2):
        data = {
            "recorded_at": row["recorded_at"], "pain": row["pain"], "region": row["region"], "side": _blank(row.get("side", "")),
            "body_areas": [a for a in row.get("body_areas", "").split(";") if a], "quality": _blank(row["quality"]), "timing": _blank(row["timing"]), "notes": _blank(row["notes"]),
            "features": [f for f in row["features"].split(";") if f], "red_flags": [f for f in row["red_flags"].split(";") if f],
        }  # fmt: skip
        try:
            pain_in = validate(PainIn, data)
        except ValidationError as error:
            raise TrackerError(f"pain.csv line {line}: {error}") from None
        if (pain_in.recorded_at.replace(microsecond=0), pain_in.pain, pain_in.region) in present:
            skipped += 1
            continue
        linked = refs.get(row["session"])
        columns = {name: value for name, value in pain_in.entry_columns().items() if name != "session_id"}
        db.add(PainEntry(athlete_id=athlete_id, session_id=linked.id if linked else None, **columns))
        added += 1
    return added, skipped


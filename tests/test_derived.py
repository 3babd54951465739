"""Derived data stored for speed (tracker.derived and the per-session loads) must equal a fresh
computation after every kind of write — and stay so when writers run at the same time.

The stored status row is checked against `tracker.status.athlete_report`, the per-athlete path
the trends page uses (its own queries); the stored session loads against SQL aggregates over
the sets. Every write here goes through `tracker.store` / `tracker.access`, as the pages do."""

import datetime as dt
import json
import threading

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from tests.conftest import SHARED
from tracker import access, derived, exchange, store
from tracker.db import open_engine
from tracker.errors import ValidationError
from tracker.importers.engine import run_import
from tracker.models import Athlete, AthleteStatus
from tracker.science.advice import phase_history
from tracker.science.load import E1RM_MAX_REPS
from tracker.status import athlete_report, load_history
from tracker.vocab import SetKind

TODAY = dt.date.today()


@pytest.fixture
def engine(demo_database):
    engine = open_engine(demo_database())
    yield engine
    engine.dispose()


def ids(db) -> dict[str, int]:
    return {a.name: a.id for a in store.list_athletes(db)}


def assert_stored_status_is_fresh(engine) -> None:
    """Every athlete has a stored row for today, of their current data version and thresholds,
    whose report is exactly what the per-athlete path computes now, and whose trends parts (the
    exact report, the phase and triage spans of the trends page's default dates) are too."""
    with Session(engine) as db:
        settings = store.get_advice_settings(db)
        key = derived.settings_key(settings)
        versions = dict(db.exec(select(Athlete.id, Athlete.data_version)).all())
        rows = {row.athlete_id: row for row in db.exec(select(AthleteStatus)).all()}
        assert set(rows) == set(versions)
        for athlete in store.list_athletes(db):
            row = rows[athlete.id]
            assert (row.computed_for, row.data_version, row.settings_key) == (TODAY, versions[athlete.id], key), athlete.name
            stored = json.loads(row.payload)["report"]
            report = athlete_report(db, athlete=athlete, on=TODAY, settings=settings)
            assert json.dumps(stored, sort_keys=True) == json.dumps(report.to_dict(), sort_keys=True, default=str), athlete.name
            trends = derived.StoredTrends.model_validate_json(json.loads(row.payload)["trends"])
            assert repr(trends.report) == repr(report), athlete.name  # repr: NaN equals NaN, and every float to the last digit
            spans = phase_history(load_history(db, athlete=athlete, until=TODAY), start=TODAY - dt.timedelta(days=derived.TRENDS_DAYS - 1), end=TODAY, settings=settings)
            assert (trends.phases, trends.triage) == (spans["phases"], spans["triage"]), athlete.name


LOADS_BY_SQL = text(
    """
    SELECT s.id, s.srpe_load, s.tonnage, s.spinal_tonnage, s.rpe * s.duration_min,
           COALESCE(SUM(CASE WHEN x.kind <> :warmup THEN x.reps * x.weight_kg END), 0),
           COALESCE(SUM(CASE WHEN x.kind <> :warmup AND e.spinal_load THEN x.reps * x.weight_kg END), 0)
    FROM training_session s
    LEFT JOIN exercise_set x ON x.session_id = s.id
    LEFT JOIN exercise e ON e.id = x.exercise_id
    GROUP BY s.id, s.srpe_load, s.tonnage, s.spinal_tonnage, s.rpe, s.duration_min
    """
)


def assert_stored_loads_are_fresh(engine) -> None:
    """Each session's stored sRPE load, tonnage and spinal tonnage equal SQL sums over its sets."""
    with engine.connect() as connection:
        rows = connection.execute(LOADS_BY_SQL, {"warmup": SetKind.WARMUP.value}).all()
    assert rows
    for session_id, srpe, tonnage, spinal, srpe_sql, tonnage_sql, spinal_sql in rows:
        assert (srpe is None) == (srpe_sql is None), session_id
        if srpe is not None:
            assert srpe == pytest.approx(float(srpe_sql), abs=1e-9), session_id
        assert tonnage == pytest.approx(float(tonnage_sql), abs=1e-6), session_id
        assert spinal == pytest.approx(float(spinal_sql), abs=1e-6), session_id


BEST_E1RM_BY_SQL = text(
    """
    SELECT x.session_id, e.name, MAX(CASE WHEN x.reps = 1 THEN x.weight_kg ELSE x.weight_kg * (1 + x.reps / 30.0) END)
    FROM exercise_set x JOIN exercise e ON e.id = x.exercise_id
    WHERE x.kind <> :warmup AND x.weight_kg > 0 AND x.reps BETWEEN 1 AND :max_reps
    GROUP BY x.session_id, e.name
    """
)


def assert_stored_best_e1rm_is_fresh(engine) -> None:
    """Each session's stored best e1RM per lift equals Epley's over its sets in SQL (working
    sets with a weight and 1 to 12 reps; a single is its weight); none where it has no such set."""
    with engine.connect() as connection:
        stored = dict(connection.execute(text("SELECT id, best_e1rm FROM training_session")).all())
        by_sql: dict[int, dict[str, float]] = {}
        for session_id, lift, value in connection.execute(BEST_E1RM_BY_SQL, {"warmup": SetKind.WARMUP.value, "max_reps": E1RM_MAX_REPS}):
            by_sql.setdefault(session_id, {})[lift] = float(value)
    assert by_sql
    for session_id, text_value in stored.items():
        found = {lift: value for lift, value in json.loads(text_value)} if text_value else {}
        assert found == pytest.approx(by_sql.get(session_id, {}), abs=1e-9), session_id


LIFT_WORK_BY_SQL = text(
    """
    SELECT x.session_id, e.name, e.spinal_load,
           SUM(CASE WHEN x.kind <> :warmup AND x.weight_kg > 0 THEN 1 ELSE 0 END),
           SUM(CASE WHEN x.kind <> :warmup AND x.weight_kg > 0 THEN x.reps * x.weight_kg ELSE 0 END)
    FROM exercise_set x JOIN exercise e ON e.id = x.exercise_id
    GROUP BY x.session_id, e.name, e.spinal_load
    """
)


def assert_stored_lift_work_is_fresh(engine) -> None:
    """Each session's stored work per lift equals SQL sums over its sets: every lift it has sets
    of, with its weighted working sets (warm-ups and sets without a weight left out), their
    tonnage and the exercise's spinal flag as it is now; none for a session without sets."""
    with engine.connect() as connection:
        stored = dict(connection.execute(text("SELECT id, lift_work FROM training_session")).all())
        by_sql: dict[int, dict[str, tuple]] = {}
        for session_id, lift, spinal, sets, tonnage in connection.execute(LIFT_WORK_BY_SQL, {"warmup": SetKind.WARMUP.value}):
            by_sql.setdefault(session_id, {})[lift] = (int(sets), pytest.approx(float(tonnage), abs=1e-9), bool(spinal))
    assert any(sets for lifts in by_sql.values() for sets, _, _ in lifts.values())
    for session_id, text_value in stored.items():
        found = {lift: (sets, tonnage, spinal) for lift, sets, tonnage, spinal in json.loads(text_value)} if text_value else {}
        assert found == by_sql.get(session_id, {}), session_id


def assert_fresh(engine) -> None:
    assert_stored_status_is_fresh(engine)
    assert_stored_loads_are_fresh(engine)
    assert_stored_best_e1rm_is_fresh(engine)
    assert_stored_lift_work_is_fresh(engine)


SQUAT = {"exercise": "Squat (Barbell)", "reps": 5, "weight": 140}


def test_the_demo_as_built_is_fresh(engine):
    assert_fresh(engine)


def test_session_add_edit_and_delete(engine, db):
    alex = ids(db)["Alex Ramp"]
    added = access.log_session(db, viewer=None, athlete_id=alex, data={"date": TODAY, "rpe": 9, "duration_min": 120, "sets": [SQUAT] * 6},
                               pain={"recorded_at": dt.datetime.now(), "pain": 6, "region": "low back centre", "quality": "sharp"})  # fmt: skip
    assert_fresh(engine)
    store.update_session(db, session_id=added.id, data={"date": TODAY, "rpe": 4, "duration_min": 30, "sets": [SQUAT]})
    assert_fresh(engine)
    store.delete_session(db, session_id=added.id)
    assert_fresh(engine)


def test_many_sessions_in_one_batch(engine, db):
    drew = ids(db)["Drew Leg"]
    with store.batch(db):
        store.add_sessions(db, athlete_id=drew, data=[{"date": TODAY - dt.timedelta(days=d), "rpe": 8, "duration_min": 90, "sets": [SQUAT] * 5} for d in range(3)])
    assert_fresh(engine)


def test_pain_reports_added_changed_and_removed(engine, db):
    casey = ids(db)["Casey Steady"]
    entry = access.report_pain(db, viewer=None, athlete_id=casey, data={"recorded_at": dt.datetime.now(), "pain": 3, "region": "low back centre", "features": {"pins_and_needles"}})
    assert_fresh(engine)
    store.update_pain(db, pain_id=entry.id, data={"recorded_at": dt.datetime.now(), "pain": 7, "region": "low back centre", "red_flags": {"saddle_numbness"}})
    assert_fresh(engine)
    store.delete_pain(db, pain_id=entry.id)
    assert_fresh(engine)


def test_clearance_back_screen_and_profile(engine, db):
    athletes = ids(db)
    urgent = next(name for name in athletes if "Leg" in name)
    access.record_clearance(db, viewer=None, athlete_id=athletes[urgent], data={"cleared_at": TODAY, "assessed_by": "Jo Smith, physiotherapist"})
    assert_fresh(engine)
    store.save_back_screen(db, athlete_id=athletes["Casey Steady"], data={"yes": {"osteoporosis", "steroids_or_immunosuppression"}})
    assert_fresh(engine)


def test_a_new_date_of_birth_refreshes_the_status_and_can_raise_triage(engine, db):
    # Alex's first episode of back pain is "none" at an unknown age; at 60 it is worth a
    # clinician's look (a first episode over 50, NICE NG59). The roster must say so at once.
    alex = store.get_athlete(db, athlete_id=ids(db)["Alex Ramp"])
    version = alex.data_version
    assert derived.status_rows(db, athlete_ids=[alex.id], on=TODAY)[alex.id].triage == "none"
    store.update_athlete(db, athlete_id=alex.id, data={"name": alex.name, "unit": alex.unit, "birth_year": TODAY.year - 60})
    assert store.data_version(db, athlete_id=alex.id) == version + 1  # the pages' cached views miss too
    assert_fresh(engine)
    assert derived.status_rows(db, athlete_ids=[alex.id], on=TODAY)[alex.id].triage == "assess"
    store.update_athlete(db, athlete_id=alex.id, data={"name": "Alex R.", "unit": "lb", "birth_year": None})
    assert_fresh(engine)
    row = derived.status_rows(db, athlete_ids=[alex.id], on=TODAY)[alex.id]
    assert (row.athlete, row.triage) == ("Alex R.", "none")


def test_a_threshold_change_refreshes_every_athlete(engine, db):
    store.save_advice_settings(db, values={"acwr_reduce": 1.35})
    assert_fresh(engine)
    store.save_advice_settings(db, values={})
    assert_fresh(engine)


def test_reclassifying_an_exercise_rederives_loads_and_status(engine, db):
    store.reclassify_exercise(db, name="Squat (Barbell)", pattern="squat", spinal_load=False)
    assert_fresh(engine)
    store.reclassify_exercise(db, name="Squat (Barbell)", pattern="squat", spinal_load=True)
    assert_fresh(engine)


def test_imports_of_a_real_export_and_of_our_own(engine, db):
    athletes = ids(db)
    run_import(db, athlete_id=athletes["Casey Steady"], data=(SHARED / "fixtures" / "imports" / "hevy_kg.csv").read_bytes())
    assert_fresh(engine)
    newcomer = store.create_athlete(db, data={"name": "Newcomer"})
    exchange.import_native(db, athlete_id=newcomer.id, texts=exchange.export_files(db, athlete_id=athletes["Alex Ramp"]))
    assert_fresh(engine)


def test_a_refused_write_leaves_everything_fresh(engine, db):
    alex = ids(db)["Alex Ramp"]
    before = db.exec(select(AthleteStatus.payload).where(AthleteStatus.athlete_id == alex)).one()
    with pytest.raises(ValidationError):
        store.add_session(db, athlete_id=alex, data={"date": TODAY, "rpe": 11, "duration_min": 60, "sets": [SQUAT]})
    assert db.exec(select(AthleteStatus.payload).where(AthleteStatus.athlete_id == alex)).one() == before
    assert_fresh(engine)


@pytest.mark.sqlite_only("a restore replaces a SQLite file")
def test_a_restored_backup_is_fresh(engine, db, tmp_path):
    from tracker.backup import backup, restore

    copy = backup(engine, tmp_path / "before.db")
    store.add_session(db, athlete_id=ids(db)["Alex Ramp"], data={"date": TODAY, "rpe": 9, "duration_min": 120, "sets": [SQUAT] * 6})
    db.close()
    restore(engine, copy)
    assert_fresh(engine)


def test_concurrent_writers_leave_every_row_fresh(engine):
    """Two lifters logging at once, one of them twice over from two devices, while a coach
    changes a threshold: whatever order the commits land in, every stored row is fresh."""
    with Session(engine) as db:
        athletes = ids(db)
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def lifter(athlete_id: int, rpe: int) -> None:
        try:
            with Session(engine) as db:
                start.wait()
                for day in range(4):
                    store.add_session(db, athlete_id=athlete_id, data={"date": TODAY - dt.timedelta(days=day), "rpe": rpe, "duration_min": 75, "sets": [SQUAT] * 4})
        except BaseException as error:  # noqa: BLE001 - reported below, in the test's thread
            errors.append(error)

    def coach() -> None:
        try:
            with Session(engine) as db:
                start.wait()
                store.save_advice_settings(db, values={"acwr_reduce": 1.4})
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [
        threading.Thread(target=lifter, args=(athletes["Alex Ramp"], 8)),
        threading.Thread(target=lifter, args=(athletes["Alex Ramp"], 6)),
        threading.Thread(target=lifter, args=(athletes["Casey Steady"], 7)),
        threading.Thread(target=coach),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    with Session(engine) as db:
        counts = dict(db.exec(text("SELECT athlete_id, COUNT(*) FROM training_session WHERE date > :since GROUP BY athlete_id"),
                              params={"since": TODAY - dt.timedelta(days=4)}).all())  # fmt: skip
    assert counts[athletes["Alex Ramp"]] >= 8 and counts[athletes["Casey Steady"]] >= 4  # every write landed
    assert_fresh(engine)

"""Opening the database: migrations from base to head, SQLite settings, the default location."""

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import time

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import Session, SQLModel, select

from tracker import db as tracker_db
from tracker import status, store
from tracker.catalogue import CATALOGUE
from tracker.models import Exercise

SQLITE_PRAGMAS = "checks SQLite's PRAGMAs and file handling"
SQLITE_TABLE_REBUILD = "SQLite rebuilds a table it cannot ALTER by copy, drop and rename; PostgreSQL alters in place"

TABLES = {
    "athlete", "exercise", "training_session", "exercise_set", "pain_entry", "app_setting", "exercise_alias",
    "app_user", "user_role", "login_attempt", "team", "team_coach", "team_member", "share", "clinical_note",
    "access_log", "weekly_checkin", "claim_code", "clearance", "back_screen", "athlete_status", "availability", "roster_seen",
    "wellness_entry", "session_draft", "alembic_version",
}  # fmt: skip


def test_upgrade_from_base_to_head_creates_every_table(database_url):
    engine = tracker_db.create_db_engine(database_url)
    assert tracker_db.current_revision(engine) is None
    assert inspect(engine).get_table_names() == []

    tracker_db.upgrade(engine)

    assert set(inspect(engine).get_table_names()) == TABLES
    assert tracker_db.current_revision(engine) == tracker_db.head_revision()


def test_migrated_schema_matches_the_models(database_url):
    engine = tracker_db.create_db_engine(database_url)
    tracker_db.upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_downgrade_to_base_removes_the_tables(database_url):
    engine = tracker_db.create_db_engine(database_url)
    tracker_db.upgrade(engine)
    tracker_db.upgrade(engine, "head")  # a second upgrade is a no-op
    from alembic import command

    config = tracker_db.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}


def test_open_engine_migrates_and_seeds_the_catalogue_once(database_url):
    tracker_db.open_engine(database_url).dispose()
    engine = tracker_db.open_engine(database_url)  # opening again must not duplicate anything
    with Session(engine) as db:
        names = db.exec(select(Exercise.name)).all()
    assert len(names) == len(CATALOGUE)
    assert tracker_db.current_revision(engine) == tracker_db.head_revision()


@pytest.mark.sqlite_only(SQLITE_PRAGMAS)
def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(engine):
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == tracker_db.SQLITE_BUSY_TIMEOUT_MS


@pytest.mark.sqlite_only(SQLITE_PRAGMAS)
def test_foreign_keys_are_back_on_after_a_migration(database_url):
    engine = tracker_db.create_db_engine(database_url)
    tracker_db.upgrade(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_database_url_defaults_to_data_folder_and_honours_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(tracker_db.URL_VARIABLE, raising=False)
    assert tracker_db.database_url() == f"sqlite:///{tracker_db.PROJECT_ROOT / 'data' / 'tracker.db'}"
    monkeypatch.setenv(tracker_db.URL_VARIABLE, f"sqlite:///{tmp_path / 'elsewhere.db'}")
    engine = tracker_db.open_engine()
    assert engine.url.database == str(tmp_path / "elsewhere.db")
    assert (tmp_path / "elsewhere.db").exists()


@pytest.mark.sqlite_only(SQLITE_PRAGMAS)
def test_missing_parent_folder_is_created(tmp_path):
    path = tmp_path / "new" / "folder" / "tracker.db"
    tracker_db.open_engine(f"sqlite:///{path}").dispose()
    tables = {row[0] for row in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert TABLES <= tables


def _populate_0001(engine) -> None:
    """One athlete with a session, a set and a pain entry, written as schema 0001 had them."""
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO athlete (id, name, name_key, unit, created_at) VALUES (1, 'Old Data', 'old data', 'kg', '2025-01-01')")
        connection.exec_driver_sql("INSERT INTO exercise (id, name, name_key, pattern, spinal_load) VALUES (1, 'Deadlift (Barbell)', 'deadlift (barbell)', 'hinge', TRUE)")
        connection.exec_driver_sql(
            "INSERT INTO training_session (id, athlete_id, date, tonnage, spinal_tonnage, hard_sets) VALUES (1, 1, '2025-01-02', 500, 500, 1)"
        )
        connection.exec_driver_sql("INSERT INTO exercise_set (session_id, exercise_id, position, reps, weight_kg, kind) VALUES (1, 1, 1, 5, 100, 'working')")
        connection.exec_driver_sql(
            "INSERT INTO pain_entry (athlete_id, recorded_at, pain, region, session_id, below_knee, pins_and_needles, one_leg_weakness,"
            " worse_sitting, worse_bending, worse_arching, eases_with_movement, saddle_numbness, bladder_bowel_change,"
            " both_legs_weak_or_numb, fever_or_unwell, constant_pain, recent_trauma)"
            " VALUES (1, '2025-01-03 07:30:00', 3, 'low back centre', 1" + ", FALSE" * 13 + ")"
        )


def _row_counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        tables = ("athlete", "training_session", "exercise_set", "pain_entry")
        return {table: connection.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar() for table in tables}


ALL_ROWS = {"athlete": 1, "training_session": 1, "exercise_set": 1, "pain_entry": 1}


def _rebuild_athlete_table(connection) -> None:
    """What a batch migration does to a SQLite table it cannot ALTER: copy, drop, rename."""
    from alembic.operations import Operations

    with Operations(MigrationContext.configure(connection)).batch_alter_table("athlete", recreate="always"):
        pass
    connection.commit()


@pytest.mark.sqlite_only(SQLITE_TABLE_REBUILD)
def test_a_table_rebuild_with_foreign_keys_on_would_cascade_delete(database_url):
    """The danger the migration runner guards against is real (control for the test below)."""
    engine = tracker_db.create_db_engine(database_url)
    tracker_db.upgrade(engine, "0001")
    _populate_0001(engine)
    with engine.connect() as connection:
        _rebuild_athlete_table(connection)
    assert _row_counts(engine)["training_session"] == 0


@pytest.mark.sqlite_only(SQLITE_TABLE_REBUILD)
def test_a_table_rebuild_under_the_migration_guard_keeps_every_row(database_url):
    engine = tracker_db.create_db_engine(database_url)
    tracker_db.upgrade(engine, "0001")
    _populate_0001(engine)
    with engine.connect() as connection, tracker_db.foreign_keys_off(connection):
        _rebuild_athlete_table(connection)
    assert _row_counts(engine) == ALL_ROWS
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_upgrading_a_populated_database_keeps_every_row(database_url):
    from alembic import command

    engine = tracker_db.create_db_engine(database_url)
    tracker_db.upgrade(engine, "0001")
    _populate_0001(engine)

    tracker_db.upgrade(engine)

    assert _row_counts(engine) == ALL_ROWS
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT data_version FROM athlete").scalar() == 0
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    config = tracker_db.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert "app_setting" not in inspect(engine).get_table_names()


def test_upgrading_from_0004_keeps_pain_and_rescores_check_ins_to_the_ostrc_table(database_url):
    """Migration 0005: new pain questions default to "no", birth month empty, nothing lost; the
    old check-in answers keep their meaning on the five-answer scale (minor 8 → 6, moderate
    17 → 13, major 25 → 19; "could not participate" scores questions 2 and 3 25)."""
    engine = tracker_db.create_db_engine(database_url)
    tracker_db.upgrade(engine, "0004")
    _populate_0001(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE pain_entry SET pins_and_needles = TRUE, saddle_numbness = TRUE")
        for week, answers in (("2025-01-06", (8, 8, 17, 8)), ("2025-01-13", (17, 25, 0, 17)), ("2025-01-20", (25, 25, 25, 25))):
            connection.exec_driver_sql(
                "INSERT INTO weekly_checkin (athlete_id, week_start, participation, volume, performance, symptoms, severity, recorded_at)"
                f" VALUES (1, '{week}', {answers[0]}, {answers[1]}, {answers[2]}, {answers[3]}, {sum(answers)}, '2025-01-20 08:00:00')"
            )
    before = _row_counts(engine)

    tracker_db.upgrade(engine)

    assert _row_counts(engine) == before == ALL_ROWS
    with engine.connect() as connection:
        pain = connection.exec_driver_sql(
            "SELECT pins_and_needles, saddle_numbness, worse_coughing, leg_worse_than_back, nerve_signs_worsening,"
            " returns_every_session, cannot_pass_urine FROM pain_entry"
        ).one()
        assert tuple(pain) == (1, 1, 0, 0, 0, 0, 0)
        assert connection.exec_driver_sql("SELECT birth_month FROM athlete").scalar() is None
        weeks = connection.exec_driver_sql(
            "SELECT participation, volume, performance, symptoms, severity FROM weekly_checkin ORDER BY week_start"
        ).fetchall()
    assert [tuple(row) for row in weeks] == [(8, 6, 13, 8, 35), (17, 19, 0, 17, 53), (25, 25, 25, 25, 100)]
    with Session(engine) as db:
        athlete = store.get_athlete(db, athlete_id=1)
        assert status.athlete_report(db, athlete=athlete, on=dt.date(2025, 3, 1)).advice.triage.level.label == "emergency"


def test_upgrading_from_0004_keeps_sessions_with_their_wellness_answers(database_url):
    """The squad tables (0009) are new: a database made at 0004 keeps every row, including the
    per-session sleep and soreness answers that the daily wellness read falls back to."""
    engine = tracker_db.create_db_engine(database_url)
    tracker_db.upgrade(engine, "0004")
    _populate_0001(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE training_session SET sleep_hours = 6.5, sleep_quality = 2, stress = 4, soreness = 3")
        connection.exec_driver_sql(
            "INSERT INTO weekly_checkin (athlete_id, week_start, participation, volume, performance, symptoms, severity, recorded_at)"
            " VALUES (1, '2024-12-30', 8, 0, 0, 8, 16, '2025-01-03')"
        )

    tracker_db.upgrade(engine)

    assert _row_counts(engine) == ALL_ROWS
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT sleep_hours, sleep_quality, stress, soreness FROM training_session").one() == (6.5, 2, 4, 3)
        assert connection.exec_driver_sql("SELECT severity FROM weekly_checkin").scalar() == 16
        assert connection.exec_driver_sql("SELECT COUNT(*) FROM wellness_entry").scalar() == 0
        assert connection.exec_driver_sql("SELECT COUNT(*) FROM session_draft").scalar() == 0  # 0006: drafts start empty
    with Session(engine) as db:
        from tracker.wellness import wellness_frame

        day = wellness_frame(db, athlete_id=1)
    assert day[["sleep_hours", "sleep_quality", "stress", "soreness"]].iloc[0].tolist() == [6.5, 2, 4, 3]
    assert day["source"].iloc[0] == "session"


#: Imports everything first, then waits for the starting gun, so the opens really overlap.
_OPEN_AT_THE_GUN = """
import pathlib, sys, time
from tracker.cli import main
gun = pathlib.Path(sys.argv[1])
while not gun.exists():
    time.sleep(0.005)
sys.exit(main(["athletes"]))
"""


def test_several_processes_opening_a_new_database_at_once_all_succeed(database_url, tmp_path):
    """Every open migrates and seeds; the lock makes one process do it and the others wait.
    Without it, two of three CLI commands crashed ("table athlete already exists")."""
    gun = tmp_path / "go"
    env = {**os.environ, tracker_db.URL_VARIABLE: database_url}
    processes = [
        subprocess.Popen([sys.executable, "-c", _OPEN_AT_THE_GUN, str(gun)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    time.sleep(3)  # every process has imported the tracker and is waiting
    gun.touch()
    results = [process.communicate(timeout=120) for process in processes]
    assert [(process.returncode, err) for process, (_, err) in zip(processes, results, strict=True)] == [(0, "")] * 4
    assert all("no athletes yet" in out for out, _ in results)
    engine = tracker_db.create_db_engine(database_url)
    with Session(engine) as db:
        assert len(db.exec(select(Exercise.name)).all()) == len(CATALOGUE)
    assert tracker_db.current_revision(engine) == tracker_db.head_revision()
    engine.dispose()

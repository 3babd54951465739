"""Opening the database: migrations from base to head, SQLite settings, the default location."""

import sqlite3

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import Session, SQLModel, select

from tracker import db as tracker_db
from tracker.catalogue import CATALOGUE
from tracker.models import Exercise

TABLES = {
    "athlete", "exercise", "training_session", "exercise_set", "pain_entry", "app_setting", "exercise_alias",
    "app_user", "user_role", "login_attempt", "team", "team_coach", "team_member", "share", "clinical_note",
    "access_log", "weekly_checkin", "session_draft", "alembic_version",
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


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(engine):
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == tracker_db.SQLITE_BUSY_TIMEOUT_MS


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


def test_missing_parent_folder_is_created(tmp_path):
    path = tmp_path / "new" / "folder" / "tracker.db"
    tracker_db.open_engine(f"sqlite:///{path}").dispose()
    tables = {row[0] for row in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert TABLES <= tables


def _populate_0001(engine) -> None:
    """One athlete with a session, a set and a pain entry, written as schema 0001 had them."""
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO athlete (id, name, name_key, unit, created_at) VALUES (1, 'Old Data', 'old data', 'kg', '2025-01-01')")
        connection.exec_driver_sql("INSERT INTO exercise (id, name, name_key, pattern, spinal_load) VALUES (1, 'Deadlift (Barbell)', 'deadlift (barbell)', 'hinge', 1)")
        connection.exec_driver_sql(
            "INSERT INTO training_session (id, athlete_id, date, tonnage, spinal_tonnage, hard_sets) VALUES (1, 1, '2025-01-02', 500, 500, 1)"
        )
        connection.exec_driver_sql("INSERT INTO exercise_set (session_id, exercise_id, position, reps, weight_kg, kind) VALUES (1, 1, 1, 5, 100, 'working')")
        connection.exec_driver_sql(
            "INSERT INTO pain_entry (athlete_id, recorded_at, pain, region, session_id, below_knee, pins_and_needles, one_leg_weakness,"
            " worse_sitting, worse_bending, worse_arching, eases_with_movement, saddle_numbness, bladder_bowel_change,"
            " both_legs_weak_or_numb, fever_or_unwell, constant_pain, recent_trauma)"
            " VALUES (1, '2025-01-03 07:30:00', 3, 'low back centre', 1, 0,0,0,0,0,0,0,0,0,0,0,0,0)"
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


def test_a_table_rebuild_with_foreign_keys_on_would_cascade_delete(database_url):
    """The danger the migration runner guards against is real (control for the test below)."""
    engine = tracker_db.create_db_engine(database_url)
    tracker_db.upgrade(engine, "0001")
    _populate_0001(engine)
    with engine.connect() as connection:
        _rebuild_athlete_table(connection)
    assert _row_counts(engine)["training_session"] == 0


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
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    config = tracker_db.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert "app_setting" not in inspect(engine).get_table_names()


def test_upgrading_a_database_made_at_0004_keeps_its_rows_and_adds_session_drafts(database_url):
    """Revision 0006 only adds the session_draft table: every row written at 0004 survives."""
    engine = tracker_db.create_db_engine(database_url)
    tracker_db.upgrade(engine, "0004")
    _populate_0001(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO weekly_checkin (athlete_id, week_start, participation, volume, performance, symptoms, severity, recorded_at)"
            " VALUES (1, '2025-01-06', 0, 8, 0, 8, 16, '2025-01-07 08:00:00')"
        )
    assert "session_draft" not in inspect(engine).get_table_names()

    tracker_db.upgrade(engine)

    assert _row_counts(engine) == ALL_ROWS
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT severity FROM weekly_checkin").scalar() == 16
        assert connection.exec_driver_sql("SELECT reps, weight_kg FROM exercise_set").one() == (5, 100)
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    assert "session_draft" in inspect(engine).get_table_names()

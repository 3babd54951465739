"""Migration 0007 (security) on a database made at 0004 with data in it: every row survives;
clear-text usernames in login_attempt do not; fingerprints stop being database-wide unique."""

import datetime as dt

from sqlalchemy import inspect, text

from tracker import db as tracker_db


def test_a_0004_database_with_data_upgrades_with_every_row_intact(database_url):
    engine = tracker_db.create_db_engine(database_url)
    tracker_db.upgrade(engine, "0004")
    now = dt.datetime(2026, 1, 1, 12, 0)
    with engine.begin() as c:
        c.execute(text("INSERT INTO athlete (id, name, name_key, unit, created_at, data_version) VALUES (1, 'Sam', 'sam', 'kg', :t, 0), (2, 'Alex', 'alex', 'kg', :t, 0)"), {"t": now})
        c.execute(text("INSERT INTO exercise (id, name, name_key, pattern, spinal_load) VALUES (1, 'Squat', 'squat', 'squat', :yes)"), {"yes": True})
        c.execute(text("INSERT INTO training_session (id, athlete_id, date, source, tonnage, spinal_tonnage, hard_sets) VALUES (1, 1, '2025-12-30', 'strong', 500, 500, 1)"))
        c.execute(text("INSERT INTO exercise_set (id, session_id, exercise_id, position, reps, weight_kg, kind, fingerprint) VALUES (1, 1, 1, 1, 5, 100, 'working', 'abc')"))
        c.execute(text("INSERT INTO app_user (id, username, username_key, session_epoch, disabled, created_at, athlete_id) VALUES (1, 'sam', 'sam', 0, :no, :t, 1)"), {"t": now, "no": False})
        c.execute(text("INSERT INTO login_attempt (username_key, at, succeeded) VALUES ('my pasted password', :t, :no), ('sam', :t, :yes)"), {"t": now, "no": False, "yes": True})
        c.execute(text("INSERT INTO access_log (at, viewer_id, athlete_id, action, what) VALUES (:t, 1, 1, 'view', 'sessions')"), {"t": now})

    tracker_db.upgrade(engine)

    with engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM athlete")).scalar() == 2
        assert c.execute(text("SELECT reps, weight_kg, fingerprint FROM exercise_set")).one() == (5, 100.0, "abc")
        assert c.execute(text("SELECT username, athlete_id FROM app_user")).one() == ("sam", 1)
        assert c.execute(text("SELECT count(*) FROM access_log")).scalar() == 1
        attempts = c.execute(text("SELECT username_hash, client_hash, outcome FROM login_attempt ORDER BY id")).all()
        assert attempts == [("", None, "failed"), ("", None, "ok")]  # kept, without the clear text
        # The same fingerprint may now appear in another athlete's log.
        c.execute(text("INSERT INTO training_session (id, athlete_id, date, source, tonnage, spinal_tonnage, hard_sets) VALUES (2, 2, '2025-12-30', 'native', 500, 500, 1)"))
        c.execute(text("INSERT INTO exercise_set (id, session_id, exercise_id, position, reps, weight_kg, kind, fingerprint) VALUES (2, 2, 1, 1, 5, 100, 'working', 'abc')"))
        if engine.dialect.name == "sqlite":  # PostgreSQL checks foreign keys on every insert
            assert c.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    columns = {column["name"] for column in inspect(engine).get_columns("login_attempt")}
    assert "username_key" not in columns and {"username_hash", "client_hash", "outcome"} <= columns
    engine.dispose()

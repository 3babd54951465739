"""Migration 0011 on a database made at 0010 with sets in it: each session's best e1RM per lift
is backfilled from its sets, as the store derives it on write (warm-ups, unweighted sets and
sets of more than 12 reps give none)."""

import datetime as dt
import json

import pytest
from sqlalchemy import text

from tracker import db as tracker_db


def test_a_0010_database_gets_each_sessions_best_e1rm_from_its_sets(database_url):
    engine = tracker_db.create_db_engine(database_url)
    tracker_db.upgrade(engine, "0010")
    now = dt.datetime(2026, 1, 1, 12, 0)
    with engine.begin() as c:
        c.execute(text("INSERT INTO athlete (id, name, name_key, unit, created_at, data_version) VALUES (1, 'Sam', 'sam', 'kg', :t, 0)"), {"t": now})
        c.execute(text("INSERT INTO exercise (id, name, name_key, pattern, spinal_load) VALUES (1, 'Squat', 'squat', 'squat', :yes), (2, 'Plank', 'plank', 'trunk', :no)"), {"yes": True, "no": False})
        c.execute(text(
            "INSERT INTO training_session (id, athlete_id, date, source, tonnage, spinal_tonnage, hard_sets)"
            " VALUES (1, 1, '2025-12-30', 'native', 0, 0, 0), (2, 1, '2025-12-31', 'native', 0, 0, 0)"
        ))  # fmt: skip
        c.execute(text(
            "INSERT INTO exercise_set (id, session_id, exercise_id, position, reps, weight_kg, kind) VALUES"
            " (1, 1, 1, 1, 3, 200, 'warm-up'), (2, 1, 1, 2, 5, 120, 'working'), (3, 1, 1, 3, 20, 150, 'working'), (4, 1, 1, 4, 1, 135, 'working'),"
            " (5, 1, 2, 5, 1, 0, 'working'), (6, 2, 2, 1, 1, 0, 'working')"
        ))  # fmt: skip

    tracker_db.upgrade(engine)

    with engine.connect() as c:
        stored = dict(c.execute(text("SELECT id, best_e1rm FROM training_session")).all())
    assert json.loads(stored[1]) == [["Squat", pytest.approx(140.0)]]  # 120 × (1 + 5/30); the warm-up, the 20s and the plank give none
    assert stored[2] is None
    engine.dispose()

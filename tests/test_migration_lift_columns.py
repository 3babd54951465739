"""Migrations 0011 and 0012 on a database made just before each, with sets in it: each session's
best e1RM per lift (0011) and its work per lift (0012) are backfilled from its sets, as the store
derives them on write — warm-ups, unweighted sets and (for an e1RM) sets of more than 12 reps
give none; the work per lift keeps every lift the session has sets of, with the exercise's
spinal flag."""

import datetime as dt
import json

import pytest
from sqlalchemy import text

from tracker import db as tracker_db

SETS = [  # session, exercise (1 Squat, 2 Plank), position, reps, weight, kind
    (1, 1, 1, 3, 200, "warm-up"), (1, 1, 2, 5, 120, "working"), (1, 1, 3, 20, 150, "working"), (1, 1, 4, 1, 135, "working"),
    (1, 2, 5, 1, 0, "working"), (2, 2, 1, 1, 0, "working"),
]  # fmt: skip


def _migrated_from(database_url: str, revision: str) -> dict[int, tuple]:
    """A lifter with three sessions (the third without sets) made at `revision`, upgraded to the
    head: each session's (best_e1rm, lift_work) as stored."""
    engine = tracker_db.create_db_engine(database_url)
    tracker_db.upgrade(engine, revision)
    with engine.begin() as c:
        c.execute(text("INSERT INTO athlete (id, name, name_key, unit, created_at, data_version) VALUES (1, 'Sam', 'sam', 'kg', :t, 0)"), {"t": dt.datetime(2026, 1, 1, 12)})
        c.execute(text("INSERT INTO exercise (id, name, name_key, pattern, spinal_load) VALUES (1, 'Squat', 'squat', 'squat', :yes), (2, 'Plank', 'plank', 'trunk', :no)"), {"yes": True, "no": False})
        c.execute(text(
            "INSERT INTO training_session (id, athlete_id, date, source, tonnage, spinal_tonnage, hard_sets)"
            " VALUES (1, 1, '2025-12-30', 'native', 0, 0, 0), (2, 1, '2025-12-31', 'native', 0, 0, 0), (3, 1, '2026-01-01', 'native', 0, 0, 0)"
        ))  # fmt: skip
        for number, (session, exercise, position, reps, weight, kind) in enumerate(SETS, start=1):
            c.execute(text("INSERT INTO exercise_set (id, session_id, exercise_id, position, reps, weight_kg, kind) VALUES (:n, :s, :e, :p, :r, :w, :k)"),
                      {"n": number, "s": session, "e": exercise, "p": position, "r": reps, "w": weight, "k": kind})  # fmt: skip
    tracker_db.upgrade(engine)
    with engine.connect() as c:
        stored = {row[0]: tuple(row[1:]) for row in c.execute(text("SELECT id, best_e1rm, lift_work FROM training_session"))}
    engine.dispose()
    return stored


def test_a_0010_database_gets_each_sessions_best_e1rm_from_its_sets(database_url):
    stored = _migrated_from(database_url, "0010")
    assert json.loads(stored[1][0]) == [["Squat", pytest.approx(140.0)]]  # 120 × (1 + 5/30); the warm-up, the 20s and the plank give none
    assert stored[2][0] is None and stored[3][0] is None


def test_a_0011_database_gets_each_sessions_work_per_lift_from_its_sets(database_url):
    stored = _migrated_from(database_url, "0011")
    assert json.loads(stored[1][1]) == [["Squat", 3, pytest.approx(5 * 120 + 20 * 150 + 135), True], ["Plank", 0, 0.0, False]]  # the warm-up left out
    assert json.loads(stored[2][1]) == [["Plank", 0, 0.0, False]]  # trained, without a weight
    assert stored[3][1] is None  # no sets

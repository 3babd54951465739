"""Migration 0010 (pain side and body-chart areas) on a database made at 0004 with data in it."""

import pytest
from alembic import command
from sqlalchemy import inspect

from tracker import db as tracker_db

FLAGS = (
    "below_knee, pins_and_needles, one_leg_weakness, worse_sitting, worse_bending, worse_arching, eases_with_movement, "
    "saddle_numbness, bladder_bowel_change, both_legs_weak_or_numb, fever_or_unwell, constant_pain, recent_trauma"
)
COLUMNS = f"athlete_id, recorded_at, pain, region, {FLAGS}"
NO = ",".join(["FALSE"] * 13)
REPORTS = [
    ("2026-01-03 07:30:00", 3, "low back centre"),
    ("2026-01-04 07:30:00", 4, "low back left"),
    ("2026-01-05 07:30:00", 5, "low back right"),
    ("2026-01-06 07:30:00", 2, "low back both sides"),
    ("2026-01-07 07:30:00", 6, "leg"),
]


def _populate_0004(engine) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO athlete (id, name, name_key, unit, created_at, data_version) VALUES (1, 'Old Data', 'old data', 'kg', '2025-01-01', 7)")
        connection.exec_driver_sql("INSERT INTO training_session (id, athlete_id, date, source, tonnage, spinal_tonnage, hard_sets) VALUES (1, 1, '2026-01-02', 'manual', 500, 500, 1)")
        for when, score, region in REPORTS:
            connection.exec_driver_sql(f"INSERT INTO pain_entry ({COLUMNS}) VALUES (1, '{when}', {score}, '{region}', {NO})")
        flags = "TRUE,TRUE,FALSE,FALSE,FALSE,FALSE,FALSE,TRUE,FALSE,FALSE,FALSE,FALSE,FALSE"
        connection.exec_driver_sql(
            f"INSERT INTO pain_entry (athlete_id, recorded_at, pain, region, session_id, notes, {FLAGS}) VALUES (1, '2026-01-08 09:00:00', 7, 'buttock', 1, 'sharp', {flags})"
        )


def _pain_rows(engine, columns: str) -> list[tuple]:
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"SELECT {columns} FROM pain_entry ORDER BY id").fetchall()


@pytest.mark.sqlite_only("checks SQLite's foreign keys after the table rebuilds of the downgrade")
def test_upgrading_a_0004_database_keeps_every_pain_report_and_fills_in_the_sides_it_already_said(database_url):
    engine = tracker_db.create_db_engine(database_url)
    tracker_db.upgrade(engine, "0004")
    _populate_0004(engine)
    before = _pain_rows(engine, "*")

    tracker_db.upgrade(engine)

    assert tracker_db.current_revision(engine) == tracker_db.head_revision()
    assert {"side", "body_areas"} <= {c["name"] for c in inspect(engine).get_columns("pain_entry")}
    old_columns = ", ".join(c for c in ("id", "athlete_id", "recorded_at", "pain", "region", "quality", "timing", "session_id", "notes", "below_knee", "pins_and_needles", "saddle_numbness"))
    after = _pain_rows(engine, old_columns)
    assert len(after) == len(before) == 6
    assert [row[:5] for row in after] == [row[:5] for row in before]
    assert after[-1][7:] == (1, "sharp", 1, 1, 1)
    assert _pain_rows(engine, "region, side, body_areas") == [
        ("low back centre", None, None),
        ("low back left", "left", None),
        ("low back right", "right", None),
        ("low back both sides", "both", None),
        ("leg", None, None),
        ("buttock", None, None),
    ]
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT data_version FROM athlete").scalar() == 7
        assert connection.exec_driver_sql("SELECT COUNT(*) FROM training_session").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []

    config = tracker_db.alembic_config()
    with engine.connect() as connection, tracker_db.foreign_keys_off(connection):  # the runner's own guard: rebuilds keep child rows
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
        connection.commit()
    assert "side" not in {c["name"] for c in inspect(engine).get_columns("pain_entry")}
    assert len(_pain_rows(engine, "id")) == 6

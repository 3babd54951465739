"""Backup while the app may be writing, and restore with checks and upgrades."""

import sqlite3
from pathlib import Path

import pytest
from sqlmodel import Session

from tests.conftest import days_ago
from tests.test_db import _populate_0001
from tracker import backup, store
from tracker.db import create_db_engine, current_revision, head_revision, open_engine, upgrade
from tracker.errors import TrackerError

pytestmark = pytest.mark.sqlite_only("backup and restore copy the SQLite file; on PostgreSQL the README says to use pg_dump")


def one_session(db, name="Sam Lifter"):
    athlete = store.create_athlete(db, data={"name": name})
    store.add_session(db, athlete_id=athlete.id, data={"date": days_ago(1), "duration_min": 50, "rpe": 7})
    return athlete


def count(path: Path, table: str) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        connection.close()


def test_backup_is_a_consistent_copy_while_a_write_is_in_flight(engine, db, tmp_path):
    one_session(db)
    live = Path(engine.url.database)
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO athlete (name, name_key, unit, created_at, data_version) VALUES ('Half Written', 'half written', 'kg', '2025-01-01', 0)")

    copy = backup.backup(engine, tmp_path / "copy.db")
    writer.execute("COMMIT")
    writer.close()

    assert count(copy, "athlete") == 1  # the uncommitted athlete is not in the snapshot
    assert count(copy, "training_session") == 1
    assert backup.check_backup(copy) == head_revision()
    assert sqlite3.connect(copy).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backup_refuses_to_overwrite(engine, tmp_path):
    (tmp_path / "taken.db").write_text("")
    with pytest.raises(TrackerError, match="already exists"):
        backup.backup(engine, tmp_path / "taken.db")


def test_restore_replaces_the_contents(engine, db, tmp_path):
    one_session(db)
    saved = backup.backup(engine, tmp_path / "saved.db")
    store.create_athlete(db, data={"name": "Added Later"})

    assert backup.restore(engine, saved) == head_revision()

    with Session(engine) as fresh:
        assert [a.name for a in store.list_athletes(fresh)] == ["Sam Lifter"]


def test_restore_upgrades_an_older_backup(engine, tmp_path):
    old = create_db_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(old, "0001")
    _populate_0001(old)
    old.dispose()

    assert backup.restore(engine, tmp_path / "old.db") == "0001"

    assert current_revision(engine) == head_revision()
    with Session(engine) as db:
        athlete = store.get_athlete_by_name(db, name="Old Data")
        assert len(store.sessions_frame(db, athlete_id=athlete.id)) == 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("not a database at all"), "is not a SQLite database"),
        (lambda p: sqlite3.connect(p).execute("CREATE TABLE notes (x)").connection.commit(), "is not a tracker database"),
    ],
)
def test_restore_refuses_what_is_not_a_tracker_backup_and_changes_nothing(engine, db, tmp_path, make, message):
    one_session(db)
    candidate = tmp_path / "candidate.db"
    make(candidate)
    before = Path(engine.url.database).read_bytes()
    with pytest.raises(TrackerError, match=message):
        backup.restore(engine, candidate)
    assert Path(engine.url.database).read_bytes() == before


def test_restore_refuses_an_unknown_schema_version(engine, tmp_path):
    future = open_engine(f"sqlite:///{tmp_path / 'future.db'}")
    with future.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    future.dispose()
    with pytest.raises(TrackerError, match="schema version 9999, which this version of the tracker does not know"):
        backup.restore(engine, tmp_path / "future.db")


def test_cli_restore_keeps_the_previous_database(monkeypatch, tmp_path, capsys):
    from tracker.cli import main
    from tracker.db import URL_VARIABLE

    live = tmp_path / "live.db"
    monkeypatch.setenv(URL_VARIABLE, f"sqlite:///{live}")
    engine = open_engine()
    with Session(engine) as db:
        one_session(db, "Before Restore")
    assert main(["backup", "--out", str(tmp_path / "b.db")]) == 0
    with Session(engine) as db:
        store.create_athlete(db, data={"name": "After Backup"})
    engine.dispose()

    assert main(["restore", str(tmp_path / "b.db")]) == 0
    out = capsys.readouterr().out
    kept = next(tmp_path.glob("live.db.before-restore-*"))
    assert "previous database is saved" in out
    assert count(kept, "athlete") == 2 and count(live, "athlete") == 1

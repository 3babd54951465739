"""Backup while the app may be writing, and restore with checks and upgrades."""

import os
import sqlite3
import stat
import subprocess
import sys
import time
from contextlib import closing
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

    assert backup.restore(engine, saved).revision == head_revision()

    with Session(engine) as fresh:
        assert [a.name for a in store.list_athletes(fresh)] == ["Sam Lifter"]


def test_restore_upgrades_an_older_backup(engine, tmp_path):
    old = create_db_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(old, "0001")
    _populate_0001(old)
    old.dispose()

    assert backup.restore(engine, tmp_path / "old.db").revision == "0001"

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


# Files only their owner reads; nothing half-written; nothing but rows restored -------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_and_its_backups_are_readable_by_their_owner_only(engine, db, tmp_path):
    one_session(db)
    live = Path(engine.url.database)
    assert mode(live) == 0o600
    assert all(mode(Path(f"{live}{suffix}")) == 0o600 for suffix in ("-wal", "-shm") if Path(f"{live}{suffix}").exists())
    assert mode(backup.backup(engine, tmp_path / "copy.db")) == 0o600


def test_an_existing_database_readable_by_others_is_tightened_on_open(tmp_path):
    path = tmp_path / "old.db"
    open_engine(f"sqlite:///{path}").dispose()
    path.chmod(0o644)
    open_engine(f"sqlite:///{path}").dispose()
    assert mode(path) == 0o600


def test_cli_before_restore_copy_is_owner_only(monkeypatch, tmp_path, capsys):
    from tracker.cli import main
    from tracker.db import URL_VARIABLE

    monkeypatch.setenv(URL_VARIABLE, f"sqlite:///{tmp_path / 'live.db'}")
    engine = open_engine()
    with Session(engine) as db:
        one_session(db)
    engine.dispose()
    assert main(["backup", "--out", str(tmp_path / "b.db")]) == 0
    assert main(["restore", str(tmp_path / "b.db")]) == 0
    assert mode(next(tmp_path.glob("live.db.before-restore-*"))) == 0o600


def plant(path: Path, statements: list[str]) -> None:
    with closing(sqlite3.connect(path)) as connection:
        for statement in statements:
            connection.execute(statement)
        connection.commit()


def test_restore_keeps_the_rows_and_leaves_out_triggers_views_and_other_tables_by_name(engine, db, tmp_path):
    from tests.club import PASSWORD
    from tracker import auth

    one_session(db)
    auth.create_account(db, username="admin", password=PASSWORD)
    saved = backup.backup(engine, tmp_path / "saved.db")
    plant(saved, [
        "CREATE TRIGGER lockout AFTER INSERT ON login_attempt BEGIN DELETE FROM app_user; END",
        "CREATE VIEW everyone AS SELECT * FROM pain_entry",
        "CREATE TABLE stolen (what TEXT)",
        "ALTER TABLE athlete ADD COLUMN secret_note TEXT",
    ])  # fmt: skip

    restored = backup.restore(engine, saved)

    assert restored.left_out == ["trigger lockout", "view everyone", "table stolen", "column athlete.secret_note"]
    assert "left out what is not the tracker's own: trigger lockout" in restored.describe(saved)
    with closing(sqlite3.connect(Path(engine.url.database))) as connection:
        kinds = connection.execute("SELECT type, name FROM sqlite_master WHERE name IN ('lockout', 'everyone', 'stolen')").fetchall()
        assert kinds == []
        assert "secret_note" not in [row[1] for row in connection.execute("PRAGMA table_info(athlete)")]
    with Session(engine) as fresh:  # the trigger would have emptied app_user on this sign-in
        assert [a.name for a in store.list_athletes(fresh)] == ["Sam Lifter"]
        assert auth.authenticate(fresh, username="admin", password=PASSWORD).username == "admin"
        assert auth.authenticate(fresh, username="admin", password=PASSWORD).username == "admin"


KILL_SCRIPT = """
import sys
from pathlib import Path
from tracker.cli import main
sys.exit(main(sys.argv[1:]))
"""


def big_database(tmp_path: Path) -> str:
    """A tracker database of about 60 MB (so a copy takes long enough to be killed half-way)."""
    url = f"sqlite:///{tmp_path / 'live.db'}"
    engine = open_engine(url)
    with Session(engine) as db:
        one_session(db, "Kept Whole")
    engine.dispose()
    with closing(sqlite3.connect(tmp_path / "live.db")) as connection:
        connection.execute("CREATE TABLE ballast (blob BLOB)")
        connection.executemany("INSERT INTO ballast VALUES (randomblob(1000000))", [()] * 60)
        connection.commit()
    return url


def kill_when(process: subprocess.Popen, appeared, timeout: float = 60) -> bool:
    """SIGKILL `process` as soon as `appeared()` is true; False if it ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if appeared():
            process.kill()
            process.wait()
            return True
        time.sleep(0.001)
    return False


def test_a_killed_backup_leaves_no_file_under_its_name(tmp_path):
    url = big_database(tmp_path)
    target = tmp_path / "out" / "backup.db"
    target.parent.mkdir()
    process = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, "backup", "--out", str(target)], env={**os.environ, "TRACKER_DATABASE_URL": url})
    assert kill_when(process, lambda: any(target.parent.glob(".backup.db.partial-*"))), "the backup finished before it could be killed"
    assert not target.exists()
    assert all(mode(p) == 0o600 for p in target.parent.iterdir())  # the remains are private too


def test_a_killed_restore_leaves_no_empty_before_restore_file_and_the_live_database_whole(tmp_path):
    url = big_database(tmp_path)
    source = tmp_path / "source.db"
    engine = open_engine(url)
    backup.backup(engine, source)
    engine.dispose()
    before = count(tmp_path / "live.db", "athlete")
    process = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, "restore", str(source)], env={**os.environ, "TRACKER_DATABASE_URL": url})
    assert kill_when(process, lambda: any(tmp_path.glob(".live.db.before-restore-*.partial-*"))), "the restore finished before it could be killed"
    assert not list(tmp_path.glob("live.db.before-restore-*"))  # no file that looks like a saved copy
    assert count(tmp_path / "live.db", "athlete") == before

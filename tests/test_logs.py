"""Log lines: one per sign-in, import, restore and unexpected error, and no health data in any."""

import logging
import subprocess
import sys

import pytest

from tests.conftest import SHARED, days_ago
from tracker import auth, backup, cli, store
from tracker.importers.engine import run_import
from tracker.logs import LEVEL_VARIABLE

PASSWORD = "correct horse battery staple"


@pytest.fixture
def lines(caplog):
    """The tracker's log lines of this test, as text."""
    caplog.set_level(logging.INFO, logger="tracker")
    return lambda: [record.getMessage() for record in caplog.records if record.name.startswith("tracker")]


def test_a_sign_in_is_one_line_naming_the_account_not_the_username_or_password(db, lines):
    user = auth.create_account(db, username="lifter.sam", password=PASSWORD)
    auth.authenticate(db, username="lifter.sam", password=PASSWORD)
    with pytest.raises(auth.SignInRefused):
        auth.authenticate(db, username="lifter.sam", password="a wrong password typed here")
    assert lines() == [f"sign-in: account {user.id}", "sign-in refused: wrong username or password"]
    assert not any("lifter.sam" in line or "password typed" in line for line in lines())


def test_an_import_is_one_line_of_counts_without_exercise_names(db, athlete, lines):
    result = run_import(db, athlete_id=athlete.id, data=(SHARED / "fixtures" / "imports" / "hevy_kg.csv").read_bytes())
    [line] = lines()
    assert line.startswith(f"import: athlete {athlete.id}, hevy export: {result.sets_added} sets in {result.sessions_added} new")
    assert "Squat" not in line and athlete.name not in line


@pytest.mark.sqlite_only("backup and restore copy the SQLite file")
def test_a_restore_is_one_line(engine, db, athlete, tmp_path, lines):
    saved = backup.backup(engine, tmp_path / "saved.db")
    backup.restore(engine, saved)
    assert [line for line in lines() if line.startswith("restore:")] == [
        f"restore: the database was replaced by a backup of schema {backup.check_backup(saved)} (upgraded to the current one)"
    ]


def test_an_unexpected_cli_failure_logs_its_type_and_shows_one_line(monkeypatch, capsys, lines):
    def broken(_args):
        raise RuntimeError("INSERT INTO pain_entry ... pain=7\n[SQL: more lines with someone's data]")

    monkeypatch.setattr(cli, "_run", broken)
    monkeypatch.setattr(cli, "configure_logging", lambda **_: None)  # keep caplog's level
    monkeypatch.setattr(logging.getLogger("tracker"), "handlers", [])  # stderr: only what the user reads
    assert cli.main(["athletes"]) == 1
    assert lines() == ["unexpected failure in `athletes`: RuntimeError"]
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "more lines" not in err


def test_the_cli_logs_to_stderr_only_when_asked(database_url):
    """Quiet by default (its output already says what happened); TRACKER_LOG_LEVEL=INFO adds lines."""
    from sqlmodel import Session

    from tracker.db import URL_VARIABLE, open_engine

    engine = open_engine(database_url)
    with Session(engine) as db:
        athlete = store.create_athlete(db, data={"name": "Log Reader"})
        store.add_session(db, athlete_id=athlete.id, data={"date": days_ago(1), "duration_min": 40, "rpe": 6})
    engine.dispose()
    command = [sys.executable, "-m", "tracker", "import", str(SHARED / "fixtures" / "imports" / "hevy_kg.csv"), "--athlete", "Log Reader"]
    quiet = subprocess.run(command, capture_output=True, text=True, env={URL_VARIABLE: database_url, "PATH": ""}, timeout=120)
    assert quiet.returncode == 0 and quiet.stderr == ""
    told = subprocess.run(command, capture_output=True, text=True, env={URL_VARIABLE: database_url, LEVEL_VARIABLE: "info", "PATH": ""}, timeout=120)
    assert told.returncode == 0
    [line] = told.stderr.splitlines()
    assert " INFO tracker.importers.engine: import: athlete " in line and "0 sets in 0 new" in line  # all there already

"""The command line: demo, athletes and status, and errors as one clear line.

The demo is built once for the run (`demo_database` in conftest) and shared by this module's
tests, which only read it (re-running `demo` adds nothing)."""

import json
import os
import subprocess
import sys

import pytest
from sqlmodel import Session

from tests.conftest import SHARED
from tracker import store
from tracker.cli import main
from tracker.db import URL_VARIABLE, open_engine
from tracker.demo import DEMO_ATHLETES


@pytest.fixture
def cli_database(monkeypatch, database_url):
    monkeypatch.setenv(URL_VARIABLE, database_url)
    return database_url


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def shared_demo_url(demo_database):
    return demo_database()


@pytest.fixture
def demo(monkeypatch, shared_demo_url):
    """The CLI pointed at the shared demo database."""
    monkeypatch.setenv(URL_VARIABLE, shared_demo_url)
    return shared_demo_url


def test_demo_creates_the_demo_athletes_on_an_empty_database(cli_database, capsys):
    code, out, _ = run(capsys, "demo")
    assert code == 0 and out.count("created demo athlete") == len(DEMO_ATHLETES) and "created demo athlete Alex Ramp" in out


def test_demo_then_status_json_reports_the_ramping_athlete(demo, capsys):
    code, out, err = run(capsys, "status", "--athlete", "alex ramp", "--json")
    assert code == 0 and err == ""
    status = json.loads(out)
    assert status["athlete"] == "Alex Ramp"
    assert status["acwr_ewma"] > 1.5 and status["acwr_zone"] == "high"
    assert status["week_change"] > 0.15
    assert status["days_of_history"] >= 170
    assert set(status) >= {"acute_load", "chronic_load", "acwr_rolling", "monotony", "strain"}


def test_status_text_reads_as_a_note(demo, capsys):
    code, out, _ = run(capsys, "status", "--athlete", "Casey Steady", "--metric", "tonnage")
    assert code == 0
    assert "Load for Casey Steady on " in out and "tonnage (kg)" in out
    assert "ACWR, EWMA 7:28" in out and "Build — keep progressing" in out and "not a diagnosis" in out


def test_status_on_an_earlier_date(demo, capsys):
    import datetime as dt

    earlier = (dt.date.today() - dt.timedelta(days=60)).isoformat()
    code, out, _ = run(capsys, "status", "--athlete", "Alex Ramp", "--date", earlier, "--json")
    assert code == 0 and json.loads(out)["date"] == earlier
    assert json.loads(out)["acwr_ewma"] < 1.5  # the ramp came later


def test_rerunning_demo_adds_nothing(demo, capsys):
    code, out, _ = run(capsys, "demo")
    assert code == 0 and "kept existing athlete Alex Ramp" in out and "created" not in out
    code, out, _ = run(capsys, "athletes")
    assert out.count("\n") == len(DEMO_ATHLETES)


def test_unknown_athlete_is_one_line_and_exit_1(cli_database, capsys):
    code, out, err = run(capsys, "status", "--athlete", "Nobody")
    assert code == 1 and out == ""
    assert err == "error: athlete: no athlete named 'Nobody' (known: none yet)\n"


@pytest.mark.parametrize("bad_date", ["2024-13-01", "yesterday", "2999-01-01"])
def test_bad_date_is_refused_with_the_option_named(cli_database, capsys, bad_date):
    with pytest.raises(SystemExit) as exit_info:
        main(["status", "--athlete", "A", "--date", bad_date])
    assert exit_info.value.code == 2
    assert "argument --date:" in capsys.readouterr().err


def test_python_dash_m_tracker_never_shows_a_traceback(tmp_path):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    env = {**os.environ, URL_VARIABLE: f"sqlite:///{blocked}/tracker.db"}
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "athletes"], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_python_dash_m_tracker_runs_end_to_end(database_url):
    env = {**os.environ, URL_VARIABLE: database_url}
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "athletes"], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0
    assert "no athletes yet" in result.stdout


def test_status_json_carries_triage_phases_history_and_disclaimer(demo, capsys):
    code, out, _ = run(capsys, "status", "--athlete", "Alex Ramp", "--json", "--history", "60")
    report = json.loads(out)
    assert code == 0
    assert report["triage"]["level"] == "none"
    assert [phase["phase"] for phase in report["phases"]][:1] == ["reduce"]
    assert any("1.5" in reason for reason in report["phases"][0]["reasons"])
    assert report["phases"][0]["actions"] and report["phases"][0]["until"]
    assert "not a diagnosis" in report["disclaimer"]
    assert report["phase_history"]["phases"][-1]["end"] == report["date"]


def test_status_text_of_an_urgent_case_leads_with_the_clinician(demo, capsys):
    code, out, _ = run(capsys, "status", "--athlete", "Drew Leg")
    assert code == 0
    assert out.startswith("URGENT: See a doctor or physiotherapist within 24 hours")
    assert "below the knee" in out
    assert "Reduce —" not in out and "Build —" not in out
    assert out.rstrip().endswith("see a doctor or physiotherapist.")


def test_report_writes_a_self_contained_html_and_its_data(demo, capsys, tmp_path):
    out = tmp_path / "report" / "frankie.html"
    code, printed, _ = run(capsys, "report", "--athlete", "Frankie Reload", "--out", str(out))
    assert code == 0 and "wrote" in printed
    html = out.read_text(encoding="utf-8")
    assert "Frankie Reload" in html and "Red-flag history" in html and "not a diagnosis" in html
    assert out.with_suffix(".zip").stat().st_size > 0


def test_import_lists_spelling_guesses_and_applies_them_only_when_accepted(cli_database, capsys):
    engine = open_engine(cli_database)
    with Session(engine) as db:
        store.create_athlete(db, data={"name": "Fit Notes", "unit": "lb"})
    engine.dispose()
    export = str(SHARED / "fixtures" / "imports" / "fitnotes_lbs_large.csv")

    code, out, _ = run(capsys, "import", export, "--athlete", "Fit Notes", "--dry-run")
    assert code == 0
    assert "  Leg Press Machine (59 sets) → Leg Press\n" in out
    assert (
        "  Barbell Back Squat (534 sets) → new exercise (category Quads); "
        "closest spelling: Squat (Barbell) (used only with --accept-suggestions)\n"
    ) in out

    code, out, _ = run(capsys, "import", export, "--athlete", "Fit Notes", "--accept-suggestions")
    assert code == 0 and out.startswith("imported 11,493 sets into 508 new sessions")
    assert "Barbell Back Squat" not in out and "Leg Press Machine" not in out  # neither created as new


@pytest.mark.parametrize("argv", [["status", "--athlete", "Alex Ramp", "--json"], ["athletes"], ["demo"]])
def test_commands_start_without_the_dashboard_or_chart_libraries(shared_demo_url, argv):
    env = {**os.environ, URL_VARIABLE: shared_demo_url}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "tracker", *argv], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "tracker.store" in imported  # the listing is read right
    assert not {name for name in imported if name.split(".")[0] in ("plotly", "streamlit")}, argv

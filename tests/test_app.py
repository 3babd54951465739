"""The dashboard through Streamlit's own test harness, on a real SQLite file."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tracker.db import URL_VARIABLE

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


@pytest.fixture
def app_database(monkeypatch, database_url):
    monkeypatch.setenv(URL_VARIABLE, database_url)
    return database_url


def run_app() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    assert not app.exception, app.exception
    return app


def test_empty_database_explains_itself_and_loads_the_demo_in_one_click(app_database):
    app = run_app()
    assert "No athletes yet" in app.info[0].value
    assert len(app.dataframe) == 0

    app.button[0].click().run()

    assert not app.exception, app.exception
    table = app.dataframe[0].value
    assert sorted(table["athlete"]) == [
        "Alex Ramp", "Blair Return", "Casey Steady", "Drew Leg", "Eden Hips", "Frankie Reload",
    ]  # fmt: skip
    by_name = table.set_index("athlete")
    assert by_name.loc["Alex Ramp", "acwr_ewma"] > 1.5 and by_name.loc["Alex Ramp", "acwr_zone"] == "high"
    assert by_name.loc["Alex Ramp", "phases"].startswith("reduce")
    assert by_name.loc["Drew Leg", "triage"] == "urgent" and by_name.loc["Drew Leg", "phases"] == "—"
    assert by_name.loc["Casey Steady", "phases"] == "build"
    assert any("not a diagnosis" in caption.value for caption in app.caption)


def test_switching_metric_recomputes_the_table(app_database):
    app = run_app()
    app.button[0].click().run()
    srpe = app.dataframe[0].value.set_index("athlete")["acute_load"]

    app.segmented_control[0].set_value("spinal_tonnage").run()

    assert not app.exception, app.exception
    spinal = app.dataframe[0].value.set_index("athlete")["acute_load"]
    assert not spinal.equals(srpe)
    assert "spinal tonnage (kg)" in " ".join(caption.value for caption in app.caption)

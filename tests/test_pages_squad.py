"""The squad pages through AppTest: roster alerts and cards, availability, the squad report,
the daily wellness check, and what a coach, a physio and an athlete may do there."""

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from tests.club import build_club, signed_in_app
from tracker import availability, store
from tracker.db import URL_VARIABLE, open_engine
from tracker.demo import DEMO_ATHLETES
from tracker.models import RosterSeen
from tracker.wellness import wellness_frame

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


def run(target) -> AppTest:
    """Run an AppTest (or the app behind a widget just changed) and check nothing raised."""
    app = target.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def page(page_path: str) -> AppTest:
    app = run(AppTest.from_file(APP, default_timeout=120))
    return run(app.switch_page(page_path))


def button(app: AppTest, label: str):
    return next(b for b in app.button if b.label == label)


@pytest.fixture
def demo(monkeypatch, demo_database):
    url = demo_database()
    monkeypatch.setenv(URL_VARIABLE, url)
    engine = open_engine(url)
    yield engine
    engine.dispose()


def test_the_roster_badges_what_is_new_and_marking_seen_clears_it(demo):
    app = page("pages/overview.py")
    table = app.dataframe[0].value.set_index("athlete")
    assert "flag" in table.loc["Drew Leg", "new"] and table.loc["Casey Steady", "new"] == ""
    assert "reduce" in table.loc["Alex Ramp", "new"]
    assert any("something new since you last looked" in w.value for w in app.warning)
    # The phone's cards: one per athlete, each with its own Open button.
    assert sum(1 for b in app.button if b.label == "Open") == len(DEMO_ATHLETES)
    run(button(app, "Mark all as seen").click())
    assert (app.dataframe[0].value["new"] == "").all()
    with Session(demo) as db:
        assert len(db.exec(select(RosterSeen)).all()) == len(DEMO_ATHLETES)


def test_opening_a_card_clears_that_athletes_badges(demo):
    with Session(demo) as db:
        drew = store.get_athlete_by_name(db, name="Drew Leg").id
    app = page("pages/overview.py")
    next(b for b in app.button if b.key == f"open_{drew}").click().run()
    with Session(demo) as db:
        assert [row.athlete_id for row in db.exec(select(RosterSeen)).all()] == [drew]
    app = page("pages/overview.py")
    assert app.dataframe[0].value.set_index("athlete").loc["Drew Leg", "new"] == ""


def test_availability_is_set_on_the_squad_page_and_shows_on_the_roster(demo):
    with Session(demo) as db:
        alex = store.get_athlete_by_name(db, name="Alex Ramp").id
    app = page("pages/squad.py")
    app.selectbox(key="availability_athlete").set_value(alex)
    app.radio(key="availability_status").set_value("modified")
    run(button(app, "Save availability for Alex Ramp").click())
    assert any("say in one line what to leave out" in e.value for e in app.error)
    with Session(demo) as db:
        assert availability.availability_history(db, athlete_id=alex).empty
    app.text_input(key="availability_note").input("no heavy hinging")
    run(button(app, "Save availability for Alex Ramp").click())
    assert any("modified — no heavy hinging" in s.value for s in app.success)
    roster = page("pages/overview.py").dataframe[0].value.set_index("athlete")
    assert roster.loc["Alex Ramp", "available"] == "modified — no heavy hinging"
    trends = page("pages/trends.py")
    assert any("modified — no heavy hinging" in m.value for m in trends.markdown)


def test_the_squad_report_is_offered_for_download(demo):
    app = page("pages/squad.py")
    download = [d for d in app.get("download_button") if "squad report" in d.proto.label]
    assert len(download) == 1


def test_the_daily_wellness_check_saves_and_refuses_an_empty_one(demo):
    app = page("pages/wellness.py")
    run(app.button[0].click())  # nothing answered
    assert any("answer at least one question" in e.value for e in app.error)
    app.number_input(key="wellness_sleep_hours").set_value(6.5)
    app.segmented_control(key="wellness_soreness").set_value(4)
    app.segmented_control(key="wellness_mood").set_value(2)
    run(app.button[0].click())
    assert any("Today's check is done" in s.value for s in app.success)
    with Session(demo) as db:
        first = store.list_athletes(db)[0]
        today = wellness_frame(db, athlete_id=first.id, start=dt.date.today())
    assert today[["sleep_hours", "soreness", "mood", "source"]].iloc[0].tolist() == [6.5, 4.0, 2.0, "manual"]


@pytest.fixture
def club(monkeypatch, demo_database):
    url = demo_database()
    engine = open_engine(url)
    with Session(engine) as db:
        build_club(db)
    engine.dispose()
    monkeypatch.setenv(URL_VARIABLE, url)
    return url


def test_a_coach_sets_availability_only_for_athletes_without_a_physio(club, monkeypatch):
    app = run(signed_in_app(monkeypatch, club, "coach").switch_page("pages/squad.py"))
    assert sorted(app.selectbox(key="availability_athlete").options) == ["Alex Ramp", "Drew Leg"]
    physio = run(signed_in_app(monkeypatch, club, "physio").switch_page("pages/squad.py"))
    assert physio.selectbox(key="availability_athlete").options == ["Casey Steady"]


def test_an_athlete_has_the_wellness_page_and_not_the_squad_page(club, monkeypatch):
    app = signed_in_app(monkeypatch, club, "alex")
    with pytest.raises(Exception, match="Known pages"):
        app.switch_page("pages/squad.py").run()
    app = run(signed_in_app(monkeypatch, club, "alex").switch_page("pages/wellness.py"))
    assert app.title[0].value == "Daily wellness"

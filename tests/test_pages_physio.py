"""The clinical view (pages/physio.py) through AppTest: the physio's timeline first, a new note
lands at its top at once, and nobody without clinical access gets it."""

import datetime as dt

import pytest
from sqlmodel import Session, select

from tests.club import PASSWORD
from tests.test_pages_accounts import app_for, club  # noqa: F401 - fixtures: the accounts world on the demo
from tracker import access, auth, store, timeline
from tracker.db import open_engine
from tracker.models import ClinicalNote


def casey_events(url: str) -> list[timeline.Event]:
    engine = open_engine(url)
    with Session(engine) as db:
        physio = access.viewer_for(db, user_id=auth.authenticate(db, username="physio", password=PASSWORD).id)
        casey = store.get_athlete_by_name(db, name="Casey Steady").id
        events = timeline.timeline(db, viewer=physio, athlete_id=casey, start=dt.date.today() - dt.timedelta(days=90), end=dt.date.today())
    engine.dispose()
    return events


def badges(app) -> list[str]:
    return [m.value for m in app.markdown if "-badge[" in m.value]


def test_the_physio_opens_an_athlete_on_the_timeline_and_a_new_note_is_on_top(app_for, club):  # noqa: F811
    app = app_for("physio")
    app.switch_page("pages/physio.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert [s.value for s in app.subheader] == ["Casey Steady: what happened, newest first", "Where it hurt", "Add a clinical note", "Clinician report"]
    before = casey_events(club)
    assert len(badges(app)) == len(before)
    assert [b.label for b in app.download_button] == ["Download the report (HTML, prints to A4)", "Download its data (CSV, zip)"]

    app.text_area[0].input("Facet irritation; extension-biased loading this week.")
    next(t for t in app.text_input if "summary" in t.label).input("Squats to RPE 7.")
    next(b for b in app.button if b.label == "Save note").click().run()
    assert not app.exception, [e.value for e in app.exception]
    shown = badges(app)
    assert len(shown) == len(before) + 1
    assert shown[0].endswith(":blue-badge[clinical note] Clinical note")
    assert app.caption[0].value == "Facet irritation; extension-biased loading this week. · For the coach: Squats to RPE 7."

    engine = open_engine(club)
    with Session(engine) as db:  # the module's world as it was
        for note in db.exec(select(ClinicalNote)).all():
            db.delete(note)
        db.commit()
    engine.dispose()


def test_an_empty_note_is_refused_with_a_message(app_for):  # noqa: F811
    app = app_for("physio")
    app.switch_page("pages/physio.py").run()
    next(b for b in app.button if b.label == "Save note").click().run()
    assert not app.exception
    assert any("must not be empty" in e.value for e in app.error)


def test_a_coach_has_no_clinical_view_and_a_physio_without_shares_sees_no_one(app_for):  # noqa: F811
    coach = app_for("coach")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        coach.switch_page("pages/physio.py")
    lonely = app_for("lonely")
    lonely.switch_page("pages/physio.py").run()
    assert not lonely.exception
    assert not badges(lonely) and not lonely.download_button
    assert "athletes appear here once they share their data with you" in lonely.info[0].value

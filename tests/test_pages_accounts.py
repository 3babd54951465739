"""The dashboard once accounts exist: sign-in, and what each role's pages show (AppTest)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from tests.club import PASSWORD, build_club, signed_in_app
from tracker import access, auth, sharing, store
from tracker.db import URL_VARIABLE, open_engine
from tracker.models import Role, Team, User

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


@pytest.fixture(scope="module")
def club(demo_database):
    """Demo athletes plus: an admin; Alex's own account; a coach of a team with Alex and Drew;
    a physio Casey shares with; a physio nobody shares with."""
    url = demo_database()
    engine = open_engine(url)
    with Session(engine) as db:
        build_club(db)
    engine.dispose()
    return url


@pytest.fixture
def app_for(monkeypatch, club):
    def signed_in_as(username: str, password: str = PASSWORD) -> AppTest:
        return signed_in_app(monkeypatch, club, username, password)

    return signed_in_as


def test_nobody_gets_past_the_sign_in_form(monkeypatch, club):
    monkeypatch.setenv(URL_VARIABLE, club)
    app = AppTest.from_file(APP, default_timeout=120).run()
    assert app.title[0].value == "Sign in" and len(app.title) == 1
    assert not app.dataframe and not app.metric


def test_an_athlete_lands_on_their_own_log_and_never_sees_the_roster(app_for):
    app = app_for("alex")
    assert app.title[0].value == "Log a session"
    with pytest.raises(ValueError, match="Known pages") as refused:  # not in an athlete's navigation
        app.switch_page("pages/overview.py")
    assert "overview.py" not in str(refused.value).split("Known pages")[1]


def test_a_coach_sees_only_the_team_sorted_by_concern_and_no_clinical_reasons(app_for, club):
    app = app_for("coach")
    assert app.title[0].value == "All athletes"
    table = app.dataframe[0].value
    assert list(table["athlete"]) == ["Drew Leg", "Alex Ramp"]  # urgent first; Casey is not on the team
    app.switch_page("pages/trends.py").run()
    picker = app.selectbox(key="athlete_picker")
    engine = open_engine(club)
    with Session(engine) as db:
        drew = store.get_athlete_by_name(db, name="Drew Leg").id
    engine.dispose()
    picker.set_value(drew).run()
    assert not app.exception
    shown = " ".join(e.value for e in app.error)
    assert "See a doctor or physiotherapist within 24 hours" in shown  # the level
    assert access.COACH_TRIAGE_NOTE in shown and "pins and needles" not in shown  # not its clinical reasons
    assert app.query_params["athlete"] == str(drew)
    # Nor on an earlier end date.
    today = dt.date.today()
    app.date_input(key="period").set_value((today - dt.timedelta(days=60), today - dt.timedelta(days=1))).run()
    assert not app.exception
    assert any("Drew Leg on" in h.value for h in app.subheader)
    shown = " ".join(e.value for e in app.error) + " ".join(w.value for w in app.warning) + " ".join(s.value for s in app.success)
    assert "pins and needles" not in shown and "below the knee" not in shown


def test_an_athlete_in_the_url_the_viewer_may_not_see_is_ignored(app_for, club):
    engine = open_engine(club)
    with Session(engine) as db:
        casey = store.get_athlete_by_name(db, name="Casey Steady").id  # not on the coach's team
    engine.dispose()
    app = app_for("coach")
    app.query_params["athlete"] = str(casey)
    app.switch_page("pages/trends.py").run()
    assert not app.exception
    picker = app.selectbox(key="athlete_picker")
    assert picker.options == ["Alex Ramp", "Drew Leg"] and app.query_params["athlete"] != str(casey)
    assert "Casey Steady" not in " ".join(h.value for h in app.subheader)


def test_a_coach_never_sees_log_a_session(app_for):
    app = app_for("coach")
    with pytest.raises(ValueError, match="Known pages") as refused:
        app.switch_page("pages/log.py")
    known = str(refused.value).split("Known pages")[1]
    assert "log.py" not in known and "overview.py" in known and "trends.py" in known


def test_a_physio_sees_only_athletes_who_share(app_for):
    app = app_for("physio")
    assert list(app.dataframe[0].value["athlete"]) == ["Casey Steady"]
    app.switch_page("pages/trends.py").run()
    assert not app.exception
    assert [b.label for b in app.download_button] == ["Download the report (HTML, prints to A4)", "Download its data (CSV, zip)"]
    app.switch_page("pages/physio.py").run()
    assert not app.exception
    assert app.title[0].value == "Clinical view" and app.subheader[0].value == "Casey Steady: what happened, newest first"

    lonely = app_for("lonely")
    assert "No athletes yet" in lonely.info[0].value


def test_signing_out_everywhere_ends_every_session(app_for, club):
    app = app_for("casey")
    other = app_for("casey")
    engine = open_engine(club)
    with Session(engine) as db:  # what the "Everywhere" button's route does (tests/test_signin.py)
        auth.sign_out_everywhere(db, user_id=auth.authenticate(db, username="casey", password=PASSWORD).id)
    engine.dispose()
    for browser in (app, other):
        browser.run()
        assert "Sign in" in [title.value for title in browser.title]


def test_the_first_account_switches_sign_in_on(monkeypatch, database_url):
    monkeypatch.setenv(URL_VARIABLE, database_url)
    engine = open_engine(database_url)
    with Session(engine) as db:
        store.create_athlete(db, data={"name": "Solo Lifter"})
    app = AppTest.from_file(APP, default_timeout=120).run()
    assert app.title[0].value == "Log a session"  # no accounts: single-user
    app.switch_page("pages/accounts.py").run()
    app.text_input[0].input("solo")
    app.text_input[1].input(PASSWORD)
    next(b for b in app.button if b.label == "Create account").click().run()
    with Session(engine) as db:
        user = auth.authenticate(db, username="solo", password=PASSWORD)
        assert Role.ADMIN in auth.roles_of(db, user_id=user.id)
    app.run()
    assert "Sign in" in [title.value for title in app.title]


def test_a_physio_writes_a_note_the_coach_reads_only_as_its_summary(app_for, club):
    engine = open_engine(club)
    with Session(engine) as db:
        casey = store.get_athlete_by_name(db, name="Casey Steady").id
        coach = access.viewer_for(db, user_id=auth.authenticate(db, username="coach", password=PASSWORD).id)
        team = db.exec(select(Team)).first()
        casey_viewer = access.viewer_for(db, user_id=auth.authenticate(db, username="casey", password=PASSWORD).id)
        sharing.join_team(db, viewer=casey_viewer, invite_code=team.invite_code)
        team_id = team.id
    app = app_for("physio")
    app.switch_page("pages/trends.py").run()
    app.text_area[0].input("Facet irritation pattern; extension-biased loading for now.")
    next(t for t in app.text_input if "summary" in t.label).input("Keep squats to RPE 7 this week.")
    next(b for b in app.button if b.label == "Save note").click().run()
    assert not app.exception
    with Session(engine) as db:
        assert [n.body for n in access.clinical_notes(db, viewer=coach, athlete_id=casey)] == ["Keep squats to RPE 7 this week."]
        sharing.leave_team(db, viewer=casey_viewer, team_id=team_id)  # the module's world as it was
    engine.dispose()


IDENTITY_PROVIDER = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-cookie-secret-for-tests",
    "client_id": "tracker",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "https://idp.club.example/.well-known/openid-configuration",
}


def club_app(club, monkeypatch, user: dict) -> AppTest:
    monkeypatch.setenv(URL_VARIABLE, club)
    app = AppTest.from_file(APP, default_timeout=120)
    app.secrets["auth"] = IDENTITY_PROVIDER
    app.user = user
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_the_sign_in_page_offers_the_club_account_when_configured(club, monkeypatch):
    app = club_app(club, monkeypatch, {"is_logged_in": False})
    assert "Sign in with your club account" in [b.label for b in app.button]


def test_a_club_sign_in_is_matched_to_the_account_by_email(club, monkeypatch):
    app = club_app(club, monkeypatch, {"is_logged_in": True, "email": "Coach@Club.org", "name": "The Coach"})
    app.run()  # the sign-in page remembered the account and asked for a rerun
    assert "All athletes" in [t.value for t in app.title]
    assert list(app.dataframe[0].value["athlete"]) == ["Drew Leg", "Alex Ramp"]


def test_a_first_club_sign_in_creates_an_account_that_starts_with_a_profile(club, monkeypatch):
    app = club_app(club, monkeypatch, {"is_logged_in": True, "email": "new.lifter@club.org", "name": "New Lifter"})
    app.run()
    assert "Training-load tracker" in [t.value for t in app.title]  # the welcome page: create a profile
    app.text_input[0].input("New Lifter")
    next(b for b in app.button if b.label == "Create my profile").click().run()
    engine = open_engine(club)
    with Session(engine) as db:
        user = db.exec(select(User).where(User.email == "new.lifter@club.org")).one()
        assert user.password_hash is None and store.get_athlete(db, athlete_id=user.athlete_id).name == "New Lifter"
    engine.dispose()


def test_teams_and_sharing_show_each_side_what_is_theirs(app_for):
    athlete = app_for("casey")
    athlete.switch_page("pages/sharing.py").run()
    assert not athlete.exception
    text = " ".join(m.value for m in athlete.markdown)
    assert "**physio** — full pain detail and notes, until you revoke it." in text
    assert len(athlete.dataframe) == 1  # who opened their data

    coach = app_for("coach")
    coach.switch_page("pages/sharing.py").run()
    assert not coach.exception
    assert any("**Barbell club** — invite code `" in m.value and "2 athlete(s)" in m.value for m in coach.markdown)


def test_an_admin_links_an_existing_profile_only_through_a_code_the_person_redeems(app_for, club):
    admin = app_for("admin")
    admin.switch_page("pages/accounts.py").run()
    assert not admin.exception
    assert not [t for t in admin.text_input if "assword" in t.label]  # no password box for someone else's account
    next(t for t in admin.text_input if t.label == "Username").input("blair")
    next(s for s in admin.selectbox if s.label.startswith("Their existing athlete profile")).set_value("Blair Return")
    next(b for b in admin.button if b.label == "Create account and a code").click().run()
    shown = " ".join(s.value for s in admin.success)
    code = re.search(r"`([A-Z2-9]{4}(?:-[A-Z2-9]{4}){3})`", shown).group(1)
    engine = open_engine(club)
    with Session(engine) as db:
        blair = store.get_athlete_by_name(db, name="Blair Return").id
        user = db.exec(select(User).where(User.username_key == "blair")).one()
        assert user.athlete_id is None and user.password_hash is None  # nothing until redeemed
        auth.redeem_code(db, username="blair", code=code, new_password="blair chooses this one")
        assert db.get(User, user.id).athlete_id == blair
        viewer = access.viewer_for(db, user_id=user.id)
        assert [e.action for e in access.access_log(db, viewer=viewer, athlete_id=blair)][:2] == ["linked", "claim code"]
    engine.dispose()
    admin.run()
    table = admin.dataframe[0].value
    assert table.loc[table["username"] == "blair", "athlete profile"].item() == "Blair Return"


def test_an_admin_resets_with_a_code_and_unlocks(app_for, club):
    admin = app_for("admin")
    admin.switch_page("pages/accounts.py").run()
    admin.selectbox(key="help_account").set_value("drew").run()
    next(b for b in admin.button if b.label == "New one-time code (reset)").click().run()
    assert "Give **drew** this code" in " ".join(s.value for s in admin.success)
    next(b for b in admin.button if b.label == "Unlock sign-in").click().run()
    assert not admin.exception and "drew can try again at once." in [s.value for s in admin.success]


def test_only_an_admin_opens_accounts(app_for):
    coach = app_for("coach")
    with pytest.raises(ValueError, match="Known pages"):
        coach.switch_page("pages/accounts.py")

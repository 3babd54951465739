"""No page shows clinical detail to someone who may not read it, whatever the dates chosen.

Drew (on the coach's team) reports a red flag two days ago, with leg features and a note, and
has a physio's note. Then every page each of these people can open is read whole (every
element, the sidebar, chart data and table cells), for date ranges ending today and ending
before today:
- the coach (sees Drew's training, load, triage level and pain scores, not the reasons),
- a physio nobody shares with (sees no athlete at all),
- Casey, an athlete of another team (sees only her own log).
"""

import datetime as dt

import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from tests.club import PASSWORD, build_club, signed_in_app
from tests.conftest import days_ago
from tracker import access, auth, sharing, store
from tracker.db import open_engine
from tracker.demo import DEMO_STORIES
from tracker.models import ClinicalNote, Role
from tracker.views import trends_view
from tracker.vocab import FEATURE_LABELS, RED_FLAG_LABELS, Feature, RedFlag

NOTE_BODY = "Suspected L5 radiculopathy after the fall; refer if the saddle area stays numb."
PAIN_NOTE = "tingling into the left foot since Tuesday"
COACH_SUMMARY = "Keep squats to RPE 7 this week."
RED_FLAG_DAY = days_ago(2)

#: What a coach or a physio without a share must never read about Drew.
CLINICAL = [
    *RED_FLAG_LABELS.values(),
    *FEATURE_LABELS.values(),
    *(f.value for f in Feature),
    *(f.value for f in RedFlag),
    "you reported",
    NOTE_BODY,
    PAIN_NOTE,
]
#: What an athlete of another team must never read: anything of Drew's. (The red-flag and
#: feature labels are on her own log page as questions, so her check is narrower.)
DREWS = ["Drew Leg", NOTE_BODY, PAIN_NOTE, f"On {RED_FLAG_DAY.isoformat()} you reported", COACH_SUMMARY]

RANGES = {
    "ending today": (days_ago(60), dt.date.today()),
    "ending yesterday, after the red flag": (days_ago(60), days_ago(1)),
    "ending before the red flag": (days_ago(120), days_ago(20)),
}


@pytest.fixture(scope="module")
def club(demo_database):
    url = demo_database()
    engine = open_engine(url)
    with Session(engine) as db:
        build_club(db)
        ATHLETE_IDS.update({a.name: a.id for a in store.list_athletes(db)})
        drew, casey = ATHLETE_IDS["Drew Leg"], ATHLETE_IDS["Casey Steady"]
        store.add_pain(
            db,
            athlete_id=drew,
            data={
                "recorded_at": dt.datetime.combine(RED_FLAG_DAY, dt.time(9)), "pain": 6, "region": "leg", "quality": "burning/electric",
                "features": ["below_knee", "pins_and_needles"], "red_flags": ["saddle_numbness"], "notes": PAIN_NOTE,
            },
        )  # fmt: skip
        physio = auth.authenticate(db, username="physio", password=PASSWORD)
        db.add(ClinicalNote(athlete_id=drew, author_id=physio.id, body=NOTE_BODY, coach_summary=COACH_SUMMARY))
        db.commit()
        # Casey is on another coach's team.
        other_coach = auth.create_account(db, username="coach2", password=PASSWORD, roles={Role.COACH})
        team = sharing.create_team(db, viewer=access.viewer_for(db, user_id=other_coach.id), name="Other club")
        casey_user = next(a for a in auth.list_accounts(db) if a.athlete_id == casey)
        sharing.join_team(db, viewer=access.viewer_for(db, user_id=casey_user.user_id), invite_code=team.invite_code)
    engine.dispose()
    return url


def sign_in(monkeypatch, url: str, username: str) -> AppTest:
    return signed_in_app(monkeypatch, url, username)


def everything_shown(app: AppTest) -> str:
    """Every element's content as protobuf text: markdown, alerts, metrics, widget labels and
    options, table cells (Arrow bytes keep ASCII readable) and chart specs."""
    parts: list[str] = []

    def walk(node) -> None:
        if getattr(node, "proto", None) is not None:
            parts.append(str(node.proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    # Notes are shown literally: markdown punctuation backslash-escaped (a backslash reads as
    # two in protobuf text). Drop the escapes so a shown note matches its words.
    return "\n".join(parts).replace("\\\\", "")


def leaks(text: str, words: list[str]) -> list[str]:
    lowered = text.casefold()
    return [word for word in words if word.casefold() in lowered]


ATHLETE_IDS: dict[str, int] = {}  # filled by the `club` fixture
PAGES = ("log", "trends", "overview", "transfer", "checkin", "sharing", "settings", "welcome", "accounts")


def visit_every_page(app: AppTest, words: list[str]) -> dict[str, list[str]]:
    """Each page the viewer's navigation offers (and, on trends, each athlete and date range):
    which of `words` it showed."""
    found: dict[str, list[str]] = {}
    for name in PAGES:
        page = f"pages/{name}.py"
        try:
            app.switch_page(page)
        except ValueError as refused:  # not in this viewer's navigation
            assert "Known pages" in str(refused)
            continue
        app.run()
        assert not app.exception, (page, [e.value for e in app.exception])
        if page == "pages/welcome.py":  # its fixed descriptions of the demo lifters are no one's data
            shown = everything_shown(app)
            for name, story in DEMO_STORIES.items():
                shown = shown.replace(name, "").replace(story, "")
            found[page] = leaks(shown, words)
            continue
        if page != "pages/trends.py":
            found[page] = leaks(everything_shown(app), words)
            continue
        pickers = [s for s in app.selectbox if s.key == "athlete_picker"]
        for name in pickers[0].options if pickers else [None]:
            if name is not None:
                app.selectbox(key="athlete_picker").set_value(ATHLETE_IDS[name]).run()
            for label, period in RANGES.items():
                if not app.date_input:  # no athlete to show
                    break
                app.date_input(key="period").set_value(period).run()
                assert not app.exception, (page, label, [e.value for e in app.exception])
                found[f"{page} {name} {label}"] = leaks(everything_shown(app), words)
    return found


@pytest.mark.parametrize("username", ["coach", "lonely"])
def test_staff_without_clinical_access_read_no_clinical_word_on_any_page(monkeypatch, club, username):
    app = sign_in(monkeypatch, club, username)
    found = visit_every_page(app, CLINICAL)
    assert found and not {where: words for where, words in found.items() if words}, "; ".join(f"{where}: {words}" for where, words in found.items())


def test_the_coach_does_see_drews_trends_with_the_level_and_the_physios_summary(monkeypatch, club):
    app = sign_in(monkeypatch, club, "coach")
    app.switch_page("pages/trends.py").run()
    app.selectbox(key="athlete_picker").set_value(ATHLETE_IDS["Drew Leg"]).run()
    app.date_input(key="period").set_value(RANGES["ending yesterday, after the red flag"]).run()
    shown = everything_shown(app)
    assert "Emergency" in shown or "emergency" in shown  # the level is there ...
    assert access.COACH_TRIAGE_NOTE in shown and COACH_SUMMARY in shown  # ... and what a coach may read
    assert not leaks(shown, CLINICAL)


def test_an_athlete_of_another_team_reads_nothing_of_drews(monkeypatch, club):
    app = sign_in(monkeypatch, club, "casey")
    found = visit_every_page(app, DREWS)
    assert len(found) >= 6 and not {where: words for where, words in found.items() if words}, found


def test_the_physio_drew_shares_with_would_read_it_all(monkeypatch, club):
    """The check above can fail: with a share, the same pages show the red flag and the note."""
    engine = open_engine(club)
    with Session(engine) as db:
        drew_user = next(a for a in auth.list_accounts(db) if a.username == "drew")
        share = sharing.share_with_physio(db, viewer=access.viewer_for(db, user_id=drew_user.user_id), physio_username="lonely")
    try:
        app = sign_in(monkeypatch, club, "lonely")
        words = [RED_FLAG_LABELS[RedFlag.SADDLE_NUMBNESS], NOTE_BODY, PAIN_NOTE]
        found = visit_every_page(app, words)
        assert {word for shown in found.values() for word in shown} >= {RED_FLAG_LABELS[RedFlag.SADDLE_NUMBNESS], NOTE_BODY}, found
    finally:
        with Session(engine) as db:
            sharing.revoke_share(db, viewer=access.viewer_for(db, user_id=drew_user.user_id), share_id=share.id)
        engine.dispose()


@pytest.mark.parametrize("end", [dt.date.today(), days_ago(1)])
def test_the_trends_view_without_pain_detail_has_no_triage_reasons_whatever_the_end(club, end):
    engine = open_engine(club)
    with Session(engine) as db:
        drew = store.get_athlete_by_name(db, name="Drew Leg").id
        full = trends_view(db, athlete_id=drew, start=days_ago(60), end=end, pain_detail=True)
        cut = trends_view(db, athlete_id=drew, start=days_ago(60), end=end, pain_detail=False)
    engine.dispose()
    assert any("you reported" in reason for reason in full.report.advice.triage.reasons)
    assert cut.report.advice.triage.reasons == [access.COACH_TRIAGE_NOTE]
    assert cut.report.advice.triage.level == full.report.advice.triage.level


def test_trends_detail_is_checked_and_logged(club):
    engine = open_engine(club)
    with Session(engine) as db:
        drew = store.get_athlete_by_name(db, name="Drew Leg").id
        viewers = {a.username: access.viewer_for(db, user_id=a.user_id) for a in auth.list_accounts(db)}
        assert access.trends_detail(db, viewer=viewers["coach"], athlete_id=drew) is False
        assert access.trends_detail(db, viewer=viewers["drew"], athlete_id=drew) is True
        for outsider in ("lonely", "casey", "admin"):
            with pytest.raises(access.PermissionDenied):
                access.trends_detail(db, viewer=viewers[outsider], athlete_id=drew)
        with pytest.raises(access.PermissionDenied):  # accounts exist: nobody is the "local user"
            access.trends_detail(db, viewer=None, athlete_id=drew)
    engine.dispose()

"""The physio's timeline and clinical view: one list, newest first, each viewer seeing what they may."""

import datetime as dt

import pytest
from sqlmodel import select

from tests.conftest import days_ago
from tests.test_access import PASSWORD, world  # noqa: F401 - the shared accounts world (a fixture)
from tracker import auth, store, timeline
from tracker.clinical import clinical_view
from tracker.errors import PermissionDenied
from tracker.models import AccessLog
from tracker.timeline import Event, Kind

START, END = days_ago(30), dt.date.today()


@pytest.fixture
def sam(db, world):  # noqa: F811
    """Sam of the accounts world, with two more reports: one drawn on the chart, one with a red flag."""
    athlete, viewers = world
    store.add_pain(db, athlete_id=athlete.id, data={
        "recorded_at": dt.datetime.combine(days_ago(3), dt.time(20)), "pain": 6, "region": "buttock", "side": "left",
        "body_areas": ["low-back-left", "buttock-left"], "quality": "sharp", "notes": "Deadlift, third set",
    })  # fmt: skip
    store.add_pain(db, athlete_id=athlete.id, data={
        "recorded_at": dt.datetime.combine(days_ago(40), dt.time(9)), "pain": 2, "region": "low back centre",
    })  # fmt: skip
    store.add_pain(db, athlete_id=athlete.id, data={
        "recorded_at": dt.datetime.combine(days_ago(10), dt.time(7)), "pain": 7, "region": "low back both sides", "red_flags": ["fever_or_unwell"],
    })  # fmt: skip
    return athlete, viewers


def test_the_physio_sees_every_event_newest_first_with_its_detail(db, sam):
    athlete, viewers = sam
    events = timeline.timeline(db, viewer=viewers["physio"], athlete_id=athlete.id, start=START, end=END)
    assert [e.kind for e in events] == [Kind.NOTE, Kind.PAIN, Kind.PAIN, Kind.RED_FLAG]  # the note is today's; the 40-day-old report is out
    assert [e.at for e in events] == sorted((e.at for e in events), reverse=True)
    note, yesterday, drawn, flagged = events
    assert note.title == "Clinical note" and note.detail == "L5 radicular pattern suspected; SLR positive. · For the coach: Keep deadlifts out for two weeks."
    assert yesterday.title == "Pain 4/10 — leg" and yesterday.detail == "pain below the knee"
    assert drawn.title == "Pain 6/10 — low back, left, left buttock" and drawn.detail == "sharp · “Deadlift, third set”" and drawn.score == 6
    assert flagged.title == "Red flag: fever or feeling unwell — pain 7/10, low back both sides"


def test_the_athlete_sees_the_same_timeline(db, sam):
    athlete, viewers = sam
    own = timeline.timeline(db, viewer=viewers["self"], athlete_id=athlete.id, start=START, end=END)
    physio = timeline.timeline(db, viewer=viewers["physio"], athlete_id=athlete.id, start=START, end=END)
    assert own == physio


def test_a_coach_gets_scores_and_regions_and_only_the_summary_for_the_coach(db, sam):
    athlete, viewers = sam
    events = timeline.timeline(db, viewer=viewers["coach"], athlete_id=athlete.id, start=START, end=END)
    assert [(e.kind, e.title, e.detail) for e in events] == [
        (Kind.NOTE, "From the physio", "Keep deadlifts out for two weeks."),
        (Kind.PAIN, "Pain 4/10 — leg", ""),
        (Kind.PAIN, "Pain 6/10 — buttock", ""),  # no side, no areas, no words
        (Kind.PAIN, "Pain 7/10 — low back both sides", ""),  # the red flag is clinical detail
    ]


@pytest.mark.parametrize("who", ["physio without share", "physio, share ended", "other coach", "admin", "other athlete"])
def test_nobody_else_gets_a_timeline_and_the_refusal_is_logged(db, sam, who):
    athlete, viewers = sam
    with pytest.raises(PermissionDenied):
        timeline.timeline(db, viewer=viewers[who], athlete_id=athlete.id, start=START, end=END)
    denied = db.exec(select(AccessLog).where(AccessLog.action == "denied", AccessLog.viewer_id == viewers[who].user_id)).all()
    assert len(denied) == 1


def test_reads_are_logged_for_the_athlete_to_see(db, sam):
    athlete, viewers = sam
    timeline.timeline(db, viewer=viewers["physio"], athlete_id=athlete.id, start=START, end=END)
    seen = {log.what for log in db.exec(select(AccessLog).where(AccessLog.viewer_id == viewers["physio"].user_id, AccessLog.action == "view")).all()}
    assert {"pain reports", "clinical notes"} <= seen


def test_without_a_viewer_only_before_any_account_exists(db, athlete):
    store.add_pain(db, athlete_id=athlete.id, data={"recorded_at": dt.datetime.combine(days_ago(1), dt.time(8)), "pain": 3, "region": "low back right"})
    events = timeline.timeline(db, viewer=None, athlete_id=athlete.id, start=START, end=END)
    assert [e.title for e in events] == ["Pain 3/10 — low back right"]
    auth.create_account(db, username="admin", password=PASSWORD, roles=set())
    with pytest.raises(PermissionDenied):
        timeline.timeline(db, viewer=None, athlete_id=athlete.id, start=START, end=END)


def test_a_new_kind_of_event_is_one_more_source(db, sam):
    athlete, viewers = sam

    def clearances(db, *, viewer, athlete_id, start, end):
        yield Event(dt.datetime.combine(days_ago(5), dt.time(12)), Kind.CLEARANCE, "Cleared to train: fever resolved")
        yield Event(dt.datetime.combine(days_ago(60), dt.time(12)), Kind.CLEARANCE, "Out of range: left out")

    events = timeline.timeline(db, viewer=viewers["physio"], athlete_id=athlete.id, start=START, end=END, sources=[*timeline.SOURCES, clearances])
    assert [e.kind for e in events] == [Kind.NOTE, Kind.PAIN, Kind.PAIN, Kind.CLEARANCE, Kind.RED_FLAG]
    assert timeline.SOURCES == [timeline.pain_events, timeline.note_events]  # the default list is left as it was


def test_dates_are_checked(db, sam):
    athlete, viewers = sam
    with pytest.raises(ValueError):
        timeline.timeline(db, viewer=viewers["physio"], athlete_id=athlete.id, start=END, end=START)


def test_utc_note_times_become_local_wall_clock_times():
    moment = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
    assert timeline.local_time(moment) == moment.astimezone().replace(tzinfo=None)
    assert timeline.local_time(moment.replace(tzinfo=None)) == timeline.local_time(moment)


def test_the_clinical_view_has_the_heat_map_and_the_load_under_the_timeline(db, sam):
    athlete, viewers = sam
    view = clinical_view(db, viewer=viewers["physio"], athlete_id=athlete.id, start=START, end=END)
    assert view.pain_reports == 3 and len(view.events) == 4
    heat = view.heat["reports"]
    assert heat["low-back-left"] == 2 and heat["low-back-right"] == 1  # the drawn report and the both-sides one
    assert heat["buttock-left"] == 1 and heat["calf-left"] == 1 and heat["calf-right"] == 1  # "leg" below the knee, no side
    names = {trace.name for trace in view.figure.data}
    assert {"pain report", "red flag", "clinical note", "daily load", "acute (7-day EWMA)"} <= names
    assert view.metric == "srpe" and view.metric_note is None

    coach = clinical_view(db, viewer=viewers["coach"], athlete_id=athlete.id, start=START, end=END)
    assert coach.heat["reports"]["buttock-left"] == 1 and coach.heat["reports"]["low-back-left"] == 1  # placed by region only
    assert "red flag" not in {trace.name for trace in coach.figure.data}

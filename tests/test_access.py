"""Who sees what: every read in tracker.access against every kind of viewer."""

import datetime as dt

import pytest
from sqlmodel import select

from tests.club import claimed_account
from tests.conftest import days_ago
from tracker import access, auth, sharing, store
from tracker.errors import PermissionDenied
from tracker.models import AccessLog, Role

PASSWORD = "a long enough password"


@pytest.fixture
def world(db):
    """An admin, the athlete (with a session, pain and a physio note), a teammate coach, a coach
    of another team, physios with and without shares, and another athlete."""
    admin = auth.create_account(db, username="admin", password=PASSWORD, roles=set())
    sam = store.create_athlete(db, data={"name": "Sam"})
    store.add_session(db, athlete_id=sam.id, data={"date": days_ago(2), "duration_min": 60, "rpe": 7, "sets": [{"exercise": "Deadlift (Barbell)", "reps": 5, "weight": 140}]})
    store.add_pain(db, athlete_id=sam.id, data={"recorded_at": dt.datetime.combine(days_ago(1), dt.time(8)), "pain": 4, "region": "leg", "features": ["below_knee"]})
    owner = claimed_account(db, admin_id=admin.id, username="sam", athlete_id=sam.id)
    other_athlete = store.create_athlete(db, data={"name": "Alex"})
    other = claimed_account(db, admin_id=admin.id, username="alex", athlete_id=other_athlete.id)
    coach = auth.create_account(db, username="coach", password=PASSWORD, roles={Role.COACH})
    stranger_coach = auth.create_account(db, username="coach2", password=PASSWORD, roles={Role.COACH})
    physio = auth.create_account(db, username="physio", password=PASSWORD, roles={Role.PHYSIO})
    no_share = auth.create_account(db, username="physio2", password=PASSWORD, roles={Role.PHYSIO})
    expired = auth.create_account(db, username="physio3", password=PASSWORD, roles={Role.PHYSIO})
    revoked = auth.create_account(db, username="physio4", password=PASSWORD, roles={Role.PHYSIO})

    v = {name: access.viewer_for(db, user_id=user.id) for name, user in {
        "self": owner, "other athlete": other, "coach": coach, "other coach": stranger_coach, "physio": physio,
        "physio without share": no_share, "physio, share ended": expired, "physio, share revoked": revoked, "admin": admin,
    }.items()}  # fmt: skip
    team = sharing.create_team(db, viewer=v["coach"], name="Barbell club")
    sharing.create_team(db, viewer=v["other coach"], name="Other club")
    sharing.join_team(db, viewer=v["self"], invite_code=team.invite_code)
    sharing.share_with_physio(db, viewer=v["self"], physio_username="physio")
    ended = sharing.share_with_physio(db, viewer=v["self"], physio_username="physio3", ends_on=dt.date.today())
    ended.ends_on = days_ago(1)  # as if it had been shared until yesterday
    db.add(ended)
    db.commit()
    gone = sharing.share_with_physio(db, viewer=v["self"], physio_username="physio4")
    sharing.revoke_share(db, viewer=v["self"], share_id=gone.id)
    access.add_clinical_note(db, viewer=v["physio"], athlete_id=sam.id, body="L5 radicular pattern suspected; SLR positive.", coach_summary="Keep deadlifts out for two weeks.")
    return sam, v


def call(read, db, viewer, athlete_id):
    kwargs = {"on": dt.date.today()} if read is access.report else {}
    if read is access.personal_bests:
        kwargs = {"session_id": store.recent_sessions(db, athlete_id=athlete_id)[0].id}
    return read(db, viewer=viewer, athlete_id=athlete_id, **kwargs)


ALLOWED = {
    "self": {"sessions", "sets", "pain", "report", "trends_detail", "clinical_notes", "access_log", "export", "clearances", "back_screen", "availability",
             "wellness", "session_draft", "personal_bests"},
    "coach": {"sessions", "sets", "pain", "report", "trends_detail", "clinical_notes", "availability", "wellness", "personal_bests"},
    "physio": {"sessions", "sets", "pain", "report", "trends_detail", "clinical_notes", "export", "clearances", "back_screen", "availability", "wellness", "personal_bests"},
    "other athlete": set(),
    "other coach": set(),
    "physio without share": set(),
    "physio, share ended": set(),
    "physio, share revoked": set(),
    "admin": set(),
}


@pytest.mark.parametrize("who", list(ALLOWED))
@pytest.mark.parametrize("read", access.READS, ids=lambda f: f.__name__)
def test_every_read_against_every_role(db, world, who, read):
    sam, viewers = world
    if read.__name__ in ALLOWED[who]:
        call(read, db, viewers[who], sam.id)
    else:
        before = len(db.exec(select(AccessLog).where(AccessLog.action == "denied")).all())
        with pytest.raises(PermissionDenied):
            call(read, db, viewers[who], sam.id)
        denials = db.exec(select(AccessLog).where(AccessLog.action == "denied")).all()
        assert len(denials) == before + 1 and denials[-1].viewer_id == viewers[who].user_id


def test_every_read_is_in_the_matrix():
    public = {name for name in dir(access) if callable(getattr(access, name)) and "viewer" in getattr(getattr(access, name), "__code__", type("", (), {"co_varnames": ()})).co_varnames}
    reads = {f.__name__ for f in access.READS}
    writes = {"add_clinical_note", "require", "require_admin", "visible_athletes", "scopes", "_log", "_coaches",
              "_require_owner", "log_session", "change_session", "remove_session", "record_checkin", "import_history", "import_export_files",
              "record_clearance", "save_back_screen", "report_pain",
              "_local_user", "may_set_availability", "set_availability", "record_wellness", "may_import_team", "import_team", "keep_session_draft", "discard_session_draft"}
    own_tests = {"roster"}  # many athletes at once: test_the_roster_holds_only_athletes_the_viewer_may_see
    assert public - writes <= reads | own_tests | {"viewer_for"}, public - writes - reads


def test_a_coach_sees_pain_score_and_region_but_not_its_detail(db, world):
    sam, v = world
    coach_pain = access.pain(db, viewer=v["coach"], athlete_id=sam.id)
    assert list(coach_pain.columns) == access.PAIN_SUMMARY_COLUMNS and coach_pain["pain"].tolist() == [4]
    assert "below_knee" in access.pain(db, viewer=v["physio"], athlete_id=sam.id).columns


def test_a_coach_sees_the_triage_level_without_clinical_reasons(db, world):
    sam, v = world
    coach_view = access.report(db, viewer=v["coach"], athlete_id=sam.id, on=dt.date.today())
    physio_view = access.report(db, viewer=v["physio"], athlete_id=sam.id, on=dt.date.today())
    assert coach_view.advice.triage.level == physio_view.advice.triage.level == physio_view.advice.triage.level.ASSESS
    assert coach_view.advice.triage.reasons == [access.COACH_TRIAGE_NOTE]
    assert any("below the knee" in reason for reason in physio_view.advice.triage.reasons)


def test_a_coach_reads_only_the_summary_marked_for_them(db, world):
    sam, v = world
    assert [n.body for n in access.clinical_notes(db, viewer=v["coach"], athlete_id=sam.id)] == ["Keep deadlifts out for two weeks."]
    assert "SLR positive" in access.clinical_notes(db, viewer=v["self"], athlete_id=sam.id)[0].body


def test_the_athlete_sees_who_opened_their_data(db, world):
    sam, v = world
    access.sessions(db, viewer=v["coach"], athlete_id=sam.id)
    with pytest.raises(PermissionDenied):
        access.sessions(db, viewer=v["other coach"], athlete_id=sam.id)
    log = access.access_log(db, viewer=v["self"], athlete_id=sam.id)
    assert (log[0].action, log[0].viewer_id) == ("denied", v["other coach"].user_id)
    assert (log[1].action, log[1].viewer_id, log[1].what) == ("view", v["coach"].user_id, "sessions")


def test_visible_athletes_follow_teams_and_shares(db, world):
    sam, v = world
    assert [a.name for a in access.visible_athletes(db, viewer=v["coach"])] == ["Sam"]
    assert [a.name for a in access.visible_athletes(db, viewer=v["physio"])] == ["Sam"]
    assert access.visible_athletes(db, viewer=v["physio, share revoked"]) == []
    assert access.visible_athletes(db, viewer=v["admin"]) == []


def test_leaving_the_team_ends_the_coachs_access(db, world):
    sam, v = world
    team_id = access.visible_athletes(db, viewer=v["coach"]) and db.exec(select(access.TeamMember.team_id)).first()
    sharing.leave_team(db, viewer=v["self"], team_id=team_id)
    with pytest.raises(PermissionDenied):
        access.sessions(db, viewer=v["coach"], athlete_id=sam.id)


def test_only_a_physio_with_access_writes_notes(db, world):
    sam, v = world
    for who in ("coach", "physio without share", "self"):
        with pytest.raises(PermissionDenied):
            access.add_clinical_note(db, viewer=v[who], athlete_id=sam.id, body="note")


def test_only_an_admin_manages_accounts(db, world):
    _, v = world
    access.require_admin(db, viewer=v["admin"])
    for who in ("self", "coach", "physio"):
        with pytest.raises(PermissionDenied):
            access.require_admin(db, viewer=v[who])
    with pytest.raises(PermissionDenied, match="sign in as an admin"):
        access.require_admin(db, viewer=None)  # accounts exist: the anonymous local mode is over


def test_only_the_athlete_writes_their_log(db, world):
    sam, v = world
    day = {"date": days_ago(0), "duration_min": 30, "rpe": 5}
    session = access.log_session(db, viewer=v["self"], athlete_id=sam.id, data=day)
    for who in ("coach", "physio", "admin", "other athlete"):
        with pytest.raises(PermissionDenied):
            access.log_session(db, viewer=v[who], athlete_id=sam.id, data=day)
        with pytest.raises(PermissionDenied):
            access.change_session(db, viewer=v[who], session_id=session.id, data={**day, "rpe": 9})
        with pytest.raises(PermissionDenied):
            access.remove_session(db, viewer=v[who], session_id=session.id)
    with pytest.raises(PermissionDenied, match="sign in"):
        access.log_session(db, viewer=None, athlete_id=sam.id, data=day)  # accounts exist
    access.remove_session(db, viewer=v["self"], session_id=session.id)


def test_a_coach_s_teams_list_their_athletes(db, world):
    sam, v = world
    second = sharing.create_team(db, viewer=v["coach"], name="Early birds")
    assert sharing.teams_of(db, viewer=v["coach"]) == {"Barbell club": {sam.id}, "Early birds": set()}
    assert second.invite_code and sharing.teams_of(db, viewer=v["other coach"]) == {"Other club": set()}


def test_notes_and_team_names_with_control_characters_are_refused(db, world):
    from tracker.errors import ValidationError

    sam, v = world
    with pytest.raises(ValidationError, match="must not contain control characters"):
        access.add_clinical_note(db, viewer=v["physio"], athlete_id=sam.id, body="fine\x00hidden")
    with pytest.raises(ValidationError, match="must not contain control characters"):
        sharing.create_team(db, viewer=v["coach"], name="Squad\x1b[2J")
    note = access.add_clinical_note(db, viewer=v["physio"], athlete_id=sam.id, body="line one\nline two")
    assert note.body == "line one\nline two"


def test_only_the_athlete_imports_an_export_into_their_log(db, world):
    from tracker.exchange import export_files

    sam, v = world
    texts = export_files(db, athlete_id=sam.id)
    other = v["other athlete"].athlete_id
    for who in ("coach", "physio", "admin", "self"):
        with pytest.raises(PermissionDenied):
            access.import_export_files(db, viewer=v[who], athlete_id=other, texts=texts)
    assert access.import_export_files(db, viewer=v["other athlete"], athlete_id=other, texts=texts).sessions_added == 1


def test_only_a_physio_with_a_share_records_a_clearance(db, world):
    from tracker.models import Clearance

    sam, v = world
    when = {"cleared_at": dt.datetime.now() - dt.timedelta(hours=1), "note": "Neuro exam normal."}
    for who in ("self", "coach", "physio without share", "admin", "other athlete"):
        with pytest.raises(PermissionDenied):
            access.record_clearance(db, viewer=v[who], athlete_id=sam.id, data=when)
    assert db.exec(select(Clearance)).all() == []
    cleared = access.record_clearance(db, viewer=v["physio"], athlete_id=sam.id, data=when)
    assert cleared.recorded_by_id == v["physio"].user_id and cleared.assessed_by  # the physio's username
    assert [c.id for c in access.clearances(db, viewer=v["self"], athlete_id=sam.id)] == [cleared.id]
    log = access.access_log(db, viewer=v["self"], athlete_id=sam.id)
    assert any(entry.action == "edit" and entry.what == "clearance" and entry.viewer_id == v["physio"].user_id for entry in log)


def test_only_the_athlete_keeps_and_discards_their_session_draft(db, world):
    sam, v = world
    access.keep_session_draft(db, viewer=v["self"], athlete_id=sam.id, draft={"cards": [], "back": {"pain": 3}})
    assert access.session_draft(db, viewer=v["self"], athlete_id=sam.id) == {"cards": [], "back": {"pain": 3}}
    for who in ("coach", "physio", "other athlete"):
        with pytest.raises(PermissionDenied):
            access.keep_session_draft(db, viewer=v[who], athlete_id=sam.id, draft={})
        with pytest.raises(PermissionDenied):
            access.discard_session_draft(db, viewer=v[who], athlete_id=sam.id)
    access.discard_session_draft(db, viewer=v["self"], athlete_id=sam.id)
    assert access.session_draft(db, viewer=v["self"], athlete_id=sam.id) is None


def test_personal_bests_follow_who_may_see_training(db, world):
    sam, v = world
    session_id = store.recent_sessions(db, athlete_id=sam.id)[0].id
    assert access.personal_bests(db, viewer=v["self"], athlete_id=sam.id, session_id=session_id) == []
    assert access.personal_bests(db, viewer=v["coach"], athlete_id=sam.id, session_id=session_id) == []
    with pytest.raises(PermissionDenied):
        access.personal_bests(db, viewer=v["other athlete"], athlete_id=sam.id, session_id=session_id)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("self", True), ("coach", True), ("physio", True), ("other athlete", False), ("other coach", False),
     ("physio without share", False), ("physio, share ended", False), ("admin", False)],
)  # fmt: skip
def test_the_roster_holds_only_athletes_the_viewer_may_see(db, world, who, allowed):
    sam, v = world
    if allowed:
        table = access.roster(db, viewer=v[who], athlete_ids=[sam.id], on=dt.date.today())
        assert table["athlete"].tolist() == ["Sam"] and table["triage"].tolist() == ["assess"]
        assert not {"reasons", "report", "notes"} & set(table.columns)  # levels and scores, no clinical reasons
    else:
        with pytest.raises(PermissionDenied):
            access.roster(db, viewer=v[who], athlete_ids=[sam.id], on=dt.date.today())
        assert db.exec(select(AccessLog).where(AccessLog.action == "denied", AccessLog.what == "roster")).first() is not None


def test_the_roster_without_a_viewer_is_only_for_single_user_mode(db, world):
    sam, _ = world
    with pytest.raises(PermissionDenied):
        access.roster(db, viewer=None, athlete_ids=[sam.id], on=dt.date.today())

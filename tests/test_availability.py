"""Availability: who may set it (one rule in tracker.access), its history, the roster join."""

import datetime as dt

import pytest
from sqlmodel import select

from tests.club import claimed_account
from tests.conftest import days_ago
from tracker import access, auth, availability, sharing, store
from tracker.errors import PermissionDenied, ValidationError
from tracker.models import AccessLog, Role

PASSWORD = "a long enough password"


@pytest.fixture
def club(db):
    """Sam (on the coach's team, sharing with a physio) and Kim (on the team, no physio)."""
    admin = auth.create_account(db, username="admin", password=PASSWORD, roles=set())
    sam = store.create_athlete(db, data={"name": "Sam"})
    kim = store.create_athlete(db, data={"name": "Kim"})
    users = {
        "sam": claimed_account(db, admin_id=admin.id, username="sam", athlete_id=sam.id),
        "kim": claimed_account(db, admin_id=admin.id, username="kim", athlete_id=kim.id),
        "coach": auth.create_account(db, username="coach", password=PASSWORD, roles={Role.COACH}),
        "other coach": auth.create_account(db, username="coach2", password=PASSWORD, roles={Role.COACH}),
        "physio": auth.create_account(db, username="physio", password=PASSWORD, roles={Role.PHYSIO}),
        "lonely physio": auth.create_account(db, username="physio2", password=PASSWORD, roles={Role.PHYSIO}),
    }
    v = {name: access.viewer_for(db, user_id=user.id) for name, user in users.items()}
    team = sharing.create_team(db, viewer=v["coach"], name="Squad")
    sharing.create_team(db, viewer=v["other coach"], name="Elsewhere")
    for name in ("sam", "kim"):
        sharing.join_team(db, viewer=v[name], invite_code=team.invite_code)
    sharing.share_with_physio(db, viewer=v["sam"], physio_username="physio")
    return sam, kim, v


MODIFIED = {"status": "modified", "note": "no heavy hinging", "effective_on": dt.date.today()}


@pytest.mark.parametrize(
    ("who", "whose", "allowed"),
    [
        ("physio", "sam", True),  # the physio Sam shares with
        ("coach", "sam", False),  # Sam has a physio: the physio decides
        ("coach", "kim", True),  # Kim has none: the coach decides
        ("other coach", "kim", False),
        ("lonely physio", "sam", False),
        ("sam", "sam", False),  # an athlete reads their own, does not set it
        ("physio", "kim", False),
    ],
)
def test_who_may_set_availability(db, club, who, whose, allowed):
    sam, kim, v = club
    athlete = {"sam": sam, "kim": kim}[whose]
    assert access.may_set_availability(db, viewer=v[who], athlete_id=athlete.id) is allowed
    if allowed:
        row = access.set_availability(db, viewer=v[who], athlete_id=athlete.id, data=MODIFIED)
        assert (row.status, row.note, row.set_by) == ("modified", "no heavy hinging", v[who].user_id)
    else:
        with pytest.raises(PermissionDenied):
            access.set_availability(db, viewer=v[who], athlete_id=athlete.id, data=MODIFIED)
        assert availability.availability_history(db, athlete_id=athlete.id).empty
        denied = db.exec(select(AccessLog).where(AccessLog.action == "denied", AccessLog.what == "availability")).all()
        assert [d.viewer_id for d in denied] == [v[who].user_id]


def test_a_coach_decides_again_once_the_physio_share_is_revoked(db, club):
    sam, _, v = club
    share = sharing.athlete_shares(db, viewer=v["sam"])[0]
    sharing.revoke_share(db, viewer=v["sam"], share_id=share.share_id)
    assert access.may_set_availability(db, viewer=v["coach"], athlete_id=sam.id)


def test_single_user_mode_lets_the_local_user_set_it(db, athlete):
    assert access.may_set_availability(db, viewer=None, athlete_id=athlete.id)
    access.set_availability(db, viewer=None, athlete_id=athlete.id, data={"status": "unavailable", "effective_on": days_ago(1)})
    assert availability.availability_history(db, athlete_id=athlete.id)["set_by"].tolist() == [""]


def test_history_is_kept_newest_first_and_the_state_follows_the_dates(db, athlete):
    before = store.data_version(db, athlete_id=athlete.id)
    availability.set_availability(db, athlete_id=athlete.id, data={"status": "unavailable", "effective_on": days_ago(10)}, set_by=None)
    availability.set_availability(db, athlete_id=athlete.id, data={**MODIFIED, "effective_on": days_ago(4)}, set_by=None)
    availability.set_availability(db, athlete_id=athlete.id, data={"status": "available", "effective_on": days_ago(-3)}, set_by=None)
    history = availability.availability_history(db, athlete_id=athlete.id)
    assert history["status"].tolist() == ["available", "modified", "unavailable"]
    assert store.data_version(db, athlete_id=athlete.id) == before + 3
    on = {days: availability.current(db, athlete_ids=[athlete.id], on=days_ago(days)).get(athlete.id) for days in (11, 7, 0, -3)}
    assert on[11] is None and on[7].status == "unavailable" and on[0].status == "modified" and on[-3].status == "available"
    # A date range keeps the decision already in force on its first day.
    assert availability.availability_history(db, athlete_id=athlete.id, start=days_ago(6), end=days_ago(0))["status"].tolist() == ["modified", "unavailable"]


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"status": "modified", "effective_on": dt.date.today()}, "note", "leave out"),
        ({"status": "injured", "effective_on": dt.date.today()}, "status", "available"),
        ({**MODIFIED, "note": "x" * 121}, "note", "120"),
        ({**MODIFIED, "note": "two\nlines"}, "note", "control characters"),
    ],
)
def test_bad_decisions_are_refused_naming_the_field_and_change_nothing(db, athlete, data, field, words):
    with pytest.raises(ValidationError) as refused:
        availability.set_availability(db, athlete_id=athlete.id, data=data, set_by=None)
    assert words in refused.value.for_field(field)
    assert availability.availability_history(db, athlete_id=athlete.id).empty


def test_the_roster_gets_availability_columns_joined_on_athlete_id(db, athlete):
    other = store.create_athlete(db, data={"name": "Kim"})
    availability.set_availability(db, athlete_id=athlete.id, data=MODIFIED, set_by=None)
    from tracker.roster import roster

    joined = availability.with_availability(db, roster(db, athlete_ids=[other.id, athlete.id], on=dt.date.today()), on=dt.date.today())
    by_name = joined.set_index("athlete")
    assert by_name.loc["Sam Lifter", "availability"] == "modified" and by_name.loc["Sam Lifter", "availability_note"] == "no heavy hinging"
    assert by_name.loc["Kim", "availability"] == "" and by_name.loc["Kim", "availability_since"] is None
    assert availability.describe("modified", "no heavy hinging") == "modified — no heavy hinging"


def test_readers_are_the_athlete_coach_and_physio(db, club):
    sam, _, v = club
    access.set_availability(db, viewer=v["physio"], athlete_id=sam.id, data=MODIFIED)
    for who in ("sam", "coach", "physio"):
        assert access.availability(db, viewer=v[who], athlete_id=sam.id)["note"].tolist() == ["no heavy hinging"]
    for who in ("other coach", "lonely physio", "kim"):
        with pytest.raises(PermissionDenied):
            access.availability(db, viewer=v[who], athlete_id=sam.id)
    assert access.availability(db, viewer=v["coach"], athlete_id=sam.id)["set_by"].tolist() == ["physio"]

"""The daily wellness check: one row a day, every answer optional, the older per-session
answers read as the same thing, and no question shared with the weekly OSTRC check-in."""

import pytest

from tests.club import claimed_account
from tests.conftest import days_ago
from tracker import access, auth, sharing, store, wellness
from tracker.errors import PermissionDenied, ValidationError
from tracker.models import Role
from tracker.science import ostrc


def test_answering_again_the_same_day_replaces_the_days_answers(db, athlete):
    wellness.record_wellness(db, athlete_id=athlete.id, data={"date": days_ago(0), "sleep_hours": 6, "mood": 2})
    wellness.record_wellness(db, athlete_id=athlete.id, data={"date": days_ago(0), "sleep_hours": 7.5, "soreness": 4})
    frame = wellness.wellness_frame(db, athlete_id=athlete.id)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row["sleep_hours"], row["soreness"], row["source"]) == (7.5, 4, "manual")
    assert row["mood"] != row["mood"]  # not answered the second time: NaN


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"date": days_ago(0)}, "answers", "at least one"),
        ({"date": days_ago(0), "stress": 6}, "stress", "between 1 and 5"),
        ({"date": days_ago(0), "sleep_hours": 25}, "sleep_hours", "between 0 and 24 hours"),
        ({"date": days_ago(-2), "mood": 3}, "date", "a day after today"),
    ],
)
def test_bad_answers_are_refused_naming_the_field_and_change_nothing(db, athlete, data, field, words):
    version = store.data_version(db, athlete_id=athlete.id)
    with pytest.raises(ValidationError) as refused:
        wellness.record_wellness(db, athlete_id=athlete.id, data=data)
    assert words in refused.value.for_field(field)
    assert wellness.wellness_frame(db, athlete_id=athlete.id).empty
    assert store.data_version(db, athlete_id=athlete.id) == version


def test_session_answers_stand_in_on_days_without_a_daily_check(db, athlete):
    session = {"duration_min": 60, "rpe": 6, "sets": []}
    store.add_session(db, athlete_id=athlete.id, data={**session, "date": days_ago(3), "sleep_hours": 5.5, "sleep_quality": 2, "stress": 4, "soreness": 5})
    store.add_session(db, athlete_id=athlete.id, data={**session, "date": days_ago(3), "sleep_hours": 9})  # second session that day: the first stands
    store.add_session(db, athlete_id=athlete.id, data={**session, "date": days_ago(1), "sleep_hours": 6})
    store.add_session(db, athlete_id=athlete.id, data={**session, "date": days_ago(2)})  # nothing answered: no row
    wellness.record_wellness(db, athlete_id=athlete.id, data={"date": days_ago(1), "sleep_hours": 8, "mood": 4})
    frame = wellness.wellness_frame(db, athlete_id=athlete.id)
    assert frame["date"].dt.date.tolist() == [days_ago(3), days_ago(1)]
    assert frame["source"].tolist() == ["session", "manual"]
    assert frame["sleep_hours"].tolist() == [5.5, 8.0]  # the daily check wins on its day
    assert frame.iloc[0][["sleep_quality", "stress", "soreness"]].tolist() == [2, 4, 5]
    assert wellness.wellness_frame(db, athlete_id=athlete.id, start=days_ago(2)).shape[0] == 1


def test_the_daily_check_and_the_weekly_ostrc_check_in_ask_nothing_twice():
    daily = " ".join(q.text.lower() for q in wellness.QUESTIONS)
    weekly = " ".join(q.text.lower() for q in ostrc.QUESTIONS)
    # The weekly check-in asks about the back and nothing about sleep, stress, mood or fatigue.
    assert all(word not in weekly for word in ("sleep", "stress", "mood", "fatig", "muscle"))
    # The daily check asks nothing about the back except to send back pain elsewhere.
    soreness = next(q.text for q in wellness.QUESTIONS if q.key == "soreness")
    assert "not back pain" in soreness.lower()
    assert daily.count("back") == 1


def test_only_the_athlete_writes_and_their_coach_reads(db, athlete):
    admin = auth.create_account(db, username="admin", password="a long enough password", roles=set())
    me = access.viewer_for(db, user_id=claimed_account(db, admin_id=admin.id, username="sam", athlete_id=athlete.id).id)
    coach = access.viewer_for(db, user_id=auth.create_account(db, username="coach", password="a long enough password", roles={Role.COACH}).id)
    team = sharing.create_team(db, viewer=coach, name="Squad")
    sharing.join_team(db, viewer=me, invite_code=team.invite_code)
    access.record_wellness(db, viewer=me, athlete_id=athlete.id, data={"date": days_ago(0), "fatigue": 2})
    with pytest.raises(PermissionDenied):
        access.record_wellness(db, viewer=coach, athlete_id=athlete.id, data={"date": days_ago(0), "fatigue": 5})
    with pytest.raises(PermissionDenied):
        access.record_wellness(db, viewer=None, athlete_id=athlete.id, data={"date": days_ago(0), "fatigue": 5})
    assert access.wellness(db, viewer=coach, athlete_id=athlete.id)["fatigue"].tolist() == [2.0]

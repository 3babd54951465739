"""Session drafts: the cards a lifter fills in, kept in the database until saved or discarded."""

import datetime as dt

import pytest
from sqlmodel import Session

from tests.conftest import days_ago
from tracker import drafts, store
from tracker.db import open_engine
from tracker.errors import ValidationError
from tracker.logbook import Planned, Usual

TODAY = dt.date.today()


def squat_card(draft, weights=(95.0, 95.0, 95.0)):
    sets = [{"kind": "working", "reps": 5, "weight": w} for w in weights]
    return drafts.add_card(draft, Planned("Squat (Barbell)", "reps", sets, "3 × 5 @ 95 kg"))


@pytest.fixture
def draft():
    return drafts.new_draft(unit="kg", today=TODAY, usual=Usual(65, 7))


def test_a_new_draft_starts_from_the_usual_session(draft):
    assert (draft["date"], draft["duration_min"], draft["rpe"], draft["cards"]) == (TODAY.isoformat(), 65, 7, [])


def test_changing_a_weight_carries_to_the_later_unticked_sets_that_held_the_same(draft):
    card = squat_card(draft, (95.0, 95.0, 95.0, 80.0))
    first, second, third, backoff = (row["id"] for row in card["sets"])
    drafts.toggle_done(draft, card["id"], third)

    changed = drafts.change(draft, card["id"], first, "weight", 97.5)

    assert changed == [first, second]  # the ticked third and the back-off set keep their own
    assert [row["weight"] for row in card["sets"]] == [97.5, 97.5, 95.0, 80.0]


def test_an_exercise_done_for_the_first_time_starts_with_three_empty_rows_that_follow_the_first(draft):
    card = drafts.add_card(draft, Planned("Pallof Press", "reps", [], None))
    assert [(row["reps"], row["weight"], row["done"]) for row in card["sets"]] == [(None, None, False)] * 3
    drafts.change(draft, card["id"], card["sets"][0]["id"], "reps", 10)
    assert [row["reps"] for row in card["sets"]] == [10, 10, 10]
    row = drafts.add_set(draft, card["id"])
    assert row["id"] not in [r["id"] for r in card["sets"][:3]] and len(card["sets"]) == 4 and row["reps"] == 10
    run = drafts.add_card(draft, Planned("Running", "distance", [], None))
    assert len(run["sets"]) == 1


def test_finishing_a_card_ticks_every_row_and_again_unticks_them(draft):
    card = squat_card(draft)
    assert drafts.finish_card(draft, card["id"]) is True
    assert drafts.counts(draft) == (3, 3)
    assert drafts.finish_card(draft, card["id"]) is False
    assert drafts.counts(draft) == (0, 3)


def test_warm_ups_are_marked_by_number(draft):
    card = squat_card(draft)
    drafts.set_warmups(draft, card["id"], [1])
    assert [row["kind"] for row in card["sets"]] == ["warm-up", "working", "working"]
    drafts.set_warmups(draft, card["id"], [])
    assert [row["kind"] for row in card["sets"]] == ["working"] * 3


def test_session_input_keeps_ticked_rows_and_says_where_each_set_came_from(draft):
    card = squat_card(draft)
    plank = drafts.add_card(draft, Planned("Plank", "time", [{"reps": 0, "seconds": 45}], "1 × 45 s"))
    drafts.toggle_done(draft, card["id"], card["sets"][0]["id"])
    drafts.finish_card(draft, plank["id"])
    data, places = drafts.session_input(draft, with_unticked=False)
    assert [(s["exercise"], s["reps"], s["weight"], s["seconds"]) for s in data["sets"]] == [("Squat (Barbell)", 5, 95.0, None), ("Plank", 0, 0.0, 45)]
    assert places == [(card["id"], card["sets"][0]["id"]), (plank["id"], plank["sets"][0]["id"])]
    everything, _ = drafts.session_input(draft, with_unticked=True)
    assert len(everything["sets"]) == 4


def test_a_draft_saved_becomes_the_session_it_describes(db, athlete, draft):
    card = squat_card(draft)
    drafts.change(draft, card["id"], card["sets"][0]["id"], "weight", 100.0)
    drafts.finish_card(draft, card["id"])
    data, _ = drafts.session_input(draft, with_unticked=False)
    session = store.add_session(db, athlete_id=athlete.id, data=data)
    assert (session.duration_min, session.rpe, session.tonnage) == (65, 7, 1500)


def test_a_set_without_reps_is_refused_naming_the_set(db, athlete, draft):
    card = drafts.add_card(draft, Planned("Pallof Press", "reps", [], None))
    drafts.toggle_done(draft, card["id"], card["sets"][0]["id"])
    data, _ = drafts.session_input(draft, with_unticked=False)
    with pytest.raises(ValidationError, match="set 1: reps"):
        store.add_session(db, athlete_id=athlete.id, data=data)


def test_a_saved_session_opens_as_a_ticked_draft_for_editing(db, athlete):
    session = store.add_session(db, athlete_id=athlete.id, data={"date": days_ago(3), "name": "Lower A", "duration_min": 50, "rpe": 6, "sets": [
        {"exercise": "Squat (Barbell)", "reps": 5, "weight": 100}, {"exercise": "Plank", "reps": 0, "seconds": 60}]})  # fmt: skip
    draft = drafts.from_session(session, unit="kg")
    assert (draft["date"], draft["name"], draft["duration_min"], draft["rpe"]) == (days_ago(3).isoformat(), "Lower A", 50, 6)
    assert [(c["exercise"], c["measure"], [r["done"] for r in c["sets"]]) for c in draft["cards"]] == [("Squat (Barbell)", "reps", [True]), ("Plank", "time", [True])]
    data, _ = drafts.session_input(draft, with_unticked=False)
    store.update_session(db, session_id=session.id, data=data)
    assert store.sets_frame(db, athlete_id=athlete.id)[["reps", "weight_kg", "seconds"]].fillna(-1).values.tolist() == [[5, 100.0, -1], [0, 0.0, 60.0]]


def test_the_draft_outlives_the_database_session_until_discarded(database_url, draft):
    engine = open_engine(database_url)
    with Session(engine) as db:
        athlete_id = store.create_athlete(db, data={"name": "Sam Draft"}).id
        other_id = store.create_athlete(db, data={"name": "Alex Other"}).id
        squat_card(draft)
        drafts.save_draft(db, athlete_id=athlete_id, draft=draft)
    with Session(engine) as db:  # a refresh, a new tab: a new database session
        assert drafts.load_draft(db, athlete_id=athlete_id) == draft
        assert drafts.load_draft(db, athlete_id=other_id) is None
        draft["name"] = "Lower A"
        drafts.save_draft(db, athlete_id=athlete_id, draft=draft)  # replaces, one row per athlete
        assert drafts.load_draft(db, athlete_id=athlete_id)["name"] == "Lower A"
        drafts.discard_draft(db, athlete_id=athlete_id)
        assert drafts.load_draft(db, athlete_id=athlete_id) is None
        drafts.save_draft(db, athlete_id=athlete_id, draft=draft)
        store.delete_athlete(db, athlete_id=athlete_id)  # the draft goes with its athlete
        assert drafts.load_draft(db, athlete_id=athlete_id) is None
    engine.dispose()


def test_editing_an_imported_session_keeps_its_unknown_rpe_and_duration(db, athlete):
    session = store.add_session(db, athlete_id=athlete.id, data={"date": days_ago(3), "sets": [{"exercise": "Squat (Barbell)", "reps": 5, "weight": 100}]})
    draft = drafts.from_session(session, unit="kg")
    assert (draft["rpe"], draft["duration_min"]) == (None, None)
    data, _ = drafts.session_input(draft, with_unticked=False)
    edited = store.update_session(db, session_id=session.id, data=data)
    assert (edited.rpe, edited.duration_min, edited.srpe_load) == (None, None, None)

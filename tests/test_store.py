"""The store on a real database: writes, derived loads, atomicity and DataFrame reads."""

import datetime as dt
import gc

import pandas as pd
import pytest
from sqlmodel import SQLModel, select

from tests.conftest import days_ago
from tracker import store
from tracker.errors import NotFoundError, ValidationError
from tracker.models import Exercise, ExerciseSet, PainEntry
from tracker.science.session_load import SINGLE_COLUMNS, WORK_COLUMNS, lift_rows
from tracker.vocab import Pattern


def dump(engine) -> dict[str, list[tuple]]:
    """Every row of every table, in key order: equal dumps mean equal content."""
    with engine.connect() as connection:
        return {
            table.name: [tuple(row) for row in connection.execute(table.select().order_by(*table.primary_key.columns))]
            for table in SQLModel.metadata.sorted_tables
        }


def squat_day(**overrides):
    return {
        "date": days_ago(1),
        "name": "Lower A",
        "duration_min": 70,
        "rpe": 8,
        "sets": [
            {"exercise": "Squat (Barbell)", "reps": 5, "weight": 60, "kind": "warm-up"},
            {"exercise": "Squat (Barbell)", "reps": 5, "weight": 120, "rpe": 7},
            {"exercise": "Squat (Barbell)", "reps": 5, "weight": 120, "rpe": 8.5},
            {"exercise": "Bulgarian Split Squat", "reps": 8, "weight": 20, "rir": 4},
            {"exercise": "Plank", "reps": 1, "weight": 0},
        ],
        **overrides,
    }


def test_add_session_stores_sets_and_derived_loads(db, athlete):
    session = store.add_session(db, athlete_id=athlete.id, data=squat_day())

    assert [s.position for s in session.sets] == [1, 2, 3, 4, 5]
    assert session.srpe_load == 8 * 70
    assert session.tonnage == 2 * 5 * 120 + 8 * 20  # warm-up excluded, plank weighs nothing
    assert session.spinal_tonnage == 2 * 5 * 120
    assert session.hard_sets == 3  # two squat sets at RPE >= 7, the plank; split squats at RIR 4 are not
    assert session.sets[0].kind == "warm-up"


def test_pounds_are_stored_as_kilograms(db):
    lifter = store.create_athlete(db, data={"name": "Pat Pounds", "unit": "lb"})
    day = {"date": days_ago(2), "sets": [{"exercise": "Deadlift (Barbell)", "reps": 3, "weight": 405, "unit": "lb"}]}
    session = store.add_session(db, athlete_id=lifter.id, data=day)
    assert session.sets[0].weight_kg == pytest.approx(183.7049, abs=1e-4)


def test_exercise_names_match_case_and_space_insensitively(db, athlete):
    day = {"date": days_ago(1), "sets": [{"exercise": "  squat  (barbell) ", "reps": 5, "weight": 100}]}
    session = store.add_session(db, athlete_id=athlete.id, data=day)
    assert session.sets[0].exercise.name == "Squat (Barbell)"
    assert session.spinal_tonnage == 500


def test_unknown_exercise_is_created_as_other_and_can_be_reclassified(db, athlete):
    day = {"date": days_ago(1), "sets": [{"exercise": "Zercher Carry Thing", "reps": 5, "weight": 80}]}
    session = store.add_session(db, athlete_id=athlete.id, data=day)
    created = store.get_exercise(db, name="zercher carry thing")
    assert (created.pattern, created.spinal_load) == (Pattern.OTHER, False)
    assert session.spinal_tonnage == 0

    store.reclassify_exercise(db, name="Zercher Carry Thing", pattern="carry", spinal_load=True)

    assert store.get_session(db, session_id=session.id).spinal_tonnage == 400
    assert store.get_exercise(db, name="Zercher Carry Thing").pattern == "carry"


def test_update_session_replaces_sets_and_recomputes(db, athlete):
    session = store.add_session(db, athlete_id=athlete.id, data=squat_day())
    lighter = squat_day(rpe=6, sets=[{"exercise": "Deadlift (Barbell)", "reps": 5, "weight": 100}])

    updated = store.update_session(db, session_id=session.id, data=lighter)

    assert [(s.exercise.name, s.weight_kg) for s in updated.sets] == [("Deadlift (Barbell)", 100)]
    assert (updated.srpe_load, updated.tonnage, updated.hard_sets) == (6 * 70, 500, 1)
    assert len(db.exec(select(ExerciseSet)).all()) == 1  # the old sets are gone, not orphaned


def test_delete_session_removes_sets_and_unlinks_pain(db, athlete):
    session = store.add_session(db, athlete_id=athlete.id, data=squat_day())
    pain = store.add_pain(
        db,
        athlete_id=athlete.id,
        data={"recorded_at": dt.datetime.combine(days_ago(0), dt.time(7, 30)), "pain": 3, "region": "low back centre", "session_id": session.id},
    )
    store.delete_session(db, session_id=session.id)

    assert db.exec(select(ExerciseSet)).all() == []
    db.expire_all()
    kept = db.get(PainEntry, pain.id)
    assert kept is not None and kept.session_id is None


def test_delete_athlete_removes_everything_they_logged(db, athlete):
    store.add_session(db, athlete_id=athlete.id, data=squat_day())
    store.add_pain(db, athlete_id=athlete.id, data={"recorded_at": dt.datetime.now(), "pain": 2, "region": "buttock"})
    store.delete_athlete(db, athlete_id=athlete.id)
    assert db.exec(select(ExerciseSet)).all() == [] and db.exec(select(PainEntry)).all() == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"duration_min": 601}, "duration_min"),
        ({"rpe": 11}, "rpe"),
        ({"date": dt.date.today() + dt.timedelta(days=2)}, "date"),
        ({"date": dt.date(1, 1, 1)}, "date"),
        ({"name": "Leg day\x00"}, "name"),
        ({"sets": [{"exercise": "Squat (Barbell)", "reps": 1001, "weight": 100}]}, "sets.0.reps"),
        ({"sets": [{"exercise": "Squat (Barbell)", "reps": True, "weight": 100}]}, "sets.0.reps"),
        ({"sets": [{"exercise": "Brand New Lift", "reps": 5, "weight": 1001}]}, "sets.0.weight"),
    ],
)
def test_rejected_session_changes_nothing(engine, db, athlete, change, field):
    store.add_session(db, athlete_id=athlete.id, data=squat_day())
    before = dump(engine)

    with pytest.raises(ValidationError) as caught:
        store.add_session(db, athlete_id=athlete.id, data=squat_day(**change))

    assert caught.value.for_field(field)
    assert dump(engine) == before


def test_rejected_update_changes_nothing(engine, db, athlete):
    session = store.add_session(db, athlete_id=athlete.id, data=squat_day())
    before = dump(engine)
    with pytest.raises(ValidationError):
        store.update_session(db, session_id=session.id, data=squat_day(sets=[{"exercise": "New Lift", "reps": 5000}]))
    assert dump(engine) == before


def test_failure_midway_through_a_write_rolls_everything_back(engine, db, athlete, monkeypatch):
    before = dump(engine)

    def broken(_session):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "refresh_loads", broken)
    day = squat_day(sets=[{"exercise": "Never Seen Before", "reps": 5, "weight": 50}])
    with pytest.raises(RuntimeError):
        store.add_session(db, athlete_id=athlete.id, data=day)

    assert dump(engine) == before  # neither the session, its sets nor the new exercise landed
    assert db.exec(select(Exercise).where(Exercise.name_key == "never seen before")).first() is None


def test_unknown_athlete_is_refused_by_name(engine, db):
    before = dump(engine)
    with pytest.raises(NotFoundError, match="athlete: no athlete with id 999"):
        store.add_session(db, athlete_id=999, data=squat_day())
    with pytest.raises(NotFoundError, match="athlete: no athlete with id 999"):
        store.add_pain(db, athlete_id=999, data={"recorded_at": dt.datetime.now(), "pain": 1, "region": "leg"})
    assert dump(engine) == before


def test_athlete_names_are_unique_regardless_of_case(db, athlete):
    with pytest.raises(ValidationError, match="already exists"):
        store.create_athlete(db, data={"name": "sam  LIFTER"})
    assert store.get_athlete_by_name(db, name="SAM lifter").id == athlete.id


def test_unknown_athlete_name_lists_the_known_ones(db, athlete):
    with pytest.raises(NotFoundError, match=r"no athlete named 'Kim' \(known: Sam Lifter\)"):
        store.get_athlete_by_name(db, name="Kim")


def test_pain_may_only_link_to_the_athletes_own_session(engine, db, athlete):
    other = store.create_athlete(db, data={"name": "Other Person"})
    theirs = store.add_session(db, athlete_id=other.id, data=squat_day())
    before = dump(engine)
    with pytest.raises(ValidationError, match="not one of this athlete's sessions"):
        store.add_pain(db, athlete_id=athlete.id, data={"recorded_at": dt.datetime.now(), "pain": 2, "region": "leg", "session_id": theirs.id})
    assert dump(engine) == before


def test_pain_entry_round_trips_features_and_red_flags(db, athlete):
    entry = store.add_pain(
        db,
        athlete_id=athlete.id,
        data={
            "recorded_at": dt.datetime.combine(days_ago(1), dt.time(7, 30)),
            "pain": 6,
            "region": "leg",
            "quality": "burning/electric",
            "timing": "next morning",
            "features": ["below_knee", "pins_and_needles"],
            "red_flags": ["saddle_numbness"],
        },
    )
    assert [f.value for f in entry.features] == ["below_knee", "pins_and_needles"]
    assert [f.value for f in entry.red_flags] == ["saddle_numbness"]

    updated = store.update_pain(db, pain_id=entry.id, data={"recorded_at": entry.recorded_at, "pain": 2, "region": "low back left"})
    assert (updated.pain, updated.features, updated.red_flags) == (2, [], [])


def test_frames_filter_dates_inclusively_with_microsecond_datetimes(db, athlete):
    for age in (10, 5, 1):
        store.add_session(db, athlete_id=athlete.id, data=squat_day(date=days_ago(age)))
    store.add_pain(db, athlete_id=athlete.id, data={"recorded_at": dt.datetime.combine(days_ago(5), dt.time(23, 59)), "pain": 3, "region": "low back both sides"})

    sessions = store.sessions_frame(db, athlete_id=athlete.id, start=days_ago(5), end=days_ago(1))
    sets = store.sets_frame(db, athlete_id=athlete.id, start=days_ago(5), end=days_ago(5))
    pain = store.pain_frame(db, athlete_id=athlete.id, start=days_ago(5), end=days_ago(5))

    assert list(sessions["date"].dt.date) == [days_ago(5), days_ago(1)]
    assert sessions["date"].dtype == "datetime64[us]"
    assert list(sessions.columns) == store.SESSION_COLUMNS
    assert len(sets) == 5 and set(sets["date"].dt.date) == {days_ago(5)}
    assert sets.loc[sets["exercise"] == "Squat (Barbell)", "spinal_load"].all()
    assert list(pain["pain"]) == [3] and pain["date"].iloc[0] == pd.Timestamp(days_ago(5))


def test_frames_hold_their_types_see_unflushed_changes_and_leave_the_collector_as_found(db, athlete):
    store.add_session(db, athlete_id=athlete.id, data=squat_day(date=days_ago(2)))
    db.add(PainEntry(athlete_id=athlete.id, recorded_at=dt.datetime.combine(days_ago(1), dt.time(8)), pain=4, region="low back both sides"))
    gc.disable()  # read with the collector off: it stays off
    try:
        pain = store.pain_frame(db, athlete_id=athlete.id)  # the entry above is not flushed yet: the read flushes it
        assert not gc.isenabled()
    finally:
        gc.enable()
    sessions, sets = store.sessions_frame(db, athlete_id=athlete.id), store.sets_frame(db, athlete_id=athlete.id)
    assert gc.isenabled()
    assert list(pain["pain"]) == [4] and pain["pain"].dtype == "int64" and pain["session_id"].isna().all()
    assert pain["below_knee"].dtype == bool and pain["recorded_at"].dtype == "datetime64[us]"
    assert {name: str(sessions[name].dtype) for name in ("date", "srpe_load", "tonnage", "hard_sets", "trunk_sets")} == {
        "date": "datetime64[us]", "srpe_load": "float64", "tonnage": "float64", "hard_sets": "int64", "trunk_sets": "int64"
    }
    assert {name: str(sets[name].dtype) for name in ("set_id", "reps", "weight_kg", "rir", "spinal_load")} == {
        "set_id": "int64", "reps": "int64", "weight_kg": "float64", "rir": "float64", "spinal_load": "bool"
    }


def test_frames_of_an_athlete_with_nothing_logged_are_empty_with_columns(db, athlete):
    assert store.sessions_frame(db, athlete_id=athlete.id).empty
    assert list(store.sets_frame(db, athlete_id=athlete.id).columns) == store.SET_COLUMNS
    assert list(store.pain_frame(db, athlete_id=athlete.id).columns)[:3] == ["pain_id", "recorded_at", "date"]


def test_frames_only_hold_the_requested_athlete(db, athlete):
    other = store.create_athlete(db, data={"name": "Other Person"})
    store.add_session(db, athlete_id=other.id, data=squat_day())
    assert store.sessions_frame(db, athlete_id=athlete.id).empty
    assert store.sets_frame(db, athlete_id=athlete.id).empty


def test_one_athletes_frames_equal_their_share_of_a_squads_read_and_each_read_binds_its_own_values(db, athlete):
    """The reads run statements built once with their values bound: a second athlete, other
    dates and a column subset must each get their own rows, as a squad's read gives them."""
    other = store.create_athlete(db, data={"name": "Other Person"})
    for age in (9, 4, 1):
        store.add_session(db, athlete_id=athlete.id, data=squat_day(date=days_ago(age)))
    store.add_session(db, athlete_id=other.id, data=squat_day(date=days_ago(3), rpe=6))
    store.add_pain(db, athlete_id=athlete.id, data={"recorded_at": dt.datetime.combine(days_ago(4), dt.time(20)), "pain": 3, "region": "low back both sides"})
    store.add_pain(db, athlete_id=other.id, data={"recorded_at": dt.datetime.combine(days_ago(3), dt.time(20)), "pain": 5, "region": "low back left"})
    for start, end in ((None, None), (days_ago(4), None), (None, days_ago(2)), (days_ago(5), days_ago(3))):
        for columns in (store.SESSION_COLUMNS, store.RULE_COLUMNS):
            squad = store.sessions_frames(db, athlete_ids=[athlete.id, other.id], start=start, end=end, columns=columns)
            for person in (athlete.id, other.id):
                alone = store.sessions_frames(db, athlete_ids=[person], start=start, end=end, columns=columns)[person]
                pd.testing.assert_frame_equal(alone, squad[person])
                assert list(alone.columns) == columns
        squad_pain = store.pain_frames(db, athlete_ids=[athlete.id, other.id], start=start, end=end)
        for person in (athlete.id, other.id):
            pd.testing.assert_frame_equal(store.pain_frame(db, athlete_id=person, start=start, end=end), squad_pain[person])
    assert list(store.sessions_frame(db, athlete_id=athlete.id, start=days_ago(4))["date"].dt.date) == [days_ago(4), days_ago(1)]
    assert list(store.sessions_frame(db, athlete_id=other.id)["rpe"]) == [6.0]
    assert list(store.pain_frame(db, athlete_id=other.id)["pain"]) == [5]
    some = ["date", "exercise", "reps", "weight_kg"]
    lifts = store.sets_frame(db, athlete_id=athlete.id, start=days_ago(1), columns=some)
    every = store.sets_frame(db, athlete_id=athlete.id, start=days_ago(1))
    assert list(lifts.columns) == some
    pd.testing.assert_frame_equal(lifts, every[some])


def test_the_lift_rows_are_each_lifts_best_e1rm_before_the_start_and_each_sessions_bests_and_work_from_it(db, athlete):
    """Read back through the sessions' stored lift columns (`session_load.lift_rows`): before
    the start only each lift's best e1RM (warm-ups, 13-rep sets and unweighted sets give none);
    from the start each session's best per lift, and its weighted working sets and tonnage."""
    store.add_session(db, athlete_id=athlete.id, data={**squat_day(date=days_ago(20)), "sets": [
        {"exercise": "Squat (Barbell)", "reps": 3, "weight": 200, "kind": "warm-up"},  # heaviest, but a warm-up
        {"exercise": "Squat (Barbell)", "reps": 13, "weight": 150},  # too many reps for an e1RM
        {"exercise": "Squat (Barbell)", "reps": 5, "weight": 120},  # 140 kg
        {"exercise": "Deadlift (Barbell)", "reps": 1, "weight": 180},  # a single: its weight
        {"exercise": "Plank", "reps": 1, "weight": 0},
    ]})  # fmt: skip
    store.add_session(db, athlete_id=athlete.id, data={**squat_day(date=days_ago(10)), "sets": [
        {"exercise": "Squat (Barbell)", "reps": 3, "weight": 125},  # 137.5 kg: below the best
        {"exercise": "Deadlift (Barbell)", "reps": 2, "weight": 180},  # 192 kg: a new best
    ]})  # fmt: skip
    store.add_session(db, athlete_id=athlete.id, data={**squat_day(date=days_ago(2)), "sets": [
        {"exercise": "Squat (Barbell)", "reps": 5, "weight": 60, "kind": "warm-up"},
        {"exercise": "Squat (Barbell)", "reps": 5, "weight": 100},
        {"exercise": "Squat (Barbell)", "reps": 4, "weight": 102.5},
        {"exercise": "Pull Up", "reps": 8},
    ]})  # fmt: skip
    store.add_session(db, athlete_id=athlete.id, data={**squat_day(date=days_ago(1)), "sets": []})  # sRPE only: no rows
    sessions = store.sessions_frame(db, athlete_id=athlete.id, columns=["date", *store.LIFT_COLUMNS])
    singles, work = lift_rows(sessions, start=days_ago(2))
    assert list(singles.columns) == SINGLE_COLUMNS and list(work.columns) == WORK_COLUMNS
    assert [(row.date.date(), row.exercise, row.reps, row.kind, row.weight_kg) for row in singles.itertuples()] == [
        (days_ago(20), "Squat (Barbell)", 1, "working", pytest.approx(140.0)),
        (days_ago(10), "Deadlift (Barbell)", 1, "working", pytest.approx(192.0)),
        (days_ago(2), "Squat (Barbell)", 1, "working", pytest.approx(100 * (1 + 5 / 30))),  # 116.7 kg beats 102.5 × 34/30
    ]  # fmt: skip
    assert [tuple(row) for row in work.itertuples(index=False)] == [
        (pd.Timestamp(days_ago(2)), "Squat (Barbell)", True, 2, 5 * 100 + 4 * 102.5),  # the warm-up left out
        (pd.Timestamp(days_ago(2)), "Pull Up", False, 0, 0.0),  # done, without a weight: it keeps its week on the chart
    ]
    every_single, every_work = lift_rows(sessions, start=days_ago(30))  # nothing before: every session's own
    assert len(every_single) == 5 and len(every_work) == 7
    assert lift_rows(sessions.iloc[0:0], start=days_ago(2))[0].empty


def test_last_session_finds_the_latest_with_that_name(db, athlete):
    store.add_session(db, athlete_id=athlete.id, data=squat_day(date=days_ago(8)))
    latest = store.add_session(db, athlete_id=athlete.id, data=squat_day(date=days_ago(3)))
    store.add_session(db, athlete_id=athlete.id, data=squat_day(date=days_ago(1), name="Upper A"))
    assert store.last_session(db, athlete_id=athlete.id, name="lower a").id == latest.id
    assert store.last_session(db, athlete_id=athlete.id).name == "Upper A"


def test_pain_cannot_follow_a_session_that_came_after_it(engine, db, athlete):
    later = store.add_session(db, athlete_id=athlete.id, data=squat_day(date=days_ago(1)))
    before = dump(engine)
    with pytest.raises(ValidationError, match="cannot follow a session on"):
        store.add_pain(
            db,
            athlete_id=athlete.id,
            data={"recorded_at": dt.datetime.combine(days_ago(3), dt.time(8)), "pain": 2, "region": "leg", "session_id": later.id},
        )
    assert dump(engine) == before


def test_session_and_its_back_check_in_are_written_together(db, athlete):
    check_in = {"recorded_at": dt.datetime.combine(days_ago(1), dt.time(19)), "pain": 3, "region": "low back both sides", "timing": "after session"}
    session = store.add_session(db, athlete_id=athlete.id, data=squat_day(), pain=check_in)
    pain = store.pain_frame(db, athlete_id=athlete.id)
    assert list(pain["session_id"]) == [session.id] and list(pain["pain"]) == [3]


def test_an_invalid_check_in_stores_neither_the_session_nor_the_pain(engine, db, athlete):
    before = dump(engine)
    with pytest.raises(ValidationError) as caught:
        store.add_session(db, athlete_id=athlete.id, data=squat_day(), pain={"recorded_at": dt.datetime.now(), "pain": 12, "region": "leg"})
    assert caught.value.for_field("pain") == "pain must be between 0 and 10 (got 12)"
    assert dump(engine) == before


def test_every_write_changes_the_athletes_data_version(db, athlete):
    seen = [store.data_version(db, athlete_id=athlete.id)]

    def changed() -> bool:
        seen.append(store.data_version(db, athlete_id=athlete.id))
        return seen[-1] != seen[-2]

    session = store.add_session(db, athlete_id=athlete.id, data=squat_day(sets=[{"exercise": "Odd Lift", "reps": 5, "weight": 50}]))
    assert changed()
    store.update_session(db, session_id=session.id, data=squat_day(sets=[{"exercise": "Odd Lift", "reps": 3, "weight": 50}]))
    assert changed()
    pain = store.add_pain(db, athlete_id=athlete.id, data={"recorded_at": dt.datetime.now(), "pain": 2, "region": "leg"})
    assert changed()
    store.update_pain(db, pain_id=pain.id, data={"recorded_at": dt.datetime.now(), "pain": 1, "region": "leg"})
    assert changed()
    store.reclassify_exercise(db, name="Odd Lift", pattern="hinge", spinal_load=True)
    assert changed()
    store.delete_pain(db, pain_id=pain.id)
    assert changed()
    store.delete_session(db, session_id=session.id)
    assert changed()
    other = store.create_athlete(db, data={"name": "Someone Else"})
    store.add_session(db, athlete_id=other.id, data=squat_day())
    assert not changed()  # another athlete's write leaves this one's cache valid


def test_advice_settings_are_saved_and_read_back(db):
    from tracker.science.settings import DEFAULT_SETTINGS

    assert store.get_advice_settings(db) == DEFAULT_SETTINGS
    store.save_advice_settings(db, values={"acwr_reduce": 1.6, "trunk_sets_min": 8})
    settings = store.get_advice_settings(db)
    assert (settings.acwr_reduce, settings.trunk_sets_min, settings.acwr_low) == (1.6, 8, DEFAULT_SETTINGS.acwr_low)


def test_invalid_advice_settings_change_nothing(engine, db):
    store.save_advice_settings(db, values={"acwr_reduce": 1.6})
    before = dump(engine)
    with pytest.raises(ValidationError, match="acwr_reduce must be between 1 and 3"):
        store.save_advice_settings(db, values={"acwr_reduce": 9})
    assert dump(engine) == before


def test_timed_and_distance_sets_keep_their_seconds_and_kilometres(db, athlete):
    day = {
        "date": days_ago(1),
        "sets": [
            {"exercise": "Plank", "reps": 0, "seconds": 45},
            {"exercise": "Farmer's Walk", "reps": 0, "weight": 32, "seconds": 40},
            {"exercise": "Rowing (Machine)", "reps": 0, "seconds": 480, "distance_km": 2.0},
        ],
    }
    store.add_session(db, athlete_id=athlete.id, data=day)
    sets = store.sets_frame(db, athlete_id=athlete.id)
    assert sets[["exercise", "reps", "seconds"]].values.tolist() == [["Plank", 0, 45.0], ["Farmer's Walk", 0, 40.0], ["Rowing (Machine)", 0, 480.0]]
    assert sets["distance_km"].isna().tolist() == [True, True, False] and sets["distance_km"].iloc[2] == 2.0
    assert sets["weight_kg"].tolist() == [0.0, 32.0, 0.0]
    assert store.sessions_frame(db, athlete_id=athlete.id)["tonnage"].tolist() == [0.0]  # a hold or a walk adds no tonnage


def test_a_timed_set_longer_than_a_day_is_refused_naming_the_field(db, athlete):
    with pytest.raises(ValidationError, match=r"set 1: time must be between 0 and 86400 seconds"):
        store.add_session(db, athlete_id=athlete.id, data={"date": days_ago(1), "sets": [{"exercise": "Plank", "reps": 0, "seconds": 90_000}]})
    assert store.sessions_frame(db, athlete_id=athlete.id).empty

"""Triage scenarios: pain logs written through the store, screened on today's date.

Each test tells one story in pain reports (and, where it matters, sessions) laid out in days
before today, loads it the way the app does (`status.load_history`) and checks the level the
spec gives it and that the reasons cite the entry's date and figures.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import days_ago
from tracker import status, store
from tracker.science import advice, triage
from tracker.science.triage import Level
from tracker.vocab import Feature, Quality, RedFlag, Region, Timing

TODAY = dt.date.today()


# --------------------------------------------------------------------------- builders


def lifter(db, age: int, name: str | None = None):
    """An athlete who is `age` this year (the app stores the birth year only)."""
    return store.create_athlete(db, data={"name": name or f"Lifter aged {age}", "unit": "kg", "birth_year": TODAY.year - age})


def report_pain(
    db,
    athlete,
    ago: int,
    pain: int,
    region: Region = Region.CENTRE,
    *,
    quality: Quality | None = Quality.DULL,
    timing: Timing | None = None,
    features=(),
    red_flags=(),
    session_id: int | None = None,
    at: dt.time = dt.time(7, 30),
):
    return store.add_pain(
        db,
        athlete_id=athlete.id,
        data={
            "recorded_at": dt.datetime.combine(days_ago(ago), at),
            "pain": pain,
            "region": region,
            "quality": quality,
            "timing": timing,
            "features": frozenset(features),
            "red_flags": frozenset(red_flags),
            "session_id": session_id,
        },
    )


def heavy_deadlift_day(db, athlete, ago: int) -> int:
    """A heavy pull session (triples near max); returns its id."""
    sets = [{"exercise": "Deadlift (Barbell)", "reps": 5, "weight": 60, "kind": "warm-up"}]
    sets += [{"exercise": "Deadlift (Barbell)", "reps": 3, "weight": 160, "rpe": rpe} for rpe in (8, 8.5, 9, 9, 9.5)]
    sets += [{"exercise": "Hip Thrust (Barbell)", "reps": 10, "weight": 100} for _ in range(3)]
    sets += [{"exercise": "Side Plank", "reps": 3, "weight": 0} for _ in range(3)]
    session = store.add_session(
        db, athlete_id=athlete.id, data={"date": days_ago(ago), "name": "Heavy pulls", "rpe": 8.5, "duration_min": 75, "sets": sets}
    )
    return session.id


def screen(db, athlete, on: dt.date = TODAY) -> triage.Triage:
    history = status.load_history(db, athlete=athlete, until=on)
    return triage.triage(history.pain, on=on, birth_year=athlete.birth_year)


def day(ago: int) -> str:
    return days_ago(ago).isoformat()


def cited(result: triage.Triage, *parts: str) -> bool:
    """Some single reason contains every one of `parts`."""
    return any(all(part in reason for part in parts) for reason in result.reasons)


# --------------------------------------------------------------------------- emergency


def test_saddle_numbness_this_fortnight_is_an_emergency(db):
    sam = lifter(db, 31)
    report_pain(db, sam, 5, 3, timing=Timing.AFTER)
    report_pain(db, sam, 3, 6, red_flags={RedFlag.SADDLE_NUMBNESS})
    result = screen(db, sam)
    assert result.level == Level.EMERGENCY
    assert cited(result, day(3), "numbness in the saddle area")
    assert "emergency" in result.headline.lower()
    assert result.stops_load_advice


def test_saddle_numbness_reported_13_days_ago_still_counts(db):
    sam = lifter(db, 31)
    report_pain(db, sam, 13, 4, red_flags={RedFlag.SADDLE_NUMBNESS})
    assert screen(db, sam).level == Level.EMERGENCY


def test_saddle_numbness_20_days_ago_is_no_longer_an_emergency(db):
    sam = lifter(db, 31)
    report_pain(db, sam, 20, 4, red_flags={RedFlag.SADDLE_NUMBNESS})
    result = screen(db, sam)
    assert result.level == Level.NONE
    assert not cited(result, "saddle")
    # The same log screened on the day after the entry was an emergency.
    assert screen(db, sam, on=days_ago(19)).level == Level.EMERGENCY


def test_bladder_or_bowel_change_is_an_emergency(db):
    sam = lifter(db, 31)
    report_pain(db, sam, 2, 5, red_flags={RedFlag.BLADDER_BOWEL})
    result = screen(db, sam)
    assert result.level == Level.EMERGENCY
    assert cited(result, day(2), "bladder or bowel")


def test_weakness_or_numbness_in_both_legs_is_an_emergency(db):
    sam = lifter(db, 31)
    report_pain(db, sam, 1, 5, Region.LEG, red_flags={RedFlag.BOTH_LEGS})
    result = screen(db, sam)
    assert result.level == Level.EMERGENCY
    assert cited(result, day(1), "both legs")


def test_emergency_outranks_urgent_when_both_are_present(db):
    sam = lifter(db, 55)  # also a first episode over 50
    report_pain(db, sam, 4, 6, Region.LEG, features={Feature.BELOW_KNEE, Feature.PINS_AND_NEEDLES})
    report_pain(db, sam, 2, 7, red_flags={RedFlag.FEVER_UNWELL, RedFlag.SADDLE_NUMBNESS})
    result = screen(db, sam)
    assert result.level == Level.EMERGENCY
    assert cited(result, day(2), "saddle")
    history = status.load_history(db, athlete=sam, until=TODAY)
    advised = advice.advise(history, on=TODAY)
    assert advised.triage == result and advised.phases == []


# --------------------------------------------------------------------------- urgent


@pytest.mark.parametrize(
    ("flag", "label", "timing"),
    [
        (RedFlag.FEVER_UNWELL, "fever or feeling unwell", None),
        (RedFlag.CONSTANT_PAIN, "constant pain not eased by rest", Timing.REST_OR_NIGHT),
        (RedFlag.TRAUMA, "recent fall or trauma", None),
    ],
)
def test_urgent_red_flags_within_a_fortnight(db, flag, label, timing):
    sam = lifter(db, 31)
    report_pain(db, sam, 6, 2)
    report_pain(db, sam, 4, 5, timing=timing, red_flags={flag}, at=dt.time(22, 30))
    result = screen(db, sam)
    assert result.level == Level.URGENT
    assert cited(result, day(4), label)
    assert "24 hours" in result.headline


@pytest.mark.parametrize("flag", [RedFlag.FEVER_UNWELL, RedFlag.CONSTANT_PAIN, RedFlag.TRAUMA])
def test_urgent_red_flags_older_than_the_fortnight_no_longer_count(db, flag):
    sam = lifter(db, 31)
    report_pain(db, sam, 20, 5, red_flags={flag})
    assert screen(db, sam).level == Level.NONE


@pytest.mark.parametrize(
    ("sign", "label"),
    [(Feature.PINS_AND_NEEDLES, "pins and needles or numbness"), (Feature.ONE_LEG_WEAKNESS, "weakness in one leg")],
)
def test_leg_pain_below_the_knee_with_nerve_signs_is_urgent(db, sign, label):
    sam = lifter(db, 31)
    report_pain(db, sam, 9, 4, Region.BUTTOCK, quality=Quality.BURNING, features={Feature.WORSE_SITTING})
    report_pain(db, sam, 3, 5, Region.LEG, quality=Quality.BURNING, features={Feature.BELOW_KNEE, sign})
    result = screen(db, sam)
    assert result.level == Level.URGENT
    assert cited(result, day(3), "below the knee", label, "(5/10)")


def test_nerve_signs_outside_the_lookback_are_not_urgent(db):
    sam = lifter(db, 31)
    report_pain(db, sam, 20, 5, Region.LEG, features={Feature.BELOW_KNEE, Feature.PINS_AND_NEEDLES})
    assert screen(db, sam).level == Level.NONE


@pytest.mark.parametrize(
    ("age", "level"),
    [(17, Level.URGENT), (19, Level.URGENT), (20, Level.NONE), (30, Level.NONE), (50, Level.NONE), (51, Level.URGENT), (55, Level.URGENT)],
)
def test_a_first_episode_under_20_or_over_50_is_urgent(db, age, level):
    sam = lifter(db, age)
    report_pain(db, sam, 5, 3, timing=Timing.NEXT_MORNING)
    report_pain(db, sam, 3, 4, timing=Timing.NEXT_MORNING)
    report_pain(db, sam, 1, 3, timing=Timing.NEXT_MORNING)
    result = screen(db, sam)
    assert result.level == level
    if level == Level.URGENT:
        assert cited(result, "first episode", f"since {day(5)}", "up to 4/10", f"at age {age}")


def test_a_second_episode_at_17_is_not_a_first_episode(db):
    sam = lifter(db, 17)
    report_pain(db, sam, 60, 4)
    report_pain(db, sam, 58, 3)
    report_pain(db, sam, 2, 4)
    result = screen(db, sam)
    assert result.level == Level.NONE
    assert not cited(result, "first episode")


def test_a_first_episode_at_55_that_is_over_is_not_urgent(db):
    sam = lifter(db, 55)
    report_pain(db, sam, 10, 4)
    report_pain(db, sam, 8, 3)  # last report at the threshold 8 days ago: no longer ongoing
    report_pain(db, sam, 2, 1)
    assert screen(db, sam).level == Level.NONE


# --------------------------------------------------------------------------- assess


def test_an_episode_persisting_15_days_needs_assessment(db):
    sam = lifter(db, 31)
    for ago in (16, 12, 8, 5, 1):
        report_pain(db, sam, ago, 4, timing=Timing.NEXT_MORNING)
    result = screen(db, sam)
    assert result.level == Level.ASSESS
    assert cited(result, "15 days", f"since {day(16)}", "more than 14")


def test_an_episode_of_exactly_14_days_does_not(db):
    sam = lifter(db, 31)
    for ago in (15, 12, 8, 5, 1):
        report_pain(db, sam, ago, 4, timing=Timing.NEXT_MORNING)
    result = screen(db, sam)
    assert result.level == Level.NONE
    assert not cited(result, "persisted")


def test_sharp_pain_needs_assessment(db):
    sam = lifter(db, 31)
    session = heavy_deadlift_day(db, sam, 5)
    report_pain(db, sam, 5, 3, quality=Quality.SHARP, timing=Timing.DURING, session_id=session, at=dt.time(18, 40))
    report_pain(db, sam, 3, 1)
    result = screen(db, sam)
    assert result.level == Level.ASSESS
    assert cited(result, "Sharp pain", day(5), "(3/10)")


def test_sharp_pain_below_the_threshold_does_not(db):
    sam = lifter(db, 31)
    report_pain(db, sam, 5, 2, quality=Quality.SHARP)
    assert screen(db, sam).level == Level.NONE


@pytest.mark.parametrize(
    ("pains", "level"),
    [((2, 3, 5), Level.ASSESS), ((3, 4, 5), Level.ASSESS), ((1, 2, 3), Level.ASSESS), ((3, 3, 5), Level.NONE), ((2, 3, 4), Level.ASSESS), ((3, 4, 4), Level.NONE), ((4, 4, 5), Level.NONE)],
)
def test_pain_rising_over_the_last_three_reports(db, pains, level):
    sam = lifter(db, 31)
    report_pain(db, sam, 10, 4)  # an older, higher report: only the last three count
    for ago, pain in zip((6, 4, 2), pains, strict=True):
        report_pain(db, sam, ago, pain, timing=Timing.AFTER, at=dt.time(20, 0))
    result = screen(db, sam)
    assert result.level == level
    if level == Level.ASSESS:
        assert cited(result, " → ".join(map(str, pains)))


@pytest.mark.parametrize(
    ("region", "features", "where"),
    [
        (Region.BUTTOCK, {Feature.WORSE_SITTING}, "into the buttock"),
        (Region.LEG, set(), "into the leg"),
        (Region.CENTRE, {Feature.BELOW_KNEE}, "below the knee"),
    ],
)
def test_leg_pain_without_nerve_signs_needs_assessment(db, region, features, where):
    sam = lifter(db, 31)
    report_pain(db, sam, 3, 4, region, features=features)
    result = screen(db, sam)
    assert result.level == Level.ASSESS
    assert cited(result, where, day(3), "(4/10)", "without numbness or weakness")


def test_three_episodes_within_six_months_need_assessment(db):
    sam = lifter(db, 31)
    for start in (150, 90):
        report_pain(db, sam, start, 4)
        report_pain(db, sam, start - 2, 3)
    report_pain(db, sam, 3, 4)
    result = screen(db, sam)
    assert result.level == Level.ASSESS
    assert cited(result, "3 separate episodes", day(150), day(90), day(3))


def test_two_episodes_within_six_months_do_not(db):
    sam = lifter(db, 31)
    report_pain(db, sam, 90, 4)
    report_pain(db, sam, 3, 4)
    assert screen(db, sam).level == Level.NONE


@pytest.mark.parametrize(("oldest", "level"), [(170, Level.ASSESS), (200, Level.NONE)])
def test_only_episodes_starting_within_six_months_count_as_recurring(db, oldest, level):
    sam = lifter(db, 31)
    for start in (oldest, 90, 3):
        report_pain(db, sam, start, 4)
    assert screen(db, sam).level == level


@pytest.mark.parametrize(("age", "level"), [(22, Level.ASSESS), (24, Level.ASSESS), (25, Level.NONE), (30, Level.NONE)])
def test_one_sided_pain_worse_arching_back_in_a_young_lifter(db, age, level):
    sam = lifter(db, age)
    report_pain(db, sam, 4, 3, Region.RIGHT, timing=Timing.AFTER, features={Feature.WORSE_ARCHING}, at=dt.time(20, 0))
    result = screen(db, sam)
    assert result.level == level
    if level == Level.ASSESS:
        assert cited(result, "(low back right)", "arching", day(4), f"at age {age}")


# --------------------------------------------------------------------------- none


def test_doms_after_a_heavy_deadlift_day_is_training_soreness(db):
    sam = lifter(db, 31)
    session = heavy_deadlift_day(db, sam, 3)
    eases = {Feature.EASES_WITH_MOVEMENT}
    report_pain(db, sam, 2, 4, Region.BOTH, timing=Timing.NEXT_MORNING, features=eases, session_id=session)
    report_pain(db, sam, 1, 2, Region.BOTH, timing=Timing.NEXT_MORNING, features=eases)
    report_pain(db, sam, 0, 1, Region.BOTH, timing=Timing.NEXT_MORNING, features=eases, at=dt.time(6, 45))
    result = screen(db, sam)
    assert result.level == Level.NONE
    assert cited(result, "peak at 4/10")
    assert not result.stops_load_advice


def test_no_pain_at_all(db):
    sam = lifter(db, 31)
    heavy_deadlift_day(db, sam, 2)
    result = screen(db, sam)
    assert result.level == Level.NONE
    assert result.reasons == ["No pain reported in the last 14 days."]
    assert result.to_dict()["level"] == "none"


# --------------------------------------------------------------------------- episodes


def episodes_of(db, athlete):
    return triage.episodes(status.load_history(db, athlete=athlete, until=TODAY).reports)


def test_fourteen_pain_free_days_start_a_new_episode(db):
    # Reports at the threshold on day 40 and day 25: days 39..26 (14 days) are free of one,
    # even with a low report in the gap.
    sam = lifter(db, 31)
    report_pain(db, sam, 42, 5)
    report_pain(db, sam, 40, 3)
    report_pain(db, sam, 33, 2)
    report_pain(db, sam, 25, 4)
    found = episodes_of(db, sam)
    assert [(e.start, e.last, e.peak, e.reports) for e in found] == [
        (days_ago(42), days_ago(40), 5, 2),
        (days_ago(25), days_ago(25), 4, 1),
    ]


def test_thirteen_pain_free_days_do_not_start_a_new_episode(db):
    # Reports on day 40 and day 26: only days 39..27 (13 days) are free of one.
    sam = lifter(db, 31)
    report_pain(db, sam, 40, 4)
    report_pain(db, sam, 26, 4)
    found = episodes_of(db, sam)
    assert [(e.start, e.last, e.reports) for e in found] == [(days_ago(40), days_ago(26), 2)]


def test_twelve_pain_free_days_do_not_start_a_new_episode(db):
    sam = lifter(db, 31)
    report_pain(db, sam, 40, 4)
    report_pain(db, sam, 27, 6)
    found = episodes_of(db, sam)
    assert [(e.start, e.last, e.peak, e.reports) for e in found] == [(days_ago(40), days_ago(27), 6, 2)]


def test_reports_below_the_threshold_make_no_episode(db):
    sam = lifter(db, 31)
    for ago in (20, 10, 2):
        report_pain(db, sam, ago, 2)
    assert episodes_of(db, sam) == []

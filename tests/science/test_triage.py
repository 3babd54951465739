"""Triage scenarios: pain logs written through the store, read back through `tracker.status`.

Each test tells one story in pain reports (and, where it matters, sessions, a date of birth,
the back-pain screen or a clinician's clearance) laid out in days before today, and checks the
level, the key words of the reasons and, where the issue asks, the phases. The red flags and
distinguishing features come from the two seed articles (a physiotherapist's and an orthopaedic
surgeon's), NICE NG59 and Finucane et al. 2020; ordinary soreness must stay "none".
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import days_ago
from tracker import status, store
from tracker.science import triage
from tracker.science.settings import DEFAULT_SETTINGS
from tracker.science.triage import Clearance, Level, Profile, Report
from tracker.vocab import Feature, Quality, RedFlag, Region, ScreenItem, Timing

TODAY = dt.date.today()
#: Words that name a condition or suggest imaging: never in what the lifter reads (issue 9.12).
DIAGNOSES = re.compile(
    r"strain|soreness or|disc|herniat|fractur|stress reaction|sciatica|cauda equina|infection|tumou?r|spondyl|imaging|mri|x-ray|scan\b",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- builders


def lifter(db, age: int | None = 30, *, month: int | None = None, name: str | None = None):
    """An athlete who is `age` (with `month`, born in that month `age` years before this year's)."""
    year = None if age is None else TODAY.year - age
    return store.create_athlete(db, data={"name": name or f"Lifter {age}", "unit": "kg", "birth_year": year, "birth_month": month})


def report_pain(
    db, athlete, ago: int, pain: int, region: Region = Region.CENTRE, *, quality: Quality | None = Quality.DULL,
    timing: Timing | None = None, features=(), red_flags=(), session_id: int | None = None, at: dt.time = dt.time(7, 30),
):  # fmt: skip
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


def clear(db, athlete, ago: int, *, at: dt.time = dt.time(12, 0), by: str = "Jo Physio"):
    return store.record_clearance(
        db, athlete_id=athlete.id, data={"cleared_at": dt.datetime.combine(days_ago(ago), at), "assessed_by": by, "note": "Cleared to train."}
    )


def steady_training(db, athlete, weeks: int = 8) -> None:
    """Three sessions a week up to yesterday, so load advice has something to say."""
    for ago in range(7 * weeks, 0, -1):
        if ago % 7 in (1, 3, 5):
            store.add_session(
                db,
                athlete_id=athlete.id,
                data={"date": days_ago(ago), "rpe": 7, "duration_min": 60,
                      "sets": [{"exercise": "Deadlift (Barbell)", "reps": 5, "weight": 100} for _ in range(4)]},
            )  # fmt: skip


def screen(db, athlete, on: dt.date = TODAY) -> status.AthleteReport:
    """Read back as the app does: the athlete's report through tracker.status."""
    return status.athlete_report(db, athlete=athlete, on=on)


def level(db, athlete, on: dt.date = TODAY) -> Level:
    return screen(db, athlete, on).advice.triage.level


def reasons(db, athlete, on: dt.date = TODAY) -> list[str]:
    return screen(db, athlete, on).advice.triage.reasons


def phases(db, athlete, on: dt.date = TODAY) -> list[str]:
    return [p.phase for p in screen(db, athlete, on).advice.phases]


def cites(lines: list[str], *parts: str) -> bool:
    return any(all(part in line for part in parts) for line in lines)


def day(ago: int) -> str:
    return days_ago(ago).isoformat()


def assert_no_diagnosis(result: status.AthleteReport) -> None:
    text = " ".join([result.advice.triage.headline, *result.advice.triage.reasons, *result.advice.notes])
    text += " ".join(line for p in result.advice.phases for line in (*p.reasons, *p.actions, p.until))
    assert not DIAGNOSES.search(text), DIAGNOSES.search(text)


# --------------------------------------------------------------------------- emergencies (surgeon seed)


@pytest.mark.parametrize(
    ("flag", "label"),
    [
        (RedFlag.SADDLE_NUMBNESS, "numbness in the saddle area or genitals"),
        (RedFlag.BLADDER_BOWEL, "new change in bladder or bowel control"),
        (RedFlag.CANNOT_PASS_URINE, "unable to pass urine"),
        (RedFlag.BOTH_LEGS, "weakness or numbness in both legs"),
    ],
)
def test_each_emergency_red_flag_sends_the_lifter_to_the_emergency_department(db, flag, label):
    athlete = lifter(db)
    report_pain(db, athlete, 1, 4, red_flags={flag})
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.EMERGENCY
    assert result.advice.triage.headline.startswith("Go to an emergency department now")
    assert cites(result.advice.triage.reasons, f"On {day(1)} you reported {label}")
    assert result.advice.phases == []
    assert_no_diagnosis(result)


def test_an_emergency_outranks_everything_else(db):
    athlete = lifter(db)
    report_pain(db, athlete, 3, 6, Region.LEG, features={Feature.ONE_LEG_WEAKNESS}, red_flags={RedFlag.FEVER_UNWELL})
    report_pain(db, athlete, 1, 5, red_flags={RedFlag.BLADDER_BOWEL})
    assert level(db, athlete) == Level.EMERGENCY


# --------------------------------------------------------------------------- red flags stay until cleared (item 2)


@pytest.mark.parametrize("then", ["nothing", "a pain-free day", "months of pain-free days"])
def test_saddle_numbness_stays_an_emergency_until_a_clinician_clears_it(db, then):
    athlete = lifter(db)
    steady_training(db, athlete, weeks=10)
    report_pain(db, athlete, 15, 5, red_flags={RedFlag.SADDLE_NUMBNESS})
    if then == "a pain-free day":
        report_pain(db, athlete, 1, 0)
    if then == "months of pain-free days":
        for ago in range(14, 0, -2):
            report_pain(db, athlete, ago, 0)
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.EMERGENCY
    assert cites(result.advice.triage.reasons, f"On {day(15)} you reported numbness in the saddle area")
    assert result.advice.phases == []  # no "reintroduce compound lifts"
    assert status.athlete_report(db, athlete=athlete, on=days_ago(0) + dt.timedelta(days=0)).advice.triage.level == Level.EMERGENCY


def test_a_clearance_clears_the_flag_and_a_new_flag_afterwards_starts_again(db):
    athlete = lifter(db)
    steady_training(db, athlete, weeks=10)
    report_pain(db, athlete, 20, 5, red_flags={RedFlag.SADDLE_NUMBNESS})
    clear(db, athlete, 19, by="Dr Rao")
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.NONE
    assert cites(result.advice.triage.reasons, "Assessed and cleared to train by Dr Rao", day(19))
    assert result.advice.phases  # training advice is back
    assert level(db, athlete, on=days_ago(20)) == Level.EMERGENCY  # the history keeps the flag
    report_pain(db, athlete, 2, 3, red_flags={RedFlag.BOTH_LEGS})
    assert level(db, athlete) == Level.EMERGENCY


def test_a_report_made_after_the_clearance_on_the_same_day_still_counts(db):
    athlete = lifter(db)
    report_pain(db, athlete, 3, 4, red_flags={RedFlag.FEVER_UNWELL}, at=dt.time(8, 0))
    clear(db, athlete, 3, at=dt.time(12, 0))
    assert level(db, athlete) == Level.NONE
    report_pain(db, athlete, 3, 4, red_flags={RedFlag.FEVER_UNWELL}, at=dt.time(18, 0))
    assert level(db, athlete) == Level.URGENT


@pytest.mark.parametrize(
    ("flag", "words"),
    [
        (RedFlag.FEVER_UNWELL, "fever or feeling unwell"),
        (RedFlag.CONSTANT_PAIN, "constant pain not eased by rest"),
        (RedFlag.TRAUMA, "recent fall or trauma"),
    ],
)
def test_urgent_red_flags_stay_until_cleared(db, flag, words):
    athlete = lifter(db)
    report_pain(db, athlete, 40, 4, red_flags={flag})
    report_pain(db, athlete, 10, 0)
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.URGENT
    assert cites(result.advice.triage.reasons, f"On {day(40)} you reported {words}")
    assert cites(result.advice.triage.reasons, "stays in force until a clinician clears you")
    assert_no_diagnosis(result)


# --------------------------------------------------------------------------- nerve signs wherever the pain is (item 1)


@pytest.mark.parametrize("region", [Region.CENTRE, Region.LEFT, Region.BOTH])
def test_pins_and_needles_in_the_low_back_region_need_an_assessment(db, region):
    athlete = lifter(db)
    report_pain(db, athlete, 1, 3, region, features={Feature.PINS_AND_NEEDLES})
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.ASSESS
    assert cites(result.advice.triage.reasons, "pins and needles or numbness", day(1))
    assert not cites(result.advice.triage.reasons, "no leg symptoms")


@pytest.mark.parametrize("region", [Region.CENTRE, Region.RIGHT, Region.LEG])
def test_weakness_in_one_leg_is_urgent_whatever_region_is_ticked(db, region):
    athlete = lifter(db)
    report_pain(db, athlete, 1, 3, region, features={Feature.ONE_LEG_WEAKNESS})
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.URGENT
    assert cites(result.advice.triage.reasons, "weakness in one leg", "within a day")
    assert result.advice.phases == []


def test_weakness_or_numbness_getting_worse_is_urgent(db):
    athlete = lifter(db)
    report_pain(db, athlete, 2, 4, Region.LEG, features={Feature.PINS_AND_NEEDLES, Feature.NERVE_SIGNS_WORSENING})
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.URGENT
    assert cites(result.advice.triage.reasons, "getting worse", "within a day")


@pytest.mark.parametrize(
    ("region", "features", "where"),
    [
        (Region.LEG, (), "into the leg"),
        (Region.BUTTOCK, (), "into the buttock"),
        (Region.CENTRE, (Feature.BELOW_KNEE,), "below the knee"),
        (Region.CENTRE, (Feature.LEG_WORSE_THAN_BACK,), "worse than the back pain"),
    ],
)
def test_leg_pain_needs_an_assessment_and_stays_until_cleared(db, region, features, where):
    athlete = lifter(db)
    steady_training(db, athlete)
    report_pain(db, athlete, 30, 4, region, features=features, quality=Quality.BURNING)
    report_pain(db, athlete, 5, 0)
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.ASSESS
    assert cites(result.advice.triage.reasons, where)
    assert [p.phase for p in result.advice.phases][0] == "reduce"  # protective while the assessment is pending
    assert_no_diagnosis(result)
    clear(db, athlete, 1)
    assert level(db, athlete) == Level.NONE


def test_leg_pain_worse_sitting_and_coughing_is_described_not_named(db):
    athlete = lifter(db)
    report_pain(db, athlete, 1, 5, Region.LEG, features={Feature.BELOW_KNEE, Feature.WORSE_SITTING, Feature.WORSE_COUGHING})
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.ASSESS
    assert cites(result.advice.triage.reasons, "below the knee", "worse sitting", "worse coughing or sneezing")
    assert_no_diagnosis(result)


# --------------------------------------------------------------------------- worsening (item 4)


def test_pain_rising_3_3_5_during_one_session_is_worsening(db):
    athlete = lifter(db)
    for hour, pain in ((18, 3), (19, 3), (20, 5)):
        report_pain(db, athlete, 0, pain, timing=Timing.DURING, at=dt.time(hour, 0))
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.ASSESS
    assert cites(result.advice.triage.reasons, "Your pain is rising", "3 → 3 → 5")
    assert not cites(result.advice.triage.reasons, "no sign of getting worse")


def test_pain_going_2_5_4_6_is_worsening(db):
    athlete = lifter(db)
    for ago, pain in ((9, 2), (6, 5), (3, 4), (1, 6)):
        report_pain(db, athlete, ago, pain, timing=Timing.AFTER)
    assert cites(reasons(db, athlete), "Your pain is rising", "2 → 5 → 4 → 6", "from 2/10 to 6/10")


def test_pain_easing_is_not_worsening(db):
    athlete = lifter(db)
    for ago, pain in ((6, 5), (4, 4), (2, 3), (1, 3)):
        report_pain(db, athlete, ago, pain, timing=Timing.AFTER)
    assert not cites(reasons(db, athlete), "Your pain is rising")


# --------------------------------------------------------------------------- low-grade persistent pain (item 5)


def test_two_out_of_ten_on_and_off_for_four_weeks_needs_an_assessment(db):
    athlete = lifter(db)
    for ago in range(28, -1, -4):
        report_pain(db, athlete, ago, 2, timing=Timing.AFTER)
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.ASSESS
    assert cites(result.advice.triage.reasons, "has come and gone for 28 days", day(28), "even at a low score")


def test_an_episode_of_exactly_14_days_does_not_and_15_does(db):
    athlete = lifter(db)
    report_pain(db, athlete, 14, 2, timing=Timing.AFTER)
    report_pain(db, athlete, 7, 2, timing=Timing.AFTER)
    report_pain(db, athlete, 0, 2, timing=Timing.AFTER)
    assert level(db, athlete) == Level.NONE
    other = lifter(db, name="Other")
    for ago in (15, 7, 0):
        report_pain(db, other, ago, 2, timing=Timing.AFTER)
    assert level(db, other) == Level.ASSESS


def test_sharp_pain_of_2_during_training_needs_an_assessment(db):
    athlete = lifter(db)
    report_pain(db, athlete, 1, 2, quality=Quality.SHARP, timing=Timing.DURING)
    assert cites(reasons(db, athlete), "Sharp pain during training", day(1), "(2/10)")
    assert level(db, athlete) == Level.ASSESS


@pytest.mark.parametrize("pain", [1, 2, 6])
def test_pain_at_rest_or_at_night_at_any_score_needs_an_assessment(db, pain):
    athlete = lifter(db)
    report_pain(db, athlete, 2, pain, timing=Timing.REST_OR_NIGHT, at=dt.time(23, 0))
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.ASSESS
    assert cites(result.advice.triage.reasons, "Pain at rest or at night", f"({pain}/10)")


def test_one_sided_pain_worse_arching_at_every_session_for_five_weeks(db):
    athlete = lifter(db, 32)
    for ago in range(35, -1, -3):
        report_pain(db, athlete, ago, 2, Region.RIGHT, timing=Timing.AFTER, features={Feature.WORSE_ARCHING})
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.ASSESS
    assert cites(result.advice.triage.reasons, "come and gone for 33 days", day(35))
    assert_no_diagnosis(result)


def test_one_sided_pain_worse_arching_in_a_young_lifter_needs_an_assessment_at_once(db):
    athlete = lifter(db, 19, month=1)
    store.save_back_screen(db, athlete_id=athlete.id, data={"yes": {ScreenItem.PREVIOUS_BACK_PAIN}})
    report_pain(db, athlete, 2, 3, Region.LEFT, timing=Timing.AFTER, features={Feature.WORSE_ARCHING})
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.ASSESS
    assert cites(result.advice.triage.reasons, "worse arching backwards", "at age 19", "loaded back extensions")
    assert_no_diagnosis(result)


def test_pain_that_settles_with_rest_but_returns_every_session(db):
    athlete = lifter(db)
    report_pain(db, athlete, 1, 2, Region.LEFT, timing=Timing.AFTER, features={Feature.RETURNS_EVERY_SESSION})
    assert cites(reasons(db, athlete), "comes back every session")
    assert level(db, athlete) == Level.ASSESS


def test_two_episodes_within_a_year_need_an_assessment(db):
    athlete = lifter(db)
    report_pain(db, athlete, 200, 4, quality=Quality.SHARP, timing=Timing.DURING)
    report_pain(db, athlete, 2, 3, timing=Timing.DURING)
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.ASSESS
    assert cites(result.advice.triage.reasons, "2 separate episodes of back pain within a year", day(200), day(2))


def test_episodes_more_than_a_year_apart_are_not_recurring(db):
    athlete = lifter(db)
    report_pain(db, athlete, 400, 4, timing=Timing.DURING)
    report_pain(db, athlete, 2, 3, timing=Timing.DURING)
    assert not cites(reasons(db, athlete), "separate episodes")


def test_two_bouts_of_ordinary_soreness_are_not_recurring_episodes(db):
    athlete = lifter(db)
    for start in (120, 3):
        report_pain(db, athlete, start, 3, Region.BOTH, timing=Timing.NEXT_MORNING, features={Feature.EASES_WITH_MOVEMENT})
        report_pain(db, athlete, start - 1, 2, Region.BOTH, timing=Timing.NEXT_MORNING)
    assert level(db, athlete) == Level.NONE


# --------------------------------------------------------------------------- age (item 6)


@pytest.mark.parametrize(("age", "expected"), [(17, Level.ASSESS), (19, Level.ASSESS), (20, Level.NONE), (35, Level.NONE), (50, Level.NONE), (51, Level.ASSESS), (56, Level.ASSESS)])
def test_a_first_episode_under_20_or_over_50_needs_an_assessment(db, age, expected):
    athlete = lifter(db, age, month=1)
    report_pain(db, athlete, 2, 3, timing=Timing.DURING)
    assert level(db, athlete) == expected


def test_age_56_first_episode_that_ended_8_days_ago_stays_at_assess_until_cleared(db):
    athlete = lifter(db, 56, month=1)
    steady_training(db, athlete, weeks=8)
    for ago, pain in ((24, 4), (20, 3), (14, 2), (8, 1)):
        report_pain(db, athlete, ago, pain, timing=Timing.AFTER)
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.ASSESS
    assert cites(result.advice.triage.reasons, "first episode of back pain", "at age 56", "over 50", "even once it settles")
    assert "reload" not in [p.phase for p in result.advice.phases]
    clear(db, athlete, 1)
    assert level(db, athlete) == Level.NONE


def test_the_date_of_birth_decides_the_age_not_the_calendar_year(db):
    # Born in December 50 years before this year: 49 until December, so not "over 50" before then.
    born_late = lifter(db, 50, month=12, name="Born in December")
    report_pain(db, born_late, 0, 3, timing=Timing.DURING)
    if TODAY.month < 12:
        assert level(db, born_late) == Level.NONE
    # Born in January 51 years before: 51 since January.
    born_early = lifter(db, 51, month=1, name="Born in January")
    report_pain(db, born_early, 0, 3, timing=Timing.DURING)
    assert cites(reasons(db, born_early), "at age 51")


def test_with_the_year_alone_an_age_that_may_be_over_50_is_flagged(db):
    athlete = lifter(db, 51)  # 50 or 51 this year
    report_pain(db, athlete, 0, 3, timing=Timing.DURING)
    assert cites(reasons(db, athlete), "at age 50 or 51", "add your birth month")


def test_a_lifter_who_had_back_pain_before_has_no_first_episode(db):
    athlete = lifter(db, 60, month=3)
    store.save_back_screen(db, athlete_id=athlete.id, data={"yes": {ScreenItem.PREVIOUS_BACK_PAIN}})
    report_pain(db, athlete, 1, 3, timing=Timing.DURING)
    assert level(db, athlete) == Level.NONE


def test_soreness_at_60_is_not_a_first_episode(db):
    athlete = lifter(db, 60, month=3)
    report_pain(db, athlete, 2, 3, Region.BOTH, timing=Timing.NEXT_MORNING, features={Feature.EASES_WITH_MOVEMENT})
    report_pain(db, athlete, 1, 2, Region.BOTH, timing=Timing.NEXT_MORNING)
    assert level(db, athlete) == Level.NONE


# --------------------------------------------------------------------------- the back-pain screen (item 7, Finucane 2020)


@pytest.mark.parametrize(
    ("item", "told"),
    [
        (ScreenItem.WEIGHT_LOSS, "unexplained weight loss"),
        (ScreenItem.STEROIDS_OR_IMMUNOSUPPRESSION, "steroid or immune-suppressing medicine"),
        (ScreenItem.INJECTED_DRUG_USE, "injected drug use"),
        (ScreenItem.OSTEOPOROSIS, "osteoporosis"),
        (ScreenItem.THORACIC_PAIN, "pain in the upper or middle back"),
        (ScreenItem.CANCER_HISTORY, "a history of cancer"),
    ],
)
def test_history_items_with_back_pain_need_an_assessment(db, item, told):
    athlete = lifter(db)
    store.save_back_screen(db, athlete_id=athlete.id, data={"yes": {item, ScreenItem.PREVIOUS_BACK_PAIN}})
    report_pain(db, athlete, 2, 3, timing=Timing.DURING)
    result = screen(db, athlete)
    assert result.advice.triage.level >= Level.ASSESS
    assert cites(result.advice.triage.reasons, f"You told us about {told}")


def test_history_items_without_back_pain_change_nothing(db):
    athlete = lifter(db)
    store.save_back_screen(db, athlete_id=athlete.id, data={"yes": {ScreenItem.OSTEOPOROSIS}})
    assert level(db, athlete) == Level.NONE


@pytest.mark.parametrize(
    ("timing", "features", "words"),
    [
        (Timing.REST_OR_NIGHT, (), "pain at rest or at night"),
        (Timing.AFTER, (Feature.WORSE_COUGHING,), "pain worse coughing or sneezing"),
    ],
)
def test_a_history_of_cancer_with_night_pain_or_pain_on_straining_is_urgent(db, timing, features, words):
    """NICE NG234: spinal pain in someone with a history of cancer and these features needs contact within 24 hours."""
    athlete = lifter(db)
    store.save_back_screen(db, athlete_id=athlete.id, data={"yes": {ScreenItem.CANCER_HISTORY, ScreenItem.PREVIOUS_BACK_PAIN}})
    report_pain(db, athlete, 1, 3, timing=timing, features=features)
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.URGENT
    assert cites(result.advice.triage.reasons, "With a history of cancer", words, "within a day")


def test_pain_worse_coughing_or_sneezing_needs_an_assessment(db):
    athlete = lifter(db)
    report_pain(db, athlete, 1, 3, features={Feature.WORSE_COUGHING})
    assert cites(reasons(db, athlete), "worse coughing or sneezing")
    assert level(db, athlete) == Level.ASSESS


# --------------------------------------------------------------------------- ordinary soreness (physio seed: don't cry wolf)


def test_doms_after_a_heavy_deadlift_day_is_none_and_names_no_condition(db):
    """Dull, both sides, worse the next morning, easing with movement, settled in days."""
    athlete = lifter(db, 30)
    steady_training(db, athlete)
    report_pain(db, athlete, 3, 2, Region.BOTH, timing=Timing.AFTER, at=dt.time(20, 0))
    report_pain(db, athlete, 2, 4, Region.BOTH, timing=Timing.NEXT_MORNING, features={Feature.EASES_WITH_MOVEMENT})
    report_pain(db, athlete, 1, 2, Region.BOTH, timing=Timing.NEXT_MORNING, features={Feature.EASES_WITH_MOVEMENT})
    report_pain(db, athlete, 0, 0, Region.BOTH, timing=Timing.NEXT_MORNING)
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.NONE
    assert result.advice.triage.headline == "Nothing in your reports needs a clinician right now."
    assert cites(result.advice.triage.reasons, "peak at 4/10", "easing with movement")
    assert_no_diagnosis(result)


def test_doms_in_a_first_timer_over_50_is_still_none(db):
    athlete = lifter(db, 58, month=2)
    report_pain(db, athlete, 2, 3, Region.CENTRE, timing=Timing.NEXT_MORNING)
    report_pain(db, athlete, 1, 2, Region.CENTRE, timing=Timing.NEXT_MORNING)
    assert level(db, athlete) == Level.NONE


def test_no_pain_at_all(db):
    athlete = lifter(db)
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.NONE
    assert result.advice.triage.reasons == ["No pain reported in the last 14 days."]


# --------------------------------------------------------------------------- wording (item 12)


def test_no_reason_ever_names_a_condition_or_suggests_imaging(db):
    athlete = lifter(db, 18)
    steady_training(db, athlete)
    every_feature = set(Feature) - {Feature.ONE_LEG_WEAKNESS, Feature.NERVE_SIGNS_WORSENING}
    report_pain(db, athlete, 3, 6, Region.RIGHT, quality=Quality.SHARP, timing=Timing.REST_OR_NIGHT, features=every_feature)
    store.save_back_screen(db, athlete_id=athlete.id, data={"yes": set(ScreenItem) - {ScreenItem.CANCER_HISTORY}})
    result = screen(db, athlete)
    assert result.advice.triage.level == Level.ASSESS
    assert len(result.advice.triage.reasons) >= 6
    assert_no_diagnosis(result)
    report_pain(db, athlete, 1, 6, Region.LEG, features={Feature.ONE_LEG_WEAKNESS}, red_flags=set(RedFlag) - {RedFlag.SADDLE_NUMBNESS})
    assert_no_diagnosis(screen(db, athlete))


# --------------------------------------------------------------------------- the pure rules


def test_episodes_split_after_14_pain_free_days():
    at = dt.datetime(2026, 1, 1, 8)
    reports = [Report(at, 3, Region.CENTRE), Report(at + dt.timedelta(days=14), 3, Region.CENTRE)]
    assert len(triage.episodes(reports)) == 1  # 13 whole days between
    reports.append(Report(at + dt.timedelta(days=29), 3, Region.CENTRE))  # 14 whole days between
    assert [len(e.reports) for e in triage.episodes(reports)] == [2, 1]


reports_strategy = st.lists(
    st.builds(
        Report,
        recorded_at=st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 6, 30)),
        pain=st.integers(0, 10),
        region=st.sampled_from(list(Region)),
        quality=st.sampled_from([None, *Quality]),
        timing=st.sampled_from([None, *Timing]),
        features=st.frozensets(st.sampled_from(list(Feature)), max_size=2),
        red_flags=st.frozensets(st.sampled_from(list(RedFlag)), max_size=1),
    ),
    max_size=12,
).map(lambda rs: sorted(rs, key=lambda r: r.recorded_at))


@settings(max_examples=60, deadline=None)
@given(
    reports=reports_strategy,
    cleared=st.lists(st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 7, 30)), max_size=2),
    birth_year=st.sampled_from([None, 1960, 1975, 2008]),
)
def test_triage_by_day_equals_triage_on_each_day(reports, cleared, birth_year):
    """The history computes triage only where it can change; it must equal asking day by day."""
    clearances = [Clearance(at, "Jo") for at in cleared]
    profile = Profile(birth_year=birth_year)
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=offset) for offset in range(0, 240, 1)]
    by_day = triage.triage_by_day(reports, days, profile=profile, clearances=clearances, settings=DEFAULT_SETTINGS)
    for day_, result in zip(days, by_day, strict=True):
        fresh = triage.triage(reports, on=day_, profile=profile, clearances=clearances)
        assert (result.level, result.reasons) == (fresh.level, fresh.reasons), day_

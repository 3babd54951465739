"""The weekly back check-in (OSTRC-H2 adapted): scoring, storage on real SQLite, and its chart."""

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from tests.test_store import dump
from tracker import charts, checkin, store
from tracker.checkin import record_checkin
from tracker.errors import NotFoundError, ValidationError
from tracker.models import WeeklyCheckin
from tracker.science import ostrc
from tracker.science.ostrc import QUESTIONS, is_substantial, severity_score, week_of

NONE = {"participation": 0, "volume": 0, "performance": 0, "symptoms": 0}
WORST = {"participation": 25, "volume": 25, "performance": 25, "symptoms": 25}
MIXED = {"participation": 8, "volume": 13, "performance": 6, "symptoms": 17}  # 8 + 13 + 6 + 17
MILD = {"participation": 8, "volume": 6, "performance": 6, "symptoms": 17}

THIS_MONDAY = week_of(dt.date.today())


def test_questions_follow_the_published_ostrc_table():
    """Clarsen et al. 2013, figure 1: questions 1 and 4 score 0/8/17/25 over four answers;
    questions 2 and 3 score 0/6/13/19/25 over five, the last "could not participate at all"."""
    assert [q.key for q in QUESTIONS] == ["participation", "volume", "performance", "symptoms"]
    assert QUESTIONS[0].scores == QUESTIONS[3].scores == (0, 8, 17, 25)
    assert QUESTIONS[1].scores == QUESTIONS[2].scores == (0, 6, 13, 19, 25)
    for question in QUESTIONS:
        assert "past 7 days" in question.text and "back" in question.text
    assert QUESTIONS[0].label(25) == "Could not participate due to back problems"
    assert QUESTIONS[1].label(13) == "To a moderate extent"
    assert QUESTIONS[2].label(25) == "Could not participate at all"
    assert QUESTIONS[3].label(0) == "No back pain"


@pytest.mark.parametrize(("answers", "expected"), [(NONE, 0), (WORST, 100), (MIXED, 44), (MILD, 37)])
def test_severity_by_hand(answers, expected):
    assert severity_score(answers) == expected


def test_full_participation_without_back_problems_ends_the_questionnaire():
    assert ostrc.checked_answers({"participation": 0}) == NONE
    with pytest.raises(ValidationError, match="volume: not asked after"):
        ostrc.checked_answers({"participation": 0, "volume": 6})


def test_could_not_participate_skips_volume_and_performance_which_score_25():
    assert ostrc.checked_answers({"participation": 25, "symptoms": 17}) == {"participation": 25, "volume": 25, "performance": 25, "symptoms": 17}
    assert severity_score({"participation": 25, "symptoms": 25}) == 100
    with pytest.raises(ValidationError, match="performance: not asked after"):
        ostrc.checked_answers({"participation": 25, "volume": 25, "performance": 13, "symptoms": 8})


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (NONE, False),
        (MILD, False),
        ({**MILD, "participation": 17, "symptoms": 25}, False),  # reduced participation alone: not OSTRC-substantial
        ({"participation": 25, "symptoms": 0}, True),
        ({**MILD, "volume": 13}, True),
        ({**MILD, "performance": 19}, True),
        ({**MILD, "performance": 25}, True),
        (MIXED, True),
    ],
)
def test_substantial_as_ostrc_defines_it(answers, expected):
    assert is_substantial(answers) is expected


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({**MILD, "volume": 10}, "volume"),
        ({**MILD, "symptoms": -8}, "symptoms"),
        ({**MILD, "performance": 6.5}, "performance"),
        ({**MILD, "participation": True}, "participation"),
        ({**MILD, "performance": "6"}, "performance"),
        ({k: v for k, v in MILD.items() if k != "symptoms"}, "symptoms"),
        ({**MILD, "participation": None}, "participation"),
        ({**MILD, "sleep": 0}, "sleep"),
    ],
)
def test_bad_answers_are_refused_naming_the_question(answers, field):
    for score in (severity_score, is_substantial):
        with pytest.raises(ValidationError) as refused:
            score(answers)
        assert refused.value.problems[0].field == field
        assert field in str(refused.value)
        if field in ostrc.KEYS:
            assert ", ".join(map(str, ostrc.BY_KEY[field].scores)) in str(refused.value)  # the allowed scores are named


@given(st.fixed_dictionaries({question.key: st.sampled_from(question.scores) for question in QUESTIONS}).filter(lambda a: a["participation"] in (8, 17)))
def test_severity_is_the_sum_and_within_0_to_100(answers):
    score = severity_score(answers)
    assert score == sum(answers.values())
    assert 0 <= score <= 100


def test_week_of_is_the_monday():
    assert week_of(dt.date(2025, 3, 3)) == dt.date(2025, 3, 3)  # a Monday
    assert week_of(dt.date(2025, 3, 9)) == dt.date(2025, 3, 3)  # its Sunday
    assert week_of(dt.datetime(2025, 3, 5, 23, 30)) == dt.date(2025, 3, 3)


def test_record_then_read_back(db, athlete):
    earlier = record_checkin(db, athlete_id=athlete.id, day=THIS_MONDAY - dt.timedelta(days=10), answers=MIXED)
    now = record_checkin(db, athlete_id=athlete.id, day=dt.date.today(), answers=NONE)

    assert earlier.week_start == THIS_MONDAY - dt.timedelta(days=14)
    assert (earlier.severity, now.severity, now.week_start) == (44, 0, THIS_MONDAY)
    frame = checkin.checkins_frame(db, athlete_id=athlete.id)
    assert list(frame.columns) == ["week_start", "participation", "volume", "performance", "symptoms", "severity"]
    assert frame["week_start"].dtype == "datetime64[us]"
    expected = pd.DataFrame(
        [
            {"week_start": pd.Timestamp(THIS_MONDAY - dt.timedelta(days=14)), **MIXED, "severity": 44},
            {"week_start": pd.Timestamp(THIS_MONDAY), **NONE, "severity": 0},
        ]
    ).astype({"week_start": "datetime64[us]"})
    pd.testing.assert_frame_equal(frame, expected)

    only_recent = checkin.checkins_frame(db, athlete_id=athlete.id, start=THIS_MONDAY - dt.timedelta(days=5))
    assert only_recent["week_start"].tolist() == [pd.Timestamp(THIS_MONDAY)]
    mid_week = checkin.checkins_frame(db, athlete_id=athlete.id, start=THIS_MONDAY - dt.timedelta(days=12), end=THIS_MONDAY - dt.timedelta(days=1))
    assert mid_week["severity"].tolist() == [44]


def test_empty_frame_keeps_its_columns_and_types(db, athlete):
    frame = checkin.checkins_frame(db, athlete_id=athlete.id)
    assert frame.empty and list(frame.columns) == ostrc.COLUMNS
    assert frame["week_start"].dtype == "datetime64[us]" and frame["severity"].dtype == "int64"


def test_answering_twice_in_a_week_keeps_one_row_with_the_second_answers(db, athlete):
    first = record_checkin(db, athlete_id=athlete.id, day=THIS_MONDAY, answers=WORST)
    second = record_checkin(db, athlete_id=athlete.id, day=THIS_MONDAY + dt.timedelta(days=min(6, dt.date.today().weekday())), answers=MILD)

    rows = db.exec(select(WeeklyCheckin)).all()
    assert len(rows) == 1 and second.id == first.id
    assert {key: getattr(rows[0], key) for key in ostrc.KEYS} == MILD
    assert rows[0].severity == 37


def test_future_week_and_bad_input_are_refused_and_nothing_is_stored(db, athlete, engine):
    record_checkin(db, athlete_id=athlete.id, day=THIS_MONDAY, answers=MILD)
    before = dump(engine)

    with pytest.raises(ValidationError) as refused:
        record_checkin(db, athlete_id=athlete.id, day=THIS_MONDAY + dt.timedelta(days=7), answers=NONE)
    assert refused.value.problems[0].field == "day"
    with pytest.raises(ValidationError):
        record_checkin(db, athlete_id=athlete.id, day=THIS_MONDAY, answers={**MILD, "volume": 9})
    with pytest.raises(NotFoundError):
        record_checkin(db, athlete_id=athlete.id + 99, day=THIS_MONDAY, answers=NONE)

    assert dump(engine) == before


def test_checkin_due_until_answered_this_week(db, athlete):
    today = dt.date.today()
    record_checkin(db, athlete_id=athlete.id, day=today - dt.timedelta(days=7), answers=MILD)  # last week's does not count
    assert checkin.checkin_due(db, athlete_id=athlete.id, today=today)

    record_checkin(db, athlete_id=athlete.id, day=today, answers=NONE)

    assert not checkin.checkin_due(db, athlete_id=athlete.id, today=today)
    assert checkin.checkin_due(db, athlete_id=athlete.id, today=THIS_MONDAY + dt.timedelta(days=7))  # next week asks again
    with pytest.raises(NotFoundError):
        checkin.checkin_due(db, athlete_id=athlete.id + 99, today=today)


def test_recording_bumps_the_data_version(db, athlete):
    start = store.data_version(db, athlete_id=athlete.id)
    record_checkin(db, athlete_id=athlete.id, day=THIS_MONDAY, answers=NONE)
    assert store.data_version(db, athlete_id=athlete.id) == start + 1
    record_checkin(db, athlete_id=athlete.id, day=THIS_MONDAY, answers=MILD)  # a replacement counts too
    assert store.data_version(db, athlete_id=athlete.id) == start + 2


def test_deleting_the_athlete_deletes_their_checkins(db, athlete):
    record_checkin(db, athlete_id=athlete.id, day=THIS_MONDAY, answers=NONE)
    store.delete_athlete(db, athlete_id=athlete.id)
    assert db.exec(select(WeeklyCheckin)).all() == []


def test_severity_chart_draws_the_stored_scores(db, athlete):
    weeks = {THIS_MONDAY - dt.timedelta(days=21): MIXED, THIS_MONDAY - dt.timedelta(days=7): MILD, THIS_MONDAY: WORST}
    for monday, answers in weeks.items():
        record_checkin(db, athlete_id=athlete.id, day=monday, answers=answers)
    frame = checkin.checkins_frame(db, athlete_id=athlete.id)

    fig = charts.severity_chart(frame)

    drawn = {pd.Timestamp(x): int(y) for trace in fig.data for x, y in zip(trace.x, trace.y)}
    assert drawn == dict(zip(frame["week_start"], frame["severity"]))
    by_name = {trace.name: sorted(int(y) for y in trace.y) for trace in fig.data}
    assert by_name == {charts.SUBSTANTIAL_LABEL: [44, 100], charts.OTHER_LABEL: [37]}
    colours = {trace.name: trace.marker.color for trace in fig.data}
    assert colours[charts.SUBSTANTIAL_LABEL] != colours[charts.OTHER_LABEL]
    assert tuple(fig.layout.yaxis.range) == (0, 100)
    fig.to_json()


def test_severity_chart_without_checkins_says_what_to_do(db, athlete):
    fig = charts.severity_chart(checkin.checkins_frame(db, athlete_id=athlete.id))
    assert len(fig.data) == 0
    assert "check-in" in fig.layout.annotations[0].text

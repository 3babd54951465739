"""AdviceSettings: the documented defaults, validation of edited values, and their effect on advice."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlmodel import Session

from tracker import status, store
from tracker.db import open_engine
from tracker.errors import ValidationError
from tracker.science import advice, triage
from tracker.science.settings import DEFAULT_SETTINGS, AdviceSettings

#: The thresholds as documented (README "How advice is made", settings help texts).
DOCUMENTED = {
    "acwr_reduce": 1.5,
    "acwr_reduce_with_pain": 1.3,
    "acwr_low": 0.8,
    "acwr_high": 1.3,
    "week_change_reduce": 0.15,
    "return_break_days": 10,
    "return_window_days": 7,
    "return_full_load": 0.9,
    "low_chronic_share": 0.5,
    "reload_done_share": 0.9,
    "pain_threshold": 3,
    "episode_pain_min": 1,
    "pain_after_session_reduce": 5,
    "settled_pain": 2,
    "settled_days": 7,
    "reduce_exit_days": 3,
    "episode_gap_days": 14,
    "persistent_pain_days": 14,
    "recurring_episodes": 2,
    "soreness_days": 5,
    "worsening_rise": 2,
    "lookback_days": 14,
    "late_set_rpe": 9.0,
    "grinding_lifts": 2,
    "trunk_sets_min": 6,
    "spinal_day_share": 0.5,
    "hip_share_min": 0.15,
    "hip_min_lower_sets": 12,
    "reload_after_days": 42,
}
FIELDS = {f.name: f for f in dataclasses.fields(AdviceSettings)}


# --------------------------------------------------------------------------- defaults


def test_defaults_match_the_documented_numbers():
    assert AdviceSettings().to_dict() == DOCUMENTED
    assert DEFAULT_SETTINGS == AdviceSettings()


def test_whole_number_settings_are_integers():
    for name, value in DOCUMENTED.items():
        assert type(getattr(DEFAULT_SETTINGS, name)) is type(value), name


def test_every_default_lies_within_its_own_range():
    for field in FIELDS.values():
        assert field.metadata["low"] <= field.default <= field.metadata["high"], field.name


# --------------------------------------------------------------------------- from_dict


def test_from_dict_accepts_a_valid_change_and_keeps_the_other_defaults():
    changed = AdviceSettings.from_dict({"acwr_reduce": 1.7, "lookback_days": 21})
    assert changed.acwr_reduce == 1.7 and changed.lookback_days == 21
    assert {k: v for k, v in changed.to_dict().items() if k not in {"acwr_reduce", "lookback_days"}} == {
        k: v for k, v in DOCUMENTED.items() if k not in {"acwr_reduce", "lookback_days"}
    }


def test_from_dict_accepts_numbers_typed_as_text():
    changed = AdviceSettings.from_dict({"acwr_reduce": "1.6", "return_break_days": "12"})
    assert changed.acwr_reduce == 1.6 and changed.return_break_days == 12
    assert type(changed.return_break_days) is int


def test_from_dict_of_nothing_is_the_defaults_and_to_dict_round_trips():
    assert AdviceSettings.from_dict({}) == DEFAULT_SETTINGS
    custom = AdviceSettings.from_dict({"acwr_high": 1.4, "pain_threshold": 4})
    assert AdviceSettings.from_dict(custom.to_dict()) == custom


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("acwr_reduce", 5, "acwr_reduce must be between 1 and 3 (got 5)"),
        ("acwr_reduce", 0.9, "acwr_reduce must be between 1 and 3 (got 0.9)"),
        ("pain_threshold", 11, "pain_threshold must be between 1 and 10 (got 11)"),
        ("hip_share_min", -0.1, "hip_share_min must be between 0 and 0.6 (got -0.1)"),
        ("return_break_days", 61, "return_break_days must be between 5 and 60 (got 61)"),
    ],
)
def test_from_dict_refuses_an_out_of_range_value_naming_the_setting_and_range(name, value, message):
    with pytest.raises(ValidationError) as refused:
        AdviceSettings.from_dict({name: value})
    assert str(refused.value) == message
    assert refused.value.for_field(name) == message


def test_from_dict_refuses_text_that_is_not_a_number():
    with pytest.raises(ValidationError) as refused:
        AdviceSettings.from_dict({"acwr_low": "high"})
    assert refused.value.for_field("acwr_low") == "acwr_low must be a number (got 'high')"


def test_from_dict_names_every_bad_setting_at_once():
    with pytest.raises(ValidationError) as refused:
        AdviceSettings.from_dict({"acwr_reduce": 9, "lookback_days": 1, "acwr_high": 1.4})
    assert [p.field for p in refused.value.problems] == ["acwr_reduce", "lookback_days"]


def test_from_dict_ignores_unknown_keys():
    assert AdviceSettings.from_dict({"no_such_setting": 99, "acwr_reduce": 1.6}) == AdviceSettings(acwr_reduce=1.6)
    assert AdviceSettings.from_dict({"theme": "dark"}) == DEFAULT_SETTINGS


@st.composite
def in_range(draw):
    field = FIELDS[draw(st.sampled_from(sorted(FIELDS)))]
    low, high = field.metadata["low"], field.metadata["high"]
    if isinstance(field.default, int):
        return field.name, draw(st.integers(int(math.ceil(low)), int(math.floor(high))))
    return field.name, draw(st.floats(low, high, allow_nan=False))


@st.composite
def out_of_range(draw):
    field = FIELDS[draw(st.sampled_from(sorted(FIELDS)))]
    low, high = field.metadata["low"], field.metadata["high"]
    if isinstance(field.default, int):
        value = draw(st.one_of(st.integers(max_value=int(low) - 1), st.integers(min_value=int(high) + 1)))
    else:
        value = draw(st.one_of(st.floats(max_value=low, exclude_max=True), st.floats(min_value=high, exclude_min=True)))
    return field.name, value


@hypothesis_settings(max_examples=200, deadline=None)
@given(in_range())
def test_any_value_within_range_is_accepted_as_given(change):
    name, value = change
    try:
        settings = AdviceSettings.from_dict({name: value})
    except ValidationError as refused:
        # Only a contradiction with a default partner may refuse an in-range value.
        assert all("must be below" in p.message or "must not be above" in p.message for p in refused.problems)
        return
    assert getattr(settings, name) == value


@hypothesis_settings(max_examples=200, deadline=None)
@given(out_of_range())
def test_any_value_outside_range_is_refused(change):
    name, value = change
    low, high = FIELDS[name].metadata["low"], FIELDS[name].metadata["high"]
    with pytest.raises(ValidationError) as refused:
        AdviceSettings.from_dict({name: value})
    message = refused.value.for_field(name)
    assert message is not None and message.startswith(f"{name} must be")
    assert f"between {low:g} and {high:g}" in message or "must be a number" in message


# --------------------------------------------------------------------------- describe


def test_describe_lists_every_setting_with_its_default_range_and_help():
    described = AdviceSettings.describe()
    assert [item["name"] for item in described] == list(FIELDS)
    assert {item["name"] for item in described} == set(DOCUMENTED)
    for item in described:
        assert set(item) == {"name", "default", "low", "high", "help"}
        assert item["default"] == DOCUMENTED[item["name"]]
        assert item["low"] <= item["default"] <= item["high"]
        assert isinstance(item["help"], str) and len(item["help"]) > 20 and item["help"].endswith(".")


# --------------------------------------------------------------------------- settings change advice

DEMO_TODAY = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def demo(demo_database):
    engine = open_engine(demo_database(DEMO_TODAY))
    with Session(engine) as db:
        histories = {
            name: status.load_history(db, athlete=store.get_athlete_by_name(db, name=name), until=DEMO_TODAY)
            for name in ("Alex Ramp", "Blair Return")
        }
    yield histories
    engine.dispose()


def reasons(history, phase: str, settings: AdviceSettings = DEFAULT_SETTINGS) -> list[str]:
    result = advice.advise(history, on=DEMO_TODAY, settings=settings)
    return [reason for p in result.phases if p.phase == phase for reason in p.reasons]


def test_raising_acwr_reduce_removes_alexs_acwr_reason(demo):
    alex = demo["Alex Ramp"]
    assert any("above 1.5" in r for r in reasons(alex, "reduce"))
    raised = AdviceSettings.from_dict({"acwr_reduce": 2.0})
    after = reasons(alex, "reduce", raised)
    assert not any("above 1.5" in r or "above 2 " in r for r in after)
    # Alex still has pain this week, so the ratio now counts only through the with-pain rule.
    assert any("above 1.3" in r and "with pain up to 4/10" in r for r in after)


def test_a_changed_threshold_appears_in_the_reason(demo):
    alex = demo["Alex Ramp"]
    assert any("above 1.6 (EWMA" in r for r in reasons(alex, "reduce", AdviceSettings.from_dict({"acwr_reduce": 1.6})))


def test_a_longer_break_threshold_no_longer_sees_blairs_16_days_off(demo):
    blair = demo["Blair Return"]
    assert any("16 days off" in r for r in reasons(blair, "reduce"))
    assert not any("days off" in r for r in reasons(blair, "reduce", AdviceSettings.from_dict({"return_break_days": 17})))


def test_triage_reads_the_settings_too():
    # Pain 4/10 every four days for 16 days: an episode persisting more than 14 days.
    on = dt.date(2026, 6, 30)
    reports = [
        triage.Report(recorded_at=dt.datetime.combine(on - dt.timedelta(days=ago), dt.time(7, 30)), pain=4, region="low back centre")
        for ago in (16, 12, 8, 4, 0)
    ]
    profile = triage.Profile(birth_year=1990)
    assert triage.triage(reports, on=on, profile=profile).level == triage.Level.ASSESS
    patient = AdviceSettings.from_dict({"persistent_pain_days": 20})
    assert triage.triage(reports, on=on, profile=profile, settings=patient).level == triage.Level.NONE
    stricter = AdviceSettings.from_dict({"episode_pain_min": 5})  # 4/10 is no longer part of an episode
    assert triage.triage(reports, on=on, profile=profile, settings=stricter).level == triage.Level.NONE


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"return_break_days": 10.7}, "return_break_days", "return_break_days must be a whole number (got 10.7)"),
        ({"acwr_reduce": "1.6x"}, "acwr_reduce", "acwr_reduce must be a number (got '1.6x')"),
        ({"acwr_reduce": True}, "acwr_reduce", "acwr_reduce must be a number (got True)"),
        ({"acwr_low": 1.0, "acwr_high": 1.0}, "acwr_low", "acwr_low (1) must be below acwr_high (1)"),
        ({"acwr_reduce": 1.4, "acwr_reduce_with_pain": 1.45}, "acwr_reduce_with_pain", "acwr_reduce_with_pain (1.45) must not be above acwr_reduce (1.4)"),
    ],
)
def test_from_dict_refuses_non_numbers_fractions_of_counts_and_contradictions(values, field, message):
    with pytest.raises(ValidationError) as refused:
        AdviceSettings.from_dict(values)
    assert refused.value.for_field(field) == message


def test_numeric_text_is_read_as_a_number():
    assert AdviceSettings.from_dict({"acwr_reduce": "1.6", "return_break_days": "12.0"}).return_break_days == 12

"""How figures read: one date style, '—' for missing, whole percentages, the week's sentence."""

import dataclasses
import datetime as dt
import math

import pytest

from tracker import wording
from tracker.science.advice import Advice, PhaseAdvice
from tracker.science.triage import Level, Triage
from tracker.status import AthleteReport, LoadStatus


def test_one_date_style():
    assert wording.day(dt.date(2026, 11, 29)) == "29 Nov 2026"
    assert wording.day(dt.datetime(2026, 12, 5, 7, 30)) == "5 Dec 2026"
    assert wording.day(None) == "—"


def test_missing_numbers_are_a_dash_and_percentages_whole():
    assert wording.number(4641.4) == "4,641" and wording.number(1.3249, 2) == "1.32"
    assert wording.number(math.nan) == wording.number(None) == "—"
    assert wording.percent(0.938) == "94 %" and wording.percent(-0.12, signed=True) == "-12 %" and wording.percent(0.5, signed=True) == "+50 %"
    assert wording.percent(math.nan) == "—"


def status(**changes) -> LoadStatus:
    base = LoadStatus(
        athlete="Sam", date=dt.date(2026, 11, 29), metric="srpe", days_of_history=120, sessions_last_7_days=5, last_session=dt.date(2026, 11, 29),
        acute_load=4641.0, chronic_load=2600.0, acute_ewma=600.0, chronic_ewma=380.0, acwr_ewma=1.58, acwr_rolling=1.6, acwr_zone="high",
        week_change=0.94, monotony=1.4, strain=6500.0,
    )  # fmt: skip
    return dataclasses.replace(base, **changes)


def advice(level=Level.NONE, phases=("reduce",)) -> Advice:
    return Advice(
        date=dt.date(2026, 11, 29),
        triage=Triage(level, []),
        phases=[PhaseAdvice(phase=p, reasons=[], actions=[], until="") for p in phases],
        notes=[],
    )


@pytest.mark.parametrize(
    ("changes", "level", "phases", "expected"),
    [
        ({"acwr_zone": "elevated"}, Level.NONE, ("reduce",), "This week: 4,641 AU, up 94 % on last week — above your usual range. Suggested: reduce."),
        ({"week_change": -0.12, "acwr_zone": "in range"}, Level.NONE, ("build",), "This week: 4,641 AU, down 12 % on last week — within your usual range. Suggested: build."),
        ({"week_change": 0.001, "acwr_zone": "low"}, Level.ASSESS, ("hip_strength",), "This week: 4,641 AU, the same as last week — below your usual range. Suggested: hip strength."),
        ({"week_change": math.nan, "acwr_zone": "not enough history", "days_of_history": 9}, Level.NONE, (), "This week: 4,641 AU — your usual range needs 28 days of history (9 so far)."),
        ({"metric": "tonnage", "acute_load": 12500.0}, Level.URGENT, (), "This week: 12,500 kg lifted, up 94 % on last week — well above your usual range. Suggested: see a clinician first."),
        ({"acute_load": math.nan, "days_of_history": 0, "acwr_zone": "no data", "week_change": math.nan}, Level.NONE, (), "Nothing logged in the last 7 days yet."),
    ],
)
def test_the_week_in_one_sentence(changes, level, phases, expected):
    assert wording.week_sentence(AthleteReport(status(**changes), advice(level, phases))) == expected


def test_the_acwr_explanation_says_what_it_does_not_do():
    text = wording.EXPLANATIONS["ACWR"]
    assert "last month" in text and "not a prediction" in text and "Impellizzeri" in text and "Lolli" in text


def test_the_weekly_table_reads_newest_first_with_dashes_and_whole_percentages():
    import numpy as np
    import pandas as pd

    weeks = pd.DatetimeIndex(["2026-11-16", "2026-11-23"], name="week")
    weekly = pd.DataFrame(
        {"load": [2400.0, 4641.4], "week_change": [np.nan, 0.9339], "monotony": [1.234, np.nan], "strain": [3000.0, np.nan],
         "sessions": [3, 5], "hard_sets": [20, 31], "pain_max": [np.nan, 3.0]},
        index=weeks,
    )  # fmt: skip
    table = wording.weekly_table(weekly)
    assert table.to_dict("records") == [
        {"Week of": "23 Nov 2026", "Total load": "4,641", "Change": "+93 %", "Monotony": "—", "Strain": "—", "Sessions": "5", "Hard sets": "31", "Pain (max)": "3"},
        {"Week of": "16 Nov 2026", "Total load": "2,400", "Change": "—", "Monotony": "1.23", "Strain": "3,000", "Sessions": "3", "Hard sets": "20", "Pain (max)": "—"},
    ]

"""How figures read to a person: one date style, one way of showing a missing number, whole
percentages, and the plain sentence that opens an athlete's trends.

Pages, reports and the CLI word things through here so "29 Nov 2026", "—" and "94 %" look the
same everywhere. Pure: no database, no Streamlit.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from tracker.science.advice import PHASE_TITLES
from tracker.science.triage import Level
from tracker.status import AthleteReport

MISSING = "—"

#: What each load metric is counted in, after the number ("4,641 AU").
METRIC_UNITS = {"srpe": "AU", "tonnage": "kg lifted", "spinal_tonnage": "kg of spinal tonnage", "hard_sets": "hard sets"}

ZONE_WORDS = {
    "high": "well above your usual range",
    "elevated": "above your usual range",
    "in range": "within your usual range",
    "low": "below your usual range",
}

EXPLANATIONS = {
    "AU": (
        "**AU (arbitrary units)** is session RPE × minutes (Foster 1998): an hour at RPE 7 is "
        "420 AU. It adds up hard and long sessions on one scale; it is not a physical unit."
    ),
    "ACWR": (
        "**ACWR (acute:chronic workload ratio)** describes how this week's training compares with "
        "what you have done over the last month: 1.0 means the same, 1.5 means half as much again. "
        "It is a description of your recent training, not a prediction: it does not tell whether "
        "you as an individual will be injured (Impellizzeri et al. 2020; Lolli et al. 2019). "
        "Read it beside the absolute loads and the week change shown with it."
    ),
    "Monotony": (
        "**Monotony** is the week's average daily load divided by how much it varies from day to "
        "day (Foster 1998). Above about 2 the days are very alike — little contrast between hard "
        "and easy days."
    ),
}

REFERENCES = (
    "Impellizzeri FM et al. Acute:chronic workload ratio: conceptual issues and fundamental pitfalls. "
    "*Int J Sports Physiol Perform* 2020;15:907–913. "
    "Lolli L et al. Mathematical coupling causes spurious correlation within the conventional "
    "acute-to-chronic workload ratio calculations. *Br J Sports Med* 2019;53:921–922."
)


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def day(value: dt.date | dt.datetime | None) -> str:
    """The one date style: '29 Nov 2026' (no leading zero); '—' for none."""
    if value is None:
        return MISSING
    return f"{value.day} {value:%b %Y}"


def number(value: float | int | None, digits: int = 0) -> str:
    """'4,641' or '1.32'; '—' for None or NaN."""
    if is_missing(value):
        return MISSING
    return f"{value:,.{digits}f}"


def percent(fraction: float | None, *, signed: bool = False) -> str:
    """A fraction as a whole percentage: 0.938 → '94 %' ('+94 %' when signed); '—' if missing."""
    if is_missing(fraction):
        return MISSING
    whole = round(fraction * 100)
    return f"{whole:+d} %" if signed and whole else f"{whole:d} %"


def phase_name(phase: str) -> str:
    """'hip_strength' → 'hip strength': the short name of a phase, lower case, for a sentence."""
    title = PHASE_TITLES.get(phase)
    return (title.split(" — ")[0] if title else phase.replace("_", " ")).lower()


def week_sentence(report: AthleteReport) -> str:
    """One plain sentence about this week, from the figures and advice already worked out:
    'This week: 4,641 AU, up 94 % on last week — above your usual range. Suggested: reduce.'"""
    status, advice = report.status, report.advice
    unit = METRIC_UNITS.get(status.metric, "")
    if is_missing(status.acute_load) or status.days_of_history == 0:
        opening = "Nothing logged in the last 7 days yet"
    else:
        opening = f"This week: {number(status.acute_load)} {unit}".rstrip()
        change = status.week_change
        if not is_missing(change):
            whole = round(change * 100)
            opening += ", the same as last week" if whole == 0 else f", {'up' if whole > 0 else 'down'} {abs(whole)} % on last week"
    if status.acwr_zone in ZONE_WORDS:
        opening += f" — {ZONE_WORDS[status.acwr_zone]}"
    elif status.days_of_history:
        opening += f" — your usual range needs 28 days of history ({status.days_of_history} so far)"
    if advice.triage.level >= Level.URGENT:
        suggestion = " Suggested: see a clinician first."
    elif advice.phases:
        suggestion = f" Suggested: {phase_name(advice.phases[0].phase)}."
    else:
        suggestion = ""
    return f"{opening}.{suggestion}"


def weekly_table(weekly: pd.DataFrame) -> pd.DataFrame:
    """`tracker.science.weekly.weekly_summary` as a person reads it, newest week first: dates as
    '24 Nov 2026', whole percentages, '—' where a figure does not exist (a part week's monotony)."""
    rows = [
        {
            "Week of": day(week.date()),
            "Total load": number(row["load"]),
            "Change": percent(row["week_change"], signed=True),
            "Monotony": number(row["monotony"], 2),
            "Strain": number(row["strain"]),
            "Sessions": number(row["sessions"]),
            "Hard sets": number(row["hard_sets"]),
            "Pain (max)": number(row["pain_max"]),
        }
        for week, row in weekly.sort_index(ascending=False).iterrows()
    ]
    return pd.DataFrame(rows, columns=["Week of", "Total load", "Change", "Monotony", "Strain", "Sessions", "Hard sets", "Pain (max)"])

"""Red-flag triage of pain reports. Its level overrides all training advice.

Levels, highest wins: emergency (go now), urgent (a clinician within a day), assess (book an
assessment), none (fits training soreness; training guidance applies). Each reason names the
entry or figures that set it. Wording is calm and never diagnoses: it says what a pattern
*can* come from and who should look at it.

Screening rules follow the red flags for serious spinal pathology and nerve-root involvement in
NICE NG59 (2016, updated 2020) and the IFOMPT International Framework for Red Flags (Finucane
et al., JOSPT 2020); the under-25 extension-pain rule reflects spondylolysis in young athletes.

Episode: a run of pain reports at or above `pain_threshold` (3/10 by default). A new episode
starts with such a report after at least `episode_gap_days` (14) whole days without one in
between; it is ongoing while such a report falls within the last 7 days. Windows such as "the
last 14 days" include today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import IntEnum

import pandas as pd

from tracker.science.settings import DEFAULT_SETTINGS, AdviceSettings
from tracker.vocab import FEATURE_LABELS, RED_FLAG_LABELS, Feature, Quality, RedFlag, Region, Timing

ONGOING_DAYS = 7
SIX_MONTHS_DAYS = 182


class Level(IntEnum):
    NONE = 0
    ASSESS = 1
    URGENT = 2
    EMERGENCY = 3

    @property
    def label(self) -> str:
        return self.name.lower()


HEADLINES = {
    Level.EMERGENCY: "Go to an emergency department now, or call emergency services.",
    Level.URGENT: "See a doctor or physiotherapist within 24 hours, and hold training until then.",
    Level.ASSESS: "Book an assessment with a physiotherapist or doctor in the next week or two.",
    Level.NONE: "Nothing in your pain reports needs a clinician: the pattern fits training soreness or strain.",
}

EMERGENCY_FLAGS = (RedFlag.SADDLE_NUMBNESS, RedFlag.BLADDER_BOWEL, RedFlag.BOTH_LEGS)
URGENT_FLAGS = (RedFlag.FEVER_UNWELL, RedFlag.CONSTANT_PAIN, RedFlag.TRAUMA)
URGENT_FLAG_CONTEXT = {
    RedFlag.FEVER_UNWELL: "back pain with fever or feeling unwell can come from an infection and needs checking soon",
    RedFlag.CONSTANT_PAIN: "pain that rest and changing position do not ease is not the usual pattern of a training strain",
    RedFlag.TRAUMA: "back pain after a fall or a blow needs checking for an injury to the bone",
}
ONE_SIDED = {Region.LEFT, Region.RIGHT}
LEG_REGIONS = {Region.BUTTOCK, Region.LEG}


@dataclass(frozen=True)
class Triage:
    level: Level
    reasons: list[str] = field(default_factory=list)

    @property
    def headline(self) -> str:
        return HEADLINES[self.level]

    @property
    def stops_load_advice(self) -> bool:
        return self.level > Level.NONE

    def to_dict(self) -> dict:
        return {"level": self.level.label, "headline": self.headline, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class Report:
    """One pain report as the rules read it (plain values: the rules run over a handful of them)."""

    recorded_at: dt.datetime
    pain: int
    region: str
    quality: str | None = None
    timing: str | None = None
    session_id: int | None = None
    features: frozenset[Feature] = frozenset()
    red_flags: frozenset[RedFlag] = frozenset()

    @property
    def day(self) -> dt.date:
        return self.recorded_at.date()


def reports_from_frame(pain: pd.DataFrame) -> list[Report]:
    """`store.pain_frame` rows as Reports, oldest first."""
    reports = []
    for row in pain.sort_values("recorded_at", kind="stable").to_dict("records"):
        session_id = row["session_id"]
        reports.append(
            Report(
                recorded_at=pd.Timestamp(row["recorded_at"]).to_pydatetime(),
                pain=int(row["pain"]),
                region=row["region"],
                quality=row["quality"] if isinstance(row["quality"], str) else None,
                timing=row["timing"] if isinstance(row["timing"], str) else None,
                session_id=None if pd.isna(session_id) else int(session_id),
                features=frozenset(f for f in Feature if row[f.value]),
                red_flags=frozenset(f for f in RedFlag if row[f.value]),
            )
        )
    return reports


def between(reports: list[Report], first: dt.date, last: dt.date) -> list[Report]:
    """Reports dated `first`..`last` (inclusive)."""
    return [r for r in reports if first <= r.day <= last]


@dataclass(frozen=True)
class Episode:
    start: dt.date
    last: dt.date  # date of the last report at or above the pain threshold
    peak: int
    reports: int


def episodes(reports: list[Report], *, settings: AdviceSettings = DEFAULT_SETTINGS) -> list[Episode]:
    """Split pain reports (oldest first) into episodes."""
    found: list[Episode] = []
    for report in reports:
        if report.pain < settings.pain_threshold:
            continue
        pain_free_days = (report.day - found[-1].last).days - 1 if found else None
        if pain_free_days is not None and pain_free_days < settings.episode_gap_days:
            current = found[-1]
            found[-1] = Episode(current.start, report.day, max(current.peak, report.pain), current.reports + 1)
        else:
            found.append(Episode(report.day, report.day, report.pain, 1))
    return found


def age_in(year: int, birth_year: int | None) -> int | None:
    """Age reached in `year` (birth year only is stored, so this can be a year high)."""
    return None if birth_year is None else year - birth_year


def triage(
    pain: pd.DataFrame | list[Report],
    *,
    on: dt.date,
    birth_year: int | None = None,
    settings: AdviceSettings = DEFAULT_SETTINGS,
) -> Triage:
    """Screen the pain reports up to `on` (a `store.pain_frame`, or Reports) and return the highest level met."""
    reports = reports_from_frame(pain) if isinstance(pain, pd.DataFrame) else pain
    reports = [r for r in reports if r.day <= on]
    recent = [r for r in reports if (on - r.day).days < settings.red_flag_days]
    window = [r for r in reports if (on - r.day).days < settings.lookback_days]

    emergency = _flag_reasons(recent, EMERGENCY_FLAGS)
    if emergency:
        emergency.append(
            "Together or alone, these can come from pressure on the nerves at the base of the spine, "
            "which needs checking the same day. If you have been seen already, follow that advice."
        )
        return Triage(Level.EMERGENCY, emergency)

    urgent = _flag_reasons(recent, URGENT_FLAGS, URGENT_FLAG_CONTEXT)
    urgent += _nerve_reasons(window)
    urgent += _first_episode_reasons(reports, on=on, birth_year=birth_year, settings=settings)
    if urgent:
        return Triage(Level.URGENT, urgent)

    assess = _assess_reasons(reports, window, on=on, birth_year=birth_year, settings=settings)
    if assess:
        return Triage(Level.ASSESS, assess)

    return Triage(Level.NONE, _none_reasons(window, settings))


def _flag_reasons(recent: list[Report], flags: tuple[RedFlag, ...], context: dict[RedFlag, str] | None = None) -> list[str]:
    reasons = []
    for flag in flags:
        hits = [r for r in recent if flag in r.red_flags]
        if hits:
            reason = f"On {hits[-1].day.isoformat()} you reported {RED_FLAG_LABELS[flag]}"
            reasons.append(f"{reason}: {context[flag]}." if context else f"{reason}.")
    return reasons


def _nerve_reasons(window: list[Report]) -> list[str]:
    signs = (Feature.PINS_AND_NEEDLES, Feature.ONE_LEG_WEAKNESS)
    nerve = [r for r in window if Feature.BELOW_KNEE in r.features and r.features & set(signs)]
    if not nerve:
        return []
    last = nerve[-1]
    found = " and ".join(FEATURE_LABELS[f] for f in signs if f in last.features)
    return [
        f"On {last.day.isoformat()} pain spread below the knee with {found} ({last.pain}/10). "
        "This pattern can come from a nerve being irritated where it leaves the spine — get it assessed within a day."
    ]


def _first_episode_reasons(reports: list[Report], *, on: dt.date, birth_year: int | None, settings: AdviceSettings) -> list[str]:
    age = age_in(on.year, birth_year)
    if age is None or 20 <= age <= 50:
        return []
    found = episodes(reports, settings=settings)
    if len(found) != 1 or (on - found[0].last).days >= ONGOING_DAYS:
        return []
    group = "under 20" if age < 20 else "over 50"
    return [
        f"This is the first episode of back pain in your log (since {found[0].start.isoformat()}, up to "
        f"{found[0].peak}/10), at age {age}. A first episode {group} is worth a clinician's look before loading."
    ]


def _assess_reasons(
    reports: list[Report], window: list[Report], *, on: dt.date, birth_year: int | None, settings: AdviceSettings
) -> list[str]:
    reasons = []
    found = episodes(reports, settings=settings)
    if found and (on - found[-1].last).days < ONGOING_DAYS:
        lasted = (found[-1].last - found[-1].start).days
        if lasted > settings.persistent_pain_days:
            reasons.append(
                f"Pain of {settings.pain_threshold}/10 or more has persisted for {lasted} days "
                f"(since {found[-1].start.isoformat()}), more than {settings.persistent_pain_days}."
            )

    sharp = [r for r in window if r.quality == Quality.SHARP and r.pain >= settings.pain_threshold]
    if sharp:
        reasons.append(f"Sharp pain on {sharp[-1].day.isoformat()} ({sharp[-1].pain}/10): sharp pain is worth a look rather than training through.")

    last_three = [r.pain for r in window[-3:]]
    if len(last_three) == 3 and last_three[0] < last_three[1] < last_three[2] and last_three[2] - last_three[0] >= 2:
        reasons.append(f"Pain has risen over your last three reports: {' → '.join(map(str, last_three))}.")

    leg = [r for r in window if r.region in LEG_REGIONS or Feature.BELOW_KNEE in r.features]
    if leg:
        last = leg[-1]
        where = "below the knee" if Feature.BELOW_KNEE in last.features else f"into the {last.region}"
        signs = [FEATURE_LABELS[f] for f in (Feature.PINS_AND_NEEDLES, Feature.ONE_LEG_WEAKNESS) if f in last.features]
        detail = f"with {' and '.join(signs)}" if signs else "without numbness or weakness"
        reasons.append(
            f"Pain {where} on {last.day.isoformat()} ({last.pain}/10), {detail}. "
            "Leg pain can come from a nerve near the spine being irritated — get it assessed."
        )

    resting = [r for r in window if r.timing == Timing.REST_OR_NIGHT and r.pain >= settings.pain_threshold]
    if resting:
        last = resting[-1]
        reasons.append(
            f"Pain at rest or at night on {last.day.isoformat()} ({last.pain}/10): training strain usually eases with rest, "
            "so this is worth a look. If it is constant and no position eases it, see someone within a day."
        )

    recent_episodes = [e for e in found if (on - e.start).days < SIX_MONTHS_DAYS]
    if len(recent_episodes) >= settings.recurring_episodes:
        starts = ", ".join(e.start.isoformat() for e in recent_episodes)
        reasons.append(f"{len(recent_episodes)} separate episodes of back pain within six months (starting {starts}).")

    age = age_in(on.year, birth_year)
    arching = [r for r in window if r.region in ONE_SIDED and Feature.WORSE_ARCHING in r.features]
    if age is not None and age < 25 and arching:
        last = arching[-1]
        reasons.append(
            f"One-sided pain ({last.region}) that is worse arching backwards, on {last.day.isoformat()}, at age {age}: "
            "in young lifters this pattern can come from a stress reaction in the spine, which is worth imaging."
        )
    return reasons


def _none_reasons(window: list[Report], settings: AdviceSettings) -> list[str]:
    if not window:
        return [f"No pain reported in the last {settings.lookback_days} days."]
    peak = max(r.pain for r in window)
    return [
        f"Pain reports in the last {settings.lookback_days} days peak at {peak}/10 with no red flags, no leg symptoms "
        "and no sign of getting worse."
    ]

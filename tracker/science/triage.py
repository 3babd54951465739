"""Red-flag triage of pain reports. Its level overrides all training advice.

Levels, highest wins: emergency (go now), urgent (a clinician within a day), assess (book an
assessment), none (training guidance applies). Each reason names the report and its figures.
Wording describes what was reported and what to do; it names no condition and never suggests
imaging (NICE NG59 advises against routine imaging for low back pain).

Sources: the two seed articles (a physiotherapist's "why does my back hurt after the gym" and
an orthopaedic surgeon's "muscle, disc or something worse"); NICE NG59 (2016, updated 2020);
the IFOMPT international framework for red flags (Finucane et al., JOSPT 2020); NICE NG234
(2023) for back pain in people with a history of cancer.

Rules that stay until a clinician clears them (not until a date passes): red flags, nerve signs
(numbness or tingling, leg pain, weakness), a first episode under 20 or over 50, and the
history items of the back-pain screen. A clearance (a physio with access, or in single-user
mode the lifter, recording who assessed them and when) clears every report made up to that
moment; anything reported afterwards starts again.

Rules about the current episode hold while it is ongoing (a report within the last 7 days):
pain persisting more than two weeks, sharp pain, pain that is rising, pain at rest or at night,
pain worse coughing or sneezing, pain that comes back every session, and recurring episodes.
They apply at any score of 1 or more.

Episode: a run of reports of `episode_pain_min` (1) or more, split from the next by at least
`episode_gap_days` (14) whole days without one. Training soreness — dull or unnamed, centre or
both sides, after a session or the next morning, no nerve signs — that settles within
`soreness_days` (5) is not an episode for the recurrence, first-episode and screen rules: the
product must not cry wolf at ordinary soreness.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum

import pandas as pd

from tracker.science.settings import DEFAULT_SETTINGS, AdviceSettings
from tracker.vocab import FEATURE_LABELS, RED_FLAG_LABELS, SCREEN_LABELS, Feature, Quality, RedFlag, Region, ScreenItem, Timing

ONGOING_DAYS = 7
YEAR_DAYS = 365


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
    Level.NONE: "Nothing in your reports needs a clinician right now.",
}

EMERGENCY_FLAGS = (RedFlag.SADDLE_NUMBNESS, RedFlag.BLADDER_BOWEL, RedFlag.CANNOT_PASS_URINE, RedFlag.BOTH_LEGS)
URGENT_FLAGS = (RedFlag.FEVER_UNWELL, RedFlag.CONSTANT_PAIN, RedFlag.TRAUMA)
URGENT_FLAG_CONTEXT = {
    RedFlag.FEVER_UNWELL: "back pain with a fever or feeling unwell needs a doctor to check it within a day",
    RedFlag.CONSTANT_PAIN: "pain that neither rest nor a change of position eases needs a doctor to check it within a day",
    RedFlag.TRAUMA: "back pain after a fall or a blow needs checking within a day",
}
ONE_SIDED = frozenset({Region.LEFT, Region.RIGHT})
SYMMETRIC = frozenset({Region.CENTRE, Region.BOTH})
LEG_REGIONS = frozenset({Region.BUTTOCK, Region.LEG})
NERVE_FEATURES = frozenset(
    {Feature.BELOW_KNEE, Feature.PINS_AND_NEEDLES, Feature.ONE_LEG_WEAKNESS, Feature.LEG_WORSE_THAN_BACK, Feature.NERVE_SIGNS_WORSENING}
)
AFTER_TRAINING = frozenset({Timing.AFTER, Timing.NEXT_MORNING})
#: Screen answers that, with back pain, suggest a clinician's look; a history of cancer with
#: these features of the pain asks for one within a day (NICE NG234).
SCREEN_ASSESS = (
    ScreenItem.CANCER_HISTORY,
    ScreenItem.WEIGHT_LOSS,
    ScreenItem.STEROIDS_OR_IMMUNOSUPPRESSION,
    ScreenItem.INJECTED_DRUG_USE,
    ScreenItem.OSTEOPOROSIS,
    ScreenItem.THORACIC_PAIN,
)
UNTIL_CLEARED = (
    "This stays in force until a clinician clears you: a physio you share with records it, or you record who "
    "assessed you and when."
)


# Inputs ---------------------------------------------------------------------------------------


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

    @property
    def soreness_like(self) -> bool:
        """The pattern of training soreness (physio seed): dull or unnamed, centre or both sides,
        after a session or the next morning, no nerve signs, nothing worse coughing, no red flag."""
        return (
            self.quality in (None, Quality.DULL)
            and self.region in SYMMETRIC
            and self.timing in (None, *AFTER_TRAINING)
            and not self.features & (NERVE_FEATURES | {Feature.WORSE_COUGHING, Feature.RETURNS_EVERY_SESSION})
            and not self.red_flags
        )


@dataclass(frozen=True)
class Clearance:
    """A clinician's "assessed, cleared to train": clears everything reported up to `cleared_at`."""

    cleared_at: dt.datetime
    assessed_by: str
    note: str | None = None

    @property
    def day(self) -> dt.date:
        return self.cleared_at.date()


@dataclass(frozen=True)
class Profile:
    """What triage knows of the person: date of birth (month optional) and the screen answers."""

    birth_year: int | None = None
    birth_month: int | None = None
    screen: frozenset[ScreenItem] = frozenset()  # the items answered "yes"
    screened: bool = False  # whether the screen has been answered at all


def reports_from_frame(pain: pd.DataFrame) -> list[Report]:
    """`store.pain_frame` rows as Reports, oldest first."""
    if pain.empty:
        return []
    if not pain["recorded_at"].is_monotonic_increasing:  # store frames are in order already
        pain = pain.sort_values("recorded_at", kind="stable")
    # Column by column (pandas' per-row dicts of ~40 columns cost more than the rules that follow).
    column = {name: pain[name].tolist() for name in ("recorded_at", "pain", "region", "quality", "timing", "session_id")}
    features = [(feature, pain[feature.value].tolist()) for feature in Feature if feature.value in pain]
    flags = [(flag, pain[flag.value].tolist()) for flag in RedFlag if flag.value in pain]
    reports = []
    for i, (recorded_at, score, region, quality, timing, session_id) in enumerate(zip(*column.values())):
        reports.append(
            Report(
                recorded_at=pd.Timestamp(recorded_at).to_pydatetime(),
                pain=int(score),
                region=region,
                quality=quality if isinstance(quality, str) else None,
                timing=timing if isinstance(timing, str) else None,
                session_id=None if pd.isna(session_id) else int(session_id),
                features=frozenset(feature for feature, values in features if values[i]),
                red_flags=frozenset(flag for flag, values in flags if values[i]),
            )
        )
    return reports


def between(reports: list[Report], first: dt.date, last: dt.date) -> list[Report]:
    """Reports dated `first`..`last` (inclusive)."""
    return [r for r in reports if first <= r.day <= last]


def age_range(on: dt.date, birth_year: int | None, birth_month: int | None) -> tuple[int, int] | None:
    """The youngest and oldest the person can be on `on`: exact with the month (taken as the
    1st), one of two ages with the year alone."""
    if birth_year is None:
        return None
    if birth_month is not None:
        age = on.year - birth_year - (1 if on.month < birth_month else 0)
        return age, age
    return on.year - birth_year - 1, on.year - birth_year


# Episodes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Episode:
    reports: tuple[Report, ...]  # the reports of `episode_pain_min` or more, oldest first

    @property
    def start(self) -> dt.date:
        return self.reports[0].day

    @property
    def last(self) -> dt.date:
        return self.reports[-1].day

    @property
    def peak(self) -> int:
        return max(r.pain for r in self.reports)

    def is_soreness(self, settings: AdviceSettings) -> bool:
        return (self.last - self.start).days < settings.soreness_days and all(r.soreness_like for r in self.reports)

    def ongoing(self, on: dt.date) -> bool:
        return (on - self.last).days < ONGOING_DAYS


def episodes(reports: Sequence[Report], *, settings: AdviceSettings = DEFAULT_SETTINGS) -> list[Episode]:
    """Split pain reports (oldest first) into episodes."""
    runs: list[list[Report]] = []
    for report in reports:
        if report.pain < settings.episode_pain_min:
            continue
        if runs and (report.day - runs[-1][-1].day).days - 1 < settings.episode_gap_days:
            runs[-1].append(report)
        else:
            runs.append([report])
    return [Episode(tuple(run)) for run in runs]


# Triage ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Triage:
    level: Level
    reasons: list[str] = field(default_factory=list)
    cleared: Clearance | None = None  # the clearance in force, if any

    @property
    def headline(self) -> str:
        return HEADLINES[self.level]

    @property
    def stops_load_advice(self) -> bool:
        return self.level > Level.NONE

    def to_dict(self) -> dict:
        cleared = None
        if self.cleared is not None:
            cleared = {"cleared_at": self.cleared.cleared_at.isoformat(), "assessed_by": self.cleared.assessed_by, "note": self.cleared.note}
        return {"level": self.level.label, "headline": self.headline, "reasons": list(self.reasons), "cleared": cleared}


def clearance_in_force(clearances: Sequence[Clearance], on: dt.date) -> Clearance | None:
    """The latest clearance made by the end of `on`."""
    made = [c for c in clearances if c.day <= on]
    return max(made, key=lambda c: c.cleared_at) if made else None


def triage(
    pain: pd.DataFrame | Sequence[Report],
    *,
    on: dt.date,
    profile: Profile = Profile(),
    clearances: Sequence[Clearance] = (),
    settings: AdviceSettings = DEFAULT_SETTINGS,
) -> Triage:
    """Screen the reports up to `on` (a `store.pain_frame`, or Reports) and return the highest level met."""
    reports = reports_from_frame(pain) if isinstance(pain, pd.DataFrame) else list(pain)
    reports = [r for r in reports if r.day <= on]
    cleared = clearance_in_force(clearances, on)
    active = [r for r in reports if cleared is None or r.recorded_at > cleared.cleared_at]
    found = [e for e in episodes(active, settings=settings)]
    current = found[-1] if found and found[-1].ongoing(on) else None

    emergency = _flag_reasons(active, EMERGENCY_FLAGS)
    if emergency:
        emergency.append(
            "These signs need a doctor the same day. If a clinician has already seen you for them, follow their advice "
            "and ask them to record that you were cleared."
        )
        return Triage(Level.EMERGENCY, emergency, cleared)

    urgent = _flag_reasons(active, URGENT_FLAGS, URGENT_FLAG_CONTEXT) + _urgent_nerve_reasons(active)
    urgent += _cancer_reasons(active, current, profile, settings)
    assess = _assess_nerve_reasons(active) + _first_episode_reasons(reports, active, on, profile, settings)
    assess += _screen_reasons(active, profile, settings)
    persisting = bool(urgent or assess)
    if current is not None:
        assess += _episode_reasons(current, on, profile, settings)
        assess += _recurrence_reasons(reports, current, on, cleared, settings)
    if urgent:
        return Triage(Level.URGENT, urgent + assess + [UNTIL_CLEARED], cleared)
    if assess:
        return Triage(Level.ASSESS, assess + ([UNTIL_CLEARED] if persisting else []), cleared)
    return Triage(Level.NONE, _none_reasons(active, on, cleared, settings), cleared)


def _flag_reasons(reports: list[Report], flags: tuple[RedFlag, ...], context: dict[RedFlag, str] | None = None) -> list[str]:
    reasons = []
    for flag in flags:
        hits = [r for r in reports if flag in r.red_flags]
        if hits:
            reason = f"On {hits[-1].day.isoformat()} you reported {RED_FLAG_LABELS[flag]}"
            reasons.append(f"{reason}: {context[flag]}." if context else f"{reason}.")
    return reasons


def _where(report: Report) -> str:
    return f"{report.pain}/10, {report.region}"


def _urgent_nerve_reasons(reports: list[Report]) -> list[str]:
    reasons = []
    weak = [r for r in reports if Feature.ONE_LEG_WEAKNESS in r.features]
    if weak:
        reasons.append(
            f"On {weak[-1].day.isoformat()} you reported weakness in one leg ({_where(weak[-1])}): weakness needs a doctor or "
            "physiotherapist to test the nerves to your legs within a day."
        )
    worse = [r for r in reports if Feature.NERVE_SIGNS_WORSENING in r.features]
    if worse:
        reasons.append(
            f"On {worse[-1].day.isoformat()} you reported weakness or numbness that is getting worse ({_where(worse[-1])}): "
            "nerve signs that are getting worse need checking within a day."
        )
    return reasons


def _assess_nerve_reasons(reports: list[Report]) -> list[str]:
    reasons = []
    numb = [r for r in reports if Feature.PINS_AND_NEEDLES in r.features]
    if numb:
        reasons.append(
            f"On {numb[-1].day.isoformat()} you reported pins and needles or numbness ({_where(numb[-1])}): numbness or "
            "tingling needs a physiotherapist or doctor to check the nerves."
        )
    leg = [r for r in reports if r.region in LEG_REGIONS or r.features & {Feature.BELOW_KNEE, Feature.LEG_WORSE_THAN_BACK}]
    if leg:
        last = leg[-1]
        where = "below the knee" if Feature.BELOW_KNEE in last.features else f"into the {last.region}" if last.region in LEG_REGIONS else "into the leg"
        worse = ", worse than the back pain" if Feature.LEG_WORSE_THAN_BACK in last.features else ""
        also = [FEATURE_LABELS[f] for f in (Feature.WORSE_SITTING, Feature.WORSE_BENDING, Feature.WORSE_COUGHING) if f in last.features]
        detail = f" ({', '.join(also)})" if also else ""
        reasons.append(
            f"On {last.day.isoformat()} your pain spread {where} ({last.pain}/10{worse}){detail}. Pain spreading into the leg "
            "needs a physiotherapist or doctor to check the nerves; until then don't push through leg symptoms."
        )
    return reasons


def _first_episode_reasons(
    reports: list[Report], active: list[Report], on: dt.date, profile: Profile, settings: AdviceSettings
) -> list[str]:
    """A first episode of back pain under 20 or over 50 (surgeon seed): non-mechanical causes are
    commoner then. Stays until cleared; a lifter who says they had back pain before is exempt."""
    if ScreenItem.PREVIOUS_BACK_PAIN in profile.screen:
        return []
    real = [e for e in episodes(reports, settings=settings) if not e.is_soreness(settings)]
    if not real or real[0].reports[0] not in active:
        return []
    first = real[0]
    ages = age_range(first.start, profile.birth_year, profile.birth_month)
    if ages is None or (ages[0] >= 20 and ages[1] <= 50):
        return []
    group = "under 20" if ages[0] < 20 else "over 50"
    age = str(ages[0]) if ages[0] == ages[1] else f"{ages[0]} or {ages[1]} (add your birth month in Settings for an exact age)"
    return [
        f"This is the first episode of back pain in your log (since {first.start.isoformat()}, up to {first.peak}/10), at age "
        f"{age}. A first episode of back pain {group} is worth a clinician's look before loading, even once it settles."
    ]


def _has_real_pain(reports: list[Report], settings: AdviceSettings) -> bool:
    return any(not e.is_soreness(settings) for e in episodes(reports, settings=settings))


def _screen_reasons(reports: list[Report], profile: Profile, settings: AdviceSettings) -> list[str]:
    items = [item for item in SCREEN_ASSESS if item in profile.screen]
    if not items or not _has_real_pain(reports, settings):
        return []
    told = ", ".join(SCREEN_LABELS[item] for item in items)
    return [
        f"You told us about {told}. With back pain, that is worth a clinician's look: tell them when you book."
    ]


def _cancer_reasons(reports: list[Report], current: Episode | None, profile: Profile, settings: AdviceSettings) -> list[str]:
    """NICE NG234: with a history of cancer, spinal pain in the upper or middle back, pain at
    night, constant pain, pain worse straining, or rising pain needs contact within 24 hours."""
    if ScreenItem.CANCER_HISTORY not in profile.screen or not reports:
        return []
    features = []
    if ScreenItem.THORACIC_PAIN in profile.screen:
        features.append("pain in the upper or middle back")
    if any(r.timing == Timing.REST_OR_NIGHT and r.pain >= settings.episode_pain_min for r in reports):
        features.append("pain at rest or at night")
    if any(Feature.WORSE_COUGHING in r.features for r in reports):
        features.append("pain worse coughing or sneezing")
    if current is not None and _rise(current, settings):
        features.append("pain that is rising")
    if not features:
        return []
    return [f"With a history of cancer, back pain with {' and '.join(features)} needs a doctor to check it within a day."]


def _rise(episode: Episode, settings: AdviceSettings) -> tuple[int, int] | None:
    """(lowest, latest) when the latest report is `worsening_rise` or more above the lowest
    before it in the episode. Soreness building in the first two days after training (dull,
    symmetric, after a session or the next morning) is its usual curve, not a sign of worsening."""
    reports = episode.reports
    latest = reports[-1]
    if len(reports) < 2 or (latest.soreness_like and (latest.day - episode.start).days <= 2):
        return None
    lowest = min(r.pain for r in reports[:-1])
    return (lowest, latest.pain) if latest.pain - lowest >= settings.worsening_rise else None


def _episode_reasons(current: Episode, on: dt.date, profile: Profile, settings: AdviceSettings) -> list[str]:
    reasons = []
    reports = current.reports
    lasted = (current.last - current.start).days
    if lasted > settings.persistent_pain_days:
        reasons.append(
            f"Back pain (up to {current.peak}/10) has come and gone for {lasted} days, since {current.start.isoformat()}: "
            f"pain that lasts more than {settings.persistent_pain_days} days is worth a physiotherapist's look, even at a low score."
        )
    sharp = [r for r in reports if r.quality == Quality.SHARP]
    if sharp:
        when = " during training" if sharp[-1].timing == Timing.DURING else ""
        reasons.append(f"Sharp pain{when} on {sharp[-1].day.isoformat()} ({sharp[-1].pain}/10): sharp pain is worth a look rather than training through.")
    if rise := _rise(current, settings):
        trend = " → ".join(str(r.pain) for r in reports[-6:])
        reasons.append(f"Your pain is rising: {trend} (from {rise[0]}/10 to {rise[1]}/10 in this episode).")
    resting = [r for r in reports if r.timing == Timing.REST_OR_NIGHT]
    if resting:
        reasons.append(
            f"Pain at rest or at night on {resting[-1].day.isoformat()} ({resting[-1].pain}/10): pain from training usually eases "
            "with rest, so this is worth a look. If it is constant and no position eases it, see someone within a day."
        )
    coughing = [r for r in reports if Feature.WORSE_COUGHING in r.features]
    if coughing:
        reasons.append(f"Pain worse coughing or sneezing on {coughing[-1].day.isoformat()} ({coughing[-1].pain}/10) is worth a physiotherapist's look.")
    returning = [r for r in reports if Feature.RETURNS_EVERY_SESSION in r.features]
    if returning:
        reasons.append(
            f"On {returning[-1].day.isoformat()} you said the pain settles with rest but comes back every session: a pattern "
            "that keeps returning needs a plan from a physiotherapist."
        )
    arching = [r for r in reports if r.region in ONE_SIDED and Feature.WORSE_ARCHING in r.features]
    ages = age_range(on, profile.birth_year, profile.birth_month)
    if arching and ages is not None and ages[0] < 25:
        last = arching[-1]
        reasons.append(
            f"One-sided pain ({last.region}) that is worse arching backwards, on {last.day.isoformat()}, at age {ages[0]}: in young "
            "lifters this pattern needs a clinician's look; until then avoid loaded back extensions and heavy overhead pressing."
        )
    return reasons


def _recurrence_reasons(
    reports: list[Report], current: Episode, on: dt.date, cleared: Clearance | None, settings: AdviceSettings
) -> list[str]:
    """Recurrent episodes (physio seed: "recurrent episodes every few months"): this many
    within a year, the latest ongoing and begun after any clearance."""
    if current.is_soreness(settings) or (cleared is not None and current.reports[0].recorded_at <= cleared.cleared_at):
        return []
    year = [e for e in episodes(reports, settings=settings) if (on - e.start).days < YEAR_DAYS and not e.is_soreness(settings)]
    if len(year) < settings.recurring_episodes:
        return []
    starts = ", ".join(e.start.isoformat() for e in year)
    return [f"{len(year)} separate episodes of back pain within a year (starting {starts}): recurring pain needs a plan from a physiotherapist."]


def _none_reasons(reports: list[Report], on: dt.date, cleared: Clearance | None, settings: AdviceSettings) -> list[str]:
    reasons = []
    if cleared is not None:
        reasons.append(f"Assessed and cleared to train by {cleared.assessed_by} on {cleared.day.isoformat()}.")
    window = [r for r in reports if (on - r.day).days < settings.lookback_days]
    if not window:
        return reasons + [f"No pain reported in the last {settings.lookback_days} days."]
    peak = max(window, key=lambda r: r.pain)
    pattern = "dull, after training, centre or both sides" if all(r.soreness_like for r in window) else "no nerve signs, no red flags"
    eases = any(Feature.EASES_WITH_MOVEMENT in r.features for r in window)
    return reasons + [
        f"Pain reports in the last {settings.lookback_days} days peak at {peak.pain}/10 ({pattern}"
        f"{', easing with movement' if eases else ''}), and none is rising. If pain spreads into a leg, or you notice numbness "
        "or weakness, report it at once."
    ]


# Over many days -------------------------------------------------------------------------------


def triage_by_day(
    reports: Sequence[Report],
    days: Sequence[dt.date],
    *,
    profile: Profile = Profile(),
    clearances: Sequence[Clearance] = (),
    settings: AdviceSettings = DEFAULT_SETTINGS,
) -> list[Triage]:
    """`triage` on each of `days` (ascending), computed only where it can change: on a report's
    day, when a window it opened closes, on a clearance and on birthdays; other days repeat."""
    if not days:
        return []
    changes = {days[0]}
    windows = (ONGOING_DAYS, settings.lookback_days, settings.soreness_days, YEAR_DAYS)
    for report in reports:
        changes.update(report.day + dt.timedelta(days=offset) for offset in (0, *windows))
    changes.update(c.day for c in clearances)
    if profile.birth_year is not None:
        month = profile.birth_month or 1
        changes.update(dt.date(year, month, 1) for year in range(days[0].year, days[-1].year + 1))
    points = sorted(d for d in changes if days[0] <= d <= days[-1])
    at = {d: triage(reports, on=d, profile=profile, clearances=clearances, settings=settings) for d in points}
    return [at[points[bisect_right(points, day) - 1]] for day in days]

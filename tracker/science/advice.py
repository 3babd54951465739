"""Which training phase fits now, and why: reduce, brace, hip strength, reload or build.

Pure logic over an athlete's sessions, sets and pain (the frames `tracker.store` returns).
Every phase has an entry (its evidence) and a stated exit, and holds from one to the other
(hysteresis): a rest day or a Sunday does not switch advice off and on. The rules read the
daily inputs of `tracker.science.rules`, computed for all days at once; a walk over the days
then carries each phase from entry to exit, so today's advice and the phase history are the
same computation.

Triage comes first: at "urgent" or "emergency" nothing else is shown. At "assess" the lifter
still gets what to do this week — reduce, with heavy spinal loading paused, volume cut and
walking kept up — while reload and build are held back, and brace and hip work are shown for
once a clinician has cleared training.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from tracker.science import load, rules
from tracker.science.load import CHRONIC_DAYS
from tracker.science.session_load import efforts
from tracker.science.settings import DEFAULT_SETTINGS, AdviceSettings
from tracker.science.triage import Clearance, Level, Profile, Report, Triage, between, reports_from_frame, triage, triage_by_day
from tracker.science.units import from_kg
from tracker.vocab import Feature, Region, SetKind, Timing, Unit

DISCLAIMER = (
    "Training guidance, not a diagnosis. If symptoms change or worry you, see a doctor or physiotherapist."
)

PHASES = ("reduce", "reload", "brace", "hip_strength", "build")
PHASE_TITLES = {
    "reduce": "Reduce — load has outpaced capacity",
    "reload": "Reload — a progressive return",
    "brace": "Brace — trunk endurance and bracing under fatigue",
    "hip_strength": "Hip strength — let the hips share the load",
    "build": "Build — keep progressing",
}
PROTECT_TITLE = "Reduce — protect your back until you have been assessed"
LOADING_PHASES = {"reduce", "reload", "build"}

#: What the ratio is and is not, shown next to it wherever it appears (trends, report, README).
ACWR_MEANING = (
    "The acute:chronic ratio describes how this week's load compares with your last four weeks. It does not "
    "predict injury for an individual (Impellizzeri et al. 2020; Lolli et al. 2019): read it with the absolute "
    "loads and the week-on-week change beside it."
)


@dataclass(frozen=True)
class AthleteHistory:
    """Everything the rules read: `store` frames up to (at least) the day being advised.

    The rules never read sets (sessions carry their counts); the wording of a few reasons does
    (reload's starting weights), from `sets` or, when only some days are needed, `load_sets`."""

    sessions: pd.DataFrame
    pain: pd.DataFrame
    until: dt.date  # the last day the frames cover; the rules may be asked about any day up to it
    sets: pd.DataFrame | None = None
    load_sets: Callable[[dt.date, dt.date], pd.DataFrame] | None = None  # sets of days first..last, on demand
    profile: Profile = Profile()
    clearances: tuple[Clearance, ...] = ()
    unit: str = "kg"  # the lifter's unit, for weights in advice
    metric: str = "srpe"
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Windows are cut by binary search, so each frame must be in date order.
        object.__setattr__(self, "sessions", self.sessions.sort_values("date", kind="stable"))
        if self.sets is not None:
            object.__setattr__(self, "sets", self.sets.sort_values("date", kind="stable"))

    @cached_property
    def daily(self) -> pd.Series:
        if self.sessions.empty:
            return load.daily_load(self.sessions, self.metric)
        return load.daily_load(self.sessions, self.metric, end=self.until)

    @cached_property
    def acwr(self) -> pd.Series:
        return load.acwr_ewma(self.daily)

    @cached_property
    def week_change(self) -> pd.Series:
        return load.week_change(self.daily)

    @cached_property
    def reports(self) -> list[Report]:
        return reports_from_frame(self.pain)

    @cached_property
    def first_day(self) -> dt.date:
        """The first day anything was logged (session or pain), or `until`."""
        days = [self.until]
        if len(self.sessions):
            days.append(self.sessions["date"].iloc[0].date())
        if self.reports:
            days.append(self.reports[0].day)
        return min(days)

    def pain_between(self, first: dt.date, last: dt.date) -> list[Report]:
        return between(self.reports, first, last)

    def sessions_between(self, first: dt.date, last: dt.date) -> pd.DataFrame:
        return _between(self.sessions, "date", first, last)

    def sets_between(self, first: dt.date, last: dt.date) -> pd.DataFrame:
        if self.sets is None and self.load_sets is not None:
            return self.load_sets(first, last).sort_values("date", kind="stable")
        return _between(self.sets if self.sets is not None else _NO_SETS, "date", first, last)

    def walk(self, settings: AdviceSettings) -> Walk:
        """The daily inputs and the phases in force on every day up to `until` (computed once per settings)."""
        if settings not in self._memo:
            inputs = rules.daily_inputs(
                sessions=self.sessions, reports=self.reports, metric=self.metric, start=self.first_day, end=self.until, settings=settings
            )
            self._memo[settings] = _walk(inputs, settings)
        return self._memo[settings]


_NO_SETS = pd.DataFrame({"date": pd.Series(dtype="datetime64[us]")})


def _between(frame: pd.DataFrame, column: str, first: dt.date, last: dt.date) -> pd.DataFrame:
    """Rows whose `column` falls on days `first`..`last`; `frame` is sorted by it (binary search)."""
    stamps = frame[column].to_numpy()
    low = stamps.searchsorted(pd.Timestamp(first).to_datetime64(), side="left")
    high = stamps.searchsorted((pd.Timestamp(last) + pd.Timedelta(days=1)).to_datetime64(), side="left")
    return frame.iloc[low:high]


@dataclass(frozen=True)
class PhaseAdvice:
    phase: str
    reasons: list[str]
    actions: list[str]
    until: str
    once_cleared: bool = False  # shown while a clinician's view is pending; start only once cleared
    title: str = ""
    #: Actions drawn from the lifter's own pain detail (worse bending, worse arching): for the
    #: athlete and physios with access; a coach's cut leaves them out.
    personal: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.title:
            object.__setattr__(self, "title", PHASE_TITLES[self.phase])

    def to_dict(self) -> dict:
        return {
            "phase": self.phase, "title": self.title, "reasons": self.reasons, "actions": self.actions,
            "personal": self.personal, "until": self.until, "once_cleared": self.once_cleared,
        }  # fmt: skip


@dataclass(frozen=True)
class Advice:
    date: dt.date
    triage: Triage
    phases: list[PhaseAdvice]
    notes: list[str] = field(default_factory=list)
    disclaimer: str = DISCLAIMER

    def to_dict(self) -> dict:
        return {
            "triage": self.triage.to_dict(),
            "phases": [phase.to_dict() for phase in self.phases],
            "notes": self.notes,
            "disclaimer": self.disclaimer,
        }


def _days_back(day: dt.date, days: int) -> dt.date:
    """The first day of a window of `days` days ending on `day`."""
    return day - dt.timedelta(days=days - 1)


def _unit(metric: str) -> str:
    return {"srpe": "AU", "tonnage": "kg", "spinal_tonnage": "kg", "hard_sets": "hard sets"}[metric]


def _nan(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


# Entry and exit of each phase (one place each) -------------------------------------------------
#
# Each rule reads one day's inputs (`row`: a dict of numbers) or every day's at once (the
# arrays of `rules.daily_inputs`): written with numpy's logical functions, the same expression
# serves the walk over years of days and the wording of one day.

_and, _or, _not = np.logical_and, np.logical_or, np.logical_not


def reduce_signals(row: Mapping, settings: AdviceSettings, *, reloading: bool = False) -> dict[str, Any]:
    """Each reason to reduce (see `_reduce_reason` for their words), found or not. While
    reloading, the ratio is not read: building back from a low base makes any steady week look
    high against the last four, and reload's own pacing covers it (item 10: use the
    return-from-break rules)."""
    ratio, ok = row["ratio"], _and(row["interpretable"], not reloading)
    over = _and(ok, ratio > settings.acwr_reduce)
    return {
        "ratio": over,
        "ratio_with_pain": _and(_and(ok, _not(over)), _and(ratio > settings.acwr_reduce_with_pain, row["pain_week"] >= settings.pain_threshold)),
        "week_jump": _and(ok, _and(row["week_change"] > settings.week_change_reduce, ratio > settings.acwr_high)),
        "return": row["returned_full"],
        "pain_after_training": row["after_training_pain_week"] >= settings.pain_after_session_reduce,
    }


def reduce_evidence(row: Mapping, settings: AdviceSettings, *, reloading: bool = False) -> list[str]:
    """Keys of the reasons to reduce on one day, in `reduce_signals` order."""
    return [key for key, found in reduce_signals(row, settings, reloading=reloading).items() if found]


def reduce_exit(row: Mapping, settings: AdviceSettings):
    """Reduce ends when the week is back in range and pain has settled for a few days. (Reduce
    never begins on a day that already meets this, so the entry evidence must outlast it.)"""
    week_ok = _and(_not(_and(row["interpretable"], row["ratio"] > settings.acwr_high)), _not(row["returned_full"]))
    return _and(week_ok, row["settled_short"])


def brace_evidence(row: Mapping, settings: AdviceSettings):
    ground_out = _and(row["grinding_lookback"] >= settings.grinding_lifts, row["trunk_lookback"] < settings.trunk_sets_min)
    return _or(_or(row["during_pain_lookback"] > 0, row["follows_heavy_lookback"] >= 2), ground_out)


def brace_exit(row: Mapping, settings: AdviceSettings):
    """Trunk work is a habit, sessions are free of pain and lifts no longer grind."""
    habit = _and(row["trunk_lookback"] >= settings.trunk_sets_min, row["painful_lookback"] == 0)
    return _and(habit, row["grinding_lookback"] < settings.grinding_lifts)


def hip_evidence(row: Mapping, settings: AdviceSettings):
    little = _and(row["lower_sets"] >= settings.hip_min_lower_sets, row["hip_share"] < settings.hip_share_min)
    return _or(little, row["one_sided_lookback"] > 0)


def hip_exit_share(settings: AdviceSettings) -> float:
    return max(settings.hip_share_min, 0.25)


def hip_exit(row: Mapping, settings: AdviceSettings):
    enough = _or(row["lower_sets"] < settings.hip_min_lower_sets, row["hip_share"] >= hip_exit_share(settings))
    return _and(enough, row["one_sided_lookback"] == 0)


def build_entry(row: Mapping, settings: AdviceSettings):
    in_range = _and(settings.acwr_low <= row["ratio"], row["ratio"] <= settings.acwr_high)
    return _and(_and(row["interpretable"], in_range), row["pain_week"] <= settings.settled_pain)


def build_exit(row: Mapping, settings: AdviceSettings):
    """The next sign that load is outpacing the lifter (a dip below the range is a lighter week)."""
    return _or(_or(_not(row["interpretable"]), row["ratio"] > settings.acwr_high), row["pain_week"] > settings.settled_pain)


def reload_room(row: Mapping, settings: AdviceSettings):
    return _or(row["chronic_low"], _and(row["interpretable"], row["ratio"] < settings.acwr_low))


def reload_exit(row: Mapping, target: float, settings: AdviceSettings):
    """Reload ends when working loads are back to previous levels, or when pain returns. (Going
    too fast is reduce's business: reload gives way when reduce begins.)"""
    at_target = _or(_nan(target), row["chronic_week"] >= settings.reload_done_share * target)
    back_to_level = _and(_and(row["interpretable"], row["ratio"] >= settings.acwr_low), at_target)
    return _or(back_to_level, _not(row["settled_short"]))


# The walk ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reload:
    since: dt.date
    cause: str  # "reduce", "break" or "low"
    cause_start: dt.date  # when the reduce began, or the last session before the break
    cause_end: dt.date  # when the reduce ended, or the first session back
    days_off: int
    target: float  # the four-week average to get back to


@dataclass(frozen=True)
class DayPhases:
    """The phases in force on one day: each with the day it began (reload with its cause)."""

    reduce: dt.date | None = None
    reload: Reload | None = None
    build: dt.date | None = None
    brace: dt.date | None = None
    hip_strength: dt.date | None = None

    @property
    def names(self) -> set[str]:
        return {name for name in PHASES if getattr(self, name) is not None}


@dataclass(frozen=True)
class Walk:
    inputs: dict[str, list]  # rules.daily_inputs, as plain lists (one value per day)
    days: list[DayPhases]
    start: dt.date

    def index(self, day: dt.date) -> int | None:
        offset = (day - self.start).days
        return offset if 0 <= offset < len(self.days) else None

    def row(self, position: int) -> dict:
        """One day's inputs, as the rules and the wording read them."""
        return _day(self.inputs, position)


def _day(inputs: dict[str, list], position: int) -> dict:
    return {name: values[position] for name, values in inputs.items()}


def _per_day(found, days: np.ndarray) -> list[bool]:
    """A rule's result over all days as a plain list (a rule that reads no input is one value)."""
    return np.broadcast_to(found, days.shape).tolist()


def _walk(inputs: dict[str, np.ndarray], settings: AdviceSettings) -> Walk:
    """Carry each phase from its entry to its exit, day by day. Every entry and exit rule is
    evaluated for all days at once; the loop only follows the state (which phase holds since
    when), so years of history cost little more than a month."""
    with np.errstate(invalid="ignore"):
        flags = {
            "reduce_exit": reduce_exit(inputs, settings),
            "reduce": _any(reduce_signals(inputs, settings)),
            "reduce_while_reloading": _any(reduce_signals(inputs, settings, reloading=True)),
            "reload_room": _and(inputs["settled"], reload_room(inputs, settings)),
            "build_entry": build_entry(inputs, settings),
            "build_exit": build_exit(inputs, settings),
            "brace": brace_evidence(inputs, settings),
            "brace_exit": brace_exit(inputs, settings),
            "hip": hip_evidence(inputs, settings),
            "hip_exit": hip_exit(inputs, settings),
        }
    on = {name: _per_day(found, inputs["day"]) for name, found in flags.items()}
    plain = {name: values.tolist() for name, values in inputs.items()}
    day_list = plain["day"]
    start = day_list[0] if day_list else dt.date.min
    chronic = plain["chronic_week"]

    def chronic_on(day: dt.date) -> float:
        offset = (day - start).days
        return chronic[offset] if 0 <= offset < len(chronic) else math.nan

    state = DayPhases()
    last_reduce: tuple[dt.date, dt.date] | None = None
    reload_done: list[bool] = []
    days: list[DayPhases] = []
    for i, day in enumerate(day_list):
        reduce, reload, build, brace, hip = state.reduce, state.reload, state.build, state.brace, state.hip_strength

        if reduce is not None and on["reduce_exit"][i]:
            last_reduce, reduce = (reduce, day - dt.timedelta(days=1)), None
        elif reduce is None and on["reduce_while_reloading" if reload is not None else "reduce"][i] and not on["reduce_exit"][i]:
            reduce = day

        if reload is not None and (reduce is not None or reload_done[i]):
            reload = None
        elif reload is None and reduce is None and on["reload_room"][i]:
            reload = _reload_cause(_day(plain, i), day, last_reduce, chronic_on, settings)
            if reload is not None:  # its exit depends on its target: evaluated once per reload
                with np.errstate(invalid="ignore"):
                    reload_done = _per_day(reload_exit(inputs, reload.target, settings), inputs["day"])

        if build is not None and (reduce is not None or reload is not None or on["build_exit"][i]):
            build = None
        elif build is None and reduce is None and reload is None and on["build_entry"][i]:
            build = day

        if brace is not None and on["brace_exit"][i]:
            brace = None
        elif brace is None and on["brace"][i]:
            brace = day

        if hip is not None and on["hip_exit"][i]:
            hip = None
        elif hip is None and on["hip"][i]:
            hip = day

        changed = reduce is not state.reduce or reload is not state.reload or build is not state.build
        if changed or brace is not state.brace or hip is not state.hip_strength:
            state = DayPhases(reduce, reload, build, brace, hip)  # frozen: unchanged days share one
        days.append(state)
    return Walk(plain, days, start)


def _any(signals: dict[str, Any]) -> np.ndarray:
    """Per day: any of the signals found."""
    return np.logical_or.reduce([np.asarray(found, dtype=bool) for found in signals.values()])


def _reload_cause(
    row: dict, day: dt.date, last_reduce: tuple[dt.date, dt.date] | None, chronic_on: Callable[[dt.date], float], settings: AdviceSettings
) -> Reload | None:
    """Why there is room to build back: a recent reduce phase, a break, or a month well below usual."""
    recent = day - dt.timedelta(days=settings.reload_after_days)
    if last_reduce is not None and last_reduce[1] >= recent:
        return Reload(day, "reduce", last_reduce[0], last_reduce[1], 0, chronic_on(last_reduce[0]))
    back = row["break_back"]
    if back is not None and back >= recent:
        before = back - dt.timedelta(days=int(row["break_days_off"]) + 1)
        return Reload(day, "break", before, back, int(row["break_days_off"]), chronic_on(before))
    if row["chronic_low"]:
        return Reload(day, "low", day, day, 0, row["usual_week"])
    return None


# What to show on a day ----------------------------------------------------------------------------


def shown_phases(names: set[str], level: Level) -> set[str]:
    """Which phases a lifter sees at a triage level (one rule for today's advice and the history):
    nothing at urgent or above; reduce (protective) and the supporting phases at assess; build
    only when nothing else is in force."""
    if level >= Level.URGENT:
        return set()
    if level == Level.ASSESS:
        return (names - LOADING_PHASES) | {"reduce"}
    return names - {"build"} if names - {"build"} else set(names)


def advise(history: AthleteHistory, *, on: dt.date, settings: AdviceSettings = DEFAULT_SETTINGS) -> Advice:
    """Triage, then the phases in force on `on`, most pressing first."""
    screened = triage(history.reports, on=on, profile=history.profile, clearances=history.clearances, settings=settings)
    if screened.level >= Level.URGENT:
        return Advice(on, screened, [], ["All training advice is on hold until a clinician has seen you."])

    walk = history.walk(settings)
    position = walk.index(on)
    if position is None:
        state, row = DayPhases(), None
    else:
        state, row = walk.days[position], walk.row(position)
    words = _Words(history, walk, on, row, settings)
    loading = [words.phase(name, state) for name in ("reduce", "reload") if getattr(state, name) is not None]
    supporting = [words.phase(name, state) for name in ("brace", "hip_strength") if getattr(state, name) is not None]
    # Technique and balance phases rank by how much evidence each has (ties: brace first).
    phases = loading + sorted(supporting, key=lambda phase: -len(phase.reasons))
    if state.build is not None and not phases:  # "keep progressing" only when nothing else needs doing
        phases.append(words.phase("build", state))
    notes = words.notes(phases)

    if screened.level == Level.ASSESS:
        held = [p.phase for p in phases if p.phase in LOADING_PHASES - {"reduce"}]
        reduce = next((p for p in phases if p.phase == "reduce"), None)
        others = [dataclasses.replace(p, once_cleared=True) for p in phases if p.phase not in LOADING_PHASES]
        phases = [words.protect(reduce)] + others
        notes = ["While the assessment is pending, follow the reduce phase below; don't add load."]
        if held:
            notes.append(f"Held back until you have been assessed: {', '.join(held)}.")
    return Advice(on, screened, phases, notes)


class _Words:
    """The reasons, actions and exits of the phases on one day, from that day's inputs."""

    def __init__(self, history: AthleteHistory, walk: Walk, day: dt.date, row: dict | None, settings: AdviceSettings) -> None:
        # No row: a day before anything was logged (only `notes` is asked about it).
        self.history, self.walk, self.day, self.row, self.settings = history, walk, day, row or {}, settings
        self.unit = _unit(history.metric)

    def row_on(self, day: dt.date) -> dict:
        position = self.walk.index(day)
        return {} if position is None else self.walk.row(position)

    def phase(self, name: str, state: DayPhases) -> PhaseAdvice:
        return getattr(self, f"_{name}")(state)

    # Reduce ----------------------------------------------------------------------------------

    def _reduce_reason(self, key: str, row: dict) -> str:
        s, unit = self.settings, self.unit
        if key == "ratio":
            return (
                f"This week's load ({row['week']:,.0f} {unit}) is {row['ratio']:.2f}× your average week over the last four "
                f"({row['chronic_week']:,.0f}), above {s.acwr_reduce:g} (EWMA ACWR {row['acwr']:.2f}): it is well ahead of what the last "
                "four weeks prepared you for."
            )
        if key == "ratio_with_pain":
            return (
                f"This week's load is {row['ratio']:.2f}× your average week, above {s.acwr_reduce_with_pain:g} (EWMA ACWR "
                f"{row['acwr']:.2f}), with pain up to {row['pain_week']:.0f}/10 this week."
            )
        if key == "week_jump":
            return (
                f"This week's load ({row['week']:,.0f} {unit}) is up {row['week_change']:.0%} on the week before "
                f"({row['week_before']:,.0f}), more than {s.week_change_reduce:.0%}, taking it above {s.acwr_high:g}× your average week."
            )
        if key == "return":
            back, off = row["break_back"], int(row["break_days_off"])
            return (
                f"You came back on {back.isoformat()} after {off} days off, and your sessions since average "
                f"{row['returned_share']:.0%} of your sessions before the break: fitness fades faster than the habit of lifting does."
            )
        reports = [
            r for r in self.history.pain_between(_days_back(row["day"], 7), row["day"])
            if r.pain >= s.pain_after_session_reduce and (r.session_id is not None or r.timing in rules.AFTER_TRAINING)
        ]  # fmt: skip
        last = reports[-1] if reports else None
        return f"Pain of {row['after_training_pain_week']:.0f}/10 after training" + (f" on {last.day.isoformat()}." if last else ".")

    def _reduce(self, state: DayPhases) -> PhaseAdvice:
        s, row = self.settings, self.row
        keys = reduce_evidence(row, s)
        reasons = [self._reduce_reason(key, row) for key in keys]
        if not keys:
            since = state.reduce
            assert since is not None
            began = self.row_on(since)
            reasons = [f"Since {since.isoformat()}: " + self._reduce_reason(key, began) for key in reduce_evidence(began, s)]
            ratio = "—" if _nan(row["ratio"]) else f"{row['ratio']:.2f}×"
            reasons.append(
                f"Still reducing: it ends once your week is back to {s.acwr_high:g}× your average week or less (now {ratio}) "
                f"and pain has stayed at {s.settled_pain}/10 or less for {s.reduce_exit_days} days."
            )
        recent = self.history.sessions_between(_days_back(self.day, 7), self.day)
        spinal_share = recent["spinal_tonnage"].sum() / recent["tonnage"].sum() if recent["tonnage"].sum() else 0
        actions = [
            "Cut working sets by about 40% this week and keep every set at RPE 7 or below (3 or more reps in reserve).",
            f"Train no more than {max(2, min(len(recent), 4) - 1)} days this week, with a rest day after each hard session.",
        ]
        if spinal_share >= s.spinal_day_share:
            actions.append(
                f"Pause heavy deadlifts and back squats ({spinal_share:.0%} of this week's tonnage loaded the spine); "
                "use goblet squats, leg press and hip thrusts at moderate effort instead."
            )
        actions.append("Keep moving: walking and easy conditioning on rest days help a sore back more than rest in bed.")
        return PhaseAdvice(
            "reduce",
            reasons,
            actions,
            f"Your week is at or below {s.acwr_high:g}× your average week and pain has stayed at {s.settled_pain}/10 or less "
            f"for {s.reduce_exit_days} days — usually one to two weeks. Review on {(self.day + dt.timedelta(days=7)).isoformat()}.",
            personal=self._sensitivities(),
        )

    def protect(self, reduce: PhaseAdvice | None) -> PhaseAdvice:
        """Reduce while an assessment is pending: what to do this week (surgeon seed: pause heavy
        spinal loading until assessed; walking and unloaded movement are fine and often help)."""
        reasons = list(reduce.reasons) if reduce else []
        reasons.insert(0, "An assessment is pending (see above). Until then, protect your back while you keep moving.")
        actions = [
            "Pause heavy spinal loading — deadlifts, back squats, good mornings and heavy rows — until you have been assessed.",
            "Cut your training volume by about 40–50% this week, and keep what you do at an easy effort (RPE 6 or below).",
            "Keep walking every day, and keep moving without load: gentle swimming, cycling, easy mobility.",
            "Stop any exercise that brings on leg pain, tingling or numbness, and report it.",
        ]
        return PhaseAdvice(
            "reduce", reasons, actions, "A clinician has assessed you and cleared you to train.", title=PROTECT_TITLE, personal=self._sensitivities()
        )

    def _sensitivities(self) -> list[str]:
        """Actions for pain that is worse bending or sitting, or worse arching back (what the
        lifter reported in the lookback), read by the reduce and brace phases."""
        reports = self.history.pain_between(_days_back(self.day, self.settings.lookback_days), self.day)
        features = set().union(*(r.features for r in reports)) if reports else set()
        actions = []
        if features & {Feature.WORSE_BENDING, Feature.WORSE_SITTING}:
            actions.append(
                "Your pain is worse bending forward or sitting: keep your back neutral when you hinge, use light loads, avoid "
                "rounded-back lifting, and break up long spells of sitting with short walks."
            )
        if Feature.WORSE_ARCHING in features:
            actions.append(
                "Your pain is worse arching back: avoid loaded back extensions and heavy overhead pressing with an arched back, "
                "and finish lockouts standing tall rather than leaning back."
            )
        return actions

    # Brace -----------------------------------------------------------------------------------

    def _brace(self, state: DayPhases) -> PhaseAdvice:
        s, row = self.settings, self.row
        day, first = self.day, _days_back(self.day, s.lookback_days)
        window = f"the last {s.lookback_days} days"
        signals = []
        painful = [r for r in self.history.pain_between(first, day) if r.pain >= s.pain_threshold]
        during = [r for r in painful if r.timing == Timing.DURING]
        if during:
            dates = ", ".join(sorted({r.day.isoformat() for r in during}))
            signals.append(f"Pain during training ({dates}), up to {max(r.pain for r in during)}/10.")
        if row["follows_heavy_lookback"] >= 2:
            signals.append(f"{row['follows_heavy_lookback']:.0f} pain reports in {window} came on or after hinge/squat-heavy days.")
        if row["grinding_lookback"] >= s.grinding_lifts:
            recent = self.history.sessions_between(first, day)["spinal_efforts"]
            names = ", ".join(sorted({name for text in recent for name, value in efforts(text) if value >= s.late_set_rpe}))
            signals.append(f"{row['grinding_lookback']:.0f} spinal-loading lifts ended on a set at RPE {s.late_set_rpe:g}+ in {window} ({names}).")
        if row["trunk_lookback"] < s.trunk_sets_min:
            signals.append(f"Only {row['trunk_lookback']:.0f} trunk sets logged in {window} (fewer than {s.trunk_sets_min}).")
        if not brace_evidence(row, s) and state.brace is not None:
            signals.insert(0, f"Since {state.brace.isoformat()}; it ends once trunk work is a habit and sessions are free of pain.")
        return PhaseAdvice(
            "brace",
            signals,
            [
                "Before each session: 2–3 minutes of breathing and bracing drills — breathe into the belt line, then brace as if for a light punch.",
                "Trunk endurance three times a week: curl-up, side plank and bird dog, holds of about 10 seconds, e.g. 5-4-3 repetitions.",
                "Cap hinge and squat sets at RPE 8 (2+ reps in reserve) and end a set as soon as your back position changes.",
                "Film a working set of your main hinge: it shows where the position slips under fatigue.",
            ],
            f"Trunk work is a habit ({s.trunk_sets_min}+ sets in {s.lookback_days} days) and sessions are free of pain — usually two to four weeks.",
            personal=self._sensitivities(),
        )

    # Hip strength -------------------------------------------------------------------------------

    def _hip_strength(self, state: DayPhases) -> PhaseAdvice:
        s, row = self.settings, self.row
        signals = []
        hip, lower = int(row["hip_sets"]), int(row["lower_sets"])
        if lower >= s.hip_min_lower_sets and row["hip_share"] < hip_exit_share(s):
            below = f"below {s.hip_share_min:.0%}" if row["hip_share"] < s.hip_share_min else f"still below the {hip_exit_share(s):.0%} that ends this phase"
            signals.append(
                f"Single-leg and hip work was {hip} of {lower} lower-body working sets in the last "
                f"{rules.HIP_WINDOW_DAYS} days ({row['hip_share']:.0%}, {below})."
            )
        pain = self.history.pain_between(_days_back(self.day, s.lookback_days), self.day)
        one_sided = [r for r in pain if r.region in {Region.LEFT, Region.RIGHT} and r.pain > 0]
        if one_sided:
            sides = " and ".join(sorted({r.region for r in one_sided}))
            signals.append(
                f"One-sided pain ({sides}) in {len(one_sided)} report{'s' if len(one_sided) > 1 else ''} in the last {s.lookback_days} days, "
                f"up to {max(r.pain for r in one_sided)}/10."
            )
        if not hip_evidence(row, s) and state.hip_strength is not None:
            signals.insert(0, f"Since {state.hip_strength.isoformat()}; it ends once hip work is a steady share of your lower-body sets.")
        return PhaseAdvice(
            "hip_strength",
            signals,
            [
                "Single-leg work two to three times a week: split squats, single-leg Romanian deadlifts and step-ups, 3 × 8–12 each side.",
                "Glute and hip work on the same days: hip thrusts or glute bridges, side-lying hip abduction, Copenhagen plank.",
                "Start each side with the weaker one and match the reps on the stronger side.",
            ],
            f"Single-leg and hip work is at least {hip_exit_share(s):.0%} of lower-body sets and any one-sided pain "
            "has settled — usually four to six weeks.",
        )

    # Reload and build ---------------------------------------------------------------------------

    def _reload(self, state: DayPhases) -> PhaseAdvice:
        s, row, reload = self.settings, self.row, state.reload
        assert reload is not None
        if reload.cause == "reduce":
            cause = f"There was reason to reduce load from {reload.cause_start.isoformat()} to {reload.cause_end.isoformat()}, and it has passed."
        elif reload.cause == "break":
            cause = f"You had {reload.days_off} days off, back since {reload.cause_end.isoformat()}."
        else:
            cause = "Your training has been well below your usual for a while."
        reasons = [cause]
        if row["chronic_low"] or _nan(row["ratio"]):
            ratio = "" if _nan(row["ratio"]) else f" (the ratio reads {row['ratio']:.2f})"
            reasons.append(
                f"Your last four weeks average {row['chronic_week']:,.0f} {self.unit} a week, under "
                f"{s.low_chronic_share:.0%} of your usual ({row['usual_week']:,.0f}, your busiest four weeks of the last six months): "
                f"the ratio compares this week with too little to mean much{ratio}, so this is treated as a return from a break."
            )
        else:
            reasons.append(
                f"This week is {row['ratio']:.2f}× your average week, "
                + (f"below {s.acwr_low:g}: there is room to build back." if row["ratio"] < s.acwr_low else f"back within {s.acwr_low:g}–{s.acwr_high:g}: keep building steadily.")
            )
        peak = max((r.pain for r in self.history.pain_between(_days_back(self.day, s.settled_days), self.day)), default=0)
        reasons.append(f"Pain has stayed at {s.settled_pain}/10 or less for {s.settled_days} days (highest {peak}/10).")
        if not _nan(row["ratio"]) and row["ratio"] > s.acwr_high:
            reasons.append(
                f"This week is {row['ratio']:.2f}× your last four weeks: faster than a reload should go. Hold this week's load "
                "steady before adding more."
            )
        actions = [
            "Reintroduce the compound lifts at about 60–70% of your previous working loads, then add at most about 10% a week.",
            f"Keep your week between {s.acwr_low:g} and {s.acwr_high:g}× your average week: add sessions before adding intensity.",
            "Keep RPE at 7–8 for the first two weeks; stop a set if pain rises above 3/10 and does not settle by the next day.",
        ]
        previous = _previous_working_loads(self.history, reload.cause_start + dt.timedelta(days=1))
        if previous:
            unit = self.history.unit
            starts = "; ".join(
                f"{name} {_plates(low, unit):g}–{_plates(high, unit):g} {unit} (was {_plates(top, unit):g} {unit})"
                for name, top, low, high in previous
            )
            actions.insert(1, f"Starting points: {starts}.")
        target = "" if _nan(reload.target) else f" ({s.reload_done_share:.0%} of {reload.target:,.0f} {self.unit} a week)"
        return PhaseAdvice(
            "reload",
            reasons,
            actions,
            f"Your four-week average is back to previous levels{target} with your week within {s.acwr_low:g}–{s.acwr_high:g}× "
            "your average — typically three to six weeks.",
        )

    def _build(self, state: DayPhases) -> PhaseAdvice:
        s, row = self.settings, self.row
        week = self.history.pain_between(_days_back(self.day, 7), self.day)
        peak = max((r.pain for r in week), default=0)
        if row["ratio"] < s.acwr_low:
            where = f"This week is {row['ratio']:.2f}× your average week, a lighter week: fine, carry on building after it."
        else:
            where = f"This week is {row['ratio']:.2f}× your average week, inside {s.acwr_low:g}–{s.acwr_high:g} (EWMA ACWR {row['acwr']:.2f})."
        return PhaseAdvice(
            "build",
            [where, f"No meaningful pain this week (highest {peak}/10)." if week else "No pain reported this week."],
            [
                "Keep progressing: add load or volume by no more than about 10% a week.",
                "Keep a lighter week every four to six weeks, and keep your trunk and single-leg work in the plan.",
            ],
            "The next sign that load is outpacing you; check back after each week of training.",
        )

    # Notes ------------------------------------------------------------------------------------

    def notes(self, phases: list[PhaseAdvice]) -> list[str]:
        if any(p.phase in LOADING_PHASES for p in phases):
            return []
        s, row = self.settings, self.row
        if not row or not row["judged"]:
            days = int(row.get("history_days", 0))
            return [f"Load advice needs {CHRONIC_DAYS} days of history ({days} so far): keep logging."]
        if row["chronic_low"]:
            return [
                f"Your last four weeks are under {s.low_chronic_share:.0%} of your usual, so the ratio says little: "
                "build back gradually, adding no more than about 10% a week."
            ]
        if row["ratio"] > s.acwr_high:
            return [f"This week is {row['ratio']:.2f}× your average week, above {s.acwr_high:g}: hold this week's load steady rather than adding more."]
        if row["ratio"] < s.acwr_low:
            return [f"This week is {row['ratio']:.2f}× your average week, below {s.acwr_low:g}: build back gradually, adding no more than about 10% a week."]
        return []


def _plates(weight_kg: float, unit: str) -> float:
    """A weight in the lifter's unit, rounded to what plates make (2.5 kg or 5 lb)."""
    step = 5.0 if unit == Unit.LB else 2.5
    return round(from_kg(weight_kg, unit) / step) * step


def _previous_working_loads(history: AthleteHistory, before: dt.date) -> list[tuple[str, float, float, float]]:
    """Top working weight of the main spinal lifts in the 4 weeks before `before`, with 60-70% of it."""
    sets = history.sets_between(_days_back(before - dt.timedelta(days=1), CHRONIC_DAYS), before - dt.timedelta(days=1))
    main = sets[sets["spinal_load"] & (sets["kind"] != SetKind.WARMUP) & (sets["weight_kg"] > 0)]
    if main.empty:
        return []
    top_lifts = main["exercise"].value_counts().head(3).index
    return [(name, top := main.loc[main["exercise"] == name, "weight_kg"].max(), 0.6 * top, 0.7 * top) for name in top_lifts]


# History ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    name: str
    start: dt.date
    end: dt.date

    def to_dict(self) -> dict:
        return {"name": self.name, "start": self.start.isoformat(), "end": self.end.isoformat()}


#: Spans in time order, and on one day in this order (then any other name).
_SPAN_ORDER = {name: rank for rank, name in enumerate((*PHASES, "assess", "urgent", "emergency", "cleared"))}


def _in_order(spans: Iterable[Span]) -> list[Span]:
    return sorted(spans, key=lambda s: (s.start, _SPAN_ORDER.get(s.name, 99)))


def _runs(days: list[tuple[dt.date, set[str]]]) -> list[Span]:
    """Collapse (day, names) into spans per name: a span is a run of consecutive days."""
    spans: dict[str, list[Span]] = {}
    for day, names in days:
        for name in names:
            runs = spans.setdefault(name, [])
            if runs and (day - runs[-1].end).days == 1:
                runs[-1] = Span(name, runs[-1].start, day)
            else:
                runs.append(Span(name, day, day))
    return _in_order(span for runs in spans.values() for span in runs)


def spans_from(spans: list[Span], first: dt.date) -> list[Span]:
    """`spans` (from `phase_history`) as `phase_history` gives them from `first` on: the days
    before `first` cut off. A span is a run of days, so a later start only shortens the runs."""
    return _in_order(Span(span.name, max(span.start, first), span.end) for span in spans if span.end >= first)


#: Phase history replays the advice day by day: pages and reports show at most two years of it.
MAX_PHASE_DAYS = 730


def phase_history(
    history: AthleteHistory, *, start: dt.date, end: dt.date, settings: AdviceSettings = DEFAULT_SETTINGS
) -> dict[str, list[Span]]:
    """What was suggested, from when to when: phase spans, spans of triage above "none", and
    the days a clinician cleared the lifter ("cleared", one-day spans)."""
    walk = history.walk(settings)
    days = [start + dt.timedelta(days=offset) for offset in range((end - start).days + 1)]
    screened = triage_by_day(history.reports, days, profile=history.profile, clearances=history.clearances, settings=settings)
    phase_days, triage_days = [], []
    for day, result in zip(days, screened):
        position = walk.index(day)
        names = walk.days[position].names if position is not None else set()
        phase_days.append((day, shown_phases(names, result.level)))
        triage_days.append((day, {result.level.label} - {"none"}))
    cleared = [Span("cleared", c.day, c.day) for c in history.clearances if start <= c.day <= end]
    return {"phases": _runs(phase_days), "triage": _runs(triage_days), "cleared": cleared}

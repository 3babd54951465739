"""Which training phase fits now, and why: reduce, brace, hip strength, reload or build.

Pure logic over an athlete's sessions, sets and pain (the frames `tracker.store` returns).
Each phase is suggested only when its evidence is present, with the figures behind it, what
to do this week, and when it ends. Triage comes first: above "none" it suppresses loading
advice (reduce, reload, build); at "assess" brace and hip work are still shown, marked as
for once a clinician has cleared training; at "urgent" or "emergency" nothing else is shown.

The phase history is a replay of these rules over each past day (`phase_history`), so it
always agrees with the data and thresholds that produced today's advice.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from tracker.science import load
from tracker.science.settings import DEFAULT_SETTINGS, AdviceSettings
from tracker.science.triage import Level, Report, Triage, between, reports_from_frame, triage
from tracker.science.units import from_kg
from tracker.vocab import Pattern, Region, SetKind, Timing, Unit

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
LOADING_PHASES = {"reduce", "reload", "build"}
CHRONIC_DAYS = 28
HIP_WINDOW_DAYS = 28
LOWER_BODY = {Pattern.SQUAT, Pattern.HINGE, Pattern.SINGLE_LEG}
#: Exercises that train the hips directly, whatever their movement pattern.
HIP_WORK_WORDS = ("hip thrust", "glute", "abduction", "clamshell", "copenhagen", "band walk", "pull through", "kickback", "fire hydrant")


@dataclass(frozen=True)
class AthleteHistory:
    """Everything the rules read: `store` frames up to (at least) the day being advised."""

    sessions: pd.DataFrame
    sets: pd.DataFrame
    pain: pd.DataFrame
    until: dt.date  # the last day the frames cover; the rules may be asked about any day up to it
    birth_year: int | None = None
    unit: str = "kg"  # the lifter's unit, for weights in advice
    metric: str = "srpe"
    _reduce_memo: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Windows are cut by binary search, so each frame must be in date order.
        object.__setattr__(self, "sessions", self.sessions.sort_values("date", kind="stable"))
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
    def week_total(self) -> pd.Series:
        return self.daily.rolling(7, min_periods=1).sum()

    @cached_property
    def session_days(self) -> list[dt.date]:
        return sorted(set(self.sessions["date"].dt.date))

    def on(self, series: pd.Series, day: dt.date) -> float:
        """A daily series' value on `day`, NaN before the first session or without 28 days of history."""
        stamp = pd.Timestamp(day)
        if series.empty or stamp not in series.index or (stamp - series.index[0]).days + 1 < CHRONIC_DAYS:
            return math.nan
        return float(series.loc[stamp])

    @cached_property
    def set_summary(self) -> pd.DataFrame:
        """Per session, from its working sets: trunk, hip/single-leg and lower-body set counts."""
        working = self.sets[self.sets["kind"] != SetKind.WARMUP]
        hip = working["pattern"].eq(Pattern.SINGLE_LEG) | working["exercise"].map(is_hip_work).astype(bool)
        flags = pd.DataFrame(
            {
                "session_id": working["session_id"],
                "date": working["date"],
                "trunk": working["pattern"].eq(Pattern.TRUNK),
                "hip": hip,
                "lower": working["pattern"].isin(LOWER_BODY) | hip,
            }
        )
        return flags.groupby(["date", "session_id"], as_index=False)[["trunk", "hip", "lower"]].sum()

    @cached_property
    def last_spinal_sets(self) -> pd.DataFrame:
        """The last working set of each spinal-loading lift in each session (for late-set effort)."""
        working = self.sets[self.sets["spinal_load"] & (self.sets["kind"] != SetKind.WARMUP)]
        last = working.sort_values(["date", "session_id", "position"]).groupby(["session_id", "exercise"], as_index=False).tail(1)
        return last[["date", "session_id", "exercise", "rpe", "rir"]].sort_values("date", kind="stable")

    @cached_property
    def reports(self) -> list[Report]:
        return reports_from_frame(self.pain)

    def pain_between(self, first: dt.date, last: dt.date) -> list[Report]:
        return between(self.reports, first, last)

    def sessions_between(self, first: dt.date, last: dt.date) -> pd.DataFrame:
        return _between(self.sessions, "date", first, last)

    def sets_between(self, first: dt.date, last: dt.date) -> pd.DataFrame:
        return _between(self.sets, "date", first, last)


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

    def to_dict(self) -> dict:
        return {"phase": self.phase, "reasons": self.reasons, "actions": self.actions, "until": self.until, "once_cleared": self.once_cleared}


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


# Reduce -----------------------------------------------------------------------------------


def _last_break(history: AthleteHistory, day: dt.date, settings: AdviceSettings) -> tuple[dt.date, dt.date, int] | None:
    """(last session before, first session after, days off) of the latest break ending by `day`."""
    days = [d for d in history.session_days if d <= day]
    for before, after in zip(reversed(days[:-1]), reversed(days[1:])):
        off = (after - before).days - 1
        if off >= settings.return_break_days:
            return before, after, off
    return None


def _return_reason(history: AthleteHistory, day: dt.date, settings: AdviceSettings) -> str | None:
    found = _last_break(history, day, settings)
    if found is None:
        return None
    before, back, off = found
    if (day - back).days >= settings.return_window_days:
        return None
    column = load.METRICS[history.metric]
    since = history.sessions_between(back, day)[column].fillna(0)
    earlier = history.sessions_between(_days_back(before, CHRONIC_DAYS), before)[column].fillna(0)
    if since.empty or earlier.empty or earlier.mean() == 0:
        return None
    share = since.mean() / earlier.mean()
    if share < settings.return_full_load:
        return None
    unit = _unit(history.metric)
    return (
        f"You came back on {back.isoformat()} after {off} days off, and your {len(since)} sessions since average "
        f"{share:.0%} of your sessions before the break ({since.mean():,.0f} vs {earlier.mean():,.0f} {unit}): "
        "fitness fades faster than the habit of lifting does."
    )


def reduce_reasons(history: AthleteHistory, day: dt.date, settings: AdviceSettings = DEFAULT_SETTINGS) -> list[str]:
    """The evidence, if any, that load outpaced capacity on `day` (memoised: reload asks about past days)."""
    key = (day, settings)
    if key not in history._reduce_memo:
        history._reduce_memo[key] = _reduce_evidence(history, day, settings)
    return history._reduce_memo[key]


def _reduce_evidence(history: AthleteHistory, day: dt.date, settings: AdviceSettings) -> list[str]:
    reasons = []
    ratio = history.on(history.acwr, day)
    week = history.pain_between(_days_back(day, 7), day)
    peak = max((r.pain for r in week), default=0)
    if ratio > settings.acwr_reduce:
        reasons.append(
            f"EWMA ACWR is {ratio:.2f}, above {settings.acwr_reduce:g}: this week's load is well ahead of what the last "
            "four weeks prepared you for."
        )
    elif ratio > settings.acwr_reduce_with_pain and peak >= settings.pain_threshold:
        reasons.append(f"EWMA ACWR is {ratio:.2f}, above {settings.acwr_reduce_with_pain:g}, with pain up to {peak}/10 this week.")

    # A week-on-week jump counts when it also takes the ratio above the target range: coming
    # back to normal after a planned deload, or building from a low base, is not load
    # outpacing capacity (that is the reload phase's business).
    change = history.week_change.get(pd.Timestamp(day), math.nan)
    if change > settings.week_change_reduce and ratio > settings.acwr_high:
        total = history.week_total.get(pd.Timestamp(day), math.nan)
        previous = history.week_total.get(pd.Timestamp(day) - pd.Timedelta(days=7), math.nan)
        reasons.append(
            f"This week's load ({total:,.0f} {_unit(history.metric)}) is up {change:.0%} on the week before "
            f"({previous:,.0f}), more than {settings.week_change_reduce:.0%}, taking EWMA ACWR above {settings.acwr_high:g}."
        )

    returned = _return_reason(history, day, settings)
    if returned:
        reasons.append(returned)

    after_training = {Timing.DURING, Timing.AFTER, Timing.NEXT_MORNING}
    after_session = [
        r for r in week if r.pain >= settings.pain_after_session_reduce and (r.session_id is not None or r.timing in after_training)
    ]
    if after_session:
        reasons.append(f"Pain of {after_session[-1].pain}/10 after training on {after_session[-1].day.isoformat()}.")
    return reasons


def _reduce(history: AthleteHistory, day: dt.date, settings: AdviceSettings) -> PhaseAdvice | None:
    reasons = reduce_reasons(history, day, settings)
    if not reasons:
        return None
    recent = history.sessions_between(_days_back(day, 7), day)
    spinal_share = recent["spinal_tonnage"].sum() / recent["tonnage"].sum() if recent["tonnage"].sum() else 0
    actions = [
        "Cut working sets by about 40% this week and keep every set at RPE 7 or below (3 or more reps in reserve).",
        f"Train no more than {max(2, min(len(recent), 4) - 1)} days this week, with a rest day after each hard session.",
    ]
    if spinal_share >= settings.spinal_day_share:
        actions.append(
            f"Pause heavy deadlifts and back squats ({spinal_share:.0%} of this week's tonnage loaded the spine); "
            "use goblet squats, leg press and hip thrusts at moderate effort instead."
        )
    actions.append("Keep moving: walking and easy conditioning on rest days help a sore back more than rest in bed.")
    return PhaseAdvice(
        "reduce",
        reasons,
        actions,
        f"EWMA ACWR is at or below {settings.acwr_high:g} and pain has stayed at {settings.settled_pain}/10 or less "
        f"for 3 days — usually one to two weeks. Review on {(day + dt.timedelta(days=7)).isoformat()}.",
    )


# Brace ------------------------------------------------------------------------------------


def _spinal_heavy_days(history: AthleteHistory, first: dt.date, last: dt.date, settings: AdviceSettings) -> pd.DataFrame:
    sessions = history.sessions_between(first, last)
    heavy = sessions["tonnage"].gt(0) & (sessions["spinal_tonnage"] >= settings.spinal_day_share * sessions["tonnage"])
    return sessions[heavy]


def _brace(history: AthleteHistory, day: dt.date, settings: AdviceSettings) -> PhaseAdvice | None:
    first = _days_back(day, settings.lookback_days)
    painful = [r for r in history.pain_between(first, day) if r.pain >= settings.pain_threshold]
    window = f"the last {settings.lookback_days} days"

    signals = []
    during = [r for r in painful if r.timing == Timing.DURING]
    if during:
        dates = ", ".join(sorted({r.day.isoformat() for r in during}))
        signals.append(f"Pain during training ({dates}), up to {max(r.pain for r in during)}/10.")

    heavy = _spinal_heavy_days(history, _days_back(first, 2), day, settings)
    heavy_ids, heavy_days = set(heavy["session_id"]), set(heavy["date"].dt.date)
    follows_heavy = [
        r for r in painful if r.session_id in heavy_ids or r.day in heavy_days or r.day - dt.timedelta(days=1) in heavy_days
    ]
    if len(follows_heavy) >= 2:
        signals.append(f"{len(follows_heavy)} pain reports in {window} came on or after hinge/squat-heavy days.")

    last_sets = _between(history.last_spinal_sets, "date", first, day)
    grinding = last_sets[(last_sets["rpe"] >= settings.late_set_rpe) | (last_sets["rir"] <= 10 - settings.late_set_rpe)]
    ground_out = len(grinding) >= settings.grinding_lifts
    trunk_sets = int(_between(history.set_summary, "date", first, day)["trunk"].sum())
    little_trunk = trunk_sets < settings.trunk_sets_min
    if not (signals or (ground_out and little_trunk)):
        return None
    if ground_out:
        names = ", ".join(sorted(set(grinding["exercise"])))
        signals.append(f"{len(grinding)} spinal-loading lifts ended on a set at RPE {settings.late_set_rpe:g}+ in {window} ({names}).")
    if little_trunk:
        signals.append(f"Only {trunk_sets} trunk sets logged in {window} (fewer than {settings.trunk_sets_min}).")
    return PhaseAdvice(
        "brace",
        signals,
        [
            "Before each session: 2–3 minutes of breathing and bracing drills — breathe into the belt line, then brace as if for a light punch.",
            "Trunk endurance three times a week: curl-up, side plank and bird dog, holds of about 10 seconds, e.g. 5-4-3 repetitions.",
            "Cap hinge and squat sets at RPE 8 (2+ reps in reserve) and end a set as soon as your back position changes.",
            "Film a working set of your main hinge: it shows where the position slips under fatigue.",
        ],
        "Trunk work is a habit (three times a week) and sessions are free of pain — usually two to four weeks.",
    )


# Hip strength -----------------------------------------------------------------------------


def is_hip_work(exercise: str) -> bool:
    name = exercise.casefold()
    return any(word in name for word in HIP_WORK_WORDS)


def _hip_strength(history: AthleteHistory, day: dt.date, settings: AdviceSettings) -> PhaseAdvice | None:
    summary = _between(history.set_summary, "date", _days_back(day, HIP_WINDOW_DAYS), day)
    hip, lower = int(summary["hip"].sum()), int(summary["lower"].sum())
    signals = []
    share = hip / lower if lower else math.nan
    if lower >= settings.hip_min_lower_sets and share < settings.hip_share_min:
        signals.append(
            f"Single-leg and hip work was {hip} of {lower} lower-body working sets in the last "
            f"{HIP_WINDOW_DAYS} days ({share:.0%}, below {settings.hip_share_min:.0%})."
        )
    pain = history.pain_between(_days_back(day, settings.lookback_days), day)
    one_sided = [r for r in pain if r.region in {Region.LEFT, Region.RIGHT} and r.pain > 0]
    if one_sided:
        sides = " and ".join(sorted({r.region for r in one_sided}))
        signals.append(
            f"One-sided pain ({sides}) in {len(one_sided)} report{'s' if len(one_sided) > 1 else ''} in the last {settings.lookback_days} days, "
            f"up to {max(r.pain for r in one_sided)}/10."
        )
    if not signals:
        return None
    return PhaseAdvice(
        "hip_strength",
        signals,
        [
            "Single-leg work two to three times a week: split squats, single-leg Romanian deadlifts and step-ups, 3 × 8–12 each side.",
            "Glute and hip work on the same days: hip thrusts or glute bridges, side-lying hip abduction, Copenhagen plank.",
            "Start each side with the weaker one and match the reps on the stronger side.",
        ],
        f"Single-leg and hip work is at least {max(settings.hip_share_min, 0.25):.0%} of lower-body sets and any one-sided pain "
        "has settled — usually four to six weeks.",
    )


# Reload and build -------------------------------------------------------------------------


def _settled(history: AthleteHistory, day: dt.date, settings: AdviceSettings) -> tuple[bool, str]:
    reports = history.pain_between(_days_back(day, settings.settled_days), day)
    peak = max((r.pain for r in reports), default=0)
    detail = f" (highest {peak}/10)." if reports else " (nothing reported)."
    return peak <= settings.settled_pain, f"Pain has stayed at {settings.settled_pain}/10 or less for {settings.settled_days} days{detail}"


def _reload_starts(history: AthleteHistory, day: dt.date, settings: AdviceSettings) -> bool:
    """The entry conditions: load low, pain settled, after a reduce phase or a break."""
    return (
        history.on(history.acwr, day) < settings.acwr_low
        and _settled(history, day, settings)[0]
        and _reload_cause(history, day, settings)[0] is not None
    )


def _reload(history: AthleteHistory, day: dt.date, settings: AdviceSettings) -> PhaseAdvice | None:
    """Reload starts when its entry conditions hold, and carries on for a week after they last
    held while the ratio stays within range: a return does not end the first day ACWR hits 0.8."""
    ratio = history.on(history.acwr, day)
    settled, settled_reason = _settled(history, day, settings)
    if not settled or not ratio <= settings.acwr_high:
        return None
    recent_start = ratio < settings.acwr_low or any(
        _reload_starts(history, day - dt.timedelta(days=back), settings) for back in range(1, 8)
    )
    cause, since = _reload_cause(history, day, settings)
    if not recent_start or cause is None:
        return None
    position = "below" if ratio < settings.acwr_low else "back within"
    reasons = [
        cause,
        settled_reason,
        f"EWMA ACWR is {ratio:.2f}, {position} {settings.acwr_low:g}{'' if ratio < settings.acwr_low else '–' + format(settings.acwr_high, 'g')}: "
        + ("there is room to build back." if ratio < settings.acwr_low else "keep building steadily."),
    ]
    actions = [
        "Reintroduce the compound lifts at about 60–70% of your previous working loads, then add at most about 10% a week.",
        f"Keep EWMA ACWR between {settings.acwr_low:g} and {settings.acwr_high:g}: add sessions before adding intensity.",
        "Keep RPE at 7–8 for the first two weeks; stop a set if pain rises above 3/10 and does not settle by the next day.",
    ]
    previous = _previous_working_loads(history, since)
    if previous:
        unit = history.unit
        starts = "; ".join(
            f"{name} {_plates(low, unit):g}–{_plates(high, unit):g} {unit} (was {_plates(top, unit):g} {unit})"
            for name, top, low, high in previous
        )
        actions.insert(1, f"Starting points: {starts}.")
    return PhaseAdvice(
        "reload",
        reasons,
        actions,
        f"Working loads are back to previous levels with EWMA ACWR within {settings.acwr_low:g}–{settings.acwr_high:g} — typically three to six weeks.",
    )


def _reload_cause(history: AthleteHistory, day: dt.date, settings: AdviceSettings) -> tuple[str | None, dt.date]:
    """Why load is low: a recent reduce phase (earliest day it applied) or a break."""
    first = day - dt.timedelta(days=settings.reload_after_days)
    reduce_days = [
        first + dt.timedelta(days=offset)
        for offset in range(settings.reload_after_days)
        if reduce_reasons(history, first + dt.timedelta(days=offset), settings)
    ]
    if reduce_days:
        return (
            f"There was reason to reduce load from {reduce_days[0].isoformat()} to {reduce_days[-1].isoformat()}, and it has passed.",
            reduce_days[0],
        )
    found = _last_break(history, day, settings)
    if found and found[1] >= first:
        return f"You had {found[2]} days off, back since {found[1].isoformat()}.", found[0]
    return None, day


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


def _build(history: AthleteHistory, day: dt.date, settings: AdviceSettings) -> PhaseAdvice | None:
    ratio = history.on(history.acwr, day)
    week = history.pain_between(_days_back(day, 7), day)
    peak = max((r.pain for r in week), default=0)
    if not settings.acwr_low <= ratio <= settings.acwr_high or peak > settings.settled_pain:
        return None
    return PhaseAdvice(
        "build",
        [
            f"EWMA ACWR is {ratio:.2f}, inside {settings.acwr_low:g}–{settings.acwr_high:g}.",
            f"No meaningful pain this week (highest {peak}/10)." if week else "No pain reported this week.",
        ],
        [
            "Keep progressing: add load or volume by no more than about 10% a week.",
            "Keep a lighter week every four to six weeks, and keep your trunk and single-leg work in the plan.",
        ],
        "The next sign that load is outpacing you; check back after each week of training.",
    )


# Putting it together ----------------------------------------------------------------------


def _notes(history: AthleteHistory, day: dt.date, phases: list[PhaseAdvice], settings: AdviceSettings) -> list[str]:
    if any(p.phase in LOADING_PHASES for p in phases):
        return []
    ratio = history.on(history.acwr, day)
    if math.isnan(ratio):
        days = (day - history.session_days[0]).days + 1 if history.session_days else 0
        return [f"Load advice needs {CHRONIC_DAYS} days of history ({days} so far): keep logging."]
    if ratio > settings.acwr_high:
        return [f"EWMA ACWR is {ratio:.2f}, above {settings.acwr_high:g}: hold this week's load steady rather than adding more."]
    if ratio < settings.acwr_low:
        return [f"EWMA ACWR is {ratio:.2f}, below {settings.acwr_low:g}: build back gradually, adding no more than about 10% a week."]
    return []


def advise(history: AthleteHistory, *, on: dt.date, settings: AdviceSettings = DEFAULT_SETTINGS) -> Advice:
    """Triage, then the phases whose evidence is present on `on`, most pressing first."""
    screened = triage(history.reports, on=on, birth_year=history.birth_year, settings=settings)
    if screened.level >= Level.URGENT:
        return Advice(on, screened, [], ["All training advice is on hold until a clinician has seen you."])

    urgent = [phase for rule in (_reduce, _reload) if (phase := rule(history, on, settings))]
    # Technique and balance phases rank by how much evidence each has (ties: brace first).
    supporting = [phase for rule in (_brace, _hip_strength) if (phase := rule(history, on, settings))]
    phases = urgent + sorted(supporting, key=lambda phase: -len(phase.reasons))
    if not phases and (built := _build(history, on, settings)):
        phases = [built]
    notes = _notes(history, on, phases, settings)

    if screened.stops_load_advice:
        held = [p.phase for p in phases if p.phase in LOADING_PHASES]
        phases = [PhaseAdvice(p.phase, p.reasons, p.actions, p.until, once_cleared=True) for p in phases if p.phase not in LOADING_PHASES]
        notes = ["Load advice (reduce, reload, build) is on hold until you have been assessed; until then, do not add load."]
        if held:
            notes.append(f"Held back: {', '.join(held)}.")
    return Advice(on, screened, phases, notes)


@dataclass(frozen=True)
class Span:
    name: str
    start: dt.date
    end: dt.date

    def to_dict(self) -> dict:
        return {"name": self.name, "start": self.start.isoformat(), "end": self.end.isoformat()}


#: Gaps of up to this many days between two runs of the same phase are bridged in the history,
#: so rest-day wobbles of the daily ratio do not chop a phase into pieces.
BRIDGE_DAYS = 2


def _runs(days: list[tuple[dt.date, set[str]]]) -> list[Span]:
    """Collapse (day, names) into spans per name, bridging short gaps."""
    spans: dict[str, list[Span]] = {}
    for day, names in days:
        for name in names:
            runs = spans.setdefault(name, [])
            if runs and (day - runs[-1].end).days <= BRIDGE_DAYS + 1:
                runs[-1] = Span(name, runs[-1].start, day)
            else:
                runs.append(Span(name, day, day))
    order = {name: rank for rank, name in enumerate((*PHASES, "assess", "urgent", "emergency"))}
    return sorted((span for runs in spans.values() for span in runs), key=lambda s: (s.start, order.get(s.name, 99)))


def phase_history(
    history: AthleteHistory, *, start: dt.date, end: dt.date, settings: AdviceSettings = DEFAULT_SETTINGS
) -> dict[str, list[Span]]:
    """What was suggested, from when to when: phase spans, and spans of triage above "none"."""
    phase_days, triage_days = [], []
    day = start
    while day <= end:
        advice = advise(history, on=day, settings=settings)
        phase_days.append((day, {p.phase for p in advice.phases}))
        triage_days.append((day, {advice.triage.level.label} - {"none"}))
        day += dt.timedelta(days=1)
    return {"phases": _runs(phase_days), "triage": _runs(triage_days)}

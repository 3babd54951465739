"""Demo data: seven lifters whose last six months each show one pattern the advice engine looks for.

`build_demo(db)` writes the athletes through `tracker.store` only, so every session and pain
entry is validated and every session's loads are derived exactly as for real logs. History
runs for 26 weeks ending on `today` (default: the real date); each athlete's random details
come from a `random.Random` seeded with their name, and the schedule is laid out in days
before `today`, so the figures on `today` (ACWR, week change, pain) are the same whatever
date the demo is built on.

Weeks are counted back from `today`: week 0 is the 7 days ending on `today`, and a session
at position p (0-6) of week k falls `7k + 6 - p` days before `today`. Only the early risers
(Alex's last session, Blair's morning sessions) train on `today` itself, and every entry
dated `today` is timed before 08:00, so a demo built after breakfast shows nothing "later
today". `today` may not be later than the real date: the store refuses future entries.

Idempotent: a demo athlete whose name already exists is skipped; `reset=True` deletes the
demo athletes (whatever they hold - the names are reserved for the demo) and rebuilds them.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlmodel import Session

from tracker import store
from tracker.errors import NotFoundError, ValidationError
from tracker.vocab import Feature, Quality, RedFlag, Region, SetKind, Timing, Unit

__all__ = ["DEMO_ATHLETES", "DEMO_STORIES", "HISTORY_DAYS", "DemoResult", "build_demo"]

#: Days of history, `today` included (26 weeks).
HISTORY_DAYS = 182
_WEEKS = HISTORY_DAYS // 7


@dataclass(frozen=True)
class DemoResult:
    created: list[str]
    skipped: list[str]


# ---------------------------------------------------------------------------- building blocks


@dataclass(frozen=True)
class _Lifter:
    name: str
    unit: Unit
    birth_year: int
    body_mass_kg: float
    effort: str | None  # per-set effort on main lifts: "rpe", "rir" or None (not recorded)
    maxes: dict[str, float]  # rough one-rep maxes at the start, in `unit`
    monthly_gain: float  # strength gained per 30 days of training (0.02 = 2 %)
    start: dt.time  # usual start time
    notes: tuple[str, ...]  # things this lifter jots down now and then


@dataclass(frozen=True)
class _Slot:
    exercise: str
    sets: int
    reps: int
    ref: str | None  # key into `_Lifter.maxes`; None: bodyweight
    frac: float  # working weight as a fraction of that max
    # "main" (effort recorded, 2 warm-ups), "acc" (1 warm-up), "bw" (bodyweight, 1 warm-up),
    # "backoff" (lighter sets of the lift just done, no warm-up) or "trunk" (no warm-up)
    role: str


@dataclass(frozen=True)
class _Day:
    """One planned session, `offset` days before today."""

    offset: int
    template: str
    load: float = 1.0  # multiplier on working weights
    effort: float = 8.0  # RPE of the last working set of a main lift
    rpe: float = 7.0  # session RPE (CR-10)
    trunk: int = 3  # trunk working sets (0: none)
    single_leg: bool = True
    hip: bool = True  # hip thrust on Lower B
    heavy: bool = False  # heavy deadlift day (triples near max, extra back-off work)
    back_friendly: bool = False  # deload variant without barbell squats or pulls from the floor
    cut_short: bool = False  # session stopped after the main lift
    extra_sets: int = 0  # added to every main and accessory lift
    rest: float = 3.5  # minutes per working set of a main lift (heavy triples need longer)
    start: dt.time | None = None  # start time, when not the lifter's usual one
    extra_minutes: int = 0
    progress_until: int | None = None  # strength frozen at this offset (e.g. back from holiday)
    note: str | None = None
    wellness: dict[str, Any] | None = None


@dataclass(frozen=True)
class _Pain:
    offset: int
    pain: int
    region: Region
    quality: Quality | None = None
    timing: Timing | None = None
    features: frozenset[Feature] = frozenset()
    session_offset: int | None = None  # links the entry to the session on that day
    at: dt.time | None = None  # wall clock; default from timing and the linked session
    notes: str | None = None
    red_flags: frozenset[RedFlag] = frozenset()


@dataclass(frozen=True)
class _Clearance:
    offset: int
    at: dt.time
    assessed_by: str
    note: str


@dataclass(frozen=True)
class _Story:
    lifter: _Lifter
    summary: str
    plan: Callable[[], list[_Day]]
    pains: Callable[[], list[_Pain]] = list
    clearances: Callable[[], list[_Clearance]] = list


def _offset(week: int, position: int) -> int:
    return 7 * week + 6 - position


def _week(week: int, positions: tuple[int, ...], templates: tuple[str, ...], **kwargs: Any) -> list[_Day]:
    return [_Day(_offset(week, p), t, **kwargs) for p, t in zip(positions, templates, strict=True)]


def _slots(day: _Day) -> list[_Slot]:
    """The exercises of a named template, as this day's flags shape it."""
    S = _Slot
    trunk: list[_Slot] = []
    match day.template:
        case "Lower A":
            slots = [S("Squat (Barbell)", 4, 5, "squat", 0.80, "main"), S("Romanian Deadlift (Barbell)", 3, 8, "deadlift", 0.55, "acc")]
            if day.single_leg:
                slots.append(S("Bulgarian Split Squat", 3, 8, "squat", 0.28, "acc"))
            trunk = [S("Dead Bug", day.trunk, 10, None, 0, "trunk")]
        case "Lower B":
            if day.heavy:
                slots = [S("Deadlift (Barbell)", 5, 3, "deadlift", 0.89, "main"), S("Deadlift (Barbell)", 2, 5, "deadlift", 0.78, "backoff")]
            else:
                slots = [S("Deadlift (Barbell)", 3, 5, "deadlift", 0.80, "main")]
            if day.hip:
                slots.append(S("Hip Thrust (Barbell)", 3, 10, "deadlift", 0.60, "acc"))
            if day.single_leg:
                slots.append(S("Reverse Lunge (Dumbbell)", 3, 10, "squat", 0.22, "acc"))
            trunk = [S("Ab Wheel", day.trunk, 8, None, 0, "trunk")]
        case "Upper A":
            slots = [S("Bench Press (Barbell)", 4, 5, "bench", 0.80, "main"), S("Bent Over Row (Barbell)", 4, 8, "bench", 0.65, "acc"),
                     S("Pull Up", 3, 8, None, 0, "bw")]  # fmt: skip
            trunk = [S("Pallof Press", day.trunk, 10, "bench", 0.14, "trunk")]
        case "Upper B":
            slots = [S("Overhead Press (Barbell)", 4, 6, "ohp", 0.78, "main"), S("Pull Up", 4, 6, None, 0, "bw"),
                     S("Incline Bench Press (Dumbbell)", 3, 10, "bench", 0.28, "acc"), S("Seated Row (Cable)", 3, 10, "bench", 0.60, "acc")]  # fmt: skip
            trunk = [S("Pallof Press", day.trunk, 10, "bench", 0.14, "trunk")]
        case "Full Body":
            hinge = S("Deadlift (Barbell)", 3, 5, "deadlift", 0.82, "main") if day.heavy else S("Romanian Deadlift (Barbell)", 3, 8, "deadlift", 0.55, "acc")
            slots = [S("Squat (Barbell)", 3, 5, "squat", 0.76, "main"), S("Bench Press (Barbell)", 3, 5, "bench", 0.76, "main"), hinge,
                     S("Pull Up", 3, 8, None, 0, "bw")]  # fmt: skip
            trunk = [S("Dead Bug", day.trunk, 10, None, 0, "trunk")]
        case "Deload" if day.back_friendly:
            slots = [S("Goblet Squat (Dumbbell)", 3, 10, "squat", 0.22, "acc"), S("Bench Press (Barbell)", 3, 8, "bench", 0.60, "main"),
                     S("Chest Supported Row (Dumbbell)", 3, 10, "bench", 0.24, "acc"), S("Glute Bridge", 3, 12, None, 0, "bw")]  # fmt: skip
            trunk = [S("Bird Dog", day.trunk, 8, None, 0, "trunk"), S("Dead Bug", day.trunk, 10, None, 0, "trunk")]
        case "Deload":
            slots = [S("Squat (Barbell)", 3, 5, "squat", 0.62, "main"), S("Bench Press (Barbell)", 3, 5, "bench", 0.62, "main"),
                     S("Romanian Deadlift (Barbell)", 2, 8, "deadlift", 0.42, "acc"), S("Pull Up", 2, 6, None, 0, "bw")]  # fmt: skip
            trunk = [S("Dead Bug", day.trunk, 10, None, 0, "trunk")]
        case _:
            raise ValueError(f"unknown template {day.template!r}")
    if day.extra_sets:
        slots = [replace(slot, sets=slot.sets + day.extra_sets) if slot.role in ("main", "acc") else slot for slot in slots]
    if day.cut_short:
        slots = [replace(slots[0], sets=max(1, slots[0].sets - 1))]
        trunk = []
    return slots + [slot for slot in trunk if slot.sets > 0]


# ---------------------------------------------------------------------------- turning plans into input


_PLATE_LOADS_LB = (95, 135, 185, 225, 275, 315, 365, 405)


def _round(weight: float, unit: Unit, minimum: float = 0.0) -> float:
    step = 5.0 if unit == Unit.LB else 2.5
    return max(minimum, math.floor(weight / step + 0.5) * step)


def _warmup_weight(weight: float, unit: Unit, barbell: bool) -> float:
    bar = 45.0 if unit == Unit.LB else 20.0
    if unit == Unit.LB and barbell:
        # Lifters in pounds warm up by whole plates: 135, 225, 315...
        nearest = min(_PLATE_LOADS_LB, key=lambda plates: abs(plates - weight))
        if abs(nearest - weight) <= 20:
            return float(nearest)
    return _round(weight, unit, bar if barbell else 0.0)


def _efforts(n: int, top: float) -> list[float]:
    """RPE of n working sets climbing by half a point to `top` (e.g. 7, 7.5, 8, 8)."""
    return [min(10.0, max(5.0, top - 0.5 * max(0, min(2, n - 1 - i)))) for i in range(n)]


def _sets(lifter: _Lifter, day: _Day, slot: _Slot, strength: float, rng: random.Random) -> list[dict[str, Any]]:
    unit = lifter.unit
    barbell = "(Barbell)" in slot.exercise
    bar = (45.0 if unit == Unit.LB else 20.0) if barbell else 0.0
    weight = 0.0
    if slot.ref is not None:
        weight = _round(lifter.maxes[slot.ref] * slot.frac * strength * day.load, unit, bar or (5.0 if unit == Unit.LB else 2.5))
    rows: list[dict[str, Any]] = []

    def add(reps: int, load: float, kind: SetKind, rpe: float | None = None) -> None:
        row: dict[str, Any] = {"exercise": slot.exercise, "reps": reps, "unit": unit, "weight": load, "kind": kind}
        if rpe is not None and lifter.effort == "rpe":
            row["rpe"] = rpe
        elif rpe is not None and lifter.effort == "rir":
            row["rir"] = max(0, round(10 - rpe))
        rows.append(row)

    if slot.role == "main":
        add(5, _warmup_weight(weight * 0.5, unit, barbell), SetKind.WARMUP)
        add(3, _warmup_weight(weight * 0.75, unit, barbell), SetKind.WARMUP)
    elif slot.role == "acc":
        add(max(5, slot.reps // 2 + 1), _warmup_weight(weight * 0.6, unit, barbell), SetKind.WARMUP)
    elif slot.role == "bw":
        add(max(3, slot.reps // 2), 0.0, SetKind.WARMUP)
    top = day.effort + (0.0 if day.heavy else rng.choice((-0.5, 0.0, 0.0, 0.5)))
    efforts = _efforts(slot.sets, top)
    for i in range(slot.sets):
        reps = slot.reps
        if slot.role == "bw" and i == slot.sets - 1:
            reps = max(3, reps - rng.choice((0, 1, 2)))  # the last set of pull-ups fades
        add(reps, weight, SetKind.WORKING, efforts[i] if slot.role == "main" else None)
    return rows


_MINUTES = {"acc": 2.5, "backoff": 2.5, "bw": 2.0, "trunk": 1.5}


def _session_input(lifter: _Lifter, day: _Day, today: dt.date, rng: random.Random) -> dict[str, Any]:
    date = today - dt.timedelta(days=day.offset)
    trained_days = HISTORY_DAYS - 1 - (day.offset if day.progress_until is None else day.progress_until)
    strength = 1 + lifter.monthly_gain * trained_days / 30
    sets: list[dict[str, Any]] = []
    minutes = 10.0 + day.extra_minutes + rng.choice((-3, -2, 0, 0, 2, 4))
    for slot in _slots(day):
        rows = _sets(lifter, day, slot, strength, rng)
        sets.extend(rows)
        working = sum(row["kind"] != SetKind.WARMUP for row in rows)
        per_set = day.rest if slot.role == "main" else _MINUTES[slot.role]
        minutes += 2.0 * (len(rows) - working) + per_set * working
    duration = int(min(100, max(45, round(minutes))))
    rpe = min(9.0, max(5.0, day.rpe + rng.choice((-0.5, 0.0, 0.0, 0.5))))
    jitter = dt.timedelta(minutes=rng.choice((-30, -15, 0, 0, 0, 15, 30)))
    start = dt.datetime.combine(date, day.start) if day.start else dt.datetime.combine(date, lifter.start) + jitter
    data: dict[str, Any] = {
        "date": date,
        "start_time": start.time(),
        "name": day.template,
        "duration_min": duration,
        "rpe": rpe,
        "sets": sets,
    }
    note = day.note or (rng.choice(lifter.notes) if rng.random() < 0.08 else None)
    if note:
        data["notes"] = note
    if day.wellness is not None:
        data.update(day.wellness)
    elif rng.random() < 0.35:
        data.update(
            sleep_hours=rng.choice((6.0, 6.5, 7.0, 7.0, 7.5, 7.5, 8.0, 8.5)),
            sleep_quality=rng.choice((2, 3, 3, 4, 4, 4, 5)),
            stress=rng.choice((1, 2, 2, 2, 3, 3, 4)),
            soreness=rng.choice((1, 2, 2, 2, 3, 3)),
        )
    return data


def _pain_input(pain: _Pain, today: dt.date, sessions: dict[int, tuple[int, dict[str, Any]]]) -> dict[str, Any]:
    date = today - dt.timedelta(days=pain.offset)
    linked = sessions.get(pain.session_offset) if pain.session_offset is not None else None
    if pain.session_offset is not None and linked is None:
        raise ValueError(f"demo plan error: no session {pain.session_offset} days before today to link pain to")
    at = pain.at
    if at is None and linked is not None and pain.offset == pain.session_offset:
        start = dt.datetime.combine(date, linked[1]["start_time"])
        if pain.timing == Timing.DURING:
            at = (start + dt.timedelta(minutes=40)).time()
        else:  # after the session: once home and showered
            at = (start + dt.timedelta(minutes=linked[1]["duration_min"] + 35)).time()
            at = at.replace(minute=at.minute - at.minute % 5)
    if at is None:
        at = {Timing.REST_OR_NIGHT: dt.time(22, 15)}.get(pain.timing, dt.time(7, 30))
    data: dict[str, Any] = {
        "recorded_at": dt.datetime.combine(date, at),
        "pain": pain.pain,
        "region": pain.region,
        "quality": pain.quality,
        "timing": pain.timing,
        "features": pain.features,
        "red_flags": pain.red_flags,
        "session_id": linked[0] if linked is not None else None,
    }
    if pain.notes:
        data["notes"] = pain.notes
    return data


# ---------------------------------------------------------------------------- the stories

_EVERY_WEEK = range(_WEEKS - 1, -1, -1)  # 25 .. 0, oldest first
_FOUR = (1, 2, 4, 5)  # four a week: the last two sessions of week 0 are 2 days ago and yesterday
_LOWER_UPPER = ("Lower A", "Upper A", "Lower B", "Upper B")

_ALEX = _Lifter(
    "Alex Ramp", Unit.KG, 1996, 84.0, "rpe", {"squat": 145, "deadlift": 170, "bench": 100, "ohp": 62.5}, 0.015, dt.time(18, 15),
    ("Felt strong.", "Gym busy, waited for the rack.", "Bar speed good.", "Short on time, rushed rest periods."),
)  # fmt: skip


def _alex_plan() -> list[_Day]:
    days: list[_Day] = []
    for week in range(_WEEKS - 1, 2, -1):  # five months of three sessions a week
        upper = "Upper A" if week % 2 else "Upper B"
        days += _week(week, (0, 2, 4), ("Lower A", upper, "Lower B"), effort=8.0, rpe=7.0)
    busier = dict(load=1.02, rpe=7.5, effort=8.5, extra_minutes=5)
    ramp = dict(load=1.03, rpe=8.5, effort=9.0, extra_sets=2, rest=4.5, extra_minutes=10, trunk=0)
    heavy = dict(load=1.05, rpe=9.0, effort=10.0, heavy=True, extra_sets=1, rest=6.0, extra_minutes=15, trunk=0)
    tired = {"sleep_hours": 6.0, "sleep_quality": 2, "stress": 4, "soreness": 4}
    # Week 2 (20-14 days ago): a fourth session a week.
    days += [
        _Day(20, "Lower A", **busier),
        _Day(18, "Upper A", **busier),
        _Day(16, "Lower B", **busier),
        _Day(15, "Upper B", **busier, note="Adding a 4th day, building up to 6 a week."),
    ]
    # Week 1 (13-7 days ago): five sessions; the last trunk work is two sets of dead bugs on day 13.
    days += [
        _Day(13, "Lower A", **{**busier, "trunk": 2}),
        _Day(12, "Upper A", **{**busier, "trunk": 0}),
        _Day(10, "Lower B", **{**heavy, "rpe": 8.0, "effort": 9.0, "extra_sets": 0},
             note="New block: heavy triples. Skipped core work to save time."),
        _Day(9, "Upper B", **{**busier, "trunk": 0}),
        _Day(8, "Full Body", **{**busier, "trunk": 0}, wellness=tired),
    ]
    # Week 0: six days in a row, three of them heavy pulls; today's is before work.
    days += [
        _Day(5, "Lower B", **heavy, note="Back tight on the last two triples."),
        _Day(4, "Upper A", **ramp, wellness=tired),
        _Day(3, "Lower A", **ramp),
        _Day(2, "Full Body", **{**heavy, "effort": 9.0}),
        _Day(1, "Upper B", **ramp, wellness=tired),
        _Day(0, "Lower B", **heavy, start=dt.time(6, 45),
             note="Early one before work. Low back tightened up on a late triple, finished the set anyway.",
             wellness={"sleep_hours": 5.5, "sleep_quality": 2, "stress": 4, "soreness": 5}),
    ]  # fmt: skip
    return days


def _alex_pains() -> list[_Pain]:
    centre, bend = Region.CENTRE, frozenset({Feature.WORSE_BENDING})
    return [
        _Pain(10, 3, centre, Quality.DULL, Timing.AFTER, bend, 10, notes="Low back a bit achy after pulls."),
        _Pain(8, 3, centre, Quality.DULL, Timing.AFTER, bend, 8),
        _Pain(7, 3, centre, Quality.DULL, Timing.NEXT_MORNING, bend, 8, notes="Tight putting socks on."),
        _Pain(5, 3, centre, Quality.DULL, Timing.AFTER, bend, 5),
        _Pain(4, 3, centre, Quality.DULL, Timing.NEXT_MORNING, bend, 5),
        _Pain(2, 3, centre, Quality.DULL, Timing.AFTER, bend, 2),
        _Pain(0, 4, centre, Quality.DULL, Timing.DURING, bend, 0, notes="Deep ache on a late deadlift triple, worse bending over."),
    ]


_BLAIR = _Lifter(
    "Blair Return", Unit.LB, 1990, 75.0, "rir", {"squat": 285, "deadlift": 365, "bench": 195, "ohp": 125}, 0.015, dt.time(6, 30),
    ("Early one, coffee kicked in late.", "Good session.", "Knees a bit cranky in warm-ups."),
)  # fmt: skip

_BLAIR_LAST_BEFORE_HOLIDAY = _offset(3, 6)  # 21 days ago; nothing from 20 to 5 days ago (16 days)


def _blair_plan() -> list[_Day]:
    days: list[_Day] = []
    for week in range(_WEEKS - 1, 2, -1):  # an early bird: every other day, 06:30
        days += _week(week, (0, 2, 4, 6), _LOWER_UPPER, effort=8.0, rpe=7.0)
    # Back from a 16-day holiday: four full sessions in five days (today's included) at the
    # old weights and effort.
    back = dict(effort=8.0, rpe=7.0, progress_until=_BLAIR_LAST_BEFORE_HOLIDAY)
    days += _week(0, (2, 3, 5, 6), _LOWER_UPPER, **back)
    days[-4] = replace(days[-4], note="First day back from two weeks away. Straight back to usual weights.")
    return days


def _blair_pains() -> list[_Pain]:
    return [
        _Pain(0, 2, Region.BOTH, Quality.DULL, Timing.NEXT_MORNING, frozenset({Feature.EASES_WITH_MOVEMENT}), 1,
              at=dt.time(6, 0), notes="Usual stiffness the morning after deadlifts, gone once warmed up."),
    ]  # fmt: skip


_CASEY = _Lifter(
    "Casey Steady", Unit.KG, 1988, 68.0, "rpe", {"squat": 110, "deadlift": 140, "bench": 67.5, "ohp": 45}, 0.025, dt.time(7, 0),
    ("Solid.", "Smooth reps.", "Added a rep on the last set.", "Kept rests to 3 min."),
)  # fmt: skip

_CASEY_DELOAD_WEEKS = (23, 17, 11, 5)


def _casey_plan() -> list[_Day]:
    days: list[_Day] = []
    for week in _EVERY_WEEK:
        if week in _CASEY_DELOAD_WEEKS:
            days += _week(week, (1, 3, 5), ("Deload",) * 3, effort=6.5, rpe=5.5)
        else:
            days += _week(week, _FOUR, _LOWER_UPPER, effort=8.0, rpe=7.0)
    return days


def _casey_pains() -> list[_Pain]:
    return [
        _Pain(96, 1, Region.BOTH, Quality.DULL, Timing.NEXT_MORNING, frozenset({Feature.EASES_WITH_MOVEMENT}),
              notes="Slightly stiff after a long drive, fine once moving."),
    ]  # fmt: skip


_DREW = _Lifter(
    "Drew Leg", Unit.KG, 1985, 92.0, None, {"squat": 140, "deadlift": 170, "bench": 110, "ohp": 70}, 0.01, dt.time(12, 15),
    ("Lunch-break session.", "Back-to-back meetings, stiff from sitting.", "Long drive yesterday."),
)  # fmt: skip


def _drew_plan() -> list[_Day]:
    days: list[_Day] = []
    for week in _EVERY_WEEK:
        days += _week(week, (1, 3, 5), ("Lower A", "Upper A", "Full Body"), load=0.97, rpe=6.5)
    return days


def _drew_pains() -> list[_Pain]:
    nerve = frozenset({Feature.BELOW_KNEE, Feature.PINS_AND_NEEDLES, Feature.WORSE_SITTING})
    weak = nerve | {Feature.ONE_LEG_WEAKNESS}
    burn, but, leg = Quality.BURNING, Region.BUTTOCK, Region.LEG
    return [
        _Pain(19, 4, but, burn, Timing.AFTER, nerve, 19, notes="Left buttock burning after the drive home, tingling to the calf."),
        _Pain(18, 4, leg, burn, Timing.NEXT_MORNING, nerve),
        _Pain(17, 5, leg, burn, Timing.REST_OR_NIGHT, nerve, notes="Pins and needles down the left shin in the evening."),
        _Pain(15, 5, but, burn, Timing.AFTER, nerve, 15),
        _Pain(14, 5, leg, burn, Timing.REST_OR_NIGHT, nerve, notes="Worse after a day at the desk."),
        _Pain(12, 6, leg, burn, Timing.AFTER, nerve, 12, notes="Left calf electric after squats."),
        _Pain(9, 5, but, burn, Timing.NEXT_MORNING, nerve),
        _Pain(8, 6, leg, burn, Timing.AFTER, nerve, 8),
        _Pain(6, 5, leg, burn, Timing.REST_OR_NIGHT, nerve, notes="Left foot tingling on the sofa."),
        _Pain(4, 5, but, burn, Timing.NEXT_MORNING, nerve),
        _Pain(1, 4, leg, burn, Timing.AFTER, weak, 1, notes="Left foot slapping on the stairs."),
        _Pain(0, 5, leg, burn, Timing.NEXT_MORNING, weak, notes="Left leg only, as before; the foot still feels weak."),
    ]


_EDEN = _Lifter(
    "Eden Hips", Unit.KG, 1999, 61.0, "rir", {"squat": 95, "deadlift": 115, "bench": 52.5, "ohp": 37.5}, 0.02, dt.time(19, 0),
    ("Quick one after work.", "Squats felt good today.", "Gym packed."),
)  # fmt: skip


def _eden_plan() -> list[_Day]:
    days: list[_Day] = []
    for week in _EVERY_WEEK:
        for day in _week(week, _FOUR, _LOWER_UPPER, effort=8.0, rpe=7.0, trunk=2):
            if day.offset < 28:  # last four weeks: accessories cut, an extra set of the big lifts instead
                keep_lunges = day.offset == _offset(3, 4)  # once, on a quiet evening
                day = replace(day, single_leg=keep_lunges, hip=False, extra_sets=1)
            days.append(day)
    first = next(i for i, day in enumerate(days) if day.offset < 28)
    days[first] = replace(days[first], note="New plan: just the big lifts, in and out in an hour.")
    return days


def _eden_pains() -> list[_Pain]:
    right, dull = Region.RIGHT, Quality.DULL
    return [
        _Pain(12, 2, right, dull, Timing.AFTER, frozenset(), 12, notes="Right side of low back after squats."),
        _Pain(11, 2, right, dull, Timing.NEXT_MORNING, frozenset(), 12),
        _Pain(9, 2, right, dull, Timing.AFTER, frozenset(), 9),
        _Pain(5, 3, right, dull, Timing.AFTER, frozenset({Feature.WORSE_ARCHING}), 5, notes="Right side again after squats, worse than last week."),
        _Pain(4, 3, right, dull, Timing.NEXT_MORNING, frozenset({Feature.WORSE_ARCHING}), 5),
        _Pain(2, 2, right, dull, Timing.AFTER, frozenset(), 2),
        _Pain(0, 2, right, dull, Timing.NEXT_MORNING, frozenset(), notes="Still there on the right when I sit up in bed."),
    ]  # fmt: skip


_FRANKIE = _Lifter(
    "Frankie Reload", Unit.KG, 1993, 80.0, None, {"squat": 135, "deadlift": 165, "bench": 95, "ohp": 62.5}, 0.015, dt.time(17, 45),
    ("Good pump.", "Felt a bit flat.", "PR attempt next week."),
)  # fmt: skip

_FRANKIE_FLARE = _offset(5, 5)  # 36 days ago


def _frankie_plan() -> list[_Day]:
    days: list[_Day] = []
    for week in range(_WEEKS - 1, 5, -1):
        days += _week(week, _FOUR, _LOWER_UPPER, effort=8.0, rpe=7.0)
    days += _week(5, (1, 2, 4), ("Lower A", "Upper A", "Upper B"), effort=8.0, rpe=7.0)
    days.append(_Day(_FRANKIE_FLARE, "Lower B", rpe=6.0, cut_short=True, note="Back went on the 2nd working set of deadlifts. Stopped."))
    light = dict(back_friendly=True, load=0.9, rpe=5.0, effort=6.0, trunk=2)
    for week, positions in ((4, (2,)), (3, (0, 4)), (2, (1, 4)), (1, (1, 4)), (0, (0, 3))):
        days += _week(week, positions, ("Deload",) * len(positions), **light)
    return days


def _frankie_pains() -> list[_Pain]:
    centre, left = Region.CENTRE, Region.LEFT
    bend, eases = frozenset({Feature.WORSE_BENDING}), frozenset({Feature.EASES_WITH_MOVEMENT})
    flare = _FRANKIE_FLARE
    return [
        _Pain(flare, 6, centre, Quality.SHARP, Timing.DURING, bend, flare, notes="Sharp on a deadlift, couldn't finish."),
        _Pain(flare - 1, 6, centre, Quality.SHARP, Timing.NEXT_MORNING, bend, flare, notes="Hard to put socks on."),
        _Pain(flare - 2, 5, centre, Quality.SHARP, Timing.REST_OR_NIGHT, bend),
        _Pain(flare - 4, 4, left, Quality.DULL, Timing.AFTER, bend, flare - 4, notes="Gentle session, sore afterwards."),
        _Pain(29, 3, left, Quality.DULL, Timing.NEXT_MORNING, bend),
        _Pain(27, 2, left, Quality.DULL, Timing.AFTER, eases, 27),
        _Pain(23, 0, centre, None, Timing.AFTER, frozenset(), 23, notes="Nothing today."),
        _Pain(19, 0, centre, None, Timing.AFTER, frozenset(), 19),
        _Pain(12, 0, centre, None, Timing.AFTER, frozenset(), 12, notes="Barely remember it hurt."),
        _Pain(6, 0, centre, None, Timing.AFTER, frozenset(), 6),
        _Pain(0, 0, centre, None, Timing.NEXT_MORNING, frozenset(), notes="No pain this morning."),
    ]


_GRAY = _Lifter(
    "Gray Cleared", Unit.KG, 1991, 77.0, "rpe", {"squat": 130, "deadlift": 160, "bench": 90, "ohp": 57.5}, 0.015, dt.time(18, 30),
    ("Back feels normal.", "Easy does it.", "Good to be back under the bar."),
)  # fmt: skip

_GRAY_FLAG = 44  # saddle numbness reported 44 days ago; assessed and cleared the next day


def _gray_plan() -> list[_Day]:
    days: list[_Day] = []
    for week in range(_WEEKS - 1, 6, -1):
        days += _week(week, (0, 2, 4), ("Lower A", "Upper A", "Lower B"), effort=8.0, rpe=7.0)
    days += [_Day(48, "Lower A"), _Day(46, "Upper A"), _Day(_GRAY_FLAG + 1, "Lower B", heavy=True, effort=9.0, rpe=8.5)]
    # Nothing for 17 days after the scare, then light sessions building back three times a week.
    light = dict(load=0.75, rpe=5.5, effort=6.5)
    for week in (3, 2, 1, 0):
        days += _week(week, (0, 2, 4), ("Lower A", "Upper A", "Lower B"), **light)
    return days


def _gray_pains() -> list[_Pain]:
    centre, dull = Region.CENTRE, Quality.DULL
    return [
        _Pain(_GRAY_FLAG + 1, 4, centre, dull, Timing.AFTER, frozenset({Feature.WORSE_BENDING}), _GRAY_FLAG + 1),
        _Pain(_GRAY_FLAG, 5, centre, dull, Timing.NEXT_MORNING, frozenset(), red_flags=frozenset({RedFlag.SADDLE_NUMBNESS}),
              at=dt.time(8, 0), notes="Numb patch on the inner thigh after deadlifts yesterday. Went to A&E."),
        _Pain(_GRAY_FLAG - 3, 3, centre, dull, Timing.NEXT_MORNING, frozenset({Feature.EASES_WITH_MOVEMENT})),
        _Pain(_GRAY_FLAG - 8, 2, centre, dull, Timing.NEXT_MORNING, frozenset({Feature.EASES_WITH_MOVEMENT})),
        _Pain(27, 0, centre, None, Timing.AFTER, frozenset(), 27, notes="First session back, no pain."),
        _Pain(9, 0, centre, None, Timing.AFTER, frozenset(), 9),
        _Pain(2, 0, centre, None, Timing.AFTER, frozenset(), 2),
    ]  # fmt: skip


def _gray_clearances() -> list[_Clearance]:
    return [
        _Clearance(_GRAY_FLAG - 1, dt.time(9, 30), "Dr A. Rao, emergency department",
                   "Examined on arrival and again in the morning: normal sensation and power, bladder normal. Cleared to train; build back gradually."),
    ]  # fmt: skip


_STORIES: tuple[_Story, ...] = (
    _Story(_ALEX, "Steady 3 sessions a week for five months, then ramped to 5-6 heavy, long sessions a week with no core work; "
           "low-back pain of 3-4 for the last 10 days, the latest during a heavy triple.", _alex_plan, _alex_pains),  # fmt: skip
    _Story(_BLAIR, "Four sessions a week (logs in pounds), a 16-day holiday, then straight back to full weights: "
           "four full sessions in the last six days.", _blair_plan, _blair_pains),  # fmt: skip
    _Story(_CASEY, "Four sessions a week for six months, slow progression, a deload every six weeks, regular core "
           "and single-leg work; no pain to speak of.", _casey_plan, _casey_pains),  # fmt: skip
    _Story(_DREW, "Three moderate sessions a week; for three weeks, burning pain into the left buttock and leg below the "
           "knee with pins and needles, worse sitting, and in the last two days weakness in the left foot.", _drew_plan, _drew_pains),  # fmt: skip
    _Story(_EDEN, "Four sessions a week of squats, deadlifts, bench and rows; dropped single-leg and hip work four weeks ago "
           "and now has right-sided low-back pain after squats.", _eden_plan, _eden_pains),  # fmt: skip
    _Story(_FRANKIE, "Trained steadily for four months until a back flare (pain 6) five weeks ago; has deloaded since with "
           "1-2 light sessions a week and has been pain-free for three weeks.", _frankie_plan, _frankie_pains),  # fmt: skip
    _Story(_GRAY, "Three sessions a week until numbness in the saddle area six weeks ago: went to the emergency department "
           "the same day and was cleared to train the next morning; back to light sessions after 17 days off, pain-free.",
           _gray_plan, _gray_pains, _gray_clearances),  # fmt: skip
)

#: The demo athletes' names, in story order.
DEMO_ATHLETES: tuple[str, ...] = tuple(story.lifter.name for story in _STORIES)
#: One line per demo athlete, for the dashboard.
DEMO_STORIES: dict[str, str] = {story.lifter.name: story.summary for story in _STORIES}


# ---------------------------------------------------------------------------- entry point


def _existing(db: Session, name: str):
    try:
        return store.get_athlete_by_name(db, name=name)
    except NotFoundError:
        return None


def _build_one(db: Session, story: _Story, today: dt.date) -> None:
    lifter = story.lifter
    rng = random.Random(f"tracker demo: {lifter.name}")
    athlete = store.create_athlete(
        db, data={"name": lifter.name, "unit": lifter.unit, "birth_year": lifter.birth_year, "body_mass_kg": lifter.body_mass_kg}
    )
    try:
        with store.batch(db):  # one transaction per athlete: validated and derived as any write, stored once
            plan = sorted(story.plan(), key=lambda day: -day.offset)
            offsets = [day.offset for day in plan]
            bad = [offset for offset in offsets if not 0 <= offset < HISTORY_DAYS or offsets.count(offset) > 1]
            if bad:
                raise ValueError(f"demo plan error for {lifter.name}: session {bad[0]} days before today")
            inputs = [_session_input(lifter, day, today, rng) for day in plan]
            ids = store.add_sessions(db, athlete_id=athlete.id, data=inputs)
            sessions: dict[int, tuple[int, dict[str, Any]]] = {
                offset: (session_id, data) for offset, session_id, data in zip(offsets, ids, inputs, strict=True)
            }
            for pain in sorted(story.pains(), key=lambda p: -p.offset):
                store.add_pain(db, athlete_id=athlete.id, data=_pain_input(pain, today, sessions))
            for cleared in story.clearances():
                when = dt.datetime.combine(today - dt.timedelta(days=cleared.offset), cleared.at)
                store.record_clearance(db, athlete_id=athlete.id, data={"cleared_at": when, "assessed_by": cleared.assessed_by, "note": cleared.note})
    except BaseException:
        # Leave no half-built demo athlete behind: a rerun would skip it.
        store.delete_athlete(db, athlete_id=athlete.id)
        raise


def build_demo(db: Session, *, today: dt.date | None = None, reset: bool = False) -> DemoResult:
    """Create the demo athletes with ~six months of history ending on `today`.

    Athletes whose name already exists are skipped (listed in `skipped`); with `reset=True`
    they are deleted first and rebuilt. `today` may not be later than the real date, since
    the store refuses entries dated in the future.
    """
    today = today or dt.date.today()
    if today > dt.date.today():
        raise ValidationError.single("today", f"today cannot be in the future (got {today.isoformat()})")
    store.ensure_catalogue(db)
    created: list[str] = []
    skipped: list[str] = []
    for story in _STORIES:
        existing = _existing(db, story.lifter.name)
        if existing is not None:
            if not reset:
                skipped.append(story.lifter.name)
                continue
            store.delete_athlete(db, athlete_id=existing.id)
        _build_one(db, story, today)
        created.append(story.lifter.name)
    return DemoResult(created=created, skipped=skipped)

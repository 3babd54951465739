"""Per-session loads, derived from a session's sets and stored on the session row.

Stored so that charts and the roster read one row per session instead of re-adding sets.
- sRPE load = session RPE (CR-10) x duration in minutes (Foster 1998); unknown if either is.
- Tonnage = sum of reps x weight (kg) over every set that is not a warm-up.
- Spinal tonnage = the same, over exercises flagged `spinal_load`.
- Hard sets = sets that are not warm-ups, with at least one rep, and - where the lifter
  recorded effort - RPE >= 7 or RIR <= 3 (three or fewer reps left in the tank).

And what the phase rules count per session, so they never need to read sets again:
- Trunk sets, hip sets (single-leg, or an exercise that trains the hips directly) and
  lower-body sets (squat, hinge, single-leg or hip work): working sets, warm-ups excluded.
- Spinal efforts: each spinal-loading lift with the effort of its last working set (RPE, or
  10 - RIR), for "ground-out" lifts at whatever threshold the settings hold.

And for the strength charts: each lift's best e1RM in the session (`load.best_e1rm`'s sets and
formula), so the best so far before the dates a chart shows is read from one column of the
sessions instead of every earlier set.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from tracker.science import load
from tracker.vocab import Pattern, SetKind

HARD_SET_MIN_RPE = 7.0
HARD_SET_MAX_RIR = 3
LOWER_BODY = {Pattern.SQUAT, Pattern.HINGE, Pattern.SINGLE_LEG}
#: Exercises that train the hips directly, whatever their movement pattern.
HIP_WORK_WORDS = ("hip thrust", "glute", "abduction", "clamshell", "copenhagen", "band walk", "pull through", "kickback", "fire hydrant")


def is_hip_work(exercise: str) -> bool:
    name = exercise.casefold()
    return any(word in name for word in HIP_WORK_WORDS)


def srpe_load(rpe: float | None, duration_min: float | None) -> float | None:
    if rpe is None or duration_min is None:
        return None
    return float(rpe) * float(duration_min)


def counts_toward_load(kind: str) -> bool:
    """Warm-ups are kept in the log but count toward nothing."""
    return kind != SetKind.WARMUP


def is_hard_set(*, kind: str, reps: int, rpe: float | None = None, rir: int | None = None) -> bool:
    if not counts_toward_load(kind) or reps < 1:
        return False
    if kind == SetKind.FAILURE:
        return True
    if rpe is not None:
        return rpe >= HARD_SET_MIN_RPE
    if rir is not None:
        return rir <= HARD_SET_MAX_RIR
    return True


@dataclass(frozen=True)
class SetLoad:
    """What one set contributes: the inputs the formulas above need."""

    kind: str
    reps: int
    weight_kg: float
    spinal_load: bool
    rpe: float | None = None
    rir: int | None = None
    exercise: str = ""  # the lift it belongs to (sets come in session order)
    pattern: str = Pattern.OTHER


@dataclass(frozen=True)
class SessionLoads:
    srpe_load: float | None
    tonnage: float
    spinal_tonnage: float
    hard_sets: int
    trunk_sets: int = 0
    hip_sets: int = 0
    lower_sets: int = 0
    spinal_efforts: str | None = None  # JSON [[lift, effort], ...] — see `efforts`
    best_e1rm: str | None = None  # JSON [[lift, best e1RM in kg], ...] — see `best_e1rms`


def effort(rpe: float | None, rir: int | None) -> float | None:
    """A set's effort on the RPE scale: its RPE, else 10 - RIR, else unknown."""
    if rpe is not None:
        return float(rpe)
    return None if rir is None else 10.0 - rir


def efforts(text: str | None) -> list[tuple[str, float]]:
    """The spinal lifts stored on a session with the effort of each one's last working set."""
    return lift_values_of_sessions([text])[0]


def lift_values_of_sessions(texts: Iterable[str | None]) -> list[list[tuple[str, float]]]:
    """A per-lift column of many sessions (`spinal_efforts`, `best_e1rm`: JSON [[lift, value],
    ...]) as (lift, value) pairs, parsed as one JSON document (years of sessions in ~1 ms)."""
    parsed = json.loads("[" + ",".join(text if isinstance(text, str) and text else "[]" for text in texts) + "]")
    return [[(name, float(value)) for name, value in lifts] for lifts in parsed]


def best_e1rms(sets: Sequence[SetLoad]) -> str | None:
    """Each lift's best e1RM among `sets` (those `load.gives_e1rm`, by `load.e1rm`), as stored
    on the session: JSON [[lift, kg], ...] in the order the lifts come, or None without one."""
    usable = [item for item in sets if load.gives_e1rm(item.kind, item.weight_kg, item.reps)]
    if not usable:
        return None
    estimates = load.e1rm(np.array([item.weight_kg for item in usable], dtype=float), np.array([item.reps for item in usable], dtype=float))
    best: dict[str, float] = {}
    for item, estimate in zip(usable, estimates.tolist(), strict=True):
        best[item.exercise] = max(best.get(item.exercise, estimate), estimate)
    return json.dumps([[name, value] for name, value in best.items()])


def session_loads(*, rpe: float | None, duration_min: float | None, sets: Iterable[SetLoad]) -> SessionLoads:
    sets = list(sets)
    tonnage = spinal = 0.0
    hard = trunk = hip = lower = 0
    last_spinal: dict[str, float | None] = {}  # lift -> effort of its last working set
    for item in sets:
        if not counts_toward_load(item.kind):
            continue
        volume = item.reps * item.weight_kg
        tonnage += volume
        spinal += volume if item.spinal_load else 0.0
        hard += is_hard_set(kind=item.kind, reps=item.reps, rpe=item.rpe, rir=item.rir)
        hip_work = item.pattern == Pattern.SINGLE_LEG or is_hip_work(item.exercise)
        trunk += item.pattern == Pattern.TRUNK
        hip += hip_work
        lower += hip_work or item.pattern in LOWER_BODY
        if item.spinal_load:
            last_spinal.pop(item.exercise, None)  # keep insertion order by each lift's last set
            last_spinal[item.exercise] = effort(item.rpe, item.rir)
    known = [[name, value] for name, value in last_spinal.items() if value is not None]
    efforts_text = json.dumps(known) if known else None
    return SessionLoads(srpe_load(rpe, duration_min), tonnage, spinal, hard, trunk, hip, lower, efforts_text, best_e1rms(sets))

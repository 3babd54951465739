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

And for the strength charts, so they read one row per session instead of its sets: each lift's
best e1RM in the session (`load.best_e1rm`'s sets and formula), and each lift's working sets
with a weight, their tonnage and whether the lift loads the spine (`lift_work`: the weekly
tonnage chart and the choice of main lifts).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

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
    lift_work: str | None = None  # JSON [[lift, sets, tonnage in kg, spinal], ...] — see `lift_work`


def effort(rpe: float | None, rir: int | None) -> float | None:
    """A set's effort on the RPE scale: its RPE, else 10 - RIR, else unknown."""
    if rpe is not None:
        return float(rpe)
    return None if rir is None else 10.0 - rir


def efforts(text: str | None) -> list[tuple[str, float]]:
    """The spinal lifts stored on a session with the effort of each one's last working set."""
    return lift_values_of_sessions([text])[0]


def lift_values_of_sessions(texts: Iterable[str | None]) -> list[list[tuple[str, float]]]:
    """A per-lift column of many sessions (`spinal_efforts`: JSON [[lift, value], ...]) as
    (lift, value) pairs, parsed as one JSON document (years of sessions in ~1 ms)."""
    return [[(name, float(value)) for name, value in lifts] for lifts in _parsed(texts)]


def _parsed(texts: Iterable[str | None]) -> list[list]:
    """Many sessions' JSON lists (none: an empty list) parsed as one JSON document."""
    return json.loads("[" + ",".join(text if isinstance(text, str) and text else "[]" for text in texts) + "]")


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


def is_weighted_work(kind: str, weight_kg: float) -> bool:
    """A working set with a weight (numbers or arrays alike): what the tonnage chart adds up
    and the main lifts are chosen by. The one rule for the charts and each session's stored work."""
    with np.errstate(invalid="ignore"):
        return (kind != SetKind.WARMUP.value) & (weight_kg > 0)


def lift_work(sets: Sequence[SetLoad]) -> str | None:
    """Each lift among `sets` with its weighted working sets (`is_weighted_work`; none, for a
    lift done only as warm-ups or without a weight), as stored on the session: JSON [[lift,
    sets, tonnage in kg, spinal], ...] in the order the lifts come, the tonnage added set by
    set in that order; None for a session without sets."""
    work: dict[str, list] = {}
    for item in sets:
        entry = work.setdefault(item.exercise, [item.exercise, 0, 0.0, bool(item.spinal_load)])
        if is_weighted_work(item.kind, item.weight_kg):
            entry[1] += 1
            entry[2] += item.reps * item.weight_kg
    return json.dumps(list(work.values())) if work else None


#: Columns of the e1RM rows `lift_rows` gives: what `load.best_e1rm` reads of a set.
SINGLE_COLUMNS = ["date", "exercise", "reps", "kind", "weight_kg"]
#: Columns of the work rows `lift_rows` gives (one per session and lift): what the tonnage chart
#: and the choice of main lifts read (`tracker.charts.work_rows`).
WORK_COLUMNS = ["date", "exercise", "spinal_load", "sets", "tonnage_kg"]


def lift_rows(sessions: pd.DataFrame, *, start: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the strength charts read, from sessions' stored `best_e1rm` and `lift_work` (with
    their `date`, oldest first, as `tracker.store.sessions_frame` gives them):

    - e1RM rows: each lift's best before `start` (on the first day it was reached) and each
      session's best per lift from `start` on, each as a single at that weight. A single's
      e1RM is its weight, so `load.best_e1rm` over these rows gives what every set would.
    - work rows: each lift in each session from `start` on, with its weighted working sets
      (`lift_work`; a row of none keeps the weeks a chart spans those of every set)."""
    dates = pd.DatetimeIndex(sessions["date"]).as_unit("us").to_numpy()
    first = int(np.searchsorted(dates, np.datetime64(start, "us")))
    bests = _parsed(sessions["best_e1rm"].tolist())  # [[lift, kg], ...] per session, the kg as floats already
    earlier: dict[str, tuple[float, np.datetime64]] = {}  # lift -> its best and the first day it was reached
    for day, lifts in zip(dates[:first], bests[:first], strict=True):
        for lift, value in lifts:
            if lift not in earlier or value > earlier[lift][0]:
                earlier[lift] = (value, day)
    singles = [(day, lift, value) for lift, (value, day) in earlier.items()]
    singles += [(day, lift, value) for day, lifts in zip(dates[first:], bests[first:], strict=True) for lift, value in lifts]
    work = [(day, *entry) for day, lifts in zip(dates[first:], _parsed(sessions["lift_work"].iloc[first:].tolist()), strict=True) for entry in lifts]
    # Names as Python strings (object columns): pandas' own str type costs more to build than the rows.
    return (
        pd.DataFrame({
            "date": np.array([row[0] for row in singles], dtype="datetime64[us]"), "exercise": pd.Series([row[1] for row in singles], dtype=object),
            "reps": np.ones(len(singles), dtype=np.int64), "kind": pd.Series([SetKind.WORKING.value] * len(singles), dtype=object),
            "weight_kg": np.array([row[2] for row in singles], dtype=float),
        }),
        pd.DataFrame({
            "date": np.array([row[0] for row in work], dtype="datetime64[us]"), "exercise": pd.Series([row[1] for row in work], dtype=object),
            "spinal_load": np.array([row[4] for row in work], dtype=bool), "sets": np.array([row[2] for row in work], dtype=np.int64),
            "tonnage_kg": np.array([row[3] for row in work], dtype=float),
        }),
    )  # fmt: skip


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
    return SessionLoads(srpe_load(rpe, duration_min), tonnage, spinal, hard, trunk, hip, lower, efforts_text, best_e1rms(sets), lift_work(sets))

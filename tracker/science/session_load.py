"""Per-session loads, derived from a session's sets and stored on the session row.

Stored so that charts and the roster read one row per session instead of re-adding sets.
- sRPE load = session RPE (CR-10) x duration in minutes (Foster 1998); unknown if either is.
- Tonnage = sum of reps x weight (kg) over every set that is not a warm-up.
- Spinal tonnage = the same, over exercises flagged `spinal_load`.
- Hard sets = sets that are not warm-ups, with at least one rep, and - where the lifter
  recorded effort - RPE >= 7 or RIR <= 3 (three or fewer reps left in the tank).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tracker.vocab import SetKind

HARD_SET_MIN_RPE = 7.0
HARD_SET_MAX_RIR = 3


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


@dataclass(frozen=True)
class SessionLoads:
    srpe_load: float | None
    tonnage: float
    spinal_tonnage: float
    hard_sets: int


def session_loads(*, rpe: float | None, duration_min: float | None, sets: Iterable[SetLoad]) -> SessionLoads:
    tonnage = spinal = 0.0
    hard = 0
    for item in sets:
        if not counts_toward_load(item.kind):
            continue
        volume = item.reps * item.weight_kg
        tonnage += volume
        spinal += volume if item.spinal_load else 0.0
        hard += is_hard_set(kind=item.kind, reps=item.reps, rpe=item.rpe, rir=item.rir)
    return SessionLoads(srpe_load(rpe, duration_min), tonnage, spinal, hard)

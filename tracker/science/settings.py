"""The thresholds behind triage and phase advice, in one place a coach or physio can change.

Every field carries its meaning in `metadata["help"]`, so the dashboard can show what each
number does next to its default. Defaults follow the sources cited in the README.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from tracker.errors import FieldProblem, ValidationError


def _setting(default: float, help: str, low: float, high: float) -> Any:
    return field(default=default, metadata={"help": help, "low": low, "high": high})


@dataclass(frozen=True)
class AdviceSettings:
    # Load
    acwr_reduce: float = _setting(1.5, "EWMA ACWR above this suggests reducing load on its own.", 1.0, 3.0)
    acwr_reduce_with_pain: float = _setting(1.3, "EWMA ACWR above this suggests reducing load when there is pain.", 1.0, 3.0)
    acwr_low: float = _setting(0.8, "Bottom of the target ACWR range; below it a settled lifter can reload.", 0.3, 1.0)
    acwr_high: float = _setting(1.3, "Top of the target ACWR range for building.", 1.0, 2.0)
    week_change_reduce: float = _setting(0.15, "A week's load up by more than this fraction on the week before suggests reducing.", 0.05, 1.0)
    return_break_days: int = _setting(10, "Days without a session that count as a break.", 5, 60)
    return_window_days: int = _setting(7, "Days after a break in which a return at full load suggests reducing.", 3, 21)
    return_full_load: float = _setting(0.9, "Sessions since a break at this fraction of the pre-break average count as full load.", 0.5, 1.5)
    low_chronic_share: float = _setting(
        0.5, "A four-week average below this share of the busiest four weeks of the last six months is too little for the ratio to mean anything.", 0.1, 0.9
    )
    reload_done_share: float = _setting(0.9, "Reload ends when the four-week average is back to this share of what it was before the break or reduce.", 0.5, 1.2)

    # Pain
    pain_threshold: int = _setting(3, "Pain (0-10) at or above this counts as pain for reduce and brace.", 1, 10)
    episode_pain_min: int = _setting(1, "Pain (0-10) at or above this counts towards an episode (persistence, recurrence, first episode).", 1, 5)
    pain_after_session_reduce: int = _setting(5, "Pain at or above this after (or during) a session suggests reducing.", 1, 10)
    settled_pain: int = _setting(2, "Pain at or below this counts as settled (reload) or as no meaningful pain (build).", 0, 5)
    settled_days: int = _setting(7, "Days pain must stay settled before reloading.", 3, 28)
    reduce_exit_days: int = _setting(3, "Days pain must stay settled (with the week back in range) before reduce ends.", 1, 14)
    episode_gap_days: int = _setting(14, "Pain-free days (no entry at the pain threshold) that separate two episodes.", 7, 60)
    persistent_pain_days: int = _setting(14, "An ongoing episode longer than this many days needs an assessment.", 7, 90)
    recurring_episodes: int = _setting(2, "This many separate episodes within a year needs an assessment.", 2, 10)
    soreness_days: int = _setting(5, "Dull, symmetric pain after training that settles within this many days is training soreness, not an episode.", 2, 10)
    worsening_rise: int = _setting(2, "Pain this many points above the episode's lowest report counts as getting worse.", 1, 5)

    # Technique and balance
    lookback_days: int = _setting(14, "Days looked back over for pain patterns, late-set effort and trunk work.", 7, 42)
    late_set_rpe: float = _setting(9.0, "A spinal-loading lift whose last working set reached this RPE (or RIR <= 10 - it) ground out.", 7.0, 10.0)
    grinding_lifts: int = _setting(2, "Ground-out spinal-loading lifts in the lookback that count as fatigue breaking technique.", 1, 20)
    trunk_sets_min: int = _setting(6, "Fewer trunk working sets than this in the lookback counts as little trunk work.", 0, 60)
    spinal_day_share: float = _setting(0.5, "A session whose spinal tonnage is at least this share of its tonnage is hinge/squat-heavy.", 0.1, 1.0)
    hip_share_min: float = _setting(0.15, "Single-leg and hip work below this share of lower-body sets over 28 days is too little.", 0.0, 0.6)
    hip_min_lower_sets: int = _setting(12, "Lower-body working sets needed in 28 days before judging the share.", 1, 100)
    reload_after_days: int = _setting(42, "A reduce phase or break this recent makes a settled lifter eligible to reload.", 7, 120)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> AdviceSettings:
        """Settings from stored or edited values; unknown keys are ignored, bad values refused."""
        known = {f.name: f for f in fields(cls)}
        problems: list[FieldProblem] = []
        clean: dict[str, Any] = {}
        for name, value in values.items():
            if name not in known:
                continue
            meta, whole = known[name].metadata, isinstance(known[name].default, int)
            number = _number(value)
            if number is None or (whole and not number.is_integer()):
                kind = "a whole number" if whole else "a number"
                problems.append(FieldProblem(name, f"{name} must be {kind} (got {value!r})"))
            elif not meta["low"] <= number <= meta["high"]:
                problems.append(FieldProblem(name, f"{name} must be between {meta['low']:g} and {meta['high']:g} (got {value!r})"))
            else:
                clean[name] = int(number) if whole else number
        if not problems:
            settings = cls(**clean)
            problems = settings._inconsistencies()
        if problems:
            raise ValidationError(problems)
        return settings

    def _inconsistencies(self) -> list[FieldProblem]:
        """Pairs that contradict each other: the target range upside down, or reducing for
        load alone at a lower ratio than reducing for load with pain."""
        problems = []
        if not self.acwr_low < self.acwr_high:
            problems.append(FieldProblem("acwr_low", f"acwr_low ({self.acwr_low:g}) must be below acwr_high ({self.acwr_high:g})"))
        if not self.acwr_reduce_with_pain <= self.acwr_reduce:
            problems.append(
                FieldProblem(
                    "acwr_reduce_with_pain",
                    f"acwr_reduce_with_pain ({self.acwr_reduce_with_pain:g}) must not be above acwr_reduce ({self.acwr_reduce:g})",
                )
            )
        return problems

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def describe(cls) -> list[dict[str, Any]]:
        """Name, default, range and meaning of every setting (for the settings page and docs)."""
        return [
            {"name": f.name, "default": f.default, "low": f.metadata["low"], "high": f.metadata["high"], "help": f.metadata["help"]}
            for f in fields(cls)
        ]


DEFAULT_SETTINGS = AdviceSettings()


def _number(value: Any) -> float | None:
    """A real number from a number or numeric text; booleans and anything else are not numbers."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None

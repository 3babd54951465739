"""Personal bests: did this session beat everything the lifter had logged before, per lift?

Two records per lift, as Strong and Hevy show them: the best estimated one-rep max (Epley,
`tracker.science.load.e1rm`, from the sets the e1RM chart counts: `load.gives_e1rm`) and the
heaviest working set. A lift done for the first time sets no record — there is nothing to
beat yet.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session

from tracker import store
from tracker.science.load import e1rm, gives_e1rm
from tracker.science.session_load import is_weighted_work
from tracker.science.units import from_kg

#: Gains smaller than this (kg) are rounding, not a record.
TOLERANCE_KG = 0.01


@dataclass(frozen=True)
class Record:
    exercise: str
    what: str  # "e1RM" or "heaviest set"
    kg: float  # the new best
    previous_kg: float  # the best before this session
    weight_kg: float  # the set that did it
    reps: int

    def describe(self, unit: str) -> str:
        """'Squat (Barbell) — e1RM 113.8 kg (was 110.8 kg; 97.5 × 5)', in the lifter's unit."""
        def shown(kg: float) -> str:
            return f"{from_kg(kg, unit):.1f} {unit}"

        return f"{self.exercise} — {self.what} {shown(self.kg)} (was {shown(self.previous_kg)}; {from_kg(self.weight_kg, unit):g} × {self.reps})"


def _working(sets: pd.DataFrame) -> pd.DataFrame:
    """The sets a heaviest-set record can come from: weighted working sets of at least one rep."""
    return sets[is_weighted_work(sets["kind"], sets["weight_kg"]) & (sets["reps"] >= 1)]


def _bests(sets: pd.DataFrame) -> pd.DataFrame:
    """Per exercise: best e1RM and heaviest weight, with the set behind each."""
    working = _working(sets)
    estimable = working[gives_e1rm(working["kind"], working["weight_kg"], working["reps"])].assign(e1rm=lambda f: e1rm(f["weight_kg"], f["reps"]))
    rows = []
    for exercise, group in working.groupby("exercise"):
        heaviest = group.loc[group["weight_kg"].idxmax()]
        estimates = estimable[estimable["exercise"] == exercise]
        best = estimates.loc[estimates["e1rm"].idxmax()] if not estimates.empty else None
        rows.append(
            {
                "exercise": exercise,
                "heaviest": float(heaviest["weight_kg"]),
                "heaviest_reps": int(heaviest["reps"]),
                "e1rm": float(best["e1rm"]) if best is not None else float("nan"),
                "e1rm_weight": float(best["weight_kg"]) if best is not None else float("nan"),
                "e1rm_reps": int(best["reps"]) if best is not None else 0,
            }
        )
    return pd.DataFrame(rows, columns=["exercise", "heaviest", "heaviest_reps", "e1rm", "e1rm_weight", "e1rm_reps"]).set_index("exercise")


def new_records(before: pd.DataFrame, now: pd.DataFrame) -> list[Record]:
    """Records the sets `now` set over the sets `before` (frames like `store.sets_frame`)."""
    ours, theirs = _bests(now), _bests(before)
    records = []
    for exercise, mine in ours.iterrows():
        if exercise not in theirs.index:
            continue
        past = theirs.loc[exercise]
        if mine["e1rm"] > past["e1rm"] + TOLERANCE_KG:
            records.append(Record(exercise, "e1RM", mine["e1rm"], past["e1rm"], mine["e1rm_weight"], int(mine["e1rm_reps"])))
        if mine["heaviest"] > past["heaviest"] + TOLERANCE_KG:
            records.append(Record(exercise, "heaviest set", mine["heaviest"], past["heaviest"], mine["heaviest"], int(mine["heaviest_reps"])))
    return records


def session_records(db: Session, *, athlete_id: int, session_id: int) -> list[Record]:
    """Records set by one saved session, against every other session of the athlete."""
    sets = store.sets_frame(db, athlete_id=athlete_id)
    mine = sets["session_id"] == session_id
    return new_records(sets[~mine], sets[mine])

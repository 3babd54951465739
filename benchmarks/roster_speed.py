"""Roster speed: `tracker.roster.roster` over a squad of 50 lifters with two years of history each.

Builds the squad into a temporary SQLite file with bulk inserts (four sessions a week, a
few exercises of a few sets each, occasional pain; per-session loads computed here with
`tracker.science.session_load.session_loads`, as the store would), then times the roster.

Run: python benchmarks/roster_speed.py [--athletes 50] [--days 730] [--runs 5]. Prints medians;
these machines are shared, so compare ratios between runs on the same machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert
from sqlmodel import Session, select

from tracker import store
from tracker.db import open_engine
from tracker.models import Athlete, Exercise, ExerciseSet, PainEntry, TrainingSession
from tracker.roster import roster
from tracker.science.session_load import SetLoad, session_loads
from tracker.vocab import Region, SetKind, Timing

ON = dt.date(2026, 6, 30)
TEMPLATES = {
    "Lower A": [("Squat (Barbell)", 0.80, 5), ("Romanian Deadlift (Barbell)", 0.55, 8), ("Bulgarian Split Squat", 0.28, 8), ("Dead Bug", 0, 10)],
    "Upper A": [("Bench Press (Barbell)", 0.80, 5), ("Bent Over Row (Barbell)", 0.65, 8), ("Pull Up", 0, 8), ("Pallof Press", 0.14, 10)],
    "Lower B": [("Deadlift (Barbell)", 0.80, 5), ("Hip Thrust (Barbell)", 0.60, 10), ("Reverse Lunge (Dumbbell)", 0.22, 10), ("Ab Wheel", 0, 8)],
    "Upper B": [("Overhead Press (Barbell)", 0.78, 6), ("Pull Up", 0, 6), ("Seated Row (Cable)", 0.60, 10), ("Pallof Press", 0.14, 10)],
}
WEEKDAYS = {0: "Lower A", 1: "Upper A", 3: "Lower B", 4: "Upper B"}  # Mon, Tue, Thu, Fri


def build_squad(db: Session, *, athletes: int, days: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    exercises = {e.name: e for e in db.exec(select(Exercise)).all()}
    db.execute(
        insert(Athlete),
        [
            {"name": f"Lifter {i:02d}", "name_key": f"lifter {i:02d}", "unit": "kg", "birth_year": rng.randint(1975, 2004),
             "body_mass_kg": rng.uniform(60, 110), "created_at": dt.datetime(2024, 1, 1, tzinfo=dt.UTC), "data_version": 0}
            for i in range(1, athletes + 1)
        ],
    )  # fmt: skip
    athlete_ids = db.exec(select(Athlete.id).order_by(Athlete.id)).all()
    sessions, sets, pains = [], [], []
    session_id = set_id = 0
    first = ON - dt.timedelta(days=days - 1)
    for athlete_id in athlete_ids:
        top = rng.uniform(60, 180)  # rough 1RM of the main lifts, kg
        day = first
        while day <= ON:
            template = WEEKDAYS.get(day.weekday())
            week = (day - first).days // 7
            deload = week % 6 == 5
            if template is None or rng.random() < 0.08:  # rest day, or a missed session
                day += dt.timedelta(days=1)
                continue
            session_id += 1
            strength = top * (1 + 0.2 * (day - first).days / days) * (0.7 if deload else 1.0)
            rows, loads = [], []
            position = 0
            for name, frac, reps in TEMPLATES[template]:
                exercise = exercises[name]
                weight = round(strength * frac / 2.5) * 2.5
                plan = [(SetKind.WARMUP, reps, round(weight * 0.6 / 2.5) * 2.5, None)] if frac >= 0.5 else []
                plan += [(SetKind.WORKING, reps, weight, rng.choice((7.0, 7.5, 8.0, 8.5, 9.0)) if frac >= 0.5 else None)] * 3
                for kind, set_reps, set_weight, rpe in plan:
                    position += 1
                    set_id += 1
                    rows.append({"id": set_id, "session_id": session_id, "exercise_id": exercise.id, "position": position,
                                 "reps": set_reps, "weight_kg": float(set_weight), "rpe": rpe, "rir": None, "kind": kind})  # fmt: skip
                    loads.append(SetLoad(kind=kind, reps=set_reps, weight_kg=float(set_weight), spinal_load=exercise.spinal_load, rpe=rpe,
                                         exercise=exercise.name, pattern=exercise.pattern))  # fmt: skip
            rpe = rng.choice((6.0, 6.5, 7.0, 7.5, 8.0)) - (1.5 if deload else 0.0)
            duration = rng.randint(45, 90)
            derived = session_loads(rpe=rpe, duration_min=duration, sets=loads)
            sessions.append(
                {"id": session_id, "athlete_id": athlete_id, "date": day, "start_time": dt.time(18, 0), "name": template,
                 "source": "manual", "duration_min": duration, "rpe": rpe,
                 **dataclasses.asdict(derived)}
            )  # fmt: skip
            sets.extend(rows)
            if rng.random() < 0.06:  # occasional pain after a session
                pains.append(
                    {"athlete_id": athlete_id, "recorded_at": dt.datetime.combine(day, dt.time(20, 30)), "pain": rng.randint(1, 5),
                     "region": rng.choice([Region.CENTRE, Region.LEFT, Region.RIGHT]), "timing": Timing.AFTER,
                     "session_id": session_id, "worse_bending": rng.random() < 0.5}
                )  # fmt: skip
            day += dt.timedelta(days=1)
    db.execute(insert(TrainingSession), sessions)
    db.execute(insert(ExerciseSet), sets)
    db.execute(insert(PainEntry), pains)
    db.commit()


def count(db: Session, model) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--athletes", type=int, default=50)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = open_engine(f"sqlite:///{Path(folder) / 'roster.db'}")
        try:
            with Session(engine) as db:
                started = time.perf_counter()
                build_squad(db, athletes=args.athletes, days=args.days)
                built = time.perf_counter() - started
                ids = [a.id for a in store.list_athletes(db)]
                print(f"athletes {len(ids)}, sessions {count(db, TrainingSession):,}, sets {count(db, ExerciseSet):,}, "
                      f"pain entries {count(db, PainEntry):,} (built in {built:.1f} s)")  # fmt: skip
                times = []
                for _ in range(args.runs):
                    db.expire_all()
                    started = time.perf_counter()
                    table = roster(db, athlete_ids=ids, on=ON)
                    times.append(time.perf_counter() - started)
                assert len(table) == len(ids)
                median = statistics.median(times)
                print(f"roster over {len(ids)} athletes: median {median:.3f} s of {args.runs} runs "
                      f"({median / len(ids) * 1000:.1f} ms per athlete; min {min(times):.3f} s, max {max(times):.3f} s)")  # fmt: skip
                print(table["triage"].value_counts().to_dict(), table["acwr_zone"].value_counts().to_dict())
        finally:
            engine.dispose()


if __name__ == "__main__":
    main()

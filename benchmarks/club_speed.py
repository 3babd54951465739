"""Club speed: a squad with years of history, built through the store, against a vectorised reference.

Builds `--athletes` lifters (default 50) with `--days` of history (default 3 years) into a
temporary SQLite file through the store's own bulk path (`store.add_sessions` in
`store.batch`: every session validated, its loads derived, each athlete's status stored once),
then times, each as the median of `--runs`, side by side with the reference — one query and a
vectorised EWMA ACWR and week change for every athlete at once (numpy + `scipy.signal.lfilter`).
Each figure with a ratio is timed in turns with a run of the reference in the same state (a new
engine, or the kept one), and its ratio is the median of those pairs: on a shared machine the
speed drifts within a minute, and a reference timed once at the start would carry the drift
into every ratio.

- roster, cold: a new engine (as after a restart), the stored status rows read and sorted;
- roster, all recomputed: what a new day or a change of thresholds costs (and the settings
  change itself, which recomputes every athlete in its transaction);
- one athlete logs a session (the write, which refreshes their row) and the roster's next view;
- one athlete's trends, cold (a new engine), after a write (the dashboard's engine, nothing
  cached but compiled SQL) and warm (the dashboard's cache);
- the load engine over 100 athletes × 10 years against the numpy limit;
- the demo build.

Run: python benchmarks/club_speed.py [--athletes 50] [--days 1095] [--runs 7]. These machines
are shared and noisy: read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.signal import lfilter
from sqlalchemy import text
from sqlmodel import Session

from tracker import derived, store
from tracker.db import open_engine
from tracker.roster import roster
from tracker.science import load

TODAY = dt.date.today()
TEMPLATES = {
    "Lower A": [("Squat (Barbell)", 0.80, 5), ("Romanian Deadlift (Barbell)", 0.55, 8), ("Bulgarian Split Squat", 0.28, 8), ("Dead Bug", 0, 10)],
    "Upper A": [("Bench Press (Barbell)", 0.80, 5), ("Bent Over Row (Barbell)", 0.65, 8), ("Pull Up", 0, 8), ("Pallof Press", 0.14, 10)],
    "Lower B": [("Deadlift (Barbell)", 0.80, 5), ("Hip Thrust (Barbell)", 0.60, 10), ("Reverse Lunge (Dumbbell)", 0.22, 10), ("Ab Wheel", 0, 8)],
    "Upper B": [("Overhead Press (Barbell)", 0.78, 6), ("Pull Up", 0, 6), ("Seated Row (Cable)", 0.60, 10), ("Pallof Press", 0.14, 10)],
}
WEEKDAYS = {0: "Lower A", 1: "Upper A", 3: "Lower B", 4: "Upper B"}  # Mon, Tue, Thu, Fri


def athlete_log(rng: random.Random, days: int) -> tuple[list[dict], list[dict]]:
    """Four sessions a week (a deload every sixth week, some missed), occasional pain after one."""
    top = rng.uniform(60, 180)
    first = TODAY - dt.timedelta(days=days - 1)
    sessions, pains = [], []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        template = WEEKDAYS.get(day.weekday())
        if template is None or rng.random() < 0.08:
            continue
        deload = (offset // 7) % 6 == 5
        strength = top * (1 + 0.2 * offset / days) * (0.7 if deload else 1.0)
        sets = []
        for name, frac, reps in TEMPLATES[template]:
            weight = round(strength * frac / 2.5) * 2.5
            if frac >= 0.5:
                sets.append({"exercise": name, "reps": reps, "weight": round(weight * 0.6 / 2.5) * 2.5, "kind": "warm-up"})
            effort = rng.choice((7.0, 7.5, 8.0, 8.5, 9.0)) if frac >= 0.5 else None
            sets += [{"exercise": name, "reps": reps, "weight": weight, "rpe": effort}] * 3
        rpe = rng.choice((6.0, 6.5, 7.0, 7.5, 8.0)) - (1.5 if deload else 0.0)
        sessions.append({"date": day, "start_time": dt.time(18, 0), "name": template, "duration_min": rng.randint(45, 90), "rpe": rpe, "sets": sets})
        if rng.random() < 0.03 and day < TODAY:
            pains.append({"recorded_at": dt.datetime.combine(day, dt.time(20, 30)), "pain": rng.randint(1, 4),
                          "region": rng.choice(["low back centre", "low back both sides"]), "timing": "after session"})  # fmt: skip
    return sessions, pains


def build_club(db: Session, *, athletes: int, days: int, seed: int = 1) -> list[int]:
    rng = random.Random(seed)
    ids = []
    for number in range(1, athletes + 1):
        athlete = store.create_athlete(db, data={"name": f"Lifter {number:03d}", "birth_year": rng.randint(1975, 2004)})
        sessions, pains = athlete_log(rng, days)
        with store.batch(db):
            store.add_sessions(db, athlete_id=athlete.id, data=sessions)
            for pain in pains:
                store.add_pain(db, athlete_id=athlete.id, data=pain)
        ids.append(athlete.id)
    return ids


# The reference: one query, every athlete at once ----------------------------------------------


def reference(db: Session, on: dt.date) -> dict[int, tuple[float, float]]:
    """EWMA ACWR and week change on `on` for every athlete: one query, a days × athletes matrix,
    `lfilter` down the days (each athlete seeded on their first day), rolling weeks by cumsum."""
    with collector_paused():  # as the store reads (tracker.store._read): no full collections while rows pile up
        rows = db.execute(text("SELECT athlete_id, date, COALESCE(srpe_load, 0) FROM training_session WHERE date <= :on"), {"on": on}).all()
        athlete = np.array([row[0] for row in rows])
        day = np.array([row[1] for row in rows], dtype="datetime64[D]")
        values = np.array([row[2] for row in rows], dtype=float)
    ids, column = np.unique(athlete, return_inverse=True)
    start = day.min()
    offset = (day - start).astype(np.int64)
    n = (np.datetime64(on, "D") - start).astype(np.int64) + 1
    matrix = np.zeros((n, len(ids)))
    np.add.at(matrix, (offset, column), values)
    first = np.full(len(ids), n)
    np.minimum.at(first, column, offset)
    before = np.arange(n)[:, None] < first[None, :]
    matrix = np.where(before, matrix[first, np.arange(len(ids))][None, :], matrix)
    smoothed = []
    for span in (7, 28):
        alpha = 2 / (span + 1)
        smoothed.append(lfilter([alpha], [1.0, alpha - 1.0], matrix, axis=0, zi=(1 - alpha) * matrix[:1])[0])
    ratio = smoothed[0][-1] / smoothed[1][-1]
    matrix = np.where(before, 0.0, matrix)
    running = np.vstack([np.zeros(len(ids)), np.cumsum(matrix, axis=0)])
    week, previous = running[-1] - running[-8], running[-8] - running[-15]
    change = np.where(previous > 0, (week - previous) / np.where(previous > 0, previous, 1), np.nan)
    return {int(a): (float(r), float(c)) for a, r, c in zip(ids, ratio, change, strict=True)}


@contextmanager
def collector_paused() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def timed(function: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def against(function: Callable[[], object], reference_run: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """`function` timed in turns with `reference_run`: (its median seconds, the median of its
    ratios to the reference run just before it, its last result)."""
    times, ratios, result = [], [], None
    for _ in range(runs):
        reference_seconds, _ = timed(reference_run, 1)
        seconds, result = timed(function, 1)
        times.append(seconds)
        ratios.append(seconds / reference_seconds)
    return statistics.median(times), statistics.median(ratios), result


def line(label: str, seconds: float, ratio: float | None = None, note: str = "") -> None:
    versus = f"   {ratio:5.2f}× the reference" if ratio is not None else ""
    print(f"  {label:<46} {seconds * 1000:9.1f} ms{versus}{('   ' + note) if note else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--athletes", type=int, default=50)
    parser.add_argument("--days", type=int, default=1095)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'club.db'}"
        engine = open_engine(url)
        with Session(engine) as db:
            started = time.perf_counter()
            ids = build_club(db, athletes=args.athletes, days=args.days)
            built = time.perf_counter() - started
            counts = {name: db.execute(text(f"SELECT COUNT(*) FROM {name}")).scalar() for name in ("training_session", "exercise_set", "pain_entry")}
        engine.dispose()
        print(f"{len(ids)} athletes × {args.days} days: {counts['training_session']:,} sessions, {counts['exercise_set']:,} sets, "
              f"{counts['pain_entry']:,} pain reports, built through the store in {built:.1f} s")  # fmt: skip

        def fresh(function: Callable[[Session], object]) -> Callable[[], object]:
            """Run on a new engine each time: cold, as after a restart."""

            def run() -> object:
                cold = open_engine(url)
                try:
                    with Session(cold) as db:
                        return function(db)
                finally:
                    cold.dispose()

            return run

        reference_cold = fresh(lambda db: reference(db, TODAY))
        reference_cold()  # once before timing: the first run pays imports (scipy)
        ref, by_reference = timed(reference_cold, args.runs)
        cold, cold_ratio, table = against(fresh(lambda db: roster(db, athlete_ids=ids, on=TODAY)), reference_cold, args.runs)
        for row in table.itertuples():  # the stored rows agree with the reference's numbers
            ratio, change = by_reference[row.athlete_id]
            assert abs(row.acwr_ewma - ratio) < 1e-9 and (abs(row.week_change - change) < 1e-9 or np.isnan(change)), row.athlete

        def recompute(db: Session) -> object:
            athletes = derived._athletes(db, ids)
            return derived.compute(db, athletes=athletes, on=TODAY, settings=store.get_advice_settings(db))

        everyone, everyone_ratio, _ = against(fresh(recompute), reference_cold, args.runs)

        thresholds = itertools.cycle([{"acwr_reduce": 1.6}, {}])  # each run a real change: 1.6, back to the default, ...

        def change_settings(db: Session) -> None:
            store.save_advice_settings(db, values=next(thresholds))

        settings_change, settings_ratio, _ = against(fresh(change_settings), reference_cold, args.runs + args.runs % 2)  # even: the default is saved last

        def one_write(db: Session) -> None:
            store.add_session(db, athlete_id=ids[0], data={"date": TODAY, "rpe": 6, "duration_min": 45, "sets": [{"exercise": "Squat (Barbell)", "reps": 5, "weight": 100}]})

        write, _ = timed(fresh(one_write), args.runs)
        after_write, after_write_ratio, _ = against(fresh(lambda db: roster(db, athlete_ids=ids, on=TODAY)), reference_cold, args.runs)

        from tracker.views import trends_view

        one = ids[len(ids) // 2]
        def trends(db: Session) -> object:
            return trends_view(db, athlete_id=one, start=TODAY - dt.timedelta(days=181), end=TODAY, pain_detail=True)

        fresh(trends)()  # once before timing: the first view pays lazy imports (plotly's trace types)
        trends_cold, trends_cold_ratio, _ = against(fresh(trends), reference_cold, args.runs)
        kept = open_engine(url)  # the dashboard keeps its engine: a view after a write finds SQL compiled

        def on_kept(function: Callable[[Session], object]) -> Callable[[], object]:
            """Run on the kept engine, in a new database session each time (as the dashboard does)."""

            def run() -> object:
                with Session(kept) as db:
                    return function(db)

            return run

        reference_kept = on_kept(lambda db: reference(db, TODAY))
        reference_kept(), on_kept(trends)()  # compiled once on this engine before timing, as in a running dashboard
        ref_kept, _ = timed(reference_kept, args.runs)
        trends_after_write, trends_after_write_ratio, _ = against(on_kept(trends), reference_kept, args.runs)
        kept.dispose()

        from tracker import ui

        with Session(open_engine(url)) as db:
            version, key = store.data_version(db, athlete_id=one), derived.settings_key(store.get_advice_settings(db))
        ui.cached_trends(url, one, version, key, TODAY - dt.timedelta(days=181), TODAY, "srpe", None, True)
        trends_warm, _ = timed(lambda: ui.cached_trends(url, one, version, key, TODAY - dt.timedelta(days=181), TODAY, "srpe", None, True), args.runs)

    print(f"reference (one query, vectorised EWMA ACWR and week change for {len(ids)} athletes): {ref * 1000:.1f} ms on a new engine "
          f"(opening it included), {ref_kept * 1000:.1f} ms on a kept one")  # fmt: skip
    line("roster, cold (stored status)", cold, cold_ratio)
    line("roster, every athlete recomputed", everyone, everyone_ratio, f"{everyone / len(ids) * 1000:.1f} ms per athlete")
    line("a change of thresholds (recomputes everyone)", settings_change, settings_ratio)
    line("one athlete logs a session (with its refresh)", write)
    line("roster after that write", after_write, after_write_ratio)
    line("one athlete's trends, cold (new engine)", trends_cold, trends_cold_ratio, "against the reference on a new engine")
    line("one athlete's trends, first view after a write", trends_after_write, trends_after_write_ratio, "against the reference on the kept engine")
    line("one athlete's trends, warm (cached)", trends_warm)
    engine_figures()
    demo_figure(args.runs)


def engine_figures(athletes: int = 100, days: int = 3650) -> None:
    """The load engine (`tracker.science.load`, a days × athletes frame) against the numpy limit."""
    rng = np.random.default_rng(1)
    index = pd.date_range("2016-01-01", periods=days, freq="D", name="date", unit="us")
    frame = pd.DataFrame(rng.choice([0.0, 0.0, 0.0, 300.0, 450.0, 600.0], size=(days, athletes)), index=index)
    values = frame.to_numpy()

    def numpy_limit() -> object:
        out = []
        for span in (7, 28):
            alpha = 2 / (span + 1)
            out.append(lfilter([alpha], [1.0, alpha - 1.0], values, axis=0, zi=(1 - alpha) * values[:1])[0])
        running = np.vstack([np.zeros(athletes), np.cumsum(values, axis=0)])
        week = running[7:] - running[:-7]
        with np.errstate(divide="ignore", invalid="ignore"):  # its ratios over rest weeks: inf and NaN, without a warning each
            return out[0] / out[1], week[7:] / week[:-7] - 1

    def ours() -> object:
        return load.acwr_ewma(frame), load.week_change(frame)

    def one_at_a_time() -> object:
        return [(load.acwr_ewma(frame[column]), load.week_change(frame[column])) for column in frame]

    limit, _ = timed(numpy_limit, 7)
    engine, engine_ratio, _ = against(ours, numpy_limit, 9)
    single, single_ratio, _ = against(one_at_a_time, numpy_limit, 3)
    print(f"load engine, {athletes} athletes × {days // 365} years (EWMA ACWR and week change): numpy limit {limit * 1000:.1f} ms")
    line("tracker.science.load on the frame", engine, engine_ratio)
    line("tracker.science.load one athlete at a time", single, single_ratio)


def demo_figure(runs: int) -> None:
    from tracker.demo import build_demo

    times = []
    for _ in range(max(1, runs // 2)):
        with tempfile.TemporaryDirectory() as folder:
            engine = open_engine(f"sqlite:///{Path(folder) / 'demo.db'}")  # migrated before the clock starts
            with Session(engine) as db:
                started = time.perf_counter()
                build_demo(db)
                times.append(time.perf_counter() - started)
            engine.dispose()
    seconds = statistics.median(times)
    print(f"demo build (7 athletes, six months each, through the store): {seconds:.2f} s")


if __name__ == "__main__":
    main()

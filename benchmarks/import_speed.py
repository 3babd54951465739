"""Import speed: rows per second for parsing alone and for a full import into a fresh SQLite file.

Run: python benchmarks/import_speed.py [--runs 5]. Prints medians; these machines are shared,
so compare ratios between runs on the same machine rather than absolute figures.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlmodel import Session

from tracker import store
from tracker.db import open_engine
from tracker.importers.common import read_text
from tracker.importers.engine import parse, run_import

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "imports"
FILES = ["strong_comma_duration_large.csv", "hevy_lbs.csv", "fitnotes_lbs_large.csv"]


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def full_import(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = open_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        with Session(engine) as db:
            athlete = store.create_athlete(db, data={"name": "Bench", "unit": "lb"})
            run_import(db, athlete_id=athlete.id, data=data, skip_bad_rows=True)
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    print(f"{'file':34} {'rows':>7} {'parse rows/s':>13} {'import rows/s':>14} {'import s':>9}")
    for name in FILES:
        data = (FIXTURES / name).read_bytes()
        rows = len(parse(read_text(data)).sets)
        parse_time = median_seconds(lambda data=data: parse(read_text(data)), runs)
        import_time = median_seconds(lambda data=data: full_import(data), runs)
        print(f"{name:34} {rows:>7,} {rows / parse_time:>13,.0f} {rows / import_time:>14,.0f} {import_time:>9.2f}")
    print(f"(median of {runs} runs each; an import includes opening and migrating a fresh database)")


if __name__ == "__main__":
    main()

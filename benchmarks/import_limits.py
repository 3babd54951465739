"""How long the largest accepted import takes to read: the row and size limits in
tracker/importers/base.py are meant to keep that near 10 seconds.

Run: python benchmarks/import_limits.py [--runs 3]. Prints the median time to read and parse a
generated Strong export at exactly MAX_ROWS rows and at exactly MAX_FILE_BYTES (long notes), and
the ratio to the real fitnotes_lbs_large.csv parsed in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from tracker.importers.base import MAX_FILE_BYTES, MAX_ROWS
from tracker.importers.common import read_text
from tracker.importers.engine import parse

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "imports" / "fitnotes_lbs_large.csv"
HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"


def strong_rows(count: int, note: str = "") -> bytes:
    rows = (f'2024-{1 + n // 20000 % 12:02d}-{1 + n // 700 % 28:02d} 10:00:00,"Day",45m,"Squat (Barbell)",{n % 700 + 1},100,5,0,0,"{note}","",' for n in range(count))
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def median_seconds(data: bytes, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parse(read_text(data))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    reference = median_seconds(REFERENCE.read_bytes(), runs)
    at_rows = strong_rows(MAX_ROWS)
    note = "x" * 400
    wide = strong_rows(MAX_FILE_BYTES // (len(note) + 90), note)[:MAX_FILE_BYTES]
    wide = wide[: wide.rfind(b"\n") + 1]
    for label, data in (("MAX_ROWS rows", at_rows), ("MAX_FILE_BYTES of long rows", wide)):
        seconds = median_seconds(data, runs)
        print(f"{label:30} {len(data) / 1e6:6.1f} MB  median {seconds:6.2f} s  ({seconds / reference:5.1f} x fitnotes_lbs_large.csv at {reference:.2f} s)")


if __name__ == "__main__":
    main()

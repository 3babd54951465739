"""The run's clock (tests/clock.py): one day for every process of a test run."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from tests import clock

REPO = Path(clock.__file__).resolve().parents[1]
PRINT_NOW = "import datetime; from tests import clock; clock.hold(); print(datetime.datetime.now().isoformat())"


def test_the_run_is_held_after_the_chosen_time_of_day_so_it_does_not_cross_midnight():
    chosen = os.environ.get(clock.START_VARIABLE, clock.DEFAULT_START)
    now = dt.datetime.now()
    start = dt.datetime.fromisoformat(chosen) if "T" in chosen else dt.datetime.combine(now.date(), dt.time.fromisoformat(chosen))
    since_start = now - start
    assert dt.timedelta(0) <= since_start < dt.timedelta(hours=6)  # a run takes well under an hour


def test_a_subprocess_started_on_the_run_s_clock_sees_the_same_time():
    before = dt.datetime.now()
    printed = subprocess.run([sys.executable, "-c", PRINT_NOW], capture_output=True, text=True, check=True, cwd=REPO, timeout=60)
    after = dt.datetime.now()
    assert before <= dt.datetime.fromisoformat(printed.stdout.strip()) <= after


def test_the_launcher_refuses_anything_but_a_module():
    refused = subprocess.run([sys.executable, "-m", "tests.clock", "-c", "print(1)"], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert refused.returncode != 0 and "usage: python -m tests.clock -m MODULE" in refused.stderr

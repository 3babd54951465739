"""One clock for the whole test run, held on one calendar day.

Tests build data relative to "today" and compare it with what the product computes as today,
sometimes minutes later and in another process (the browser tests' Streamlit server). A run that
straddles midnight used to fail by the dozen (CI started at 23:50 on 29 Nov 2026: 37 failures).
So every process of a run sees the real clock moved by one shared offset, chosen at the start so
the run begins at noon of the real day (`TRACKER_TEST_CLOCK_START` picks another time of day, e.g.
`23:59:30` to watch a run cross midnight, or another day: `2026-12-06T12:00`). The clock still ticks; only the wall time moves
(monotonic timers are untouched). Subprocesses that compare dates start through `python -m
tests.clock …`, which applies the same offset before running the given module.
"""

import datetime as dt
import os
import runpy
import sys

import time_machine

OFFSET_VARIABLE = "TRACKER_TEST_CLOCK_OFFSET_S"
START_VARIABLE = "TRACKER_TEST_CLOCK_START"
DEFAULT_START = "12:00:00"


def _offset_s() -> float:
    """The run's offset in seconds: inherited from the process that started this one, else chosen."""
    inherited = os.environ.get(OFFSET_VARIABLE)
    if inherited is not None:
        return float(inherited)
    now = dt.datetime.now()
    chosen = os.environ.get(START_VARIABLE, DEFAULT_START)
    if "T" in chosen:  # a whole date and time: a run on another day (say a Monday, or a month's end)
        start = dt.datetime.fromisoformat(chosen)
    else:
        start = dt.datetime.combine(now.date(), dt.time.fromisoformat(chosen))
    offset = (start - now).total_seconds()
    os.environ[OFFSET_VARIABLE] = repr(offset)  # subprocesses inherit it
    return offset


def hold() -> time_machine.travel:
    """Move this process's wall clock by the run's offset (started, ticking) and return the traveller."""
    offset = _offset_s()
    traveller = time_machine.travel(dt.datetime.now().astimezone() + dt.timedelta(seconds=offset), tick=True)
    traveller.start()
    return traveller


if __name__ == "__main__":
    # python -m tests.clock -m some.module args… → run the module on the run's clock.
    if len(sys.argv) < 3 or sys.argv[1] != "-m":
        raise SystemExit("usage: python -m tests.clock -m MODULE [ARGS…]")
    hold()
    module = sys.argv[2]
    sys.argv = [module, *sys.argv[3:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)

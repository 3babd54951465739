"""Command line: `python -m tracker` (or `tracker`) — demo data, athletes and load status.

Errors are one line on stderr and a non-zero exit code; set TRACKER_DEBUG=1 to see the
traceback of an unexpected failure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import sys
from collections.abc import Sequence

from sqlmodel import Session

from tracker import store
from tracker.advice import PHASE_TITLES, Advice, phase_history
from tracker.db import database_url, open_engine
from tracker.errors import TrackerError
from tracker.load import METRIC_LABELS, METRICS
from tracker.status import AthleteReport, LoadStatus, athlete_report, load_history
from tracker.triage import Level


def _iso_date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date like {dt.date.today().isoformat()} (got {text!r})") from None
    if day > dt.date.today():
        raise argparse.ArgumentTypeError(f"cannot be in the future (today is {dt.date.today().isoformat()})")
    return day


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tracker",
        description="Training-load tracker. The database is TRACKER_DATABASE_URL or data/tracker.db.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="fill the database with six demo athletes (six months each)")
    demo.add_argument("--reset", action="store_true", help="delete and rebuild the demo athletes")

    commands.add_parser("athletes", help="list athletes")

    status = commands.add_parser("status", help="an athlete's load status on a date")
    status.add_argument("--athlete", required=True, metavar="NAME", help="athlete name (any case)")
    status.add_argument("--date", type=_iso_date, default=None, metavar="YYYY-MM-DD", help="default: today")
    status.add_argument("--metric", choices=list(METRICS), default="srpe", help="load metric (default: srpe)")
    status.add_argument("--history", type=int, default=90, metavar="DAYS", help="days of phase history to include (default 90; 0 for none)")
    status.add_argument("--json", action="store_true", help="print JSON instead of text")
    return parser


def _number(value: float, digits: int = 0, suffix: str = "") -> str:
    return "—" if math.isnan(value) else f"{value:,.{digits}f}{suffix}"


def format_advice(advice: Advice) -> str:
    """Triage first, then each phase with why, what to do and until when."""
    triage = advice.triage
    heading = triage.headline if triage.level == Level.NONE else f"{triage.level.label.upper()}: {triage.headline}"
    lines = [heading, *(f"  • {reason}" for reason in triage.reasons), ""]
    for rank, phase in enumerate(advice.phases, start=1):
        cleared = "  (once a clinician has cleared you to train)" if phase.once_cleared else ""
        lines.append(f"{rank}. {PHASE_TITLES[phase.phase]}{cleared}")
        lines += ["   Why:", *(f"     - {reason}" for reason in phase.reasons)]
        lines += ["   This week:", *(f"     - {action}" for action in phase.actions)]
        lines += [f"   Until: {phase.until}", ""]
    lines += [*(f"Note: {note}" for note in advice.notes)]
    return "\n".join(lines).rstrip()


def format_history(spans: dict) -> str:
    phases = ", ".join(f"{s.name} {s.start:%d %b}–{s.end:%d %b}" for s in spans["phases"]) or "none"
    triage = ", ".join(f"{s.name} {s.start:%d %b}–{s.end:%d %b}" for s in spans["triage"])
    return f"Recent phases: {phases}" + (f"\nClinician flags: {triage}" if triage else "")


def format_report(report: AthleteReport, history: dict | None) -> str:
    parts = [format_advice(report.advice), "", format_status(report.status)]
    if history is not None:
        parts += ["", format_history(history)]
    parts += ["", report.advice.disclaimer]
    return "\n".join(parts)


def format_status(status: LoadStatus) -> str:
    """The load figures, as a short block a lifter can read."""
    label = METRIC_LABELS[status.metric]
    need_chronic = "" if status.days_of_history >= 28 else f"  (needs 28 days of history; {status.days_of_history} so far)"
    change = "—" if math.isnan(status.week_change) else f"{status.week_change:+.0%}"
    last = status.last_session.isoformat() if status.last_session else "none logged"
    lines = [
        f"Load for {status.athlete} on {status.date.isoformat()} — {label}",
        f"  Last 7 days (acute)          {_number(status.acute_load)}   ({status.sessions_last_7_days} sessions; last {last})",
        f"  Weekly average, 28 days      {_number(status.chronic_load)}{need_chronic}",
        f"  ACWR, EWMA 7:28              {_number(status.acwr_ewma, 2)}   {status.acwr_zone}",
        f"  ACWR, rolling 7:28           {_number(status.acwr_rolling, 2)}",
        f"  Change on previous week      {change}",
        f"  Monotony (7 days)            {_number(status.monotony, 2)}",
        f"  Strain (7 days)              {_number(status.strain)}",
        "",
        "  ACWR 0.8–1.3 is the usual target range; above 1.5, load has outpaced what the last month prepared for.",
    ]
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    engine = open_engine()
    with Session(engine) as db:
        if args.command == "demo":
            from tracker.demo import build_demo

            result = build_demo(db, reset=args.reset)
            for name in result.created:
                print(f"created demo athlete {name}")
            for name in result.skipped:
                print(f"kept existing athlete {name} (use --reset to rebuild)")
            print(f"database: {database_url()}")
        elif args.command == "athletes":
            athletes = store.list_athletes(db)
            if not athletes:
                print("no athletes yet: `python -m tracker demo` adds demo athletes")
            for athlete in athletes:
                born = f", born {athlete.birth_year}" if athlete.birth_year else ""
                print(f"{athlete.name} ({athlete.unit}{born})")
        elif args.command == "status":
            athlete = store.get_athlete_by_name(db, name=args.athlete)
            on = args.date or dt.date.today()
            report = athlete_report(db, athlete=athlete, on=on, metric=args.metric)
            spans = None
            if args.history > 0:
                history = load_history(db, athlete=athlete, until=on, metric=args.metric)
                settings = store.get_advice_settings(db)
                spans = phase_history(history, start=on - dt.timedelta(days=args.history - 1), end=on, settings=settings)
            if args.json:
                out = report.to_dict()
                if spans is not None:
                    out["phase_history"] = {kind: [span.to_dict() for span in found] for kind, found in spans.items()}
                print(json.dumps(out, indent=2, ensure_ascii=False))
            else:
                print(format_report(report, spans))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except TrackerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - a traceback must never reach a user
        if os.environ.get("TRACKER_DEBUG"):
            raise
        print(f"error: unexpected failure ({type(error).__name__}: {error}); rerun with TRACKER_DEBUG=1 for details", file=sys.stderr)
        return 1

"""Command line: `python -m tracker` (or `tracker`) — demo data, athletes and load status.

Errors are one line on stderr and a non-zero exit code; set TRACKER_DEBUG=1 to see the
traceback of an unexpected failure.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import logging
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlmodel import Session

from tracker import store
from tracker.backup import backup, restore
from tracker.db import database_url, open_engine
from tracker.errors import TrackerError
from tracker.exchange import export_to_folder, import_native, read_native
from tracker.importers.engine import FORMATS, ImportPreview, ImportRefused, preview_import, run_import
from tracker.logs import configure_logging
from tracker.science.advice import PHASE_TITLES, Advice, phase_history
from tracker.science.load import ACWR_DANGER, METRIC_LABELS, METRICS, TARGET_TEXT
from tracker.science.triage import Level
from tracker.status import AthleteReport, LoadStatus, athlete_report, load_history


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

    importing = commands.add_parser("import", help="import a Strong, Hevy or FitNotes export, or a tracker export folder/zip")
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.add_argument("--athlete", required=True, metavar="NAME")
    importing.add_argument("--format", choices=["auto", *FORMATS, "native"], default="auto")
    importing.add_argument("--unit", choices=["kg", "lb"], default=None, help="weight unit when the file does not say (default: the athlete's)")
    importing.add_argument("--map", action="append", default=[], metavar="'FILE NAME=CATALOGUE NAME'", help="map an exercise name (repeatable; empty right side: create it as new)")
    importing.add_argument("--no-suggestions", action="store_true", help="create unknown exercise names as new instead of using the suggested match")
    importing.add_argument("--accept-suggestions", action="store_true", help="also use suggestions that only look alike by spelling (--dry-run lists them); without it those names are created as new")
    importing.add_argument("--skip-bad-rows", action="store_true", help="import the rest when some rows cannot be read")
    importing.add_argument("--dry-run", action="store_true", help="show what would be imported; change nothing")
    importing.add_argument("--json", action="store_true")

    exporting = commands.add_parser("export", help="write an athlete's sessions.csv, sets.csv and pain.csv")
    exporting.add_argument("--athlete", required=True, metavar="NAME")
    exporting.add_argument("--out", required=True, type=Path, metavar="DIR")

    reporting = commands.add_parser("report", help="the clinician report: one printable HTML file (A4), plus its data as CSV")
    reporting.add_argument("--athlete", required=True, metavar="NAME")
    reporting.add_argument("--from", dest="start", type=_iso_date, default=None, metavar="YYYY-MM-DD", help="default: 90 days before --to")
    reporting.add_argument("--to", dest="end", type=_iso_date, default=None, metavar="YYYY-MM-DD", help="default: today")
    reporting.add_argument("--out", required=True, type=Path, metavar="FILE.html")

    backing_up = commands.add_parser("backup", help="a consistent copy of the SQLite database (safe while the app runs)")
    backing_up.add_argument("--out", required=True, type=Path, metavar="FILE")

    restoring = commands.add_parser("restore", help="replace the database with a backup (the current one is saved beside it first)")
    restoring.add_argument("file", type=Path, metavar="FILE")
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
        lines += ["   This week:", *(f"     - {action}" for action in [*phase.actions, *phase.personal])]
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
        f"  ACWR {TARGET_TEXT} is the usual target range; above {ACWR_DANGER:g}, load has outpaced what the last month prepared for.",
    ]
    if status.metric_note:
        lines.insert(1, f"  Note: {status.metric_note}")
    return "\n".join(lines)


def _mapping(pairs: list[str]) -> dict[str, str | None]:
    mapping = {}
    for pair in pairs:
        if "=" not in pair:
            raise TrackerError(f"--map: {pair!r} is not like 'Barbell Squat=Squat (Barbell)'")
        name, target = pair.split("=", 1)
        mapping[name.strip()] = target.strip() or None
    return mapping


def format_preview(preview: ImportPreview) -> str:
    span = f"from {preview.first_date} to {preview.last_date}" if preview.first_date else "with no readable dates"
    lines = [
        f"{preview.format.capitalize()} export: {preview.sessions:,} sessions, {preview.sets:,} sets {span} (weights: {', '.join(preview.units) or 'none'})",
        f"New: {preview.new_sessions:,} sessions, {preview.new_sets:,} sets; already imported: {preview.already_imported:,} sets",
    ]
    if preview.unknown_exercises:
        lines.append(f"Exercise names not in the catalogue ({len(preview.unknown_exercises)}):")
        for item in preview.unknown_exercises:
            new = "→ new exercise" + (f" (category {item.category})" if item.category else "")
            if item.suggestion and item.spelling_only:
                hint = f"{new}; closest spelling: {item.suggestion} (used only with --accept-suggestions)"
            else:
                hint = f"→ {item.suggestion}" if item.suggestion else new
            lines.append(f"  {item.name} ({item.sets} sets) {hint}")
    if preview.problems:
        lines.append(f"Rows that cannot be imported ({len(preview.problems)}):")
        lines += [f"  line {p.line}: {p.reason}" for p in preview.problems[:20]]
        if len(preview.problems) > 20:
            lines.append(f"  … and {len(preview.problems) - 20} more (--json lists all)")
    lines += [f"Note: {warning}" for warning in preview.warnings]
    return "\n".join(lines)


def _import(db: Session, args: argparse.Namespace) -> None:
    athlete = store.get_athlete_by_name(db, name=args.athlete)
    path: Path = args.file
    if not path.exists():
        raise TrackerError(f"import: {path} does not exist")
    if args.format == "native" or (args.format == "auto" and (path.is_dir() or path.suffix.lower() == ".zip")):
        texts = read_native(path)
        if args.dry_run:
            print(f"tracker export: {len(texts)} files; import without --dry-run to add what is new")
            return
        result = import_native(db, athlete_id=athlete.id, texts=texts)
        summary = (
            f"added {result.sessions_added} sessions ({result.sets_added} sets) and {result.pain_added} pain reports; "
            f"skipped {result.sessions_skipped} sessions and {result.pain_skipped} pain reports already present"
        )
        print(json.dumps(dataclasses.asdict(result)) if args.json else summary)
        return
    data = path.read_bytes()
    if args.dry_run:
        preview = preview_import(db, athlete_id=athlete.id, data=data, format=args.format, default_unit=args.unit)
        print(json.dumps(preview.to_dict(), indent=2, ensure_ascii=False) if args.json else format_preview(preview))
        return
    try:
        result = run_import(
            db, athlete_id=athlete.id, data=data, format=args.format, default_unit=args.unit,
            mapping=_mapping(args.map), use_suggestions=not args.no_suggestions, accept_suggestions=args.accept_suggestions,
            skip_bad_rows=args.skip_bad_rows,
        )  # fmt: skip
    except ImportRefused as refused:
        if args.json:
            print(json.dumps({"error": str(refused), "problems": [dataclasses.asdict(p) for p in refused.problems]}, indent=2))
        raise
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(
            f"imported {result.sets_added:,} sets into {result.sessions_added:,} new sessions"
            + (f" and {result.sessions_extended} existing ones" if result.sessions_extended else "")
            + f"; {result.already_imported:,} sets were already there"
            + (f"; skipped {len(result.skipped_rows)} bad rows" if result.skipped_rows else "")
            + (f"; new exercises: {', '.join(result.exercises_created)}" if result.exercises_created else "")
        )


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
        elif args.command == "import":
            _import(db, args)
        elif args.command == "export":
            athlete = store.get_athlete_by_name(db, name=args.athlete)
            for path in export_to_folder(db, athlete_id=athlete.id, folder=args.out):
                print(f"wrote {path}")
        elif args.command == "report":
            from tracker.report import clinician_report, report_csv_zip

            athlete = store.get_athlete_by_name(db, name=args.athlete)
            end = args.end or dt.date.today()
            start = args.start or end - dt.timedelta(days=89)
            if start > end:
                raise TrackerError(f"--from ({start}) must not be after --to ({end})")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(clinician_report(db, athlete_id=athlete.id, start=start, end=end), encoding="utf-8")
            data = args.out.with_suffix(".zip")
            data.write_bytes(report_csv_zip(db, athlete_id=athlete.id, start=start, end=end))
            print(f"wrote {args.out} (open it in a browser and print to A4) and its data {data}")
        elif args.command == "backup":
            print(f"backed up to {backup(engine, args.out)}")
        elif args.command == "restore":
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            live = engine.url.database
            saved = backup(engine, Path(f"{live}.before-restore-{stamp}")) if live and Path(live).exists() else None
            restored = restore(engine, args.file)
            print(restored.describe(args.file) + (f"; the previous database is saved as {saved}" if saved else ""))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    configure_logging(default_level="CRITICAL")  # the output says what happened; TRACKER_LOG_LEVEL=INFO adds the log
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except TrackerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - a traceback must never reach a user
        # The error's text can quote SQL with someone's data in it: the log names its type only.
        logging.getLogger(__name__).error("unexpected failure in `%s`: %s", args.command, type(error).__name__)
        if os.environ.get("TRACKER_DEBUG"):
            raise
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        print(f"error: unexpected failure ({type(error).__name__}: {first_line}); rerun with TRACKER_DEBUG=1 for details", file=sys.stderr)
        return 1

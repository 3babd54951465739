"""A squad's spreadsheet: session RPE and minutes (or load), or daily wellness, for many athletes.

Many squads log no sets, only each session's RPE and minutes. `preview_team_import` reads such
a file, says what would happen to every row, and lists the file's athletes with a suggested
roster athlete each; `run_team_import` imports it with the coach's mapping of file athletes to
roster athletes, in one transaction (all of it, or — on refused rows, unless the caller chose
to skip them — none of it). Every row ends in exactly one outcome: imported, duplicate
(imported before), rest day (the file says no training), not mapped (the coach skipped that
file athlete), or refused (with the reason). Who may import is `tracker.access.import_team`.

Session-RPE files (columns by loose name): date, athlete (or player / PlayerID), session type,
minutes (or duration), RPE (CR-10) and/or load (RPE x minutes), optionally Training (Yes/No).
Each row becomes a session with no sets, source "team", whose key is a digest of the target
athlete, date, type, minutes, RPE and which identical row of the file it is: importing the file
again adds nothing, and two identical games on one day stay two sessions. Where a row gives
both RPE and load and they disagree, it is refused unless `keep_file_load` (then RPE = load /
minutes, so the stored load is the file's).

Wellness files: date, athlete and any of sleep hours, sleep quality, soreness, stress, mood,
fatigue on the tracker's 1-5 scales (`tracker.wellness`); or the DataFest 2019 layout
(Fatigue, Soreness, Desire, Irritability, SleepQuality on 1-7, higher = better, which its
MonitoringScore sums), rescaled by `DATAFEST_SCALE`. A day already answered is a duplicate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd
from sqlmodel import Session, col, select

from tracker import store
from tracker.errors import TrackerError
from tracker.importers.base import ImportFormatError, RowProblem
from tracker.importers.common import csv_records, header_names, parse_number, read_text
from tracker.importers.engine import ImportRefused
from tracker.models import Athlete, TrainingSession, WellnessEntry
from tracker.schemas import LIMITS
from tracker.science import load
from tracker.science.session_load import session_loads
from tracker.wellness import ANSWERS

LOAD, WELLNESS = "session load", "wellness"
OUTCOMES = ("imported", "duplicate", "rest day", "not mapped", "refused")

#: Loose header names → the field they fill.
ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("date", "day", "session date"),
    "athlete": ("athlete", "player", "playerid", "player id", "name", "athlete name"),
    "training": ("training", "trained"),
    "session_type": ("session type", "sessiontype", "type", "session"),
    "minutes": ("minutes", "duration", "duration_min", "duration (min)", "mins"),
    "rpe": ("rpe", "session rpe", "srpe"),
    "load": ("load", "session load", "sessionload", "srpe load"),
    "sleep_hours": ("sleep hours", "sleephours", "sleep_hours", "sleep"),
    "sleep_quality": ("sleep quality", "sleepquality", "sleep_quality"),
    "soreness": ("soreness",),
    "stress": ("stress",),
    "mood": ("mood",),
    "fatigue": ("fatigue",),
    "irritability": ("irritability",),
}
#: DataFest 2019 wellness (1-7, higher = better) → the tracker's 1-5: 1 + (x - 1) x 4/6
#: rounded, turned round where the tracker's 5 is the worse end (soreness, fatigue).
DATAFEST_SCALE = {x: round(1 + (x - 1) * 4 / 6) for x in range(1, 8)}
DATAFEST_MARKERS = ("monitoringscore", "irritability")


@dataclass(frozen=True)
class FileAthlete:
    label: str  # as the file writes it ("13", "Jane Doe")
    rows: int
    suggestion: int | None  # the roster athlete of the same name, if any


@dataclass(frozen=True)
class RowOutcome:
    line: int
    athlete: str
    outcome: str  # one of OUTCOMES
    reason: str = ""


@dataclass
class TeamPreview:
    kind: str  # LOAD or WELLNESS
    rows: int
    athletes: list[FileAthlete]
    first_date: dt.date | None
    last_date: dt.date | None
    outcomes: list[RowOutcome]
    ignored_columns: list[str]
    notes: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.outcome for row in self.outcomes)
        return {name: counted.get(name, 0) for name in OUTCOMES}

    @property
    def problems(self) -> list[RowProblem]:
        return [RowProblem(row.line, row.reason) for row in self.outcomes if row.outcome == "refused"]


@dataclass(frozen=True)
class TeamImportResult:
    kind: str
    counts: dict[str, int]  # rows per outcome; they add up to the file's rows
    athletes_written: list[int]
    outcomes: list[RowOutcome]


@dataclass
class _Row:
    line: int
    label: str
    day: dt.date | None = None
    values: dict[str, float | str | None] = field(default_factory=dict)


@dataclass
class _Parsed:
    kind: str
    rows: list[_Row]
    refused: dict[int, str]  # line -> reason, for rows unreadable before any mapping
    ignored: list[str]
    datafest: bool


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    names = header_names(header)
    found: dict[str, int] = {}
    for index, name in enumerate(names):
        for target, aliases in ALIASES.items():
            if name in aliases and target not in found:
                found[target] = index
    ignored = [header[i].strip() for i in range(len(header)) if i not in found.values() and header[i].strip()]
    return found, ignored


def _parse(text: str) -> _Parsed:
    records = [(line, row) for line, row in csv_records(text) if any(cell.strip() for cell in row)]
    if not records:
        raise ImportFormatError("the file is empty")
    (_, header), body = records[0], records[1:]
    found, ignored = _columns(header)
    missing = [name for name in ("date", "athlete") if name not in found]
    if missing:
        raise ImportFormatError(f"a squad file needs a {' and an '.join(missing)} column (its columns: {', '.join(header)})")
    if {"minutes", "rpe", "load"} & set(found):
        kind = LOAD
        ignored += [header[found.pop(name)] for name in (*ANSWERS, "irritability") if name in found]
    elif set(ANSWERS) & set(found):
        kind = WELLNESS
    else:
        raise ImportFormatError("this squad file has neither minutes / RPE / load nor wellness columns (sleep, soreness, stress, mood, fatigue)")
    datafest = kind == WELLNESS and any(marker in header_names(header) for marker in DATAFEST_MARKERS)
    rows, refused = [], {}
    for line, cells in body:
        cell = {name: (cells[index].strip() if index < len(cells) else "") for name, index in found.items()}
        row = _Row(line, cell["athlete"])
        if not row.label:
            refused[line] = "Athlete: the cell is empty"
        else:
            try:
                row.day = _date(cell["date"])
                row.values = {name: _number(name, value) for name, value in cell.items() if name not in {"date", "athlete", "training", "session_type"}}
                row.values["training"] = cell.get("training", "")
                row.values["session_type"] = cell.get("session_type", "")
            except ValueError as error:
                refused[line] = str(error)
        rows.append(row)
    return _Parsed(kind, rows, refused, ignored, datafest)


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"Date: {text!r} is not a date like 2018-07-21") from None
    if day > dt.date.today():
        raise ValueError(f"Date: {day.isoformat()} is in the future")
    return day


def _number(name: str, text: str) -> float | None:
    return None if text.upper() in {"NA", "N/A", "NAN"} else parse_number(text, column=name.replace("_", " ").capitalize())


def _suggest(label: str, athletes: list[Athlete]) -> int | None:
    keys = {store.name_key(label), store.name_key(f"player {label}")}
    return next((a.id for a in athletes if a.name_key in keys), None)


# Session load --------------------------------------------------------------------------------


def _in_range(name: str, value: float, label: str) -> str | None:
    limit = LIMITS[name]
    if not limit.low <= value <= limit.high:
        return f"{label}: {value:g} is outside {limit.low:g}–{limit.high:g}{' ' + limit.unit if limit.unit else ''}"
    return None


def _session_of(row: _Row, keep_file_load: bool) -> tuple[str | None, dict | None]:
    """('rest day' | refusal reason | None, session fields) for one load row."""
    values = row.values
    minutes, rpe, file_load = values.get("minutes"), values.get("rpe"), values.get("load")
    if str(values.get("training", "")).strip().casefold() in {"no", "n", "false", "0"}:
        if minutes is None and rpe is None and not file_load:
            return "rest day", None
        return "Training: the file says No, yet the row has minutes, RPE or load", None
    if minutes is None and rpe is None and file_load is None:
        return "Minutes, RPE, Load: the row has none of them, so there is no session to import", None
    if minutes is None:
        return "Minutes: missing (a session's load needs its minutes)", None
    if reason := _in_range("duration_min", minutes, "Minutes"):
        return reason, None
    if rpe is not None and (reason := _in_range("rpe", rpe, "RPE")):
        return reason, None
    if rpe is None and file_load is None:
        return "RPE, Load: the row has neither", None
    if file_load is not None and (rpe is None or abs(rpe * minutes - file_load) > 0.5):
        if rpe is not None and not keep_file_load:
            return f"Load: the file's {file_load:g} is not RPE {rpe:g} × {minutes:g} minutes = {rpe * minutes:g}; fix the row, or keep the file's load", None
        rpe = file_load / minutes
        if reason := _in_range("rpe", rpe, "RPE (load ÷ minutes)"):
            return reason, None
    name = str(values.get("session_type") or "").strip()
    return None, {"date": row.day, "duration_min": round(minutes), "rpe": rpe, "name": (name if name.upper() != "NA" else "")[:80] or None}


def _session_key(athlete_id: int, fields: dict, occurrence: int) -> str:
    parts = (athlete_id, fields["date"], fields["name"], fields["duration_min"], fields["rpe"], occurrence)
    return "team:" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:40]


# Wellness -------------------------------------------------------------------------------------


def _wellness_of(row: _Row, datafest: bool) -> tuple[str | None, dict | None]:
    values = dict(row.values)
    if datafest:
        for name in ("sleep_quality", "soreness", "fatigue", "irritability"):
            value = values.get(name)
            if value is not None and (value not in DATAFEST_SCALE):
                return f"{name.replace('_', ' ').capitalize()}: {value:g} is not a whole number 1–7 (the DataFest scale)", None
        scaled = {name: DATAFEST_SCALE[int(values[name])] if values.get(name) is not None else None for name in ("sleep_quality", "soreness", "fatigue", "irritability")}
        values["sleep_quality"] = scaled["sleep_quality"]
        values["soreness"] = 6 - scaled["soreness"] if scaled["soreness"] else None
        values["fatigue"] = 6 - scaled["fatigue"] if scaled["fatigue"] else None
        values["mood"] = scaled["irritability"]  # 7 = not irritable at all: the good end, as mood 5
    answers = {name: values.get(name) for name in ANSWERS}
    if all(value is None for value in answers.values()):
        return "the row has no wellness answers", None
    for name, value in answers.items():
        if value is None:
            continue
        if reason := _in_range(name, value, name.replace("_", " ").capitalize()):
            return reason, None
        if name != "sleep_hours" and value != int(value):
            return f"{name.replace('_', ' ').capitalize()}: {value:g} is not a whole number", None
    return None, {"date": row.day, **{name: (value if name == "sleep_hours" or value is None else int(value)) for name, value in answers.items()}}


# Preview and import ----------------------------------------------------------------------------


@dataclass
class _Plan:
    preview: TeamPreview
    sessions: dict[int, list[TrainingSession]] = field(default_factory=dict)
    wellness: dict[int, list[WellnessEntry]] = field(default_factory=dict)


def _plan(db: Session, text: str, mapping: dict[str, int | None], keep_file_load: bool) -> _Plan:
    parsed = _parse(text)
    athletes = store.list_athletes(db)
    known = {a.id for a in athletes}
    unknown = sorted({a for a in mapping.values() if a is not None and a not in known})
    if unknown:
        raise TrackerError(f"mapping: no athlete with id {', '.join(map(str, unknown))}")
    targets = sorted({a for a in mapping.values() if a is not None})
    labels = Counter(row.label for row in parsed.rows if row.label)
    outcomes: list[RowOutcome] = []
    plan = _Plan(
        TeamPreview(
            kind=parsed.kind,
            rows=len(parsed.rows),
            athletes=[FileAthlete(label, n, _suggest(label, athletes)) for label, n in sorted(labels.items(), key=lambda item: _label_order(item[0]))],
            first_date=min((r.day for r in parsed.rows if r.day), default=None),
            last_date=max((r.day for r in parsed.rows if r.day), default=None),
            outcomes=outcomes,
            ignored_columns=parsed.ignored,
        )
    )
    if parsed.kind == LOAD:
        present = set(db.exec(select(TrainingSession.source_key).where(col(TrainingSession.athlete_id).in_(targets), TrainingSession.source == "team")).all()) if targets else set()
    else:
        present = {(a, d) for a, d in db.exec(select(WellnessEntry.athlete_id, WellnessEntry.date).where(col(WellnessEntry.athlete_id).in_(targets))).all()} if targets else set()
    seen: Counter = Counter()
    for row in parsed.rows:
        target = mapping.get(row.label)
        if row.line in parsed.refused:
            outcomes.append(RowOutcome(row.line, row.label, "refused", parsed.refused[row.line]))
            continue
        reason, fields = _session_of(row, keep_file_load) if parsed.kind == LOAD else _wellness_of(row, parsed.datafest)
        if reason == "rest day":
            outcomes.append(RowOutcome(row.line, row.label, "rest day", "the file says no training that day"))
        elif reason:
            outcomes.append(RowOutcome(row.line, row.label, "refused", reason))
        elif target is None:
            outcomes.append(RowOutcome(row.line, row.label, "not mapped", f"file athlete {row.label!r} is not mapped to a roster athlete"))
        elif parsed.kind == LOAD:
            identity = (target, fields["date"], fields["name"], fields["duration_min"], fields["rpe"])
            seen[identity] += 1
            key = _session_key(target, fields, seen[identity])
            if key in present:
                outcomes.append(RowOutcome(row.line, row.label, "duplicate", "imported before"))
                continue
            session = TrainingSession(athlete_id=target, source="team", source_key=key, **fields)
            store.apply_loads(session, session_loads(rpe=session.rpe, duration_min=session.duration_min, sets=[]))
            plan.sessions.setdefault(target, []).append(session)
            outcomes.append(RowOutcome(row.line, row.label, "imported"))
        else:
            if (target, fields["date"]) in present:
                already = "answered that day already" if seen[(target, fields["date"])] == 0 else "a second row for this athlete and day"
                outcome = "duplicate" if already.startswith("answered") else "refused"
                outcomes.append(RowOutcome(row.line, row.label, outcome, already))
                continue
            seen[(target, fields["date"])] += 1
            present.add((target, fields["date"]))
            plan.wellness.setdefault(target, []).append(WellnessEntry(athlete_id=target, source="team", **fields))
            outcomes.append(RowOutcome(row.line, row.label, "imported"))
    if parsed.kind == LOAD and keep_file_load:
        plan.preview.notes.append("Where RPE × minutes and the file's load disagree, the file's load is kept (RPE = load ÷ minutes).")
    if parsed.datafest:
        plan.preview.notes.append(
            "DataFest wellness (1–7, higher = better) is rescaled to the tracker's 1–5; soreness and fatigue are turned round "
            "(5 = the worst) and Irritability is read as mood. Desire, bed and wake times, pain, illness and the rest are not imported."
        )
    return plan


def _label_order(label: str) -> tuple[int, float | str]:
    return (0, float(label)) if label.replace(".", "", 1).isdigit() else (1, label.casefold())


def preview_team_import(db: Session, *, data: bytes, mapping: dict[str, int | None] | None = None, keep_file_load: bool = False) -> TeamPreview:
    """What importing `data` with `mapping` would do to every row (the suggested athletes when
    no mapping is given); writes nothing."""
    text = read_text(data)
    if mapping is None:
        first = _plan(db, text, {}, keep_file_load).preview
        mapping = {a.label: a.suggestion for a in first.athletes}
    return _plan(db, text, mapping, keep_file_load).preview


def run_team_import(
    db: Session, *, data: bytes, mapping: dict[str, int | None], keep_file_load: bool = False, skip_bad_rows: bool = False
) -> TeamImportResult:
    """Import in one transaction. `mapping`: file athlete label → roster athlete id, or None to
    leave that file athlete out. Refused rows refuse the whole file unless `skip_bad_rows`."""
    plan = _plan(db, read_text(data), mapping, keep_file_load)
    if plan.preview.problems and not skip_bad_rows:
        raise ImportRefused(plan.preview.problems)
    written = sorted(set(plan.sessions) | set(plan.wellness))
    try:
        for rows in (*plan.sessions.values(), *plan.wellness.values()):
            db.add_all(rows)
        for athlete_id in written:
            store.mark_changed(db, athlete_id)
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return TeamImportResult(plan.preview.kind, plan.preview.counts, written, plan.preview.outcomes)


# The file's own ACWR against ours ------------------------------------------------------------


def file_acwr_comparison(data: bytes) -> pd.DataFrame:
    """For every athlete-day where a session-RPE file precomputes AcuteLoad / ChronicLoad /
    AcuteChronicRatio (the DataFest layout): the file's figures beside ours — the 7-day and
    28-day mean daily load and their coupled ratio (`tracker.science.load`), over the daily sum
    of the file's session loads — and the file's recipe reproduced: the last 6 days' load / 7
    and the last 27 days' / 28 (windows one day short). Columns: athlete, date, file_acute,
    file_chronic, file_ratio, acute_7, chronic_28, ratio_7_28, acute_6_of_7, chronic_27_of_28."""
    frame = pd.read_csv(io.StringIO(read_text(data)), na_values=["NA"])
    needed = {"Date", "PlayerID", "SessionLoad", "AcuteLoad", "ChronicLoad", "AcuteChronicRatio"}
    if not needed <= set(frame.columns):
        raise ImportFormatError(f"the file has no precomputed ACWR (needs the columns {', '.join(sorted(needed))})")
    frame["Date"] = pd.to_datetime(frame["Date"]).astype("datetime64[us]")
    parts = []
    for athlete, rows in frame.groupby("PlayerID"):
        daily = load.daily_load(rows.rename(columns={"Date": "date", "SessionLoad": "srpe_load"}), "srpe")
        figures = pd.DataFrame(
            {
                "acute_7": load.rolling_mean(daily, 7),
                "chronic_28": load.rolling_mean(daily, 28),
                "ratio_7_28": load.acwr_rolling(daily),
                "acute_6_of_7": daily.rolling(6, min_periods=6).sum() / 7,
                "chronic_27_of_28": daily.rolling(27, min_periods=27).sum() / 28,
            }
        )
        theirs = rows.dropna(subset=["AcuteLoad"]).groupby("Date")[["AcuteLoad", "ChronicLoad", "AcuteChronicRatio"]].first()
        theirs.columns = ["file_acute", "file_chronic", "file_ratio"]
        joined = theirs.join(figures, how="left").reset_index(names="date")
        joined.insert(0, "athlete", str(athlete))
        parts.append(joined)
    return pd.concat(parts, ignore_index=True)

"""One timeline of what happened to an athlete's back, newest first: pain reports, red flags and
clinical notes — and clearances and availability changes as soon as they are recorded.

Each kind of event comes from a *source*: a function with the signature of `EventSource` that
reads through `tracker.access` with the viewer, so the timeline shows each viewer exactly what
they may see (a coach gets pain scores and regions and the physio's summaries for the coach; no
red flags, no note bodies) and every read is checked and logged. A new kind of event is one
more source, e.g. for clearance records:

    def clearance_events(db, *, viewer, athlete_id, start, end):
        for record in access.clearances(db, viewer=viewer, athlete_id=athlete_id, start=start, end=end):
            yield Event(at=record.cleared_at, kind=Kind.CLEARANCE, title=f"Cleared: {record.flag}", detail=record.note)

    SOURCES.append(clearance_events)

`Kind` already names clearances and availability changes, so pages and charts draw them with
their own colour and symbol from the start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd
from sqlmodel import Session

from tracker import access, bodymap, store
from tracker.access import Scope, Viewer
from tracker.vocab import FEATURE_LABELS, RED_FLAG_LABELS, Feature, RedFlag


class Kind(StrEnum):
    PAIN = "pain report"
    RED_FLAG = "red flag"
    NOTE = "clinical note"
    CLEARANCE = "clearance"
    AVAILABILITY = "availability"


@dataclass(frozen=True)
class Event:
    at: dt.datetime  # local wall-clock time, naive, like a pain report's recorded_at
    kind: Kind
    title: str  # one line: "Pain 6/10 — left buttock, back of the left thigh"
    detail: str = ""  # the rest: quality, timing, features, the athlete's words; a note's text
    score: int | None = None  # the pain score, where the event has one


#: A source of events: keyword-only (db, viewer, athlete_id, start, end), dates inclusive.
#: `viewer` is None only before any account exists (the one local user sees everything).
EventSource = Callable[..., Iterable[Event]]


def local_time(moment: dt.datetime) -> dt.datetime:
    """A stored UTC time (aware, or naive UTC) as naive local wall-clock time, to sort beside pain reports."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone().replace(tzinfo=None)


# The sources ----------------------------------------------------------------------------------


def _joined(row: dict, names: Iterable, labels: dict) -> list[str]:
    return [labels[name] for name in names if bool(row.get(name.value, False))]


def pain_events(db: Session, *, viewer: Viewer | None, athlete_id: int, start: dt.date, end: dt.date) -> list[Event]:
    """A pain report, or a red flag when one was ticked with it (not both: one report, one line)."""
    if viewer is None:
        access.require_single_user(db)
        pain = store.pain_frame(db, athlete_id=athlete_id, start=start, end=end)
    else:
        pain = access.pain(db, viewer=viewer, athlete_id=athlete_id, start=start, end=end)
    events = []
    for row in pain.to_dict("records"):
        where = bodymap.describe(row["region"], row.get("side"), row.get("body_areas"))
        score = int(row["pain"])
        texts = [row.get(key) for key in ("quality", "timing")]
        detail = [text for text in texts if isinstance(text, str) and text]
        detail += _joined(row, Feature, FEATURE_LABELS)
        if isinstance(row.get("notes"), str) and row["notes"]:
            detail.append(f"“{row['notes']}”")
        if flags := _joined(row, RedFlag, RED_FLAG_LABELS):
            title, kind = f"Red flag: {'; '.join(flags)} — pain {score}/10, {where}", Kind.RED_FLAG
        else:
            title, kind = f"Pain {score}/10 — {where}", Kind.PAIN
        events.append(Event(pd.Timestamp(row["recorded_at"]).to_pydatetime(), kind, title, " · ".join(detail), score))
    return events


def note_events(db: Session, *, viewer: Viewer | None, athlete_id: int, start: dt.date, end: dt.date) -> list[Event]:
    """Clinical notes in full for the athlete and physios with access; for a coach, only what a
    physio marked for the coach. Notes are written by physios, so there are none before accounts."""
    if viewer is None:
        access.require_single_user(db)
        return []
    whole = Scope.CLINICAL_NOTES in access.scopes(db, viewer, athlete_id)
    events = []
    for note in access.clinical_notes(db, viewer=viewer, athlete_id=athlete_id):
        at = local_time(note.written_at)
        if not start <= at.date() <= end:
            continue
        if whole:
            detail = note.body + (f" · For the coach: {note.coach_summary}" if note.coach_summary else "")
            events.append(Event(at, Kind.NOTE, "Clinical note", detail))
        else:
            events.append(Event(at, Kind.NOTE, "From the physio", note.body))
    return events


#: The timeline's sources, in the order their events sort on a tie.
SOURCES: list[EventSource] = [pain_events, note_events]
_ORDER = {kind: rank for rank, kind in enumerate(Kind)}


def timeline(
    db: Session,
    *,
    viewer: Viewer | None,
    athlete_id: int,
    start: dt.date,
    end: dt.date,
    sources: Iterable[EventSource] | None = None,
) -> list[Event]:
    """Every event from `start` to `end` (inclusive) from each source, newest first."""
    if start > end:
        raise ValueError(f"start must not be after end (got {start.isoformat()} > {end.isoformat()})")
    events = [
        event
        for source in (SOURCES if sources is None else sources)
        for event in source(db, viewer=viewer, athlete_id=athlete_id, start=start, end=end)
        if start <= event.at.date() <= end
    ]
    return sorted(events, key=lambda event: (event.at, -_ORDER.get(event.kind, len(_ORDER))), reverse=True)


def events_frame(events: list[Event]) -> pd.DataFrame:
    """The events as a table (at, kind, title, detail, score), for charts and downloads."""
    frame = pd.DataFrame([vars(event) for event in events], columns=["at", "kind", "title", "detail", "score"])
    frame["at"] = pd.to_datetime(frame["at"]).astype("datetime64[us]")
    return frame

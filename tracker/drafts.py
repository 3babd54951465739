"""The session a lifter is logging but has not saved: a JSON-ready dict, one per athlete in the
`session_draft` table, so it survives a refresh, a closed tab or a flat phone until it is saved
or discarded.

A draft holds the session's fields, one card per exercise with its sets as rows (in the
lifter's unit, each with a `done` tick), and the back check-in's answers as the page last had
them. The functions below change a draft in place, so the page stays a thin layer of widgets.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlmodel import Session, select

from tracker.logbook import FIELDS, Planned, Usual, plan_session
from tracker.models import SessionDraft, TrainingSession
from tracker.vocab import SetKind

#: The values of a row a later, un-ticked row follows when it held the same value.
CARRIED = ("weight", "reps", "seconds", "distance_km")


def new_draft(*, unit: str, today: dt.date, usual: Usual) -> dict[str, Any]:
    return {
        "unit": unit,
        "date": today.isoformat(),
        "name": "",
        "duration_min": usual.duration_min,
        "rpe": usual.rpe,
        "notes": "",
        "cards": [],
        "back": {},
        "next_id": 1,
    }


def _new_id(draft: dict, prefix: str) -> str:
    number = draft["next_id"]
    draft["next_id"] = number + 1
    return f"{prefix}{number}"


def _blank_set() -> dict:
    return {"kind": SetKind.WORKING.value, "weight": None, "reps": None, "seconds": None, "distance_km": None, "rpe": None, "rir": None}


def _fresh_set(draft: dict, values: dict) -> dict:
    return {**_blank_set(), **{k: v for k, v in values.items() if k in _blank_set()}, "id": _new_id(draft, "s"), "done": False}


#: Rows a card starts with the first time an exercise is done: three sets is the common
#: prescription (fill in the first and the others follow); one bout of cardio.
FIRST_TIME_ROWS = {"distance": 1}
FIRST_TIME_ROWS_DEFAULT = 3


def add_card(draft: dict, planned: Planned) -> dict:
    """A card for `planned`, its sets as last done (empty rows the first time)."""
    card = {
        "id": _new_id(draft, "c"),
        "exercise": planned.exercise,
        "measure": planned.measure,
        "last": planned.last,
        "sets": [],
    }
    for values in planned.sets or [_blank_set()] * FIRST_TIME_ROWS.get(planned.measure, FIRST_TIME_ROWS_DEFAULT):
        card["sets"].append(_fresh_set(draft, values))
    draft["cards"].append(card)
    return card


def card(draft: dict, card_id: str) -> dict:
    return next(c for c in draft["cards"] if c["id"] == card_id)


def add_set(draft: dict, card_id: str) -> dict:
    """Another row like the card's last one (Strong's "+ Add set"), not yet ticked."""
    target = card(draft, card_id)
    values = dict(target["sets"][-1]) if target["sets"] else _blank_set()
    if values.get("kind") == SetKind.WARMUP.value:
        values["kind"] = SetKind.WORKING.value
    row = _fresh_set(draft, values)
    target["sets"].append(row)
    return row


def remove_last_set(draft: dict, card_id: str) -> None:
    target = card(draft, card_id)
    if target["sets"]:
        target["sets"].pop()


def remove_card(draft: dict, card_id: str) -> None:
    draft["cards"] = [c for c in draft["cards"] if c["id"] != card_id]


def change(draft: dict, card_id: str, set_id: str, field: str, value: Any) -> list[str]:
    """Set one value of one row. Later rows of the card that are not ticked yet and held the
    same value follow it, so putting 2.5 kg on the first set puts it on the rest; a row that
    already differed (a back-off set) keeps its own. Returns the ids of every row changed."""
    rows = card(draft, card_id)["sets"]
    index = next(i for i, row in enumerate(rows) if row["id"] == set_id)
    old = rows[index][field]
    rows[index][field] = value
    changed = [set_id]
    if field in CARRIED:
        for row in rows[index + 1 :]:
            if not row["done"] and row[field] == old and row.get("kind") == rows[index].get("kind"):
                row[field] = value
                changed.append(row["id"])
    return changed


def toggle_done(draft: dict, card_id: str, set_id: str) -> bool:
    row = next(r for r in card(draft, card_id)["sets"] if r["id"] == set_id)
    row["done"] = not row["done"]
    return row["done"]


def finish_card(draft: dict, card_id: str) -> bool:
    """Tick every row of the card; if all were ticked already, untick them. Returns the new state."""
    rows = card(draft, card_id)["sets"]
    done = not all(row["done"] for row in rows)
    for row in rows:
        row["done"] = done
    return done


def set_warmups(draft: dict, card_id: str, numbers: list[int]) -> None:
    """Mark the rows numbered `numbers` (1-based) as warm-ups; other warm-ups become working sets."""
    for number, row in enumerate(card(draft, card_id)["sets"], start=1):
        if number in numbers:
            row["kind"] = SetKind.WARMUP.value
        elif row["kind"] == SetKind.WARMUP.value:
            row["kind"] = SetKind.WORKING.value


def counts(draft: dict) -> tuple[int, int]:
    """(rows ticked, rows) over every card."""
    rows = [row for c in draft["cards"] for row in c["sets"]]
    return sum(row["done"] for row in rows), len(rows)


def is_empty(draft: dict) -> bool:
    return not draft["cards"]


def _set_input(row: dict, exercise: str, measure: str, unit: str) -> dict:
    timed = "reps" not in FIELDS[measure]
    return {
        "exercise": exercise,
        "reps": 0 if timed and row.get("reps") is None else row.get("reps"),
        "weight": row.get("weight") or 0.0,
        "unit": unit,
        "kind": row.get("kind") or SetKind.WORKING.value,
        "rpe": row.get("rpe"),
        "rir": row.get("rir"),
        "seconds": row.get("seconds"),
        "distance_km": row.get("distance_km"),
    }


def session_input(draft: dict, *, with_unticked: bool) -> tuple[dict, list[tuple[str, str]]]:
    """The draft as input for `store.add_session`, and for each of its sets the (card, row) it
    came from (so a refused set can be shown on its card). Un-ticked rows are left out unless
    `with_unticked`."""
    sets, places = [], []
    for c in draft["cards"]:
        for row in c["sets"]:
            if row["done"] or with_unticked:
                sets.append(_set_input(row, c["exercise"], c["measure"], draft["unit"]))
                places.append((c["id"], row["id"]))
    data = {
        "date": draft["date"],
        "name": draft["name"].strip() or None,
        "duration_min": draft["duration_min"],
        "rpe": draft["rpe"],
        "notes": draft["notes"].strip() or None,
        "sets": sets,
    }
    return data, places


def from_session(training_session: TrainingSession, *, unit: str) -> dict:
    """A saved session as a draft (every row ticked), for editing it with the same cards."""
    draft = new_draft(unit=unit, today=training_session.date, usual=Usual())
    # As saved, unknowns included: an imported session has no RPE, and editing must not invent one.
    draft.update(
        name=training_session.name or "", notes=training_session.notes or "", duration_min=training_session.duration_min, rpe=training_session.rpe
    )
    for planned in plan_session(training_session, unit=unit):
        for row in add_card(draft, planned)["sets"]:
            row["done"] = True
    return draft


# Kept in the database ----------------------------------------------------------------------


def load_draft(db: Session, *, athlete_id: int) -> dict | None:
    row = db.exec(select(SessionDraft).where(SessionDraft.athlete_id == athlete_id)).first()
    return json.loads(row.payload) if row else None


def save_draft(db: Session, *, athlete_id: int, draft: dict) -> None:
    """Keep the draft (replacing the athlete's previous one) in one small write."""
    row = db.exec(select(SessionDraft).where(SessionDraft.athlete_id == athlete_id)).first() or SessionDraft(athlete_id=athlete_id, payload="")
    row.payload = json.dumps(draft, sort_keys=True)
    row.updated_at = dt.datetime.now(dt.UTC)
    db.add(row)
    db.commit()


def discard_draft(db: Session, *, athlete_id: int) -> None:
    row = db.exec(select(SessionDraft).where(SessionDraft.athlete_id == athlete_id)).first()
    if row is not None:
        db.delete(row)
        db.commit()

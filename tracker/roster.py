"""The coach's roster: one row per athlete on one date, most concerning first.

Each row is the athlete's stored status (`tracker.derived`: load figures computed as for their
own status, triage level, the phases the advice engine suggests, last pain report, last session,
a 28-day trend of daily load for a sparkline), so a squad's roster is one query over stored
rows; rows that are out of date (another day, a newer write, changed thresholds) are recomputed
together, from one query per kind of data for the whole group.

Access control is the caller's business: `roster` shows whichever athlete ids it is given.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from sqlmodel import Session, col, select

from tracker import derived, store
from tracker.errors import NotFoundError
from tracker.models import Athlete
from tracker.science import load

COLUMNS = [
    "athlete_id", "athlete", "triage", "triage_rank", "acwr_ewma", "acwr_zone", "week_change", "phase", "phases",
    "last_pain", "last_pain_date", "days_since_session", "trend", "metric", "concern",
]  # fmt: skip


def roster(db: Session, *, athlete_ids: list[int], on: dt.date, metric: str = "srpe") -> pd.DataFrame:
    """One row per athlete in `athlete_ids` on date `on`, most concerning first.

    Columns:
    - athlete_id, athlete: id and name.
    - triage, triage_rank: the triage level's label and its rank (3 emergency, 2 urgent,
      1 assess, 0 none).
    - acwr_ewma, acwr_zone, week_change: as `tracker.status.load_status` gives them on `on`
      (NaN for an athlete with no sessions up to `on`; the zone is "not enough history"
      before 28 days of history).
    - phase, phases: the first suggested phase's name ("" for none) and all of them, comma-joined.
    - last_pain, last_pain_date: the score and date of the latest pain entry up to `on`
      (NaN and None when there is none).
    - days_since_session: whole days from the last session to `on` (0 = trained on `on`),
      a Python int, or NaN with no sessions (the column is of object dtype to keep both).
    - trend: the last 28 daily loads up to `on`, oldest first, as floats (rest days 0).
    - metric: the metric computed with (`tracker.science.load.effective_metric`: sRPE falls back to
      tonnage or hard sets when sessions in the last 56 days lack a session RPE).
    - concern: `concern_score(triage_rank, acwr_zone)`.

    Order: concern descending (triage rank, then zone: high, elevated, low, in range,
    no data / not enough history), then EWMA ACWR descending (missing last), then name.
    Unknown ids raise NotFoundError; repeated ids give one row.
    """
    if metric not in load.METRICS:
        raise ValueError(f"metric must be one of {', '.join(load.METRICS)} (got {metric!r})")
    wanted = list(dict.fromkeys(athlete_ids))
    athletes = {a.id: a for a in db.exec(select(Athlete).where(col(Athlete.id).in_(wanted))).all()} if wanted else {}
    missing = [athlete_id for athlete_id in wanted if athlete_id not in athletes]
    if missing:
        raise NotFoundError(f"athlete: no athlete with id {', '.join(map(str, missing))}")

    stored = derived.status_rows(db, athlete_ids=wanted, on=on, metric=metric)
    rows = [{name: getattr(stored[athlete_id], name) for name in COLUMNS} for athlete_id in wanted]

    frame = pd.DataFrame.from_records(rows, columns=COLUMNS)
    frame = frame.astype({"triage_rank": int, "concern": int, "acwr_ewma": float, "week_change": float, "last_pain": float})
    if len(frame):
        # Rebuilt as objects so whole days stay ints beside NaN (a float column would show 3.0).
        frame["days_since_session"] = pd.Series([row["days_since_session"] for row in rows], dtype=object)
        order = sorted(
            range(len(rows)),
            key=lambda i: (
                -rows[i]["concern"],
                math.isnan(rows[i]["acwr_ewma"]),
                -rows[i]["acwr_ewma"] if not math.isnan(rows[i]["acwr_ewma"]) else 0.0,
                store.name_key(rows[i]["athlete"]),
            ),
        )
        frame = frame.iloc[order].reset_index(drop=True)
    return frame

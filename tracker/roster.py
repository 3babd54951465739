"""The coach's roster: one row per athlete on one date, most concerning first.

Each row carries the athlete's load figures (computed the same way as their own status, by
`tracker.status.load_status` over the stored per-session loads), their triage level and the
phases the advice engine suggests, their last pain report and last session, and a 28-day
trend of daily load for a sparkline.

Kept quick for a squad with years of history: sessions are read as the stored per-session
loads (one row per session, no sets), sets only for the last `SETS_DAYS` days, pain in full
(triage needs whole episodes), and the saved advice thresholds once for everyone.

Access control is the caller's business: `roster` shows whichever athlete ids it is given.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from sqlmodel import Session, col, select

from tracker import store
from tracker.errors import NotFoundError
from tracker.models import Athlete
from tracker.science import load
from tracker.science.advice import AthleteHistory, advise
from tracker.science.settings import AdviceSettings
from tracker.status import CHRONIC_DAYS, METRIC_SPAN_DAYS

#: Days of sets read per athlete, `on` included. Every rule whose outcome depends on sets looks
#: back at most this far: hip strength over 28 days, brace over `lookback_days` (at most 42).
SETS_DAYS = 42
#: Days in the `trend` column, `on` included.
TREND_DAYS = 28

#: Rank of each ACWR zone in the sort (higher = more concerning). "no data" and
#: "not enough history" rank lowest: there is nothing to act on yet.
ZONE_RANK: dict[str, int] = {"high": 4, "elevated": 3, "low": 2, "in range": 1, "no data": 0, "not enough history": 0}

COLUMNS = [
    "athlete_id", "athlete", "triage", "triage_rank", "acwr_ewma", "acwr_zone", "week_change", "phase", "phases",
    "last_pain", "last_pain_date", "days_since_session", "trend", "metric", "concern",
]  # fmt: skip


def concern_score(triage_rank: int, zone: str) -> int:
    """The roster's primary sort key: 10 x triage rank (0 none .. 3 emergency) + ZONE_RANK[zone].

    So any triage level outranks every load zone, and within a triage level the zones order
    high (4), elevated (3), low (2), in range (1), then no data / not enough history (0).
    Ties are broken by EWMA ACWR (highest first, missing last), then by name.
    """
    return 10 * int(triage_rank) + ZONE_RANK.get(zone, 0)


def _row(
    athlete: Athlete,
    sessions: pd.DataFrame,
    sets: pd.DataFrame,
    pain: pd.DataFrame,
    *,
    on: dt.date,
    metric: str,
    settings: AdviceSettings,
) -> dict:
    # The figures are read off the history's own daily series, which the advice rules use too,
    # so each athlete's loads are summed and averaged once; they equal `load_status`'s.
    used, _ = load.effective_metric(sessions, metric, start=on - dt.timedelta(days=METRIC_SPAN_DAYS - 1), end=on)
    history = AthleteHistory(
        sessions=sessions, sets=sets, pain=pain, until=on, birth_year=athlete.birth_year, unit=athlete.unit, metric=used
    )
    advice = advise(history, on=on, settings=settings)
    names = [phase.phase for phase in advice.phases]
    daily = history.daily  # every day from the first session to `on`; empty with no sessions
    if len(daily):
        ratio, change = float(history.acwr.iloc[-1]), float(history.week_change.iloc[-1])
        zone = load.acwr_zone(ratio) if len(daily) >= CHRONIC_DAYS else "not enough history"
        days_since = (on - sessions["date"].max().date()).days
    else:
        ratio = change = days_since = math.nan
        zone = "not enough history"
    days = pd.date_range(on - dt.timedelta(days=TREND_DAYS - 1), on, freq="D", name="date", unit="us")
    trend = daily.reindex(days, fill_value=0.0)  # days before the first session are rest days
    last = pain.iloc[-1] if len(pain) else None
    rank = int(advice.triage.level)
    return {
        "athlete_id": athlete.id,
        "athlete": athlete.name,
        "triage": advice.triage.level.label,
        "triage_rank": rank,
        "acwr_ewma": ratio,
        "acwr_zone": zone,
        "week_change": change,
        "phase": names[0] if names else "",
        "phases": ", ".join(names),
        "last_pain": float(last["pain"]) if last is not None else math.nan,
        "last_pain_date": last["recorded_at"].date() if last is not None else None,
        "days_since_session": days_since,
        "trend": [float(value) for value in trend.to_numpy()],
        "metric": used,
        "concern": concern_score(rank, zone),
    }


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

    settings = store.get_advice_settings(db)
    sets_start = on - dt.timedelta(days=SETS_DAYS - 1)
    rows = []
    for athlete_id in wanted:
        rows.append(
            _row(
                athletes[athlete_id],
                store.sessions_frame(db, athlete_id=athlete_id, end=on),
                store.sets_frame(db, athlete_id=athlete_id, start=sets_start, end=on),
                store.pain_frame(db, athlete_id=athlete_id, end=on),
                on=on,
                metric=metric,
                settings=settings,
            )
        )

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

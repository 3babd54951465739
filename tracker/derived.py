"""Derived data stored for speed: each athlete's current status, refreshed with every write.

Every write to an athlete's data calls `store.mark_changed`, which bumps their data version and
notes them on the database session; just before that transaction commits, `refresh` recomputes
their status for today — load figures, triage, phases, the roster's row, and what the trends
page's first view needs of the rules (`StoredTrends`) — and stores it in the same transaction
(`AthleteStatus`). A settings change marks everyone. So a roster is one query
over stored rows, and one athlete's write costs one athlete's recomputation.

A stored row is used only while it is for the day asked about and its data version and settings
key still match; anything else is recomputed from the data (and stored, when it is for today).
The data version bump also serialises concurrent writers per athlete (its row lock on
PostgreSQL, the write lock on SQLite), so the last commit's status includes every write.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import math
from dataclasses import dataclass

import pandas as pd
from pydantic import BaseModel, ConfigDict
from sqlalchemy import bindparam, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from tracker import store
from tracker.models import Athlete, AthleteStatus, BackScreen
from tracker.models import Clearance as ClearanceRow
from tracker.science.advice import AthleteHistory, Span, advise, phase_history
from tracker.science.settings import AdviceSettings
from tracker.science.triage import Clearance, Profile
from tracker.status import AthleteReport, load_status
from tracker.vocab import ScreenItem

log = logging.getLogger(__name__)

#: Part of every row's key: bump it when the rules or the row's shape change, and every stored
#: row is recomputed on its next read.
RULES_VERSION = "2026-11-30.1"
#: Days in the roster's `trend` column, `on` included.
TREND_DAYS = 28
#: Rank of each ACWR zone in the roster's sort (higher = more concerning).
ZONE_RANK: dict[str, int] = {"high": 4, "elevated": 3, "low": 2, "in range": 1, "no data": 0, "not enough history": 0}
STORED_METRIC = "srpe"
#: The trends page opens on these last days (26 weeks): each stored status carries their phase
#: history, so the page's first view after a write need not run the rules again.
TRENDS_DAYS = 182


def concern_score(triage_rank: int, zone: str) -> int:
    """The roster's primary sort key: 10 x triage rank (0 none .. 3 emergency) + ZONE_RANK[zone],
    so any triage level outranks every load zone."""
    return 10 * int(triage_rank) + ZONE_RANK.get(zone, 0)


def settings_key(settings: AdviceSettings) -> str:
    text = json.dumps({"rules": RULES_VERSION, **settings.to_dict()}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class StatusRow:
    """One athlete's status on one day: the roster's columns and the whole report."""

    athlete_id: int
    athlete: str
    triage: str
    triage_rank: int
    acwr_ewma: float
    acwr_zone: str
    week_change: float
    phase: str
    phases: str
    last_pain: float
    last_pain_date: dt.date | None
    days_since_session: int | float
    trend: list[float]
    metric: str
    concern: int
    report: dict  # AthleteReport.to_dict(): figures, triage with its reasons, phases, notes
    trends: str | None  # StoredTrends as JSON, in the stored metric: read by the trends view alone (the roster does not parse it)

    def to_json(self) -> str:
        values = dataclasses.asdict(self)
        values["last_pain_date"] = self.last_pain_date.isoformat() if self.last_pain_date else None
        return json.dumps(values, allow_nan=True)

    @classmethod
    def from_json(cls, text: str) -> StatusRow:
        values = json.loads(text)
        values["last_pain_date"] = dt.date.fromisoformat(values["last_pain_date"]) if values["last_pain_date"] else None
        return cls(**values)


class StoredTrends(BaseModel):
    """What the trends view takes from a stored status instead of running the rules: the report
    exactly (every float, NaN included, round-trips) and the phase and triage spans of the last
    TRENDS_DAYS days (`advice.phase_history`)."""

    model_config = ConfigDict(ser_json_inf_nan="constants")
    report: AthleteReport
    phases: list[Span]
    triage: list[Span]


# Computing ------------------------------------------------------------------------------------


def _profiles(db: Session, athletes: list[Athlete]) -> dict[int, Profile]:
    ids = [a.id for a in athletes]
    screens = {s.athlete_id: s for s in db.exec(select(BackScreen).where(col(BackScreen.athlete_id).in_(ids))).all()}
    out = {}
    for athlete in athletes:
        screen = screens.get(athlete.id)
        yes = frozenset(item for item in ScreenItem if screen is not None and getattr(screen, item.value))
        out[athlete.id] = Profile(athlete.birth_year, athlete.birth_month, yes, screen is not None)
    return out


def _clearances(db: Session, athlete_ids: list[int], until: dt.date) -> dict[int, tuple[Clearance, ...]]:
    query = select(ClearanceRow).where(
        col(ClearanceRow.athlete_id).in_(athlete_ids), ClearanceRow.cleared_at <= dt.datetime.combine(until, dt.time.max)
    )
    out: dict[int, list[Clearance]] = {athlete_id: [] for athlete_id in athlete_ids}
    for row in db.exec(query.order_by(ClearanceRow.cleared_at, ClearanceRow.id)).all():
        out[row.athlete_id].append(Clearance(row.cleared_at, row.assessed_by, row.note))
    return {athlete_id: tuple(found) for athlete_id, found in out.items()}


def compute(
    db: Session, *, athletes: list[Athlete], on: dt.date, settings: AdviceSettings, metric: str = STORED_METRIC
) -> dict[int, StatusRow]:
    """Every athlete's status on `on`, from a handful of queries for the whole group."""
    ids = [a.id for a in athletes]
    sessions = store.sessions_frames(db, athlete_ids=ids, end=on, columns=store.RULE_COLUMNS)
    pains = store.pain_frames(db, athlete_ids=ids, end=on)
    profiles, clearances = _profiles(db, athletes), _clearances(db, ids, on)
    out = {}
    for athlete in athletes:
        frame = sessions[athlete.id]
        status = load_status(frame, athlete=athlete.name, on=on, metric=metric)

        def load_sets(first: dt.date, last: dt.date, athlete_id: int = athlete.id) -> pd.DataFrame:
            return store.sets_frame(db, athlete_id=athlete_id, start=first, end=min(last, on))

        history = AthleteHistory(
            sessions=frame, pain=pains[athlete.id], until=on, load_sets=load_sets, profile=profiles[athlete.id],
            clearances=clearances[athlete.id], unit=athlete.unit, metric=status.metric,
        )  # fmt: skip
        report = AthleteReport(status, advise(history, on=on, settings=settings))
        out[athlete.id] = _row(athlete, history, report, _trends(history, report, on, settings) if metric == STORED_METRIC else None, on)
    return out


def _trends(history: AthleteHistory, report: AthleteReport, on: dt.date, settings: AdviceSettings) -> str:
    spans = phase_history(history, start=on - dt.timedelta(days=TRENDS_DAYS - 1), end=on, settings=settings)
    return StoredTrends(report=report, phases=spans["phases"], triage=spans["triage"]).model_dump_json()


def _row(athlete: Athlete, history: AthleteHistory, report: AthleteReport, trends: str | None, on: dt.date) -> StatusRow:
    status, advice = report.status, report.advice
    daily = history.daily
    days = pd.date_range(on - dt.timedelta(days=TREND_DAYS - 1), on, freq="D", name="date", unit="us")
    trend = daily.reindex(days, fill_value=0.0)  # days before the first session are rest days
    pain = history.pain
    last = pain.iloc[-1] if len(pain) else None
    names = [phase.phase for phase in advice.phases]
    rank = int(advice.triage.level)
    return StatusRow(
        athlete_id=athlete.id,
        athlete=athlete.name,
        triage=advice.triage.level.label,
        triage_rank=rank,
        acwr_ewma=status.acwr_ewma,
        acwr_zone=status.acwr_zone,
        week_change=status.week_change,
        phase=names[0] if names else "",
        phases=", ".join(names),
        last_pain=float(last["pain"]) if last is not None else math.nan,
        last_pain_date=last["recorded_at"].date() if last is not None else None,
        days_since_session=(on - status.last_session).days if status.last_session else math.nan,
        trend=[float(value) for value in trend.to_numpy()],
        metric=status.metric,
        concern=concern_score(rank, status.acwr_zone),
        report=report.to_dict(),
        trends=trends,
    )


# Storing and reading --------------------------------------------------------------------------


def _upsert(db: Session, values: list[dict]) -> None:
    if not values:
        return
    dialect = db.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(AthleteStatus).values(values)
    columns = {name: statement.excluded[name] for name in ("computed_for", "data_version", "settings_key", "payload", "computed_at")}
    # Never replace a row computed from newer data with one from older (a slow reader racing a writer).
    newer = AthleteStatus.data_version <= statement.excluded.data_version
    db.exec(statement.on_conflict_do_update(index_elements=["athlete_id"], set_=columns, where=newer))


def refresh(db: Session, *, athlete_ids: list[int] | set[int], on: dt.date | None = None) -> None:
    """Recompute and store these athletes' status for `on` (default today), in the open transaction."""
    on = on or dt.date.today()
    athletes = _athletes(db, list(athlete_ids))
    if not athletes:
        return
    settings = store.get_advice_settings(db)
    key = settings_key(settings)
    rows = compute(db, athletes=athletes, on=on, settings=settings)
    versions = _versions(db, [a.id for a in athletes])
    now = dt.datetime.now(dt.UTC)
    _upsert(
        db,
        [
            {"athlete_id": a.id, "computed_for": on, "data_version": versions[a.id], "settings_key": key, "payload": rows[a.id].to_json(), "computed_at": now}
            for a in athletes
        ],
    )


def _athletes(db: Session, athlete_ids: list[int]) -> list[Athlete]:
    return list(db.exec(select(Athlete).where(col(Athlete.id).in_(athlete_ids)).execution_options(populate_existing=True)).all())


def _versions(db: Session, athlete_ids: list[int]) -> dict[int, int]:
    """Data versions as stored now (by query: writes bump them without touching loaded objects)."""
    return dict(db.exec(select(Athlete.id, Athlete.data_version).where(col(Athlete.id).in_(athlete_ids))).all())


#: The stored payloads still valid: for the day, of each athlete's data version now, on the
#: thresholds' key — the one rule for reading a stored row. Built once, its values bound at
#: execution (`tracker.store` on why).
_VALID_PAYLOADS = (
    select(AthleteStatus.athlete_id, AthleteStatus.payload)
    .join(Athlete, col(Athlete.id) == AthleteStatus.athlete_id)
    .where(
        col(AthleteStatus.athlete_id).in_(bindparam("athlete_ids", expanding=True)),
        AthleteStatus.computed_for == bindparam("on"),
        AthleteStatus.data_version == Athlete.data_version,
        AthleteStatus.settings_key == bindparam("key"),
    )
)


def _valid_payloads(db: Session, athlete_ids: list[int], on: dt.date, key: str) -> dict[int, str]:
    return dict(db.exec(_VALID_PAYLOADS, params={"athlete_ids": list(athlete_ids), "on": on, "key": key}).all())


def forget(db: Session, *, athlete_ids: list[int] | set[int]) -> None:
    """Drop stored rows (they are recomputed on their next read)."""
    db.exec(delete(AthleteStatus).where(col(AthleteStatus.athlete_id).in_(list(athlete_ids))))


def status_rows(db: Session, *, athlete_ids: list[int], on: dt.date, metric: str = STORED_METRIC) -> dict[int, StatusRow]:
    """Each athlete's status on `on`: the stored row where it is still valid, else computed now
    (and stored, when it is for today and the stored metric)."""
    athletes = _athletes(db, athlete_ids)
    settings = store.get_advice_settings(db)
    key = settings_key(settings)
    found: dict[int, StatusRow] = {}
    if metric == STORED_METRIC:
        found = {athlete_id: StatusRow.from_json(payload) for athlete_id, payload in _valid_payloads(db, athlete_ids, on, key).items()}
    missing = [a for a in athletes if a.id not in found]
    if missing:
        versions = _versions(db, [a.id for a in missing])  # before computing: a row stores the version its data is at least as new as
        computed = compute(db, athletes=missing, on=on, settings=settings, metric=metric)
        found.update(computed)
        if on == dt.date.today() and metric == STORED_METRIC:
            now = dt.datetime.now(dt.UTC)
            try:
                _upsert(db, [
                    {"athlete_id": a.id, "computed_for": on, "data_version": versions[a.id], "settings_key": key, "payload": computed[a.id].to_json(), "computed_at": now}
                    for a in missing
                ])  # fmt: skip
                db.commit()
            except Exception:  # a concurrent writer got there first: the computed rows are right all the same
                db.rollback()
                log.info("status rows for %d athletes not stored (a concurrent write)", len(missing))
    return found


def stored_trends(db: Session, *, athlete_id: int, on: dt.date, settings: AdviceSettings) -> StoredTrends | None:
    """The athlete's stored report and spans for `on`, while the row is still valid (their data
    version now, these thresholds) and in the stored metric; None otherwise (compute them)."""
    payload = _valid_payloads(db, [athlete_id], on, settings_key(settings)).get(athlete_id)
    if payload is None:
        return None
    row = StatusRow.from_json(payload)
    return StoredTrends.model_validate_json(row.trends) if row.trends is not None and row.metric == STORED_METRIC else None


def refresh_changed(db: Session) -> None:
    """The before-commit hook (registered by tracker.store): refresh every athlete marked changed."""
    changed = db.info.pop(store.CHANGED, None)
    if not changed:
        return
    try:
        refresh(db, athlete_ids=changed)
    except Exception:  # never block a write over derived data: drop the rows so reads recompute
        log.exception("refreshing the stored status of %d athletes failed; it will be recomputed on read", len(changed))
        forget(db, athlete_ids=changed)

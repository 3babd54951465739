"""Everything one athlete's trends page (and later the clinician report) shows, assembled once.

Pure assembly of `tracker` pieces over one database session; the dashboard caches the result
keyed on the athlete's `data_version`, so it is rebuilt only when their data changes. The report
and phase spans of a view of the last 26 weeks come from the athlete's stored status, worked out
with the write that changed the data (`tracker.derived`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from sqlmodel import Session

from tracker import charts, derived, store
from tracker.access import PAIN_SUMMARY_COLUMNS, cut_for_coach
from tracker.models import Athlete
from tracker.science import load
from tracker.science.advice import MAX_PHASE_DAYS, AthleteHistory, Span, phase_history, spans_from
from tracker.science.session_load import lift_rows
from tracker.science.settings import AdviceSettings
from tracker.science.weekly import weekly_summary
from tracker.status import AthleteReport, history_for_span, report_from_history


@dataclass(frozen=True)
class TrendsView:
    report: AthleteReport
    load_figure: go.Figure
    weekly: pd.DataFrame
    lifts: list[str]
    e1rm_figure: go.Figure
    tonnage_figure: go.Figure
    phases: list[Span]
    sessions_in_range: int
    metric: str  # the metric shown (sRPE falls back when imported sessions lack it)
    metric_note: str | None


def trends_view(
    db: Session,
    *,
    athlete_id: int,
    start: dt.date,
    end: dt.date,
    metric: str = "srpe",
    lifts: list[str] | None = None,
    pain_detail: bool,
) -> TrendsView:
    """Figures and tables for `start`..`end`; averages are warmed up on all earlier history.
    Without `pain_detail` (a coach's view: `tracker.access.trends_detail` says which) the
    report's triage keeps its level but not its clinical reasons, and the chart shows pain
    scores and regions only — whatever the dates."""
    athlete = store.get_athlete(db, athlete_id=athlete_id)
    settings = store.get_advice_settings(db)
    # No sets: the sessions with the columns the rules, figures and weekly table read, and the
    # lifts' best e1RM and work stored on each (`store.LIFT_COLUMNS`). Sets were most of a
    # cold view's reading; a reason's wording reads its own days' sets on demand.
    columns = [*store.RULE_COLUMNS, *store.LIFT_COLUMNS]
    history, note = history_for_span(db, athlete=athlete, start=start, end=end, metric=metric, with_sets=False, columns=columns)
    shown = history.metric
    first_span_day = max(start, end - dt.timedelta(days=MAX_PHASE_DAYS))
    report, phases, triage = _advice(db, history, athlete=athlete, start=first_span_day, end=end, settings=settings)
    report = report if pain_detail else cut_for_coach(report)

    daily = history.daily
    chart_pain = history.pain if pain_detail else history.pain[PAIN_SUMMARY_COLUMNS]
    # Dates chosen inside the history: just them are drawn (averages stay warmed up on all of it).
    load_figure = charts.load_chart(daily, metric=shown, pain=chart_pain, phases=phases, triage=triage, start=start)

    singles, work = lift_rows(history.sessions, start=start)
    chosen = lifts if lifts is not None else charts.main_lifts(work)
    e1rm_figure, tonnage_figure = lift_figures(singles, work=work, start=start, end=end, lifts=chosen, unit=athlete.unit)
    # Whole weeks: from the Monday of the first week shown, so its total is complete (the
    # summary leaves out pain outside its weeks itself).
    monday = start - dt.timedelta(days=start.weekday())
    weekly = weekly_summary(history.sessions_between(monday, end), history.pain, metric=shown, end=end)
    return TrendsView(
        report=report,
        load_figure=load_figure,
        weekly=weekly,
        lifts=chosen,
        e1rm_figure=e1rm_figure,
        tonnage_figure=tonnage_figure,
        phases=phases,
        sessions_in_range=len(history.sessions_between(start, end)),
        metric=shown,
        metric_note=note,
    )


def _advice(
    db: Session, history: AthleteHistory, *, athlete: Athlete, start: dt.date, end: dt.date, settings: AdviceSettings
) -> tuple[AthleteReport, list[Span], list[Span]]:
    """The report on `end`, and the phase and triage spans from `start`: from the athlete's
    stored status where it holds them (worked out by the same rules with the write that made
    the data what it is: `tracker.derived`), else by the rules over `history` now."""
    if history.metric == derived.STORED_METRIC and start >= end - dt.timedelta(days=derived.TRENDS_DAYS - 1):
        stored = derived.stored_trends(db, athlete_id=athlete.id, on=end, settings=settings)
        if stored is not None:
            return stored.report, spans_from(stored.phases, start), spans_from(stored.triage, start)
    spans = phase_history(history, start=start, end=end, settings=settings)
    return report_from_history(history, athlete=athlete.name, on=end, settings=settings), spans["phases"], spans["triage"]


def lift_data(db: Session, *, athlete_id: int, start: dt.date, end: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What `lift_figures` reads for `start`..`end`, from the sessions' stored lift columns
    (`session_load.lift_rows`: e1RM rows with each lift's best before `start`, and work rows)."""
    sessions = store.sessions_frame(db, athlete_id=athlete_id, end=end, columns=["date", *store.LIFT_COLUMNS])
    return lift_rows(sessions, start=start)


def lift_figures(
    sets: pd.DataFrame, *, work: pd.DataFrame | None = None, start: dt.date, end: dt.date, lifts: list[str], unit: str
) -> tuple[go.Figure, go.Figure]:
    """e1RM and weekly tonnage of `lifts` over `start`..`end`: the e1RM from `sets` (every set
    up to `end`, or `lift_data`'s e1RM rows), the tonnage from `work` (`lift_data`'s work
    rows; without them, from `sets`). Its own function so a page can redraw the lifts without
    rebuilding the rest of the view."""
    best = load.best_e1rm(sets)
    work = sets if work is None else work
    return (
        charts.e1rm_chart(_dated(best, start, end), lifts=lifts, unit=unit),
        charts.tonnage_chart(_dated(work, start, end), lifts=lifts, unit=unit),
    )


def _dated(frame: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The rows of `frame` dated `start`..`end` (its `date` column, any time of day), compared
    in numpy: pandas' own comparisons cost more than the lift charts' arithmetic."""
    days = load.datetimes(frame["date"]).to_numpy("datetime64[us]")
    first, after = np.datetime64(start, "us"), np.datetime64(end + dt.timedelta(days=1), "us")
    return frame[(days >= first) & (days < after)]

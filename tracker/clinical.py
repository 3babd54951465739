"""The physio's view of one athlete, assembled in one call: the timeline (newest first), where it
hurt over the dates (the body-chart heat map), and the load under the timeline.

Every read goes through `tracker.access` with the viewer (or, before any account exists, is the
one local user's own), like `tracker.timeline`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from sqlmodel import Session

from tracker import access, bodymap, charts, store
from tracker.access import Scope, Viewer
from tracker.status import history_for_span
from tracker.timeline import Event, EventSource, events_frame, timeline


@dataclass(frozen=True)
class ClinicalView:
    events: list[Event]  # newest first
    heat: pd.DataFrame  # tracker.bodymap.area_heat of the pain reports in the dates
    pain_reports: int
    figure: go.Figure  # the events over the daily load (tracker.charts.timeline_chart)
    metric: str  # the load metric shown (sRPE falls back where imported sessions lack it)
    metric_note: str | None


def clinical_view(
    db: Session,
    *,
    viewer: Viewer | None,
    athlete_id: int,
    start: dt.date,
    end: dt.date,
    metric: str = "srpe",
    sources: list[EventSource] | None = None,
) -> ClinicalView:
    """Timeline, heat map and load for `start`..`end`; the averages are warmed up on all earlier history."""
    events = timeline(db, viewer=viewer, athlete_id=athlete_id, start=start, end=end, sources=sources)
    if viewer is None:
        access.require_single_user(db)
        pain = store.pain_frame(db, athlete_id=athlete_id, start=start, end=end)
    else:
        pain = access.pain(db, viewer=viewer, athlete_id=athlete_id, start=start, end=end)
        access.require(db, viewer, athlete_id, Scope.TRAINING, "load")
    history, note = history_for_span(db, athlete=store.get_athlete(db, athlete_id=athlete_id), start=start, end=end, metric=metric)
    figure = charts.timeline_chart(events_frame(events), history.daily, metric=history.metric, start=start, end=end)
    return ClinicalView(events, bodymap.area_heat(pain), len(pain), figure, history.metric, note)

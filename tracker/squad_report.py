"""The coach's one-page weekly squad summary: who is in which load zone, who is flagged (the
level only, no clinical detail), availability, and each athlete's load this week against last.

Rendered from `tracker/templates/squad_report.html.j2` (Jinja2, autoescaped) into one
self-contained HTML file with a print stylesheet for one A4 page (landscape). Access is the
caller's business: pass only athletes the viewer may see (`tracker.access.visible_athletes`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlmodel import Session

from tracker import availability, store
from tracker.roster import roster
from tracker.science import load

TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape(["html", "j2"]))


def _week_loads(db: Session, athlete_id: int, metric: str, week_ending: dt.date) -> tuple[float, float]:
    start = week_ending - dt.timedelta(days=13)
    daily = load.daily_load(store.sessions_frame(db, athlete_id=athlete_id, start=start, end=week_ending), metric, start=start, end=week_ending)
    return float(daily.iloc[7:].sum()), float(daily.iloc[:7].sum())


def squad_summary(db: Session, *, athlete_ids: list[int], week_ending: dt.date, metric: str = "srpe") -> pd.DataFrame:
    """One row per athlete, most concerning first: the roster's columns with availability and
    this_week / last_week (the metric's total over the 7 days to `week_ending` and the 7 before)
    and load_change (their ratio minus 1; NaN when last week was 0)."""
    frame = availability.with_availability(db, roster(db, athlete_ids=athlete_ids, on=week_ending, metric=metric), on=week_ending)
    weeks = [_week_loads(db, int(a), m, week_ending) for a, m in zip(frame["athlete_id"], frame["metric"], strict=True)]
    frame["this_week"] = [this for this, _ in weeks]
    frame["last_week"] = [last for _, last in weeks]
    frame["load_change"] = [this / last - 1 if last else float("nan") for this, last in weeks]
    return frame


def _figure(value: float, pattern: str) -> str:
    return "—" if value != value else pattern.format(value)


def squad_report(db: Session, *, athlete_ids: list[int], week_ending: dt.date, title: str = "Squad weekly summary", metric: str = "srpe") -> str:
    """The summary as one self-contained HTML page."""
    frame = squad_summary(db, athlete_ids=athlete_ids, week_ending=week_ending, metric=metric)
    rows = [
        {
            "athlete": row.athlete,
            "availability": row.availability or "not-set",
            "availability_text": availability.describe(row.availability, row.availability_note),
            "triage": row.triage,
            "acwr": _figure(row.acwr_ewma, "{:.2f}"),
            "zone": row.acwr_zone,
            "this_week": _figure(row.this_week, "{:,.0f}"),
            "last_week": _figure(row.last_week, "{:,.0f}"),
            "change": _figure(row.load_change, "{:+.0%}"),
            "phases": row.phases.replace("_", " "),
        }
        for row in frame.itertuples()
    ]
    used = sorted(set(frame["metric"])) or [metric]
    return TEMPLATES.get_template("squad_report.html.j2").render(
        title=title,
        week_ending=week_ending,
        week_start=week_ending - dt.timedelta(days=6),
        rows=rows,
        metric_label=", ".join(load.METRIC_LABELS[m] for m in used),
        zone_counts=dict(Counter(frame["acwr_zone"])),
        flagged=int((frame["triage_rank"] > 0).sum()),
        availability_counts=dict(Counter(availability.describe(s, None) for s in frame["availability"])),
        made_at=dt.datetime.now().strftime("%d %b %Y %H:%M"),
    )

"""The clinician report: one athlete's load, pain, red flags, phases and notes over a date range.

`clinician_report` gives ONE self-contained HTML document (plotly.js inlined once, no external
URLs, system fonts) for a physiotherapist to read before an appointment or print on A4, rendered
from the Jinja2 templates in `tracker/templates/`; `report_csv_zip` gives the data behind it as
CSVs. The figures come from `tracker.status` (the picture on the last day, the history),
`tracker.summaries` (trends, ranges, weeks) and `tracker.charts`; this module only gathers them
and fills the template. A range longer than `LONG_RANGE_DAYS` lists calendar weeks and the last
`RECENT_DAYS` of sessions instead of every session.

Clinical notes are never queried by `clinician_report`: the caller passes those the viewer may
see. `clinician_report_for` and `report_data_for` are the dashboard's way in: they check the
viewer through `tracker.access` first.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile

import pandas as pd
import plotly.graph_objects as go
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from sqlmodel import Session

from tracker import access, bodymap, charts, store, summaries
from tracker.access import Scope, Viewer
from tracker.checkin import checkins_frame
from tracker.csvio import frame_csv
from tracker.models import ClinicalNote
from tracker.science import load
from tracker.science.advice import ACWR_MEANING, DISCLAIMER, MAX_PHASE_DAYS, PHASE_TITLES, Span, phase_history
from tracker.science.triage import HEADLINES, Level
from tracker.science.units import from_kg
from tracker.status import athlete_report, history_for_span
from tracker.timeline import local_time
from tracker.vocab import FEATURE_LABELS, RED_FLAG_LABELS, Feature, RedFlag

#: The report's sections, in order (each an <h2>).
SECTIONS = ("Summary", "Pain timeline", "Load and ACWR", "Red-flag history", "Phase history", "Notes", "Sessions")
#: Figure widths in CSS pixels: A4 (210 mm) less 2 x 15 mm margins is 180 mm = 680 px at 96 dpi.
CHART_WIDTH = 660
PAIN_CHART_WIDTH, BODY_CHART_WIDTH = 420, 232
#: Above this many days the sessions section lists weeks, then the sessions of the last RECENT_DAYS.
LONG_RANGE_DAYS = 56
RECENT_DAYS = 14
TRIAGE_TITLES = {
    "assess": "Triage: assess — book an assessment",
    "urgent": "Triage: urgent — see a clinician within 24 hours",
    "emergency": "Triage: emergency — emergency department",
}


# Formatting (the template's filters) ---------------------------------------------------------------


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _number(value, digits: int = 0) -> str:
    """A figure for a table: blank when missing, thousands separated."""
    return "" if _missing(value) else f"{float(value):,.{digits}f}"


def _day(value) -> str:
    return pd.Timestamp(value).strftime("%a %d %b %Y")


def _when(value) -> str:
    return pd.Timestamp(value).strftime("%d %b %Y %H:%M") if not _missing(value) else "undated"


def _span_row(span: Span) -> list[str]:
    title = PHASE_TITLES.get(span.name) or TRIAGE_TITLES.get(span.name) or span.name
    return [title, _day(span.start), _day(span.end), str((span.end - span.start).days + 1)]


TEMPLATES = Environment(
    loader=PackageLoader("tracker", "templates"),
    autoescape=select_autoescape(["html", "j2"], default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
TEMPLATES.filters.update(
    day=_day,
    when=_when,
    number=_number,
    percent=lambda fraction: f"{abs(fraction):.0%}",
    signed_percent=lambda fraction: f"{fraction:+.0%}",
    span_row=_span_row,
)


class _Figures:
    """Figures as HTML: plotly.js inlined with the first one only, each at a fixed width for the page."""

    def __init__(self) -> None:
        self.count = 0

    def html(self, fig: go.Figure, label: str, *, width: int = CHART_WIDTH, height: int | None = None) -> Markup:
        fig = go.Figure(fig)  # a copy: the caller's figure is left as it was
        fig.update_layout(width=width, autosize=False, **({"height": height} if height else {}))
        div = fig.to_html(
            full_html=False,
            include_plotlyjs="inline" if self.count == 0 else False,
            config={"displayModeBar": False, "responsive": False, "displaylogo": False, "staticPlot": False},
            default_width=f"{width}px",
            div_id=f"chart-{self.count}",
        )
        self.count += 1
        return Markup('<figure aria-label="{}" style="width: {}px">{}</figure>').format(label, width, Markup(div))


# Rows of the tables -------------------------------------------------------------------------------


def _ticked(row: dict, names, labels: dict) -> list[str]:
    return [labels[name] for name in names if bool(row.get(name.value, False))]


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _where(row: dict) -> str:
    return bodymap.describe(row["region"], row.get("side"), row.get("body_areas"))


def _pain_rows(pain: pd.DataFrame) -> list[list]:
    rows = []
    for row in reversed(pain.to_dict("records")):
        features = ", ".join(_ticked(row, Feature, FEATURE_LABELS))
        if flags := _ticked(row, RedFlag, RED_FLAG_LABELS):
            features = Markup("{}{}<span class=\"flag\">red flag: {}</span>").format(features, ", " if features else "", ", ".join(flags))
        felt = ", ".join(text for text in (_text(row["quality"]), _text(row["timing"])) if text)
        rows.append([_when(row["recorded_at"]), f"{int(row['pain'])}/10", _where(row), felt, features, _text(row["notes"])])
    return rows


def _red_flag_rows(pain: pd.DataFrame) -> list[list]:
    return [
        [_when(row["recorded_at"]), f"{int(row['pain'])}/10", _where(row), Markup('<span class="flag">{}</span>').format("; ".join(flags)), _text(row["notes"])]
        for row in reversed(pain.to_dict("records"))
        if (flags := _ticked(row, RedFlag, RED_FLAG_LABELS))
    ]


def _session_rows(sessions: pd.DataFrame, unit: str) -> list[list]:
    rows = []
    for row in reversed(sessions.to_dict("records")):
        minutes = _number(row["duration_min"])
        rpe = row["rpe"]
        rows.append(
            [
                _day(row["date"]),
                _text(row["name"]),
                f"{minutes} min" if minutes else "",
                _number(rpe, 0 if _missing(rpe) or float(rpe).is_integer() else 1),
                _number(row["srpe_load"]),
                _number(math.nan if _missing(row["tonnage"]) else from_kg(row["tonnage"], unit)),
                _number(math.nan if _missing(row["spinal_tonnage"]) else from_kg(row["spinal_tonnage"], unit)),
                _number(row["hard_sets"]),
            ]
        )
    return rows


def _week_rows(weeks: pd.DataFrame) -> list[list]:
    return [
        [
            _day(week),
            _number(row["sessions"]),
            _number(row["load"]),
            "" if _missing(row["week_change"]) else f"{row['week_change']:+.0%}",
            _number(row["monotony"], 2),
            _number(row["strain"]),
            _number(row["hard_sets"]),
            _number(row["pain_max"]),
        ]
        for week, row in weeks.iloc[::-1].iterrows()
    ]


# The report ---------------------------------------------------------------------------------------


def clinician_report(
    db: Session,
    *,
    athlete_id: int,
    start: dt.date,
    end: dt.date,
    notes: list[ClinicalNote] | None = None,
    generated_at: dt.datetime | None = None,
) -> str:
    """The report for `start`..`end` (inclusive) as one self-contained HTML document."""
    if start > end:
        raise ValueError(f"start must not be after end (got {start.isoformat()} > {end.isoformat()})")
    athlete = store.get_athlete(db, athlete_id=athlete_id)
    settings = store.get_advice_settings(db)
    history, metric_note = history_for_span(db, athlete=athlete, start=start, end=end)
    metric, daily = history.metric, history.daily
    current = athlete_report(db, athlete=athlete, on=end, metric=metric, settings=settings)
    spans = phase_history(history, start=max(start, end - dt.timedelta(days=MAX_PHASE_DAYS)), end=end, settings=settings)
    sessions = history.sessions_between(start, end)
    pain = summaries.pain_between(history, start, end)
    checkins = checkins_frame(db, athlete_id=athlete_id, start=start, end=end)
    level = current.advice.triage.level
    long_range = (end - start).days + 1 > LONG_RANGE_DAYS
    band = f"{load.ACWR_LOW:g}–{load.ACWR_HIGH:g}"
    figures = _Figures()

    # Reports carry a time of day: the axis runs to the end of `end`, so a late marker is not cut.
    pain_figure = charts.pain_chart(pain)
    if not pain.empty:
        pain_figure.update_xaxes(range=[pd.Timestamp(start) - charts.HALF_DAY, pd.Timestamp(end) + pd.Timedelta(days=1)])
    # The ratio's long axis title overlaps the one above it at print size.
    load_figure = charts.load_chart(daily, metric=metric, pain=history.pain, phases=spans["phases"], triage=spans["triage"], acwr_title="ACWR", start=start)

    context = {
        "athlete": athlete,
        "start": start,
        "end": end,
        "generated": (generated_at or dt.datetime.now().astimezone()).strftime("%d %b %Y %H:%M %Z").strip(),
        "disclaimer": DISCLAIMER,
        "summary": {
            "sessions": len(sessions),
            "trend": summaries.load_trend(daily, start, end),
            "ratio": summaries.acwr_range(daily, start, end),
            "course": summaries.pain_course(pain),
            "metric_label": load.METRIC_LABELS[metric],
            "metric_note": metric_note,
            "band": band,
            "chronic_days": charts.CHRONIC_DAYS,
            "triage_above_none": level > Level.NONE,
            "triage_level": level.label,
            "triage_headline": HEADLINES[level],
            "triage_reasons": current.advice.triage.reasons,
            "cleared": current.advice.triage.cleared,
            "phases": [charts.phase_label(p.phase) for p in current.advice.phases],
        },
        "pain": {
            "chart": figures.html(pain_figure, "Pain timeline chart", width=PAIN_CHART_WIDTH, height=240),
            "body_chart": figures.html(charts.body_chart(bodymap.area_heat(pain)), "Where it hurt: reports per body area", width=BODY_CHART_WIDTH, height=240),
            "rows": _pain_rows(pain),
            "checkins": figures.html(charts.severity_chart(checkins), "Weekly check-in severity chart", height=240) if not checkins.empty else None,
        },
        "load": {
            "chart": figures.html(load_figure, "Load and ACWR chart", height=400),
            "metric_label": load.METRIC_LABELS[metric],
            "band": band,
            "meaning": ACWR_MEANING,
        },
        "red_flags": _red_flag_rows(pain),
        "clearances": [[_when(c.cleared_at), c.assessed_by, _text(c.note)] for c in reversed(store.list_clearances(db, athlete_id=athlete_id, end=end))],
        "phases": {"phases": spans["phases"], "triage": spans["triage"], "cut": start < end - dt.timedelta(days=MAX_PHASE_DAYS), "max_days": MAX_PHASE_DAYS},
        "notes": [
            {"written_at": local_time(note.written_at) if note.written_at else None, "body": note.body or "", "coach_summary": note.coach_summary}
            for note in sorted(notes or [], key=lambda n: n.written_at or dt.datetime.min, reverse=True)
        ],
        "sessions": {
            "weeks": _week_rows(summaries.weeks_between(history, start, end)) if long_range else None,
            "rows": _session_rows(history.sessions_between(max(start, end - dt.timedelta(days=RECENT_DAYS - 1)), end) if long_range else sessions, athlete.unit),
            "recent_days": RECENT_DAYS,
            "metric_label": load.METRIC_LABELS[metric],
        },
    }
    return TEMPLATES.get_template("report.html.j2").render(context)


# The data -----------------------------------------------------------------------------------------


def report_csv_zip(db: Session, *, athlete_id: int, start: dt.date, end: dt.date) -> bytes:
    """sessions.csv, pain.csv and weekly.csv for `start`..`end` in one zip (weeks from the Monday of `start`)."""
    athlete = store.get_athlete(db, athlete_id=athlete_id)
    history, _ = history_for_span(db, athlete=athlete, start=start, end=end)
    weekly = summaries.weeks_between(history, start, end).reset_index().rename(columns={"index": "week"})
    weekly.insert(1, "metric", history.metric)
    files = {
        "sessions.csv": history.sessions_between(start, end),
        "pain.csv": summaries.pain_between(history, start, end).drop(columns=["date"]),
        "weekly.csv": weekly,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in files.items():
            archive.writestr(name, frame_csv(frame))
    return buffer.getvalue()


# For a viewer -------------------------------------------------------------------------------------


def clinician_report_for(db: Session, *, viewer: Viewer | None, athlete_id: int, start: dt.date, end: dt.date) -> str:
    """The report for the athlete or a physio they share with (checked, and logged as a report),
    with the clinical notes that viewer may read; `viewer` None is the single-user mode."""
    if viewer is None:
        access.require_single_user(db)
        return clinician_report(db, athlete_id=athlete_id, start=start, end=end)
    access.require(db, viewer, athlete_id, Scope.PAIN_DETAIL, "clinician report", action="report")
    notes = access.clinical_notes(db, viewer=viewer, athlete_id=athlete_id)
    return clinician_report(db, athlete_id=athlete_id, start=start, end=end, notes=notes)


def report_data_for(db: Session, *, viewer: Viewer | None, athlete_id: int, start: dt.date, end: dt.date) -> bytes:
    """The report's data (report_csv_zip) for the same viewers, checked and logged as an export."""
    if viewer is None:
        access.require_single_user(db)
    else:
        access.require(db, viewer, athlete_id, Scope.PAIN_DETAIL, "clinician report data", action="export")
    return report_csv_zip(db, athlete_id=athlete_id, start=start, end=end)

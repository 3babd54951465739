"""The clinician report: one athlete's load, pain, red flags, phases and notes over a date range.

`clinician_report` gives ONE self-contained HTML document (plotly.js inlined once, no external
URLs, system fonts) for a physiotherapist to read before an appointment or print on A4;
`report_csv_zip` gives the data behind it as CSVs. Pure assembly of `tracker` pieces, like
`tracker.views.trends_view`: the averages are warmed up on all history before `start`.

Clinical notes are never queried here: the caller passes those the viewer may see.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import zipfile
from html import escape

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from sqlmodel import Session

from tracker import charts, store
from tracker.science import load
from tracker.science.advice import DISCLAIMER, PHASE_TITLES, Span, phase_history
from tracker.checkin import checkins_frame
from tracker.charts import severity_chart
from tracker.models import ClinicalNote
from tracker.vocab import FEATURE_LABELS, RED_FLAG_LABELS, Feature, RedFlag
from tracker.status import athlete_report, history_for_span
from tracker.science.triage import HEADLINES, Level
from tracker.science.units import from_kg
from tracker.science.weekly import weekly_summary

#: The report's sections, in order (each an <h2>).
SECTIONS = (
    "Summary",
    "Pain timeline",
    "Load and ACWR",
    "Red-flag history",
    "Phase history",
    "Notes",
    "Sessions",
)
#: Chart width in CSS pixels: A4 (210 mm) less 2 x 15 mm margins is 180 mm = 680 px at 96 dpi.
CHART_WIDTH = 660
TREND_DAYS = 28
LONG = ' class="long"'
#: Phase history replays the advice day by day; like the trends page, at most two years of it.
MAX_PHASE_DAYS = 730
TRIAGE_TITLES = {
    "assess": "Triage: assess — book an assessment",
    "urgent": "Triage: urgent — see a clinician within 24 hours",
    "emergency": "Triage: emergency — emergency department",
}

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
/* No ligatures: text copied or searched in the PDF reads "flag", not "ﬂag". */
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #3d4852;
       font-size: 14px; line-height: 1.45; font-variant-ligatures: no-common-ligatures; margin: 0 auto; padding: 16px; max-width: 720px; background: white; }
header h1 { font-size: 22px; margin: 0 0 4px; }
header p { margin: 2px 0; }
.meta { color: #6b7780; font-size: 12px; }
.disclaimer { font-size: 12px; color: #6b7780; border-left: 3px solid #e9a23b; padding: 4px 8px; margin: 10px 0; background: #fdf6ea; }
h2 { font-size: 17px; margin: 22px 0 8px; padding-bottom: 3px; border-bottom: 1px solid #e6eaee; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 14px; margin: 12px 0 4px; break-after: avoid; }
section, figure, tr, .note { break-inside: avoid; page-break-inside: avoid; }
/* Sections built round a long table may break between rows (each row stays whole), or each
   would start on a fresh page and leave most of the one before it blank. */
section.long { break-inside: auto; page-break-inside: auto; }
figure { margin: 8px 0; width: 660px; }
figure .js-plotly-plot, figure .plotly-graph-div { width: 660px !important; }
table { border-collapse: collapse; width: 100%; font-size: 11.5px; margin: 6px 0; }
thead { display: table-header-group; }
th, td { text-align: left; padding: 3px 5px; border-bottom: 1px solid #e6eaee; vertical-align: top; }
th { background: #f3f5f7; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.flag { color: #9b2226; font-weight: 600; }
.level-assess, .level-urgent, .level-emergency { color: #9b2226; font-weight: 600; }
.empty { color: #6b7780; font-style: italic; }
.note { border: 1px solid #e6eaee; border-radius: 4px; padding: 6px 10px; margin: 6px 0; }
.note .body { white-space: pre-wrap; margin: 4px 0 0; }
@page { size: A4; margin: 15mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 12px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav, aside, button, .modebar, .modebar-container { display: none !important; }
}
"""


# Formatting ---------------------------------------------------------------------------------------


def _number(value, digits: int = 0) -> str:
    """A figure for a table: blank when missing, thousands separated."""
    if (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or value is pd.NA
    ):
        return ""
    return f"{float(value):,.{digits}f}"


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _day(value) -> str:
    return pd.Timestamp(value).strftime("%a %d %b %Y")


def _table(
    headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset()
) -> str:
    """A table from already-escaped cells; `numeric` columns are right-aligned."""
    head = "".join(
        f'<th{" class=num" if i in numeric else ""} scope="col">{h}</th>'
        for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if i in numeric else ''}>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _empty(text: str) -> str:
    return f'<p class="empty">{escape(text)}</p>'


class _Figures:
    """Figures as HTML: plotly.js inlined with the first one only, fixed width for the page."""

    def __init__(self) -> None:
        self.count = 0

    def html(self, fig: go.Figure, label: str) -> str:
        fig = go.Figure(fig)  # a copy: the caller's figure is left as it was
        fig.update_layout(width=CHART_WIDTH, autosize=False)
        div = fig.to_html(
            full_html=False,
            include_plotlyjs="inline" if self.count == 0 else False,
            config={"displayModeBar": False, "responsive": False, "displaylogo": False},
            default_width=f"{CHART_WIDTH}px",
            div_id=f"chart-{self.count}",
        )
        self.count += 1
        return f'<figure aria-label="{escape(label)}">{div}</figure>'


# The pieces ---------------------------------------------------------------------------------------


def _features(row: dict) -> str:
    return ", ".join(
        FEATURE_LABELS[f] for f in Feature if bool(row.get(f.value, False))
    )


def _flags(row: dict) -> list[str]:
    return [RED_FLAG_LABELS[f] for f in RedFlag if bool(row.get(f.value, False))]


def _load_trend(
    daily: pd.Series, start: dt.date, end: dt.date, metric: str
) -> str | None:
    """Average weekly load over the first vs the last four weeks of the range (shorter halves
    for a range under eight weeks); None for a range under two weeks."""
    shown = daily[
        (daily.index >= pd.Timestamp(start)) & (daily.index <= pd.Timestamp(end))
    ]
    days = (end - start).days + 1
    window = min(TREND_DAYS, days // 2)
    if window < 7 or shown.empty:
        return None
    first_days = pd.date_range(pd.Timestamp(start), periods=window, freq="D")
    last_days = pd.date_range(end=pd.Timestamp(end), periods=window, freq="D")
    first = float(shown.reindex(first_days, fill_value=0.0).sum()) * 7 / window
    last = float(shown.reindex(last_days, fill_value=0.0).sum()) * 7 / window
    weeks = f"{window // 7} weeks" if window % 7 == 0 else f"{window} days"
    unit = load.METRIC_LABELS[metric]
    if first > 0:
        change = (last - first) / first
        direction = (
            "up" if change > 0.05 else "down" if change < -0.05 else "about level"
        )
        how = (
            f"{direction} {abs(change):.0%}"
            if direction != "about level"
            else f"about level ({change:+.0%})"
        )
    else:
        how = "up from nothing" if last > 0 else "nil throughout"
    return f"Load (weekly average, {unit}) was {first:,.0f} in the first {weeks} and {last:,.0f} in the last {weeks}: {how}."


def _acwr_range(daily: pd.Series, start: dt.date, end: dt.date) -> str:
    ratio = load.acwr_ewma(daily)
    enough = np.arange(len(ratio)) + 1 >= charts.CHRONIC_DAYS
    ratio = ratio[enough]
    ratio = ratio[
        (ratio.index >= pd.Timestamp(start)) & (ratio.index <= pd.Timestamp(end))
    ].dropna()
    if ratio.empty:
        return f"The EWMA acute:chronic workload ratio needs {charts.CHRONIC_DAYS} days of history, which this range does not have."
    low, high = ratio.idxmin(), ratio.idxmax()
    return (
        f"The EWMA acute:chronic workload ratio ranged from {ratio.min():.2f} ({_day(low)}) to {ratio.max():.2f} ({_day(high)}), "
        f"against a target band of {load.ACWR_LOW:g}–{load.ACWR_HIGH:g}; on {_day(end)} it was {ratio.iloc[-1]:.2f}."
    )


def _pain_trajectory(pain: pd.DataFrame) -> str:
    if pain.empty:
        return "No pain was reported in this range."
    ordered = pain.sort_values("recorded_at", kind="stable")
    first, latest = ordered.iloc[0], ordered.iloc[-1]
    peak = ordered.loc[ordered["pain"].astype(int).idxmax()]
    count = len(ordered)
    return (
        f"{count} pain report{'s' if count != 1 else ''}: first {int(first['pain'])}/10 on {_day(first['recorded_at'])}, "
        f"peak {int(peak['pain'])}/10 on {_day(peak['recorded_at'])}, latest {int(latest['pain'])}/10 on {_day(latest['recorded_at'])}."
    )


def _span_rows(spans: list[Span], titles: dict[str, str]) -> list[list[str]]:
    rows = []
    for span in spans:
        days = (span.end - span.start).days + 1
        rows.append(
            [
                escape(titles.get(span.name, span.name)),
                escape(_day(span.start)),
                escape(_day(span.end)),
                str(days),
            ]
        )
    return rows


def _sessions_table(sessions: pd.DataFrame, unit: str) -> str:
    if sessions.empty:
        return _empty("No sessions were logged in this range.")
    rows = []
    for row in sessions.to_dict("records"):
        rows.append(
            [
                escape(_day(row["date"])),
                escape(_text(row["name"])),
                _number(row["duration_min"])
                + (" min" if _number(row["duration_min"]) else ""),
                _number(
                    row["rpe"],
                    0 if pd.isna(row["rpe"]) or float(row["rpe"]).is_integer() else 1,
                ),
                _number(row["srpe_load"]),
                _number(
                    math.nan
                    if pd.isna(row["tonnage"])
                    else from_kg(row["tonnage"], unit)
                ),
                _number(
                    math.nan
                    if pd.isna(row["spinal_tonnage"])
                    else from_kg(row["spinal_tonnage"], unit)
                ),
                _number(row["hard_sets"]),
            ]
        )
    headers = [
        "Date",
        "Session",
        "Duration",
        "RPE",
        "sRPE load (AU)",
        f"Tonnage ({unit})",
        f"Spinal tonnage ({unit})",
        "Hard sets",
    ]
    return _table(headers, rows, numeric={2, 3, 4, 5, 6, 7})


def _pain_table(pain: pd.DataFrame) -> str:
    rows = []
    for row in pain.to_dict("records"):
        flags = _flags(row)
        features = escape(_features(row))
        if flags:
            features += (
                ", " if features else ""
            ) + f'<span class="flag">red flag: {escape(", ".join(flags))}</span>'
        rows.append(
            [
                escape(pd.Timestamp(row["recorded_at"]).strftime("%a %d %b %Y %H:%M")),
                f"{int(row['pain'])}/10",
                escape(_text(row["region"])),
                escape(_text(row["quality"])),
                escape(_text(row["timing"])),
                features,
                escape(_text(row["notes"])),
            ]
        )
    return _table(
        ["Date", "Score", "Region", "Quality", "Timing", "Features", "Athlete's words"],
        rows,
        numeric={1},
    )


def _red_flags(pain: pd.DataFrame) -> str:
    rows = []
    for row in pain.to_dict("records"):
        if flags := _flags(row):
            rows.append(
                [
                    escape(
                        pd.Timestamp(row["recorded_at"]).strftime("%a %d %b %Y %H:%M")
                    ),
                    f"{int(row['pain'])}/10",
                    escape(_text(row["region"])),
                    f'<span class="flag">{escape("; ".join(flags))}</span>',
                    escape(_text(row["notes"])),
                ]
            )
    if not rows:
        return "<p>None reported.</p>"
    return _table(
        ["Date", "Score", "Region", "Red flags", "Athlete's words"], rows, numeric={1}
    )


def _notes(notes: list[ClinicalNote] | None) -> str:
    if not notes:
        return _empty("No clinical notes are included with this report.")
    parts = []
    for note in sorted(notes, key=lambda n: n.written_at or dt.datetime.min):
        when = (
            note.written_at.strftime("%a %d %b %Y %H:%M")
            if note.written_at
            else "undated"
        )
        summary = (
            f'<p class="meta">Coach summary: {escape(note.coach_summary)}</p>'
            if note.coach_summary
            else ""
        )
        parts.append(
            f'<div class="note"><p class="meta">{escape(when)}</p><p class="body">{escape(note.body or "")}</p>{summary}</div>'
        )
    return "".join(parts)


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
        raise ValueError(
            f"start must not be after end (got {start.isoformat()} > {end.isoformat()})"
        )
    athlete = store.get_athlete(db, athlete_id=athlete_id)
    settings = store.get_advice_settings(db)
    history, metric_note = history_for_span(db, athlete=athlete, start=start, end=end)
    metric = history.metric
    current = athlete_report(
        db, athlete=athlete, on=end, metric=metric, settings=settings
    )
    spans = phase_history(
        history,
        start=max(start, end - dt.timedelta(days=MAX_PHASE_DAYS)),
        end=end,
        settings=settings,
    )

    sessions = history.sessions_between(start, end)
    pain = history.pain[
        (history.pain["date"] >= pd.Timestamp(start))
        & (history.pain["date"] <= pd.Timestamp(end))
    ]
    daily = history.daily
    figures = _Figures()

    # Summary
    level = current.advice.triage.level
    phases_now = [
        PHASE_TITLES.get(p.phase, p.phase).split(" — ")[0]
        for p in current.advice.phases
    ]
    count = len(sessions)
    summary = [
        f"{count} session{'s' if count != 1 else ''} logged between {_day(start)} and {_day(end)}."
    ]
    if count:
        if trend := _load_trend(daily, start, end, metric):
            summary.append(trend)
        summary.append(_acwr_range(daily, start, end))
    if metric_note:
        summary.append(metric_note)
    summary.append(_pain_trajectory(pain))
    summary.append(
        f"Triage on {_day(end)}: {level.label} — {HEADLINES[level]}"
        if level > Level.NONE
        else f"Triage on {_day(end)}: none — no red flag or nerve-root pattern in the recent reports."
    )
    summary.append(
        f"Suggested phase{'s' if len(phases_now) != 1 else ''} on {_day(end)}: {', '.join(phases_now)}."
        if phases_now
        else f"No training phase is suggested on {_day(end)}"
        + (
            " (triage above none holds back loading advice)."
            if level > Level.NONE
            else "."
        )
    )
    if count == 0 and pain.empty:
        summary.insert(
            1,
            "Nothing was logged in this range, so there is no load or pain to report: the sections below are empty.",
        )
    reasons = "".join(
        f"<li>{escape(reason)}</li>" for reason in current.advice.triage.reasons
    )
    summary_html = f'<p id="summary-text">{escape(" ".join(summary))}</p>' + (
        f"<p>Triage reasons:</p><ul>{reasons}</ul>"
        if reasons and level > Level.NONE
        else ""
    )

    # Pain timeline
    # Reports carry a time of day: the axis runs to the end of `end`, so a late marker is not cut.
    window = [
        pd.Timestamp(start) - charts.HALF_DAY,
        pd.Timestamp(end) + pd.Timedelta(days=1),
    ]
    pain_figure = charts.pain_chart(pain)
    if not pain.empty:
        pain_figure.update_xaxes(
            range=window
        )  # the report's dates, like the load chart below
    pain_html = figures.html(pain_figure, "Pain timeline chart")
    pain_html += (
        _pain_table(pain)
        if not pain.empty
        else _empty("No pain reports in this range.")
    )
    checkins = checkins_frame(db, athlete_id=athlete_id, start=start, end=end)
    if not checkins.empty:
        pain_html += "<h3>Weekly back check-in (OSTRC-H2 severity, 0–100)</h3>"
        pain_html += figures.html(severity_chart(checkins), "Weekly check-in severity chart")

    # Load and ACWR
    load_figure = charts.load_chart(
        daily,
        metric=metric,
        pain=history.pain,
        phases=spans["phases"],
        triage=spans["triage"],
    )
    if not daily.empty:
        load_figure.update_xaxes(
            range=[
                pd.Timestamp(max(start, daily.index[0].date())) - charts.HALF_DAY,
                pd.Timestamp(end) + charts.HALF_DAY,
            ]
        )
    load_html = figures.html(load_figure, "Load and ACWR chart")
    load_html += (
        f'<p class="meta">Daily {escape(load.METRIC_LABELS[metric])} with 7- and 28-day EWMAs and pain scores (top); '
        f"EWMA and rolling ACWR against the {load.ACWR_LOW:g}–{load.ACWR_HIGH:g} target band (bottom). "
        "Shaded bands: suggested phases and triage. Averages are warmed up on all earlier history.</p>"
    )

    # Phase history
    phase_rows = _span_rows(spans["phases"], PHASE_TITLES)
    triage_rows = _span_rows(spans["triage"], TRIAGE_TITLES)
    phase_html = "<h3>Suggested phases</h3>" + (
        _table(["Phase", "From", "To", "Days"], phase_rows, numeric={3})
        if phase_rows
        else _empty("No phase was suggested in this range.")
    )
    phase_html += "<h3>Triage above “none”</h3>" + (
        _table(["Level", "From", "To", "Days"], triage_rows, numeric={3})
        if triage_rows
        else _empty("Triage stayed at “none” throughout.")
    )
    if start < end - dt.timedelta(days=MAX_PHASE_DAYS):
        phase_html += _empty(
            f"Phases are replayed over the last {MAX_PHASE_DAYS} days of the range only."
        )

    bodies = {
        "Summary": summary_html,
        "Pain timeline": pain_html,
        "Load and ACWR": load_html,
        "Red-flag history": _red_flags(pain),
        "Phase history": phase_html,
        "Notes": _notes(notes),
        "Sessions": _sessions_table(sessions, athlete.unit),
    }
    sections = "\n".join(
        f'<section id="{title.lower().replace(" ", "-")}"{LONG if title in ("Pain timeline", "Sessions") else ""}>'
        f"<h2>{escape(title)}</h2>{bodies[title]}</section>"
        for title in SECTIONS
    )
    generated = (
        (generated_at or dt.datetime.now().astimezone())
        .strftime("%d %b %Y %H:%M %Z")
        .strip()
    )
    name = escape(athlete.name)
    born = f" · born {athlete.birth_year}" if athlete.birth_year else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clinician report — {name} — {start.isoformat()} to {end.isoformat()}</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>Clinician report: {name}</h1>
<p>{escape(_day(start))} to {escape(_day(end))}{escape(born)}</p>
<p class="meta">Generated {escape(generated)} by the training-load and low-back-pain tracker, from the athlete's own logs.</p>
<p class="disclaimer">{escape(DISCLAIMER)}</p>
</header>
<main>
{sections}
</main>
<footer><p class="disclaimer">{escape(DISCLAIMER)}</p></footer>
</body>
</html>
"""


# The data -----------------------------------------------------------------------------------------


def _cell(value) -> str:
    """A CSV cell in the tracker's conventions (tracker.exchange): ISO dates, true/false, empty = missing."""
    if (
        value is None
        or value is pd.NaT
        or (isinstance(value, float) and math.isnan(value))
    ):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, pd.Timestamp):
        return (
            value.date().isoformat()
            if value == value.normalize()
            else value.isoformat(timespec="seconds")
        )
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return (
            str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
        )
    if isinstance(value, np.integer):
        return str(int(value))
    return str(value)


def _frame_csv(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def report_csv_zip(
    db: Session, *, athlete_id: int, start: dt.date, end: dt.date
) -> bytes:
    """sessions.csv, pain.csv and weekly.csv for `start`..`end` in one zip (weeks from the Monday of `start`)."""
    athlete = store.get_athlete(db, athlete_id=athlete_id)
    history, _ = history_for_span(db, athlete=athlete, start=start, end=end)
    metric = history.metric
    sessions = history.sessions_between(start, end)
    pain = history.pain[
        (history.pain["date"] >= pd.Timestamp(start))
        & (history.pain["date"] <= pd.Timestamp(end))
    ]
    monday = start - dt.timedelta(days=start.weekday())
    weekly_pain = history.pain[
        (history.pain["date"] >= pd.Timestamp(monday))
        & (history.pain["date"] <= pd.Timestamp(end))
    ]
    weekly = weekly_summary(
        history.sessions_between(monday, end), weekly_pain, metric=metric, end=end
    )
    weekly = weekly.reset_index().rename(columns={"index": "week"})
    weekly.insert(1, "metric", metric)
    files = {
        "sessions.csv": sessions,
        "pain.csv": pain.drop(columns=["date"]),
        "weekly.csv": weekly,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in files.items():
            archive.writestr(name, _frame_csv(frame))
    return buffer.getvalue()


# For a viewer -------------------------------------------------------------------------------------


def clinician_report_for(db: Session, *, viewer, athlete_id: int, start: dt.date, end: dt.date) -> str:
    """The report for the athlete or a physio they share with (checked and logged as a report),
    with the clinical notes that viewer may read; `viewer` None is the single-user mode."""
    from tracker import access

    notes = None
    if viewer is not None:
        access.require(db, viewer, athlete_id, access.Scope.PAIN_DETAIL, "clinician report", action="report")
        notes = access.clinical_notes(db, viewer=viewer, athlete_id=athlete_id)
    return clinician_report(db, athlete_id=athlete_id, start=start, end=end, notes=notes)


def report_data_for(db: Session, *, viewer, athlete_id: int, start: dt.date, end: dt.date) -> bytes:
    """The report's data (report_csv_zip) for the same viewers, checked and logged as an export."""
    from tracker import access

    if viewer is not None:
        access.require(db, viewer, athlete_id, access.Scope.PAIN_DETAIL, "clinician report data", action="export")
    return report_csv_zip(db, athlete_id=athlete_id, start=start, end=end)

"""Plotly figures for the dashboard pages and the clinician report: data in, Figure out.

Pure: no Streamlit, no database; inputs are the frames and series of `tracker.store`,
`tracker.science.load` and `tracker.science.advice`, never modified. Figures carry no title (pages and the
report add their own headings), keep the legend below the plot and the margins tight so
they read on a phone, and serialise with `fig.to_json()`. Empty input gives a figure with
a short note on what to log, never an exception.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections import Counter

import numpy as np
import pandas as pd
import plotly.colors
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from tracker.science import load
from tracker.science.advice import PHASE_TITLES, Span
from tracker.science.load import ACUTE_DAYS, CHRONIC_DAYS
from tracker.science.ostrc import KEYS as CHECKIN_KEYS
from tracker.science.ostrc import is_substantial
from tracker.science.session_load import is_weighted_work
from tracker.science.units import from_kg
from tracker.science.weekly import pain_days, week_start
from tracker.vocab import BODY_AREA_LABELS, FEATURE_LABELS, RED_FLAG_LABELS, BodyArea, Feature, RedFlag, Region, Unit

# Colours: one calm scheme for every chart ---------------------------------------------------

COLOURS = {
    "load": "#a9bccb",  # daily bars: soft blue-grey, so the lines on top stand out
    "acute": "#2f6690",  # acute (7-day) EWMA: deep blue
    "chronic": "#7d8b96",  # chronic (28-day) EWMA: slate
    "pain": "#c8553d",  # pain markers: terracotta
    "acwr": "#2f6690",
    "acwr_rolling": "#7d8b96",
    "target": "#6aa67a",  # 0.8-1.3 band
    "danger": "#c0504d",  # above 1.5
    "text": "#3d4852",
    "grid": "#e6eaee",
    "annotation": "#6b7780",
}
PHASE_COLOURS = {
    "reduce": "#e9a23b",  # amber
    "reload": "#4f8fbf",  # blue
    "brace": "#9a7fc0",  # lavender
    "hip_strength": "#3fa39a",  # teal
    "build": "#6aa67a",  # green
}
PHASE_OPACITY = 0.12
TRIAGE_COLOURS = {"assess": "#e07a5f", "urgent": "#c0504d", "emergency": "#9b2226"}
TRIAGE_OPACITY = {"assess": 0.14, "urgent": 0.22, "emergency": 0.3}
#: How strongly a table cell is tinted with its triage level's colour (`triage_tint`).
TRIAGE_TINT_OPACITY = 0.3
REGION_COLOURS = {
    Region.CENTRE.value: "#2f6690",
    Region.LEFT.value: "#3fa39a",
    Region.RIGHT.value: "#e9a23b",
    Region.BOTH.value: "#9a7fc0",
    Region.BUTTOCK.value: "#a0785a",
    Region.LEG.value: "#c8553d",
}
#: For lifts (e1RM, tonnage), in the order lifts are given.
SERIES_COLOURS = ["#2f6690", "#e9a23b", "#3fa39a", "#9a7fc0", "#c8553d", "#7d8b96", "#a0785a", "#6aa67a"]

FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13, "color": COLOURS["text"]}
PAIN_AXIS = "pain (0–10)"
ACWR_AXIS = "ACWR (acute : chronic)"
HALF_DAY = pd.Timedelta(hours=12)

EMPTY_MESSAGES = {
    "srpe": "No sessions yet: log a session with its RPE and duration to see daily load and ACWR.",
    "tonnage": "No sessions yet: log a session with weighted sets to see daily tonnage and ACWR.",
    "spinal_tonnage": "No sessions yet: log squats, deadlifts or other spinal-loading lifts to see spinal tonnage.",
    "hard_sets": "No sessions yet: log a session with its sets and their RPE or RIR to see hard sets.",
}


#: Line length of the note on an empty chart, so it fits a 390 px phone.
EMPTY_MESSAGE_CHARS = 40

# Shared pieces ----------------------------------------------------------------------------


#: The common look, as a small template of our own: white, no title, legend underneath, tight
#: margins, unified hover, light grids. (Plotly's built-in templates cost ~8 ms per figure to
#: apply and add ~30 kB to every exported figure; this one costs ~1 ms.)
_LOOK = go.layout.Template(
    layout={
        "font": FONT,
        "margin": {"l": 8, "r": 8, "t": 24, "b": 8},
        "hovermode": "x unified",
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "xanchor": "left", "title": {"text": ""}},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "colorway": SERIES_COLOURS,
        "xaxis": {"gridcolor": COLOURS["grid"], "zeroline": False, "linecolor": COLOURS["grid"], "automargin": True},
        "yaxis": {"gridcolor": COLOURS["grid"], "zeroline": False, "rangemode": "tozero", "automargin": True},
    }
)


def _style(fig: go.Figure, *, height: int = 380) -> go.Figure:
    """The common look (`_LOOK`) at `height` pixels."""
    fig.update_layout(template=_LOOK, height=height)
    return fig


def _figure(data: list[dict], layout: dict, *, height: int) -> go.Figure:
    """A figure in the common look from plain trace and layout dicts, not validated: plotly's
    validation cost more than building the figure (and re-validated a growing figure on every
    add_trace/update_*), and `st.plotly_chart` trusts a Figure as it is. The tests validate
    every chart instead (`validated` in tests/test_charts.py)."""
    return go.Figure({"data": data, "layout": {"template": _LOOK, "height": height, **layout}}, _validate=False)


def _stacked_rows(heights: list[float], *, right_axis: list[bool], spacing: float = 0.06) -> tuple[dict, list[tuple[str, str, str]]]:
    """Plots stacked on one date axis, top first, each with a right-hand y-axis where asked —
    the axes `make_subplots(rows=…, shared_xaxes=True, specs=[[{"secondary_y": …}]])` lays
    out, without its cost. Returns the layout's axes and, per row, the (x, y, right y) axis
    names its traces use ("" where a row has no right axis)."""
    x_domain = [0.0, 0.94] if any(right_axis) else [0.0, 1.0]
    usable = 1 - spacing * (len(heights) - 1)
    bottom_x = f"x{len(heights)}" if len(heights) > 1 else "x"
    axes: dict = {}
    names = []
    top = 1.0
    y_number = 1
    for row, (height, right) in enumerate(zip(heights, right_axis), start=1):
        share = height / sum(heights) * usable
        x = "x" if row == 1 else f"x{row}"
        y, right_y = ("y" if y_number == 1 else f"y{y_number}"), (f"y{y_number + 1}" if right else "")
        axes["xaxis" + x[1:]] = {"anchor": y, "domain": x_domain}
        if x != bottom_x:
            axes["xaxis" + x[1:]] |= {"matches": bottom_x, "showticklabels": False}
        axes["yaxis" + y[1:]] = {"anchor": x, "domain": [max(top - share, 0.0), top]}
        if right:
            axes["yaxis" + right_y[1:]] = {"anchor": x, "overlaying": y, "side": "right"}
        names.append((x, y, right_y))
        top -= share + spacing
        y_number += 2 if right else 1
    return axes, names


DAY_MS = 24 * 3600 * 1000
#: A date axis shows at least this many days, so a first session is not a bar on a
#: millisecond-wide axis.
MIN_AXIS_DAYS = 14


def _short_range(first: pd.Timestamp, last: pd.Timestamp) -> dict:
    """For a date axis: a short date range widened to MIN_AXIS_DAYS (ending a day after
    `last`) with day-month ticks; nothing for a longer one."""
    if last - first < pd.Timedelta(days=MIN_AXIS_DAYS):
        return {"range": [last - pd.Timedelta(days=MIN_AXIS_DAYS), last + pd.Timedelta(days=1)], "tickformat": "%d %b"}
    return {}


def _date_axis(fig: go.Figure, first: pd.Timestamp, last: pd.Timestamp) -> None:
    """`_short_range` on every x-axis of a figure built step by step."""
    if widened := _short_range(first, last):
        fig.update_xaxes(**widened)


def _line_mode(points: int) -> str:
    """One point draws no line: show it as a marker instead."""
    return "lines" if points > 1 else "markers"


def empty_figure(message: str, *, height: int = 260) -> go.Figure:
    """A blank figure with `message` in the middle, telling the reader what to log."""
    note = {
        "text": "<br>".join(textwrap.wrap(message, EMPTY_MESSAGE_CHARS)),  # short lines: a phone is ~45 characters wide
        "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5, "xanchor": "center", "yanchor": "middle", "showarrow": False,
        "font": {"size": 14, "color": COLOURS["annotation"]},
    }  # fmt: skip
    return _figure([], {"annotations": [note], "xaxis": {"visible": False}, "yaxis": {"visible": False}, "hovermode": False}, height=height)


def _check_unit(unit: str) -> str:
    try:
        return Unit(unit).value
    except ValueError:
        raise ValueError(f"unit must be kg or lb (got {unit!r})") from None


def _in_unit(weights_kg, unit: str) -> list[float]:
    return [from_kg(float(weight), unit) for weight in weights_kg]


def triage_tint(level: str) -> str:
    """A pale background for a table cell showing this triage level, in the level's chart
    colour (the roster and the charts speak one colour language); "" for level none."""
    colour = TRIAGE_COLOURS.get(level)
    if colour is None:
        return ""
    red, green, blue = plotly.colors.hex_to_rgb(colour)
    return f"rgba({red}, {green}, {blue}, {TRIAGE_TINT_OPACITY})"


def _text(value) -> str | None:
    """A text cell as a string, or None when missing."""
    return value if isinstance(value, str) and value.strip() else None


def _pain_details(row: dict) -> str:
    """One pain entry as hover text: region, quality, timing, features, red flags, notes."""
    parts = [str(row.get("region") or "")]
    parts += [text for key in ("quality", "timing") if (text := _text(row.get(key)))]
    lines = [" · ".join(p for p in parts if p)]
    features = [FEATURE_LABELS[f] for f in Feature if bool(row.get(f.value, False))]
    flags = [RED_FLAG_LABELS[f] for f in RedFlag if bool(row.get(f.value, False))]
    if features:
        lines.append("features: " + ", ".join(features))
    if flags:
        lines.append("<b>RED FLAGS: " + ", ".join(flags) + "</b>")
    if note := _text(row.get("notes")):
        lines.append(f"“{note}”")
    return "<br>".join(lines)


def _has_red_flag(row: dict) -> bool:
    return any(bool(row.get(flag.value, False)) for flag in RedFlag)


def _lanes(spans: list[Span], gap_days: int = 0) -> list[int]:
    """A label row for each span, so labels of spans that overlap (or start within `gap_days`
    of the end of another, where a label would run into the next) do not sit on each other."""
    ends: list[dt.date] = []
    lanes = []
    for span in spans:
        lane = next((i for i, end in enumerate(ends) if (span.start - end).days > gap_days), len(ends))
        if lane == len(ends):
            ends.append(span.end)
        else:
            ends[lane] = span.end
        lanes.append(lane)
    return lanes


def _clip(spans: list[Span] | None, first: pd.Timestamp, last: pd.Timestamp) -> list[Span]:
    """Spans that overlap `first`..`last`, cut to it, in start order."""
    kept = []
    for span in spans or []:
        start, end = max(pd.Timestamp(span.start), first), min(pd.Timestamp(span.end), last)
        if start <= end:
            kept.append(Span(span.name, start.date(), end.date()))
    return sorted(kept, key=lambda s: (s.start, s.end, s.name))


def _band(span: Span, *, colour: str, opacity: float, label: str, lane: int, dash: str | None = None, label_right: bool = False) -> tuple[dict, dict]:
    """A translucent band over every row for `span` (whole days), with `label` at its top left —
    or top right with `label_right`, for a band starting so near the end of the chart that a
    label running rightwards would spill over the right-hand axis. Returned as the layout's
    shape and annotation, to add all at once (plotly re-validates every shape on each add)."""
    x0, x1 = pd.Timestamp(span.start) - HALF_DAY, pd.Timestamp(span.end) + HALF_DAY
    shape = {
        "type": "rect", "xref": "x", "yref": "paper", "x0": x0, "x1": x1, "y0": 0, "y1": 1,
        "fillcolor": colour, "opacity": opacity, "layer": "below",
        "line": {"width": 1 if dash else 0, "color": colour, "dash": dash or "solid"}, "name": span.name,
    }  # fmt: skip
    annotation = {
        "x": x1 if label_right else x0, "y": 1, "xref": "x", "yref": "paper",
        "xanchor": "right" if label_right else "left", "yanchor": "top", "yshift": -lane * 15,
        "text": label, "showarrow": False, "font": {"size": 10, "color": colour}, "name": span.name,
    }  # fmt: skip
    return shape, annotation


def phase_label(name: str) -> str:
    """The short name of a phase for a chart label: 'reduce' -> 'Reduce', 'hip_strength' -> 'Hip strength'."""
    title = PHASE_TITLES.get(name)
    return title.split(" — ")[0] if title else name.replace("_", " ").capitalize()


# Load and ACWR ----------------------------------------------------------------------------


def load_chart(
    daily: pd.Series,
    *,
    metric: str = "srpe",
    pain: pd.DataFrame | None = None,
    phases: list[Span] | None = None,
    triage: list[Span] | None = None,
    acwr_title: str = ACWR_AXIS,
    start: dt.date | None = None,
) -> go.Figure:
    """Daily load bars, acute and chronic EWMA lines and pain scores above; ACWR against its target band below."""
    # `daily`: tracker.science.load.daily_load over the whole history (the averages start on its
    # first day: pass everything; `start` draws only the days from it on, so a view of six
    # months does not send years of points to the browser). `pain`: store.pain_frame;
    # `phases`/`triage`: advice.phase_history. Pain and spans outside the days drawn are left
    # out. The EWMA ACWR is drawn from day 28 on, like the advice that reads it.
    if metric not in load.METRICS:
        raise ValueError(f"metric must be one of {', '.join(load.METRICS)} (got {metric!r})")
    if daily is None or len(daily) == 0:
        return empty_figure(EMPTY_MESSAGES[metric], height=420)

    values = daily.astype(float).fillna(0.0)
    history_days = len(values)
    # The averages on every day (`load.as_daily`), in `load`'s array forms: the same figures as
    # its series functions, without a series built around each.
    every_day = load.as_daily(values)
    loads = every_day.to_numpy(dtype=float)
    acute, chronic = load.ewma_array(loads, ACUTE_DAYS), load.ewma_array(loads, CHRONIC_DAYS)
    ratio, rolling = load.ratio(acute, chronic), load.acwr_rolling_array(loads, ACUTE_DAYS, CHRONIC_DAYS)
    enough = np.arange(len(ratio)) + 1 >= CHRONIC_DAYS
    ratio_shown = np.where(enough, ratio, np.nan)
    line_days = pd.DatetimeIndex(every_day.index)
    if start is not None and pd.Timestamp(start) > values.index[0]:
        values = values[values.index >= pd.Timestamp(start)]
        drawn = line_days >= pd.Timestamp(start)
        line_days, acute, chronic, ratio_shown, rolling, enough = (part[drawn] for part in (line_days, acute, chronic, ratio_shown, rolling, enough))
        if values.empty:
            return empty_figure(EMPTY_MESSAGES[metric], height=420)
    days = pd.DatetimeIndex(values.index)
    first, last = days.min(), days.max()
    label = load.METRIC_LABELS[metric]

    data = [
        {
            "type": "bar", "x": days, "y": values.to_numpy(), "name": "daily load", "width": 0.8 * DAY_MS,
            "marker": {"color": COLOURS["load"]}, "hovertemplate": "%{y:,.0f}", "xaxis": "x", "yaxis": "y",
        },
        *(
            {
                "type": "scatter", "x": line_days, "y": series, "name": name, "mode": _line_mode(len(series)),
                "line": {"color": colour, "width": width}, "hovertemplate": "%{y:,.0f}", "xaxis": "x", "yaxis": "y",
            }
            for series, name, colour, width in (
                (acute, "acute (7-day EWMA)", COLOURS["acute"], 2.5),
                (chronic, "chronic (28-day EWMA)", COLOURS["chronic"], 2),
            )
        ),
    ]  # fmt: skip
    if (found := _pain_positions(pain, first, last)) is not None:
        positions, pain_days_shown = found
        rows = _hover_rows(pain, positions)
        data.append({
            "type": "scatter", "x": pain_days_shown, "y": pain["pain"].to_numpy(dtype=float)[positions], "name": "pain (0–10)",
            "mode": "markers", "xaxis": "x", "yaxis": "y2",
            "marker": {
                "color": COLOURS["pain"], "size": 9, "symbol": ["diamond" if _has_red_flag(row) else "circle" for row in rows],
                "line": {"color": "white", "width": 1},
            },
            "customdata": [[_pain_details(row)] for row in rows], "hovertemplate": "pain %{y:.0f}/10 · %{customdata[0]}",
        })  # fmt: skip
    data += [
        {
            "type": "scatter", "x": line_days, "y": ratio_shown, "name": "ACWR (EWMA)", "mode": "lines",
            "line": {"color": COLOURS["acwr"], "width": 2.5}, "hovertemplate": "%{y:.2f}", "xaxis": "x2", "yaxis": "y3",
        },
        {
            # Five legend entries at most: the caption names the dotted line.
            "type": "scatter", "x": line_days, "y": rolling, "name": "ACWR (rolling)", "showlegend": False, "mode": "lines",
            "line": {"color": COLOURS["acwr_rolling"], "width": 1.5, "dash": "dot"}, "hovertemplate": "%{y:.2f}", "xaxis": "x2", "yaxis": "y3",
        },
    ]  # fmt: skip

    shown_max = np.nanmax(np.concatenate([ratio_shown, rolling, [0.0]]))
    top = max(2.0, math.ceil(float(shown_max) * 10 + 1) / 10)
    across_acwr = {"xref": "x2 domain", "x0": 0, "x1": 1, "yref": "y3"}  # the lower plot's full width
    shapes = [
        {
            "type": "rect", **across_acwr, "y0": load.ACWR_LOW, "y1": load.ACWR_HIGH, "fillcolor": COLOURS["target"], "opacity": 0.18,
            "layer": "below", "line": {"width": 0}, "name": "target",
            "label": {"text": f"target {load.ACWR_LOW:g}–{load.ACWR_HIGH:g}", "textposition": "middle right", "font": {"size": 10, "color": COLOURS["target"]}},
        },
        {
            "type": "rect", **across_acwr, "y0": load.ACWR_DANGER, "y1": top, "fillcolor": COLOURS["danger"], "opacity": 0.1,
            "layer": "below", "line": {"width": 0}, "name": "danger",
            "label": {"text": f"above {load.ACWR_DANGER:g}", "textposition": "top right", "font": {"size": 10, "color": COLOURS["danger"]}},
        },
        {
            "type": "line", **across_acwr, "y0": load.ACWR_DANGER, "y1": load.ACWR_DANGER,
            "line": {"color": COLOURS["danger"], "width": 1.5, "dash": "dash"}, "name": "danger line",
        },
    ]  # fmt: skip
    annotations = []
    if not enough.any():
        annotations.append({
            "text": f"ACWR needs {CHRONIC_DAYS} days of history ({history_days} so far): keep logging.", "xref": "x2 domain",
            "yref": "y3 domain", "x": 0.5, "y": 0.5, "showarrow": False, "font": {"size": 12, "color": COLOURS["annotation"]},
        })  # fmt: skip

    # A label is roughly a tenth of the plot wide: keep spans closer than that on separate rows.
    gap = max(1, round(0.1 * ((last - first).days + 1)))
    shown_phases = _clip(phases, first, last)
    phase_lanes = _lanes(shown_phases, gap)
    def near_the_end(span: Span) -> bool:
        return (last - pd.Timestamp(span.start)).days < gap

    bands = [
        _band(span, colour=PHASE_COLOURS.get(span.name, COLOURS["chronic"]), opacity=PHASE_OPACITY, label=phase_label(span.name), lane=lane, label_right=near_the_end(span))
        for span, lane in zip(shown_phases, phase_lanes)
    ]
    shown_triage = _clip(triage, first, last)
    # Triage labels go below the phase labels.
    offset = max(phase_lanes, default=-1) + 1
    for span, lane in zip(shown_triage, _lanes(shown_triage, gap)):
        bands.append(_band(
            span,
            colour=TRIAGE_COLOURS.get(span.name, COLOURS["danger"]),
            opacity=TRIAGE_OPACITY.get(span.name, 0.2),
            label=span.name,
            lane=offset + lane,
            dash="dot",
            label_right=near_the_end(span),
        ))  # fmt: skip
    shapes += [shape for shape, _ in bands]
    annotations += [note for _, note in bands]

    # Two rows on one date axis: load with pain on a right-hand axis, the ratio under it.
    layout, _ = _stacked_rows([0.65, 0.35], right_axis=[True, False])
    dates = {"range": [first - HALF_DAY, last + HALF_DAY], **_short_range(first, last)}
    layout["xaxis"] |= dates
    layout["xaxis2"] |= dates
    layout["yaxis"]["title"] = {"text": label}
    layout["yaxis2"] |= {"title": {"text": PAIN_AXIS}, "range": [0, 10.5], "showgrid": False, "tickvals": [0, 2, 4, 6, 8, 10]}
    layout["yaxis3"] |= {"title": {"text": acwr_title}, "range": [0, top]}
    layout |= {"shapes": shapes, "annotations": annotations, "bargap": 0.15, "legend": {"y": -0.08}}
    return _figure(data, layout, height=520)


def _pain_positions(pain: pd.DataFrame | None, first: pd.Timestamp, last: pd.Timestamp) -> tuple[np.ndarray, np.ndarray] | None:
    """The positions of the pain entries dated `first`..`last` in time order, and their days;
    None when there are none."""
    if pain is None or pain.empty:
        return None
    day = pain_days(pain).to_numpy()
    inside = np.flatnonzero((day >= first.to_datetime64()) & (day <= last.to_datetime64()) & pain["pain"].notna().to_numpy())
    if not len(inside):
        return None
    when = pain["recorded_at" if "recorded_at" in pain else "date"].to_numpy()[inside]
    rows = inside[np.argsort(when, kind="stable")]
    return rows, day[rows]


def _pain_in_range(pain: pd.DataFrame | None, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame | None:
    """Pain entries dated `first`..`last`, oldest first, or None when there are none."""
    if (found := _pain_positions(pain, first, last)) is None:
        return None
    # Positions in time order, then one take of the rows: a pain frame has a block per text
    # column, and every frame operation (mask, sort, assign) walks them all.
    rows, days = found
    shown = pain.iloc[rows]
    shown.insert(len(shown.columns), "_day", days)
    return shown


#: The pain columns a marker's hover text and symbol read (`_pain_details`, `_has_red_flag`).
_HOVER_COLUMNS = ["region", "quality", "timing", "notes", *(f.value for f in Feature), *(f.value for f in RedFlag)]


def _hover_rows(pain: pd.DataFrame, positions: np.ndarray | None = None) -> list[dict]:
    """The pain entries at `positions` (default: all) as dicts of the `_HOVER_COLUMNS` the frame
    has, taken column by column: a take of the whole frame walks every block of it, and
    pandas' per-row dicts of ~30 columns cost ~4 ms for twenty entries."""
    present = [name for name in _HOVER_COLUMNS if name in pain]
    columns = [pain[name].to_numpy() if positions is None else pain[name].to_numpy()[positions] for name in present]
    return [dict(zip(present, values, strict=True)) for values in zip(*(column.tolist() for column in columns), strict=True)]


# Strength ---------------------------------------------------------------------------------


def e1rm_chart(best: pd.DataFrame, *, lifts: list[str] | None = None, unit: str = "kg") -> go.Figure:
    """Each lift's estimated one-rep max per training day, with a dotted step line for its best so far."""
    # `best`: tracker.science.load.best_e1rm(sets), in kg; `lifts` defaults to every lift in it, by name.
    unit = _check_unit(unit)
    message = "No e1RM yet: log working sets with a weight and 1–12 reps to see strength trends."
    if best is None or best.empty:
        return empty_figure(message)
    exercise = best["exercise"].to_numpy(dtype=object)
    present = set(exercise.tolist())
    names = sorted(present) if lifts is None else [lift for lift in lifts if lift in present]
    if not names:
        return empty_figure(message)

    dates = pd.to_datetime(best["date"]).to_numpy("datetime64[us]")
    e1rm, best_so_far = best["e1rm"].to_numpy(dtype=float), best["best_so_far"].to_numpy(dtype=float)
    data = []
    for index, lift in enumerate(names):
        rows = np.flatnonzero(exercise == lift)
        rows = rows[np.argsort(dates[rows], kind="stable")]
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        data += [
            {
                "type": "scatter", "x": dates[rows], "y": _in_unit(e1rm[rows], unit), "name": lift, "legendgroup": lift,
                "mode": "lines+markers", "line": {"color": colour, "width": 1.5}, "marker": {"color": colour, "size": 6},
                "hovertemplate": f"%{{y:.1f}} {unit}",
            },
            {
                # One legend entry per lift; the heading says dotted is best so far.
                "type": "scatter", "x": dates[rows], "y": _in_unit(best_so_far[rows], unit), "name": f"{lift}: best so far",
                "legendgroup": lift, "showlegend": False, "mode": "lines",
                "line": {"color": colour, "width": 1, "dash": "dot", "shape": "hv"}, "hovertemplate": f"best %{{y:.1f}} {unit}",
            },
        ]  # fmt: skip
    shown = dates[np.isin(exercise, names)]
    layout = {"yaxis": {"title": {"text": f"e1RM ({unit})"}, "rangemode": "normal"}, "xaxis": _short_range(pd.Timestamp(shown.min()), pd.Timestamp(shown.max()))}
    return _figure(data, layout, height=400)


def work_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """What the tonnage chart and the choice of main lifts read: work rows as they are
    (`session_load.lift_rows`: each lift of a session with its weighted working sets), or a
    sets frame (as `store.sets_frame`) as a row per set, of one such set or none
    (`session_load.is_weighted_work`)."""
    if "tonnage_kg" in frame:
        return frame
    weight = pd.to_numeric(frame["weight_kg"], errors="coerce").to_numpy(dtype=float)
    working = is_weighted_work(frame["kind"].to_numpy(dtype=object), weight)
    reps = pd.to_numeric(frame["reps"], errors="coerce").fillna(0).to_numpy(dtype=float)
    spinal = frame["spinal_load"].fillna(False).astype(bool).to_numpy() if "spinal_load" in frame else np.zeros(len(frame), dtype=bool)
    dates = {"date": frame["date"].to_numpy()} if "date" in frame else {}  # the main lifts need none
    return pd.DataFrame({
        **dates, "exercise": frame["exercise"].astype(str).to_numpy(dtype=object), "spinal_load": spinal,
        "sets": working.astype(np.int64), "tonnage_kg": np.where(working, reps * weight, 0.0),
    })  # fmt: skip


def main_lifts(frame: pd.DataFrame, n: int = 4) -> list[str]:
    """The `n` main lifts: spinal-loading lifts first, then most weighted working sets, ties by name."""
    # Counts working (non-warm-up) sets with a weight (`frame`: sets or work rows, `work_rows`).
    # Spinal-loading lifts rank ahead of the rest whatever their count, so a back-pain trend
    # shows squats and pulls before, say, a much-used cable trunk exercise; other lifts fill
    # the list when there are fewer than `n`.
    if frame is None or frame.empty or n <= 0:
        return []
    work = work_rows(frame)
    done = work["sets"].to_numpy() > 0
    names = work["exercise"].to_numpy(dtype=object)[done]
    spinal = set(names[work["spinal_load"].to_numpy(dtype=bool)[done]].tolist())
    counts: Counter[str] = Counter()
    for name, sets in zip(names.tolist(), work["sets"].to_numpy()[done].tolist(), strict=True):
        counts[name] += sets
    return sorted(counts, key=lambda name: (name not in spinal, -counts[name], name))[:n]


def weekly_tonnage(frame: pd.DataFrame, lifts: list[str]) -> pd.DataFrame:
    """Tonnage (reps x kg, warm-ups left out) per calendar week (Monday index) and lift (columns).

    `frame`: sets or work rows (`work_rows`), added up in their order. Weeks run from the first
    to the last week of `frame`, whichever lifts are asked for, with 0 in weeks a lift was not
    trained; lifts never trained as weighted working sets are left out.
    """
    work = work_rows(frame)
    names = work["exercise"].to_numpy(dtype=object)
    chosen = np.isin(names, list(lifts)) & (work["sets"].to_numpy() > 0)
    if not chosen.any():
        return pd.DataFrame(index=pd.DatetimeIndex([], dtype="datetime64[us]", name="week"))
    mondays = week_start(work["date"]).to_numpy("datetime64[D]")
    first = mondays.min()
    week_of = (mondays[chosen] - first).astype(np.int64) // 7
    weeks = pd.date_range(pd.Timestamp(first), pd.Timestamp(mondays.max()), freq="7D", name="week", unit="us")
    tonnage = work["tonnage_kg"].to_numpy(dtype=float)[chosen]
    trained = names[chosen]
    present = [lift for lift in lifts if (trained == lift).any()]
    columns = {lift: np.bincount(week_of[trained == lift], weights=tonnage[trained == lift], minlength=len(weeks)) for lift in present}
    return pd.DataFrame(columns, index=weeks, columns=present, dtype=float)


def tonnage_chart(sets: pd.DataFrame, *, lifts: list[str] | None = None, unit: str = "kg") -> go.Figure:
    """Weekly tonnage (reps x weight, warm-ups left out) of each main lift, as grouped bars per Monday-to-Sunday week."""
    # `sets`: store.sets_frame, or work rows (`work_rows`); `lifts` defaults to main_lifts(sets).
    # Weeks span all of `sets`.
    unit = _check_unit(unit)
    message = "No weighted working sets yet: log sets with reps and a weight to see weekly tonnage."
    if sets is None or sets.empty:
        return empty_figure(message)
    chosen = main_lifts(sets) if lifts is None else list(lifts)
    table = weekly_tonnage(sets, chosen)
    if table.empty or table.columns.empty:
        return empty_figure(message)

    data = [
        {
            "type": "bar", "x": table.index, "y": _in_unit(table[lift], unit), "name": lift,
            "marker": {"color": SERIES_COLOURS[index % len(SERIES_COLOURS)]},
            "width": 0.8 * 7 * DAY_MS / len(table.columns),  # explicit: one week alone has no spacing to size from
            "xperiod": 7 * DAY_MS, "xperiod0": table.index[0], "xperiodalignment": "middle", "hovertemplate": f"%{{y:,.0f}} {unit}",
        }
        for index, lift in enumerate(table.columns)
    ]  # fmt: skip
    layout = {
        "barmode": "group", "bargap": 0.2, "bargroupgap": 0.05,
        "yaxis": {"title": {"text": f"weekly tonnage ({unit})"}},
        "xaxis": {"hoverformat": "week of %d %b %Y", **_short_range(table.index.min(), table.index.max() + pd.Timedelta(days=6))},
    }  # fmt: skip
    return _figure(data, layout, height=380)


# Pain -------------------------------------------------------------------------------------


def pain_chart(pain: pd.DataFrame) -> go.Figure:
    """Pain scores (0–10) over time coloured by region, red-flag entries as red-ringed diamonds, details on hover."""
    # `pain`: store.pain_frame. A thin grey line joins the entries in time order.
    message = "No pain entries yet: log pain (0–10, where it is, when it came on) to see the timeline."
    if pain is None or pain.empty or pain["pain"].notna().sum() == 0:
        return empty_figure(message)
    entries = pain[pain["pain"].notna()]
    when = pd.to_datetime(entries["recorded_at"] if "recorded_at" in entries else entries["date"])
    entries = entries.assign(_when=when.to_numpy()).sort_values("_when", kind="stable")

    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=entries["_when"],
            y=entries["pain"].astype(float).to_numpy(),
            mode="lines",
            line={"color": COLOURS["grid"], "width": 1.5},
            hoverinfo="skip",
            showlegend=False,
            name="pain over time",
        )
    )
    regions = [r.value for r in Region if (entries["region"] == r.value).any()]
    regions += sorted(set(entries["region"].dropna().astype(str)) - set(regions))
    for region in regions:
        rows = entries[entries["region"] == region]
        records = _hover_rows(rows)
        flagged = [_has_red_flag(row) for row in records]
        colour = REGION_COLOURS.get(region, COLOURS["chronic"])
        fig.add_trace(
            go.Scatter(
                x=rows["_when"],
                y=rows["pain"].astype(float).to_numpy(),
                name=region,
                mode="markers",
                marker={
                    "color": colour,
                    "size": [13 if flag else 10 for flag in flagged],
                    "symbol": ["diamond" if flag else "circle" for flag in flagged],
                    "line": {"color": [COLOURS["danger"] if flag else "white" for flag in flagged], "width": [2.5 if flag else 1 for flag in flagged]},
                },
                customdata=[[_pain_details(row)] for row in records],
                hovertemplate="pain %{y:.0f}/10 · %{customdata[0]}<extra></extra>",
            )
        )
    _style(fig, height=340)
    fig.update_yaxes(title_text=PAIN_AXIS, range=[-0.3, 10.5], tickvals=[0, 2, 4, 6, 8, 10], rangemode="normal")
    return fig


# Weekly check-in -------------------------------------------------------------------------------------

WEEK_MS = 7 * 24 * 3600 * 1000
SUBSTANTIAL_LABEL = "substantial back problem"
OTHER_LABEL = "no substantial problem"


def severity_chart(checkins: pd.DataFrame) -> go.Figure:
    """Weekly severity (0-100) as bars, red for weeks with a substantial back problem."""
    # `checkins`: checkins_frame. Not modified.
    if checkins is None or checkins.empty:
        return empty_figure("No weekly check-ins yet: answer the four back questions once a week to see the trend.")
    rows = checkins.sort_values("week_start", kind="stable")
    substantial = pd.Series([is_substantial({key: int(row[key]) for key in CHECKIN_KEYS}) for _, row in rows.iterrows()], index=rows.index)
    weeks = pd.to_datetime(rows["week_start"])

    fig = go.Figure()
    for flag, name, colour in ((False, OTHER_LABEL, COLOURS["acute"]), (True, SUBSTANTIAL_LABEL, COLOURS["danger"])):
        part = rows[substantial == flag]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=weeks[part.index],
                y=part["severity"].astype(int).to_numpy(),
                name=name,
                marker={"color": colour},
                width=0.8 * WEEK_MS,
                xperiod=WEEK_MS,
                xperiod0=weeks.iloc[0],
                xperiodalignment="middle",
                customdata=part[list(CHECKIN_KEYS)].to_numpy(),
                hovertemplate=(
                    "severity %{y}/100 · participation %{customdata[0]}, volume %{customdata[1]}, "
                    "performance %{customdata[2]}, symptoms %{customdata[3]}"
                ),
            )
        )
    _style(fig, height=320)
    fig.update_yaxes(title_text="back severity (0–100)", range=[0, 100], tickvals=[0, 25, 50, 75, 100])
    fig.update_xaxes(hoverformat="week of %d %b %Y", tickformat="%d %b")
    return fig


# Daily wellness beside load and pain --------------------------------------------------------

#: The daily wellness scores (tracker.wellness), each 1-5, with the words for their ends.
WELLNESS_SCORES = {
    "sleep_quality": ("sleep quality (5 = very good)", "#2f6690"),
    "mood": ("mood (5 = very good)", "#3fa39a"),
    "soreness": ("soreness (5 = very sore)", "#c8553d"),
    "stress": ("stress (5 = very stressed)", "#9a7fc0"),
    "fatigue": ("fatigue (5 = exhausted)", "#e9a23b"),
}


def wellness_chart(wellness: pd.DataFrame, daily: pd.Series | None = None, pain: pd.DataFrame | None = None, *, metric_label: str = "load") -> go.Figure:
    """Daily load (bars) with pain (dots) on top; the daily wellness scores (1-5 lines) and
    hours slept (bars) under it, on one date axis. Only the scores are in the legend (at most
    five, to read on a phone): the load, pain and sleep traces are named by their own axes.

    `wellness`: `tracker.wellness.wellness_frame`; `daily`: a daily load series; `pain`: a
    pain frame with `recorded_at` and `pain`. None of them is modified."""
    if wellness is None or wellness.empty:
        return empty_figure("No wellness answers yet: the daily check takes 20 seconds (sleep, soreness, stress, mood, fatigue).")
    days = pd.to_datetime(wellness["date"])
    first, last = days.min(), days.max()
    pain = _pain_in_range(pain, first, last + pd.Timedelta(days=1))
    with_load = (daily is not None and len(daily) > 0) or (pain is not None and not pain.empty)
    heights = [0.4, 0.6] if with_load else [1.0]
    layout, axes = _stacked_rows(heights, right_axis=[True] * len(heights))
    (x, y, right_y), (scores_x, scores_y, sleep_y) = axes[0], axes[-1]
    data: list[dict] = []
    if daily is not None and len(daily):
        shown = daily[(daily.index >= first) & (daily.index <= last)]
        data.append({"type": "bar", "x": shown.index, "y": shown.to_numpy(), "name": f"daily {metric_label}", "marker": {"color": COLOURS["load"]}, "showlegend": False, "xaxis": x, "yaxis": y})
    if pain is not None and not pain.empty:
        data.append({
            "type": "scatter", "x": pain["recorded_at"], "y": pain["pain"], "mode": "markers", "name": "pain (0–10)",
            "marker": {"color": COLOURS["pain"], "size": 8}, "showlegend": False, "xaxis": x, "yaxis": right_y,
        })  # fmt: skip
    if wellness["sleep_hours"].notna().any():
        data.append({
            "type": "bar", "x": days, "y": wellness["sleep_hours"], "name": "sleep (hours)", "marker": {"color": "#dbe8f4"}, "opacity": 0.9,
            "showlegend": False, "xaxis": scores_x, "yaxis": sleep_y,
        })  # fmt: skip
    for key, (label, colour) in WELLNESS_SCORES.items():
        values = wellness[key]
        if values.notna().any():
            data.append({
                "type": "scatter", "x": days, "y": values, "name": label, "mode": "lines+markers", "line": {"color": colour, "width": 2},
                "marker": {"size": 5}, "xaxis": scores_x, "yaxis": scores_y,
            })  # fmt: skip
    if with_load:
        layout["yaxis"]["title"] = {"text": metric_label}
        layout["yaxis2"] |= {"title": {"text": PAIN_AXIS}, "range": [0, 10], "showgrid": False}
    scores, sleep = "yaxis" + scores_y[1:], "yaxis" + sleep_y[1:]
    layout[scores] |= {"title": {"text": "score (1–5)"}, "range": [0.5, 5.5], "tickvals": [1, 2, 3, 4, 5]}
    layout[sleep] |= {"title": {"text": "sleep (h)"}, "range": [0, 14], "tickvals": [0, 4, 8, 12], "showgrid": False}
    for axis_x, _, _ in axes:
        layout["xaxis" + axis_x[1:]] |= _short_range(first, last)
    layout |= {"barmode": "overlay", "legend": {"y": -0.08}}
    return _figure(data, layout, height=460 if with_load else 320)


# Body chart -------------------------------------------------------------------------------

#: The back view's left half (the lifter's left, seen from behind), from the neck round to the
#: crotch, in chart units (feet at 0, top of the head at 199); mirrored for the right half.
_OUTLINE_LEFT = [
    (45, 176), (35, 172), (26, 167), (21, 158), (19, 135), (16, 108), (15, 95), (18, 90), (21, 95), (22, 108),
    (25, 135), (28, 150), (31, 140), (31, 112), (27, 100), (27, 82), (30, 52), (31, 40), (35, 12), (32, 4),
    (46, 4), (45, 12), (47, 52), (49, 84), (50, 88),
]  # fmt: skip
#: The front view is the same outline, this far to the right.
_FRONT_DX = 80
_LOW_BACK = {"left": (31, 43.5), "centre": (43.5, 56.5), "right": (56.5, 69)}
_HIP = [(31, 112), (50, 112), (50, 88), (49, 84), (27, 84), (27, 100)]
_THIGH = [(27, 84), (49, 84), (47.2, 56), (29.6, 56)]
_LOWER_LEG = [(30, 50), (47, 50), (45, 12), (35, 12)]
BODY_COLOURS = {"outline": "#7d8b96", "body": "#f3f5f7", "area": "#e2e7ec", "picked": COLOURS["pain"], "implied": "#eeb7a9", "heat_low": "#f6d5cc", "heat_high": "#9b2226"}
_HEAD = (50, 188, 11)  # centre x, centre y, radius


def _mirror(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [(100 - x, y) for x, y in points]


def _shift(points: list[tuple[float, float]], dx: float) -> list[tuple[float, float]]:
    return [(x + dx, y) for x, y in points]


def _body_areas() -> dict[str, list[tuple[float, float]]]:
    """Each body-chart area's polygon. Seen from behind the lifter's left is on the left; seen
    from the front it is on the right."""
    shapes: dict[str, list[tuple[float, float]]] = {}
    for side, (x0, x1) in _LOW_BACK.items():
        shapes[f"low-back-{side}"] = [(x0, 112), (x1, 112), (x1, 136), (x0, 136)]
    for stem, polygon in (("buttock", _HIP), ("thigh-back", _THIGH), ("calf", _LOWER_LEG)):
        shapes[f"{stem}-left"], shapes[f"{stem}-right"] = polygon, _mirror(polygon)
    for stem, polygon in (("hip-front", _HIP), ("thigh-front", _THIGH), ("shin", _LOWER_LEG)):
        shapes[f"{stem}-right"], shapes[f"{stem}-left"] = _shift(polygon, _FRONT_DX), _shift(_mirror(polygon), _FRONT_DX)
    return shapes


BODY_AREA_SHAPES = _body_areas()


def _outlines() -> list[list[tuple[float, float]]]:
    """The two silhouettes (back, then front) and their heads, as polygons."""
    body = _OUTLINE_LEFT + list(reversed(_mirror(_OUTLINE_LEFT[:-1])))
    x, y, r = _HEAD
    head = [(x + r * math.cos(2 * math.pi * i / 24), y + r * math.sin(2 * math.pi * i / 24)) for i in range(24)]
    return [_shift(polygon, dx) for dx in (0, _FRONT_DX) for polygon in (body, head)]


def _view_labels() -> list[tuple[float, float, str, bool]]:
    """Text on the chart: each view's name above it (bold) and which side is which under the feet."""
    labels = []
    for dx, title, (left, right) in ((0, "Back", ("left", "right")), (_FRONT_DX, "Front", ("right", "left"))):
        labels += [(50 + dx, 206, title, True), (38 + dx, -5, left, False), (62 + dx, -5, right, False)]
    return labels


def _path(points: list[tuple[float, float]]) -> str:
    return "M " + " L ".join(f"{x:g},{y:g}" for x, y in points) + " Z"


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    return sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)


def _heat_colour(share: float) -> str:
    """From a pale to a deep red as `share` (0–1 of the busiest area) rises."""
    low, high = BODY_COLOURS["heat_low"], BODY_COLOURS["heat_high"]
    mixed = [round(int(low[i : i + 2], 16) + (int(high[i : i + 2], 16) - int(low[i : i + 2], 16)) * share) for i in (1, 3, 5)]
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def body_chart(heat: pd.DataFrame, *, height: int = 440) -> go.Figure:
    """The heat map of where it hurt: back and front outlines with the low back and legs split
    into areas (tracker.vocab.BodyArea), each shaded by how many reports fell there
    (`heat`: tracker.bodymap.area_heat) with the count written on it."""
    fig = go.Figure()
    for polygon in _outlines():
        fig.add_shape(type="path", path=_path(polygon), line={"color": BODY_COLOURS["outline"], "width": 1.5}, fillcolor=BODY_COLOURS["body"], layer="below")
    areas = list(BODY_AREA_SHAPES)
    counts = [int(heat.loc[a, "reports"]) if a in heat.index else 0 for a in areas]
    peaks = [int(heat.loc[a, "peak"]) if a in heat.index else 0 for a in areas]
    busiest = max(counts, default=0)
    for area, count in zip(areas, counts):
        fill = _heat_colour(count / busiest) if count else BODY_COLOURS["area"]
        fig.add_shape(type="path", path=_path(BODY_AREA_SHAPES[area]), fillcolor=fill, line={"color": "white", "width": 1.5}, layer="below", name=area)
    centres = [_centre(BODY_AREA_SHAPES[area]) for area in areas]
    fig.add_trace(
        go.Scatter(
            x=[x for x, _ in centres],
            y=[y for _, y in centres],
            mode="text",
            text=[str(n) if n else "" for n in counts],
            textfont={"size": 12, "color": ["white" if busiest and n / busiest > 0.55 else COLOURS["text"] for n in counts]},
            customdata=[[BODY_AREA_LABELS[BodyArea(a)], n, p] for a, n, p in zip(areas, counts, peaks)],
            hovertemplate="%{customdata[0]}: %{customdata[1]} report(s), highest %{customdata[2]}/10<extra></extra>",
            name="reports per area",
        )
    )
    for x, y, text, bold in _view_labels():
        fig.add_annotation(x=x, y=y, text=f"<b>{text}</b>" if bold else text, showarrow=False, font={"size": 13 if bold else 11, "color": COLOURS["text"] if bold else COLOURS["annotation"]})
    fig.update_layout(
        template=_LOOK,
        height=height,
        margin={"l": 4, "r": 4, "t": 4, "b": 4},
        showlegend=False,
        plot_bgcolor="white",
        paper_bgcolor="white",
        hovermode="closest",
        dragmode=False,
    )
    fig.update_xaxes(range=[10, 170], visible=False, fixedrange=True, constrain="domain")
    fig.update_yaxes(range=[-12, 212], visible=False, fixedrange=True, scaleanchor="x", scaleratio=1, constrain="domain")
    return fig


#: The name of the body-chart picker's selection (what Streamlit reports taps under).
PICKER_SELECTION = "areas"


def _features(polygons: list[tuple[str, list[tuple[float, float]]]], **properties) -> list[dict]:
    return [
        {"type": "Feature", "properties": {"area": name, **{k: v(name) for k, v in properties.items()}}, "geometry": {"type": "Polygon", "coordinates": [[*polygon, polygon[0]]]}}
        for name, polygon in polygons
    ]


def body_picker_spec(*, picked: list[str] | tuple[str, ...] = (), implied: list[str] | tuple[str, ...] = (), height: int = 440) -> dict:
    """The body chart to tap, as a Vega-Lite spec (for `st.vega_lite_chart(..., on_select=...)`).

    Not a plotly figure like the rest: on a phone plotly.js turns a tap into a hover, and its
    tap-to-select reports the area tapped before (plotly.js issue 6721), whereas Vega's point
    selection takes a tap like a click. Each tap toggles an area (selection `PICKER_SELECTION`,
    by field "area"); the `picked` areas start selected; `implied` ones (chosen another way) are
    drawn lighter."""
    geo = {"type": "identity", "reflectY": True}
    outlines = _features([(f"outline-{i}", polygon) for i, polygon in enumerate(_outlines())])
    areas = _features(
        list(BODY_AREA_SHAPES.items()), label=lambda a: BODY_AREA_LABELS[BodyArea(a)], implied=lambda a: a in implied
    )
    labels = [{"x": x, "y": y, "text": text} for x, y, text, _ in _view_labels()]
    selection = {"name": PICKER_SELECTION, "select": {"type": "point", "fields": ["area"], "toggle": "true", "on": "click", "clear": False}}
    if picked:
        selection["value"] = [{"area": area} for area in picked]
    return {
        "height": height,
        "width": "container",
        "autosize": {"type": "fit", "contains": "padding"},
        "padding": {"top": 12, "bottom": 4, "left": 4, "right": 4},  # an object: Streamlit adds to it
        "view": {"stroke": None},
        "projection": geo,
        "layer": [
            {"data": {"values": outlines}, "mark": {"type": "geoshape", "fill": BODY_COLOURS["body"], "stroke": BODY_COLOURS["outline"], "strokeWidth": 1.5}},
            {
                "data": {"values": areas},
                "transform": [{"calculate": "datum.properties.area", "as": "area"}, {"calculate": "datum.properties.label", "as": "where"}],
                "params": [selection],
                "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 1.5, "cursor": "pointer"},
                "encoding": {
                    "fill": {
                        "condition": [
                            {"param": PICKER_SELECTION, "empty": False, "value": BODY_COLOURS["picked"]},
                            {"test": "datum.properties.implied", "value": BODY_COLOURS["implied"]},
                        ],
                        "value": BODY_COLOURS["area"],
                    },
                    "tooltip": {"field": "where", "type": "nominal", "title": "area"},
                },
            },
            {
                "data": {"values": labels},
                "mark": {"type": "text", "fontSize": 12, "color": COLOURS["text"]},
                "encoding": {
                    "longitude": {"field": "x", "type": "quantitative"},
                    "latitude": {"field": "y", "type": "quantitative"},
                    "text": {"field": "text"},
                },
            },
        ],
    }


# The physio's timeline -----------------------------------------------------------------------

#: Colour and marker of each kind of timeline event (tracker.timeline.Kind values).
EVENT_STYLES = {
    "pain report": (COLOURS["pain"], "circle"),
    "red flag": (TRIAGE_COLOURS["emergency"], "diamond"),
    "clinical note": (COLOURS["acute"], "square"),
    "clearance": (COLOURS["target"], "triangle-up"),
    "availability": (PHASE_COLOURS["brace"], "star"),
}


def timeline_chart(events: pd.DataFrame, daily: pd.Series, *, metric: str, start: dt.date, end: dt.date) -> go.Figure:
    """What happened (one row of markers per kind of event) over the daily load with its acute
    and chronic averages, on one date axis from `start` to `end`."""
    # `events`: tracker.timeline.events_frame; `daily`: load.daily_load over all history (the
    # averages are warmed up on it; the axis shows `start`..`end`).
    if metric not in load.METRICS:
        raise ValueError(f"metric must be one of {', '.join(load.METRICS)} (got {metric!r})")
    kinds = [kind for kind in EVENT_STYLES if (events["kind"] == kind).any()]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.15 + 0.07 * len(kinds), 0.85 - 0.07 * len(kinds)], vertical_spacing=0.06)
    for kind in kinds:
        rows = events[events["kind"] == kind]
        colour, symbol = EVENT_STYLES[kind]
        sizes = [10 + (score if score == score and score is not None else 0) for score in rows["score"]]
        fig.add_trace(
            go.Scatter(
                x=rows["at"],
                y=[kind] * len(rows),
                mode="markers",
                name=kind,
                marker={"color": colour, "symbol": symbol, "size": sizes, "line": {"color": "white", "width": 1}},
                customdata=rows[["title"]].to_numpy(),
                hovertemplate="%{x|%d %b %Y %H:%M} · %{customdata[0]}<extra></extra>",
            ),
            row=1,
            col=1,
        )
    if daily is not None and len(daily):
        values = daily.astype(float).fillna(0.0)
        fig.add_trace(
            go.Bar(x=values.index, y=values.to_numpy(), name="daily load", width=0.8 * DAY_MS, marker={"color": COLOURS["load"]}, hovertemplate="%{y:,.0f}"),
            row=2,
            col=1,
        )
        for days, name, colour in ((ACUTE_DAYS, "acute (7-day EWMA)", COLOURS["acute"]), (CHRONIC_DAYS, "chronic (28-day EWMA)", COLOURS["chronic"])):
            average = load.ewma(values, days)
            fig.add_trace(
                go.Scatter(x=average.index, y=average.to_numpy(), name=name, mode=_line_mode(len(average)), line={"color": colour, "width": 2}, hovertemplate="%{y:,.0f}"),
                row=2,
                col=1,
            )
    else:
        fig.add_annotation(text="No sessions logged yet.", xref="paper", yref="paper", x=0.5, y=0.3, showarrow=False, font={"color": COLOURS["annotation"]})
    _style(fig, height=460)
    fig.update_layout(hovermode="closest", legend={"y": -0.1})
    # One evenly spaced row per kind present, in EVENT_STYLES order from the top.
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=kinds[::-1], range=[-0.6, len(kinds) - 0.4], row=1, col=1, rangemode="normal", showgrid=False)
    if not kinds:
        fig.add_annotation(text="Nothing recorded in these dates.", xref="x domain", yref="y domain", x=0.5, y=0.5, showarrow=False, font={"color": COLOURS["annotation"]})
        fig.update_yaxes(visible=False, row=1, col=1)
    fig.update_yaxes(title_text=load.METRIC_LABELS[metric], row=2, col=1)
    fig.update_xaxes(range=[pd.Timestamp(start) - HALF_DAY, pd.Timestamp(end) + pd.Timedelta(days=1)])
    return fig

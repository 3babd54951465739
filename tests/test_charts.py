"""tracker.charts on the demo data: every figure shows the numbers tracker.science.load computes.

The demo is built once per module into a real SQLite file with a fixed `today`, and frames
are read through tracker.store exactly as the pages and the clinician report will read them.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from sqlmodel import Session

from tracker import charts, store
from tracker.db import open_engine
from tracker.science import load
from tracker.science.advice import CHRONIC_DAYS, phase_history
from tracker.science.units import KG_PER_LB
from tracker.status import load_history

TODAY = dt.date(2026, 6, 30)
NOBODY = "Nobody Yet"


class Athlete:
    """One athlete's frames, daily sRPE load and phase history, as the pages would read them."""

    def __init__(self, db: Session, name: str):
        record = store.get_athlete_by_name(db, name=name)
        self.unit = record.unit
        self.sessions = store.sessions_frame(db, athlete_id=record.id, end=TODAY)
        self.sets = store.sets_frame(db, athlete_id=record.id, end=TODAY)
        self.pain = store.pain_frame(db, athlete_id=record.id, end=TODAY)
        if self.sessions.empty:
            self.daily = load.daily_load(self.sessions, "srpe")
            self.history = {"phases": [], "triage": []}
        else:
            self.daily = load.daily_load(self.sessions, "srpe", end=TODAY)
            start = self.sessions["date"].min().date()
            self.history = phase_history(load_history(db, athlete=record, until=TODAY), start=start, end=TODAY)


@pytest.fixture(scope="module")
def demo(demo_database):
    engine = open_engine(demo_database(TODAY))
    with Session(engine) as db:
        store.create_athlete(db, data={"name": NOBODY, "unit": "kg"})
        athletes = {name: Athlete(db, name) for name in ("Alex Ramp", "Frankie Reload", "Blair Return", NOBODY)}
    yield athletes
    engine.dispose()


@pytest.fixture(scope="module")
def alex(demo) -> Athlete:
    return demo["Alex Ramp"]


@pytest.fixture(scope="module")
def alex_load(alex) -> go.Figure:
    return charts.load_chart(alex.daily, pain=alex.pain, phases=alex.history["phases"], triage=alex.history["triage"])


def trace(fig: go.Figure, name: str):
    found = [t for t in fig.data if t.name == name]
    assert len(found) == 1, f"expected one trace named {name!r}, got {[t.name for t in fig.data]}"
    return found[0]


def shapes(fig: go.Figure, name: str) -> list:
    return [s for s in fig.layout.shapes if s.name == name]


def annotation_texts(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations]


# Load chart -------------------------------------------------------------------------------


def test_load_bars_are_the_daily_series(alex, alex_load):
    bars = [t for t in alex_load.data if t.type == "bar"]
    assert len(bars) == 1
    bar = bars[0]
    assert len(alex.daily) == 182  # 26 weeks, today included
    np.testing.assert_array_equal(np.asarray(bar.y, dtype=float), alex.daily.to_numpy())
    assert list(pd.to_datetime(bar.x)) == list(alex.daily.index)
    assert (bar.xaxis, bar.yaxis) == ("x", "y")


def test_ewma_lines_match_tracker_load(alex, alex_load):
    acute = trace(alex_load, "acute (7-day EWMA)")
    chronic = trace(alex_load, "chronic (28-day EWMA)")
    assert acute.y[-1] == pytest.approx(load.ewma(alex.daily, 7).iloc[-1])
    assert chronic.y[-1] == pytest.approx(load.ewma(alex.daily, 28).iloc[-1])
    np.testing.assert_allclose(np.asarray(acute.y, dtype=float), load.ewma(alex.daily, 7).to_numpy())
    assert acute.yaxis == chronic.yaxis == "y"


def test_acwr_lines_match_tracker_load(alex, alex_load):
    ratio = trace(alex_load, "ACWR (EWMA)")
    expected = load.acwr_ewma(alex.daily)
    assert ratio.y[-1] == pytest.approx(expected.iloc[-1])
    assert expected.iloc[-1] > load.ACWR_HIGH  # Alex's ramp: the chart must show it above target
    assert (ratio.xaxis, ratio.yaxis) == ("x2", "y3")
    shown = np.asarray(ratio.y, dtype=float)
    # Drawn from day 28 on, like the advice that reads it; NaN before.
    assert np.isnan(shown[: CHRONIC_DAYS - 1]).all()
    np.testing.assert_allclose(shown[CHRONIC_DAYS - 1 :], expected.to_numpy()[CHRONIC_DAYS - 1 :])

    rolling = trace(alex_load, "ACWR (rolling)")
    assert rolling.line.dash == "dot"
    np.testing.assert_allclose(np.asarray(rolling.y, dtype=float), load.acwr_rolling(alex.daily).to_numpy())


def test_target_band_and_danger_line(alex_load):
    (target,) = shapes(alex_load, "target")
    assert (target.y0, target.y1) == (0.8, 1.3)
    assert target.yref == "y3" and target.label.text == "target 0.8–1.3"
    (line,) = shapes(alex_load, "danger line")
    assert line.y0 == line.y1 == 1.5 and line.line.dash == "dash" and line.yref == "y3"
    (danger,) = shapes(alex_load, "danger")
    assert danger.y0 == 1.5 and danger.y1 >= alex_load.layout.yaxis3.range[1] and danger.yref == "y3"


def test_pain_markers_on_the_secondary_axis(alex, alex_load):
    pain = trace(alex_load, "pain (0–10)")
    assert pain.mode == "markers" and pain.yaxis == "y2"
    assert alex_load.layout.yaxis2.overlaying == "y" and alex_load.layout.yaxis2.side == "right"
    assert tuple(alex_load.layout.yaxis2.range) == (0, 10.5)
    np.testing.assert_array_equal(np.asarray(pain.y, dtype=float), alex.pain["pain"].to_numpy(dtype=float))
    assert list(pd.to_datetime(pain.x)) == list(alex.pain["date"])
    assert alex.pain["pain"].max() == 4
    assert "worse bending forward" in pain.customdata[0][0]


def test_one_band_per_phase_span_with_its_name(alex, alex_load):
    spans = alex.history["phases"]
    assert {s.name for s in spans} == {"build", "reduce", "brace"}
    bands = [s for s in alex_load.layout.shapes if s.yref == "paper"]
    assert len(bands) == len(spans)
    for span in spans:
        (band,) = shapes(alex_load, span.name)
        assert pd.Timestamp(band.x0) == pd.Timestamp(span.start) - pd.Timedelta(hours=12)
        assert pd.Timestamp(band.x1) == pd.Timestamp(span.end) + pd.Timedelta(hours=12)
        assert (band.y0, band.y1, band.layer) == (0, 1, "below")
        assert band.opacity < 0.3
        assert charts.phase_label(span.name) in annotation_texts(alex_load)
    assert len({s.fillcolor for s in bands}) == len(spans)  # one colour per phase
    assert charts.phase_label("hip_strength") == "Hip strength"


def test_triage_spans_are_red_bands_labelled_with_the_level(demo):
    frankie = demo["Frankie Reload"]
    triage = frankie.history["triage"]
    assert [s.name for s in triage] == ["assess"]
    fig = charts.load_chart(frankie.daily, pain=frankie.pain, phases=frankie.history["phases"], triage=triage)
    (band,) = shapes(fig, "assess")
    assert band.fillcolor == charts.TRIAGE_COLOURS["assess"]
    assert "assess" in annotation_texts(fig)
    assert len([s for s in fig.layout.shapes if s.yref == "paper"]) == len(frankie.history["phases"]) + 1
    # Labels of overlapping spans sit on different rows.
    labels = [(a.x, a.yshift) for a in fig.layout.annotations if a.yref == "paper"]
    assert len(labels) == len(set(labels))


def test_axis_titles_and_phone_layout(alex_load):
    layout = alex_load.layout
    assert layout.yaxis.title.text == load.METRIC_LABELS["srpe"] == "sRPE load (AU)"
    assert layout.yaxis2.title.text == "pain (0–10)"
    assert "ACWR" in layout.yaxis3.title.text
    assert layout.title.text is None
    look = layout.template.layout  # the common look comes from the charts' own template
    assert look.hovermode == "x unified"
    assert look.legend.orientation == "h" and look.legend.y < 0
    margin = look.margin
    assert max(margin.l, margin.r, margin.t, margin.b) <= 30
    assert layout.xaxis.matches == "x2" or layout.xaxis2.matches == "x"  # shared date axis


def test_other_metrics_label_their_axis(alex):
    daily = load.daily_load(alex.sessions, "spinal_tonnage", end=TODAY)
    fig = charts.load_chart(daily, metric="spinal_tonnage")
    assert fig.layout.yaxis.title.text == "spinal tonnage (kg)"
    assert not [t for t in fig.data if t.name == "pain (0–10)"]
    with pytest.raises(ValueError, match="metric"):
        charts.load_chart(daily, metric="volume")


def test_short_history_says_acwr_needs_28_days(alex):
    daily = alex.daily.iloc[:10]
    fig = charts.load_chart(daily)
    assert np.isnan(np.asarray(trace(fig, "ACWR (EWMA)").y, dtype=float)).all()
    assert any("28 days" in text for text in annotation_texts(fig))


def test_pain_and_spans_outside_the_dates_are_left_out(alex):
    recent = alex.daily.iloc[-14:]
    fig = charts.load_chart(recent, pain=alex.pain, phases=alex.history["phases"])
    pain = trace(fig, "pain (0–10)")
    inside = alex.pain[alex.pain["date"] >= recent.index[0]]
    assert len(pain.y) == len(inside)
    for band in (s for s in fig.layout.shapes if s.yref == "paper"):
        assert pd.Timestamp(band.x0) >= recent.index[0] - pd.Timedelta(hours=12)


def test_a_later_start_draws_its_days_only_with_averages_warmed_up_on_the_whole_history(alex):
    start = alex.daily.index[-40].date()
    fig = charts.load_chart(alex.daily, pain=alex.pain, phases=alex.history["phases"], triage=alex.history["triage"], start=start)
    (bar,) = [t for t in fig.data if t.type == "bar"]
    assert list(pd.to_datetime(bar.x)) == list(alex.daily.index[-40:])
    np.testing.assert_allclose(np.asarray(trace(fig, "acute (7-day EWMA)").y, dtype=float), load.ewma(alex.daily, 7).to_numpy()[-40:])
    np.testing.assert_allclose(np.asarray(trace(fig, "chronic (28-day EWMA)").y, dtype=float), load.ewma(alex.daily, 28).to_numpy()[-40:])
    np.testing.assert_allclose(np.asarray(trace(fig, "ACWR (EWMA)").y, dtype=float), load.acwr_ewma(alex.daily).to_numpy()[-40:])
    np.testing.assert_allclose(np.asarray(trace(fig, "ACWR (rolling)").y, dtype=float), load.acwr_rolling(alex.daily).to_numpy()[-40:])
    assert len(trace(fig, "pain (0–10)").y) == int((alex.pain["date"] >= pd.Timestamp(start)).sum())
    half_day = pd.Timedelta(hours=12)
    assert [pd.Timestamp(x) for x in fig.layout.xaxis.range] == [pd.Timestamp(start) - half_day, alex.daily.index[-1] + half_day]
    for band in (s for s in fig.layout.shapes if s.yref == "paper"):
        assert pd.Timestamp(band.x0) >= pd.Timestamp(start) - half_day
    assert charts.load_chart(alex.daily, start=alex.daily.index[0].date() - dt.timedelta(days=9)).to_json() == charts.load_chart(alex.daily).to_json()


# Strength ---------------------------------------------------------------------------------


def test_e1rm_in_pounds(alex):
    best = load.best_e1rm(alex.sets)
    lifts = ["Squat (Barbell)", "Deadlift (Barbell)"]
    in_kg = charts.e1rm_chart(best, lifts=lifts, unit="kg")
    in_lb = charts.e1rm_chart(best, lifts=lifts, unit="lb")
    assert in_kg.layout.yaxis.title.text == "e1RM (kg)"
    assert in_lb.layout.yaxis.title.text == "e1RM (lb)"
    assert [t.name for t in in_lb.data] == ["Squat (Barbell)", "Squat (Barbell): best so far", "Deadlift (Barbell)", "Deadlift (Barbell): best so far"]
    for lift in lifts:
        rows = best[best["exercise"] == lift]
        day_kg = rows["e1rm"].to_numpy()
        np.testing.assert_allclose(np.asarray(trace(in_kg, lift).y, dtype=float), day_kg)
        np.testing.assert_allclose(np.asarray(trace(in_lb, lift).y, dtype=float), day_kg / 0.45359237)
        np.testing.assert_allclose(
            np.asarray(trace(in_lb, f"{lift}: best so far").y, dtype=float), rows["best_so_far"].to_numpy() / KG_PER_LB
        )
        assert trace(in_lb, f"{lift}: best so far").line.shape == "hv"
        assert trace(in_lb, lift).mode == "lines+markers"
    with pytest.raises(ValueError, match="unit"):
        charts.e1rm_chart(best, unit="stone")


def test_e1rm_defaults_to_every_lift(alex):
    best = load.best_e1rm(alex.sets)
    fig = charts.e1rm_chart(best)
    assert len(fig.data) == 2 * best["exercise"].nunique()


def test_main_lifts_spinal_first(demo, alex):
    lifts = charts.main_lifts(alex.sets)
    assert lifts == ["Squat (Barbell)", "Deadlift (Barbell)", "Romanian Deadlift (Barbell)", "Bent Over Row (Barbell)"]
    spinal = dict(zip(alex.sets["exercise"], alex.sets["spinal_load"]))
    assert all(spinal[lift] for lift in lifts)
    # Frankie's most-used weighted lift is a cable trunk exercise; the spinal lifts still lead,
    # and a three-way tie at 84 sets is broken by name.
    frankie = charts.main_lifts(demo["Frankie Reload"].sets)
    assert frankie == ["Bent Over Row (Barbell)", "Overhead Press (Barbell)", "Squat (Barbell)", "Romanian Deadlift (Barbell)"]
    assert charts.main_lifts(alex.sets, n=2) == ["Squat (Barbell)", "Deadlift (Barbell)"]


def test_main_lifts_by_hand():
    def sets(exercise, count, spinal, kind="working", weight=50.0):
        return [{"exercise": exercise, "spinal_load": spinal, "kind": kind, "weight_kg": weight, "reps": 5}] * count

    frame = pd.DataFrame(
        sets("Bench Press (Barbell)", 9, False)
        + sets("Squat (Barbell)", 3, True)
        + sets("Squat (Barbell)", 10, True, kind="warm-up")  # warm-ups do not count
        + sets("Deadlift (Barbell)", 3, True)
        + sets("Pull Up", 20, False, weight=0.0)  # bodyweight: carries no weight
        + sets("Leg Press", 5, False)
        + sets("Curl (Dumbbell)", 5, False)
    )
    assert charts.main_lifts(frame) == ["Deadlift (Barbell)", "Squat (Barbell)", "Bench Press (Barbell)", "Curl (Dumbbell)"]
    assert charts.main_lifts(frame, n=10) == [
        "Deadlift (Barbell)", "Squat (Barbell)", "Bench Press (Barbell)", "Curl (Dumbbell)", "Leg Press",
    ]  # fmt: skip


def test_tonnage_by_week(alex):
    lifts = charts.main_lifts(alex.sets)
    fig = charts.tonnage_chart(alex.sets)
    assert [t.name for t in fig.data] == lifts
    assert all(t.type == "bar" for t in fig.data)
    assert fig.layout.barmode in {"group", "stack"}
    assert fig.layout.yaxis.title.text == "weekly tonnage (kg)"

    # By hand: the week of Monday 22 June, squats, warm-ups left out.
    monday = pd.Timestamp("2026-06-22")
    week = alex.sets[(alex.sets["date"] >= monday) & (alex.sets["date"] < monday + pd.Timedelta(days=7))]
    squats = week[(week["exercise"] == "Squat (Barbell)") & (week["kind"] != "warm-up")]
    expected = float((squats["reps"] * squats["weight_kg"]).sum())
    assert expected > 0
    squat = trace(fig, "Squat (Barbell)")
    weeks = list(pd.to_datetime(squat.x))
    assert all(w.weekday() == 0 for w in weeks)
    assert squat.y[weeks.index(monday)] == pytest.approx(expected)
    all_squats = alex.sets[alex.sets["exercise"] == "Squat (Barbell)"]
    working = all_squats[all_squats["kind"] != "warm-up"]
    assert sum(squat.y) == pytest.approx(float((working["reps"] * working["weight_kg"]).sum()))
    assert sum(squat.y) < float((all_squats["reps"] * all_squats["weight_kg"]).sum())  # warm-ups left out

    in_lb = charts.tonnage_chart(alex.sets, lifts=["Squat (Barbell)"], unit="lb")
    assert in_lb.layout.yaxis.title.text == "weekly tonnage (lb)"
    np.testing.assert_allclose(np.asarray(in_lb.data[0].y, dtype=float), np.asarray(squat.y, dtype=float) / KG_PER_LB)


# Pain -------------------------------------------------------------------------------------


def test_pain_timeline_by_region(demo):
    frankie = demo["Frankie Reload"].pain
    fig = charts.pain_chart(frankie)
    regions = set(frankie["region"])
    marker_traces = [t for t in fig.data if t.mode == "markers"]
    assert {t.name for t in marker_traces} == regions
    assert sum(len(t.y) for t in marker_traces) == len(frankie)
    assert len({t.marker.color for t in marker_traces}) == len(regions)
    centre = trace(fig, "low back centre")
    expected = frankie[frankie["region"] == "low back centre"]
    np.testing.assert_array_equal(np.asarray(centre.y, dtype=float), expected["pain"].to_numpy(dtype=float))
    assert list(pd.to_datetime(centre.x)) == list(expected["recorded_at"])
    assert "worse bending forward" in centre.customdata[0][0]
    assert fig.layout.yaxis.title.text == "pain (0–10)"


def test_pain_hover_lists_red_flags(alex):
    flagged = alex.pain.copy()
    flagged.loc[flagged.index[-1], "constant_pain"] = True
    fig = charts.pain_chart(flagged)
    last = trace(fig, flagged["region"].iloc[-1])
    assert "RED FLAGS: constant pain not eased by rest" in last.customdata[-1][0]
    assert last.marker.symbol[-1] == "diamond" and last.marker.symbol[0] == "circle"
    assert not alex.pain["constant_pain"].any()  # the copy was changed, not the original


# Empty input, serialisation, purity -------------------------------------------------------


def test_every_chart_on_empty_input_explains_what_to_log(demo):
    nobody = demo[NOBODY]
    assert nobody.sessions.empty and nobody.sets.empty and nobody.pain.empty
    figures = {
        "load": charts.load_chart(nobody.daily, pain=nobody.pain, phases=[], triage=[]),
        "load, bare series": charts.load_chart(pd.Series([], dtype=float)),
        "e1rm": charts.e1rm_chart(load.best_e1rm(nobody.sets)),
        "e1rm, lb": charts.e1rm_chart(load.best_e1rm(nobody.sets), unit="lb"),
        "e1rm, unknown lift": charts.e1rm_chart(load.best_e1rm(demo["Alex Ramp"].sets), lifts=["Zercher Squat (Barbell)"]),
        "tonnage": charts.tonnage_chart(nobody.sets),
        "tonnage, unknown lift": charts.tonnage_chart(demo["Alex Ramp"].sets, lifts=["Not A Lift"]),
        "pain": charts.pain_chart(nobody.pain),
    }
    for what, fig in figures.items():
        assert isinstance(fig, go.Figure), what
        assert len(fig.data) == 0, what
        (note,) = fig.layout.annotations
        assert "log" in note.text.lower(), what
        assert (note.x, note.y, note.xref, note.yref) == (0.5, 0.5, "paper", "paper"), what
        fig.to_json()
    assert charts.main_lifts(nobody.sets) == []


def test_figures_serialise(demo):
    for name, athlete in demo.items():
        figures = [
            charts.load_chart(athlete.daily, pain=athlete.pain, phases=athlete.history["phases"], triage=athlete.history["triage"]),
            charts.e1rm_chart(load.best_e1rm(athlete.sets), lifts=charts.main_lifts(athlete.sets), unit=athlete.unit),
            charts.tonnage_chart(athlete.sets, unit=athlete.unit),
            charts.pain_chart(athlete.pain),
        ]
        for fig in figures:
            data = json.loads(fig.to_json())
            assert "data" in data and "layout" in data, name
            assert go.Figure(data).to_json()  # round trip, as the report embeds it


def test_inputs_are_unchanged(alex):
    daily, pain, sets = alex.daily.copy(), alex.pain.copy(), alex.sets.copy()
    best = load.best_e1rm(sets)
    best_before = best.copy()
    charts.load_chart(alex.daily, pain=alex.pain, phases=alex.history["phases"])
    charts.e1rm_chart(best, unit="lb")
    charts.tonnage_chart(alex.sets, unit="lb")
    charts.pain_chart(alex.pain)
    charts.main_lifts(alex.sets)
    pd.testing.assert_series_equal(alex.daily, daily)
    pd.testing.assert_frame_equal(alex.pain, pain)
    pd.testing.assert_frame_equal(alex.sets, sets)
    pd.testing.assert_frame_equal(best, best_before)


def test_charts_do_not_import_streamlit():
    code = "import sys, tracker.charts, tracker.science.weekly; print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_wellness_chart_draws_answers_under_load_and_pain():
    from tracker.charts import wellness_chart

    days = pd.date_range("2025-03-01", periods=3, freq="D", unit="us")
    wellness = pd.DataFrame({"date": days, "sleep_hours": [7.0, None, 6.0], "sleep_quality": [4.0, 3.0, None], "soreness": [2.0, 4.0, 5.0],
                             "stress": [None] * 3, "mood": [3.0, 3.0, 2.0], "fatigue": [None] * 3, "source": ["manual"] * 3}).astype({"stress": float, "fatigue": float})
    daily = pd.Series([300.0, 0.0, 450.0], index=days)
    pain = pd.DataFrame({"recorded_at": [days[2] + pd.Timedelta(hours=8)], "pain": [6]})
    fig = wellness_chart(wellness, daily, pain, metric_label="sRPE load (AU)")
    names = [trace.name for trace in fig.data]
    assert names == ["daily sRPE load (AU)", "pain (0–10)", "sleep (hours)", "sleep quality (5 = very good)", "mood (5 = very good)", "soreness (5 = very sore)"]
    assert list(fig.data[5].y) == [2.0, 4.0, 5.0] and fig.layout.yaxis3.range == (0.5, 5.5)
    full = wellness.assign(stress=3.0, fatigue=2.0)  # every answer given: still five legend entries
    assert legend_entries(wellness_chart(full, daily, pain)) == [label for label, _ in charts.WELLNESS_SCORES.values()]
    alone = wellness_chart(wellness)  # the wellness page: answers only, one panel
    assert [trace.name for trace in alone.data][0] == "sleep (hours)" and "yaxis3" not in alone.layout
    assert "No wellness answers yet" in wellness_chart(wellness.iloc[0:0]).layout.annotations[0].text


def test_roster_cells_are_tinted_in_the_triage_colours_of_the_charts():
    for level, colour in charts.TRIAGE_COLOURS.items():
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert charts.triage_tint(level) == f"rgba({red}, {green}, {blue}, {charts.TRIAGE_TINT_OPACITY})"
    assert charts.triage_tint("none") == ""


def legend_entries(fig: go.Figure) -> list[str]:
    """What a reader sees in the legend: one entry per shown trace (a legend group counts once)."""
    shown = [t for t in fig.data if t.showlegend is not False]
    return list(dict.fromkeys(t.legendgroup or t.name for t in shown))


def test_legends_have_at_most_five_entries_to_read_on_a_phone(alex, alex_load):
    assert legend_entries(alex_load) == ["daily load", "acute (7-day EWMA)", "chronic (28-day EWMA)", "pain (0–10)", "ACWR (EWMA)"]
    lifts = charts.main_lifts(alex.sets)
    assert len(lifts) == 4
    assert legend_entries(charts.e1rm_chart(load.best_e1rm(alex.sets), lifts=lifts, unit=alex.unit)) == lifts
    assert legend_entries(charts.tonnage_chart(alex.sets, lifts=lifts, unit=alex.unit)) == lifts


def _without_empty_objects(value):
    """A figure's JSON as plotly's validation leaves it: empty objects and lists dropped."""
    if isinstance(value, dict):
        kept = {key: _without_empty_objects(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item not in ({}, [])}
    if isinstance(value, list):
        return [_without_empty_objects(item) for item in value]
    return value


def validated(fig: go.Figure) -> go.Figure:
    """`fig` through plotly's validation, which raises on any property plotly does not know:
    charts build figures unvalidated for speed (`charts._figure`), so the tests validate them."""
    return go.Figure(fig.to_dict())


def test_every_chart_passes_plotlys_validation_unchanged(demo):
    days = pd.date_range("2025-03-01", periods=3, freq="D", unit="us")
    wellness = pd.DataFrame({"date": days, "sleep_hours": [7.0, None, 6.0], "sleep_quality": [4.0, 3.0, None], "soreness": [2.0, 4.0, 5.0],
                             "stress": [3.0] * 3, "mood": [3.0, 3.0, 2.0], "fatigue": [None] * 3, "source": ["manual"] * 3}).astype({"fatigue": float})
    figures = {
        "empty": charts.empty_figure("Nothing logged yet."),
        "wellness": charts.wellness_chart(wellness, pd.Series([300.0, 0.0, 450.0], index=days), pd.DataFrame({"recorded_at": [days[2]], "pain": [6]})),
        "wellness alone": charts.wellness_chart(wellness),
    }
    for name, athlete in demo.items():
        lifts = charts.main_lifts(athlete.sets)
        figures |= {
            f"{name}: load": charts.load_chart(athlete.daily, pain=athlete.pain, phases=athlete.history["phases"], triage=athlete.history["triage"]),
            f"{name}: tonnage load": charts.load_chart(load.daily_load(athlete.sessions, "tonnage"), metric="tonnage"),
            f"{name}: e1rm": charts.e1rm_chart(load.best_e1rm(athlete.sets), lifts=lifts, unit="lb"),
            f"{name}: tonnage": charts.tonnage_chart(athlete.sets, lifts=lifts, unit=athlete.unit),
        }
    for name, fig in figures.items():
        assert _without_empty_objects(json.loads(validated(fig).to_json())) == _without_empty_objects(json.loads(fig.to_json())), name
    with pytest.raises(ValueError, match="bogus"):  # what the check catches: a property plotly does not know
        validated(charts._figure([{"type": "bar", "bogus": 1}], {}, height=300))

"""The body chart (heat map and picker) and the physio's timeline chart."""

import datetime as dt
import json

import pandas as pd
import pytest

from tracker import bodymap, charts
from tracker.timeline import Event, Kind, events_frame
from tracker.vocab import BODY_AREA_LABELS, BodyArea


def centre_x(area: str) -> float:
    return charts._centre(charts.BODY_AREA_SHAPES[area])[0]


def test_every_area_is_drawn_once_and_sides_are_as_the_viewer_sees_them():
    assert sorted(charts.BODY_AREA_SHAPES) == sorted(a.value for a in BodyArea)
    # From behind, the lifter's left is on the left; from the front, on the right.
    assert centre_x("buttock-left") < centre_x("buttock-right") < centre_x("hip-front-right") < centre_x("hip-front-left")
    assert centre_x("low-back-left") < centre_x("low-back-centre") < centre_x("low-back-right")
    assert centre_x("calf-left") + centre_x("calf-right") == pytest.approx(100)  # mirror images about the back view's spine


def test_the_heat_map_shades_areas_by_reports_and_writes_the_counts():
    pain = pd.DataFrame([
        {"region": "leg", "side": "left", "body_areas": "low-back-left;calf-left", "pain": 6, "below_knee": True},
        {"region": "low back left", "side": "left", "body_areas": None, "pain": 3, "below_knee": False},
    ])  # fmt: skip
    fig = charts.body_chart(bodymap.area_heat(pain))
    fills = {shape.name: shape.fillcolor for shape in fig.layout.shapes if shape.name}
    assert set(fills) == set(charts.BODY_AREA_SHAPES)
    assert fills["low-back-left"] == charts.BODY_COLOURS["heat_high"]  # the busiest area: 2 reports
    assert fills["calf-left"] == charts._heat_colour(0.5) != fills["low-back-left"]
    assert fills["calf-right"] == charts.BODY_COLOURS["area"]
    text = fig.data[0]
    counts = dict(zip(charts.BODY_AREA_SHAPES, text.text))
    assert counts["low-back-left"] == "2" and counts["calf-left"] == "1" and counts["shin-left"] == ""
    assert "low back, left: 2 report(s), highest 6/10" == text.hovertemplate.replace("%{customdata[0]}", text.customdata[0][0]).replace(
        "%{customdata[1]}", str(text.customdata[0][1])).replace("%{customdata[2]}", str(text.customdata[0][2])).split("<extra>")[0]  # fmt: skip


def test_an_empty_heat_map_is_all_neutral():
    fig = charts.body_chart(bodymap.area_heat(pd.DataFrame(columns=["region", "side", "body_areas", "pain"])))
    assert {shape.fillcolor for shape in fig.layout.shapes if shape.name} == {charts.BODY_COLOURS["area"]}


def test_the_picker_is_a_vega_lite_point_selection_over_the_areas():
    spec = charts.body_picker_spec(picked=["calf-left"], implied=["low-back-centre"])
    json.dumps(spec)  # plain JSON for st.vega_lite_chart
    outline, areas, labels = spec["layer"]
    features = areas["data"]["values"]
    assert [f["properties"]["area"] for f in features] == list(charts.BODY_AREA_SHAPES)
    assert [f["properties"]["label"] for f in features] == [BODY_AREA_LABELS[BodyArea(a)] for a in charts.BODY_AREA_SHAPES]
    assert [f["properties"]["area"] for f in features if f["properties"]["implied"]] == ["low-back-centre"]
    (selection,) = areas["params"]
    assert selection["name"] == charts.PICKER_SELECTION
    assert selection["select"] == {"type": "point", "fields": ["area"], "toggle": "true", "on": "click", "clear": False}
    assert selection["value"] == [{"area": "calf-left"}]
    assert "value" not in charts.body_picker_spec()["layer"][1]["params"][0]
    assert len(outline["data"]["values"]) == 4 and [label["text"] for label in labels["data"]["values"]][::3] == ["Back", "Front"]
    assert "http" not in json.dumps(spec)


def test_the_timeline_chart_has_a_row_per_kind_over_the_load():
    events = events_frame([
        Event(dt.datetime(2026, 6, 1, 9), Kind.PAIN, "Pain 5/10", score=5),
        Event(dt.datetime(2026, 6, 3, 9), Kind.NOTE, "Clinical note"),
        Event(dt.datetime(2026, 6, 4, 9), Kind.CLEARANCE, "Cleared"),
    ])  # fmt: skip
    daily = pd.Series([100.0] * 60, index=pd.date_range("2026-04-10", periods=60))
    fig = charts.timeline_chart(events, daily, metric="srpe", start=dt.date(2026, 5, 1), end=dt.date(2026, 6, 8))
    names = [trace.name for trace in fig.data]
    assert names == ["pain report", "clinical note", "clearance", "daily load", "acute (7-day EWMA)", "chronic (28-day EWMA)"]
    assert list(fig.layout.yaxis.categoryarray) == ["clearance", "clinical note", "pain report"]  # top to bottom as listed
    assert list(fig.data[0].marker.size) == [15]  # bigger for a higher score
    assert pd.Timestamp(fig.layout.xaxis.range[0]) < pd.Timestamp("2026-05-01") < pd.Timestamp("2026-06-08") < pd.Timestamp(fig.layout.xaxis.range[1])
    with pytest.raises(ValueError, match="metric must be one of"):
        charts.timeline_chart(events, daily, metric="joules", start=dt.date(2026, 5, 1), end=dt.date(2026, 6, 8))


def test_an_empty_timeline_says_so():
    fig = charts.timeline_chart(events_frame([]), pd.Series(dtype=float), metric="srpe", start=dt.date(2026, 5, 1), end=dt.date(2026, 6, 8))
    assert [a.text for a in fig.layout.annotations] == ["No sessions logged yet.", "Nothing recorded in these dates."]

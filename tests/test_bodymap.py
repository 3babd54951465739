"""Where it hurts: body-chart areas as regions and sides, the checks on input, storage and the heat map."""

import datetime as dt

import pandas as pd
import pytest

from tracker import bodymap, exchange, store
from tracker.errors import ValidationError
from tracker.schemas import PainIn, validate
from tracker.vocab import BodyArea, Feature, Region, Side

A = BodyArea
NOW = dt.datetime.now().replace(microsecond=0)


@pytest.mark.parametrize(
    ("areas", "region", "side"),
    [
        ([A.LOW_BACK_CENTRE], Region.CENTRE, None),
        ([A.LOW_BACK_LEFT], Region.LEFT, Side.LEFT),
        ([A.LOW_BACK_LEFT, A.LOW_BACK_CENTRE], Region.LEFT, Side.LEFT),
        ([A.LOW_BACK_LEFT, A.LOW_BACK_RIGHT], Region.BOTH, Side.BOTH),
        ([A.LOW_BACK_RIGHT, A.BUTTOCK_RIGHT], Region.BUTTOCK, Side.RIGHT),
        ([A.LOW_BACK_CENTRE, A.BUTTOCK_LEFT, A.THIGH_BACK_LEFT], Region.LEG, Side.LEFT),
        ([A.LOW_BACK_LEFT, A.CALF_RIGHT], Region.LEG, Side.BOTH),
        ([A.HIP_FRONT_RIGHT], Region.LEG, Side.RIGHT),
    ],
)
def test_the_region_is_the_furthest_from_the_spine_and_the_side_covers_every_tap(areas, region, side):
    assert bodymap.region_of(areas) == region
    assert bodymap.side_of(areas) == side
    location = bodymap.PainLocation.from_areas(reversed(areas))
    assert (location.region, location.side) == (region, side)
    assert location.areas == tuple(a for a in BodyArea if a in areas)  # chart order, whatever the tapping order


def test_every_area_maps_to_a_region_and_no_tap_is_refused():
    assert set(bodymap.AREAS) == set(BodyArea)
    with pytest.raises(ValueError):
        bodymap.region_of([])


def test_a_tap_below_the_knee_is_pain_below_the_knee():
    assert bodymap.implied_features([A.CALF_LEFT]) == {Feature.BELOW_KNEE}
    assert bodymap.implied_features([A.SHIN_RIGHT, A.LOW_BACK_CENTRE]) == {Feature.BELOW_KNEE}
    assert bodymap.implied_features([A.THIGH_BACK_LEFT, A.BUTTOCK_LEFT]) == frozenset()


@pytest.mark.parametrize(
    ("region", "side", "below_knee", "areas"),
    [
        ("low back centre", None, False, (A.LOW_BACK_CENTRE,)),
        ("low back left", None, False, (A.LOW_BACK_LEFT,)),
        ("low back both sides", None, False, (A.LOW_BACK_LEFT, A.LOW_BACK_RIGHT)),
        ("buttock", "right", False, (A.BUTTOCK_RIGHT,)),
        ("buttock", None, False, (A.BUTTOCK_LEFT, A.BUTTOCK_RIGHT)),
        ("leg", "left", True, (A.CALF_LEFT,)),
        ("leg", "both", False, (A.THIGH_BACK_LEFT, A.THIGH_BACK_RIGHT)),
    ],
)
def test_a_report_without_a_drawing_is_placed_by_its_region_and_side(region, side, below_knee, areas):
    assert bodymap.areas_for(region, side, below_knee=below_knee) == areas


def test_areas_as_text_round_trip_in_chart_order():
    text = bodymap.to_text([A.CALF_RIGHT, A.LOW_BACK_LEFT])
    assert text == "low-back-left;calf-right"
    assert bodymap.from_text(text) == (A.LOW_BACK_LEFT, A.CALF_RIGHT)
    assert bodymap.to_text([]) is None and bodymap.from_text(None) == () and bodymap.from_text(float("nan")) == ()


def test_describe_names_the_areas_or_the_region_and_side():
    assert bodymap.describe("buttock", "left", "buttock-left;thigh-back-left") == "left buttock, back of the left thigh"
    assert bodymap.describe("leg", "right") == "leg, right"
    assert bodymap.describe("low back left", "left") == "low back left"


# The input schema ------------------------------------------------------------------------------


def pain_in(**fields):
    return validate(PainIn, {"recorded_at": NOW, "pain": 4, **fields})


def test_a_one_sided_low_back_region_fills_in_its_side():
    assert pain_in(region="low back left").side == Side.LEFT
    assert pain_in(region="low back both sides").side == Side.BOTH
    assert pain_in(region="low back centre").side is None
    assert pain_in(region="buttock").side is None
    assert pain_in(region="leg", side="right").side == Side.RIGHT


def test_a_side_that_contradicts_the_region_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as refused:
        pain_in(region="low back left", side="right")
    assert refused.value.problems[0].field == "side"
    assert str(refused.value) == "side must be left for region 'low back left' (got 'right')"
    with pytest.raises(ValidationError, match="side must be empty for region 'low back centre'"):
        pain_in(region="low back centre", side="left")
    with pytest.raises(ValidationError, match="side must be one of"):
        pain_in(region="leg", side="up")


def test_areas_must_agree_with_the_region_and_side():
    ok = pain_in(region="leg", side="left", body_areas=["low-back-centre", "calf-left"])
    assert ok.body_areas == {A.LOW_BACK_CENTRE, A.CALF_LEFT}
    assert ok.entry_columns()["body_areas"] == "low-back-centre;calf-left"
    with pytest.raises(ValidationError) as refused:
        pain_in(region="low back centre", body_areas=["calf-left"])
    assert refused.value.problems[0].field == "body_areas"
    assert "body areas say region 'leg' and side 'left' (got 'low back centre', 'none')" in str(refused.value)
    with pytest.raises(ValidationError, match="body areas must be one of"):
        pain_in(region="leg", side="left", body_areas=["elbow-left"])


# Storage, export and import ---------------------------------------------------------------------


def test_side_and_areas_are_stored_and_read_back(db, athlete):
    location = bodymap.PainLocation.from_areas([A.BUTTOCK_RIGHT, A.THIGH_BACK_RIGHT])
    entry = store.add_pain(db, athlete_id=athlete.id, data={"recorded_at": NOW, "pain": 5, **location.fields()})
    assert (entry.region, entry.side, entry.body_areas) == ("leg", "right", "buttock-right;thigh-back-right")
    frame = store.pain_frame(db, athlete_id=athlete.id)
    assert list(frame[["region", "side", "body_areas"]].iloc[0]) == ["leg", "right", "buttock-right;thigh-back-right"]
    store.update_pain(db, pain_id=entry.id, data={"recorded_at": NOW, "pain": 2, "region": "low back right"})
    assert list(store.pain_frame(db, athlete_id=athlete.id)[["region", "side", "body_areas"]].iloc[0]) == ["low back right", "right", None]


def test_a_refused_report_stores_nothing(db, athlete):
    with pytest.raises(ValidationError):
        store.add_pain(db, athlete_id=athlete.id, data={"recorded_at": NOW, "pain": 5, "region": "low back centre", "body_areas": ["calf-left"]})
    assert store.pain_frame(db, athlete_id=athlete.id).empty


def test_side_and_areas_travel_with_the_export_and_an_older_export_still_imports(db, athlete):
    location = bodymap.PainLocation.from_areas([A.LOW_BACK_LEFT, A.SHIN_LEFT])
    store.add_pain(db, athlete_id=athlete.id, data={"recorded_at": NOW, "pain": 6, **location.fields(), "features": ["below_knee"]})
    store.add_pain(db, athlete_id=athlete.id, data={"recorded_at": NOW - dt.timedelta(days=1), "pain": 3, "region": "low back right"})
    files = exchange.export_files(db, athlete_id=athlete.id)
    lines = files["pain.csv"].splitlines()
    assert lines[0].startswith("recorded_at,pain,region,side,body_areas,quality")
    assert ",low back right,right,," in lines[1] and ",leg,left,low-back-left;shin-left," in lines[2]

    copy = store.create_athlete(db, data={"name": "Copy"})
    exchange.import_native(db, athlete_id=copy.id, texts=files)
    assert exchange.export_files(db, athlete_id=copy.id)["pain.csv"] == files["pain.csv"]

    # The same file as an earlier version wrote it, without the two columns.
    old = "\n".join(",".join(c for i, c in enumerate(line.split(",")) if i not in (3, 4)) for line in lines) + "\n"
    older = store.create_athlete(db, data={"name": "Older"})
    exchange.import_native(db, athlete_id=older.id, texts={**files, "pain.csv": old})
    pain = store.pain_frame(db, athlete_id=older.id)
    assert list(pain["region"]) == ["low back right", "leg"]
    assert list(pain["side"].fillna("")) == ["right", ""]  # the region's own side is filled in
    assert pain["body_areas"].isna().all()


# The heat map ------------------------------------------------------------------------------------


def test_heat_counts_reports_per_area_with_the_peak_and_how_many_were_drawn():
    pain = pd.DataFrame(
        [
            {"region": "leg", "side": "left", "body_areas": "low-back-left;calf-left", "pain": 6, "below_knee": True},
            {"region": "low back left", "side": "left", "body_areas": None, "pain": 3, "below_knee": False},
            {"region": "leg", "side": None, "body_areas": None, "pain": 4, "below_knee": True},
        ]
    )
    heat = bodymap.area_heat(pain)
    assert list(heat.index) == [a.value for a in BodyArea]
    assert heat.loc["low-back-left"].tolist() == [2, 6, 1]
    assert heat.loc["calf-left"].tolist() == [2, 6, 1]
    assert heat.loc["calf-right"].tolist() == [1, 4, 0]  # a leg report with no side: both calves
    assert heat.loc["thigh-front-left"].tolist() == [0, 0, 0]
    assert bodymap.area_heat(pain.iloc[0:0])["reports"].sum() == 0

"""Where it hurts: the body chart's areas as the regions and sides the rules read, and how
often each area was reported.

A report drawn on the body chart keeps every area tapped. Its region is the one furthest from
the spine (leg, then buttock, then the low back), because that is what triage reads: pain
spreading into the buttock or leg matters more than where it started. Its side is left, right
or both. A report given with the radio buttons, imported, or logged before the chart existed
has a region and perhaps a side but no areas; `areas_for` places it on the chart.

Pure: no database, no Streamlit; only `tracker.vocab`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from tracker.vocab import BODY_AREA_LABELS, SIDE_LABELS, BodyArea, Feature, Region, Side


@dataclass(frozen=True)
class AreaInfo:
    view: str  # "back" or "front": which outline of the chart it is drawn on
    region: Region
    side: Side | None  # None: the midline
    below_knee: bool = False


AREAS: dict[BodyArea, AreaInfo] = {
    BodyArea.LOW_BACK_LEFT: AreaInfo("back", Region.LEFT, Side.LEFT),
    BodyArea.LOW_BACK_CENTRE: AreaInfo("back", Region.CENTRE, None),
    BodyArea.LOW_BACK_RIGHT: AreaInfo("back", Region.RIGHT, Side.RIGHT),
    BodyArea.BUTTOCK_LEFT: AreaInfo("back", Region.BUTTOCK, Side.LEFT),
    BodyArea.BUTTOCK_RIGHT: AreaInfo("back", Region.BUTTOCK, Side.RIGHT),
    BodyArea.THIGH_BACK_LEFT: AreaInfo("back", Region.LEG, Side.LEFT),
    BodyArea.THIGH_BACK_RIGHT: AreaInfo("back", Region.LEG, Side.RIGHT),
    BodyArea.CALF_LEFT: AreaInfo("back", Region.LEG, Side.LEFT, below_knee=True),
    BodyArea.CALF_RIGHT: AreaInfo("back", Region.LEG, Side.RIGHT, below_knee=True),
    BodyArea.HIP_FRONT_LEFT: AreaInfo("front", Region.LEG, Side.LEFT),
    BodyArea.HIP_FRONT_RIGHT: AreaInfo("front", Region.LEG, Side.RIGHT),
    BodyArea.THIGH_FRONT_LEFT: AreaInfo("front", Region.LEG, Side.LEFT),
    BodyArea.THIGH_FRONT_RIGHT: AreaInfo("front", Region.LEG, Side.RIGHT),
    BodyArea.SHIN_LEFT: AreaInfo("front", Region.LEG, Side.LEFT, below_knee=True),
    BodyArea.SHIN_RIGHT: AreaInfo("front", Region.LEG, Side.RIGHT, below_knee=True),
}
LOW_BACK = {Region.CENTRE, Region.LEFT, Region.RIGHT, Region.BOTH}
#: The side a low-back region already says; a region not listed may have any side.
REGION_SIDES: dict[Region, Side | None] = {Region.CENTRE: None, Region.LEFT: Side.LEFT, Region.RIGHT: Side.RIGHT, Region.BOTH: Side.BOTH}
_REACH = {Region.BUTTOCK: 1, Region.LEG: 2}  # distance from the spine; the low back is 0
_SIDED_LOW_BACK = {None: Region.CENTRE, Side.LEFT: Region.LEFT, Side.RIGHT: Region.RIGHT, Side.BOTH: Region.BOTH}
SEPARATOR = ";"


def side_of(areas: Iterable[BodyArea]) -> Side | None:
    """Left, right or both, over every area tapped; None when only the midline was."""
    sides = {AREAS[BodyArea(area)].side for area in areas} - {None}
    if not sides:
        return None
    return sides.pop() if len(sides) == 1 else Side.BOTH


def region_of(areas: Iterable[BodyArea]) -> Region:
    """The region furthest from the spine among the areas (for the low back: which side)."""
    areas = [BodyArea(area) for area in areas]
    if not areas:
        raise ValueError("no area was tapped")
    reach = max(_REACH.get(AREAS[area].region, 0) for area in areas)
    if reach == 0:
        return _SIDED_LOW_BACK[side_of(areas)]
    return next(AREAS[area].region for area in areas if _REACH.get(AREAS[area].region, 0) == reach)


def areas_for(region: Region | str, side: Side | str | None = None, *, below_knee: bool = False) -> tuple[BodyArea, ...]:
    """Where a report given without the chart sits on it: its region on its side (both sides when
    no side was given); a leg report below the knee on the calves, otherwise the backs of the thighs."""
    region = Region(region)
    side = Side(side) if side else REGION_SIDES.get(region)
    if region == Region.CENTRE:
        return (BodyArea.LOW_BACK_CENTRE,)
    stem = {Region.BUTTOCK: "buttock", Region.LEG: "calf" if below_knee else "thigh-back"}.get(region, "low-back")
    sides = [Side.LEFT, Side.RIGHT] if side in (None, Side.BOTH) else [side]
    return tuple(BodyArea(f"{stem}-{s.value}") for s in sides)


def implied_features(areas: Iterable[BodyArea]) -> frozenset[Feature]:
    """A tap below the knee is pain below the knee, whether or not that box was also ticked."""
    return frozenset({Feature.BELOW_KNEE}) if any(AREAS[BodyArea(a)].below_knee for a in areas) else frozenset()


# Checks the input schema runs (tracker.schemas.PainIn) ---------------------------------------


def side_problem(region: Region, side: Side | None) -> str | None:
    """Why `side` cannot go with `region` ('low back left' is on the left), or None."""
    if region in REGION_SIDES and side != REGION_SIDES[region]:
        expected = REGION_SIDES[region]
        want = f"be {expected.value}" if expected else "be empty"
        return f"must {want} for region {region.value!r}"
    return None


def areas_problem(areas: Iterable[BodyArea], region: Region, side: Side | None) -> str | None:
    """Why the tapped areas disagree with the region and side given with them, or None."""
    areas = list(areas)
    if not areas:
        return None
    expected = (region_of(areas), side_of(areas))
    if expected != (region, side):
        said = f"region {expected[0].value!r} and side {expected[1].value if expected[1] else 'none'!r}"
        got = f"{region.value!r}, {side.value if side else 'none'!r}"
        return f"say {said} (got {got})"
    return None


# Storage and words --------------------------------------------------------------------------------


def to_text(areas: Iterable[BodyArea]) -> str | None:
    """The areas as stored and exported: in chart order, joined by ';'; None for none."""
    chosen = {BodyArea(area) for area in areas}
    return SEPARATOR.join(area.value for area in BodyArea if area in chosen) or None


def from_text(text: str | None) -> tuple[BodyArea, ...]:
    if not isinstance(text, str):
        return ()
    return tuple(BodyArea(part.strip()) for part in text.split(SEPARATOR) if part.strip())


def describe(region: str, side: str | None = None, body_areas: str | None = None) -> str:
    """Where a report hurt, in words: the areas tapped, else the region with its side."""
    if areas := from_text(body_areas):
        return ", ".join(BODY_AREA_LABELS[area] for area in areas)
    if isinstance(side, str) and side and Region(region) not in LOW_BACK:
        return f"{region}, {SIDE_LABELS[Side(side)]}"
    return region


@dataclass(frozen=True)
class PainLocation:
    """Where one report hurts, as the check-in form hands it to `tracker.schemas.PainIn`."""

    region: Region
    side: Side | None = None
    areas: tuple[BodyArea, ...] = ()

    @classmethod
    def from_areas(cls, areas: Iterable[BodyArea]) -> PainLocation:
        tapped = {BodyArea(area) for area in areas}
        chosen = tuple(area for area in BodyArea if area in tapped)
        return cls(region_of(chosen), side_of(chosen), chosen)

    def fields(self) -> dict:
        """The PainIn fields: region, side and body_areas."""
        return {"region": self.region.value, "side": self.side.value if self.side else None, "body_areas": [a.value for a in self.areas]}

    @property
    def implied_features(self) -> frozenset[Feature]:
        return implied_features(self.areas)


# The heat map -------------------------------------------------------------------------------------


def area_heat(pain: pd.DataFrame) -> pd.DataFrame:
    """Per body-chart area (every area, in chart order): how many reports `pain` (a
    `store.pain_frame`) places there, the highest score among them, and how many of those were
    drawn on the chart rather than placed by their region."""
    counts = {area.value: [0, 0, 0] for area in BodyArea}
    for row in pain.to_dict("records"):
        drawn = from_text(row.get("body_areas"))
        side = row.get("side") if isinstance(row.get("side"), str) else None
        areas = drawn or areas_for(row["region"], side, below_knee=bool(row.get(Feature.BELOW_KNEE.value, False)))
        for area in areas:
            count = counts[area.value]
            count[0] += 1
            count[1] = max(count[1], int(row["pain"]))
            count[2] += bool(drawn)
    frame = pd.DataFrame.from_dict(counts, orient="index", columns=["reports", "peak", "drawn"])
    return frame.rename_axis("area")

"""Where it hurts, drawn: the lifter taps the body chart on the log page (1280 px and 390 px),
the radio buttons follow the taps, and the report is stored with its region, side and areas."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser import lifter
from tests.browser.test_phone import PLANK, RDL, SQUAT, lower_a
from tracker import store
from tracker.charts import BODY_COLOURS
from tracker.vocab import BODY_AREA_LABELS, BodyArea

WIDTHS = {"desktop": 1280, "phone": 390}
PICKED, IMPLIED, AREA = BODY_COLOURS["picked"], BODY_COLOURS["implied"], BODY_COLOURS["area"]


def at_width(make_app, viewport: str):
    app = make_app(viewport)
    if viewport == "desktop":
        app.page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    return app


def body_chart(app):
    chart = app.main().locator('[data-testid="stVegaLiteChart"]')
    expect(chart).to_have_count(1)
    return chart


def area_shape(app, area: str):
    """The drawn area, found by the label Vega gives it for screen readers."""
    shape = body_chart(app).locator(f'g.layer_1_marks path[aria-label="area: {BODY_AREA_LABELS[BodyArea(area)]}"]')
    expect(shape).to_have_count(1)
    return shape


def tap_area(app, area: str) -> None:
    """Tap (phone) or click (desktop) a body-chart area, and wait for the rerun."""
    shape = area_shape(app, area)
    shape.scroll_into_view_if_needed()
    box = shape.bounding_box()
    assert box, f"{area} is not drawn"
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    if app.viewport == "phone":
        app.page.touchscreen.tap(x, y)
    else:
        app.page.mouse.click(x, y)
    app.settle()


def pain_question(make_app, app_server, viewport: str, athlete: str, pain: int):
    """An athlete's log page at this width: last week's session repeated and done, and pain
    `pain` tapped (the chart shows)."""
    with app_server.db() as db:
        lower_a(db, store.create_athlete(db, data={"name": athlete}).id)
    app = at_width(make_app, viewport).open()
    app.wait_for_title("Log a session")
    lifter.start_from(app, "Lower A")
    for exercise in (SQUAT, RDL, PLANK):
        lifter.all_done(app, exercise)
    lifter.pill(app, "back_pain", str(pain))
    return app


def save(app) -> None:
    app.tap(app.page.get_by_role("button", name=re.compile(r"^Save .+ session$")))
    expect(app.page.get_by_text("Session saved")).to_be_visible()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_tapping_the_body_chart_sets_region_and_side_and_is_stored(make_app, app_server, viewport):
    app = pain_question(make_app, app_server, viewport, "Robin Sides", 5)

    tap_area(app, "low-back-left")
    expect(app.main().get_by_text("Marked: low back, left.")).to_be_visible()
    tap_area(app, "buttock-left")
    tap_area(app, "calf-left")
    expect(app.main().get_by_text("Marked: low back, left, left buttock, left calf (below the knee).")).to_be_visible()
    # The accessible fallback follows the drawing: the furthest region from the spine, and its side.
    expect(app.page.get_by_role("radio", name="leg", exact=True)).to_be_checked()
    expect(app.page.get_by_role("radiogroup", name="Which side?", exact=True).get_by_role("radio", name="left", exact=True)).to_be_checked()
    app.screenshot("three-areas")

    tap_area(app, "calf-left")  # a second tap clears it
    expect(app.main().get_by_text("Marked: low back, left, left buttock.")).to_be_visible()
    expect(app.page.get_by_role("radio", name="buttock", exact=True)).to_be_checked()
    for area in ("low-back-left", "buttock-left"):
        expect(area_shape(app, area)).to_have_attribute("fill", PICKED)
    expect(area_shape(app, "calf-left")).to_have_attribute("fill", AREA)
    body_chart(app).screenshot(path=str(app.screenshot("two-areas").with_name(f"test_body_chart-{viewport}-chart-only.png")))

    save(app)
    expect(app.page.locator('[data-testid="stException"]')).to_have_count(0)
    assert not app.errors, app.errors
    with app_server.db() as db:
        athlete = store.get_athlete_by_name(db, name="Robin Sides")
        pain = store.pain_frame(db, athlete_id=athlete.id)
    assert len(pain) == 1
    entry = pain.iloc[0]
    assert (entry["pain"], entry["region"], entry["side"], entry["body_areas"]) == (5, "buttock", "left", "low-back-left;buttock-left")
    assert not entry["below_knee"]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_radio_buttons_alone_still_say_where_and_the_chart_follows_them(make_app, app_server, viewport):
    app = pain_question(make_app, app_server, viewport, "Kim Keys", 4)
    tap_area(app, "low-back-centre")
    app.choose_radio("Where?", "leg")  # the radio wins: the tap is forgotten
    app.choose_radio("Which side?", "right")
    expect(app.main().get_by_text("Marked:", exact=False)).to_have_count(0)
    # The chart shows, lighter, where the buttons say: the back of the right thigh, only.
    expect(area_shape(app, "thigh-back-right")).to_have_attribute("fill", IMPLIED)
    expect(area_shape(app, "thigh-back-left")).to_have_attribute("fill", AREA)
    expect(area_shape(app, "low-back-centre")).to_have_attribute("fill", AREA)
    app.screenshot("radio-only")
    save(app)
    assert not app.errors, app.errors
    with app_server.db() as db:
        pain = store.pain_frame(db, athlete_id=store.get_athlete_by_name(db, name="Kim Keys").id)
    assert list(pain[["region", "side"]].iloc[0]) == ["leg", "right"] and pain["body_areas"].isna().all()

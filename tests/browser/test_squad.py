"""The coach's squad flows in a real browser at 1280 px and at 390 px: the roster (a table that
fits, cards on a phone, alert badges that clear), availability, squad file imports, the A4
squad report, and the athlete's daily wellness check. Screenshots in tests/artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.conftest import SHARED
from tracker import store
from tracker.demo import DEMO_ATHLETES, build_demo

TEAM = SHARED / "fixtures" / "team"
WIDTHS = [1280, 390]
HEADERS = ["Athlete", "New", "Availability", "Back check", "ACWR", "Week", "Phase", "Last pain", "Trained", "28 days"]


def at_width(make_app, width: int):
    """A tab at `width` px: the desktop context resized to 1280, or the phone context (390)."""
    app = make_app("desktop" if width > 640 else "phone")
    if width > 640:
        app.page.set_viewport_size({"width": width, "height": 1000})
    app.viewport = f"{width}px"
    return app.open()


def go(app, title: str) -> None:
    """Follow the page list to `title` (on a phone a drawer, which closes once a page is chosen)."""
    app.go_to_page(title)


@pytest.fixture
def demo(app_server):
    with app_server.db() as db:
        build_demo(db)
    return app_server


def card(app, name: str):
    return app.main().locator('[class*="st-key-card_"]').filter(has_text=name)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_roster_fits_the_screen_and_its_badges_clear_when_seen(make_app, demo, width):
    app = at_width(make_app, width)
    app.wait_for_navigation()
    go(app, "All athletes")
    wide, cards = app.main().locator(".st-key-roster_wide"), app.main().locator(".st-key-roster_cards")
    if width > 640:
        expect(wide).to_be_visible()
        expect(cards).to_be_hidden()
        grid = wide.locator('[data-testid="stDataFrame"]')
        expect(grid.locator('td[role="gridcell"]').first).to_be_attached()
        headers, rows = app.grid_table(grid)
        assert headers == HEADERS and len(rows) == len(DEMO_ATHLETES), (headers, rows)
        # Every column drawn inside the page: the grid does not scroll sideways.
        scroll = grid.evaluate("g => { const s = g.querySelector('.dvn-scroller'); return [s.scrollWidth, s.clientWidth]; }")
        assert scroll[0] <= scroll[1] + 1, scroll
        box, main = grid.bounding_box(), app.main().bounding_box()
        assert box["x"] + box["width"] <= main["x"] + main["width"], (box, main)
        app.screenshot("roster")
        drew = rows[[r[0] for r in rows].index("Drew Leg")]
        assert "flag" in drew[1], drew
        app.click_button("Mark all as seen")
        _, rows = app.grid_table(grid)
        assert all(row[1] == "" for row in rows), rows
        app.screenshot("roster-seen")
    else:
        expect(wide).to_be_hidden()
        expect(cards).to_be_visible()
        drew = card(app, "Drew Leg")
        expect(drew).to_contain_text("back check: urgent")
        expect(drew).to_contain_text("new flag")
        expect(drew).to_contain_text("ACWR")
        expect(drew).to_contain_text("Last pain")
        assert drew.bounding_box()["width"] <= 390
        app.screenshot("roster-cards")
        drew.get_by_role("button", name="Open").click()
        app.wait_for_title("Trends and advice")
        expect(app.page.get_by_role("heading", name="Drew Leg today", exact=True)).to_be_visible()
        go(app, "All athletes")
        expect(card(app, "Drew Leg")).not_to_contain_text("new flag")
        expect(card(app, "Alex Ramp")).to_contain_text("entered reduce")  # the others stay new
        app.screenshot("roster-cards-after-opening-drew")
    expect(app.page.locator('[data-testid="stException"]')).to_have_count(0)
    assert not app.errors, app.errors


@pytest.mark.parametrize("width", WIDTHS)
def test_availability_set_on_the_squad_page_shows_on_the_roster_and_trends(make_app, demo, width):
    app = at_width(make_app, width)
    app.wait_for_navigation()
    go(app, "Squad")
    app.pick("Athlete", "Alex Ramp")  # a tap, then the option: a phone's selectbox takes no typing
    app.choose_radio("Availability", "modified")
    app.page.get_by_role("textbox", name="What to leave out (one line, for modified)").fill("no heavy hinging")
    app.click_button("Save availability for Alex Ramp")
    expect(app.main().get_by_text("Alex Ramp: modified — no heavy hinging", exact=False)).to_be_visible()
    app.screenshot("availability-saved")
    go(app, "All athletes")
    if width > 640:
        grid = app.main().locator(".st-key-roster_wide").locator('[data-testid="stDataFrame"]')
        expect(app.grid_cells(grid, "modified — no heavy hinging")).to_have_count(1)
    else:
        expect(card(app, "Alex Ramp")).to_contain_text("modified — no heavy hinging")
    app.screenshot("availability-on-roster")
    go(app, "Trends and advice")  # Alex Ramp is the first athlete, so the one shown
    expect(app.page.get_by_role("heading", name="Alex Ramp today", exact=True)).to_be_visible()
    expect(app.main().get_by_text("modified — no heavy hinging (since", exact=False)).to_be_visible()
    expect(app.page.locator('[data-testid="stException"]')).to_have_count(0)
    assert not app.errors, app.errors


@pytest.fixture
def squad(app_server):
    """Seventeen athletes named as the DataFest files number their players."""
    with app_server.db() as db:
        for number in range(1, 18):
            store.create_athlete(db, data={"name": f"Player {number}"})
    return app_server


@pytest.mark.parametrize(("width", "file", "imported"), [(1280, "datafest_rpe.csv", "7,620"), (390, "datafest_wellness.csv", "5,011")])
def test_a_squad_file_imports_with_its_athletes_mapped(make_app, squad, width, file, imported):
    app = at_width(make_app, width)
    app.wait_for_navigation()
    go(app, "Squad")
    app.page.get_by_role("tab", name="Import team load").click()
    app.settle()
    app.main().locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(TEAM / file))
    app.settle()
    expect(app.main().get_by_text("Who is who", exact=False)).to_be_visible()
    expect(app.main().get_by_role("combobox", name="“13” (", exact=False)).to_have_value("Player 13")
    rows = "8,860 rows" if file == "datafest_rpe.csv" else "5,011 rows"
    summary = app.main().locator(".st-key-team_preview_summary")
    expect(summary).to_contain_text(rows)
    if file == "datafest_rpe.csv":
        expect(summary).to_contain_text("1,237 rest day, 349 refused")
        app.tick("Where RPE × minutes and the file's load disagree, keep the file's load")
        expect(summary).to_contain_text("7,620 imported, 1,237 rest day, 3 refused")
        app.tick("Skip the 3 refused row(s) and import the rest")
    app.screenshot("squad-import-preview")
    app.click_button(f"Import {imported} rows for the squad")
    expect(app.main().get_by_text(f"Imported: {imported} imported", exact=False)).to_be_visible(timeout=60_000)
    app.screenshot("squad-import-done")
    with squad.db() as db:
        player = store.get_athlete_by_name(db, name="Player 13")
        if file == "datafest_rpe.csv":
            assert len(store.sessions_frame(db, athlete_id=player.id)) > 400
    expect(app.page.locator('[data-testid="stException"]')).to_have_count(0)
    assert not app.errors, app.errors


def test_the_squad_report_downloads_and_prints_to_one_a4_page(make_app, demo, browser):
    pypdf = pytest.importorskip("pypdf")
    app = at_width(make_app, 1280)
    app.wait_for_navigation()
    go(app, "Squad")
    app.page.get_by_role("tab", name="Weekly report").click()
    app.settle()
    with app.page.expect_download() as download:
        app.page.get_by_role("button", name="Download the squad report (HTML, prints to A4)").click()
    html = ARTIFACTS / "squad-report.html"
    download.value.save_as(html)
    text = html.read_text(encoding="utf-8")
    assert "Squad weekly summary" in text and "Drew Leg" in text and "urgent" in text
    assert "below_knee" not in text and "pins" not in text.lower()  # level only, no clinical detail
    report = browser.new_page(viewport={"width": 1280, "height": 900})
    report.goto(html.as_uri())
    report.screenshot(path=str(ARTIFACTS / "squad-report.png"), full_page=True)
    pdf = ARTIFACTS / "squad-report.pdf"
    report.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    report.close()
    pages = pypdf.PdfReader(str(pdf)).pages
    assert len(pages) == 1
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points


@pytest.mark.parametrize("width", WIDTHS)
def test_the_daily_wellness_check_is_saved_and_charted_on_trends(make_app, demo, width):
    app = at_width(make_app, width)
    app.wait_for_navigation()
    go(app, "Daily wellness")
    app.page.get_by_role("spinbutton", name="Hours slept").fill("6.5")
    for key, answer in (("wellness_sleep_quality", "2"), ("wellness_soreness", "4"), ("wellness_mood", "3")):
        app.main().locator(f".st-key-{key}").get_by_role("radio", name=answer, exact=True).click()
        app.settle()
    app.click_button("Save today's wellness for Alex Ramp")
    expect(app.main().get_by_text("Today's check is done", exact=False)).to_be_visible()
    app.screenshot("wellness-saved")
    with demo.db() as db:
        from tracker.wellness import wellness_frame

        alex = store.get_athlete_by_name(db, name="Alex Ramp")
        saved = wellness_frame(db, athlete_id=alex.id).iloc[-1]
    assert (saved["sleep_hours"], saved["sleep_quality"], saved["soreness"], saved["mood"], saved["source"]) == (6.5, 2, 4, 3, "manual")
    go(app, "Trends and advice")
    heading = app.page.get_by_role("heading", name="Availability and wellness")
    heading.scroll_into_view_if_needed()
    expect(heading).to_be_visible()
    expect(app.main().locator(".js-plotly-plot").filter(has_text=re.compile("soreness"))).to_have_count(1)
    app.screenshot("trends-wellness")
    expect(app.page.locator('[data-testid="stException"]')).to_have_count(0)
    assert not app.errors, app.errors

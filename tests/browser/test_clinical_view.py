"""The physio's side in a real browser, at 1280 px and 390 px: a roster row opens the clinical
view on the timeline (newest first) with the load under it and where it hurt; a note saved after
the page was opened is in the report downloaded next (built when the button is pressed)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_roles import click_row_checkbox, roster_rows, sign_in
from tests.club import build_club
from tracker import store
from tracker.demo import build_demo

NOTE = "Facet-type pain; extension-biased loading this week, review Friday."


@pytest.fixture
def club(app_server):
    """The demo and the accounts of tests/club.py (Casey shares with "physio"), plus two recent
    reports of Casey's: one drawn on the body chart, one from the radio buttons."""
    today = dt.date.today()
    with app_server.db() as db:
        build_demo(db)
        build_club(db)
        casey = store.get_athlete_by_name(db, name="Casey Steady").id
        store.add_pain(db, athlete_id=casey, data={
            "recorded_at": dt.datetime.combine(today - dt.timedelta(days=1), dt.time(19, 30)), "pain": 5, "region": "buttock",
            "side": "left", "body_areas": ["low-back-left", "buttock-left"], "quality": "sharp", "notes": "After deadlifts",
        })  # fmt: skip
        store.add_pain(db, athlete_id=casey, data={
            "recorded_at": dt.datetime.combine(today - dt.timedelta(days=6), dt.time(8)), "pain": 3, "region": "low back left",
        })  # fmt: skip
    return app_server


def open_clinical_view(app, viewport: str) -> None:
    sign_in(app, "physio")
    app.wait_for_title("All athletes")
    if viewport == "desktop":
        grid, headers, rows = roster_rows(app)
        assert [r[headers.index("Athlete")] for r in rows] == ["Casey Steady"]
        click_row_checkbox(app, grid, 0)  # the roster row opens the physio's view, not trends
        app.wait_for_title("Clinical view")
    else:  # a phone: the page list is a drawer, which closes once a page is chosen
        app.go_to_page("Clinical view")


def timeline_lines(app) -> list[str]:
    """The timeline's lines as shown, top to bottom: each starts with its date and time."""
    texts = app.main().locator('[data-testid="stMarkdownContainer"]').all_inner_texts()
    return [" ".join(text.split()) for text in texts if re.match(r"^\w{3} \d\d \w{3} \d{4}, \d\d:\d\d", text.strip())]


def download_report(app, tmp_path, name: str) -> str:
    with app.page.expect_download() as download:
        app.main().get_by_role("button", name=re.compile("Download the report")).last.click()
    path = tmp_path / name
    download.value.save_as(path)
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_physio_opens_on_the_timeline_and_the_report_has_a_note_saved_after_opening(make_app, club, tmp_path, viewport):
    app = make_app(viewport)
    if viewport == "desktop":
        app.page.set_viewport_size({"width": 1280, "height": 900})
    app.open()
    open_clinical_view(app, viewport)
    page = app.page

    expect(page.get_by_role("heading", name="Casey Steady: what happened, newest first", exact=True)).to_be_visible()
    dated = app.main().locator('[data-testid="stMarkdownContainer"]').filter(has_text=re.compile(r"^\s*\w{3} \d\d \w{3} \d{4}, \d\d:\d\d"))
    expect(dated.nth(1)).to_be_visible()
    lines = timeline_lines(app)
    assert lines[:2] and "Pain 5/10 — low back, left, left buttock" in lines[0] and "Pain 3/10 — low back left" in lines[1], lines
    expect(app.main().get_by_text("sharp · “After deadlifts”")).to_be_visible()
    charts = app.main().locator('[data-testid="stPlotlyChart"]')
    expect(charts).to_have_count(2)  # the events over the load, then where it hurt
    expect(charts.nth(0).locator(".scatterlayer .trace").first).to_be_attached()
    expect(charts.nth(1).get_by_text("Back", exact=True)).to_be_attached()
    app.screenshot("timeline")

    first = download_report(app, tmp_path, "first.html")
    assert "Clinician report: Casey Steady" in first and NOTE not in first
    assert "low back, left, left buttock" in first

    app.page.get_by_role("textbox", name="New clinical note (the athlete and physios with access read it)").fill(NOTE)
    app.click_button("Save note")
    expect(app.main().get_by_text(NOTE, exact=False).first).to_be_visible()
    assert "Clinical note" in timeline_lines(app)[0]  # the newest event: on top

    second = download_report(app, tmp_path, "second.html")
    assert NOTE in second  # built when the button was pressed, not when the page was drawn
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    app.screenshot("after-note")
    assert not app.errors, app.errors

    with club.db() as db:
        from sqlmodel import select

        from tracker.models import AccessLog

        reports = db.exec(select(AccessLog).where(AccessLog.action == "report")).all()
    assert len(reports) == 2  # each download checked and logged, for Casey to see

"""Who sees what once accounts exist, in a real browser: a coach's roster and its row that opens
trends, a physio with and without a share, and the one generic message for a wrong password.

The world is built before the browser opens: the demo athletes (real today) through the same
SQLite file the server uses, then the accounts of tests/club.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.club import PASSWORD, build_club
from tracker import auth, store
from tracker.demo import build_demo
from tracker.science.advice import PHASE_TITLES

NO_ATHLETES = "No athletes yet: coaches see their team"
#: Streamlit's dataframe draws rows of this height under a header of the same height.
GRID_ROW_PX = 35


@pytest.fixture
def club(app_server):
    """Demo athletes plus: an admin; Alex's, Drew's and Casey's own accounts; a coach of a team
    with Alex and Drew; a physio Casey shares with; a physio nobody shares with."""
    with app_server.db() as db:
        build_demo(db)
        build_club(db)
    return app_server


def sign_in(app, username: str, password: str = PASSWORD) -> None:
    app.wait_for_title("Sign in")
    app.text_input("Username", username)
    app.text_input("Password", password)
    app.main().get_by_role("button", name="Sign in", exact=True).click()
    app.settle()


def roster_rows(app):
    grid = app.main().locator('[data-testid="stDataFrame"]').filter(visible=True)  # not the hidden box of tracker.ui.load_trends_code_early
    expect(grid).to_have_count(1)
    expect(grid.locator('td[role="gridcell"]').first).to_be_attached()
    headers, rows = app.grid_table(grid)
    return grid, headers, rows


def click_row_checkbox(app, grid, row: int) -> None:
    """Glide draws on a canvas: click the row-marker (selection checkbox) cell of `row` by position."""
    box = grid.bounding_box()
    assert box, "the roster grid has no box"
    app.page.mouse.click(box["x"] + 18, box["y"] + GRID_ROW_PX * (row + 1) + GRID_ROW_PX / 2)


def test_coach_sees_the_roster_sorted_with_the_flagged_athletes_on_top_and_opens_one(make_app, club):
    app = make_app("desktop").open()
    page = app.page
    sign_in(app, "coach")

    app.wait_for_title("All athletes")
    grid, headers, rows = roster_rows(app)
    name, triage, acwr = headers.index("Athlete"), headers.index("Back check"), headers.index("ACWR")
    assert [r[name] for r in rows] == ["Drew Leg", "Alex Ramp"], (headers, rows)
    assert rows[0][triage] == "urgent", (headers, rows)
    ratio, zone = rows[1][acwr].split(" ", 1)  # "1.63 high"
    assert zone == "high" and float(ratio) > 1.5, (headers, rows)
    expect(app.grid_cells(grid, "Casey Steady")).to_have_count(0)
    expect(app.sidebar().get_by_text("Signed in as coach (coach)")).to_be_visible()
    nav = app.navigation()
    expect(nav.get_by_role("link", name="Trends and advice")).to_have_count(1)
    expect(nav.get_by_role("link", name="Log a session")).to_have_count(0)
    app.screenshot("roster")

    click_row_checkbox(app, grid, 1)  # Alex Ramp
    app.wait_for_title("Trends and advice")
    expect(page.get_by_role("heading", name="Alex Ramp today", exact=True)).to_be_visible()
    expect(app.main().get_by_text(PHASE_TITLES["reduce"])).to_be_visible()
    expect(nav.get_by_role("link", name="Log a session")).to_have_count(0)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    app.screenshot("alex-trends")
    assert not app.errors, app.errors


def test_physio_without_a_share_sees_no_one_and_with_a_share_sees_the_athlete(make_app, club):
    app = make_app("desktop").open()
    page = app.page

    sign_in(app, "lonely")
    app.wait_for_title("All athletes")
    expect(app.main().get_by_text(NO_ATHLETES)).to_be_visible()
    expect(app.main().locator('[data-testid="stDataFrame"]')).to_have_count(0)
    app.screenshot("lonely-physio")

    app.sidebar().get_by_role("button", name="Sign out", exact=True).click()
    app.settle()
    sign_in(app, "physio")
    app.wait_for_title("All athletes")
    grid, headers, rows = roster_rows(app)
    assert [r[headers.index("Athlete")] for r in rows] == ["Casey Steady"], (headers, rows)
    app.screenshot("physio-roster")

    app.go_to_page("Trends and advice")
    expect(page.get_by_role("heading", name="Casey Steady today", exact=True)).to_be_visible()
    report = page.get_by_role("heading", name="Clinician report", exact=True)
    expect(report).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Download the report"))).to_be_visible()  # built when pressed
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    app.screenshot("physio-trends")
    assert not app.errors, app.errors


def test_wrong_password_shows_one_generic_message(make_app, club):
    app = make_app("desktop").open()
    sign_in(app, "coach", "not the password at all")
    error = app.main().locator('[data-testid="stAlert"]')
    expect(error).to_have_count(1)
    expect(error).to_have_text(re.compile(rf"^\s*{re.escape(auth.SIGN_IN_FAILED)}\s*$"))
    assert auth.SIGN_IN_FAILED == "That username and password do not match an account."
    expect(app.page.get_by_role("heading", name="Sign in", exact=True, level=1)).to_be_visible()
    app.screenshot("wrong-password")
    assert not app.errors, app.errors


def test_a_signed_out_visitor_sees_no_pages_and_cannot_create_an_athlete(make_app, club):
    app = make_app("desktop").open()
    app.wait_for_title("Sign in")
    app.screenshot("signed-out")
    nav = app.navigation()
    leaked = nav.get_by_role("link", name="welcome", exact=True)
    if leaked.count():
        leaked.click()
        app.settle()
        if app.page.get_by_role("textbox", name="Your name", exact=True).count():
            app.text_input("Your name", "Intruder")
            app.click_button("Create my profile")
    with club.db() as db:
        names = [a.name for a in store.list_athletes(db)]
    assert "Intruder" not in names, "a signed-out visitor created an athlete through pages/welcome.py"
    expect(nav).to_have_count(0)

"""What a lifter does in the browser, end to end, on a real server and a fresh database each.

Each test checks what the page shows and — through `tracker.store` on the same SQLite file —
what the flow stored.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tracker import store
from tracker.science.triage import HEADLINES

DISCLAIMER_START = "Training guidance, not a diagnosis"
EMERGENCY = "Go to an emergency department now"
URGENT = "See a doctor or physiotherapist within 24 hours"
SADDLE = "Numbness in the saddle area or genitals"
SESSION_RPE = "Session RPE — how hard was the whole session?"
PAIN = "Pain right now (0 = none, 10 = worst imaginable)"


def test_first_run_create_profile_log_session_and_see_it_on_trends(make_app, app_server):
    app = make_app("desktop").open()
    page = app.page

    # Welcome: only the profile form and the demo button on an empty database.
    app.wait_for_title("Training-load tracker")
    app.text_input("Your name", "Riley Test")
    expect(page.get_by_role("radio", name="kg", exact=True)).to_be_checked()
    app.click_button("Create my profile")

    # Lands on "Log a session", with the full navigation.
    app.wait_for_navigation()
    app.wait_for_title("Log a session")
    expect(app.sidebar().get_by_role("combobox", name="Athlete", exact=True)).to_have_value("Riley Test")

    app.name_field("Session name", "Lower A")
    app.set_number("Duration (minutes)", 70)
    rpe = app.set_slider(SESSION_RPE, 8)
    expect(rpe).to_have_attribute("aria-valuetext", re.compile(r"^8 · Very hard \+$"))

    app.choose("Exercise", "Squat (Barbell)")
    app.set_number("Sets", 3)
    app.set_number("Reps", 5)
    app.set_number("Weight (kg)", 100)
    app.click_button("Add sets")
    sets_table = page.locator('[data-testid="stDataFrame"]')
    expect(app.grid_cells(sets_table, "Squat (Barbell)")).to_have_count(3)
    headers, rows = app.grid_table(sets_table)
    assert headers[:4] == ["Exercise", "Reps", "Weight (kg)", "Kind"], headers
    assert [row[:4] for row in rows] == [["Squat (Barbell)", "5", "100", "working"]] * 3, rows

    pain = app.set_slider(PAIN, 3)
    expect(pain).to_have_value("3")
    app.choose_radio("Where?", "low back centre")
    app.choose_radio("What does it feel like?", "dull ache")
    app.choose_radio("When did it start?", "after session")
    expect(page.get_by_text(EMERGENCY)).to_have_count(0)

    app.screenshot("log-before-save")
    # The same filled-in form as a lifter on a phone sees it.
    page.set_viewport_size({"width": 390, "height": 844})
    app.viewport = "phone"
    app.screenshot("log-before-save")
    page.set_viewport_size({"width": 1400, "height": 1000})
    app.viewport = "desktop"
    app.settle()

    app.click_button("Save session")
    expect(page.get_by_text("Session saved: 3 sets, session load 560 AU (RPE 8 × 70 min).")).to_be_visible()
    # The form is cleared for the next session.
    expect(app.grid_cells(sets_table, "Squat (Barbell)")).to_have_count(0)

    # Trends, through the link under the confirmation.
    app.main().get_by_role("link", name="See where your load stands now").click()
    app.wait_for_title("Trends and advice")
    expect(page.get_by_role("heading", name="Riley Test today", exact=True)).to_be_visible()
    triage_box = app.main().locator('[data-testid="stAlert"]').filter(has_text=re.compile("|".join(map(re.escape, HEADLINES.values()))))
    expect(triage_box.first).to_be_visible()
    expect(app.main().get_by_text(DISCLAIMER_START)).to_be_visible()
    expect(app.main().locator('[data-testid="stPlotlyChart"]').first).to_be_visible()

    weekly = app.main().locator('[data-testid="stDataFrame"]')
    expect(weekly).to_have_count(1)
    expect(weekly.locator('th[role="columnheader"]').filter(has_text="Total load")).to_have_count(1)
    expect(weekly.locator('td[role="gridcell"]').first).to_be_attached()
    headers, rows = app.grid_table(weekly)
    load = headers.index("Total load")
    assert any(re.fullmatch(r"560(\.0+)?", row[load]) for row in rows), (headers, rows)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    app.screenshot("trends-after-save")
    assert not app.errors, app.errors

    # What the flow stored.
    today = dt.date.today()
    with app_server.db() as db:
        athletes = store.list_athletes(db)
        assert [(a.name, a.unit) for a in athletes] == [("Riley Test", "kg")]
        athlete_id = athletes[0].id
        sessions = store.sessions_frame(db, athlete_id=athlete_id)
        sets = store.sets_frame(db, athlete_id=athlete_id)
        pain_entries = store.pain_frame(db, athlete_id=athlete_id)

    assert len(sessions) == 1
    session = sessions.iloc[0]
    assert session["date"].date() == today
    assert session["name"] == "Lower A"
    assert session["duration_min"] == 70
    assert session["rpe"] == 8
    assert session["srpe_load"] == 560
    assert session["tonnage"] == 1500

    assert len(sets) == 3
    assert set(sets["session_id"]) == {session["session_id"]}
    assert list(sets["exercise"]) == ["Squat (Barbell)"] * 3
    assert list(sets["reps"]) == [5, 5, 5]
    assert list(sets["weight_kg"]) == [100.0] * 3
    assert list(sets["kind"]) == ["working"] * 3
    assert list(sets["position"]) == [1, 2, 3]

    assert len(pain_entries) == 1
    entry = pain_entries.iloc[0]
    assert entry["pain"] == 3
    assert entry["region"] == "low back centre"
    assert entry["quality"] == "dull ache"
    assert entry["timing"] == "after session"
    assert entry["session_id"] == session["session_id"]
    assert entry["date"].date() == today


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_ticking_a_red_flag_shows_the_emergency_message_first(make_app, app_server, viewport, request):
    with app_server.db() as db:
        store.create_athlete(db, data={"name": "Sam Flag", "unit": "kg"})

    app = make_app(viewport).open()
    page = app.page
    app.wait_for_title("Log a session")
    alerts = app.main().locator('[data-testid="stAlert"]').filter(has_text=EMERGENCY)
    expect(alerts).to_have_count(0)

    app.tick(SADDLE)
    # Shown twice: first thing on the page, and right under the question the lifter just
    # answered, so it is on screen at once whatever the scroll position.
    expect(alerts).to_have_count(2)
    alert = alerts.first
    expect(alert).to_be_visible()
    in_view = alerts.evaluate_all(
        "els => els.some(el => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; })"
    )
    assert in_view, "after ticking a red flag the emergency message must be on screen"
    app.screenshot("red-flag-ticked-as-seen", whole_page=False)
    sets_heading = page.get_by_role("heading", name="Sets", exact=True)
    alert_box, sets_box = alert.bounding_box(), sets_heading.bounding_box()
    assert alert_box and sets_box
    assert alert_box["y"] + alert_box["height"] <= sets_box["y"], (alert_box, sets_box)
    # First under the page title: above the form's first widget too.
    form_start = page.get_by_text("What to do", exact=True).bounding_box()
    assert form_start and alert_box["y"] + alert_box["height"] <= form_start["y"], (alert_box, form_start)
    app.screenshot("red-flag-ticked")

    app.tick(SADDLE, ticked=False)
    expect(alerts).to_have_count(0)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert not app.errors, app.errors

    # Ticking is not logging: nothing was stored.
    with app_server.db() as db:
        athlete = store.get_athlete_by_name(db, name="Sam Flag")
        assert store.pain_frame(db, athlete_id=athlete.id).empty
        assert store.sessions_frame(db, athlete_id=athlete.id).empty


def test_demo_in_one_click_then_trends(make_app, app_server):
    app = make_app("desktop").open()
    page = app.page
    app.wait_for_title("Training-load tracker")

    page.get_by_role("button", name="Explore the demo data").click()
    expect(page.get_by_role("heading", name="Trends and advice", exact=True, level=1)).to_be_visible(timeout=90_000)
    app.wait_for_navigation()

    with app_server.db() as db:
        first = store.list_athletes(db)[0].name
    expect(app.sidebar().get_by_role("combobox", name="Athlete", exact=True)).to_have_value(first)
    expect(page.get_by_role("heading", name=f"{first} today", exact=True)).to_be_visible()
    load_chart = app.main().locator('[data-testid="stPlotlyChart"]').first
    expect(load_chart).to_be_visible()
    expect(load_chart.locator(".main-svg").first).to_be_attached()
    expect(load_chart.locator(".bars, .scatterlayer .trace").first).to_be_attached()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)

    app.choose("Athlete", "Drew Leg", scope=app.sidebar())
    expect(page.get_by_role("heading", name="Drew Leg today", exact=True)).to_be_visible()
    expect(app.main().locator('[data-testid="stAlert"]').filter(has_text=URGENT).first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    app.screenshot("drew-leg-trends")
    assert not app.errors, app.errors

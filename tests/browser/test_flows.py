"""What a lifter does in the browser, end to end, on a real server and a fresh database each.

Each test checks what the page shows and — through `tracker.store` on the same SQLite file —
what the flow stored.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser import lifter
from tracker import drafts, store
from tracker.science.triage import HEADLINES

DISCLAIMER_START = "Training guidance, not a diagnosis"
EMERGENCY = "Go to an emergency department now"
URGENT = "See a doctor or physiotherapist within 24 hours"
SADDLE = "Numbness in the saddle area or genitals"


def test_first_run_create_profile_log_session_and_see_it_on_trends(make_app, app_server):
    app = make_app("desktop").open()
    page = app.page

    # Welcome: only the profile form and the demo button on an empty database.
    app.wait_for_title("Training-load tracker")
    app.text_input("Your name", "Riley Test")
    expect(page.get_by_role("radio", name="kg", exact=True)).to_be_checked()
    app.click_button("Create my profile")

    # Lands on "Log a session", with the full navigation; one athlete, so no picker.
    app.wait_for_navigation()
    app.wait_for_title("Log a session")
    expect(app.picker()).to_have_count(0)

    app.text_input("Session name", "Lower A")
    lifter.add_exercise(app, "squat (b", "Squat (Barbell)")
    lifter.set_value(app, "Squat (Barbell)", 1, "kg", "100")
    lifter.set_value(app, "Squat (Barbell)", 1, "reps", "5")
    assert lifter.weights(app, "Squat (Barbell)") == ["100"] * 3
    lifter.all_done(app, "Squat (Barbell)")
    app.set_number("Duration (minutes)", 70)
    lifter.pill(app, "log_rpe", "8")
    expect(app.main().get_by_text("8 · Very hard +", exact=True)).to_be_visible()

    lifter.pill(app, "back_pain", "3")
    app.choose_radio("Where?", "low back centre")
    app.choose_radio("What does it feel like?", "dull ache")
    app.choose_radio("When did it start?", "after session")
    expect(page.get_by_text(EMERGENCY)).to_have_count(0)

    app.screenshot("log-before-save")
    # The same filled-in form as a lifter on a phone sees it.
    page.set_viewport_size({"width": 390, "height": 844})
    app.viewport = "phone"
    app.screenshot("log-before-save")
    page.set_viewport_size({"width": 1280, "height": 800})
    app.viewport = "desktop"
    app.settle()

    app.click_button("Save Riley Test's session")
    expect(page.get_by_text("Saved Riley Test's session: 3 sets, 560 AU (RPE 8 × 70 min).")).to_be_visible()
    # A fresh form for the next session, starting from this one.
    expect(lifter.card(app, "Squat (Barbell)")).to_have_count(0)
    expect(page.locator(".st-key-log_routine").get_by_role("radio", name="Lower A", exact=True)).to_be_visible()

    # Trends, through the link under the confirmation.
    # The confirmation is a dialog over the page, wherever it was scrolled to; trends one tap away.
    page.get_by_role("dialog").get_by_role("link", name="See where your load stands now").click()
    app.wait_for_title("Trends and advice")
    expect(page.get_by_role("heading", name="Riley Test today", exact=True)).to_be_visible()
    triage_box = app.main().locator('[data-testid="stAlert"]').filter(has_text=re.compile("|".join(map(re.escape, HEADLINES.values()))))
    expect(triage_box.first).to_be_visible()
    expect(app.main().get_by_text("This week: 560 AU", exact=False)).to_be_visible()
    expect(app.main().get_by_text(DISCLAIMER_START)).to_be_visible()
    expect(app.main().locator('[data-testid="stPlotlyChart"]').first).to_be_visible()

    weekly = app.main().locator('[data-testid="stDataFrame"]')
    expect(weekly).to_have_count(1)
    expect(weekly.locator('th[role="columnheader"]').filter(has_text="Total load")).to_have_count(1)
    expect(weekly.locator('td[role="gridcell"]').first).to_be_attached()
    headers, rows = app.grid_table(weekly)
    load = headers.index("Total load")
    assert any(row[load] == "560" for row in rows), (headers, rows)
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
        assert drafts.load_draft(db, athlete_id=athlete_id) is None  # saved: the draft is gone

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
def test_ticking_an_emergency_question_opens_a_dialog_at_once(make_app, app_server, viewport):
    with app_server.db() as db:
        store.create_athlete(db, data={"name": "Sam Flag", "unit": "kg"})

    app = make_app(viewport).open()
    page = app.page
    app.wait_for_title("Log a session")
    dialog = page.get_by_role("dialog")
    alerts = app.main().locator('[data-testid="stAlert"]').filter(has_text=EMERGENCY)
    expect(alerts).to_have_count(0)

    app.checkbox(SADDLE).scroll_into_view_if_needed()
    before = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop")
    app.tick(SADDLE)
    # At once, without a page jump: a dialog over the page with the emergency message.
    expect(dialog).to_be_visible()
    expect(dialog.get_by_text(EMERGENCY, exact=False)).to_be_visible()
    box = dialog.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"], box
    assert page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop") == before
    app.screenshot("emergency-dialog", whole_page=False)

    # Blocking: it stays until it is acknowledged; then the message stays under the questions.
    page.keyboard.press("Escape")
    expect(dialog).to_be_visible()
    app.click_button("I understand")
    expect(dialog).to_have_count(0)
    expect(alerts).to_have_count(1)
    alert_box, question = alerts.first.bounding_box(), app.checkbox(SADDLE).bounding_box()
    assert alert_box and question and alert_box["y"] > question["y"], (alert_box, question)
    app.screenshot("emergency-under-the-question", whole_page=False)

    app.tick(SADDLE, ticked=False)
    expect(alerts).to_have_count(0)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert not app.errors, app.errors

    # Ticking is not logging: nothing was stored.
    with app_server.db() as db:
        athlete = store.get_athlete_by_name(db, name="Sam Flag")
        assert store.pain_frame(db, athlete_id=athlete.id).empty
        assert store.sessions_frame(db, athlete_id=athlete.id).empty


def test_an_urgent_question_shows_its_message_right_under_it(make_app, app_server):
    with app_server.db() as db:
        store.create_athlete(db, data={"name": "Sam Fever", "unit": "kg"})
    app = make_app("phone").open()
    app.wait_for_title("Log a session")
    app.tick("Fever or feeling unwell")
    expect(app.page.get_by_role("dialog")).to_have_count(0)
    alert = app.main().locator('[data-testid="stAlert"]').filter(has_text=URGENT)
    expect(alert).to_be_visible()
    alert_box, question = alert.bounding_box(), app.checkbox("Fever or feeling unwell").bounding_box()
    assert alert_box and question and 0 < alert_box["y"] - question["y"] < 400, (alert_box, question)
    in_view = alert_box["y"] < app.page.viewport_size["height"]
    assert in_view, "the urgent message must be on screen where the thumb is"
    app.screenshot("urgent-under-the-question", whole_page=False)


def test_demo_in_one_click_then_trends(make_app, app_server):
    app = make_app("desktop").open()
    page = app.page
    app.wait_for_title("Training-load tracker")

    page.get_by_role("button", name="Explore the demo data").click()
    expect(page.get_by_role("heading", name="Trends and advice", exact=True, level=1)).to_be_visible(timeout=90_000)
    app.wait_for_navigation()

    with app_server.db() as db:
        first = store.list_athletes(db)[0].name
    expect(app.picker()).to_have_value(first)
    expect(page.get_by_role("heading", name=f"{first} today", exact=True)).to_be_visible()
    load_chart = app.main().locator('[data-testid="stPlotlyChart"]').first
    expect(load_chart).to_be_visible()
    expect(load_chart.locator(".main-svg").first).to_be_attached()
    expect(load_chart.locator(".bars, .scatterlayer .trace").first).to_be_attached()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)

    app.choose("Athlete", "Drew Leg", scope=app.main())
    expect(page.get_by_role("heading", name="Drew Leg today", exact=True)).to_be_visible()
    expect(app.main().locator('[data-testid="stAlert"]').filter(has_text=URGENT).first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    app.screenshot("drew-leg-trends")
    assert not app.errors, app.errors


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_back_pain_on_a_rest_day_is_reported_without_a_session(make_app, app_server, viewport):
    """Issue 9, item 8: a rest-day report stores pain and nothing else, and the one-off back
    screen is asked with the first pain report."""
    with app_server.db() as db:
        store.create_athlete(db, data={"name": "Sam Rest", "unit": "kg"})
    app = make_app(viewport).open()
    app.wait_for_title("Log a session")
    report = app.main().get_by_role("button", name="Report Sam Rest's back pain only (no session)")
    expect(report).to_have_count(0)  # nothing to report yet
    lifter.pill(app, "back_pain", "4")
    expect(report).to_be_visible()
    expect(app.main().get_by_text("First time logging back pain", exact=False)).to_be_visible()
    app.screenshot("pain-only-and-first-screen")
    app.tap(report)
    dialog = app.page.get_by_role("dialog")
    expect(dialog.get_by_text("Nothing was added to your training load", exact=False)).to_be_visible()
    app.screenshot("pain-only-saved", whole_page=False)
    app.click_button("Done")
    expect(dialog).to_have_count(0)
    expect(report).to_have_count(0)  # the check-in starts afresh
    assert not app.errors, app.errors
    with app_server.db() as db:
        athlete = store.get_athlete_by_name(db, name="Sam Rest")
        assert store.sessions_frame(db, athlete_id=athlete.id).empty
        assert store.pain_frame(db, athlete_id=athlete.id)["pain"].tolist() == [4]
        assert drafts.load_draft(db, athlete_id=athlete.id) is None

"""Signing in through the cookie route in a real browser: it survives a reload; "sign out
everywhere" in one browser signs the other out on its next load; a physio's note cannot load
an image, link to javascript: or inject HTML."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_roles import sign_in
from tests.club import PASSWORD, build_club
from tracker import auth, signin, store
from tracker.demo import build_demo
from tracker.models import ClinicalNote

HOSTILE_NOTE = (
    "Tracking ![pixel](http://127.0.0.1:9/pixel.png) and [click me](javascript:alert(document.cookie)) "
    "<img src=x onerror=alert(1)><b id=injected>bold</b> :red[coloured] end of note"
)


@pytest.fixture
def club(app_server):
    with app_server.db() as db:
        build_demo(db)
        build_club(db)
    return app_server


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_sign_in_survives_a_reload_and_sign_out_everywhere_ends_the_other_browser(make_app, club, viewport):
    first, second = make_app(viewport).open(), make_app(viewport).open()
    for app in (first, second):
        sign_in(app, "coach")
        app.wait_for_title("All athletes")
    cookie = next(c for c in first.page.context.cookies() if c["name"] == signin.COOKIE)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert first.page.evaluate("document.cookie").find(signin.COOKIE) == -1  # no script can read it

    first.page.reload()
    first.wait_for_title("All athletes")  # still signed in after a refresh
    first.screenshot("after-reload")

    if viewport == "phone":
        first.page.locator('[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button').first.click()
    first.sidebar().get_by_role("button", name="Everywhere", exact=True).click()
    first.wait_for_title("Sign in")
    assert not [c for c in first.page.context.cookies() if c["name"] == signin.COOKIE]

    second.page.reload()  # its next load
    second.wait_for_title("Sign in")
    second.screenshot("signed-out-elsewhere")
    assert not first.errors and not second.errors, (first.errors, second.errors)


def test_a_refused_sign_in_says_why_and_sets_no_cookie(make_app, club):
    app = make_app("desktop").open()
    sign_in(app, "coach", "not the password at all")
    expect(app.main().locator('[data-testid="stAlert"]')).to_have_text(auth.SIGN_IN_FAILED)
    assert not [c for c in app.page.context.cookies() if c["name"] == signin.COOKIE]


def test_a_physio_note_cannot_load_an_image_link_to_javascript_or_inject_html(make_app, club):
    with club.db() as db:
        casey = store.get_athlete_by_name(db, name="Casey Steady").id
        physio = auth.authenticate(db, username="physio", password=PASSWORD)
        db.add(ClinicalNote(athlete_id=casey, author_id=physio.id, body=HOSTILE_NOTE, coach_summary=HOSTILE_NOTE))
        db.commit()
    requested: list[str] = []
    app = make_app("desktop")
    app.page.on("request", lambda request: requested.append(request.url))
    app.open()
    sign_in(app, "physio")
    app.wait_for_title("All athletes")
    app.go_to_page("Trends and advice")
    note = app.main().locator('[data-testid="stMarkdownContainer"]').filter(has_text="end of note")
    expect(note).to_have_count(1)
    expect(note).to_contain_text("![pixel](http://127.0.0.1:9/pixel.png)")  # shown as typed
    expect(note).to_contain_text("<b id=injected>bold</b>")
    assert note.locator("img, b#injected, span[style]").count() == 0, note.inner_html()
    # A bare web address may be shown as the link it spells out (GitHub-style autolinks), nothing else.
    for link in note.locator("a").all():
        assert link.get_attribute("href") == link.inner_text() and link.inner_text().startswith("http"), note.inner_html()
    assert app.page.locator("#injected").count() == 0
    assert app.page.locator('a[href^="javascript"]').count() == 0
    assert not [url for url in requested if "pixel.png" in url or url.endswith("/x")]
    note.scroll_into_view_if_needed()
    app.screenshot("hostile-note")
    assert not app.errors, app.errors


def redeem_on_the_sign_in_page(app, username: str, code: str, password: str, screenshot: str | None = None) -> None:
    app.main().get_by_text("I have a code from my admin").click()
    app.settle()
    form = app.main().locator('form[action="/auth/redeem"]')
    form.get_by_label("Your username").fill(username)
    form.get_by_label("Code (like ABCD-EFGH-JKLM-NPQR)").fill(code)
    form.get_by_label("New password (at least 10 characters, hard to guess)").fill(password)
    form.get_by_label("The new password again").fill(password)
    if screenshot:
        app.screenshot(screenshot)
    form.get_by_role("button", name="Set my password and sign in").click()


def test_a_person_redeems_the_admins_code_with_their_own_password_and_stays_signed_in(make_app, club):
    with club.db() as db:
        admin = auth.authenticate(db, username="admin", password=PASSWORD)
        blair = store.get_athlete_by_name(db, name="Blair Return").id
        user_id = auth.create_account(db, username="blair", password=None).id
        code = auth.issue_code(db, by_user_id=admin.id, user_id=user_id, athlete_id=blair)
    app = make_app("phone").open()
    app.wait_for_title("Sign in")
    redeem_on_the_sign_in_page(app, "blair", code, "password12", screenshot="code-form")
    app.wait_for_title("Sign in")
    expect(app.main().locator('[data-testid="stAlert"]')).to_contain_text("too easy to guess")

    redeem_on_the_sign_in_page(app, "blair", code, "blair picks her own words")
    app.wait_for_title("Log a session")  # signed in, on her own (linked) profile
    app.page.reload()
    app.wait_for_title("Log a session")
    app.screenshot("claimed")
    with club.db() as db:
        assert auth.get_user(db, user_id=user_id).athlete_id == blair
    assert not app.errors, app.errors

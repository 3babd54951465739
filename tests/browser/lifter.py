"""The moves of the log page (exercise cards, ticks, pills), for the browser tests.

Every move goes through `App.tap` / `App.type_keys`, so a test can count what a person did.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from tests.browser.conftest import App


def add_exercise(app: App, typed: str, option: str) -> None:
    """Type into "Add an exercise" and take `option` from the list: its card appears."""
    box = app.main().get_by_role("combobox", name="Add an exercise", exact=True)
    app.tap(box)
    app.type_keys(box, typed)
    app.tap(app.page.get_by_role("option", name=option, exact=True))
    expect(card(app, option)).to_be_visible()


def card(app: App, exercise: str) -> Locator:
    return app.main().locator('[class*="_card_"]').filter(has=app.page.get_by_text(exercise, exact=True))


def field(app: App, exercise: str, number: int, what: str) -> Locator:
    """The input for `what` (kg, lb, reps, seconds…) of set `number` on `exercise`'s card."""
    return app.page.get_by_role("spinbutton", name=f"{exercise}, set {number}, {what}", exact=True)


def step_up(app: App, exercise: str, number: int, what: str) -> None:
    """Tap + beside a set's value (the lifter's weight step, or 5 s)."""
    box = app.main().locator('[data-testid="stNumberInput"]').filter(has=field(app, exercise, number, what))
    app.tap(box.get_by_test_id("stNumberInputStepUp"))


def set_value(app: App, exercise: str, number: int, what: str, value: str) -> None:
    """Tap a set's value, type a new one, Enter."""
    box = field(app, exercise, number, what)
    app.tap(box)
    box.fill("")
    app.type_keys(box, value, then="Enter")
    expect(box).to_have_value(value)


def tick(app: App, exercise: str, number: int) -> None:
    """The ✓ of one set."""
    row = card(app, exercise).locator('[class*="_row_"]').nth(number - 1)
    app.tap(row.get_by_role("button").last)


def all_done(app: App, exercise: str) -> None:
    app.tap(card(app, exercise).get_by_role("button", name=re.compile("All done")))


def pill(app: App, key: str, option: str) -> None:
    """Tap one option of the pills drawn with widget key `key` (e.g. log_rpe, back_pain)."""
    choice = app.page.locator(f".st-key-{key}").get_by_role("radio", name=option, exact=True)
    app.tap(choice)
    expect(choice).to_have_attribute("aria-checked", "true")


def start_from(app: App, routine: str) -> None:
    """Tap a previous session's name: its cards appear, pre-filled from last time."""
    app.tap(app.page.locator(".st-key-log_routine").get_by_role("radio", name=routine, exact=True))
    expect(app.main().locator('[class*="_card_"]').first).to_be_visible()


def radio(app: App, group: str, option: str) -> None:
    radios = app.page.get_by_role("radiogroup", name=group, exact=True)
    app.tap(radios.locator('[data-testid="stRadioOption"]').filter(has_text=re.compile(rf"^\s*{re.escape(option)}\s*$")))
    expect(radios.get_by_role("radio", name=option, exact=True)).to_be_checked()


def weights(app: App, exercise: str, unit: str = "kg") -> list[str]:
    boxes = app.main().get_by_role("spinbutton", name=re.compile(rf"^{re.escape(exercise)}, set \d+, {unit}$"))
    return [boxes.nth(i).input_value() for i in range(boxes.count())]

"""Browser fixtures: a real `streamlit run` server on a fresh database per test (the `database_url`
fixture: a SQLite file, or a PostgreSQL database under TRACKER_TEST_DATABASE_URL), Debian's
chromium driven by Playwright, and helpers that make Streamlit's widgets drivable.

Every test in this folder is marked `browser`. Without /usr/bin/chromium the tests skip
locally, but fail under CI (CI=true): there they must run.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright
from sqlmodel import Session

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
APP = REPO / "app.py"  # st.App: the dashboard with its sign-in routes
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = "no chromium at /usr/bin/chromium — install Debian's chromium: apt-get install chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

SERVER_START_TIMEOUT_S = 60
SERVER_STOP_TIMEOUT_S = 10
ACTION_TIMEOUT_MS = 20_000
SETTLE_TIMEOUT_S = 30

#: A phone's browser says it is one: Streamlit closes its navigation drawer after a page is
#: chosen only for a mobile user agent, as a real phone sends.
MOBILE_USER_AGENT = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1,
        "user_agent": MOBILE_USER_AGENT,
    },
}  # fmt: skip
#: The page list: in the header on a wide screen, in a drawer on a phone.
NAVIGATION = '[data-testid="stTopNav"], [data-testid="stSidebarNav"]'
EXPAND_SIDEBAR = '[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button'

#: Streamlit scrolls an inner container, so a whole-page screenshot needs a viewport at least
#: as tall as the page; never taller than this.
MAX_SHOT_HEIGHT = 6000


# Marking and the chromium requirement ----------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test collected from this folder `browser` (`-m "not browser"` leaves them out)."""
    for item in items:
        if HERE == Path(str(item.path)).resolve().parent or HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the item, so fixtures can tell that a test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off")


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        if in_ci():
            pytest.fail(f"{CHROMIUM_MISSING} (CI is set, so the browser tests must run)", pytrace=False)
        pytest.skip(CHROMIUM_MISSING)
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def browser(chromium_executable: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# The Streamlit server ------------------------------------------------------------------------------


@dataclass
class StreamlitServer:
    url: str
    database_url: str
    log_path: Path
    process: subprocess.Popen = field(repr=False)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @contextmanager
    def db(self) -> Iterator[Session]:
        """A `tracker.store` session on the very database the server uses (migrated on open)."""
        from tracker.db import open_engine

        engine = open_engine(self.database_url)
        try:
            with Session(engine) as session:
                yield session
        finally:
            engine.dispose()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=SERVER_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=SERVER_STOP_TIMEOUT_S)


def _start_server(tmp_path: Path, database_url: str, attempt: int) -> StreamlitServer | None:
    """Start `streamlit run` on a free loopback port; None if the port was taken meanwhile."""
    port = _free_port()
    log_path = tmp_path / f"streamlit-{attempt}.log"
    command = [
        sys.executable, "-m", "tests.clock", "-m", "streamlit", "run", str(APP),  # on the run's clock
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    env = {**os.environ, "TRACKER_DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = StreamlitServer(f"http://127.0.0.1:{port}/", database_url, log_path, process)
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            if "is not available" in server.output():
                return None
            pytest.fail(f"streamlit exited with code {process.returncode} before answering:\n{server.output()}", pytrace=False)
        # Checked only while our own process is alive: another server may answer on a stale port.
        if _healthy(port) and process.poll() is None:
            return server
        time.sleep(0.25)
    _stop(process)
    pytest.fail(f"streamlit did not answer /_stcore/health with 'ok' within {SERVER_START_TIMEOUT_S} s:\n{server.output()}", pytrace=False)


@pytest.fixture
def app_server(tmp_path: Path, database_url: str) -> Iterator[StreamlitServer]:
    """A fresh server on a fresh database for each test; stopped (and waited for) afterwards."""
    for attempt in range(3):
        server = _start_server(tmp_path, database_url, attempt)
        if server is not None:
            break
    else:
        pytest.fail("no free port for streamlit after three attempts", pytrace=False)
    try:
        yield server
    finally:
        _stop(server.process)


# Driving Streamlit -------------------------------------------------------------------------------

#: Busy while a script run is shown as running, an element is stale (kept from the previous
#: run while the new one has not redrawn it yet), or a widget is still a loading skeleton.
_BUSY_JS = """() => {
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    const running = status && /running|connecting/i.test(status.innerText || '');
    return Boolean(running || document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]'));
}"""


class App:
    """One browser tab on the dashboard, with the moves a lifter makes."""

    def __init__(self, page: Page, server: StreamlitServer, viewport: str, test_name: str):
        self.page = page
        self.server = server
        self.viewport = viewport
        self.test_name = test_name
        self.errors: list[str] = []
        self.taps = 0
        self.keystrokes = 0
        self._last_frame = time.monotonic()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("websocket", self._watch)

    def _watch(self, websocket) -> None:
        def seen(_payload) -> None:
            self._last_frame = time.monotonic()

        websocket.on("framesent", seen)
        websocket.on("framereceived", seen)

    # Waiting -----------------------------------------------------------------------------------

    def settle(self, timeout: float = SETTLE_TIMEOUT_S, quiet: float = 0.3) -> None:
        """Wait until the last rerun is over: no websocket traffic for `quiet` seconds, no
        "Running…" status, no stale element and no loading skeleton (checked twice)."""
        time.sleep(0.1)
        deadline = time.monotonic() + timeout
        calm_checks = 0
        while time.monotonic() < deadline:
            if time.monotonic() - self._last_frame >= quiet and not self.page.evaluate(_BUSY_JS):
                calm_checks += 1
                if calm_checks >= 2:
                    return
            else:
                calm_checks = 0
            time.sleep(0.1)
        raise AssertionError(f"the app did not settle within {timeout} s\n--- server output ---\n{self.server.output()}")

    def open(self) -> App:
        self.page.goto(self.server.url)
        expect(self.page.locator('[data-testid="stMain"]')).to_be_attached()
        self.settle()
        return self

    def navigation(self) -> Locator:
        return self.page.locator(NAVIGATION)

    def wait_for_navigation(self) -> None:
        """The page list gets its final titles only once the entry script has run with an athlete."""
        for title in ("Log a session", "Trends and advice"):
            expect(self.navigation().get_by_role("link", name=title, exact=True).first).to_be_attached()
        self.settle()

    def wait_for_title(self, title: str) -> None:
        expect(self.page.get_by_role("heading", name=title, exact=True, level=1)).to_be_visible()
        self.settle()

    # Widgets -----------------------------------------------------------------------------------

    def main(self) -> Locator:
        return self.page.locator('[data-testid="stMain"]')

    def sidebar(self) -> Locator:
        return self.page.locator('[data-testid="stSidebar"]')

    def text_input(self, label: str, value: str) -> None:
        """Type into a text input; Tab commits it (Enter would submit an enclosing form)."""
        box = self.page.get_by_role("textbox", name=label, exact=True)
        box.fill(value)
        box.press("Tab")
        self.settle()
        expect(box).to_have_value(value)

    def name_field(self, label: str, value: str) -> None:
        """A free-text name, whether the page draws it as a text input or as a selectbox that
        accepts new options."""
        field_ = self.page.locator(f'input[aria-label="{label}"]')
        expect(field_).to_have_count(1)
        if field_.get_attribute("role") == "combobox":
            self.choose(label, value)
        else:
            self.text_input(label, value)

    def choose(self, label: str, option: str, *, scope: Locator | None = None) -> None:
        """Type into a selectbox and take the option named exactly so, else what Enter gives
        (a new name, for a selectbox that accepts new options)."""
        box = (scope or self.page).get_by_role("combobox", name=label, exact=True)
        box.click()
        box.fill("")
        box.press_sequentially(option)
        exact = self.page.get_by_role("option", name=option, exact=True)
        try:
            exact.wait_for(state="visible", timeout=3_000)
        except Exception:
            box.press("Enter")
        else:
            exact.click()
        self.settle()
        expect(box).to_have_value(option)

    def set_number(self, label: str, value: float | int) -> None:
        field_ = self.page.get_by_role("spinbutton", name=label, exact=True)
        field_.fill(str(value))
        field_.press("Enter")
        self.settle()
        assert float(field_.input_value()) == float(value), f"{label}: {field_.input_value()!r} != {value!r}"

    def set_slider(self, label: str, steps: int) -> Locator:
        """Move a slider (or select_slider) to `steps` options above its minimum, by keyboard:
        Home then ArrowRight, or End then ArrowLeft when that is shorter."""
        # The thumb's accessible name repeats the label; its group carries it once.
        thumb = self.page.get_by_role("group", name=label, exact=True).get_by_role("slider")
        low, high, step = (float(thumb.get_attribute(name) or default) for name, default in (("min", 0), ("max", 100), ("step", 1)))
        options = round((high - low) / step)
        assert 0 <= steps <= options, f"{label}: {steps} steps on a slider of {options}"
        thumb.focus()
        if steps <= options - steps:
            thumb.press("Home")
            for _ in range(steps):
                thumb.press("ArrowRight")
        else:
            thumb.press("End")
            for _ in range(options - steps):
                thumb.press("ArrowLeft")
        self.settle()
        expect(thumb).to_have_value(re.compile(rf"^{low + steps * step:g}(\.0+)?$"))
        return thumb

    def choose_radio(self, group: str, option: str) -> None:
        radios = self.page.get_by_role("radiogroup", name=group, exact=True)
        radios.locator('[data-testid="stRadioOption"]').filter(has_text=re.compile(rf"^\s*{re.escape(option)}\s*$")).click()
        self.settle()
        expect(radios.get_by_role("radio", name=option, exact=True)).to_be_checked()

    def checkbox(self, label: str) -> Locator:
        return self.page.locator('[data-testid="stCheckbox"]').filter(has=self.page.get_by_role("checkbox", name=label, exact=True))

    def tick(self, label: str, ticked: bool = True) -> None:
        box = self.checkbox(label)
        if box.get_by_role("checkbox").is_checked() != ticked:
            box.locator("label").click()
        self.settle()
        expect(box.get_by_role("checkbox")).to_be_checked(checked=ticked)

    def grid_cells(self, grid: Locator, text: str) -> Locator:
        """Cells of a dataframe / data_editor showing exactly `text`. Glide's grid is a canvas
        whose accessible fallback table Playwright counts as hidden, hence CSS, not roles."""
        return grid.locator('td[role="gridcell"]').filter(has_text=re.compile(rf"^\s*{re.escape(text)}\s*$"))

    def grid_table(self, grid: Locator) -> tuple[list[str], list[list[str]]]:
        """Header texts and the rows the grid has drawn (the visible ones), as text."""
        return grid.evaluate(
            """grid => [
                [...grid.querySelectorAll('th[role="columnheader"]')].map(th => th.textContent.trim()),
                [...grid.querySelectorAll('tbody tr[role="row"]')].map(
                    tr => [...tr.querySelectorAll('td[role="gridcell"]')].map(td => td.textContent.trim())),
            ]"""
        )

    def click_button(self, name: str) -> None:
        self.page.get_by_role("button", name=name).click()
        self.settle()

    def open_drawer(self) -> None:
        """On a phone the page list lives in a drawer: open it (one tap)."""
        self.tap(self.page.locator(EXPAND_SIDEBAR).first)

    def go_to_page(self, title: str, heading: str | None = None) -> None:
        """Follow the navigation's link (opening the drawer first on a phone) to the page
        headed `heading` (the link's title unless the page says more)."""
        top = self.page.locator('[data-testid="stTopNav"]')
        drawer = self.page.locator('[data-testid="stSidebar"]')
        if not (top.count() and top.is_visible()) and drawer.get_attribute("data-collapsed") != "false":
            self.open_drawer()  # a collapsed drawer is only moved off screen, so check its state
        self.tap(self.navigation().get_by_role("link", name=title, exact=True).first)
        self.wait_for_title(heading or title)

    def pick(self, label: str, option: str, *, scope: Locator | None = None) -> None:
        """Choose from a selectbox by tapping it and then the option (on a phone a plain
        selectbox takes no typing)."""
        box = (scope or self.page).get_by_role("combobox", name=label, exact=True)
        self.tap(box)
        self.tap(self.page.get_by_role("option", name=option, exact=True))
        expect(box).to_have_value(option)

    def picker(self) -> Locator:
        """The athlete picker at the top of the page."""
        return self.main().get_by_role("combobox", name="Athlete", exact=True)

    # Counting what a person does ---------------------------------------------------------------

    def tap(self, target: Locator) -> None:
        """One tap (a click on a wide screen), counted."""
        target.click()
        self.taps += 1
        self.settle()

    def type_keys(self, target: Locator, text: str, *, then: str | None = None) -> None:
        """Type `text` into a focused field, counting each key (and `then`, e.g. Enter)."""
        target.press_sequentially(text)
        self.keystrokes += len(text)
        if then:
            target.press(then)
            self.keystrokes += 1
        self.settle()

    def assert_no_sideways_scrolling(self) -> None:
        """Neither the document nor any element inside the page scrolls sideways."""
        widths = self.page.evaluate(
            """() => ({
                document: document.documentElement.scrollWidth, viewport: window.innerWidth,
                wide: [...document.querySelectorAll('[data-testid="stMain"] *')]
                    .filter(el => el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
                    .filter(el => !el.closest('[data-testid="stDataFrame"], [data-testid="stPlotlyChart"], pre'))
                    .map(el => (el.getAttribute('data-testid') || el.className || el.tagName) + ' ' + el.scrollWidth + '>' + el.clientWidth),
            })"""
        )
        assert widths["document"] <= widths["viewport"], widths
        assert not widths["wide"], widths

    # Evidence ----------------------------------------------------------------------------------

    def screenshot(self, what: str, *, whole_page: bool = True) -> Path:
        """tests/artifacts/<test>-<viewport>-<what>.png. Whole page: the viewport grows to the
        page's height (Streamlit scrolls an inner container, so full_page=True would only show
        the first screen). Otherwise: just what the viewport shows now."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.test_name}-{self.viewport}-{what}.png"
        if not whole_page:
            self.page.screenshot(path=str(path))
            return path
        original = self.page.viewport_size
        height = self.page.evaluate(
            """() => Math.max(...['stMain', 'stMainBlockContainer', 'stSidebarContent']
                .map(id => document.querySelector(`[data-testid="${id}"]`))
                .filter(Boolean).map(el => el.scrollHeight))"""
        )
        tall = min(max(original["height"], int(height) + 80), MAX_SHOT_HEIGHT)
        self.page.set_viewport_size({"width": original["width"], "height": tall})
        try:
            self.settle()
            self.page.screenshot(path=str(path))
        finally:
            self.page.set_viewport_size(original)
        return path


@pytest.fixture
def make_app(browser: Browser, app_server: StreamlitServer, request: pytest.FixtureRequest):
    """`make_app("desktop")` or `make_app("phone")`: a new tab, in its own browser context (a
    Streamlit session of its own), on this test's server."""
    contexts: list[BrowserContext] = []
    test_name = request.node.originalname

    def make(viewport: str = "desktop") -> App:
        context = browser.new_context(**VIEWPORTS[viewport], locale="en-GB")
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        return App(context.new_page(), app_server, viewport, test_name)

    expect.set_options(timeout=ACTION_TIMEOUT_MS)
    try:
        yield make
    finally:
        report = getattr(request.node, "report_call", None)
        for number, context in enumerate(contexts):
            if report is not None and report.failed:
                _failure_screenshots(context, f"{test_name}-FAILED-{number}")
            context.close()


def _failure_screenshots(context: BrowserContext, stem: str) -> None:
    """What each tab showed when the test failed (best effort: the page may be gone)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for index, page in enumerate(context.pages):
        try:
            page.screenshot(path=str(ARTIFACTS / f"{stem}-{index}.png"))
        except Exception:  # noqa: BLE001 - evidence only, never the reason a test fails
            pass

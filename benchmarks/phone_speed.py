"""Speed a person feels on a phone: "Explore the demo data" until trends are drawn, opening an
athlete's trends for the first time, and switching back to one already seen.

Drives a real `streamlit run` server (a temporary SQLite file) with Debian's chromium at
390 × 844 and a mobile user agent, and times from the tap (once the tap target could be tapped:
menus opened) until the first screen is drawn (the athlete's heading and the five figure tiles
under it, on screen: what a phone shows first) and until the whole page is (every chart drawn,
the rerun over). The reference, timed in the same run, is switching athlete on the Settings
page (a rerun that computes no figures): the ratios say how much of a wait is the figures.
The library alone (`tracker.views.trends_view`, no browser) is timed too. The dashboard works
out the other athletes' trends in the background once one is shown (`tracker.ui.warm_trends`),
so a first switch is timed straight away and after a few seconds of reading.

Run: python benchmarks/phone_speed.py [--runs 3]. Prints medians; these machines are shared, so
compare ratios between runs on the same machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Locator, Page, sync_playwright
from sqlmodel import Session

from tracker import store
from tracker.db import open_engine
from tracker.demo import build_demo
from tracker.views import trends_view

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
PHONE = {
    "viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
    "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
}  # fmt: skip
BUSY_JS = """() => {
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    const running = status && /running|connecting/i.test(status.innerText || '');
    return Boolean(running || document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]'));
}"""
TIMEOUT_MS = 180_000
LAST_CHART = ".st-key-wellness_chart"  # the last chart on Trends
FRESH_TILES = '[data-testid="stElementContainer"]:not([data-stale="true"]) [data-testid="stMetric"]'  # this rerun's, not the last's
READING_S = 5
FIRST_SCREEN_JS = """([heading, tiles]) => {
    // When the athlete's heading and five fresh figure tiles are first on screen, in seconds:
    // in the page, then the next frame (a frame is painted right after its animation callbacks).
    const started = performance.now(), pattern = new RegExp(heading);
    window.firstScreen = null;
    const observer = new MutationObserver(() => {
        const named = [...document.querySelectorAll('h1, h2, h3')].some(h => pattern.test(h.innerText.trim()));
        const shown = [...document.querySelectorAll(tiles)].filter(tile => tile.checkVisibility()).length;
        if (named && shown >= 5) {
            observer.disconnect();
            requestAnimationFrame(() => { window.firstScreen = (performance.now() - started) / 1000; });
        }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
}"""


@contextmanager
def server(database: Path):
    """`streamlit run` on a free port over `database`; stopped afterwards."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "streamlit", "run", str(REPO / "streamlit_app.py"), "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none",
               "--browser.gatherUsageStats", "false"]  # fmt: skip
    env = {**os.environ, "TRACKER_DATABASE_URL": f"sqlite:///{database}"}
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                    if answer.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


def settled(page: Page) -> None:
    """Wait until the rerun is over: not running, nothing stale, twice in a row."""
    calm = 0
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while calm < 2 and time.monotonic() < deadline:
        calm = calm + 1 if not page.evaluate(BUSY_JS) else 0
        time.sleep(0.05)


def tap(page: Page, target: Locator, heading: str | None = None) -> float:
    """Tap `target` once a person could (shown, still, enabled: menus have finished opening)
    and return the time of the tap; with `heading`, watch in the page for the first screen."""
    target.click(trial=True)
    if heading is not None:
        page.evaluate(FIRST_SCREEN_JS, [heading, FRESH_TILES])
    started = time.perf_counter()
    target.click()
    return started


def drawn(page: Page, started: float) -> tuple[float, float]:
    """Seconds from `started` (a `tap` with a heading) until the first screen was drawn, as
    the page saw it, and until the whole page is: the last chart drawn, the rerun over."""
    page.wait_for_function("window.firstScreen !== null", timeout=TIMEOUT_MS)
    first_screen = page.evaluate("window.firstScreen")
    page.locator(f"{LAST_CHART} .main-svg").first.wait_for(state="attached", timeout=TIMEOUT_MS)
    settled(page)
    return first_screen, time.perf_counter() - started


def today_heading(name: str) -> str:
    return f"^{re.escape(f'{name} today')}$"


def pick(page: Page, name: str, *, watch: bool = True) -> float:
    """Open the athlete picker and tap `name`; the time of the tap."""
    page.get_by_role("combobox", name="Athlete", exact=True).click()
    started = tap(page, page.get_by_role("option", name=name, exact=True), today_heading(name) if watch else None)
    page.locator('[data-testid="stMain"]').get_by_role("combobox", name="Athlete", exact=True).wait_for()
    return started


def from_the_log_page(page: Page, url: str, name: str, times: list[tuple[float, float]]) -> None:
    """Open the app (the log page), stay a few seconds, then open Trends from the menu."""
    page.goto(url)
    page.get_by_role("heading", name="Log a session", exact=True).wait_for(timeout=TIMEOUT_MS)
    settled(page)
    time.sleep(READING_S)
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    started = tap(page, page.get_by_role("link", name="Trends and advice", exact=True), today_heading(name))
    times.append(drawn(page, started))


def demo_to_trends(browser, runs: int) -> list[tuple[float, float]]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder, server(Path(folder) / "demo.db") as url:
            context = browser.new_context(**PHONE)
            page = context.new_page()
            page.goto(url)
            page.get_by_role("button", name="Explore the demo data").wait_for(timeout=TIMEOUT_MS)
            settled(page)
            started = tap(page, page.get_by_role("button", name="Explore the demo data"), " today$")
            times.append(drawn(page, started))
            context.close()
    return times


def switching(browser, database: Path, names: list[str]) -> dict[str, list]:
    """On one fresh server (nothing cached): each athlete's trends the first time, then again
    (first screen and whole page); and the reference, switching athlete on Settings."""
    found: dict[str, list] = {
        "trends opened from the log page, first visit": [], "trends opened from the log page, returning": [],
        "first trends, at once": [], "first trends, after 5 s of reading": [], "trends again": [], "reference (settings)": [],
    }  # fmt: skip
    with server(database) as url:
        context = browser.new_context(**PHONE)
        page = context.new_page()
        # A lifter's way in: the log page (where the app opens), then Trends from the menu. On a
        # first visit the browser also fetches the charting code (4.7 MB, then cached for a year).
        from_the_log_page(page, url, names[0], found["trends opened from the log page, first visit"])
        page.goto(url + "settings")
        page.get_by_role("heading", name="Settings", exact=True).wait_for(timeout=TIMEOUT_MS)
        settled(page)
        for name in names[1:] + names[:1]:
            started = pick(page, name, watch=False)
            settled(page)
            found["reference (settings)"].append(time.perf_counter() - started)
        page.goto(url + "trends")
        page.get_by_role("heading", name=f"{names[0]} today", exact=True).wait_for(timeout=TIMEOUT_MS)
        settled(page)
        # Half the athletes straight after the page is drawn (the warm-up has barely begun)...
        half = len(names) // 2
        for name in names[1 : half + 1]:
            started = pick(page, name)
            found["first trends, at once"].append(drawn(page, started))
        # ... the others after reading the page for a while, as a person does.
        for name in names[half + 1 :]:
            time.sleep(READING_S)
            started = pick(page, name)
            found["first trends, after 5 s of reading"].append(drawn(page, started))
        for name in names:
            started = pick(page, name)
            found["trends again"].append(drawn(page, started))
        page.close()
        returning = context.new_page()  # a new session in the same browser, its cache warm
        from_the_log_page(returning, url, names[0], found["trends opened from the log page, returning"])
        context.close()
    return found


def library(database: Path) -> list[float]:
    engine = open_engine(f"sqlite:///{database}")
    today = dt.date.today()
    times = []
    with Session(engine) as db:
        for athlete in store.list_athletes(db):
            started = time.perf_counter()
            trends_view(db, athlete_id=athlete.id, start=today - dt.timedelta(days=181), end=today, pain_detail=True)
            times.append(time.perf_counter() - started)
    engine.dispose()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="demo builds to time (each on a fresh server)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "demo.db"
        engine = open_engine(f"sqlite:///{database}")
        with Session(engine) as db:
            build_demo(db)
            names = [a.name for a in store.list_athletes(db)]
        engine.dispose()
        computed = library(database)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
            found = switching(browser, database, names)
            found["demo → trends drawn"] = demo_to_trends(browser, args.runs)
            browser.close()
    reference = statistics.median(found["reference (settings)"])
    print(f"{len(names)} demo athletes, phone 390 × 844; medians (min–max), ratio to the reference")
    print(f"  library trends_view alone: {statistics.median(computed):.2f} s ({min(computed):.2f}–{max(computed):.2f})")
    for label, times in found.items():
        if isinstance(times[0], tuple):  # (first screen, whole page)
            for part, position in (("first screen", 0), ("whole page", 1)):
                show(f"{label}, {part}", [t[position] for t in times], reference)
        else:
            show(label, times, reference)


def show(label: str, times: list[float], reference: float) -> None:
    median = statistics.median(times)
    print(f"  {label}: {median:.2f} s ({min(times):.2f}–{max(times):.2f}, {len(times)} runs), × {median / reference:.1f}")


if __name__ == "__main__":
    main()

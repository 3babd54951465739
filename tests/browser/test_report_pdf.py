"""The clinician report in a real browser: plotly draws, and a six-month report prints to at
most three A4 pages with every section (it was five, three of them sessions).

Writes tests/artifacts/report.pdf (the printed report) and tests/artifacts/report.png (its
first screen), to be looked at (`pdftoppm -png tests/artifacts/report.pdf` renders the pages).
Needs pypdf.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sqlmodel import Session

from tracker import store
from tracker.db import open_engine
from tracker.report import SECTIONS, clinician_report

pypdf = pytest.importorskip("pypdf")

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
TODAY = dt.date(2026, 6, 30)
A4_PT = (595.28, 841.89)


@pytest.fixture(scope="module")
def report_file(tmp_path_factory, demo_database) -> Path:
    folder = tmp_path_factory.mktemp("report")
    engine = open_engine(demo_database(TODAY))
    try:
        with Session(engine) as db:
            athlete = store.get_athlete_by_name(db, name="Frankie Reload")
            html = clinician_report(
                db,
                athlete_id=athlete.id,
                start=TODAY - dt.timedelta(days=181),
                end=TODAY,
            )
    finally:
        engine.dispose()
    path = folder / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_report_renders_and_prints_to_a4(browser: Browser, report_file: Path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        viewport={"width": 1000, "height": 1200}, locale="en-GB"
    )
    requests: list[str] = []
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(report_file.as_uri())
        # All three figures drawn (pain over time, where it hurt, load): each plotly div gets its
        # SVG layers once Plotly.newPlot has run.
        page.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3"
            " && document.querySelectorAll('.js-plotly-plot').length === 3",
            timeout=20_000,
        )
        assert page.locator(".js-plotly-plot .scatterlayer .trace").count() > 0
        assert page.locator("h2").all_inner_texts() == list(SECTIONS)
        assert page.locator("button").count() == 0
        page.screenshot(path=str(ARTIFACTS / "report.png"))
        pdf_path = ARTIFACTS / "report.pdf"
        page.pdf(
            path=str(pdf_path),
            format="A4",
            print_background=True,
            prefer_css_page_size=True,
        )
    finally:
        context.close()

    assert errors == []
    assert [
        url for url in requests if not url.startswith(("file:", "data:", "blob:"))
    ] == []

    reader = pypdf.PdfReader(str(pdf_path))
    assert 2 <= len(reader.pages) <= 3, len(reader.pages)
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4_PT[0]) <= 2 and abs(height - A4_PT[1]) <= 2, (
            width,
            height,
        )
    texts = [page.extract_text() for page in reader.pages]
    # A table running over a page break repeats its header on the next page.
    week_pages = [text for text in texts if re.search(r"Mon \d\d \w{3} \d{4} \d", text)]
    assert week_pages and all("Week of Sessions" in text for text in week_pages)
    text = " ".join(texts)
    flat = " ".join(text.split())
    for title in SECTIONS:
        assert title in flat, f"{title!r} not in the PDF text"
    assert "Frankie Reload" in flat and "Week by week" in flat and "Sessions of the last 14 days" in flat

"""The clinician report in a real browser: plotly draws, and it prints to A4 with every section.

Writes tests/artifacts/report.pdf (the printed report) and tests/artifacts/report.png (its
first screen), to be looked at. Needs pypdf.
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
                start=TODAY - dt.timedelta(days=90),
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
        # Both figures drawn: each plotly div gets its SVG layers once Plotly.newPlot has run.
        page.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2"
            " && document.querySelectorAll('.js-plotly-plot').length === 2",
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
    assert len(reader.pages) >= 2
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4_PT[0]) <= 2 and abs(height - A4_PT[1]) <= 2, (
            width,
            height,
        )
    texts = [page.extract_text() for page in reader.pages]
    # The sessions table runs over a page break: every page with session rows repeats its header.
    session_pages = [text for text in texts if re.search(r"\d min ", text)]
    assert len(session_pages) >= 2
    assert all("Date Session Duration" in text for text in session_pages)
    text = " ".join(texts)
    flat = " ".join(text.split())
    for title in SECTIONS:
        assert title in flat, f"{title!r} not in the PDF text"
    assert "Frankie Reload" in flat

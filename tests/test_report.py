"""Tests for tracker.report: the clinician report (HTML) and its data (CSV zip), on the demo."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from html.parser import HTMLParser

import pytest
from sqlmodel import Session

from tracker import store
from tracker.db import open_engine
from tracker.models import ClinicalNote
from tracker.report import SECTIONS, clinician_report, report_csv_zip
from tracker.science.advice import DISCLAIMER

TODAY = dt.date(2026, 6, 30)
START = TODAY - dt.timedelta(days=90)
FRANKIE = "Frankie Reload"


@pytest.fixture(scope="module")
def engine(demo_database):
    engine = open_engine(demo_database(TODAY))
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine):
    with Session(engine) as session:
        yield session


@pytest.fixture(scope="module")
def frankie_html(engine) -> str:
    with Session(engine) as db:
        athlete = store.get_athlete_by_name(db, name=FRANKIE)
        return clinician_report(db, athlete_id=athlete.id, start=START, end=TODAY)


class _Tags(HTMLParser):
    """Start tags with their attributes, and the text outside scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.h2: list[str] = []
        self._in: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in.append(tag)

    def handle_endtag(self, tag):
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data):
        if self._in and self._in[-1] == "h2":
            self.h2.append(data.strip())
        if not (self._in and self._in[-1] in ("script", "style")):
            self.text.append(data)


def parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def summary_text(html: str) -> str:
    match = re.search(r'<p id="summary-text">(.*?)</p>', html, re.DOTALL)
    assert match, "no summary paragraph"
    return match.group(1)


def test_sections_in_order_with_disclaimer_at_top_and_bottom(frankie_html):
    parsed = parse(frankie_html)
    assert parsed.h2 == list(SECTIONS)
    assert SECTIONS == (
        "Summary",
        "Pain timeline",
        "Load and ACWR",
        "Red-flag history",
        "Phase history",
        "Notes",
        "Sessions",
    )
    assert frankie_html.count(DISCLAIMER) == 2
    header, footer = frankie_html.index("<header>"), frankie_html.index("<footer>")
    assert header < frankie_html.index(DISCLAIMER) < frankie_html.index("<main>")
    assert frankie_html.rindex(DISCLAIMER) > footer
    assert (
        FRANKIE in frankie_html and "@page { size: A4; margin: 15mm; }" in frankie_html
    )


def test_summary_cites_session_count_and_peak_pain(frankie_html, db):
    athlete = store.get_athlete_by_name(db, name=FRANKIE)
    sessions = store.sessions_frame(db, athlete_id=athlete.id, start=START, end=TODAY)
    pain = store.pain_frame(db, athlete_id=athlete.id, start=START, end=TODAY)
    summary = summary_text(frankie_html)
    assert len(sessions) > 0 and f"{len(sessions)} sessions logged" in summary
    assert f"peak {int(pain['pain'].max())}/10" in summary
    assert (
        f"latest {int(pain.sort_values('recorded_at')['pain'].iloc[-1])}/10" in summary
    )
    assert "ACWR" in summary or "acute:chronic" in summary
    assert "Triage on" in summary


def test_plotly_is_inlined_once_and_nothing_is_fetched(frankie_html):
    parsed = parse(frankie_html)
    external = [
        (tag, name, value)
        for tag, attrs in parsed.tags
        for name, value in attrs.items()
        if name in ("src", "href", "srcset", "data", "poster", "action")
        and value
        and re.match(r"\s*(https?:)?//", value)
    ]
    assert external == []
    assert not any(tag == "link" for tag, _ in parsed.tags)
    assert not any(tag == "script" and "src" in attrs for tag, attrs in parsed.tags)
    # plotly.js inlined exactly once, two figures drawn.
    assert frankie_html.count("window.PlotlyConfig") == 1
    assert frankie_html.count("Plotly.newPlot(") == 2


def test_phase_and_red_flag_sections_show_the_flare(frankie_html):
    phases = frankie_html[
        frankie_html.index('id="phase-history"') : frankie_html.index('id="notes"')
    ]
    assert "Reload" in phases and "Triage: assess" in phases
    flags = frankie_html[
        frankie_html.index('id="red-flag-history"') : frankie_html.index(
            'id="phase-history"'
        )
    ]
    assert "None reported" in flags  # Frankie's flare had no red flag
    assert "Sharp on a deadlift, couldn&#x27;t finish." in frankie_html


def test_notes_are_escaped(db):
    athlete = store.get_athlete_by_name(db, name=FRANKIE)
    note = ClinicalNote(
        athlete_id=athlete.id, author_id=None, written_at=dt.datetime(2026, 6, 1, 9, 30),
        body='<script>alert("x")</script> & L4/5 <b>not bold</b>', coach_summary="<img src=x onerror=alert(1)>",
    )  # fmt: skip
    html = clinician_report(
        db,
        athlete_id=athlete.id,
        start=TODAY - dt.timedelta(days=20),
        end=TODAY,
        notes=[note],
    )
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; L4/5 &lt;b&gt;not bold&lt;/b&gt;"
        in html
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>not bold</b>" not in html and "<img" not in html
    # Only plotly's own scripts are script elements (one inline library + one per figure).
    assert html.count('<script>alert("x")') == 0


def test_athlete_with_no_data_gets_an_explanatory_report(db):
    athlete = store.create_athlete(
        db, data={"name": "Nobody <Yet>", "unit": "lb", "birth_year": 2000}
    )
    html = clinician_report(
        db, athlete_id=athlete.id, start=TODAY - dt.timedelta(days=30), end=TODAY
    )
    parsed = parse(html)
    assert parsed.h2 == list(SECTIONS)
    assert "Nobody &lt;Yet&gt;" in html and "Nobody <Yet>" not in html
    summary = summary_text(html)
    assert (
        "0 sessions logged" in summary and "Nothing was logged in this range" in summary
    )
    assert "No pain was reported" in summary
    text = " ".join(parsed.text)
    for expected in (
        "No pain reports in this range.",
        "None reported.",
        "No sessions were logged in this range.",
        "No clinical notes",
    ):
        assert expected in text
    assert (
        "No sessions yet" in html
    )  # the empty load chart tells the reader what to log


def test_csv_zip_has_three_files_with_headers(db):
    athlete = store.get_athlete_by_name(db, name=FRANKIE)
    data = report_csv_zip(db, athlete_id=athlete.id, start=START, end=TODAY)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["pain.csv", "sessions.csv", "weekly.csv"]
        tables = {
            name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))
            for name in archive.namelist()
        }
        headers = {
            name: archive.read(name).decode("utf-8").splitlines()[0].split(",")
            for name in archive.namelist()
        }
    assert {
        "date",
        "name",
        "duration_min",
        "rpe",
        "srpe_load",
        "tonnage",
        "spinal_tonnage",
        "hard_sets",
    } <= set(headers["sessions.csv"])
    assert {
        "recorded_at",
        "pain",
        "region",
        "quality",
        "timing",
        "notes",
        "saddle_numbness",
    } <= set(headers["pain.csv"])
    assert (
        headers["weekly.csv"][:3] == ["week", "metric", "load"]
        and "pain_max" in headers["weekly.csv"]
    )
    sessions = store.sessions_frame(db, athlete_id=athlete.id, start=START, end=TODAY)
    assert len(tables["sessions.csv"]) == len(sessions)
    assert len(tables["pain.csv"]) == len(
        store.pain_frame(db, athlete_id=athlete.id, start=START, end=TODAY)
    )
    assert all(
        re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"])
        for row in tables["sessions.csv"]
    )
    assert {row["saddle_numbness"] for row in tables["pain.csv"]} <= {"true", "false"}
    assert (
        tables["weekly.csv"][0]["week"]
        == (START - dt.timedelta(days=START.weekday())).isoformat()
    )


def test_empty_athlete_zip_still_has_headers(db):
    athlete = store.create_athlete(db, data={"name": "Empty Zip", "unit": "kg"})
    with zipfile.ZipFile(
        io.BytesIO(report_csv_zip(db, athlete_id=athlete.id, start=START, end=TODAY))
    ) as archive:
        for name in ("sessions.csv", "pain.csv", "weekly.csv"):
            lines = archive.read(name).decode("utf-8").splitlines()
            assert len(lines) == 1 and lines[0]


def test_start_after_end_is_refused(db):
    athlete = store.get_athlete_by_name(db, name=FRANKIE)
    with pytest.raises(ValueError):
        clinician_report(db, athlete_id=athlete.id, start=TODAY, end=START)


def test_weekly_check_ins_are_charted_in_the_report(engine):
    from tracker.checkin import record_checkin

    with Session(engine) as db:
        athlete = store.get_athlete_by_name(db, name="Casey Steady")
        record_checkin(db, athlete_id=athlete.id, day=TODAY, answers={"participation": 8, "volume": 6, "performance": 0, "symptoms": 8})
        html = clinician_report(db, athlete_id=athlete.id, start=START, end=TODAY)
    assert "Weekly back check-in (OSTRC severity, 0–100)" in html


def test_the_red_flag_and_its_clearance_are_in_the_report(db):
    gray = store.get_athlete_by_name(db, name="Gray Cleared")
    html = clinician_report(db, athlete_id=gray.id, start=START, end=TODAY)
    flags = html[html.index('id="red-flag-history"') : html.index('id="phase-history"')]
    assert "numbness in the saddle area or genitals" in flags
    assert "Clearances" in flags and "Dr A. Rao, emergency department" in flags and "Cleared to train" in flags
    assert "since the clearance by Dr A. Rao, emergency department" in summary_text(html)
    assert "does not predict injury for an individual" in html

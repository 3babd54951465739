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
    # plotly.js inlined exactly once; three figures drawn (pain over time, where it hurt, load).
    assert frankie_html.count("window.PlotlyConfig") == 1
    assert frankie_html.count("Plotly.newPlot(") == 3
    assert len(frankie_html) < 5_000_000  # plotly.js (about 4.8 MB) once, the rest small


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
    assert "Sharp on a deadlift, couldn&#39;t finish." in frankie_html


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
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; L4/5 &lt;b&gt;not bold&lt;/b&gt;"
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


# Newest first, and a summary table for a long range ------------------------------------------------


def section(html: str, name: str) -> str:
    start = html.index(f'<section id="{name}"')
    return html[start : html.index("</section>", start)]


def first_cells(html: str) -> list[str]:
    """The first cell of each body row of every table in `html`."""
    return re.findall(r"<tr><td[^>]*>([^<]*)</td>", html)


def test_a_short_range_lists_every_session_newest_first(db):
    athlete = store.get_athlete_by_name(db, name=FRANKIE)
    start = TODAY - dt.timedelta(days=27)
    html = clinician_report(db, athlete_id=athlete.id, start=start, end=TODAY)
    sessions = store.sessions_frame(db, athlete_id=athlete.id, start=start, end=TODAY)
    shown = first_cells(section(html, "sessions"))
    assert len(shown) == len(sessions) > 0
    days = [dt.datetime.strptime(text, "%a %d %b %Y").date() for text in shown]
    assert days == sorted(days, reverse=True) and days[0] == sessions["date"].max().date()
    assert "Week by week" not in html


def test_a_long_range_lists_weeks_then_the_last_two_weeks_of_sessions(db):
    athlete = store.get_athlete_by_name(db, name=FRANKIE)
    start = TODAY - dt.timedelta(days=181)
    html = clinician_report(db, athlete_id=athlete.id, start=start, end=TODAY)
    part = section(html, "sessions")
    weeks_html, sessions_html = part.split("Sessions of the last 14 days")
    weeks = [dt.datetime.strptime(text, "%a %d %b %Y").date() for text in first_cells(weeks_html)]
    monday = start - dt.timedelta(days=start.weekday())
    assert weeks[0] == TODAY - dt.timedelta(days=TODAY.weekday()) and weeks[-1] == monday
    assert len(weeks) == (weeks[0] - monday).days // 7 + 1  # every week, newest first
    recent = store.sessions_frame(db, athlete_id=athlete.id, start=TODAY - dt.timedelta(days=13), end=TODAY)
    shown = [dt.datetime.strptime(text, "%a %d %b %Y").date() for text in first_cells(sessions_html)]
    assert shown == sorted(recent["date"].dt.date, reverse=True)


def test_pain_reports_and_notes_are_newest_first(frankie_html, db):
    athlete = store.get_athlete_by_name(db, name=FRANKIE)
    pain = store.pain_frame(db, athlete_id=athlete.id, start=START, end=TODAY)
    shown = first_cells(section(frankie_html, "pain-timeline"))
    assert shown == [t.strftime("%d %b %Y %H:%M") for t in pain["recorded_at"].sort_values(ascending=False)]
    notes = [
        ClinicalNote(athlete_id=athlete.id, author_id=None, written_at=dt.datetime(2026, 6, day, 9, tzinfo=dt.UTC), body=f"note of the {day}th")
        for day in (10, 20)
    ]
    html = clinician_report(db, athlete_id=athlete.id, start=START, end=TODAY, notes=notes)
    assert html.index("note of the 20th") < html.index("note of the 10th")


def test_where_it_hurt_is_drawn_and_named_by_the_areas_tapped(db):
    athlete = store.create_athlete(db, data={"name": "Drawn Pain"})
    store.add_pain(db, athlete_id=athlete.id, data={
        "recorded_at": dt.datetime.combine(TODAY - dt.timedelta(days=2), dt.time(9)), "pain": 5, "region": "leg", "side": "left",
        "body_areas": ["buttock-left", "thigh-back-left"],
    })  # fmt: skip
    html = clinician_report(db, athlete_id=athlete.id, start=TODAY - dt.timedelta(days=30), end=TODAY)
    assert "<td>left buttock, back of the left thigh</td>" in section(html, "pain-timeline")
    assert 'aria-label="Where it hurt: reports per body area"' in html


# For a viewer: the athlete and physios they share with, checked when the file is built -----------


@pytest.fixture
def club_world(engine):
    """The demo with the accounts of tests/club.py (Casey shares with "physio"), undone afterwards."""
    from sqlmodel import delete

    from tests.club import build_club
    from tracker.models import AccessLog, Share, Team, TeamCoach, TeamMember, User, UserRole

    with Session(engine) as db:
        build_club(db)
    yield engine
    with Session(engine) as db:
        for table in (AccessLog, ClinicalNote, Share, TeamMember, TeamCoach, Team, UserRole, User):
            db.exec(delete(table))
        db.commit()


def viewer(db, username: str):
    from tests.club import PASSWORD
    from tracker import access, auth

    return access.viewer_for(db, user_id=auth.authenticate(db, username=username, password=PASSWORD).id)


def test_the_report_for_a_physio_has_the_notes_written_until_the_moment_it_is_built(club_world):
    from sqlmodel import select

    from tracker import access
    from tracker.models import AccessLog
    from tracker.report import clinician_report_for, report_data_for

    with Session(club_world) as db:
        physio = viewer(db, "physio")
        casey = store.get_athlete_by_name(db, name="Casey Steady").id
        before = clinician_report_for(db, viewer=physio, athlete_id=casey, start=START, end=TODAY)
        access.add_clinical_note(db, viewer=physio, athlete_id=casey, body="Saved after the first download.")
        after = clinician_report_for(db, viewer=physio, athlete_id=casey, start=START, end=TODAY)
        assert "Saved after the first download." not in before and "Saved after the first download." in after
        assert report_data_for(db, viewer=physio, athlete_id=casey, start=START, end=TODAY).startswith(b"PK")
        actions = [(log.action, log.what) for log in db.exec(select(AccessLog).where(AccessLog.viewer_id == physio.user_id)).all()]
        assert actions.count(("report", "clinician report")) == 2 and ("export", "clinician report data") in actions


def test_the_athlete_gets_their_own_report(club_world):
    from tracker.report import clinician_report_for

    with Session(club_world) as db:
        casey = store.get_athlete_by_name(db, name="Casey Steady").id
        assert "Clinician report: Casey Steady" in clinician_report_for(db, viewer=viewer(db, "casey"), athlete_id=casey, start=START, end=TODAY)


@pytest.mark.parametrize(("who", "whose"), [("coach", "Alex Ramp"), ("lonely", "Casey Steady"), ("alex", "Casey Steady")])
def test_nobody_else_gets_the_report_or_its_data_not_even_the_athletes_coach(club_world, who, whose):
    from tracker.errors import PermissionDenied
    from tracker.report import clinician_report_for, report_data_for

    with Session(club_world) as db:
        athlete_id = store.get_athlete_by_name(db, name=whose).id
        for build in (clinician_report_for, report_data_for):
            with pytest.raises(PermissionDenied):
                build(db, viewer=viewer(db, who), athlete_id=athlete_id, start=START, end=TODAY)
        with pytest.raises(PermissionDenied):  # no viewer at all, once accounts exist
            clinician_report_for(db, viewer=None, athlete_id=athlete_id, start=START, end=TODAY)

"""One CSV writer: formula-looking text is escaped on export, restored on native import."""

import csv
import datetime as dt
import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import days_ago
from tracker import csvio, exchange, store
from tracker.report import report_csv_zip

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1 rep", "-2kg drop", "@SUM(A1:A9)", "\tTab row", "\rCR row", "'=already quoted"]


def cells_of(text: str) -> list[str]:
    return [value for row in csv.reader(io.StringIO(text)) for value in row]


def live_formulas(text: str) -> list[str]:
    """Cells a spreadsheet would run: text starting with a formula character. Numbers are
    written as they are by design (a week change of -1 is -100 %, not a formula)."""
    return [value for value in cells_of(text) if value.startswith(csvio.FORMULA_STARTS) and not _is_number(value)]


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def test_formula_starts_get_a_leading_quote_and_numbers_do_not():
    assert csvio.escape("=1+1") == "'=1+1"
    assert csvio.escape("'=1+1") == "''=1+1"
    assert csvio.escape("Squat (Barbell)") == "Squat (Barbell)"
    assert csvio.escape("'tis the season") == "'tis the season"
    assert csvio.cell(-2.5) == "-2.5" and csvio.cell(-3) == "-3"  # numbers stay numbers
    assert csvio.cell("-3") == "'-3"  # text that looks like a formula does not


@given(st.text())
def test_unescape_restores_any_text(text):
    assert csvio.unescape(csvio.escape(text)) == text
    assert not csvio.escape(text).startswith(csvio.FORMULA_STARTS)


def test_no_exported_cell_starts_a_formula_and_the_round_trip_is_exact(engine, db):
    from sqlmodel import Session

    athlete = store.create_athlete(db, data={"name": "Formula Fan"})
    for day, name in enumerate(FORMULAS, start=1):
        store.add_session(
            db,
            athlete_id=athlete.id,
            data={"date": days_ago(day), "name": name.strip()[:80], "notes": name, "duration_min": 30, "rpe": 5,
                  "sets": [{"exercise": f"{name.strip()} press", "reps": 5, "weight": 20}]},
            pain={"recorded_at": dt.datetime.combine(days_ago(day), dt.time(20)), "pain": 2, "region": "low back centre", "notes": name},
        )  # fmt: skip
    files = exchange.export_files(db, athlete_id=athlete.id)
    for name, text in files.items():
        assert not live_formulas(text), (name, live_formulas(text))
    assert "'=HYPERLINK" in files["sessions.csv"] and "'@SUM(A1:A9) press" in files["sets.csv"]

    with Session(engine) as other:
        copy = store.create_athlete(other, data={"name": "Formula Fan Copy"})
        exchange.import_native(other, athlete_id=copy.id, texts=files)
        again = exchange.export_files(other, athlete_id=copy.id)
        names = {s.name for s in store.recent_sessions(other, athlete_id=copy.id, limit=50)}
    assert again == files
    assert "=HYPERLINK(\"http://evil.example\",\"x\")" in names and "'=already quoted" in names


def test_the_report_data_zip_escapes_formulas_too(db):
    athlete = store.create_athlete(db, data={"name": "Report Formula"})
    store.add_session(db, athlete_id=athlete.id, data={"date": days_ago(1), "name": "=cmd|' /C calc'!A0", "notes": "@here", "duration_min": 30, "rpe": 5})
    with zipfile.ZipFile(io.BytesIO(report_csv_zip(db, athlete_id=athlete.id, start=days_ago(10), end=dt.date.today()))) as archive:
        texts = {name: archive.read(name).decode() for name in archive.namelist()}
    for name, text in texts.items():
        assert not live_formulas(text), name
    assert "'=cmd|' /C calc'!A0" in texts["sessions.csv"]
    # On a Monday the week shown has no load yet: its change is -1 (-100 %), a number, kept as one.
    assert csvio.cell(-1.0) == "-1" and live_formulas("a,-1,-0.25\n") == [] and live_formulas("=1+1,'=2\n") == ["=1+1"]

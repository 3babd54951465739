"""Real exports import as they are; only impossible values, absurd shapes and files too slow
to read are refused, each with a message naming the limit."""

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import SHARED
from tracker import store
from tracker.importers.base import MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, ImportFormatError
from tracker.importers.common import read_text
from tracker.importers.engine import ImportRefused, preview_import, run_import

IMPORTS = SHARED / "fixtures" / "imports"
REAL_EXPORTS = sorted(p for p in IMPORTS.glob("*.csv"))
STRONG_HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"


@pytest.fixture
def lifter(db):
    return store.create_athlete(db, data={"name": "Real Lifter"})


@pytest.mark.parametrize("path", REAL_EXPORTS, ids=lambda p: p.name)
def test_every_real_export_previews_without_a_refused_row(db, lifter, path: Path):
    preview = preview_import(db, athlete_id=lifter.id, data=path.read_bytes())
    assert preview.problems == [] and preview.sets > 0


def strong_file(*rows: str) -> bytes:
    return "\n".join([STRONG_HEADER, *rows]).encode()


def test_an_impossible_value_is_refused_and_an_unusual_one_kept(db, lifter):
    data = strong_file(
        '2024-05-01 10:00:00,"A",30m,"Push Up",1,0,150,0,0,"","",',  # unusual: kept, flagged
        '2024-05-01 10:00:00,"A",30m,"Leg Press",1,620,10,0,0,"","",',  # unusual: kept, flagged
        '2024-05-01 10:00:00,"A",30m,"Row",1,0,0,1200,0,"","",',  # 1200 km: refused
        '2024-05-01 10:00:00,"A",30m,"Plank",1,0,0,0,90000,"","",',  # more than a day: refused
    )
    preview = preview_import(db, athlete_id=lifter.id, data=data)
    assert [p.line for p in preview.unusual] == [2, 3]
    assert [(p.line, p.reason) for p in preview.problems] == [
        (4, "Distance: 1200 km is outside 0–1000 km (farther than anyone covers in a day)"),
        (5, "Time: 90000 seconds is outside 0–86400 seconds (one set or cardio entry fits in a day)"),
    ]
    result = run_import(db, athlete_id=lifter.id, data=data, skip_bad_rows=True)
    assert result.sets_added == 2


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ('0001-01-01 10:00:00,"A",30m,"Squat",1,100,5,0,0,"","",', "Date: 0001-01-01 must be between 1900-01-01 and"),
        (f'{dt.date.today() + dt.timedelta(days=3)} 10:00:00,"A",30m,"Squat",1,100,5,0,0,"","",', "(a day after today)"),
        ('2024-05-01 10:00:00,"A",30m,"Squat\x07",1,100,5,0,0,"","",', "Exercise: the name holds control characters ('\\x07')"),
    ],
)
def test_dates_out_of_range_and_control_characters_are_refused(db, lifter, row, reason):
    with pytest.raises(ImportRefused) as refused:
        run_import(db, athlete_id=lifter.id, data=strong_file(row))
    assert reason in refused.value.problems[0].reason


def test_a_header_with_a_million_columns_gets_a_clear_message():
    data = (STRONG_HEADER + ",x" * 1_000_000 + "\n").encode()
    with pytest.raises(ImportFormatError, match=f"the first line has 1,000,012 columns; .*the limit is {MAX_COLUMNS}"):
        read_text(data)


def test_a_file_too_long_to_read_in_about_ten_seconds_is_refused_naming_the_limit():
    rows = "\n".join(['2024-05-01 10:00:00,"A",30m,"Squat",1,100,5,0,0,"","",'] * (MAX_ROWS + 1))
    with pytest.raises(ImportFormatError, match=f"the limit is {MAX_ROWS:,} \\(about 10 seconds of reading\\)"):
        read_text(strong_file(rows))
    with pytest.raises(ImportFormatError, match=f"the limit is {MAX_FILE_BYTES / 1e6:.0f} MB \\(about 10 seconds of reading\\)"):
        read_text(b"x" * (MAX_FILE_BYTES + 1))

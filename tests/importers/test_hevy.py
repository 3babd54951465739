"""Hevy CSV parser against real exports (counts checked with the csv module, not the parser)."""

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.importers.base import MAX_PLAUSIBLE_MINUTES, ImportFormatError
from tracker.importers.common import read_text
from tracker.importers.hevy import looks_like_hevy, parse_hevy, parse_hevy_time
from tracker.vocab import SetKind, Unit

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "imports"
KG_PER_LB = 0.45359237
KM_PER_MILE = 1.609344

HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",'
    '"set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"'
)


def load(name: str) -> str:
    return read_text((FIXTURES / name).read_bytes())


def rows_of(name: str) -> list[dict[str, str]]:
    with open(FIXTURES / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def by_line(parsed) -> dict:
    return {s.line: s for s in parsed.sets}


@pytest.fixture(scope="module")
def lbs():
    return parse_hevy(load("hevy_lbs.csv"))


@pytest.mark.parametrize("name", ["hevy_kg.csv", "hevy_lbs.csv"])
def test_counts_match_the_file(name):
    rows = rows_of(name)
    parsed = parse_hevy(load(name))
    assert parsed.format == "hevy"
    assert parsed.problems == []
    assert len(parsed.sets) == len(rows)
    assert len({s.workout_key for s in parsed.sets}) == len({(r["start_time"], r["title"]) for r in rows})
    # every workout's positions run 1..n in file order
    per_workout: dict[str, list[int]] = {}
    for s in parsed.sets:
        per_workout.setdefault(s.workout_key, []).append(s.position)
    assert all(positions == list(range(1, len(positions) + 1)) for positions in per_workout.values())


def test_kg_file():
    parsed = parse_hevy(load("hevy_kg.csv"))
    assert parsed.units == {"kg"}
    first = parsed.sets[0]
    assert (first.line, first.exercise, first.weight_kg, first.reps) == (2, "Incline Bench Press (Dumbbell)", 48.0, 13)
    assert first.started_at == dt.datetime(2025, 6, 30, 19, 56)
    assert first.duration_min == 62.0
    assert first.workout_name == "Monday ? You mean international CHEST DAY !"
    assert parsed.warnings == []


def test_lbs_weights_converted(lbs):
    rows = rows_of("hevy_lbs.csv")
    assert lbs.units == {"lb"}
    sets = by_line(lbs)
    # line 3: Seated Cable Row, warm-up, 70 lb x 10 @ RPE 6
    assert rows[1]["weight_lbs"] == "70"
    row3 = sets[3]
    assert row3.exercise == "Seated Cable Row - V Grip (Cable)"
    assert row3.weight_kg == pytest.approx(70 * KG_PER_LB)
    assert (row3.reps, row3.rpe, row3.kind) == (10, 6.0, SetKind.WARMUP)
    for line, row in enumerate(rows, start=2):
        if row["weight_lbs"]:
            assert sets[line].weight_kg == pytest.approx(float(row["weight_lbs"]) * KG_PER_LB)
        else:
            assert sets[line].weight_kg is None


def test_set_kinds(lbs):
    expected = Counter(r["set_type"] for r in rows_of("hevy_lbs.csv"))
    got = Counter(s.kind for s in lbs.sets)
    assert got[SetKind.WARMUP] == expected["warmup"] > 0
    assert got[SetKind.FAILURE] == expected["failure"] > 0
    assert got[SetKind.DROP] == expected["dropset"] > 0
    assert got[SetKind.WORKING] == expected["normal"]


def test_rpe_read(lbs):
    rows = rows_of("hevy_lbs.csv")
    sets = by_line(lbs)
    for line, row in enumerate(rows, start=2):
        assert sets[line].rpe == (float(row["rpe"]) if row["rpe"] else None)
    assert 7.5 in {s.rpe for s in lbs.sets}


def test_superset_workout(lbs):
    rows = [r for r in rows_of("hevy_lbs.csv") if r["start_time"] == "28 May 2024, 07:32"]
    assert any(r["superset_id"] for r in rows) and any(not r["superset_id"] for r in rows)
    workout = [s for s in lbs.sets if s.started_at == dt.datetime(2024, 5, 28, 7, 32)]
    assert len(workout) == len(rows)
    assert [s.exercise for s in workout] == [r["exercise_title"] for r in rows]
    assert [s.position for s in workout] == list(range(1, len(rows) + 1))
    assert {s.duration_min for s in workout} == {55.0}


def test_emoji_title_intact(lbs):
    workout = [s for s in lbs.sets if s.started_at == dt.datetime(2024, 5, 28, 7, 32)]
    assert {s.workout_name for s in workout} == {"Gut Check - Day 1 🚀"}
    assert all("Gut Check - Day 1 🚀" in s.workout_key for s in workout)
    assert "Evening workout 🏋️" in {s.workout_name for s in lbs.sets}  # emoji with a variation selector


def test_same_exercise_twice_in_one_workout(lbs):
    workout = [s for s in lbs.sets if s.started_at == dt.datetime(2024, 1, 18, 17, 1)]
    holds = [s for s in workout if s.exercise == "Handstand Hold"]
    assert [s.line for s in holds] == [1002, 1003, 1004, 1011, 1012, 1013]
    runs = [name for i, name in enumerate(s.exercise for s in workout) if i == 0 or workout[i - 1].exercise != name]
    assert runs.count("Handstand Hold") == 2
    # positions follow file order across the whole workout, through both runs
    assert [s.position for s in workout] == list(range(1, len(workout) + 1))
    assert [s.line for s in workout] == sorted(s.line for s in workout)
    assert holds[3].position > holds[2].position + 1
    assert [s.seconds for s in holds] == [15, 23, 38, 17, 10, 43]
    assert all(s.reps is None and s.weight_kg is None for s in holds)


def test_cardio_distance_miles_converted(lbs):
    run = by_line(lbs)[769]
    assert run.exercise == "Running"
    assert run.distance_km == pytest.approx(2.09 * KM_PER_MILE)
    assert run.seconds == 1255
    assert run.reps is None and run.weight_kg is None


def test_timed_hold_seconds(lbs):
    plank = by_line(lbs)[1902]
    assert plank.exercise == "Plank"
    assert (plank.seconds, plank.reps, plank.weight_kg, plank.distance_km) == (31, None, None, None)


def test_unpadded_days_in_the_real_file(lbs):
    rows = rows_of("hevy_lbs.csv")
    unpadded = [line for line, r in enumerate(rows, start=2) if len(r["start_time"].split()[0]) == 1]
    assert unpadded  # the real file has them
    assert by_line(lbs)[unpadded[0]].started_at.day < 10
    nine_may = [s for s in lbs.sets if s.started_at == dt.datetime(2024, 5, 9, 8, 18)]
    assert len(nine_may) == sum(r["start_time"] == "9 May 2024, 08:18" for r in rows)


def test_hand_made_unpadded_day_and_hour():
    text = HEADER + '\n"Push","5 May 2024, 7:02","5 May 2024, 8:10","","Bench Press (Barbell)",,"",0,"normal",100,5,,,8\n'
    parsed = parse_hevy(text)
    (row,) = parsed.sets
    assert row.started_at == dt.datetime(2024, 5, 5, 7, 2)
    assert row.duration_min == 68
    assert (row.line, row.weight_kg, row.reps, row.rpe, row.kind) == (2, 100.0, 5, 8.0, SetKind.WORKING)


def test_header_columns_by_name_not_position():
    text = (
        '"exercise_title","reps","weight_lbs","title","start_time","end_time","set_index","set_type"\n'
        '"Squat (Barbell)",5,225,"Legs","1 September 2024, 18:00","1 September 2024, 19:00",0,"failure"\n'
    )
    (row,) = parse_hevy(text).sets
    assert (row.exercise, row.reps, row.kind) == ("Squat (Barbell)", 5, SetKind.FAILURE)
    assert row.weight_kg == pytest.approx(225 * KG_PER_LB)
    assert row.started_at == dt.datetime(2024, 9, 1, 18, 0)


def test_implausible_durations_one_warning():
    text = "\n".join(
        [
            HEADER,
            '"A","1 Jun 2024, 10:00","13 Jun 2024, 10:00","","Squat (Barbell)",,"",0,"normal",100,5,,,',
            '"A","1 Jun 2024, 10:00","13 Jun 2024, 10:00","","Squat (Barbell)",,"",1,"normal",100,5,,,',
            '"B","2 Jun 2024, 10:00","2 Jun 2024, 10:00","","Squat (Barbell)",,"",0,"normal",100,5,,,',
            '"C","3 Jun 2024, 10:00","3 Jun 2024, 11:00","","Squat (Barbell)",,"",0,"normal",100,5,,,',
        ]
    )
    parsed = parse_hevy(text)
    assert [s.duration_min for s in parsed.sets] == [None, None, None, 60]
    assert len(parsed.warnings) == 1
    assert parsed.warnings[0].startswith("2 workouts had implausible durations")
    assert "288h 0m" in parsed.warnings[0]
    assert MAX_PLAUSIBLE_MINUTES == 360


def test_bad_rows_reported_with_physical_lines():
    text = "\n".join(
        [
            HEADER,
            '"A","1 Jun 2024, 10:00","1 Jun 2024, 11:00","two\nlines","Squat (Barbell)",,"",0,"normal",100,5,,,',
            '"A","1 Jun 2024, 10:00","1 Jun 2024, 11:00","","Squat (Barbell)",,"",1,"normal",abc,5,,,',
            '"A","1 Jun 2024, 10:00","1 Jun 2024, 11:00","","Squat (Barbell)",,"",2,"normal",100,5.5,,,',
            '"A","31 Jun 2024, 10:00","1 Jun 2024, 11:00","","Squat (Barbell)",,"",3,"normal",100,5,,,',
            '"A","1 Jun 2024, 10:00","1 Jun 2024, 11:00","","Squat (Barbell)",,"",4,"normal",100,5,,,',
        ]
    )
    parsed = parse_hevy(text)
    assert [s.line for s in parsed.sets] == [2, 7]
    assert [s.position for s in parsed.sets] == [1, 2]
    assert [p.line for p in parsed.problems] == [4, 5, 6]
    assert "weight_kg" in parsed.problems[0].reason and "'abc'" in parsed.problems[0].reason
    assert "reps" in parsed.problems[1].reason
    assert "start_time" in parsed.problems[2].reason and "31 Jun 2024" in parsed.problems[2].reason


def test_wrong_header_raises():
    with pytest.raises(ImportFormatError, match="not a Hevy export"):
        parse_hevy("Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time\n2024-01-01,Squat,Legs,100,5,,,\n")
    with pytest.raises(ImportFormatError):
        parse_hevy("\n\n")
    assert not looks_like_hevy("Date,Exercise,Category,Weight (kgs),Reps\n")
    assert looks_like_hevy(load("hevy_kg.csv"))
    assert looks_like_hevy("\ufeff" + HEADER + "\n")


def test_bom_and_crlf():
    text = "\ufeff" + HEADER + '\r\n"A","1 Jun 2024, 10:00","1 Jun 2024, 11:00","","Squat (Barbell)",,"",0,"warmup",60,5,,,\r\n'
    (row,) = parse_hevy(text).sets
    assert (row.line, row.kind, row.weight_kg) == (2, SetKind.WARMUP, 60.0)


def test_default_unit_used_for_a_bare_weight_column():
    text = '"title","start_time","exercise_title","set_index","set_type","weight","reps"\n"A","1 Jun 2024, 10:00","Squat",0,"dropset",100,5\n'
    parsed = parse_hevy(text, default_unit=Unit.LB)
    assert parsed.units == {"assumed lb"}
    assert parsed.sets[0].weight_kg == pytest.approx(100 * KG_PER_LB)
    assert parsed.sets[0].kind == SetKind.DROP


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28 May 2024, 07:32", dt.datetime(2024, 5, 28, 7, 32)),
        ("5 May 2024, 7:02", dt.datetime(2024, 5, 5, 7, 2)),
        ("5 Sept 2024, 07:02", dt.datetime(2024, 9, 5, 7, 2)),
        ("05 september 2024, 19:02", dt.datetime(2024, 9, 5, 19, 2)),
        ("5 Sep. 2024, 7:02 PM", dt.datetime(2024, 9, 5, 19, 2)),
        ("5 Sep 2024, 12:02 am", dt.datetime(2024, 9, 5, 0, 2)),
        ("Sep 5, 2024, 07:02", dt.datetime(2024, 9, 5, 7, 2)),
        ("2024-09-05 07:02:00", dt.datetime(2024, 9, 5, 7, 2)),
    ],
)
def test_time_spellings(text, expected):
    assert parse_hevy_time(text) == expected


@pytest.mark.parametrize("text", ["", "32 May 2024, 07:32", "28 Mau 2024, 07:32", "28 May 2024", "28 May 2024, 25:00", "yesterday"])
def test_bad_times(text):
    with pytest.raises(ValueError):
        parse_hevy_time(text)


minutes = st.datetimes(min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2100, 12, 31)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)


@given(minutes)
def test_property_padded_abbreviated(moment):
    assert parse_hevy_time(moment.strftime("%d %b %Y, %H:%M")) == moment


@given(minutes)
def test_property_unpadded_day(moment):
    assert parse_hevy_time(f"{moment.day} {moment:%b %Y}, {moment.hour}:{moment:%M}") == moment


@given(minutes)
def test_property_full_month_name(moment):
    assert parse_hevy_time(moment.strftime("%d %B %Y, %H:%M")) == moment


@given(minutes)
def test_property_through_the_parser(moment):
    start = moment.strftime("%d %b %Y, %H:%M").lstrip("0")
    end = (moment + dt.timedelta(minutes=45)).strftime("%d %B %Y, %H:%M")
    text = HEADER + f'\n"W","{start}","{end}","","Squat",,"",0,"normal",100,5,,,\n'
    (row,) = parse_hevy(text).sets
    assert row.started_at == moment
    assert row.duration_min == 45

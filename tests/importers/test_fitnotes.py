"""FitNotes CSV parser against real exports (counts checked by reading the lines directly)."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.importers.base import ImportFormatError
from tracker.importers.common import read_text
from tracker.importers.fitnotes import looks_like_fitnotes, parse_fitnotes
from tracker.vocab import SetKind, Unit

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "imports"
KG_PER_LB = 0.45359237
KM_PER_MILE = 1.609344

FILES = ["fitnotes_kgs.csv", "fitnotes_lbs_large.csv", "fitnotes_weight_unit_commas.csv"]


def load(name: str) -> str:
    return read_text((FIXTURES / name).read_bytes())


def data_lines(name: str) -> list[tuple[int, str]]:
    """(physical line, text) of every non-blank line after the header. FitNotes does not quote
    exercise names, so the csv module would not help with the unquoted commas anyway."""
    lines = (FIXTURES / name).read_text(encoding="utf-8-sig").splitlines()
    return [(number, text) for number, text in enumerate(lines, start=1) if number > 1 and text.strip()]


def by_line(parsed) -> dict:
    return {s.line: s for s in parsed.sets}


@pytest.fixture(scope="module")
def large():
    return parse_fitnotes(load("fitnotes_lbs_large.csv"))


@pytest.fixture(scope="module")
def commas():
    return parse_fitnotes(load("fitnotes_weight_unit_commas.csv"))


@pytest.mark.parametrize("name", FILES)
def test_counts_match_the_file(name):
    lines = data_lines(name)
    parsed = parse_fitnotes(load(name))
    assert parsed.format == "fitnotes"
    assert parsed.problems == []
    assert len(parsed.sets) == len(lines)
    dates = {text.split(",", 1)[0] for _, text in lines}
    assert {s.workout_key for s in parsed.sets} == dates
    assert [s.line for s in parsed.sets] == [number for number, _ in lines]
    for s in parsed.sets:
        assert s.started_at == dt.datetime.fromisoformat(s.workout_key)  # midnight
        assert s.workout_name is None
        assert s.kind == SetKind.WORKING


def test_kgs_file_weights_and_categories():
    lines = data_lines("fitnotes_kgs.csv")
    parsed = parse_fitnotes(load("fitnotes_kgs.csv"))
    assert parsed.units == {"kg"}
    first = parsed.sets[0]
    assert (first.exercise, first.category, first.weight_kg, first.reps) == ("Bench Press (Touch and Go)", "Chest", 75.0, 5)
    assert first.started_at == dt.datetime(2014, 2, 11)
    fields = [text.split(",") for _, text in lines]
    assert [s.category for s in parsed.sets] == [f[2] for f in fields]
    assert [s.weight_kg for s in parsed.sets] == [float(f[3]) or None for f in fields]
    # positions restart on each date and follow file order
    day = [s for s in parsed.sets if s.workout_key == "2014-02-13"]
    assert [s.position for s in day] == list(range(1, len(day) + 1))
    assert [s.exercise for s in day[:2]] == ["Deadlift", "Squat"]


def test_lbs_large_units_and_conversion(large):
    assert large.units == {"lb"}
    curl = by_line(large)[7]  # 2017-06-23,Standing Dumbbell Curl,Biceps,25.0,12,,,
    assert (curl.exercise, curl.category, curl.reps) == ("Standing Dumbbell Curl", "Biceps", 12)
    assert curl.weight_kg == pytest.approx(25 * KG_PER_LB)
    pushups = by_line(large)[2]  # 0.0 lb: FitNotes' bodyweight
    assert (pushups.exercise, pushups.weight_kg, pushups.reps) == ("Pushups", None, 22)
    weights = {text.split(",")[3] for _, text in data_lines("fitnotes_lbs_large.csv")} - {"", "0.0"}
    assert {round(s.weight_kg / KG_PER_LB, 6) for s in large.sets if s.weight_kg} == {float(w) for w in weights}


def test_cardio_rows(large):
    run = by_line(large)[9865]  # 2020-02-25,Running (Outdoor),Cardio,,,2.83,mi,0:33:04
    assert (run.exercise, run.category) == ("Running (Outdoor)", "Cardio")
    assert run.weight_kg is None and run.reps is None
    assert run.distance_km == pytest.approx(2.83 * KM_PER_MILE)
    assert run.seconds == 33 * 60 + 4
    # rows with a time and no weight (runs, yoga, planks): no reps, no weight, seconds kept
    timed = [(n, text.split(",")) for n, text in data_lines("fitnotes_lbs_large.csv")]
    timed = [(n, f) for n, f in timed if f[3] == "" and f[7] not in ("", "0:00:00")]
    assert len(timed) > 100
    for n, f in timed:
        row = by_line(large)[n]
        assert (row.reps, row.weight_kg, row.category) == (None, None, f[2])
        assert row.seconds == sum(int(part) * 60**i for i, part in enumerate(reversed(f[7].split(":"))))
    miles = [n for n, f in timed if f[6] == "mi" and float(f[5])]
    assert len(miles) > 20 and all(by_line(large)[n].distance_km > 0 for n in miles)
    # Burpees are filed under Cardio but logged as reps
    burpee = next(s for s in large.sets if s.exercise == "Burpees - Easy")
    assert (burpee.category, burpee.reps, burpee.weight_kg) == ("Cardio", 15, None)


def test_timed_holds_keep_what_is_given(large):
    plank = by_line(large)[1781]  # 2017-12-27,Low Plank,Abs,,,0.0,m,0:00:45
    assert (plank.exercise, plank.seconds, plank.reps, plank.weight_kg, plank.distance_km) == ("Low Plank", 45, None, None, None)
    text = "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time\n2024-01-01,Plank,Abs,,3,,,\n2024-01-01,Plank,Abs,,,,,0:01:00\n"
    by_reps, by_time = parse_fitnotes(text).sets
    assert (by_reps.reps, by_reps.seconds) == (3, None)
    assert (by_time.reps, by_time.seconds) == (None, 60)


def test_unquoted_commas_in_exercise_names(commas):
    lines = data_lines("fitnotes_weight_unit_commas.csv")
    name = "Overhead Press (Each Side, Dumbbells)"
    expected = [n for n, text in lines if text.split(",", 1)[1].startswith(name + ",")]
    assert expected
    got = [s for s in commas.sets if s.exercise == name]
    assert [s.line for s in got] == expected
    assert {s.category for s in got} == {"Shoulders"}
    first = by_line(commas)[expected[0]]
    assert (first.weight_kg, first.reps) == (8.0, 5)
    two_commas = [s for s in commas.sets if s.exercise == "Rear Delt Pulling (Each Side, Cable In Front Of Eyes Area)"]
    assert two_commas and {s.category for s in two_commas} == {"Shoulders"}
    # the plain-bracket name from the first line is untouched
    assert commas.sets[0].exercise == "Flat Barbell Bench Press (Each Side) (Smith Machine)"
    # every category is one of those that rows without extra commas use
    plain = {text.split(",")[2] for _, text in lines if text.count(",") == 8}
    assert {s.category for s in commas.sets} == plain
    assert commas.units == {"kg"}


def test_comment_column_variant():
    text = "\n".join(
        [
            "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment",
            '2024-06-03,Bench Press,Chest,50.0,kgs,8,,,,""',
            '2024-06-03,Curl, Hammer,Biceps,30.0,lbs,10,,,,"Dropset, then rest"',
            "2024-06-03,Bench Press,Chest,50.0,kgs,6,,,",
            '2024-06-04,Treadmill,Cardio,,,,1.5,km,0:12:00,"easy"',
            '2024-06-04,Squat,Legs,100.0,kgs,5,,,,"two\nlines"',
            "2024-06-04,Squat,Legs,100.0,kgs,5,,,,unquoted, with a comma",
        ]
    )
    parsed = parse_fitnotes(text)
    assert parsed.problems == []
    assert [s.line for s in parsed.sets] == [2, 3, 4, 5, 6, 8]
    bench, hammer, bench2, tread, squat, squat2 = parsed.sets
    assert (bench.notes, bench.weight_kg) == (None, 50.0)
    assert (hammer.exercise, hammer.category, hammer.notes) == ("Curl, Hammer", "Biceps", "Dropset, then rest")
    assert hammer.weight_kg == pytest.approx(30 * KG_PER_LB)
    assert (bench2.reps, bench2.notes) == (6, None)
    assert (tread.distance_km, tread.seconds, tread.notes, tread.weight_kg) == (1.5, 720, "easy", None)
    assert squat.notes == "two\nlines"
    assert (squat2.exercise, squat2.category, squat2.notes) == ("Squat", "Legs", "unquoted, with a comma")
    assert parsed.units == {"kg", "lb"}
    assert [s.position for s in parsed.sets] == [1, 2, 3, 1, 2, 3]


def test_several_commas_and_the_category_is_the_last_middle_field():
    text = "\n".join(
        [
            "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time",
            "2024-01-01,Row (Cable, Wide, Seated),Back,50.0,10,,,",
            "2024-01-01,Curl, Hammer,Biceps,20.0,10,,,",
        ]
    )
    rows = parse_fitnotes(text).sets
    assert [(s.exercise, s.category, s.weight_kg) for s in rows] == [
        ("Row (Cable, Wide, Seated)", "Back", 50.0),
        ("Curl, Hammer", "Biceps", 20.0),
    ]


def test_bad_number_reported_with_its_line():
    text = "\n".join(
        [
            "Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time",
            "2024-01-01,Squat,Legs,225.0,5,,,",
            "",
            "2024-01-01,Squat,Legs,2x5,5,,,",
            "2024-01-01,Squat,Legs,225.0,five,,,",
            "2024-01-01,Squat,Legs,225.0,5.5,,,",
            "2024-13-01,Squat,Legs,225.0,5,,,",
            "2024-01-01,Run,Cardio,,,2.0,parsecs,0:10:00",
            "2024-01-01,Run,Cardio,,,2.0,mi,ten minutes",
            "2024-01-01,Squat,Legs,225.0",
            "2024-01-01,Squat,Legs,225.0,3,,,",
        ]
    )
    parsed = parse_fitnotes(text)
    assert [s.line for s in parsed.sets] == [2, 11]
    assert [s.position for s in parsed.sets] == [1, 2]
    problems = {p.line: p.reason for p in parsed.problems}
    assert sorted(problems) == [4, 5, 6, 7, 8, 9, 10]
    assert "Weight (lbs)" in problems[4] and "'2x5'" in problems[4]
    assert "Reps" in problems[5] and "'five'" in problems[5]
    assert "Reps" in problems[6]
    assert "Date" in problems[7] and "2024-13-01" in problems[7]
    assert "Distance Unit" in problems[8] and "parsecs" in problems[8]
    assert "Time" in problems[9] and "ten minutes" in problems[9]
    assert "columns" in problems[10]


def test_wrong_header_raises():
    with pytest.raises(ImportFormatError, match="not a FitNotes export"):
        parse_fitnotes(load("hevy_kg.csv"))
    with pytest.raises(ImportFormatError):
        parse_fitnotes("")
    assert looks_like_fitnotes(load("fitnotes_kgs.csv"))
    assert looks_like_fitnotes("\ufeffDate,Exercise,Category,Weight,Weight Unit,Reps\r\n")
    assert not looks_like_fitnotes(load("hevy_lbs.csv"))


def test_bare_weight_column_uses_the_default_unit():
    text = "Date,Exercise,Category,Weight,Reps\n2024-01-01,Squat,Legs,100,5\n"
    parsed = parse_fitnotes(text, default_unit=Unit.LB)
    assert parsed.units == {"assumed lb"}
    assert parsed.sets[0].weight_kg == pytest.approx(100 * KG_PER_LB)
    mixed = "Date,Exercise,Category,Weight,Weight Unit,Reps\n2024-01-01,Squat,Legs,100,,5\n2024-01-01,Squat,Legs,100,stone,5\n"
    parsed = parse_fitnotes(mixed)
    assert parsed.units == {"assumed kg"}
    assert parsed.sets[0].weight_kg == 100
    assert parsed.problems[0].line == 3 and "Weight Unit" in parsed.problems[0].reason and "stone" in parsed.problems[0].reason


def test_local_dates_day_first():
    text = "Date,Exercise,Category,Weight (kgs),Reps\n28/05/2024,Squat,Legs,100,5\n03/04/2024,Squat,Legs,100,5\n"
    parsed = parse_fitnotes(text)
    assert [s.started_at.date() for s in parsed.sets] == [dt.date(2024, 5, 28), dt.date(2024, 4, 3)]
    assert parsed.warnings == []


dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))


@given(dates)
def test_property_iso_dates_round_trip(day):
    parsed = parse_fitnotes(f"Date,Exercise,Category,Weight (kgs),Reps\n{day.isoformat()},Squat,Legs,100,5\n")
    (row,) = parsed.sets
    assert row.started_at == dt.datetime.combine(day, dt.time())
    assert row.workout_key == day.isoformat()


@given(dates)
def test_property_day_first_dates_round_trip(day):
    anchor = "31/12/2020"  # a first number above 12 settles day-first for the file
    parsed = parse_fitnotes(f"Date,Exercise,Category,Weight (kgs),Reps\n{anchor},Squat,Legs,100,5\n{day:%d/%m/%Y},Squat,Legs,100,5\n")
    assert parsed.sets[1].started_at.date() == day

"""The Strong importer against nine real exports and small hand-made variants."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from tracker.importers.base import MAX_PLAUSIBLE_MINUTES, ImportFormatError, Parsed
from tracker.importers.common import read_text
from tracker.importers.strong import looks_like_strong, parse_strong
from tracker.vocab import SetKind, Unit

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "imports"
STRONG_FILES = sorted(path.name for path in FIXTURES.glob("strong_*.csv"))
OTHER_FILES = sorted(path.name for path in FIXTURES.glob("*.csv") if not path.name.startswith("strong_"))
LB = 0.45359237


def load(name: str) -> str:
    return read_text((FIXTURES / name).read_bytes())


def parse(name: str, **kwargs) -> Parsed:
    return parse_strong(load(name), **kwargs)


def by_line(parsed: Parsed) -> dict:
    return {imported.line: imported for imported in parsed.sets}


def raw_rows(name: str) -> list[dict[str, str]]:
    """The file's data rows read independently of the parser: decode by hand, pick the delimiter,
    unwrap whole-line-quoted rows textually, then let the csv module split them."""
    text = (FIXTURES / name).read_bytes().decode("utf-8-sig")
    lines = [line for line in text.splitlines() if line.strip()]
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    header = next(csv.reader([lines[0]], delimiter=delimiter))
    rows = []
    for line in lines[1:]:
        fields = next(csv.reader([line], delimiter=delimiter))
        if len(fields) == 1:  # an older iOS line: "a;""b"";c" → a;"b";c
            fields = next(csv.reader([line[1:-1].replace('""', '"')], delimiter=delimiter))
        assert len(fields) == len(header), line
        rows.append(dict(zip(header, fields)))
    return rows


def set_rows(name: str) -> list[dict[str, str]]:
    return [row for row in raw_rows(name) if row["Set Order"] not in ("Rest Timer", "Note")]


# ---------------------------------------------------------------------------------------------
# Every real file


def test_there_are_nine_strong_fixtures():
    assert len(STRONG_FILES) == 9


@pytest.mark.parametrize("name", STRONG_FILES)
def test_every_fixture_counts_match_an_independent_count(name):
    rows = set_rows(name)
    expected_workouts = {(row["Date"], row["Workout Name"]) for row in rows}

    parsed = parse(name)

    assert parsed.format == "strong"
    assert parsed.problems == []
    assert len(parsed.sets) == len(rows)
    assert len({imported.workout_key for imported in parsed.sets}) == len(expected_workouts)
    # Same grouping, not just the same number of groups.
    assert {(imported.started_at.strftime("%Y-%m-%d %H:%M:%S"), imported.workout_name) for imported in parsed.sets} == (
        expected_workouts
    )
    assert Counter(imported.exercise for imported in parsed.sets) == Counter(row["Exercise Name"].strip() for row in rows)


@pytest.mark.parametrize("name", STRONG_FILES)
def test_every_fixture_is_well_formed_output(name):
    parsed = parse(name)
    lines = [imported.line for imported in parsed.sets]
    assert lines == sorted(lines) and len(set(lines)) == len(lines) and lines[0] == 2
    positions: dict[str, list[int]] = {}
    for imported in parsed.sets:
        positions.setdefault(imported.workout_key, []).append(imported.position)
        assert imported.weight_kg is None or (imported.weight_kg > 0 and round(imported.weight_kg, 6) == imported.weight_kg)
        assert imported.reps is None or imported.reps >= 0
        assert imported.duration_min is None or 0 < imported.duration_min <= MAX_PLAUSIBLE_MINUTES
        if imported.reps is None:
            assert imported.distance_km or imported.seconds
    for key, numbers in positions.items():
        assert numbers == list(range(1, len(numbers) + 1)), key


@pytest.mark.parametrize("name", STRONG_FILES)
def test_strong_files_are_recognised(name):
    assert looks_like_strong(load(name))


@pytest.mark.parametrize("name", OTHER_FILES)
def test_other_apps_are_not_strong(name):
    text = load(name)
    assert not looks_like_strong(text)
    with pytest.raises(ImportFormatError, match="not a Strong export"):
        parse_strong(text)


# ---------------------------------------------------------------------------------------------
# Per dialect


def test_units_from_header_column_or_assumed():
    assert parse("strong_2016_kg_header.csv").units == {"kg"}
    assert parse("strong_2018_quoted_lines_lbs.csv").units == {"lb"}
    assert parse("strong_semicolon_units.csv").units == {"lb"}
    assert parse("strong_semicolon_rpe_duration.csv").units == {"lb"}
    assert parse("strong_fully_quoted_codes.csv").units == {"kg"}
    assert parse("strong_2019_rpe_no_duration.csv").units == {"assumed kg"}
    assert parse("strong_comma_duration.csv", default_unit=Unit.LB).units == {"assumed lb"}


def test_kg_header_file_keeps_kilograms_and_counts_set_order_from_zero():
    sets = by_line(parse("strong_2016_kg_header.csv"))
    squat = sets[2]
    assert (squat.exercise, squat.workout_name, squat.reps, squat.weight_kg) == ("Squat", "W1D1", 5, 70.0)
    assert squat.started_at == dt.datetime(2016, 10, 3, 19, 30, 55)
    assert squat.kind == SetKind.WORKING and squat.position == 1
    assert sets[6].position == 5  # Set Order 4, the fifth set of the workout
    assert sets[7].weight_kg is None and sets[7].reps == 10  # bodyweight pull-up written as 0.0 kg


def test_semicolon_file_with_whole_lines_in_quotes():
    parsed = parse("strong_2018_quoted_lines_lbs.csv")
    sets = by_line(parsed)
    first = sets[2]
    assert (first.workout_name, first.exercise, first.reps) == ("B", "Squat", 5)
    assert first.weight_kg == pytest.approx(15 * LB, abs=1e-6)
    assert sets[3].weight_kg == pytest.approx(17.5 * LB, abs=1e-6)
    assert sets[29].notes == "Make sure good form"
    assert all('"' not in (s.exercise + (s.workout_name or "") + (s.notes or "")) for s in parsed.sets)


def test_lbs_are_converted_to_kg():
    # A file that says lbs on every row.
    sets = by_line(parse("strong_semicolon_rpe_duration.csv"))
    assert sets[37].weight_kg == pytest.approx(61.235, abs=1e-3)  # 135 lbs
    # A file that says nothing, imported by a lifter who works in pounds.
    sets = by_line(parse("strong_comma_duration_large.csv", default_unit=Unit.LB))
    assert sets[396].exercise == "Deadlift (Barbell)"
    assert sets[396].weight_kg == pytest.approx(102.058, abs=1e-3)  # 225 lb


def test_set_order_codes_become_kinds_and_note_rows_are_not_sets():
    rows = set_rows("strong_fully_quoted_codes.csv")
    codes = Counter(row["Set Order"] for row in rows if not row["Set Order"].isdigit())
    parsed = parse("strong_fully_quoted_codes.csv")
    kinds = Counter(imported.kind for imported in parsed.sets)
    assert kinds[SetKind.WARMUP] == codes["W"] == 16
    assert kinds[SetKind.DROP] == codes["D"] == 10
    assert kinds[SetKind.FAILURE] == codes["F"] == 5
    sets = by_line(parsed)
    assert sets[42].kind == SetKind.WARMUP and sets[42].exercise == "Squat (Barbell)"
    assert 298 not in sets  # a Note row: its text goes to the exercise's next set
    assert sets[299].notes == "Tempo"
    assert sets[2].workout_key != sets[12].workout_key


def test_fully_quoted_duration_is_seconds_and_logged_after_the_fact_durations_are_dropped():
    parsed = parse("strong_fully_quoted_codes.csv")
    sets = by_line(parsed)
    assert sets[12].duration_min == pytest.approx(1692 / 60)  # "1692" seconds: 28.2 min
    assert sets[2].duration_min is None  # "82" seconds for 10 sets
    assert len(parsed.warnings) == 1
    assert "7 workouts" in parsed.warnings[0] and "82 s" in parsed.warnings[0]


def test_rest_timer_rows_are_skipped_and_float_reps_are_whole():
    parsed = parse("strong_rest_timer_rows.csv")
    sets = by_line(parsed)
    rest_lines = [i + 2 for i, row in enumerate(raw_rows("strong_rest_timer_rows.csv")) if row["Set Order"] == "Rest Timer"]
    assert len(rest_lines) == 109
    assert not set(rest_lines) & sets.keys()
    assert parsed.problems == []
    assert sets[2].reps == 10 and isinstance(sets[2].reps, int)
    assert sets[4].position == 2


def test_implausible_durations_are_flagged_once():
    parsed = parse("strong_rest_timer_rows.csv")
    by_workout = {imported.workout_key: imported.duration_min for imported in parsed.sets}
    assert by_workout["2025-06-03 20:23:00|Evening Workout"] is None  # 264h 1m
    assert by_workout["2025-06-15 17:57:30|Afternoon Workout"] == 54.0
    assert len(parsed.warnings) == 1
    assert "264h 1m" in parsed.warnings[0] and "9 workouts" in parsed.warnings[0]


def test_durations_in_minutes_and_hours():
    sets = by_line(parse("strong_comma_duration_large.csv"))
    assert sets[2].duration_min == 31.0
    assert sets[396].duration_min == 72.0  # 1h 12m
    assert sets[33].duration_min == 60.0  # 1h
    assert by_line(parse("strong_comma_duration.csv"))[2].duration_min == 38.0
    assert by_line(parse("strong_semicolon_rpe_duration.csv"))[2].duration_min == 17.0  # "Workout Duration"
    assert all(s.duration_min is None for s in parse("strong_2019_rpe_no_duration.csv").sets)


def test_rpe_half_steps_are_kept():
    parsed = parse("strong_semicolon_rpe_duration.csv")
    rpes = Counter(imported.rpe for imported in parsed.sets)
    assert {6.5, 7.5, 8.5, 9.5} <= rpes.keys()
    expected = Counter(row["RPE"] for row in set_rows("strong_semicolon_rpe_duration.csv"))
    assert rpes[7.5] == expected["7.5"] and rpes[None] == expected[""]
    assert by_line(parsed)[37].rpe == 8.5


def test_float_noise_is_gone():
    parsed = parse("strong_comma_duration_large.csv")
    for imported in parsed.sets:
        if imported.weight_kg is not None:
            assert len(repr(imported.weight_kg).split(".")[-1]) <= 6
    assert by_line(parsed)[33].weight_kg == 150.0  # 149.99999999999997 in the file
    assert by_line(parse("strong_rest_timer_rows.csv"))[218].weight_kg == 37.5


def test_cyrillic_workout_names_are_intact():
    parsed = parse("strong_2019_rpe_no_duration.csv")
    assert parsed.sets[0].workout_name == "Воркаут после полудня"
    assert parsed.sets[0].workout_key.endswith("|Воркаут после полудня")


def test_cardio_rows_carry_distance_and_time_and_no_weight():
    elliptical = by_line(parse("strong_2019_rpe_no_duration.csv"))[2]
    assert (elliptical.exercise, elliptical.reps, elliptical.weight_kg) == ("Elliptical Machine", None, None)
    assert (elliptical.distance_km, elliptical.seconds) == (2.0, 330.0)

    parsed = parse("strong_semicolon_units.csv")
    bike = by_line(parsed)[2]
    assert (bike.exercise, bike.reps, bike.weight_kg, bike.seconds) == ("Cycling (Indoor)", None, None, 2100.0)
    assert bike.distance_km == pytest.approx(2.4 * 1.609344, abs=1e-6)  # 2.4 mi.
    running = by_line(parsed)[410]  # a distance with the unit left blank
    assert running.distance_km == 5.9
    assert any("distances had no unit" in warning for warning in parsed.warnings)

    plank = [s for s in parse("strong_fully_quoted_codes.csv").sets if s.exercise == "Side Plank"]
    assert [(s.reps, s.weight_kg, s.seconds) for s in plank] == [(None, None, 30.0)] * 3


def test_rows_are_numbered_by_physical_line():
    parsed = parse("strong_semicolon_units.csv")
    text_lines = load("strong_semicolon_units.csv").split("\n")
    for imported in parsed.sets[:50]:
        assert imported.exercise in text_lines[imported.line - 1]


# ---------------------------------------------------------------------------------------------
# Hand-made variants


HEADER = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"


def test_weight_lbs_header():
    text = "Date,Workout Name,Exercise Name,Set Order,Weight (lbs),Reps\n2024-01-02 18:00:00,Pull,Deadlift,1,225,5\n"
    parsed = parse_strong(text)
    assert parsed.units == {"lb"}
    assert parsed.sets[0].weight_kg == pytest.approx(102.058, abs=1e-3)


def test_weight_unit_column_with_mixed_units():
    text = (
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;Distance;Distance Unit;Seconds\n"
        "2024-01-02 18:00:00;A;Squat;1;100;kg;5;;;0\n"
        "2024-01-02 18:00:00;A;Squat;2;225;lbs;5;;;0\n"
        "2024-01-02 18:00:00;A;Row;1;;;;2000;m;480\n"
        "2024-01-02 18:00:00;A;Curl;1;20;;10;;;\n"
    )
    parsed = parse_strong(text)
    assert parsed.problems == []
    assert parsed.units == {"kg", "lb", "assumed kg"}
    assert [s.weight_kg for s in parsed.sets[:2]] == [100.0, pytest.approx(102.058, abs=1e-3)]
    assert (parsed.sets[2].distance_km, parsed.sets[2].seconds, parsed.sets[2].reps) == (2.0, 480.0, None)
    assert parsed.sets[3].weight_kg == 20.0
    assert any("1 weights had no unit" in warning for warning in parsed.warnings)


def test_no_unit_anywhere_uses_the_default():
    text = f"{HEADER}\n2024-01-02 18:00:00,A,Bench,1,100,5,0,0,,,\n2024-01-02 18:00:00,A,Run,1,0,0,3,900,,,\n"
    parsed = parse_strong(text, default_unit=Unit.LB)
    assert parsed.units == {"assumed lb"}
    assert parsed.sets[0].weight_kg == pytest.approx(45.359237)
    assert parsed.sets[1].distance_km == pytest.approx(3 * 1.609344)


def test_a_bad_number_is_reported_with_its_line_and_column():
    text = (
        f"{HEADER}\n"
        "2024-01-02 18:00:00,A,Bench,1,100,5,0,0,,,\n"
        "2024-01-02 18:00:00,A,Bench,2,100,5,0,0,,,\n"
        "2024-01-02 18:00:00,A,Bench,3,1OO,5,0,0,,,\n"
        "2024-01-02 18:00:00,A,Bench,4,100,5,0,0,,,\n"
    )
    parsed = parse_strong(text)
    assert len(parsed.problems) == 1
    problem = parsed.problems[0]
    assert problem.line == 4
    assert "Weight" in problem.reason and "1OO" in problem.reason
    assert [s.line for s in parsed.sets] == [2, 3, 5]
    assert [s.position for s in parsed.sets] == [1, 2, 3]


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("not a date,A,Bench,1,100,5,0,0,,,", "Date"),
        ("2024-01-02 18:00:00,A,,1,100,5,0,0,,,", "Exercise Name"),
        ("2024-01-02 18:00:00,A,Bench,1,100,5.5,0,0,,,", "Reps"),
        ("2024-01-02 18:00:00,A,Bench,X,100,5,0,0,,,", "Set Order"),
        ("2024-01-02 18:00:00,A,Bench,1,100,,0,0,,,", "Reps"),
        ("2024-01-02 18:00:00,A,Bench,1,100,5,0,0,,,11", "RPE"),
        ("2024-01-02 18:00:00,A,Bench,1,-100,5,0,0,,,", "Weight"),
        ("2024-02-30 18:00:00,A,Bench,1,100,5,0,0,,,", "Date"),
    ],
)
def test_unreadable_rows_are_problems_not_failures(row, column):
    parsed = parse_strong(f"{HEADER}\n{row}\n2024-01-02 18:00:00,A,Bench,2,100,5,0,0,,,\n")
    assert [(p.line, p.reason.split(":")[0]) for p in parsed.problems] == [(2, column)]
    assert len(parsed.sets) == 1


def test_non_strong_headers_are_refused():
    with pytest.raises(ImportFormatError, match="not a Strong export"):
        parse_strong('"title","start_time","exercise_title","set_index","weight_kg","reps"\n"A","x","Squat","0","100","5"\n')
    with pytest.raises(ImportFormatError):
        parse_strong("")
    assert not looks_like_strong("Date,Exercise,Category,Weight (kgs),Reps\n")
    assert not looks_like_strong("")


def test_quoted_fields_with_the_delimiter_and_newlines():
    text = (
        f"{HEADER}\n"
        '2024-01-02 18:00:00,"Push, heavy","Bench Press (Barbell)",1,100,5,0,0,"slow, paused","line one\nline two",\n'
        '2024-01-02 18:00:00,"Push, heavy","Bench Press (Barbell)",2,100,5,0,0,,,\n'
        "2024-01-02 18:00:00,\"Push, heavy\",Dip,1,0,10,0,0,,,\n"
    )
    parsed = parse_strong(text)
    assert parsed.problems == []
    first, second, dip = parsed.sets
    assert first.workout_name == "Push, heavy" and first.exercise == "Bench Press (Barbell)"
    assert first.notes == "slow, paused; Workout notes: line one\nline two"
    assert [first.line, second.line, dip.line] == [2, 4, 5]
    assert len({first.workout_key, second.workout_key, dip.workout_key}) == 1


def test_semicolon_lines_wrapped_in_quotes_and_every_field_quoted():
    wrapped = (
        "Date;Workout Name;Exercise Name;Set Order;kg;Reps;km;Seconds;Notes;Workout Notes\n"
        '"2018-06-27 16:26:53;""B; legs"";""Squat"";1;60;5;;0;"""";"""""\n'
        '"2018-06-27 16:26:53;""B; legs"";""Squat"";2;62,5;5;;0;;"\n'
    )
    parsed = parse_strong(wrapped)
    assert parsed.problems == []
    assert [(s.workout_name, s.exercise, s.weight_kg, s.line) for s in parsed.sets] == [
        ("B; legs", "Squat", 60.0, 2),
        ("B; legs", "Squat", 62.5, 3),
    ]
    quoted = '"Date","Workout Name","Exercise Name","Set Order","Weight (kg)","Reps"\n"2024-01-02 18:00:00","A","Squat","1","100.0","5"\n'
    assert parse_strong(quoted).sets[0].weight_kg == 100.0


def test_a_quoted_header_line_is_unwrapped_too():
    text = '"Date,Workout Name,Exercise Name,Set Order,Weight,Reps"\n"2024-01-02 18:00:00,""A"",""Squat"",1,100,5"\n'
    assert looks_like_strong(text)
    assert parse_strong(text).sets[0].exercise == "Squat"


def test_rows_cut_short_or_too_long_are_problems():
    text = (
        f"{HEADER}\n"
        "2024-01-02 18:00:00,A,Bench,1,100,5,0,0,,,\n"
        "2024-01-02 18:00:00,A,Bench,2,100,5,0,0,,,,,,\n"  # empty extra fields are harmless
        "2024-01-02 18:00:00,A,Bench,3,100,5,0,0,,,,x\n"
        "2024-01-02 18:00:00,A,Bench,4,10"
    )
    parsed = parse_strong(text)
    assert [s.line for s in parsed.sets] == [2, 3]
    assert [(p.line, "fields" in p.reason) for p in parsed.problems] == [(4, True), (5, True)]


def test_zero_reps_zero_weight_without_distance_or_time_is_kept():
    parsed = parse_strong(f"{HEADER}\n2024-01-02 18:00:00,A,Plank,1,0,0,0,0,,,\n")
    assert parsed.problems == []
    assert (parsed.sets[0].reps, parsed.sets[0].weight_kg, parsed.sets[0].seconds) == (0, None, None)


def test_other_timestamp_shapes_and_workout_numbers():
    text = (
        '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps"\n'
        '"7";"2019-5-2 8:03:01";"Morning";"0";"Squat";"W";"40";"5"\n'
        '"8";"2019-05-02T18:32";"Morning";"3600";"Squat";"F";"80";"5"\n'
        '"9";"2019-05-03";"Morning";"";"Squat";"D";"60";"8"\n'
    )
    parsed = parse_strong(text)
    assert parsed.problems == []
    assert [s.started_at for s in parsed.sets] == [
        dt.datetime(2019, 5, 2, 8, 3, 1),
        dt.datetime(2019, 5, 2, 18, 32),
        dt.datetime(2019, 5, 3),
    ]
    assert [s.kind for s in parsed.sets] == [SetKind.WARMUP, SetKind.FAILURE, SetKind.DROP]
    assert [s.duration_min for s in parsed.sets] == [None, 60.0, None]
    assert [s.workout_key.split("|")[1] for s in parsed.sets] == ["#7", "#8", "#9"]
    assert len(parsed.warnings) == 1 and "0 s" in parsed.warnings[0]


def test_same_name_different_start_is_two_workouts():
    text = f"{HEADER}\n2024-01-02 08:00:00,A,Bench,1,100,5,0,0,,,\n2024-01-02 18:00:00,A,Bench,1,100,5,0,0,,,\n"
    parsed = parse_strong(text)
    assert len({s.workout_key for s in parsed.sets}) == 2
    assert [s.position for s in parsed.sets] == [1, 1]


def test_crlf_and_bom_survive_even_without_read_text():
    text = "\ufeff" + f"{HEADER}\r\n2024-01-02 18:00:00,A,Bench,1,100,5,0,0,,,\r\n"
    parsed = parse_strong(text)
    assert parsed.problems == [] and parsed.sets[0].weight_kg == 100.0

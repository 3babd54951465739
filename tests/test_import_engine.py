"""Importing real Strong/Hevy/FitNotes exports: counts, idempotence, all-or-nothing, mappings."""

import csv
import datetime as dt

import pytest
from sqlmodel import select

from tests.conftest import SHARED
from tests.test_store import dump
from tracker import store
from tracker.errors import TrackerError
from tracker.importers.base import ImportFormatError
from tracker.importers.engine import ImportRefused, equipment_match, preview_import, run_import, spelling_match, suggest_exercise
from tracker.models import ExerciseAlias
from tracker.status import athlete_report

IMPORTS = SHARED / "fixtures" / "imports"


def raw(name: str) -> bytes:
    return (IMPORTS / name).read_bytes()


def hevy_counts(name: str) -> tuple[int, int]:
    """Rows and workouts of a Hevy file, counted with the csv module (not the parser)."""
    with open(IMPORTS / name, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return len(rows), len({(r["start_time"], r["title"]) for r in rows})


@pytest.fixture
def lifter(db):
    return store.create_athlete(db, data={"name": "Imported Lifter", "unit": "lb"})


def test_preview_counts_match_the_file_and_write_nothing(engine, db, lifter):
    rows, workouts = hevy_counts("hevy_lbs.csv")
    before = dump(engine)
    preview = preview_import(db, athlete_id=lifter.id, data=raw("hevy_lbs.csv"))
    # Line 42 of the real file logs a 50 lb shoulder press for 120 reps: unusual, so kept and flagged.
    assert preview.problems == []
    assert [(p.line, p.reason) for p in preview.unusual] == [(42, "Reps: 120 of Shoulder Press (Dumbbell) (more than 100 is unusual)")]
    assert any("1 row(s) have unusual values, kept as they are" in w and "line 42" in w for w in preview.warnings)
    assert (preview.format, preview.sets, preview.sessions) == ("hevy", rows, workouts)
    assert (preview.new_sets, preview.new_sessions, preview.already_imported) == (rows, workouts, 0)
    assert preview.units == ["lb"]
    assert preview.first_date <= preview.last_date <= dt.date.today()
    assert dump(engine) == before


def test_import_creates_one_session_per_workout_without_session_rpe(db, lifter):
    rows, workouts = hevy_counts("hevy_lbs.csv")
    result = run_import(db, athlete_id=lifter.id, data=raw("hevy_lbs.csv"))  # a real export imports as it is
    assert (result.sessions_added, result.sets_added) == (workouts, rows)
    sessions = store.sessions_frame(db, athlete_id=lifter.id)
    sets = store.sets_frame(db, athlete_id=lifter.id)
    assert len(sessions) == workouts and len(sets) == rows
    assert sessions["rpe"].isna().all() and sessions["srpe_load"].isna().all()
    assert (sessions["tonnage"] > 0).any()
    assert set(db.exec(select(store.TrainingSession.source)).all()) == {"hevy"}


def test_reimporting_the_same_file_changes_nothing_byte_for_byte(engine, db, lifter):
    run_import(db, athlete_id=lifter.id, data=raw("hevy_kg.csv"))
    before = dump(engine)
    again = run_import(db, athlete_id=lifter.id, data=raw("hevy_kg.csv"))
    assert (again.sets_added, again.sessions_added) == (0, 0)
    assert again.already_imported == hevy_counts("hevy_kg.csv")[0]
    assert dump(engine) == before


def test_an_overlapping_export_adds_only_what_is_new(db, lifter, tmp_path):
    lines = raw("hevy_kg.csv").decode("utf-8-sig").splitlines()
    header, body = lines[0], lines[1:]
    first_half = "\n".join([header, *body[: len(body) // 2]]) + "\n"
    run_import(db, athlete_id=lifter.id, data=first_half.encode())
    already = len(store.sets_frame(db, athlete_id=lifter.id))

    result = run_import(db, athlete_id=lifter.id, data=raw("hevy_kg.csv"))

    assert result.already_imported == already
    assert len(store.sets_frame(db, athlete_id=lifter.id)) == len(body)
    # A workout cut in two by the split gets its remaining sets, not a second session.
    assert len(store.sessions_frame(db, athlete_id=lifter.id)) == hevy_counts("hevy_kg.csv")[1]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"name,score\nann,3\n", "not a Strong, Hevy or FitNotes export"),
    ],
)
def test_files_that_are_not_exports_change_nothing(engine, db, lifter, data, message):
    before = dump(engine)
    with pytest.raises(ImportFormatError, match=message):
        run_import(db, athlete_id=lifter.id, data=data)
    assert dump(engine) == before


def bad_rows_file() -> bytes:
    lines = raw("hevy_kg.csv").decode("utf-8-sig").splitlines()
    header = next(csv.reader([lines[0]]))
    row = next(csv.reader([lines[3]]))
    row[header.index("reps")] = "2500"
    broken = ",".join(f'"{cell}"' for cell in row)
    return "\n".join([lines[0], *lines[1:3], broken, *lines[4:]]).encode()


def test_a_bad_row_refuses_the_whole_import_with_its_line(engine, db, lifter):
    before = dump(engine)
    with pytest.raises(ImportRefused) as refused:
        run_import(db, athlete_id=lifter.id, data=bad_rows_file())
    reason = "Reps: 2500 is outside 0–1000 (even push-up, sit-up and skipping sets stay in the hundreds)"
    assert [(p.line, p.reason) for p in refused.value.problems] == [(4, reason)]
    assert f"line 4: {reason}" in str(refused.value)
    assert dump(engine) == before


def test_skipping_bad_rows_imports_the_rest(db, lifter):
    rows, _ = hevy_counts("hevy_kg.csv")
    result = run_import(db, athlete_id=lifter.id, data=bad_rows_file(), skip_bad_rows=True)
    assert result.sets_added == rows - 1 and [p.line for p in result.skipped_rows] == [4]


def test_fitnotes_names_are_suggested_and_mappings_remembered(db, lifter):
    preview = preview_import(db, athlete_id=lifter.id, data=raw("fitnotes_kgs.csv"))
    unknown = {item.name: item for item in preview.unknown_exercises}
    assert unknown["Squat"].suggestion == "Squat (Barbell)"
    assert unknown["Overhead Press"].suggestion == "Overhead Press (Barbell)"
    assert unknown["Squat"].category == "Legs"

    run_import(db, athlete_id=lifter.id, data=raw("fitnotes_kgs.csv"), mapping={"Barbell Row": "Pendlay Row (Barbell)"})

    aliases = {a.name_key: a.exercise_id for a in db.exec(select(ExerciseAlias)).all()}
    assert aliases["barbell row"] == store.get_exercise(db, name="Pendlay Row (Barbell)").id  # as mapped
    assert aliases["squat"] == store.get_exercise(db, name="Squat (Barbell)").id  # the suggestion, accepted
    again = preview_import(db, athlete_id=lifter.id, data=raw("fitnotes_kgs.csv"))
    assert {"Barbell Row", "Squat"}.isdisjoint(item.name for item in again.unknown_exercises)  # remembered


def test_a_mapping_to_a_name_not_in_the_catalogue_is_refused(engine, db, lifter):
    before = dump(engine)
    with pytest.raises(TrackerError, match="'Squatz' .* is not in the exercise catalogue"):
        run_import(db, athlete_id=lifter.id, data=raw("hevy_kg.csv"), mapping={"Squat (Barbell)": "Squatz"})
    assert dump(engine) == before


def test_a_guess_by_spelling_is_never_applied_without_a_yes(db, lifter):
    """FitNotes' "Leg Press Machine" once landed as "Chest Press (Machine)" (close by spelling).
    Equipment-word matches apply by default; spelling-only ones are listed and need a yes."""
    data = raw("fitnotes_lbs_large.csv")
    unknown = {item.name: item for item in preview_import(db, athlete_id=lifter.id, data=data).unknown_exercises}
    assert (unknown["Leg Press Machine"].suggestion, unknown["Leg Press Machine"].spelling_only) == ("Leg Press", False)
    assert (unknown["Barbell Back Squat"].suggestion, unknown["Barbell Back Squat"].spelling_only) == ("Squat (Barbell)", True)

    result = run_import(db, athlete_id=lifter.id, data=data)
    sets = store.sets_frame(db, athlete_id=lifter.id)
    assert "Chest Press (Machine)" not in set(sets["exercise"])
    assert (sets["exercise"] == "Leg Press").sum() == unknown["Leg Press Machine"].sets
    assert "Barbell Back Squat" in result.exercises_created  # kept as its own name, not guessed
    assert not any(unknown[name].spelling_only for name in unknown if name not in result.exercises_created)


def test_accepted_suggestions_apply_the_spelling_matches_too(db, lifter):
    result = run_import(db, athlete_id=lifter.id, data=raw("fitnotes_lbs_large.csv"), accept_suggestions=True)
    sets = store.sets_frame(db, athlete_id=lifter.id)
    assert "Barbell Back Squat" not in result.exercises_created
    assert "Barbell Back Squat" not in set(sets["exercise"]) and "Squat (Barbell)" in set(sets["exercise"])
    assert (sets["exercise"] == "Leg Press").sum() == 59


def test_equipment_words_on_either_side_match_but_other_words_do_not():
    catalogue = ["Squat (Barbell)", "Squat (Dumbbell)", "Leg Press", "Chest Press (Machine)", "Pull Up"]
    assert equipment_match("Squat", catalogue) == "Squat (Barbell)"  # the barbell variant first
    assert equipment_match("Leg Press Machine", catalogue) == "Leg Press"
    assert equipment_match("pull-up", catalogue) == "Pull Up"
    assert equipment_match("Squat (Kettlebell)", catalogue) is None  # another implement is another lift
    assert equipment_match("Horizontal Chest Press Machine", catalogue) is None
    assert spelling_match("Leg Press Machine", catalogue) == "Chest Press (Machine)"  # why it must not apply alone


def test_suggestions_ignore_word_order_and_punctuation():
    catalogue = ["Squat (Barbell)", "Deadlift (Barbell)", "Bench Press (Barbell)", "Pull Up"]
    assert suggest_exercise("Barbell Squat", catalogue) == "Squat (Barbell)"
    assert suggest_exercise("Deadlift", catalogue + ["Deadlift (Dumbbell)"]) == "Deadlift (Barbell)"
    assert suggest_exercise("Pull-up", catalogue) == "Pull Up"
    assert suggest_exercise("Zumba", catalogue) is None


def test_load_views_fall_back_from_srpe_for_imported_history_and_say_so(db, lifter):
    run_import(db, athlete_id=lifter.id, data=raw("hevy_lbs.csv"), skip_bad_rows=True)
    last = store.sessions_frame(db, athlete_id=lifter.id)["date"].max().date()
    report = athlete_report(db, athlete=lifter, on=last, metric="srpe")
    assert report.status.metric == "tonnage"
    assert "no session RPE" in report.status.metric_note and "never a mix" in report.status.metric_note

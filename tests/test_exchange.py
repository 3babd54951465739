"""The tracker's own export: documented files, an exact round trip, idempotent re-import."""

import csv
import datetime as dt
import io

import pytest
from sqlmodel import Session

from tests.test_store import dump
from tracker import exchange, store
from tracker.db import open_engine
from tracker.errors import TrackerError

TODAY = dt.date.today()


@pytest.fixture(scope="module")
def demo_export(demo_database):
    """Blair Return's export from a demo database (lb athlete, wellness, pain linked to a session)."""
    engine = open_engine(demo_database())
    with Session(engine) as db:
        athlete = store.get_athlete_by_name(db, name="Blair Return")
        files = exchange.export_files(db, athlete_id=athlete.id)
    engine.dispose()
    return files


def fresh_athlete(db, name="Blair Return"):
    return store.create_athlete(db, data={"name": name, "unit": "lb"})


def test_export_has_the_documented_columns(demo_export):
    for name, fields in exchange.FILES.items():
        header = next(csv.reader(io.StringIO(demo_export[name])))
        assert header == fields, name


def test_sets_are_in_kilograms_with_iso_dates(demo_export):
    sets = list(csv.DictReader(io.StringIO(demo_export["sets.csv"])))
    sessions = list(csv.DictReader(io.StringIO(demo_export["sessions.csv"])))
    assert all(dt.date.fromisoformat(row["date"]) <= TODAY for row in sessions)
    squat = next(row for row in sets if row["exercise"] == "Squat (Barbell)" and row["kind"] == "working")
    assert float(squat["weight_kg"]) % 2.26796185 == pytest.approx(0, abs=1e-6) or float(squat["weight_kg"]) % 2.26796185 == pytest.approx(2.26796185, abs=1e-6)  # a multiple of 5 lb


def test_round_trip_into_an_empty_database_reproduces_every_file(db, demo_export):
    athlete = fresh_athlete(db)
    result = exchange.import_native(db, athlete_id=athlete.id, texts=demo_export)
    assert result.sessions_added == len(demo_export["sessions.csv"].splitlines()) - 1
    assert exchange.export_files(db, athlete_id=athlete.id) == demo_export


def test_weekly_check_ins_travel_with_the_export(db):
    from tracker.checkin import record_checkin

    athlete = fresh_athlete(db, "Checked In")
    record_checkin(db, athlete_id=athlete.id, day=TODAY, answers={"participation": 8, "volume": 13, "performance": 6, "symptoms": 17})
    files = exchange.export_files(db, athlete_id=athlete.id)
    assert files["checkins.csv"].splitlines()[1].endswith(",8,13,6,17,44")
    copy = fresh_athlete(db, "Copy")
    exchange.import_native(db, athlete_id=copy.id, texts=files)
    exchange.import_native(db, athlete_id=copy.id, texts=files)  # twice: still one week
    assert exchange.export_files(db, athlete_id=copy.id)["checkins.csv"] == files["checkins.csv"]


def test_clearances_and_the_back_pain_screen_travel_with_the_export(db):
    from tracker.vocab import ScreenItem

    athlete = fresh_athlete(db, "Cleared")
    store.add_pain(db, athlete_id=athlete.id, data={"recorded_at": dt.datetime.combine(TODAY, dt.time(7)), "pain": 4, "region": "leg",
                                                    "features": {"pins_and_needles", "worse_coughing"}, "red_flags": {"cannot_pass_urine"}})  # fmt: skip
    store.record_clearance(db, athlete_id=athlete.id, data={"cleared_at": dt.datetime.combine(TODAY, dt.time(9)), "assessed_by": "Dr Rao", "note": "Bladder scan normal, cleared."})
    store.save_back_screen(db, athlete_id=athlete.id, data={"yes": {ScreenItem.OSTEOPOROSIS}})
    files = exchange.export_files(db, athlete_id=athlete.id)
    assert files["clearances.csv"].splitlines()[1] == f"{TODAY.isoformat()}T09:00:00,Dr Rao,\"Bladder scan normal, cleared.\""
    assert "osteoporosis" in files["screen.csv"].splitlines()[0] and ",true," in files["screen.csv"].splitlines()[1]
    assert "pins_and_needles;worse_coughing" in files["pain.csv"] and "cannot_pass_urine" in files["pain.csv"]
    copy = fresh_athlete(db, "Copy")
    exchange.import_native(db, athlete_id=copy.id, texts=files)
    exchange.import_native(db, athlete_id=copy.id, texts=files)  # twice: still one of each
    assert exchange.export_files(db, athlete_id=copy.id) == files


def test_importing_the_same_export_again_adds_nothing(engine, db, demo_export):
    athlete = fresh_athlete(db)
    exchange.import_native(db, athlete_id=athlete.id, texts=demo_export)
    before = dump(engine)
    again = exchange.import_native(db, athlete_id=athlete.id, texts=demo_export)
    assert (again.sessions_added, again.pain_added) == (0, 0)
    assert again.sessions_skipped == len(demo_export["sessions.csv"].splitlines()) - 1
    assert [line for line in dump(engine) if "athlete" not in line] == [line for line in before if "athlete" not in line]


def test_a_bad_row_refuses_the_whole_import_naming_its_line(engine, db, demo_export):
    athlete = fresh_athlete(db)
    lines = demo_export["sessions.csv"].splitlines()
    fields = lines[3].split(",")
    fields[exchange.SESSION_FIELDS.index("rpe")] = "12"
    broken = {**demo_export, "sessions.csv": "\n".join([*lines[:3], ",".join(fields), *lines[4:]]) + "\n"}
    before = dump(engine)
    with pytest.raises(TrackerError, match=r"sessions.csv line 4 .*RPE must be between 0 and 10 \(got '12'\)"):
        exchange.import_native(db, athlete_id=athlete.id, texts=broken)
    assert dump(engine) == before


def test_files_that_are_not_an_export_are_refused(tmp_path):
    (tmp_path / "sessions.csv").write_text("date,load\n2024-01-01,100\n")
    with pytest.raises(TrackerError, match="not the tracker's export columns"):
        exchange.read_native(tmp_path)
    with pytest.raises(TrackerError, match="not a tracker export"):
        exchange.read_native(b"just some bytes")


def test_zip_download_reads_back(db, demo_export):
    athlete = fresh_athlete(db)
    exchange.import_native(db, athlete_id=athlete.id, texts=demo_export)
    assert exchange.read_native(exchange.export_zip(db, athlete_id=athlete.id)) == demo_export


def test_an_exercise_unknown_here_keeps_its_exported_classification(db):
    athlete = fresh_athlete(db, "Kim Custom")
    texts = {
        "sessions.csv": ",".join(exchange.SESSION_FIELDS) + "\n" + f"{TODAY}/1,{TODAY},,Hips,40,6,,,,,,240,800,800,2,manual,\n",
        "sets.csv": ",".join(exchange.SET_FIELDS) + "\n" + f"{TODAY}/1,1,Jefferson Curl,hinge,true,working,10,40,,,,,\n" + f"{TODAY}/1,2,Jefferson Curl,hinge,true,working,10,40,,,,,\n",
        "pain.csv": ",".join(exchange.PAIN_FIELDS) + "\n",
    }
    exchange.import_native(db, athlete_id=athlete.id, texts=texts)
    exercise = store.get_exercise(db, name="Jefferson Curl")
    assert (exercise.pattern, exercise.spinal_load) == ("hinge", True)
    assert store.sessions_frame(db, athlete_id=athlete.id)["spinal_tonnage"].tolist() == [800]


def test_daily_wellness_exports_as_wellness_csv_and_round_trips(db):
    from tracker.wellness import record_wellness, wellness_frame

    sam = store.create_athlete(db, data={"name": "Sam"})
    record_wellness(db, athlete_id=sam.id, data={"date": TODAY - dt.timedelta(days=2), "sleep_hours": 7.5, "soreness": 2, "mood": 4})
    record_wellness(db, athlete_id=sam.id, data={"date": TODAY, "fatigue": 5})
    files = exchange.export_files(db, athlete_id=sam.id)
    rows = list(csv.DictReader(io.StringIO(files["wellness.csv"])))
    assert [(r["date"], r["sleep_hours"], r["soreness"], r["mood"], r["fatigue"], r["source"]) for r in rows] == [
        ((TODAY - dt.timedelta(days=2)).isoformat(), "7.5", "2", "4", "", "manual"),
        (TODAY.isoformat(), "", "", "", "5", "manual"),
    ]
    copy = store.create_athlete(db, data={"name": "Copy"})
    exchange.import_native(db, athlete_id=copy.id, texts=files)
    exchange.import_native(db, athlete_id=copy.id, texts=files)  # again: nothing added
    assert exchange.export_files(db, athlete_id=copy.id)["wellness.csv"] == files["wellness.csv"]
    assert len(wellness_frame(db, athlete_id=copy.id)) == 2


def test_a_bad_wellness_row_refuses_the_whole_import(db):
    sam = store.create_athlete(db, data={"name": "Sam"})
    texts = exchange.export_files(db, athlete_id=sam.id)
    texts["wellness.csv"] += f"{TODAY.isoformat()},7,,9,,,,manual\n"
    with pytest.raises(TrackerError, match="wellness.csv line 2: soreness must be between 1 and 5"):
        exchange.import_native(db, athlete_id=sam.id, texts=texts)


def test_one_athletes_export_imports_into_another_athletes_log(db, demo_export):
    """Fingerprints are unique per athlete, not across the database (they were, and the
    second import failed with the database's own error)."""
    first, second = fresh_athlete(db, "First Copy"), fresh_athlete(db, "Second Copy")
    exchange.import_native(db, athlete_id=first.id, texts=demo_export)
    result = exchange.import_native(db, athlete_id=second.id, texts=demo_export)
    assert result.sets_added == len(demo_export["sets.csv"].splitlines()) - 1 > 0
    assert exchange.export_files(db, athlete_id=second.id) == exchange.export_files(db, athlete_id=first.id)


def test_timed_sets_travel_in_seconds_and_kilometres(db):
    athlete = fresh_athlete(db, "Timed Holds")
    day = {"date": TODAY, "sets": [{"exercise": "Plank", "reps": 0, "seconds": 60}, {"exercise": "Rowing (Machine)", "reps": 0, "seconds": 480, "distance_km": 2}]}
    store.add_session(db, athlete_id=athlete.id, data=day)
    files = exchange.export_files(db, athlete_id=athlete.id)
    rows = list(csv.DictReader(io.StringIO(files["sets.csv"])))
    assert [(r["exercise"], r["reps"], r["seconds"], r["distance_km"]) for r in rows] == [("Plank", "0", "60", ""), ("Rowing (Machine)", "0", "480", "2")]

    other = fresh_athlete(db, "Timed Copy")
    exchange.import_native(db, athlete_id=other.id, texts=files)
    copied = store.sets_frame(db, athlete_id=other.id)
    assert copied["seconds"].tolist() == [60.0, 480.0] and copied["distance_km"].iloc[1] == 2.0

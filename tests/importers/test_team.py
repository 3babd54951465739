"""Squad files: the real DataFest 2019 rugby sevens session-RPE and wellness files, every row
accounted for; idempotent, all-or-nothing imports; the file's ACWR against ours."""

import datetime as dt

import pandas as pd
import pytest
from sqlmodel import func, select

from tests.club import claimed_account
from tests.conftest import SHARED
from tracker import access, auth, sharing, store
from tracker.errors import PermissionDenied
from tracker.importers.engine import ImportRefused
from tracker.importers.team import DATAFEST_SCALE, file_acwr_comparison, preview_team_import, run_team_import
from tracker.models import Role, TrainingSession, WellnessEntry
from tracker.science import load
from tracker.wellness import wellness_frame

TEAM = SHARED / "fixtures" / "team"
RPE_FILE = (TEAM / "datafest_rpe.csv").read_bytes()
WELLNESS_FILE = (TEAM / "datafest_wellness.csv").read_bytes()
RPE_ROWS = len(pd.read_csv(TEAM / "datafest_rpe.csv"))
WELLNESS_ROWS = len(pd.read_csv(TEAM / "datafest_wellness.csv"))


@pytest.fixture
def squad(db):
    """Seventeen roster athletes named "Player 1".."Player 17", as the file numbers them."""
    return {str(n): store.create_athlete(db, data={"name": f"Player {n}"}).id for n in range(1, 18)}


def _count(db, model) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def test_the_preview_suggests_roster_athletes_and_accounts_for_every_row(db, squad):
    preview = preview_team_import(db, data=RPE_FILE)
    assert preview.kind == "session load" and preview.rows == RPE_ROWS == 8860
    assert {a.label: a.suggestion for a in preview.athletes} == squad
    assert sum(preview.counts.values()) == RPE_ROWS
    assert preview.counts["rest day"] == 1237  # Training = No with nothing logged
    reasons = [p.reason for p in preview.problems]
    # RPE 0 rows the file loads at 0.5 x minutes, and RPE 1 rows it loads at 10 x minutes.
    assert sum("is not RPE" in r for r in reasons) == 346
    assert "Load: the file's 15 is not RPE 0 × 30 minutes = 0" in reasons[0]
    assert "AcuteLoad" in preview.ignored_columns
    assert _count(db, TrainingSession) == 0


def test_refused_rows_refuse_the_whole_file_unless_skipped(db, squad):
    version = store.data_version(db, athlete_id=squad["1"])
    with pytest.raises(ImportRefused) as refused:
        run_team_import(db, data=RPE_FILE, mapping=squad, keep_file_load=True)
    assert "3 row(s) cannot be imported" in str(refused.value) and "line 1427" in str(refused.value)
    assert _count(db, TrainingSession) == 0 and store.data_version(db, athlete_id=squad["1"]) == version


def test_importing_the_datafest_file_keeps_its_loads_and_a_second_import_adds_nothing(db, squad):
    result = run_team_import(db, data=RPE_FILE, mapping=squad, keep_file_load=True, skip_bad_rows=True)
    assert result.counts == {"imported": 7620, "duplicate": 0, "rest day": 1237, "not mapped": 0, "refused": 3}
    assert sum(result.counts.values()) == RPE_ROWS
    refused = {o.line: o.reason for o in result.outcomes if o.outcome == "refused"}
    assert set(refused) == {1427, 1438, 5593} and "Training: the file says No" in refused[5593]
    assert _count(db, TrainingSession) == 7620
    assert set(db.exec(select(TrainingSession.source)).all()) == {"team"}
    frame = pd.read_csv(TEAM / "datafest_rpe.csv", na_values=["NA"])
    kept = frame.drop(index=[1427 - 2, 1438 - 2, 5593 - 2])
    expected = kept.groupby("PlayerID")["SessionLoad"].sum()
    for label, athlete_id in squad.items():
        stored = store.sessions_frame(db, athlete_id=athlete_id)
        assert stored["srpe_load"].sum() == pytest.approx(expected[int(label)])
    # Two identical games on one day stay two sessions.
    games = store.sessions_frame(db, athlete_id=squad["13"], start=dt.date(2018, 7, 21), end=dt.date(2018, 7, 21))
    assert sorted(games["name"]) == ["Game", "Game", "Mobility/Recovery"]

    versions = {a: store.data_version(db, athlete_id=a) for a in squad.values()}
    again = run_team_import(db, data=RPE_FILE, mapping=squad, keep_file_load=True, skip_bad_rows=True)
    assert again.counts == {"imported": 0, "duplicate": 7620, "rest day": 1237, "not mapped": 0, "refused": 3}
    assert _count(db, TrainingSession) == 7620 and again.athletes_written == []
    assert {a: store.data_version(db, athlete_id=a) for a in squad.values()} == versions


def test_file_athletes_left_unmapped_are_accounted_for_and_not_written(db, squad):
    mapping = {**squad, "1": None, "2": None}
    result = run_team_import(db, data=RPE_FILE, mapping=mapping, keep_file_load=True, skip_bad_rows=True)
    assert sum(result.counts.values()) == RPE_ROWS
    assert result.counts["not mapped"] == sum(1 for o in result.outcomes if o.athlete in {"1", "2"} and o.outcome == "not mapped") > 0
    assert store.sessions_frame(db, athlete_id=squad["1"]).empty and not store.sessions_frame(db, athlete_id=squad["3"]).empty


def test_the_files_acwr_uses_windows_one_day_short(db, squad):
    """DataFest's AcuteLoad is the last 6 days' load / 7 and ChronicLoad the last 27 days' / 28;
    ours (tracker.science.load) is the mean of the last 7 and 28 days."""
    compared = file_acwr_comparison(RPE_FILE).dropna(subset=["acute_7", "chronic_28", "file_acute"])
    assert len(compared) == 3924

    def share(theirs, ours, tolerance):  # the file rounds to 0.1 and 0.01
        return ((compared[theirs] - compared[ours]).abs() <= tolerance).mean()

    assert share("file_acute", "acute_6_of_7", 0.051) > 0.94 and share("file_acute", "acute_7", 0.051) < 0.45
    assert share("file_chronic", "chronic_27_of_28", 0.0051) > 0.87 and share("file_chronic", "chronic_28", 0.0051) < 0.40
    ratio = compared["acute_7"] / compared["chronic_28"]
    assert compared["ratio_7_28"].to_numpy() == pytest.approx(ratio.to_numpy())

    # "Ours" is what the tracker computes from the imported sessions.
    run_team_import(db, data=RPE_FILE, mapping=squad, keep_file_load=True, skip_bad_rows=True)
    daily = load.daily_load(store.sessions_frame(db, athlete_id=squad["5"]), "srpe")
    ours = load.acwr_rolling(daily).dropna()
    player5 = compared[compared["athlete"] == "5"].set_index("date")["ratio_7_28"].dropna()
    common = player5.index.intersection(ours.index)
    assert len(common) > 100 and ours[common].to_numpy() == pytest.approx(player5[common].to_numpy())


def test_the_datafest_wellness_file_imports_rescaled_and_only_once(db, squad):
    preview = preview_team_import(db, data=WELLNESS_FILE)
    assert preview.kind == "wellness" and preview.counts["imported"] == WELLNESS_ROWS == 5011
    assert {"Desire", "MonitoringScore", "Pain"} <= set(preview.ignored_columns)
    result = run_team_import(db, data=WELLNESS_FILE, mapping=squad)
    assert result.counts["imported"] == WELLNESS_ROWS and _count(db, WellnessEntry) == WELLNESS_ROWS
    # Line 2: 2018-07-21, player 1: Fatigue 3, Soreness 3, Irritability 3, SleepHours 8, SleepQuality 2 (1-7, 7 best).
    day = wellness_frame(db, athlete_id=squad["1"], start=dt.date(2018, 7, 21), end=dt.date(2018, 7, 21)).iloc[0]
    assert DATAFEST_SCALE == {1: 1, 2: 2, 3: 2, 4: 3, 5: 4, 6: 4, 7: 5}
    assert (day["sleep_hours"], day["sleep_quality"], day["soreness"], day["fatigue"], day["mood"]) == (8, 2, 4, 4, 2)
    assert day["source"] == "team"
    again = run_team_import(db, data=WELLNESS_FILE, mapping=squad)
    assert again.counts["duplicate"] == WELLNESS_ROWS and _count(db, WellnessEntry) == WELLNESS_ROWS


SMALL = b"""date,athlete,session type,minutes,RPE
2025-03-03,Jane Doe,Strength,60,7
2025-03-03,Jane Doe,Conditioning,30,8
2025-03-04,Jane Doe,Skills,45,11
2025-03-04,Someone Else,Skills,45,5
"""


def test_a_generic_file_names_each_bad_row_and_its_range(db):
    jane = store.create_athlete(db, data={"name": "Jane Doe"})
    preview = preview_team_import(db, data=SMALL)
    assert {a.label: a.suggestion for a in preview.athletes} == {"Jane Doe": jane.id, "Someone Else": None}
    assert preview.counts == {"imported": 2, "duplicate": 0, "rest day": 0, "not mapped": 1, "refused": 1}
    assert preview.problems[0].line == 4 and preview.problems[0].reason == "RPE: 11 is outside 0–10"
    with pytest.raises(ImportRefused):
        run_team_import(db, data=SMALL, mapping={"Jane Doe": jane.id})
    result = run_team_import(db, data=SMALL, mapping={"Jane Doe": jane.id}, skip_bad_rows=True)
    assert store.sessions_frame(db, athlete_id=jane.id)["srpe_load"].tolist() == [420.0, 240.0]
    assert result.athletes_written == [jane.id]


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"", "empty"), (b"when,who\n2025-01-01,x\n", "needs a date and an athlete"), (b"date,athlete,colour\n2025-01-01,x,red\n", "neither")],
)
def test_files_that_are_not_squad_files_get_one_clear_message(db, data, words):
    from tracker.importers.base import ImportFormatError

    with pytest.raises(ImportFormatError, match=words):
        preview_team_import(db, data=data)


def test_a_coach_imports_for_their_team_and_nobody_else_does(db):
    admin = auth.create_account(db, username="admin", password="a long enough password", roles=set())
    jane = store.create_athlete(db, data={"name": "Jane Doe"})
    stranger = store.create_athlete(db, data={"name": "Someone Else"})
    v = {
        "jane": access.viewer_for(db, user_id=claimed_account(db, admin_id=admin.id, username="jane", athlete_id=jane.id).id),
        "coach": access.viewer_for(db, user_id=auth.create_account(db, username="coach", password="a long enough password", roles={Role.COACH}).id),
    }
    team = sharing.create_team(db, viewer=v["coach"], name="Squad")
    sharing.join_team(db, viewer=v["jane"], invite_code=team.invite_code)
    for who, mapping in (("jane", {"Jane Doe": jane.id}), ("coach", {"Jane Doe": jane.id, "Someone Else": stranger.id}), (None, {"Jane Doe": jane.id})):
        with pytest.raises(PermissionDenied):
            access.import_team(db, viewer=v.get(who), data=SMALL, mapping=mapping, skip_bad_rows=True)
    assert _count(db, TrainingSession) == 0
    access.import_team(db, viewer=v["coach"], data=SMALL, mapping={"Jane Doe": jane.id, "Someone Else": None}, skip_bad_rows=True)
    assert _count(db, TrainingSession) == 2


def test_single_user_mode_imports_as_the_local_user(db):
    jane = store.create_athlete(db, data={"name": "Jane Doe"})
    access.import_team(db, viewer=None, data=SMALL, mapping={"Jane Doe": jane.id}, skip_bad_rows=True)
    assert _count(db, TrainingSession) == 2

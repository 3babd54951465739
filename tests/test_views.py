"""tracker.views: the trends view reads no sets, and draws what all the history says.

The lift charts read the sessions' stored best e1RM and work per lift (`views.lift_data`:
each lift's best before the dates shown, each session's bests and work in them). The figures
must be the ones every set gives: checked against `lift_figures` over the whole history, on
the demo and on a lifter whose earlier heavy sets are warm-ups, high-rep or bodyweight.
Weekly tonnage added session by session may differ from adding set by set in the last bits
of a float: compared to 1e-9 kg, everything else exactly.
"""

from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go
import pytest
from sqlalchemy import text
from sqlmodel import Session

from tracker import access, charts, derived, store, views
from tracker.db import open_engine
from tracker.views import lift_data, lift_figures, trends_view

TODAY = dt.date(2026, 6, 30)
WINDOWS = [(TODAY - dt.timedelta(days=days), TODAY - dt.timedelta(days=back)) for days, back in ((181, 0), (60, 0), (90, 30), (20, 10), (400, 0))]


@pytest.fixture(scope="module")
def demo_url(demo_database):
    return demo_database(TODAY)


def _figures(db: Session, *, athlete_id: int, start: dt.date, end: dt.date, unit: str) -> tuple[list[dict], list[dict]]:
    """(from the window's sets and the heaviest earlier ones, from every set) as figure dicts."""
    everything = store.sets_frame(db, athlete_id=athlete_id, end=end)
    lifts = charts.main_lifts(everything[everything["date"] >= str(start)])
    singles, work = lift_data(db, athlete_id=athlete_id, start=start, end=end)
    quick = lift_figures(singles, work=work, start=start, end=end, lifts=lifts, unit=unit)
    full = lift_figures(everything, start=start, end=end, lifts=lifts, unit=unit)
    return [_plain(figure) for figure in quick], [_plain(figure) for figure in full]


def _plain(figure: go.Figure) -> dict:
    """The figure as its JSON says it (arrays as lists: comparable with ==), numbers to 1e-9."""
    return json.loads(figure.to_json(), parse_float=lambda text: round(float(text), 9))


def test_the_lift_charts_from_the_window_and_the_heaviest_earlier_sets_equal_those_from_every_set(demo_url):
    engine = open_engine(demo_url)
    checked = 0
    with Session(engine) as db:
        for athlete in store.list_athletes(db):
            for start, end in WINDOWS:
                quick, full = _figures(db, athlete_id=athlete.id, start=start, end=end, unit=athlete.unit)
                assert quick == full, (athlete.name, start, end)
                checked += any(len(trace["x"]) for trace in full[0]["data"])
    engine.dispose()
    assert checked >= 10  # most athletes and windows draw e1RM lines: the comparison is not of empty charts


def test_earlier_warm_ups_high_rep_and_unweighted_sets_do_not_raise_the_best_so_far(database_url):
    engine = open_engine(database_url)
    with Session(engine) as db:
        athlete_id = store.create_athlete(db, data={"name": "Early Heavy", "unit": "kg"}).id
        early = TODAY - dt.timedelta(days=100)
        store.add_session(db, athlete_id=athlete_id, data={"date": early, "rpe": 7, "duration_min": 60, "sets": [
            {"exercise": "Squat (Barbell)", "reps": 3, "weight": 200, "kind": "warm-up"},  # heaviest, but a warm-up
            {"exercise": "Squat (Barbell)", "reps": 20, "weight": 150},  # too many reps for an e1RM
            {"exercise": "Squat (Barbell)", "reps": 5, "weight": 120},  # the real best: 140 kg e1RM
            {"exercise": "Squat (Barbell)", "reps": 8, "weight": 100},
            {"exercise": "Pull Up", "reps": 10},
        ]})  # fmt: skip
        store.add_session(db, athlete_id=athlete_id, data={"date": TODAY - dt.timedelta(days=3), "rpe": 7, "duration_min": 60, "sets": [
            {"exercise": "Squat (Barbell)", "reps": 5, "weight": 105},
        ]})  # fmt: skip
        start = TODAY - dt.timedelta(days=30)
        quick, full = _figures(db, athlete_id=athlete_id, start=start, end=TODAY, unit="kg")
        assert quick == full
        best_so_far = quick[0]["data"][1]
        assert list(best_so_far["y"]) == [pytest.approx(140.0)]  # 120 × (1 + 5/30), not the warm-up or the 20s
    engine.dispose()


def test_the_trends_view_draws_the_lifts_as_every_set_would(demo_url):
    engine = open_engine(demo_url)
    with Session(engine) as db:
        athlete = store.get_athlete_by_name(db, name="Alex Ramp")
        start = TODAY - dt.timedelta(days=60)
        view = trends_view(db, athlete_id=athlete.id, start=start, end=TODAY, pain_detail=True)
        everything = store.sets_frame(db, athlete_id=athlete.id, end=TODAY)
        e1rm, tonnage = lift_figures(everything, start=start, end=TODAY, lifts=view.lifts, unit=athlete.unit)
    engine.dispose()
    assert view.lifts and _plain(view.e1rm_figure) == _plain(e1rm) and _plain(view.tonnage_figure) == _plain(tonnage)


# The report and spans from the stored status ------------------------------------------------


@pytest.fixture
def today_url(demo_database):
    """The demo built for today: its stored status rows are for today, as after any write."""
    return demo_database()


def _view_parts(view) -> tuple:
    # repr: NaN equals NaN, and every float to its last digit.
    return (repr(view.report), view.phases, _plain(view.load_figure), _plain(view.e1rm_figure), _plain(view.tonnage_figure), view.weekly.to_json(date_format="iso"), view.metric, view.metric_note)


def test_the_trends_view_from_the_stored_status_equals_the_one_worked_out_now(today_url):
    today = dt.date.today()
    spans = [(0, 0), (14, 0), (60, 0), (181, 0), (182, 0), (60, 1)]  # 182 days, or a day back: worked out now on both sides
    engine = open_engine(today_url)
    with Session(engine) as db:
        athletes = store.list_athletes(db)
        asked = [(a.id, today - dt.timedelta(days=days + back), today - dt.timedelta(days=back)) for a in athletes for days, back in spans]

        def views_now() -> list[tuple]:
            return [_view_parts(trends_view(db, athlete_id=athlete_id, start=start, end=end, pain_detail=True)) for athlete_id, start, end in asked]

        stored = views_now()
        derived.forget(db, athlete_ids=[a.id for a in athletes])
        db.commit()
        assert views_now() == stored
    engine.dispose()
    assert any(parts[1] for parts in stored)  # phases are drawn: not a comparison of empty views


def test_the_rules_do_not_run_again_while_the_stored_status_is_valid_and_do_once_it_is_not(today_url, monkeypatch):
    today, engine = dt.date.today(), open_engine(today_url)
    with Session(engine) as db:
        drew = store.get_athlete_by_name(db, name="Drew Leg")
        fresh = trends_view(db, athlete_id=drew.id, start=today - dt.timedelta(days=181), end=today, pain_detail=True)
        assert fresh.report.advice.triage.level.label == "urgent" and fresh.phases  # what the stored row must give back

        def rules_ran(*args, **kwargs):
            raise AssertionError("the rules ran again")

        monkeypatch.setattr(views, "report_from_history", rules_ran)
        monkeypatch.setattr(views, "phase_history", rules_ran)
        for days in (181, 60, 0):  # the page's default dates and any later start: from the stored row
            view = trends_view(db, athlete_id=drew.id, start=today - dt.timedelta(days=days), end=today, pain_detail=False)
            assert view.report.advice.triage.level.label == "urgent" and view.report.advice.triage.reasons == [access.COACH_TRIAGE_NOTE]  # a coach's cut
        store.add_pain(db, athlete_id=drew.id, data={"recorded_at": dt.datetime.now(), "pain": 2, "region": "low back centre"})  # refreshed with the write
        assert _view_parts(trends_view(db, athlete_id=drew.id, start=today - dt.timedelta(days=181), end=today, pain_detail=True))

        # Dates or a metric the stored row does not hold are worked out now.
        for days, back, metric in ((182, 0, "srpe"), (60, 1, "srpe"), (60, 0, "tonnage")):
            with pytest.raises(AssertionError, match="the rules ran again"):
                trends_view(db, athlete_id=drew.id, start=today - dt.timedelta(days=days + back), end=today - dt.timedelta(days=back), metric=metric, pain_detail=True)
        # A row no longer valid (a refresh that failed, a new day, other thresholds) is not read.
        for stale in ("data_version = data_version - 1", "computed_for = :yesterday", "settings_key = 'other'"):
            db.exec(text(f"UPDATE athlete_status SET {stale} WHERE athlete_id = :id"), params={"id": drew.id, "yesterday": today - dt.timedelta(days=1)})
            db.commit()
            with pytest.raises(AssertionError, match="the rules ran again"):
                trends_view(db, athlete_id=drew.id, start=today - dt.timedelta(days=181), end=today, pain_detail=True)
            derived.refresh(db, athlete_ids=[drew.id])
            db.commit()
    engine.dispose()

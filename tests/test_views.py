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
from sqlmodel import Session

from tracker import charts, store
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

"""Trends worked out ahead of time for the other athletes in the picker (tracker.ui.warm_trends):
only those the viewer may see, computed once even when the page asks while the warm-up is on it."""

import datetime as dt
import threading

import pytest
from sqlmodel import Session

from tests.club import claimed_account
from tests.conftest import days_ago
from tracker import access, auth, sharing, store, ui
from tracker.db import URL_VARIABLE
from tracker.models import Role

TODAY = dt.date.today()
SPAN = {"settings_key": "{}", "start": TODAY - dt.timedelta(days=181), "end": TODAY, "metric": "srpe"}


@pytest.fixture
def squad(monkeypatch, database_url, engine):
    monkeypatch.setenv(URL_VARIABLE, database_url)
    ui._trends.cache_clear()
    ui._warmed.clear()
    with Session(engine) as db:
        ids = []
        for name in ("Alex One", "Blair Two", "Casey Three"):
            athlete = store.create_athlete(db, data={"name": name})
            store.add_session(db, athlete_id=athlete.id, data={"date": days_ago(2), "duration_min": 60, "rpe": 7, "sets": []})
            ids.append(athlete.id)
    return ids


def finish_warming() -> None:
    for thread in threading.enumerate():
        if thread.name == "warm-trends":
            thread.join(timeout=60)


def warmed_athletes() -> set[int]:
    return {key[1] for key in ui._warmed}


def test_the_other_athletes_are_worked_out_once_and_then_served_from_the_cache(engine, squad):
    first, *others = squad
    with Session(engine) as db:
        ui.warm_trends(db, None, shown_id=first, **SPAN)
    finish_warming()
    assert warmed_athletes() == set(others)
    computed = ui._trends.cache_info().misses
    key = next(k for k in ui._warmed if k[1] == others[0])
    view = ui._trends_once(key)
    assert ui._trends.cache_info().misses == computed  # no second computation
    assert view.report.status.athlete == "Blair Two"


def test_a_coach_warms_only_the_team(engine, squad):
    alex, blair, casey = squad
    with Session(engine) as db:
        coach = auth.create_account(db, username="coach", password="a long enough password", roles={Role.COACH})
        athlete = claimed_account(db, admin_id=coach.id, username="blair", athlete_id=blair)  # the first account is the admin
        viewers = {user.username: access.viewer_for(db, user_id=user.id) for user in (coach, athlete)}
        team = sharing.create_team(db, viewer=viewers["coach"], name="Club")
        sharing.join_team(db, viewer=viewers["blair"], invite_code=team.invite_code)
        ui.warm_trends(db, viewers["coach"], shown_id=alex, **SPAN)  # Alex is not on the team either
    finish_warming()
    assert warmed_athletes() == {blair}
    assert all(key[-1] is False for key in ui._warmed)  # a coach's view: no pain detail


def test_a_page_asking_while_the_warm_up_computes_waits_for_it(monkeypatch, squad):
    """Three asks at once (the warm-up and two reruns): one computation, one answer."""
    import time

    import tracker.views

    calls = []

    def slow_view(db, **kwargs):
        calls.append(kwargs["athlete_id"])
        time.sleep(0.5)
        return object()

    monkeypatch.setattr(tracker.views, "trends_view", slow_view)
    key = (ui.get_engine(), squad[1], 1, "{}", SPAN["start"], SPAN["end"], "srpe", None, True)
    results = []
    threads = [threading.Thread(target=lambda: results.append(ui._trends_once(key))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert calls == [squad[1]]
    assert len(results) == 3 and results[0] is results[1] is results[2]


def test_the_log_page_warms_only_the_athlete_it_shows(engine, squad):
    first, second, _ = squad
    with Session(engine) as db:
        ui.warm_trends(db, None, shown_id=second, others=False, **SPAN)
    finish_warming()
    assert warmed_athletes() == {second}


def test_the_default_period_is_the_trends_page_default():
    start, end = ui.default_period(TODAY)
    assert (end - start).days + 1 == 182 and end == TODAY

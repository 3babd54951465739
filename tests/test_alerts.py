"""Roster alert badges: what changed since this coach last looked, cleared when seen."""

import datetime as dt

import pandas as pd

from tests.conftest import days_ago
from tracker import alerts, auth, store
from tracker.models import Role
from tracker.roster import roster


def _pain(db, athlete_id, days, score, **flags):
    store.add_pain(db, athlete_id=athlete_id, data={"recorded_at": dt.datetime.combine(days_ago(days), dt.time(8)), "pain": score, "region": "low back centre", **flags})


def _alerts(db, ids, viewer_id=None):
    frame = alerts.with_alerts(db, roster(db, athlete_ids=ids, on=dt.date.today()), viewer_id=viewer_id, on=dt.date.today())
    return dict(zip(frame["athlete"], frame["alerts"], strict=True)), frame


def test_alerts_show_what_is_new_and_clear_when_seen(db, athlete):
    calm = store.create_athlete(db, data={"name": "Calm"})
    _pain(db, athlete.id, 3, 6, red_flags=["fever_or_unwell"])
    _pain(db, calm.id, 3, 2)
    found, frame = _alerts(db, [athlete.id, calm.id])
    assert alerts.NEW_FLAG in found["Sam Lifter"] and alerts.NEW_PAIN in found["Sam Lifter"]
    assert found["Calm"] == []

    alerts.mark_seen(db, frame, viewer_id=None, athlete_ids=[athlete.id], on=dt.date.today())
    found, frame = _alerts(db, [athlete.id, calm.id])
    assert found["Sam Lifter"] == []

    _pain(db, athlete.id, 0, 5)  # a new painful report after the coach looked
    _pain(db, calm.id, 0, 3)  # below 5 (and not rising by 2): no badge
    found, _ = _alerts(db, [athlete.id, calm.id])
    assert found == {"Sam Lifter": [alerts.NEW_PAIN], "Calm": []}


def test_each_coach_has_their_own_seen_state(db, athlete):
    coaches = [auth.create_account(db, username=name, password="a long enough password", roles={Role.COACH}).id for name in ("one", "two")]
    _pain(db, athlete.id, 1, 7)
    _, frame = _alerts(db, [athlete.id], coaches[0])
    alerts.mark_seen(db, frame, viewer_id=coaches[0], athlete_ids=[athlete.id], on=dt.date.today())
    assert _alerts(db, [athlete.id], coaches[0])[0]["Sam Lifter"] == []
    assert alerts.NEW_PAIN in _alerts(db, [athlete.id], coaches[1])[0]["Sam Lifter"]
    assert alerts.NEW_PAIN in _alerts(db, [athlete.id], None)[0]["Sam Lifter"]


def test_entered_reduce_is_raised_from_the_roster_phase(db, athlete, monkeypatch):
    from tracker import roster as roster_module

    def fake_roster(phases):
        return pd.DataFrame({"athlete_id": [athlete.id], "athlete": ["Sam Lifter"], "triage_rank": [0], "phases": [phases]})

    found = alerts.with_alerts(db, fake_roster("reduce"), viewer_id=None, on=dt.date.today())
    assert found["alerts"].tolist() == [[alerts.ENTERED_REDUCE]]
    alerts.mark_seen(db, fake_roster("reduce"), viewer_id=None, athlete_ids=[athlete.id], on=dt.date.today())
    assert alerts.with_alerts(db, fake_roster("reduce"), viewer_id=None, on=dt.date.today())["alerts"].tolist() == [[]]
    alerts.mark_seen(db, fake_roster("build"), viewer_id=None, athlete_ids=[athlete.id], on=dt.date.today())
    assert alerts.with_alerts(db, fake_roster("reduce, brace"), viewer_id=None, on=dt.date.today())["alerts"].tolist() == [[alerts.ENTERED_REDUCE]]
    assert {"triage_rank", "phases", "athlete_id"} <= set(roster_module.COLUMNS)

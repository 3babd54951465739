"""The log page's pain question with the body chart (AppTest): what the taps (the picker's state)
and the radio buttons store. Tapping itself is driven in tests/browser/test_body_chart.py."""

from tests.test_pages import add_athlete, app_db, fill_session, frames, open_app, save  # noqa: F401 - app_db is a fixture


def test_areas_tapped_are_stored_with_region_side_and_pain_below_the_knee(app_db):  # noqa: F811
    add_athlete(app_db)
    app = fill_session(open_app())  # a session to save the pain report with
    app.button_group(key="back_pain").set_value(6).run()
    # What a tap on the left buttock and the left calf leaves behind (tracker.ui._tapped).
    app.session_state["back_areas"] = ["buttock-left", "calf-left"]
    app.session_state["back_region"] = "leg"
    app.session_state["back_side"] = "left"
    app.run()
    assert any(c.value == "Marked: left buttock, left calf (below the knee)." for c in app.caption)
    assert app.radio(key="back_side").value == "left"
    save(app)
    assert not app.exception, [e.value for e in app.exception]
    _, _, pain = frames(app_db, "Riley Test")
    entry = pain.iloc[0]
    assert (entry["region"], entry["side"], entry["body_areas"]) == ("leg", "left", "buttock-left;calf-left")
    assert entry["below_knee"]  # a tap below the knee is pain below the knee
    # The form starts again with nothing tapped.
    assert "back_areas" not in app.session_state or not app.session_state["back_areas"]


def test_the_radio_buttons_alone_store_region_and_side(app_db):  # noqa: F811
    add_athlete(app_db)
    app = fill_session(open_app())  # a session to save the pain report with
    app.button_group(key="back_pain").set_value(4).run()
    app.radio(key="back_region").set_value("buttock").run()
    app.radio(key="back_side").set_value("right").run()
    assert not any(c.value.startswith("Marked:") for c in app.caption)
    save(app)
    _, _, pain = frames(app_db, "Riley Test")
    assert list(pain[["region", "side"]].iloc[0]) == ["buttock", "right"] and pain["body_areas"].isna().all()


def test_changing_the_radio_forgets_the_taps(app_db):  # noqa: F811
    add_athlete(app_db)
    app = fill_session(open_app())  # a session to save the pain report with
    app.button_group(key="back_pain").set_value(4).run()
    app.session_state["back_areas"] = ["low-back-left"]
    app.session_state["back_region"] = "low back left"
    app.run()
    app.radio(key="back_region").set_value("low back right").run()
    assert app.session_state["back_areas"] == []
    save(app)
    _, _, pain = frames(app_db, "Riley Test")
    assert list(pain[["region", "side"]].iloc[0]) == ["low back right", "right"] and pain["body_areas"].isna().all()

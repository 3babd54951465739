"""Importing history through the dashboard: upload a real export, check the preview, import."""

from playwright.sync_api import expect

from tests.conftest import SHARED
from tracker import store
from tracker.importers.engine import preview_import

HEVY = SHARED / "fixtures" / "imports" / "hevy_kg.csv"


def test_upload_preview_and_import_a_hevy_export(make_app, app_server):
    with app_server.db() as db:
        athlete = store.create_athlete(db, data={"name": "Morgan Import", "unit": "kg"})
        expected = preview_import(db, athlete_id=athlete.id, data=HEVY.read_bytes())

    app = make_app("desktop").open()
    page = app.page
    app.wait_for_title("Log a session")
    app.go_to_page("Import and export")

    app.main().locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(HEVY))
    app.settle()

    # The preview: format, sessions and sets (all new), and unknown names to map, before any write.
    metrics = app.main().locator('[data-testid="stMetric"]')
    expect(metrics.filter(has_text="Format")).to_contain_text("Hevy")
    expect(metrics.filter(has_text="Sessions")).to_contain_text(f"{expected.sessions}")
    expect(metrics.filter(has_text="Sets")).to_contain_text(f"{expected.new_sets} new")
    if expected.unknown_exercises:
        expect(page.get_by_text("Exercise names not in the catalogue", exact=False)).to_be_visible()
        expect(page.get_by_text("stays new unless you tick", exact=False)).to_be_visible()
    app.screenshot("import-preview")
    with app_server.db() as db:
        assert store.sessions_frame(db, athlete_id=athlete.id).empty  # the preview wrote nothing

    expect(app.main().locator('[data-testid="stAlert"]').first).to_contain_text("Into Morgan Import's log")
    app.click_button(f"Import {expected.new_sets:,} sets into Morgan Import's log")
    expect(page.get_by_text(f"Imported {expected.new_sets:,} sets into {expected.sessions:,} new sessions", exact=False)).to_be_visible()
    app.screenshot("import-done")
    with app_server.db() as db:
        assert len(store.sessions_frame(db, athlete_id=athlete.id)) == expected.sessions
        sets = store.sets_frame(db, athlete_id=athlete.id)
        assert len(sets) == expected.sets
    # A name that only looks like a catalogue exercise keeps its own name unless "Use it" is ticked.
    guesses = {item.name for item in expected.unknown_exercises if item.spelling_only}
    assert guesses and guesses <= set(sets["exercise"])

    # Uploading the same file again: nothing new to import.
    app.main().locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(HEVY))
    app.settle()
    expect(app.main().locator('[data-testid="stMetric"]').filter(has_text="Sets")).to_contain_text("0 new")
    expect(page.get_by_role("button", name="Import 0 sets into Morgan Import's log")).to_be_disabled()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)

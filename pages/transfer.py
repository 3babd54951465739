"""Import history from Strong, Hevy or FitNotes (or a tracker export); export and back up."""

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from tracker import access, store, wording
from tracker.backup import backup
from tracker.errors import TrackerError
from tracker.exchange import export_zip, read_native
from tracker.importers.engine import ImportRefused, preview_import
from tracker.ui import db_session, get_engine, own_athlete, possessive, signed_in

CREATE_NEW = "(create as a new exercise)"
state = st.session_state

st.title("Import and export", anchor=False)

with db_session() as db:
    viewer = signed_in(db)
    athlete = own_athlete(db, viewer)
    whose = possessive(athlete.name)  # every button that writes says whose log it writes
    st.subheader("Bring your history")
    st.markdown(
        "Upload an export from **Strong**, **Hevy** or **FitNotes** (CSV), or a tracker export (zip). "
        "You see what it holds before anything is saved, and importing the same file twice adds nothing."
    )
    uploaded = st.file_uploader("Export file", type=["csv", "zip"], key=f"upload_{state.get('upload_version', 0)}")
    if uploaded is not None and uploaded.name.lower().endswith(".zip"):
        try:
            texts = read_native(uploaded.getvalue())
        except TrackerError as error:
            st.error(str(error))
        else:
            count = len(texts["sessions.csv"].splitlines()) - 1
            st.info(f"Into **{whose} log**: a tracker export with {count} sessions.", icon=":material/person:")
            if st.button(f"Import {count} sessions into {whose} log", type="primary"):
                result = access.import_export_files(db, viewer=viewer, athlete_id=athlete.id, texts=texts)
                st.success(f"Added {result.sessions_added} sessions and {result.pain_added} pain reports; {result.sessions_skipped} sessions were already here.")
    elif uploaded is not None:
        data = uploaded.getvalue()
        unit = st.segmented_control(
            "Weights in the file are in", ["kg", "lb"], default=athlete.unit, key="import_unit",
            help="Used only when the file does not say its unit.",
        )  # fmt: skip
        try:
            preview = preview_import(db, athlete_id=athlete.id, data=data, default_unit=unit or athlete.unit)
        except TrackerError as error:
            st.error(str(error))
            st.stop()

        st.info(f"Into **{whose} log**", icon=":material/person:")
        cols = st.columns(4)
        cols[0].metric("Format", preview.format.capitalize())
        cols[1].metric("Sessions", f"{preview.sessions:,}", f"{preview.new_sessions:,} new", delta_color="off", delta_arrow="off")
        cols[2].metric("Sets", f"{preview.sets:,}", f"{preview.new_sets:,} new", delta_color="off", delta_arrow="off")
        cols[3].metric("Weights", ", ".join(preview.units) or "—")
        if preview.first_date:
            st.caption(f"From {wording.day(preview.first_date)} to {wording.day(preview.last_date)}. {preview.already_imported:,} sets are already in {whose} log.")
        for warning in preview.warnings:
            st.warning(warning, icon=":material/info:")

        mapping: dict[str, str | None] = {}
        if preview.unknown_exercises:
            st.markdown(
                "**Exercise names not in the catalogue.** Map each to a catalogue exercise, or keep it as a new one. "
                "A name that only looks like a catalogue exercise stays new unless you tick *Use it*."
            )
            catalogue = [e.name for e in store.list_exercises(db)]
            table = pd.DataFrame(
                [
                    {
                        "name": u.name, "sets": u.sets, "category": u.category or "",
                        "guess": u.suggestion if u.spelling_only else "", "use_guess": False,
                        "map_to": CREATE_NEW if u.spelling_only or not u.suggestion else u.suggestion,
                    }  # fmt: skip
                    for u in preview.unknown_exercises
                ]
            )
            edited = st.data_editor(
                table,
                hide_index=True,
                width="stretch",
                disabled=["name", "sets", "category", "guess"],
                column_config={
                    "name": "In the file",
                    "sets": "Sets",
                    "category": "Category",
                    "guess": "Looks like",
                    "use_guess": st.column_config.CheckboxColumn("Use it", help="Map the name to the exercise it looks like"),
                    "map_to": st.column_config.SelectboxColumn("Becomes", options=[CREATE_NEW, *catalogue], required=True),
                },
                key=f"mapping_{uploaded.file_id}",
            )
            for row in edited.itertuples():
                chosen = row.map_to if row.map_to != CREATE_NEW else (row.guess if row.use_guess else "")
                mapping[row.name] = chosen or None

        skip = False
        if preview.problems:
            st.error(f"{len(preview.problems)} row(s) cannot be imported:")
            st.dataframe(pd.DataFrame([{"line": p.line, "reason": p.reason} for p in preview.problems]), hide_index=True, width="stretch")
            skip = st.radio("What should happen?", ["Cancel: I will fix the file", "Import the rest, skipping these rows"], key="bad_rows") != "Cancel: I will fix the file"

        can_import = preview.new_sets > 0 and (not preview.problems or skip)
        if st.button(f"Import {preview.new_sets:,} sets into {whose} log", type="primary", disabled=not can_import):
            try:
                result = access.import_history(
                    db, viewer=viewer, athlete_id=athlete.id, data=data, default_unit=unit or athlete.unit,
                    mapping=mapping, use_suggestions=False, skip_bad_rows=skip,
                )  # fmt: skip
            except ImportRefused as refused:
                st.error(str(refused))
            else:
                state.import_message = (
                    f"Imported {result.sets_added:,} sets into {result.sessions_added:,} new sessions in {whose} log"
                    + (f"; skipped {len(result.skipped_rows)} bad rows" if result.skipped_rows else "")
                    + ". Imported sessions have no session RPE, so load views use tonnage for those dates."
                )
                state.upload_version = state.get("upload_version", 0) + 1
                st.rerun()

    if message := state.pop("import_message", None):
        st.success(message, icon=":material/check_circle:")
        st.page_link("pages/trends.py", label="See your trends", icon=":material/monitoring:")

    st.subheader("Take it with you")
    st.markdown(
        "Your sessions, sets and pain reports as three CSV files (dates in ISO format, weights in kg), "
        "documented in the README. Importing them elsewhere reproduces your log exactly."
    )
    st.download_button(
        f"Download {whose} data (zip)",
        data=export_zip(db, athlete_id=athlete.id),
        file_name=f"tracker-{athlete.name.replace(' ', '-').lower()}-{dt.date.today()}.zip",
        mime="application/zip",
        icon=":material/download:",
    )

engine = get_engine()
if engine.url.get_backend_name() == "sqlite" and viewer is None:  # the whole database: the local user only
    st.subheader("Back up the database")
    st.markdown("A consistent copy of the whole database, safe to take while the app is in use. Restore it with `python -m tracker restore FILE`.")
    if st.button("Prepare a backup", icon=":material/backup:"):
        with tempfile.TemporaryDirectory() as folder:
            state.backup_bytes = backup(engine, Path(folder) / "tracker-backup.db").read_bytes()
    if "backup_bytes" in state:
        st.download_button("Download the backup", data=state.backup_bytes, file_name=f"tracker-backup-{dt.date.today()}.db", icon=":material/download:")

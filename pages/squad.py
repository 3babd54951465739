"""Squad tools for coaches and physios: set availability, import a squad's session-RPE or
wellness spreadsheet, and download the one-page weekly summary. Every rule about who may do
what is in `tracker.access`; this page only asks it."""

import datetime as dt

import pandas as pd
import streamlit as st

from tracker import access, availability, store
from tracker.errors import TrackerError
from tracker.importers.engine import ImportRefused
from tracker.importers.team import preview_team_import
from tracker.models import Role
from tracker.squad_report import squad_report
from tracker.ui import db_session, field_error, problems_of, signed_in
from tracker.vocab import AvailabilityStatus

st.title("Squad")
today = dt.date.today()

with db_session() as db:
    viewer = signed_in(db)
    if viewer is not None and not viewer.roles & {Role.COACH, Role.PHYSIO}:
        st.error("Squad tools are for coaches and physios.")
        st.stop()
    athletes = store.list_athletes(db) if viewer is None else access.visible_athletes(db, viewer=viewer)
    names = {a.id: a.name for a in athletes}
    settable = [a.id for a in athletes if access.may_set_availability(db, viewer=viewer, athlete_id=a.id)]
    importable = [a.id for a in athletes if access.may_import_team(db, viewer=viewer, athlete_ids=[a.id])]

if not athletes:
    st.info("No athletes yet: coaches see their team once athletes join with the invite code; physios see athletes who share with them.")
    st.stop()

availability_tab, import_tab, report_tab = st.tabs(["Availability", "Import team load", "Weekly report"])

with availability_tab:
    if not settable:
        st.info("Availability is set by the athlete's physio, or by their coach when they have no physio.")
    else:
        problems = st.session_state.pop("availability_problems", None)
        with st.form("availability", clear_on_submit=False):
            who = st.selectbox("Athlete", settable, format_func=names.get, key="availability_athlete")
            status = st.radio("Availability", list(AvailabilityStatus), format_func=str, horizontal=True, key="availability_status")
            note = st.text_input("What to leave out (one line, for modified)", placeholder="no heavy hinging", max_chars=120, key="availability_note")
            field_error(problems, "note", "status")
            since = st.date_input("From", value=today, key="availability_from")
            saved = st.form_submit_button(f"Save availability for {names[who]}" if who else "Save availability", type="primary")
        if saved:
            try:
                with db_session() as db:
                    access.set_availability(db, viewer=viewer, athlete_id=who, data={"status": status, "note": note or None, "effective_on": since})
            except TrackerError as error:
                st.session_state.availability_problems = problems_of(error) if hasattr(error, "problems") else {"status": str(error)}
                st.rerun()
            st.success(f"{names[who]}: {availability.describe(status, note)} from {since:%d %b %Y}.")
    with db_session() as db:
        found = availability.current(db, athlete_ids=list(names), on=today)
    st.dataframe(
        pd.DataFrame(
            [(names[a], availability.describe(found[a].status, found[a].note) if a in found else "not set", found[a].effective_on if a in found else None) for a in names],
            columns=["Athlete", "Today", "Since"],
        ),
        hide_index=True,
        width="stretch",
    )

with import_tab:
    st.markdown(
        "A squad spreadsheet (CSV) of **session RPE and minutes** (or load) — columns date, athlete, session type, minutes, "
        "RPE and/or load — or of **daily wellness** (sleep, soreness, stress, mood, fatigue). The DataFest rugby sevens layout is read as it is."
    )
    upload = st.file_uploader("Squad file (CSV)", type=["csv"], key="team_file")
    if upload is not None and not importable:
        st.warning("Only a coach of these athletes can import load for them.")
    elif upload is not None:
        data = upload.getvalue()
        keep_load = st.checkbox("Where RPE × minutes and the file's load disagree, keep the file's load", key="team_keep_load")
        try:
            with db_session() as db:
                first = preview_team_import(db, data=data, keep_file_load=keep_load)
        except TrackerError as error:
            st.error(str(error))
            st.stop()
        st.markdown("**Who is who** — match each athlete in the file to one on your roster (or leave them out).")
        options = [None, *importable]
        mapping = {}
        columns = st.columns(3)
        for index, found_athlete in enumerate(first.athletes):
            default = options.index(found_athlete.suggestion) if found_athlete.suggestion in options else 0
            mapping[found_athlete.label] = columns[index % 3].selectbox(
                f"“{found_athlete.label}” ({found_athlete.rows} rows)", options, index=default, format_func=lambda a: "leave out" if a is None else names[a], key=f"map_{found_athlete.label}"
            )
        with db_session() as db:
            preview = preview_team_import(db, data=data, mapping=mapping, keep_file_load=keep_load)
        counts = preview.counts
        st.container(key="team_preview_summary").markdown(
            f"**{preview.rows:,} rows** ({preview.kind}, {preview.first_date:%d %b %Y} – {preview.last_date:%d %b %Y}): "
            + ", ".join(f"{n:,} {name}" for name, n in counts.items() if n)
        )
        for note in preview.notes:
            st.caption(note)
        if preview.ignored_columns:
            st.caption("Not imported: " + ", ".join(preview.ignored_columns))
        if preview.problems:
            st.dataframe(pd.DataFrame([(p.line, p.reason) for p in preview.problems], columns=["Line", "Why it cannot be imported"]), hide_index=True, height=180)
        skip = st.checkbox(f"Skip the {len(preview.problems)} refused row(s) and import the rest", key="team_skip") if preview.problems else False
        if st.button(f"Import {counts['imported']:,} rows for the squad", type="primary", disabled=counts["imported"] == 0, key="team_import"):
            try:
                with db_session() as db:
                    result = access.import_team(db, viewer=viewer, data=data, mapping=mapping, keep_file_load=keep_load, skip_bad_rows=skip)
            except ImportRefused as refused:
                st.error(str(refused))
            except TrackerError as error:
                st.error(str(error))
            else:
                st.success("Imported: " + ", ".join(f"{n:,} {name}" for name, n in result.counts.items() if n) + ".")

with report_tab:
    st.markdown("One page for the week: who is in which load zone, who is flagged (the level only), availability, and load against last week.")
    week_ending = st.date_input("Week ending", value=today, max_value=today, key="squad_week")
    with db_session() as db:
        html = squad_report(db, athlete_ids=list(names), week_ending=week_ending)
    st.download_button("Download the squad report (HTML, prints to A4)", html, file_name=f"squad-{week_ending}.html", mime="text/html", icon=":material/download:")

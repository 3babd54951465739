"""Settings: the athlete's profile, the advice thresholds, and the exercise catalogue."""

import datetime as dt

import pandas as pd
import streamlit as st

from tracker import store
from tracker.errors import ValidationError
from tracker.models import Role
from tracker.science.settings import DEFAULT_SETTINGS, AdviceSettings
from tracker.ui import back_screen_form, db_session, field_error, own_athlete, possessive, problems_of, signed_in
from tracker.vocab import Pattern

st.title("Settings", anchor=False)
state = st.session_state

with db_session() as db:
    viewer = signed_in(db)
    athlete = own_athlete(db, viewer)
    # Thresholds and the catalogue shape everyone's advice: coaches, physios and admins edit them.
    staff = viewer is None or bool(viewer.roles & {Role.COACH, Role.PHYSIO, Role.ADMIN})
    profile_tab, screen_tab, thresholds_tab, catalogue_tab = st.tabs(["Profile", "Back screen", "Thresholds", "Exercises"])  # short: one line at 390 px

    with profile_tab:
        problems = state.get("settings_problems")
        with st.form("profile"):
            name = st.text_input("Name", value=athlete.name, max_chars=80)
            field_error(problems, "name")
            unit = st.segmented_control("Weights in", ["kg", "lb"], default=athlete.unit)
            left, right = st.columns(2)
            birth_year = left.number_input("Year of birth", min_value=1900, max_value=2100, value=athlete.birth_year, step=1)
            months = [None, *range(1, 13)]
            birth_month = right.selectbox(
                "Month of birth (optional)", months, index=months.index(athlete.birth_month),
                format_func=lambda m: "—" if m is None else dt.date(2000, m, 1).strftime("%B"),
                help="With the year it gives your exact age, which the back-pain screening uses.",
            )  # fmt: skip
            field_error(problems, "birth_year", "birth_month")
            body_mass = st.number_input("Body mass (kg)", min_value=0.0, value=athlete.body_mass_kg, step=0.5)
            field_error(problems, "body_mass_kg")
            if st.form_submit_button(f"Save {possessive(athlete.name)} profile", type="primary"):
                data = {"name": name, "unit": unit or athlete.unit, "birth_year": birth_year, "birth_month": birth_month, "body_mass_kg": body_mass or None}
                try:
                    store.update_athlete(db, athlete_id=athlete.id, data=data)
                except ValidationError as error:
                    state.settings_problems = problems_of(error)
                else:
                    state.pop("settings_problems", None)
                    st.toast("Profile saved", icon=":material/check_circle:")
                st.rerun()

    with screen_tab:
        back_screen_form(
            db, viewer=viewer, athlete=athlete, key="screen_settings",
            intro="Asked once, the first time you log back pain. Your answers change how pain reports are screened.",
        )  # fmt: skip

    with thresholds_tab:
        if not staff:
            st.info("Your coach or physio sets these thresholds.")
            st.stop()
        st.markdown(
            "The numbers behind triage and phase advice. Defaults follow the sources in the README; "
            "change them only with a reason (a physio's or coach's judgement for this squad)."
        )
        current = store.get_advice_settings(db).to_dict()
        described = pd.DataFrame(AdviceSettings.describe())
        described["value"] = described["name"].map(current)
        edited = st.data_editor(
            described[["name", "value", "default", "low", "high", "help"]],
            hide_index=True,
            width="stretch",
            disabled=["name", "default", "low", "high", "help"],
            column_config={
                "name": "Setting",
                "value": st.column_config.NumberColumn("Value", required=True),
                "default": "Default",
                "low": "Lowest",
                "high": "Highest",
                "help": st.column_config.TextColumn("What it does", width="large"),
            },
            key="thresholds",
        )
        left, right = st.columns(2)
        if left.button("Save thresholds", type="primary"):
            try:
                store.save_advice_settings(db, values=dict(zip(edited["name"], edited["value"])))
            except ValidationError as error:
                for problem in error.problems:
                    st.error(problem.message)
            else:
                st.toast("Thresholds saved", icon=":material/check_circle:")
        if right.button("Back to the defaults"):
            store.save_advice_settings(db, values=DEFAULT_SETTINGS.to_dict())
            state.pop("thresholds", None)
            st.rerun()

    with catalogue_tab:
        st.markdown(
            "Movement pattern and spinal-load flag decide how a lift counts: spinal tonnage, "
            "hinge/squat-heavy days, trunk and single-leg work. Changing one recomputes every "
            "session that used it."
        )
        exercises = store.list_exercises(db)
        catalogue = pd.DataFrame([{"name": e.name, "pattern": e.pattern, "spinal_load": e.spinal_load} for e in exercises])
        edited_catalogue = st.data_editor(
            catalogue,
            hide_index=True,
            width="stretch",
            disabled=["name"],
            column_config={
                "name": "Exercise",
                "pattern": st.column_config.SelectboxColumn("Pattern", options=[p.value for p in Pattern], required=True),
                "spinal_load": st.column_config.CheckboxColumn("Loads the spine"),
            },
            key="catalogue",
        )
        changed = edited_catalogue[(edited_catalogue["pattern"] != catalogue["pattern"]) | (edited_catalogue["spinal_load"] != catalogue["spinal_load"])]
        if st.button(f"Save {len(changed)} change(s)", disabled=changed.empty, type="primary"):
            for row in changed.itertuples():
                store.reclassify_exercise(db, name=row.name, pattern=row.pattern, spinal_load=bool(row.spinal_load))
            st.toast(f"Reclassified {len(changed)} exercise(s)", icon=":material/check_circle:")
            state.pop("catalogue", None)
            st.rerun()

"""First run: create your athlete profile, or explore the demo data in one click."""

import datetime as dt

import streamlit as st

from tracker import auth, store
from tracker.demo import DEMO_STORIES, build_demo
from tracker.errors import ValidationError
from tracker.ui import db_session, field_error, load_trends_code_early, problems_of, remember_athlete, signed_in

st.title("Training-load tracker")
st.markdown(
    "Log each session and how your back feels. The tracker follows your training load against "
    "what your last four weeks prepared you for, screens pain reports for signs that need a "
    "clinician, and suggests what to do this week — always with the numbers behind it."
)

with db_session() as db:
    viewer = signed_in(db)
problems = st.session_state.get("profile_problems")
left, right = st.columns(2, gap="large")
with left:
    st.subheader("Start logging")
    with st.form("profile"):
        name = st.text_input("Your name", max_chars=80)
        field_error(problems, "name")
        unit = st.segmented_control("Weights in", ["kg", "lb"], default="kg")
        birth_year = st.number_input("Year of birth (optional)", min_value=1900, max_value=dt.date.today().year, value=None, step=1)
        field_error(problems, "birth_year")
        created = st.form_submit_button("Create my profile", type="primary")
    if created:
        with db_session() as db:
            try:
                data = {"name": name, "unit": unit or "kg", "birth_year": birth_year}
                if viewer is not None and viewer.athlete_id is None:
                    athlete = auth.create_own_profile(db, user_id=viewer.user_id, data=data)
                else:
                    athlete = store.create_athlete(db, data=data)
            except ValidationError as error:
                st.session_state.profile_problems = problems_of(error)
                st.rerun()
            st.session_state.pop("profile_problems", None)
            remember_athlete(athlete.id)
        st.session_state.open_page = "log"
        st.rerun()

with right:
    st.subheader("Or look around first")
    st.markdown("Six demo lifters with six months of training each:")
    st.markdown("\n".join(f"- **{name}** — {story}" for name, story in DEMO_STORIES.items()))
    if st.button("Explore the demo data", icon=":material/fitness_center:"):
        with st.spinner("Building six months of demo training…"), db_session() as db:
            build_demo(db)
        st.session_state.open_page = "trends"
        st.rerun()

# While the visitor reads, the browser readies the code the demo's trends will be drawn with.
load_trends_code_early()

"""The optional daily wellness check: six quick answers, once a day (about 20 seconds)."""

import datetime as dt

import streamlit as st

from tracker import access
from tracker.charts import wellness_chart
from tracker.errors import ValidationError
from tracker.ui import db_session, field_error, own_athlete, problems_of, signed_in
from tracker.wellness import QUESTIONS, answered_on, wellness_frame

st.title("Daily wellness")
st.caption(
    "Optional, about 20 seconds: skip any question. Back pain is not asked here — report it after a session; "
    "the weekly check-in asks how your back affected training."
)

today = dt.date.today()
with db_session() as db:
    viewer = signed_in(db)
    athlete = own_athlete(db, viewer)
    if athlete is None:
        st.info("Add an athlete first.")
        st.stop()
    earlier = answered_on(db, athlete_id=athlete.id, day=today)
    name = athlete.name
if earlier is not None:
    st.success("Today's check is done. Answering again replaces today's answers.", icon=":material/check_circle:")

problems = st.session_state.pop("wellness_problems", None)
with st.form("wellness"):
    day = st.date_input("Day", value=today, max_value=today, key="wellness_day")
    sleep = st.number_input("Hours slept", min_value=0.0, max_value=24.0, step=0.5, value=None, placeholder="e.g. 7.5", key="wellness_sleep_hours")
    field_error(problems, "sleep_hours")
    answers = {}
    for question in QUESTIONS:
        answers[question.key] = st.segmented_control(
            f"{question.text} — 1 {question.low}, 5 {question.high}", [1, 2, 3, 4, 5], key=f"wellness_{question.key}"
        )
        field_error(problems, question.key)
    field_error(problems, "answers", "date")
    sent = st.form_submit_button(f"Save today's wellness for {name}" if viewer is None else "Save my wellness", type="primary")
if sent:
    try:
        with db_session() as db:
            access.record_wellness(db, viewer=viewer, athlete_id=athlete.id, data={"date": day, "sleep_hours": sleep, **answers})
    except ValidationError as error:
        st.session_state.wellness_problems = problems_of(error)
    st.rerun()

with db_session() as db:
    history = wellness_frame(db, athlete_id=athlete.id, start=today - dt.timedelta(days=41))
st.subheader("Last six weeks")
st.plotly_chart(wellness_chart(history), width="stretch", config={"displaylogo": False})

"""The weekly back check-in: the OSTRC questions about the low back over the past 7 days."""

import datetime as dt

import streamlit as st

from tracker import access, wording
from tracker.charts import severity_chart
from tracker.checkin import checkin_due, checkins_frame
from tracker.errors import ValidationError
from tracker.science.ostrc import QUESTIONS, is_substantial, severity_score, skipped, week_of
from tracker.ui import db_session, own_athlete, possessive, signed_in

st.title("Weekly back check-in", anchor=False)
st.caption("Up to four questions about the past 7 days, once a week. Answering again this week replaces this week's answers.")

with db_session() as db:
    viewer = signed_in(db)
    athlete = own_athlete(db, viewer)
    today = dt.date.today()
    if not checkin_due(db, athlete_id=athlete.id, today=today):
        st.success(f"This week's check-in (week of {wording.day(week_of(today))}) is done. You can still change it below.", icon=":material/check_circle:")
    answers: dict[str, int | None] = {}
    for question in QUESTIONS:
        if question.key in skipped(answers.get("participation")):
            continue  # the answer to question 1 settles it (OSTRC skip logic)
        labels = [label for label, _ in question.options]
        picked = st.radio(question.text, labels, index=None, key=f"q_{question.key}")
        answers[question.key] = dict(question.options).get(picked)
    if st.button(f"Save {possessive(athlete.name)} check-in", type="primary"):
        try:
            access.record_checkin(db, viewer=viewer, athlete_id=athlete.id, day=today, answers=answers)
        except ValidationError as error:
            st.error("Answer every question shown." if any(v is None for v in answers.values()) else str(error))
        else:
            score = severity_score(answers)
            note = " That is a substantial back problem: consider talking to your coach or physio." if is_substantial(answers) else ""
            st.success(f"Saved: severity {score}/100.{note}")
    history = checkins_frame(db, athlete_id=athlete.id)
st.plotly_chart(severity_chart(history), width="stretch", config={"displaylogo": False})

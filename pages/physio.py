"""The physio's view of one athlete: the timeline first (newest first) with the load under it,
where it hurt over the dates, clinical notes, and the clinician report built at download."""

import datetime as dt

import streamlit as st

from tracker import access
from tracker.charts import EVENT_STYLES, body_chart
from tracker.clinical import clinical_view
from tracker.models import Role
from tracker.science.load import METRIC_LABELS
from tracker.timeline import Kind
from tracker.ui import clinical_note_form, db_session, pick_athlete, report_downloads, signed_in

BADGES = {Kind.PAIN: "orange", Kind.RED_FLAG: "red", Kind.NOTE: "blue", Kind.CLEARANCE: "green", Kind.AVAILABILITY: "violet"}

st.title("Clinical view")

today = dt.date.today()
with db_session() as db:
    viewer = signed_in(db)
    athlete = pick_athlete(db, viewer)
    if athlete is None:
        st.info("No athletes to show yet: athletes appear here once they share their data with you.")
        st.stop()
    if viewer is not None and access.Scope.PAIN_DETAIL not in access.scopes(db, viewer, athlete.id):
        st.info(f"{athlete.name} has not shared clinical detail with you: their trends page shows what you may see.")
        st.stop()
    left, right = st.columns([2, 1])
    period = left.date_input("Dates", value=(today - dt.timedelta(days=90), today), max_value=today, key="clinical_period")
    metric = right.selectbox("Load", list(METRIC_LABELS), format_func=METRIC_LABELS.get, key="clinical_metric")
    start, end = (period[0], period[1]) if len(period) == 2 else (period[0], today)
    view = clinical_view(db, viewer=viewer, athlete_id=athlete.id, start=start, end=end, metric=metric)
    athlete_id, name = athlete.id, athlete.name  # plain values: the access log's commits expire the row

st.subheader(f"{name}: what happened, newest first")
kinds = st.pills("Show", list(Kind), selection_mode="multi", default=list(Kind), key="clinical_kinds")
shown = [event for event in view.events if event.kind in kinds]
if not shown:
    st.info("Nothing recorded in these dates.")
with st.container(height=420 if len(shown) > 6 else "content", key="clinical_timeline"):
    for event in shown:
        st.markdown(f"**{event.at:%a %d %b %Y, %H:%M}** :{BADGES[event.kind]}-badge[{event.kind}] {event.title}")
        if event.detail:
            st.caption(event.detail)

st.markdown("**The same events over the daily load**")
if view.metric_note:
    st.info(view.metric_note, icon=":material/info:")
st.plotly_chart(view.figure, width="stretch", config={"displaylogo": False})
st.caption(
    "Top: " + ", ".join(f"{kind} ({symbol})" for kind, (_, symbol) in EVENT_STYLES.items())
    + f"; bigger pain markers are higher scores. Bottom: daily {METRIC_LABELS[view.metric]} with its 7- and 28-day averages."
)

st.subheader("Where it hurt")
st.plotly_chart(body_chart(view.heat), width="stretch", config={"displayModeBar": False})
st.caption(
    f"{view.pain_reports} pain report{'s' if view.pain_reports != 1 else ''} in these dates; each area shows how many "
    "included it (darker: more). A report given without the body chart is placed by its region, on both sides when no side was given."
)

if viewer is not None and Role.PHYSIO in viewer.roles:
    st.subheader("Add a clinical note")
    clinical_note_form(viewer, athlete_id, key="clinical_note")

st.subheader("Clinician report")
st.caption("One printable file (A4) for these dates, built from the data at the moment you download it.")
report_downloads(viewer, athlete_id, name, start, end, key="clinical_report")

"""One athlete's trends: status and advice first, then load with pain, the weekly table, lifts."""

import datetime as dt
import json

import streamlit as st

from tracker import access, store
from tracker.charts import severity_chart
from tracker.checkin import checkins_frame
from tracker.db import database_url
from tracker.models import Role
from tracker.science.load import METRIC_LABELS
from tracker.ui import cached_trends, clearance_section, clinical_note_form, db_session, literal, pick_athlete, report_downloads, show_advice, signed_in

st.title("Trends and advice")

with db_session() as db:
    viewer = signed_in(db)
    athlete = pick_athlete(db, viewer)
    if athlete is None:
        st.info("No athletes to show yet.")
        st.stop()
    # Checked (and logged) in tracker.access: a coach gets the triage level without its reasons.
    detail = access.trends_detail(db, viewer=viewer, athlete_id=athlete.id)
    version = store.data_version(db, athlete_id=athlete.id)
    settings_key = json.dumps(store.get_advice_settings(db).to_dict(), sort_keys=True)
    catalogue = [exercise.name for exercise in store.list_exercises(db)]
    unit, name = athlete.unit, athlete.name

today = dt.date.today()
metric = st.segmented_control("Load metric", list(METRIC_LABELS), format_func=METRIC_LABELS.get, default="srpe", key="metric") or "srpe"
period = st.date_input("Dates", value=(today - dt.timedelta(days=181), today), max_value=today, key="period")
start, end = (period[0], period[1]) if len(period) == 2 else (period[0], today)

view = cached_trends(database_url(), athlete.id, version, settings_key, start, end, metric, None, detail)
report = view.report

st.subheader(f"{name} today" if end == today else f"{name} on {end:%d %b %Y}")
status = report.status
cols = st.columns(4)
judged = status.acwr_zone not in {"not enough history", "no data"}
cols[0].metric("ACWR (EWMA 7:28)", f"{status.acwr_ewma:.2f}" if judged else "—", status.acwr_zone, delta_color="off", delta_arrow="off")
cols[1].metric(
    "Last 7 days", "—" if status.acute_load != status.acute_load else f"{status.acute_load:,.0f}",
    f"{status.sessions_last_7_days} session{'s' if status.sessions_last_7_days != 1 else ''}", delta_color="off", delta_arrow="off",
)  # fmt: skip
cols[2].metric("Week change", "—" if status.week_change != status.week_change else f"{status.week_change:+.0%}")
cols[3].metric("Monotony", "—" if status.monotony != status.monotony else f"{status.monotony:.2f}")
show_advice(report.advice)
if detail:
    with db_session() as db:
        clearance_section(db, viewer=viewer, athlete=store.get_athlete(db, athlete_id=athlete.id), triage=report.advice.triage)

st.subheader("Load and pain")
if view.metric_note:
    st.info(view.metric_note, icon=":material/info:")
if view.sessions_in_range == 0:
    st.info("No sessions in these dates yet. Log one on the “Log a session” page and it appears here.")
st.plotly_chart(view.load_figure, width="stretch", config={"displaylogo": False})
st.caption(
    f"Bars: daily {METRIC_LABELS[view.metric]}. Lines: 7-day (acute) and 28-day (chronic) exponentially weighted "
    "averages. Dots: pain reports (right axis). Lower panel: acute:chronic ratio with the 0.8–1.3 target band; "
    "shaded bands mark the suggested phases."
)

if view.phases:
    st.markdown(
        "**Phase history** (what was suggested, from when to when): "
        + "; ".join(f"{span.name.replace('_', ' ')} {span.start:%d %b}–{span.end:%d %b}" for span in view.phases)
    )

st.subheader("Week by week")
st.dataframe(
    view.weekly.sort_index(ascending=False),
    width="stretch",
    column_config={
        "_index": st.column_config.DateColumn("Week of", format="D MMM YYYY"),
        "load": st.column_config.NumberColumn("Total load", format="%.0f"),
        "week_change": st.column_config.NumberColumn("Change", format="percent"),
        "monotony": st.column_config.NumberColumn("Monotony", format="%.2f"),
        "strain": st.column_config.NumberColumn("Strain", format="%.0f"),
        "sessions": "Sessions",
        "hard_sets": "Hard sets",
        "pain_max": st.column_config.NumberColumn("Pain (max)", format="%.0f"),
    },
)

st.subheader("Lifts")
lifts = st.multiselect("Lifts", catalogue, default=view.lifts, key=f"lifts_{athlete.id}")
if lifts != view.lifts:
    view = cached_trends(database_url(), athlete.id, version, settings_key, start, end, metric, tuple(lifts), detail)
left, right = st.columns(2)
left.markdown(f"**Estimated 1RM ({unit})**")
left.plotly_chart(view.e1rm_figure, width="stretch", config={"displaylogo": False})
right.markdown(f"**Weekly tonnage ({unit})**")
right.plotly_chart(view.tonnage_figure, width="stretch", config={"displaylogo": False})

if detail:
    st.subheader("Weekly back check-in")
    with db_session() as db:
        checkins = checkins_frame(db, athlete_id=athlete.id, start=start, end=end)
    st.plotly_chart(severity_chart(checkins), width="stretch", config={"displaylogo": False})

# Availability and daily wellness (squad features; a self-contained block) ---------------------
with db_session() as db:
    from tracker.availability import availability_history, describe
    from tracker.wellness import wellness_figure

    availability_rows = access.availability(db, viewer=viewer, athlete_id=athlete.id) if viewer else availability_history(db, athlete_id=athlete.id)
    wellness_fig = wellness_figure(db, athlete_id=athlete.id, start=start, end=end, metric=metric)
st.subheader("Availability and wellness")
now_in_force = availability_rows[availability_rows["effective_on"] <= today].head(1)
if now_in_force.empty:
    st.markdown("**Availability:** not set")
else:
    current = now_in_force.iloc[0]
    st.markdown(f"**Availability:** {describe(current['status'], current['note'])} (since {current['effective_on']:%d %b %Y})")
if len(availability_rows) > 0:
    with st.expander(f"Availability history ({len(availability_rows)})"):
        st.dataframe(availability_rows.drop(columns=["set_at"]), hide_index=True, width="stretch",
                     column_config={"effective_on": st.column_config.DateColumn("From", format="D MMM YYYY"), "status": "Status", "note": "Note", "set_by": "Set by"})
st.plotly_chart(wellness_fig, width="stretch", config={"displaylogo": False}, key="wellness_chart")
st.caption("Top: daily load with pain reports. Bottom: the optional daily wellness check (1–5 scores, hours slept as bars).")

with db_session() as db:
    allowed = access.scopes(db, viewer, athlete.id) if viewer else set(access.Scope)
    readable = viewer and allowed & {access.Scope.CLINICAL_NOTES, access.Scope.COACH_SUMMARY}
    # Plain values: the ORM rows expire when the access log commits and the session closes.
    notes = [(n.written_at, n.body, n.coach_summary) for n in access.clinical_notes(db, viewer=viewer, athlete_id=athlete.id)] if readable else []
if viewer and (notes or access.Scope.CLINICAL_NOTES in allowed):
    st.subheader("Physio notes" if access.Scope.CLINICAL_NOTES in allowed else "From the physio")
    for written_at, body, summary in reversed(notes):
        st.markdown(f"**{written_at:%d %b %Y}** — {literal(body)}" + (f"  \n*For the coach:* {literal(summary)}" if summary and body != summary else ""))
    if Role.PHYSIO in viewer.roles and access.Scope.CLINICAL_NOTES in allowed:
        clinical_note_form(viewer, athlete.id)

if detail:
    st.subheader("Clinician report")
    st.caption(
        "One printable file (A4) with the summary, pain timeline, load and ACWR, red flags, phases, notes and sessions "
        "for these dates, built from the data at the moment you download it."
    )
    report_downloads(viewer, athlete.id, name, start, end)

"""One athlete's trends, phone first: the clinician message, one plain sentence about the week,
the figures behind it (explained on request), the suggested phases, then the charts and tables."""

import datetime as dt

import streamlit as st

from tracker import access, store, wording
from tracker.charts import severity_chart
from tracker.checkin import checkins_frame
from tracker.db import database_url
from tracker.models import Role
from tracker.science.load import METRIC_LABELS, TARGET_TEXT
from tracker.ui import (
    cached_lift_figures,
    cached_trends,
    cached_wellness_figure,
    clearance_section,
    clinical_note_form,
    db_session,
    default_period,
    literal,
    pick_athlete,
    report_downloads,
    show_advice,
    show_triage,
    signed_in,
    trends_settings_key,
    warm_trends,
)  # fmt: skip

PLOT_CONFIG = {"displaylogo": False, "displayModeBar": False}
#: Legends stay short enough to read on a phone: at most this many lifts at once.
MAX_LIFTS = 5

st.title("Trends and advice", anchor=False)

with db_session() as db:
    viewer = signed_in(db)
    athlete = pick_athlete(db, viewer)
    if athlete is None:
        st.info("No athletes to show yet.")
        st.stop()
    # Checked (and logged) in tracker.access: a coach gets the triage level without its reasons.
    detail = access.trends_detail(db, viewer=viewer, athlete_id=athlete.id)
    version = store.data_version(db, athlete_id=athlete.id)
    settings_key = trends_settings_key(db)
    catalogue = [exercise.name for exercise in store.list_exercises(db)]
    unit, name = athlete.unit, athlete.name

# What the page says first is filled in below, once the figures for the chosen metric are known.
first = st.container()
today = dt.date.today()
with st.container(horizontal=True, gap="small"):
    with st.popover("What these figures mean", icon=":material/info:"):
        for text in wording.EXPLANATIONS.values():
            st.markdown(text)
        st.caption(wording.REFERENCES)
    with st.popover("Metric and dates", icon=":material/tune:"):
        metric = st.segmented_control("Load metric", list(METRIC_LABELS), format_func=METRIC_LABELS.get, default="srpe", key="metric") or "srpe"
        period = st.date_input("Dates", value=default_period(today), max_value=today, key="period", format="DD/MM/YYYY")
start, end = (period[0], period[1]) if len(period) == 2 else (period[0], today)

view = cached_trends(database_url(), athlete.id, version, settings_key, start, end, metric, None, detail)
report = view.report  # for a coach, already without its clinical reasons (tracker.access.trends_detail)
with db_session() as db:
    warm_trends(db, viewer, shown_id=athlete.id, settings_key=settings_key, start=start, end=end, metric=metric)
status = report.status

with first:
    show_triage(report.advice.triage)
    st.subheader(f"{name} today" if end == today else f"{name} on {wording.day(end)}", anchor=False)
    st.markdown(f"**{wording.week_sentence(report)}**")
    in_unit = wording.METRIC_UNITS.get(status.metric, "")
    judged = status.acwr_zone not in {"not enough history", "no data"}
    with st.container(horizontal=True, gap="small"):
        tile = {"border": True, "width": 170}
        st.metric("This week (7 days)", wording.number(status.acute_load), in_unit, delta_color="off", delta_arrow="off", **tile)
        st.metric("4-week average", wording.number(status.chronic_load), in_unit, delta_color="off", delta_arrow="off", **tile)
        st.metric("Week change", wording.percent(status.week_change, signed=True), "on the week before", delta_color="off", delta_arrow="off", **tile)
        st.metric("ACWR (EWMA 7:28)", wording.number(status.acwr_ewma, 2) if judged else wording.MISSING, status.acwr_zone, delta_color="off", delta_arrow="off", **tile)
        sessions = f"{status.sessions_last_7_days} session{'s' if status.sessions_last_7_days != 1 else ''} this week"
        st.metric("Monotony", wording.number(status.monotony, 2), sessions, delta_color="off", delta_arrow="off", **tile)

show_advice(report.advice, with_triage=False)
if detail:
    with db_session() as db:
        clearance_section(db, viewer=viewer, athlete=store.get_athlete(db, athlete_id=athlete.id), triage=report.advice.triage)

st.subheader("Load and pain", anchor=False)
if view.metric_note:
    st.info(view.metric_note, icon=":material/info:")
if view.sessions_in_range == 0:
    st.info("No sessions in these dates yet. Log one on the “Log a session” page and it appears here.")
st.plotly_chart(view.load_figure, width="stretch", config=PLOT_CONFIG)
st.caption(
    f"Bars: daily {METRIC_LABELS[view.metric]}. Lines: 7-day (acute) and 28-day (chronic) exponentially weighted "
    "averages. Dots: pain reports (right axis). Lower panel: acute:chronic ratio (dotted: the rolling 7:28 ratio) "
    f"with the {TARGET_TEXT} target band; shaded bands mark the suggested phases."
)

if view.phases:
    st.markdown(
        "**Phase history** (what was suggested, from when to when): "
        + "; ".join(f"{wording.phase_name(span.name)} {wording.day(span.start)} – {wording.day(span.end)}" for span in view.phases)
    )

st.subheader("Week by week", anchor=False)
st.dataframe(wording.weekly_table(view.weekly), width="stretch", hide_index=True)

st.subheader("Lifts", anchor=False)
lifts = st.multiselect("Lifts", catalogue, default=view.lifts[:MAX_LIFTS], max_selections=MAX_LIFTS, key=f"lifts_{athlete.id}")
if lifts == view.lifts:
    e1rm_figure, tonnage_figure = view.e1rm_figure, view.tonnage_figure
else:
    e1rm_figure, tonnage_figure = cached_lift_figures(database_url(), athlete.id, version, start, end, tuple(lifts), unit)
left, right = st.columns(2)
left.markdown(f"**Estimated 1RM ({unit})** — dotted: best so far")
left.plotly_chart(e1rm_figure, width="stretch", config=PLOT_CONFIG)
right.markdown(f"**Weekly tonnage ({unit})**")
right.plotly_chart(tonnage_figure, width="stretch", config=PLOT_CONFIG)

if detail:
    st.subheader("Weekly back check-in", anchor=False)
    with db_session() as db:
        checkins = checkins_frame(db, athlete_id=athlete.id, start=start, end=end)
    st.plotly_chart(severity_chart(checkins), width="stretch", config=PLOT_CONFIG)

# Availability and daily wellness (squad features; a self-contained block) ---------------------
with db_session() as db:
    from tracker.availability import availability_history, describe

    availability_rows = access.availability(db, viewer=viewer, athlete_id=athlete.id) if viewer else availability_history(db, athlete_id=athlete.id)
wellness_fig = cached_wellness_figure(database_url(), athlete.id, version, start, end, metric)
st.subheader("Availability and wellness", anchor=False)
now_in_force = availability_rows[availability_rows["effective_on"] <= today].head(1)
if now_in_force.empty:
    st.markdown("**Availability:** not set")
else:
    current = now_in_force.iloc[0]
    st.markdown(f"**Availability:** {describe(current['status'], current['note'])} (since {wording.day(current['effective_on'])})")
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
    st.subheader("Physio notes" if access.Scope.CLINICAL_NOTES in allowed else "From the physio", anchor=False)
    for written_at, body, summary in reversed(notes):
        st.markdown(f"**{wording.day(written_at)}** — {literal(body)}" + (f"  \n*For the coach:* {literal(summary)}" if summary and body != summary else ""))
    if Role.PHYSIO in viewer.roles and access.Scope.CLINICAL_NOTES in allowed:
        clinical_note_form(viewer, athlete.id)

if detail:
    st.subheader("Clinician report", anchor=False)
    st.caption(
        "One printable file (A4) with the summary, pain timeline, load and ACWR, red flags, phases, notes and sessions "
        "for these dates, built from the data at the moment you download it."
    )
    report_downloads(viewer, athlete.id, name, start, end)

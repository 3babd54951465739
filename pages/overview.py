"""The roster: every athlete on one table, most concerning first; a row opens their trends."""

import datetime as dt
import json

import streamlit as st

from tracker import access, store
from tracker.science.advice import DISCLAIMER
from tracker.demo import build_demo
from tracker.science.load import METRIC_LABELS
from tracker.models import Role
from tracker.db import database_url
from tracker.ui import ATHLETE_PARAM, cached_roster, db_session, remember_athlete, signed_in

st.title("All athletes")
st.caption(DISCLAIMER)

metric = st.segmented_control("Load metric", options=list(METRIC_LABELS), format_func=METRIC_LABELS.get, default="srpe") or "srpe"
with db_session() as db:
    viewer = signed_in(db)
    if viewer is not None and not viewer.roles & {Role.COACH, Role.PHYSIO}:
        st.error("The roster is for coaches and physios.")
        st.stop()
    athletes = store.list_athletes(db) if viewer is None else access.visible_athletes(db, viewer=viewer)
    if viewer is not None and not athletes:
        st.info("No athletes yet: coaches see their team once athletes join with the invite code; physios see athletes who share with them.")
        st.stop()
    if not athletes:
        st.info("No athletes yet. Load six demo athletes with six months of training to look around.")
        if st.button("Load demo data", type="primary"):
            with st.spinner("Building six months of demo training…"):
                build_demo(db)
            st.rerun()
        st.stop()
    teams = access.teams_of(db, viewer=viewer) if viewer is not None else {}
    if len(teams) > 1:
        team = st.selectbox("Team", ["all teams", *teams], key="roster_team")
        if team != "all teams":
            athletes = [a for a in athletes if a.id in teams[team]]
    versions = tuple((a.id, a.data_version) for a in athletes)
    settings_key = json.dumps(store.get_advice_settings(db).to_dict(), sort_keys=True)
table = cached_roster(database_url(), versions, settings_key, dt.date.today(), metric)

table["phases"] = table["phases"].str.replace("_", " ")
flags = st.pills("Show", ["needs a clinician", "load too high", "everyone"], default="everyone", key="roster_filter") or "everyone"
if flags == "needs a clinician":
    table = table[table["triage_rank"] > 0]
elif flags == "load too high":
    table = table[table["acwr_zone"].isin(["high", "elevated"])]

ZONE_COLOURS = {"high": "#f8d3d0", "elevated": "#fbe7c6", "low": "#dbe8f4", "in range": "#dcefdc"}
TRIAGE_COLOURS = {"emergency": "#f2b8b5", "urgent": "#f8d3d0", "assess": "#fbe7c6"}
shown = table[["athlete", "triage", "acwr_ewma", "acwr_zone", "week_change", "phases", "last_pain", "last_pain_date", "days_since_session", "trend"]]
styled = shown.style.map(lambda zone: f"background-color: {ZONE_COLOURS.get(zone, '')}", subset=["acwr_zone"]).map(
    lambda level: f"background-color: {TRIAGE_COLOURS.get(level, '')}", subset=["triage"]
)
picked = st.dataframe(
    styled,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="roster_table",
    column_config={
        "athlete": "Athlete",
        "triage": st.column_config.TextColumn("Back check", help="none, assess, urgent or emergency"),
        "acwr_ewma": st.column_config.NumberColumn("ACWR (EWMA)", format="%.2f"),
        "acwr_zone": st.column_config.TextColumn("Zone", help="low < 0.8, in range 0.8–1.3, elevated 1.3–1.5, high > 1.5"),
        "week_change": st.column_config.NumberColumn("Week change", format="percent"),
        "phases": "Suggested phase",
        "last_pain": st.column_config.NumberColumn("Last pain", format="%d"),
        "last_pain_date": st.column_config.DateColumn("On", format="D MMM"),
        "days_since_session": st.column_config.NumberColumn("Days since session"),
        "trend": st.column_config.AreaChartColumn("Last 28 days", y_min=0),
    },
)
st.caption(f"{METRIC_LABELS[metric]} unless noted. Sorted by concern: clinician flags first, then load furthest above range. Select a row to open that athlete's trends.")
if picked.selection.rows:
    chosen = int(table.iloc[picked.selection.rows[0]]["athlete_id"])
    remember_athlete(chosen)
    st.switch_page("pages/trends.py", query_params={ATHLETE_PARAM: str(chosen)})

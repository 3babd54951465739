"""Every athlete's load, triage and suggested phase today; demo data one click away on an empty database."""

import datetime as dt

import pandas as pd
import streamlit as st

from tracker.demo import DEMO_STORIES, build_demo
from tracker.load import METRIC_LABELS
from tracker.advice import DISCLAIMER
from tracker.status import all_reports
from tracker.ui import db_session

st.title("Load status")
st.caption(DISCLAIMER)

with db_session() as db:
    metric = st.segmented_control(
        "Load metric", options=list(METRIC_LABELS), format_func=METRIC_LABELS.get, default="srpe"
    ) or "srpe"
    reports = all_reports(db, on=dt.date.today(), metric=metric)

    if not reports:
        st.info("No athletes yet. Load six demo athletes with six months of training to look around.")
        if st.button("Load demo data", type="primary"):
            with st.spinner("Building six months of demo training…"):
                build_demo(db)
            st.rerun()
        st.stop()

table = pd.DataFrame([report.status.to_dict() for report in reports])
table["triage"] = [report.advice.triage.level.label for report in reports]
table["phases"] = [", ".join(p.phase.replace("_", " ") for p in report.advice.phases) or "—" for report in reports]
table["story"] = table["athlete"].map(DEMO_STORIES).fillna("")
st.dataframe(
    table[
        ["athlete", "triage", "phases", "acwr_ewma", "acwr_zone", "acwr_rolling", "week_change", "acute_load", "chronic_load",
         "sessions_last_7_days", "last_session", "monotony", "strain", "story"]
    ],
    hide_index=True,
    width="stretch",
    column_config={
        "athlete": "Athlete",
        "triage": st.column_config.TextColumn("Back check", help="none, assess, urgent or emergency: above none, load advice is on hold"),
        "phases": st.column_config.TextColumn("Suggested phase", help="reduce, reload, brace, hip strength or build, most pressing first"),
        "acwr_ewma": st.column_config.NumberColumn("ACWR (EWMA)", format="%.2f", help="Acute (7-day) over chronic (28-day) exponentially weighted load"),
        "acwr_zone": "Zone",
        "acwr_rolling": st.column_config.NumberColumn("ACWR (rolling)", format="%.2f"),
        "week_change": st.column_config.NumberColumn("Week change", format="percent"),
        "acute_load": st.column_config.NumberColumn("Last 7 days", format="%.0f"),
        "chronic_load": st.column_config.NumberColumn("Weekly avg (28 d)", format="%.0f"),
        "sessions_last_7_days": st.column_config.NumberColumn("Sessions (7 d)"),
        "last_session": "Last session",
        "monotony": st.column_config.NumberColumn("Monotony", format="%.2f"),
        "strain": st.column_config.NumberColumn("Strain", format="%.0f"),
        "story": "Demo story",
    },
)
st.caption(
    f"{METRIC_LABELS[metric]}. ACWR 0.8–1.3 is the usual target range; above 1.5, load has "
    "outpaced what the previous four weeks prepared for (Gabbett 2016; EWMA after Williams et al. 2017)."
)

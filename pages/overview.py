"""The roster: every athlete, most concerning first, with availability and what changed since
this coach last looked. A table on a wide screen, a list of cards on a phone; a row or card
opens that athlete's trends (and clears their alert badges)."""

import datetime as dt

import streamlit as st

from tracker import access, alerts, availability, sharing, store
from tracker.charts import triage_tint
from tracker.demo import build_demo
from tracker.models import Role
from tracker.science.advice import DISCLAIMER
from tracker.science.load import METRIC_LABELS, ZONES_TEXT
from tracker.ui import ATHLETE_PARAM, athlete_page, db_session, load_trends_code_early, remember_athlete, signed_in

#: Below this width the table hides and the cards show (Streamlit collapses its sidebar there too).
PHONE_MAX_PX = 640
st.html(
    f"""<style>
    @media (max-width: {PHONE_MAX_PX}px) {{ .st-key-roster_wide {{ display: none; }} }}
    @media (min-width: {PHONE_MAX_PX + 1}px) {{ .st-key-roster_cards {{ display: none; }} }}
    </style>"""
)

st.title("All athletes")
st.caption(DISCLAIMER)

today = dt.date.today()
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
    teams = sharing.teams_of(db, viewer=viewer) if viewer is not None else {}
    if len(teams) > 1:
        team = st.selectbox("Team", ["all teams", *teams], key="roster_team")
        if team != "all teams":
            athletes = [a for a in athletes if a.id in teams[team]]
    # Stored status rows, refreshed by every write (tracker.derived): one query, no page cache.
    table = access.roster(db, viewer=viewer, athlete_ids=[a.id for a in athletes], on=today, metric=metric)
    # Joined on (not cached): availability and what this coach has seen change without a log entry.
    table = alerts.with_alerts(db, availability.with_availability(db, table, on=today), viewer_id=viewer.user_id if viewer else None, on=today)

viewer_id = viewer.user_id if viewer else None
table["phases"] = table["phases"].str.replace("_", " ")
flags = st.pills("Show", ["needs a clinician", "load too high", "new alerts", "everyone"], default="everyone", key="roster_filter") or "everyone"
if flags == "needs a clinician":
    table = table[table["triage_rank"] > 0]
elif flags == "load too high":
    table = table[table["acwr_zone"].isin(["high", "elevated"])]
elif flags == "new alerts":
    table = table[table["alerts"].str.len() > 0]
table = table.reset_index(drop=True)

flagged = int((table["alerts"].str.len() > 0).sum())
if flagged:
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.warning(f"{flagged} athlete{'s' if flagged != 1 else ''} with something new since you last looked.", icon=":material/notifications:")
    if right.button("Mark all as seen", key="mark_all_seen"):
        with db_session() as db:
            alerts.mark_seen(db, table, viewer_id=viewer_id, athlete_ids=table["athlete_id"].tolist(), on=today)
        st.rerun()


def open_athlete(athlete_id: int) -> None:
    """Opening an athlete is looking at them: their badges clear."""
    with db_session() as db:
        alerts.mark_seen(db, table, viewer_id=viewer_id, athlete_ids=[athlete_id], on=today)
    remember_athlete(athlete_id)
    with db_session() as db:  # a physio with access opens the clinical view, everyone else trends
        page = athlete_page(db, viewer, athlete_id)
    st.switch_page(page, query_params={ATHLETE_PARAM: str(athlete_id)})


def last_pain(row) -> str:
    if row["last_pain"] != row["last_pain"]:
        return "—"
    return f"{row['last_pain']:.0f} · {row['last_pain_date']:%-d %b}"


def days_since(value) -> str:
    return "—" if value != value else "today" if value == 0 else f"{value} d ago"


SHORT_ALERTS = {alerts.NEW_FLAG: "flag", alerts.NEW_PAIN: "pain ≥ 5", alerts.ENTERED_REDUCE: "reduce"}
ZONE_COLOURS = {"high": "#f8d3d0", "elevated": "#fbe7c6", "low": "#dbe8f4", "in range": "#dcefdc"}
AVAILABILITY_COLOURS = {"unavailable": "#f8d3d0", "modified": "#fbe7c6", "available": "#dcefdc"}

def acwr(ratio: float, zone: str) -> str:
    return zone if ratio != ratio else f"{ratio:.2f} {zone}"


# The raw columns stay in the frame (sorting, tests); `column_order` shows the readable ones.
shown = table.assign(
    new=table["alerts"].map(lambda found: " · ".join(SHORT_ALERTS[a] for a in found)),
    available=[availability.describe(s, n) if s else "" for s, n in zip(table["availability"], table["availability_note"], strict=True)],
    ratio=[acwr(r, z) for r, z in zip(table["acwr_ewma"], table["acwr_zone"], strict=True)],
    week=table["week_change"].map(lambda change: "—" if change != change else f"{change:+.0%}"),
    pain=[last_pain(row) for _, row in table.iterrows()],
    since=table["days_since_session"].map(days_since),
)
styled = (
    shown.style.map(lambda text: f"background-color: {ZONE_COLOURS.get(text.split(' ', 1)[-1], '')}", subset=["ratio"])
    .map(lambda level: f"background-color: {triage_tint(level)}", subset=["triage"])
    .map(lambda text: f"background-color: {AVAILABILITY_COLOURS.get(text.split(' ')[0], '')}", subset=["available"])
    .map(lambda text: "color: #b3261e; font-weight: 600" if text else "", subset=["new"])
)

with st.container(key="roster_wide"):
    picked = st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="roster_table",
        column_order=["athlete", "new", "available", "triage", "ratio", "week", "phases", "pain", "since", "trend"],
        column_config={
            "athlete": st.column_config.TextColumn("Athlete", pinned=True, width=100),
            "new": st.column_config.TextColumn("New", help="Since you last looked: new flag, new pain ≥ 5, entered reduce. Opening the athlete clears it.", width=95),
            "available": st.column_config.TextColumn("Availability", help="Set by the physio (or, without one, the coach)", width=85),
            "triage": st.column_config.TextColumn("Back check", help="none, assess, urgent or emergency", width=78),
            "ratio": st.column_config.TextColumn("ACWR", help=f"EWMA 7:28 and its zone: {ZONES_TEXT}", width=85),
            "week": st.column_config.TextColumn("Week", help="Load of the last 7 days against the 7 before", width=46),
            "phases": st.column_config.TextColumn("Phase", help="Suggested phases", width=90),
            "pain": st.column_config.TextColumn("Last pain", width=72),
            "since": st.column_config.TextColumn("Trained", help="Days since the last session", width=55),
            "trend": st.column_config.AreaChartColumn("28 days", help="Daily load over the last 28 days", y_min=0, width=60),
        },
    )
    st.caption(f"{METRIC_LABELS[metric]} unless noted. Sorted by concern: clinician flags first, then load furthest above range. Select a row to open that athlete's trends.")
    if picked.selection.rows:
        open_athlete(int(table.iloc[picked.selection.rows[0]]["athlete_id"]))

BADGE_COLOURS = {"emergency": "red", "urgent": "red", "assess": "orange", "none": "green"}
with st.container(key="roster_cards"):
    for index, row in table.iterrows():
        with st.container(border=True, key=f"card_{row['athlete_id']}"):
            st.markdown(f"**{row['athlete']}**")
            badges = [f":{BADGE_COLOURS.get(row['triage'], 'gray')}-badge[back check: {row['triage']}]"]
            if row["availability"]:
                colour = {"unavailable": "red", "modified": "orange"}.get(row["availability"], "green")
                badges.append(f":{colour}-badge[{availability.describe(row['availability'], row['availability_note'])}]")
            badges += [f":red-badge[:material/notifications: {alert}]" for alert in row["alerts"]]
            st.markdown(" ".join(badges))
            ratio = "—" if row["acwr_ewma"] != row["acwr_ewma"] else f"{row['acwr_ewma']:.2f}"
            change = "—" if row["week_change"] != row["week_change"] else f"{row['week_change']:+.0%}"
            st.markdown(f"ACWR **{ratio}** ({row['acwr_zone']}) · week **{change}**  \nLast pain **{shown.loc[index, 'pain']}** · trained **{shown.loc[index, 'since']}**")
            if st.button("Open", key=f"open_{row['athlete_id']}", icon=":material/monitoring:"):
                open_athlete(int(row["athlete_id"]))

# Last on the page, out of the way: the browser readies the code Trends draws with meanwhile.
load_trends_code_early()

"""Teams and sharing: athletes join teams and share with physios; coaches run teams."""

import datetime as dt

import streamlit as st

from tracker import access, auth, sharing, wording
from tracker.errors import TrackerError
from tracker.models import Role
from tracker.ui import db_session, literal, signed_in

st.title("Teams and sharing")

with db_session() as db:
    viewer = signed_in(db)
    if viewer is None:
        st.info("Teams and sharing need accounts: create the first one on the Accounts page.")
        st.stop()

    if viewer.athlete_id is not None:
        st.subheader("Your teams")
        for team in sharing.athlete_teams(db, viewer=viewer):
            left, right = st.columns([3, 1])
            left.markdown(f"**{literal(team.name)}** — its coaches see your training, load, flags and pain scores.")
            if right.button("Leave", key=f"leave_{team.id}"):
                sharing.leave_team(db, viewer=viewer, team_id=team.id)
                st.rerun()
        with st.form("join"):
            code = st.text_input("Invite code from your coach")
            if st.form_submit_button("Join team"):
                try:
                    st.success(f"Joined {sharing.join_team(db, viewer=viewer, invite_code=code).name}.")
                except TrackerError as error:
                    st.error(str(error))

        st.subheader("Physios you share with")
        for share in sharing.athlete_shares(db, viewer=viewer):
            left, right = st.columns([3, 1])
            until = f"until {wording.day(share.ends_on)}" if share.ends_on else "until you revoke it"
            left.markdown(f"**{share.physio}** — full pain detail and notes, {until}.")
            if right.button("Revoke", key=f"revoke_{share.share_id}"):
                sharing.revoke_share(db, viewer=viewer, share_id=share.share_id)
                st.rerun()
        with st.form("share"):
            physio_name = st.text_input("Physio's username")
            ends_on = st.date_input("Until (optional)", value=None, min_value=dt.date.today())
            if st.form_submit_button("Share with this physio"):
                try:
                    sharing.share_with_physio(db, viewer=viewer, physio_username=physio_name, ends_on=ends_on)
                    st.rerun()
                except TrackerError as error:
                    st.error(str(error))

        st.subheader("Who opened your data")
        log = access.access_log(db, viewer=viewer, athlete_id=viewer.athlete_id)
        names = auth.usernames(db)
        st.dataframe(
            [{"when": entry.at, "who": names.get(entry.viewer_id, "—"), "did": entry.action, "what": entry.what} for entry in log[:200]],
            hide_index=True,
            width="stretch",
        )

    if Role.COACH in viewer.roles:
        st.subheader("Teams you coach")
        for team, members in sharing.coached_teams(db, viewer=viewer):
            st.markdown(f"**{literal(team.name)}** — invite code `{team.invite_code}` — {members} athlete(s)")
        with st.form("team"):
            name = st.text_input("New team name")
            if st.form_submit_button("Create team"):
                try:
                    team = sharing.create_team(db, viewer=viewer, name=name)
                    st.success(f"Created {team.name}: give your athletes the invite code {team.invite_code}.")
                except TrackerError as error:
                    st.error(str(error))

    if Role.PHYSIO in viewer.roles:
        st.subheader("Athletes sharing with you")
        shared = access.visible_athletes(db, viewer=viewer)
        st.markdown(", ".join(a.name for a in shared) or "No one shares with you yet.")

"""Accounts: turn on sign-in with a first (admin) account; admins create accounts and set roles."""

import streamlit as st

from tracker import access, auth, store
from tracker.errors import TrackerError, ValidationError
from tracker.models import Role
from tracker.ui import db_session, signed_in

st.title("Accounts")
ROLES = [role.value for role in Role]

with db_session() as db:
    viewer = signed_in(db)
    try:
        access.require_admin(db, viewer=viewer)
    except TrackerError as refused:
        st.error(str(refused))
        st.stop()
    first = viewer is None
    if first:
        st.markdown(
            "This tracker has no accounts yet, so whoever opens it sees everything. Create the first "
            "account to switch sign-in on: it becomes the **admin**. After that everyone signs in and "
            "sees only what their role allows (see the README)."
        )
    athletes = {a.name: a.id for a in store.list_athletes(db)}
    accounts = auth.list_accounts(db)
    linked = {account.athlete_id for account in accounts}
    with st.form("new_account", clear_on_submit=True):
        st.subheader("Create the first account" if first else "New account")
        username = st.text_input("Username")
        password = st.text_input("Password (at least 10 characters)", type="password")
        roles = st.multiselect("Roles", ROLES, default=["athlete"] if not first else ["coach"])
        profile = st.selectbox("Athlete profile (for someone who trains)", ["none", *[n for n, i in athletes.items() if i not in linked]])
        created = st.form_submit_button("Create account", type="primary")
    if created:
        try:
            user = auth.create_account(
                db, username=username, password=password, roles={Role(r) for r in roles},
                athlete_id=athletes.get(profile) if profile != "none" else None,
            )  # fmt: skip
        except ValidationError as error:
            st.error(str(error))
        else:
            st.success(f"Created {user.username}." + (" Sign-in is now on: sign in with it." if first else ""))
            if first:
                st.rerun()

    if not first:
        st.subheader("Everyone")
        names_by_id = {i: n for n, i in athletes.items()}
        st.dataframe(
            [{"username": a.username, "roles": ", ".join(sorted(r.value for r in a.roles)), "athlete profile": names_by_id.get(a.athlete_id, "")} for a in accounts],
            hide_index=True,
            width="stretch",
        )

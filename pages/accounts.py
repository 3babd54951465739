"""Accounts: turn on sign-in with a first (admin) account; admins create accounts, hand over
one-time codes (the person sets their own password), reset, unlock and set roles."""

import streamlit as st

from tracker import access, auth, store
from tracker.errors import TrackerError, ValidationError
from tracker.models import Role
from tracker.ui import db_session, signed_in

st.title("Accounts")
ROLES = [role.value for role in Role]
state = st.session_state

with db_session() as db:
    viewer = signed_in(db)
    try:
        access.require_admin(db, viewer=viewer)
    except TrackerError as refused:
        st.error(str(refused))
        st.stop()
    athletes = {a.name: a.id for a in store.list_athletes(db)}
    accounts = auth.list_accounts(db)
    linked = {account.athlete_id for account in accounts}
    unlinked = ["none", *[n for n, i in athletes.items() if i not in linked]]

    if viewer is None:  # the one local user switches accounts on with their own account
        st.markdown(
            "This tracker has no accounts yet, so whoever opens it sees everything. Create the first "
            "account to switch sign-in on: it becomes the **admin**. After that everyone signs in and "
            "sees only what their role allows (see the README)."
        )
        with st.form("first_account"):
            st.subheader("Create the first account")
            username = st.text_input("Username")
            password = st.text_input("Your password (at least 10 characters, hard to guess)", type="password")
            roles = st.multiselect("Roles", ROLES, default=["coach"])
            profile = st.selectbox("Your own athlete profile, if you train", unlinked)
            created = st.form_submit_button("Create account", type="primary")
        if created:
            try:
                auth.create_account(
                    db, username=username, password=password, roles={Role(r) for r in roles},
                    athlete_id=athletes.get(profile) if profile != "none" else None,
                )  # fmt: skip
            except TrackerError as error:
                st.error(str(error))
            else:
                st.rerun()  # sign-in is now on: the sign-in page
        st.stop()

    st.markdown(
        "You never choose or see anyone's password. A new account, or a reset, gives you a **one-time "
        f"code** (valid {auth.CODE_LIFETIME.days} days) to hand to that person; they enter it on the sign-in "
        "page under *I have a code from my admin* and choose their own password. Linking an existing "
        "athlete profile is recorded in that athlete's access log."
    )
    if handed := state.pop("issued_code", None):
        st.success(f"Give **{handed[0]}** this code in person or by a private message: `{handed[1]}` — it works once.", icon=":material/key:")

    with st.form("new_account", clear_on_submit=True):
        st.subheader("New account")
        username = st.text_input("Username")
        roles = st.multiselect("Roles", ROLES, default=["athlete"])
        profile = st.selectbox("Their existing athlete profile (linked when they redeem the code)", unlinked)
        created = st.form_submit_button("Create account and a code", type="primary")
    if created:
        try:
            user = auth.create_account(db, username=username, password=None, roles={Role(r) for r in roles})
            code = auth.issue_code(db, by_user_id=viewer.user_id, user_id=user.id, athlete_id=athletes.get(profile) if profile != "none" else None)
        except (ValidationError, TrackerError) as error:
            st.error(str(error))
        else:
            state.issued_code = (user.username, code)
            st.rerun()

    st.subheader("Everyone")
    names_by_id = {i: n for n, i in athletes.items()}
    st.dataframe(
        [
            {
                "username": a.username,
                "roles": ", ".join(sorted(r.value for r in a.roles)),
                "athlete profile": names_by_id.get(a.athlete_id, ""),
                "sign-in": "code handed out" if a.code_pending else ("password" if a.has_password else "club account or no password yet"),
            }
            for a in accounts
        ],
        hide_index=True,
        width="stretch",
    )

    st.subheader("Help someone sign in")
    who = st.selectbox("Account", [a.username for a in accounts], key="help_account")
    chosen = next(a for a in accounts if a.username == who)
    left, right = st.columns(2)
    if left.button("New one-time code (reset)", help="Their current password keeps working until they use the code."):
        state.issued_code = (chosen.username, auth.issue_code(db, by_user_id=viewer.user_id, user_id=chosen.user_id))
        st.rerun()
    if right.button("Unlock sign-in", help="Failed tries so far stop slowing this username down."):
        auth.unlock(db, by_user_id=viewer.user_id, username=chosen.username)
        st.success(f"{chosen.username} can try again at once.")

"""Dashboard entry point, served with its sign-in routes by app.py: `streamlit run app.py`.

Single-user until the first account is created: then everyone signs in and sees the pages of
their roles (an athlete logs and reviews their own training; a coach and a physio see the
athletes they may see). On an empty database only the welcome page is offered.
"""

import streamlit as st

from tracker import store
from tracker.logs import configure_logging
from tracker.models import Role
from tracker.ui import ATHLETE_KEY, ATHLETE_PARAM, db_session, keep_athlete_in_url, signed_in

configure_logging()  # sign-ins, imports and restores, one line each, on the server's stderr
st.set_page_config(page_title="Training-load tracker", page_icon=":material/fitness_center:", layout="wide")

PAGES = {
    "log": ("pages/log.py", "Log a session", ":material/edit_note:"),
    "trends": ("pages/trends.py", "Trends and advice", ":material/monitoring:"),
    "physio": ("pages/physio.py", "Clinical view", ":material/clinical_notes:"),
    "overview": ("pages/overview.py", "All athletes", ":material/groups:"),
    "squad": ("pages/squad.py", "Squad", ":material/diversity_3:"),
    "wellness": ("pages/wellness.py", "Daily wellness", ":material/bedtime:"),
    "transfer": ("pages/transfer.py", "Import and export", ":material/swap_vert:"),
    "checkin": ("pages/checkin.py", "Weekly check-in", ":material/fact_check:"),
    "sharing": ("pages/sharing.py", "Teams and sharing", ":material/share:"),
    "accounts": ("pages/accounts.py", "Accounts", ":material/manage_accounts:"),
    "settings": ("pages/settings.py", "Settings", ":material/settings:"),
    "welcome": ("pages/welcome.py", "Add an athlete", ":material/waving_hand:"),
}

with db_session() as db:
    viewer = signed_in(db, sidebar=True)
    has_athletes = bool(store.list_athletes(db))

if viewer is None:  # single-user mode: the person at this machine sees everything
    names = ["log", "trends", "physio", "checkin", "wellness", "overview", "squad", "transfer", "settings", "welcome", "accounts"] if has_athletes else []
else:
    names = []
    if viewer.athlete_id is not None:
        names += ["log", "trends", "checkin", "wellness", "transfer", "sharing", "settings"]
    if viewer.roles & {Role.COACH, Role.PHYSIO}:
        names += ["overview", "squad", "sharing"] + ([] if "trends" in names else ["trends"])
    if Role.PHYSIO in viewer.roles:
        names.insert(names.index("overview") + 1, "physio")  # the physio's view of an athlete
    if Role.ADMIN in viewer.roles:
        names += ["accounts"]
    # A new account (e.g. first sign-in through the club's identity provider) starts by creating
    # its athlete profile.
    names = list(dict.fromkeys(names)) or ["welcome"]

if names:
    pages = [st.Page(PAGES[n][0], title=PAGES[n][1], icon=PAGES[n][2], default=(n == names[0])) for n in names]
else:
    pages = [st.Page("pages/welcome.py", title="Welcome", icon=":material/waving_hand:", default=True)]

# At the top, like a phone app's tab bar: no sidebar to open first, none left over the page.
navigation = st.navigation(pages, position="top")
# The welcome page asks for a page to open once the new page list exists (the demo: trends).
if opening := st.session_state.pop("open_page", None):
    chosen = st.session_state.get(ATHLETE_KEY)
    st.switch_page(f"pages/{opening}.py", query_params={ATHLETE_PARAM: str(chosen)} if chosen else None)
keep_athlete_in_url()
navigation.run()

"""Dashboard entry point: `streamlit run streamlit_app.py`.

On an empty database only the welcome page is offered; after that, logging a session is the
default page, as a lifter opens the app right after training.
"""

import streamlit as st

from tracker import store
from tracker.ui import db_session

st.set_page_config(page_title="Training-load tracker", page_icon=":material/fitness_center:", layout="wide")

with db_session() as db:
    has_athletes = bool(store.list_athletes(db))

if has_athletes:
    pages = [
        st.Page("pages/log.py", title="Log a session", icon=":material/edit_note:", default=True),
        st.Page("pages/trends.py", title="Trends and advice", icon=":material/monitoring:"),
        st.Page("pages/overview.py", title="All athletes", icon=":material/groups:"),
        st.Page("pages/transfer.py", title="Import and export", icon=":material/swap_vert:"),
        st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
        st.Page("pages/welcome.py", title="Add an athlete", icon=":material/waving_hand:"),
    ]
else:
    pages = [st.Page("pages/welcome.py", title="Welcome", icon=":material/waving_hand:", default=True)]

navigation = st.navigation(pages)
# The welcome page asks for a page to open once the new page list exists (the demo: trends).
if opening := st.session_state.pop("open_page", None):
    st.switch_page(f"pages/{opening}.py")
navigation.run()

"""Dashboard entry point: `streamlit run streamlit_app.py`."""

import streamlit as st

st.set_page_config(page_title="Training-load tracker", page_icon="🏋️", layout="wide")

navigation = st.navigation([st.Page("pages/overview.py", title="Load status", icon="📈", default=True)])
navigation.run()

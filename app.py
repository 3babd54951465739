"""Serve the dashboard: `streamlit run app.py` (any `streamlit run` option works, e.g. --server.port).

`st.App` serves the Streamlit script (streamlit_app.py) together with the sign-in routes of
`tracker.signin`, which set and clear the HttpOnly cookie that keeps a person signed in across
a refresh. Under an ASGI server of your own: `uvicorn app:app`.
"""

import streamlit as st

from tracker.signin import routes

app = st.App("streamlit_app.py", routes=routes())

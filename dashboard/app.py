"""The dashboard's entry point: page setup, language, sign-in gate and the role's menu.

Run with ``parkghg serve`` (or ``streamlit run dashboard/app.py``). Everything else lives in
``dashboard/pages/*.py`` (layout), ``filters.py``, ``data.py`` (the only warehouse access) and
``charts.py`` (pure charts).
"""

from __future__ import annotations

import streamlit as st

from dashboard import auth, chrome, data, ui
from dashboard.menu import pages_for, signin_page
from parkghg import log as plog

plog.configure("INFO")
st.set_page_config(
    page_title=ui.tr("dash.app.title"), page_icon=":material/eco:", layout="wide",
    initial_sidebar_state="expanded",
)
data.warm_in_background()  # the first view's reads start while the person signs in
chrome.language_switch()
with data.one_connection():  # the run's reads share one warehouse connection
    user = chrome.signed_in_user()
    auth.write_cookie()
    if user is None:
        page = st.navigation([signin_page()])
    else:
        page = st.navigation(pages_for(user), expanded=True)  # every page, never "View more"
        chrome.account_box(user)
    page.run()

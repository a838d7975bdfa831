"""Sign-in: username and password; in demo mode, the demo accounts to try."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import auth, cells, data
from dashboard.ui import lang, page_guard, tr
from service.access import SignInThrottledError


def _demo_accounts() -> None:
    accounts = data.demo_accounts()
    if accounts.is_empty():
        return
    with st.container(border=True):
        st.markdown(f"**{tr('dash.signin.demo_title')}**")
        st.caption(tr("dash.signin.demo_help"))
        shown = accounts.select(
            cells.label("role", "dash.role.", lang()).alias(tr("dash.col.role")),
            pl.col("username").alias(tr("dash.col.username")),
            pl.col("password").alias(tr("dash.col.password")),
            pl.col("reach").alias(tr("dash.col.reach")),
        )
        st.table(shown.to_pandas().set_index(tr("dash.col.role")))


def main() -> None:
    left, _, right = st.columns([5, 1, 5])
    with left:
        st.title(tr("dash.app.title"))
        st.markdown(tr("dash.signin.intro"))
        with st.form("signin", border=True):
            st.subheader(tr("dash.signin.title"))
            username = st.text_input(tr("dash.signin.username"), key="signin_username")
            password = st.text_input(tr("dash.signin.password"), type="password",
                                     key="signin_password")
            submitted = st.form_submit_button(tr("dash.signin.submit"), type="primary",
                                              icon=":material/login:")
        if submitted:
            try:
                user = data.sign_in(username.strip(), password)
            except SignInThrottledError as exc:
                st.error(exc.message(lang()), icon=":material/lock_clock:")
                return
            if user is None:
                st.error(tr("dash.signin.failed"), icon=":material/lock:")
            else:
                auth.start_session(user)
                st.rerun()
    with right:
        if data.demo_mode():
            _demo_accounts()


with page_guard():
    main()

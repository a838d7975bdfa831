"""Who is signed in, kept in the Streamlit session.

Why only the username is kept: the user row is re-read (cached on the warehouse's data
version) on every run, so an account an admin disables or re-scopes loses its access on the
very next click, and no page can widen its own reach by editing session state.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data
from service.access import User

USER_KEY = "signed_in_username"
_KEEP_ON_SIGN_OUT = frozenset({"lang"})


def current_user() -> User | None:
    """The signed-in, still-enabled user, or None."""
    username = st.session_state.get(USER_KEY)
    if not isinstance(username, str):
        return None
    user = data.user(username)
    if user is None:  # disabled or removed since sign-in
        st.session_state.pop(USER_KEY, None)
    return user


def require_user() -> User:
    """The signed-in user; stops the page quietly if nobody is (the router shows sign-in)."""
    user = current_user()
    if user is None:
        st.stop()
    return user


def reviews(user: User) -> bool:
    """Park boards, the province and admins review submissions."""
    return user.role in ("park", "province", "admin")


def start_session(user: User) -> None:
    """Remember ``user`` for this browser session."""
    st.session_state[USER_KEY] = user.username


def end_session() -> None:
    """Forget the user and everything the pages kept for them (filters, upload results)."""
    for key in list(st.session_state.keys()):
        if key not in _KEEP_ON_SIGN_OUT:
            del st.session_state[key]

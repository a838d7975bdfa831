"""Who is signed in, kept in the Streamlit session and, across reloads, in a session cookie.

Why only the username is kept: the user row is re-read (cached on the warehouse's data
version) on every run, so an account an admin disables or re-scopes loses its access on the
very next click, and no page can widen its own reach by editing session state.

Why a cookie: a reload or an opened link starts a new Streamlit session. The browser keeps a
random token (``warehouse.sessions``: only its hash is stored, it expires, sign-out revokes
it, it never holds the password); a new session that brings a valid token is signed in again.
Streamlit can read cookies (``st.context.cookies``) but not set them, so the cookie is written
by a two-line script on the run after sign-in. ``SameSite=Strict`` keeps other sites from
sending it; it cannot be ``HttpOnly`` because a script sets it.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data
from service.access import User
from service.sessions import SESSION_HOURS

USER_KEY = "signed_in_username"
SESSION_KEY = "_session_token"
COOKIE = "parkghg_session"
_COOKIE_ACTION = "_session_cookie_action"
_KEEP_ON_SIGN_OUT = frozenset({"lang"})


def browser_token() -> str | None:
    """The session token the browser sent when this Streamlit session connected."""
    try:
        token = st.context.cookies.get(COOKIE)
    except Exception:  # no browser (bare script run, test harness): no cookie
        return None
    return token if isinstance(token, str) and token else None


def _resume() -> str | None:
    """Sign in again from the browser's session cookie (after a reload or an opened link)."""
    token = browser_token()
    if not token or st.session_state.get("_session_token_refused") == token:
        return None
    username = data.resume_web_session(token)
    if username is None:
        st.session_state["_session_token_refused"] = token  # expired or revoked: ask once
        return None
    st.session_state[USER_KEY] = username
    st.session_state[SESSION_KEY] = token
    return username


def current_user() -> User | None:
    """The signed-in, still-enabled user, or None."""
    username = st.session_state.get(USER_KEY)
    if not isinstance(username, str):
        username = _resume()
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
    """Remember ``user`` for this browser session and, through a cookie, across reloads."""
    st.session_state[USER_KEY] = user.username
    token = data.start_web_session(user.username)
    st.session_state[SESSION_KEY] = token
    st.session_state[_COOKIE_ACTION] = ("set", token)


def end_session() -> None:
    """Revoke the session token and forget everything the pages kept (filters, uploads)."""
    data.end_web_session(st.session_state.get(SESSION_KEY) or browser_token())
    for key in list(st.session_state.keys()):
        if key not in _KEEP_ON_SIGN_OUT:
            del st.session_state[key]
    st.session_state[_COOKIE_ACTION] = ("clear", "")
    st.session_state["_session_token_refused"] = browser_token()


def write_cookie() -> None:
    """Set or clear the browser's session cookie if sign-in or sign-out asked for it."""
    action = st.session_state.pop(_COOKIE_ACTION, None)
    if action is None:
        return
    kind, token = action
    max_age = SESSION_HOURS * 3600 if kind == "set" else 0
    # The token is URL-safe base64 (letters, digits, - and _): nothing to escape.
    with st.sidebar:
        st.html(f"<script>document.cookie = '{COOKIE}={token}; Max-Age={max_age}; Path=/;"
                " SameSite=Strict';</script>", unsafe_allow_javascript=True)

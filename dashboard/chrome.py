"""The sidebar parts every signed-in page shares: language switch and account box."""

from __future__ import annotations

import streamlit as st

from dashboard.auth import current_user, end_session
from dashboard.menu import landing_script
from dashboard.ui import LANG_KEY, lang, page_guard, tr
from parkghg.i18n import DEFAULT_LANG, LANGS, t
from service.access import User

_LANG_WIDGET = "_lang_choice"


def _remember_language() -> None:
    st.session_state[LANG_KEY] = st.session_state.get(_LANG_WIDGET) or DEFAULT_LANG


def language_switch() -> None:
    """Tiếng Việt / English, at the top of the sidebar, remembered for the session.

    The choice lives under its own key, not the widget's, so it survives page changes and
    sign-in (Streamlit forgets a widget's state when the page that drew it goes away).
    """
    with st.sidebar:
        st.segmented_control(
            t("dash.lang.label", lang()), LANGS, key=_LANG_WIDGET, default=lang(),
            required=True, format_func=lambda code: t(f"dash.lang.{code}", code),
            label_visibility="collapsed", on_change=_remember_language,
        )


def account_box(user: User) -> None:
    """Who is signed in, their role and reach, and the sign-out button."""
    with st.sidebar.container(border=True):
        st.markdown(f"**{user.display_name}**")
        reach = user.enterprise_id or user.park_id
        role = tr(f"dash.role.{user.role}")
        st.caption(f"{role} · {reach}" if reach else role)
        if st.button(tr("dash.action.sign_out"), key="_sign_out", icon=":material/logout:",
                     type="tertiary"):
            landing = landing_script(user)
            end_session()
            st.switch_page(landing)


def signed_in_user() -> User | None:
    """The signed-in user; if the warehouse cannot be read, a polite message and stop."""
    with page_guard():
        return current_user()
    st.stop()  # reached only when the guard has shown a message instead
    return None  # pragma: no cover - st.stop() raises

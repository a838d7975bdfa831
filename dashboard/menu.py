"""Which pages each role gets, grouped into menu sections.

Why a table: the menu is part of the access rules (an enterprise never sees Review), so it is
written once, as data, and tested per role. Hiding a page is a convenience, not the security
boundary: every read a page makes is still limited by the user's ``Scope`` in ``data.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.ui import tr
from service.access import User


@dataclass(frozen=True)
class PageSpec:
    """One page: its script, URL, title key, icon, menu section and who may open it."""

    script: str
    url_path: str
    title_key: str
    icon: str
    section: str
    roles: tuple[str, ...]


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/upload.py", "upload", "dash.nav.upload", ":material/upload_file:",
             "data", ("enterprise",)),
    PageSpec("pages/overview.py", "overview", "dash.nav.overview", ":material/public:",
             "analysis", ("park", "province", "admin")),
    PageSpec("pages/park.py", "park", "dash.nav.park", ":material/factory:",
             "analysis", ("park", "province", "admin")),
    PageSpec("pages/map.py", "map", "dash.nav.map", ":material/map:",
             "analysis", ("park", "province", "admin")),
    PageSpec("pages/enterprise.py", "enterprise", "dash.nav.enterprise", ":material/domain:",
             "analysis", ("enterprise", "park", "province", "admin")),
    PageSpec("pages/targets.py", "targets", "circular.nav.targets", ":material/flag:",
             "analysis", ("park", "province", "admin")),
    PageSpec("pages/circular.py", "circular", "circular.nav.circular", ":material/recycling:",
             "analysis", ("enterprise", "park", "province", "admin")),
    PageSpec("pages/scorecard.py", "scorecard", "circular.nav.scorecard", ":material/eco:",
             "analysis", ("park", "province", "admin")),
    PageSpec("pages/review.py", "review", "dash.nav.review", ":material/fact_check:",
             "data", ("park", "province", "admin")),
    PageSpec("pages/tracker.py", "tracker", "dash.nav.tracker", ":material/event_available:",
             "data", ("park", "province", "admin")),
    PageSpec("pages/audit.py", "audit", "dash.nav.audit", ":material/history_edu:",
             "manage", ("province", "admin")),
    PageSpec("pages/exports.py", "exports", "dash.nav.exports", ":material/download:",
             "data", ("enterprise", "park", "province", "admin")),
    PageSpec("pages/jcm_candidates.py", "jcm-candidates", "jcm.nav.candidates",
             ":material/solar_power:", "analysis", ("enterprise", "park", "province", "admin")),
    PageSpec("pages/jcm_projects.py", "jcm-projects", "jcm.nav.projects",
             ":material/handshake:", "analysis", ("enterprise", "park", "province", "admin")),
    PageSpec("pages/admin.py", "admin", "dash.nav.admin", ":material/admin_panel_settings:",
             "manage", ("admin",)),
    PageSpec("pages/survey.py", "survey", "programme.dash.nav_survey", ":material/quiz:",
             "programme", ("enterprise", "park", "province", "admin")),
    PageSpec("pages/programme.py", "programme", "programme.dash.nav_programme",
             ":material/event_note:", "programme", ("park", "province", "admin")),
)
SECTIONS: tuple[str, ...] = ("analysis", "data", "programme", "manage")
# The sign-in page and every role's landing page share one url_path, hence one page id: the
# rerun right after signing in (or out) asks for that id and lands on the right page.
HOME = "home"


def specs_for(role: str) -> list[PageSpec]:
    """The pages ``role`` may open, in menu order; the first is the landing page."""
    return [p for p in PAGES if role in p.roles]


def pages_for(user: User) -> dict[str, list[st.Page]]:
    """The ``st.navigation`` menu for ``user``: section title → pages."""
    specs = specs_for(user.role)
    landing = specs[0]
    menu: dict[str, list[st.Page]] = {}
    for section in SECTIONS:
        pages = [
            st.Page(p.script, title=tr(p.title_key), icon=p.icon,
                    url_path=HOME if p is landing else p.url_path, default=p is landing)
            for p in specs if p.section == section
        ]
        if pages:
            menu[tr(f"dash.nav.section.{section}")] = pages
    return menu


def landing_script(user: User) -> str:
    """The script of ``user``'s landing page (for ``st.switch_page``)."""
    return specs_for(user.role)[0].script


def signin_page() -> st.Page:
    """The only page before sign-in."""
    return st.Page("pages/signin.py", title=tr("dash.nav.signin"), icon=":material/login:",
                   url_path=HOME, default=True)

"""Issue 11, problem 5: a reload keeps the user signed in (a revocable, expiring session token
that never holds the password) and every page opens from a link with its filters, validated
against the reader's scope.

Fails on the code before the fix: there was no session table, a new Streamlit session (a
reload) always showed the sign-in page, and the URL carried no filters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth
from parkghg.i18n import t
from tests.worlds import demo_login
from warehouse.db import open_warehouse
from warehouse.sessions import revoke_session, session_username, start_session

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def test_a_session_token_expires_is_revoked_and_is_stored_only_as_a_hash(writable_warehouse):
    username, password = demo_login("province")
    start = dt.datetime(2026, 3, 1, 8, 0)
    with open_warehouse(writable_warehouse) as con:
        token = start_session(con, username, hours=12, now=start)
        assert session_username(con, token, now=start + dt.timedelta(hours=11)) == username
        assert session_username(con, token, now=start + dt.timedelta(hours=13)) is None
        assert session_username(con, "forged-token", now=start) is None
        stored = con.execute("SELECT * FROM web_sessions").fetchall()
        assert revoke_session(con, token)
        assert session_username(con, token, now=start) is None
        assert not revoke_session(con, token)
    flat = repr(stored)
    assert token not in flat and password not in flat
    assert hashlib.sha256(token.encode()).hexdigest() in flat


@pytest.fixture
def app_on(monkeypatch: pytest.MonkeyPatch):
    def _on(path: Path, cookie: str | None = None, lang: str = "vi",
            query: dict[str, str] | None = None) -> AppTest:
        monkeypatch.setenv("PARKGHG_DB", str(path))
        monkeypatch.setenv("PARKGHG_DEMO", "1")
        monkeypatch.setattr(auth, "browser_token", lambda: cookie)
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["lang"] = lang
        for key, value in (query or {}).items():
            at.query_params[key] = value
        return at
    return _on


@pytest.mark.slow  # AppTest: sign-in, reload, sign-out
def test_a_reload_keeps_the_session_and_sign_out_ends_it(writable_warehouse, app_on):
    username, password = demo_login("province")
    at = app_on(writable_warehouse)
    at.run()
    at.text_input(key="signin_username").input(username)
    at.text_input(key="signin_password").input(password)
    at.button[0].click().run()
    token = at.session_state[auth.SESSION_KEY]
    assert any("document.cookie" in h.proto.body and token in h.proto.body
               for h in at.get("html"))
    # a reload: a new Streamlit session whose browser sends the cookie
    again = app_on(writable_warehouse, cookie=token)
    again.run()
    assert again.title[0].value == t("dash.overview.title", "vi")
    again.button(key="_sign_out").click().run()
    with open_warehouse(writable_warehouse, read_only=True) as con:
        assert session_username(con, token) is None
    after = app_on(writable_warehouse, cookie=token)
    after.run()
    assert after.title[0].value == t("dash.app.title", "vi")  # the sign-in page


@pytest.mark.slow  # AppTest
def test_a_link_opens_the_page_with_its_filters_and_ignores_what_is_out_of_scope(
        writable_warehouse, app_on):
    with open_warehouse(writable_warehouse) as con:
        token = start_session(con, demo_login("park")[0])
    at = app_on(writable_warehouse, cookie=token, lang="en",
                query={"year": "2024", "gwp": "AR6", "sector": "no_such_sector"})
    at.run()
    assert at.selectbox(key="_f_year_en").value == 2024
    assert at.radio(key="_f_gwp_en").value == "AR6"
    assert any(t("dash.link.ignored", "en", params="sector") == w.value for w in at.warning)
    assert at.query_params["year"] == ["2024"] or at.query_params["year"] == "2024"


def test_the_session_table_is_in_a_fresh_warehouse(warehouse_path):
    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        cols = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = 'web_sessions' ORDER BY ordinal_position").fetchall()]
    finally:
        con.close()
    assert cols == ["token_sha256", "username", "created_at", "expires_at", "revoked_at"]

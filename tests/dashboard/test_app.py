"""The whole app through streamlit.testing's AppTest: sign-in, every page per role, uploads,
review actions, exports, language, scope isolation and the busy-warehouse message."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.menu import PAGES, specs_for
from parkghg.i18n import t
from tests.worlds import OTHER_ENTERPRISE_USER, activity_csv, bad_csv, demo_login
from warehouse.sign_in_guard import BASE_DELAY_S
from warehouse.users import DEMO_PASSWORDS, MAX_FAILED_SIGN_INS

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")

DEMO = {role: demo_login(role)[0] for role in ("enterprise", "park", "province", "admin")}
OWN_ENTERPRISE = "3600000001"  # the demo enterprise (most data, first in park order)
OTHER_ENTERPRISES = ("3600000002", "3600000003", "3600000004", "3600000005")


@pytest.fixture
def use_warehouse(monkeypatch: pytest.MonkeyPatch):
    """Point the app at a warehouse (and demo mode on)."""
    def _use(path: Path) -> None:
        monkeypatch.setenv("PARKGHG_DB", str(path))
        monkeypatch.setenv("PARKGHG_DEMO", "1")
    return _use


def _app(username: str | None = None, lang: str = "vi", page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    if username:
        at.session_state["signed_in_username"] = username
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def _texts(at: AppTest) -> str:
    """Everything the run rendered (text, tables, chart data), as one string."""
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    return "\n".join(parts)


def _frame_with(at: AppTest, column: str):
    """The first table on the page that has ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _no_failure(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


# ------------------------------------------------------------------------------ sign-in


@pytest.mark.slow  # AppTest: a whole sign-in flow
def test_sign_in_form_lands_an_enterprise_on_its_upload_page(small_warehouse, use_warehouse):
    use_warehouse(small_warehouse)
    at = _app()
    assert at.title[0].value == t("dash.app.title", "vi")
    assert len(at.table) == 1  # demo accounts listed in demo mode
    username, password = demo_login("enterprise")
    at.text_input(key="signin_username").input(username)
    at.text_input(key="signin_password").input(password)
    at.button[0].click().run()
    _no_failure(at)
    assert at.title[0].value == t("dash.upload.title", "vi")


def test_wrong_password_is_refused_politely(small_warehouse, use_warehouse):
    use_warehouse(small_warehouse)
    at = _app()
    at.text_input(key="signin_username").input(DEMO["province"])
    at.text_input(key="signin_password").input("not-the-password")
    at.button[0].click().run()
    assert [e.value for e in at.error] == [t("dash.signin.failed", "vi")]
    assert "signed_in_username" not in at.session_state


@pytest.mark.slow  # AppTest: many sign-in attempts
def test_repeated_wrong_passwords_pause_sign_in_with_a_clear_message(
    writable_warehouse, use_warehouse
):
    use_warehouse(writable_warehouse)
    at = _app()
    for _ in range(MAX_FAILED_SIGN_INS):
        at.text_input(key="signin_username").input(DEMO["province"])
        at.text_input(key="signin_password").input("not-the-password")
        at.button[0].click().run()
    at.text_input(key="signin_password").input(DEMO_PASSWORDS["province"][1])
    at.button[0].click().run()
    assert not at.exception
    assert [e.value for e in at.error] in [  # the wait left, in whole seconds
        [t("auth.sign_in_wait", "vi", seconds=s)] for s in range(1, BASE_DELAY_S + 1)]
    assert "signed_in_username" not in at.session_state


def test_demo_accounts_hidden_outside_demo_mode(small_warehouse, use_warehouse, monkeypatch):
    use_warehouse(small_warehouse)
    monkeypatch.delenv("PARKGHG_DEMO")
    at = _app()
    assert len(at.table) == 0
    assert "demo-" not in _texts(at)


def test_sign_out_returns_to_sign_in(small_warehouse, use_warehouse):
    use_warehouse(small_warehouse)
    at = _app(DEMO["province"])
    at.button(key="_sign_out").click().run()
    assert "signed_in_username" not in at.session_state
    assert at.text_input(key="signin_username") is not None


# ------------------------------------------------------------------------------ every page


ROLE_PAGES = [(role, spec.script) for role in DEMO for spec in specs_for(role)]


# Slow: 20 page runs. The fast lane renders every enterprise page in
# test_an_enterprise_never_sees_another_enterprise.
@pytest.mark.slow
@pytest.mark.parametrize(("role", "script"), ROLE_PAGES,
                         ids=[f"{r}-{Path(s).stem}" for r, s in ROLE_PAGES])
def test_every_page_of_every_role_renders(small_warehouse, use_warehouse, role, script):
    use_warehouse(small_warehouse)
    at = _app(DEMO[role], page=script)
    _no_failure(at)
    spec = next(p for p in PAGES if p.script == script)
    assert at.title, f"{script} rendered no title"
    if spec.url_path in ("overview", "park", "enterprise"):
        assert len(at.metric) >= 4
        assert len(at.get("vega_lite_chart")) >= 3  # trends, ranking/map, energy...
    if spec.url_path == "exports":
        assert at.button(key="prepare_table") is not None


def test_menu_depends_on_the_role(small_warehouse, use_warehouse):
    use_warehouse(small_warehouse)
    assert [p.url_path for p in specs_for("enterprise")] == [
        "upload", "enterprise", "circular", "exports", "jcm-candidates", "jcm-projects",
        "survey"]
    assert "review" in [p.url_path for p in specs_for("park")]
    assert "admin" not in [p.url_path for p in specs_for("province")]
    at = _app(DEMO["enterprise"])
    with pytest.raises(ValueError, match="navigation page"):
        at.switch_page("pages/review.py")


def test_an_enterprise_never_sees_another_enterprise(small_warehouse, use_warehouse):
    use_warehouse(small_warehouse)
    for spec in specs_for("enterprise"):
        at = _app(DEMO["enterprise"], page=spec.script)
        _no_failure(at)
        shown = _texts(at)
        assert OWN_ENTERPRISE in shown
        leaked = [e for e in OTHER_ENTERPRISES if e in shown]
        assert not leaked, f"{spec.script} shows {leaked}"


def test_a_park_board_sees_only_its_park(small_warehouse, use_warehouse):
    use_warehouse(small_warehouse)
    at = _app(DEMO["park"], page="pages/overview.py")
    shown = _texts(at)
    assert "KCN Amata" in shown
    assert "3600000004" not in shown and "Nhơn Trạch 2" not in shown


def test_english_switch_translates_the_page(small_warehouse, use_warehouse):
    use_warehouse(small_warehouse)
    at = _app(DEMO["province"], lang="en")
    assert at.title[0].value == t("dash.overview.title", "en")
    metric = at.metric[0]
    assert metric.label == t("dash.metric.total", "en", year=2025)
    assert re.fullmatch(r"\d{1,3}(,\d{3})+", metric.value), metric.value  # 25,851 in English
    vi = _app(DEMO["province"])
    # the same number, with Vietnamese grouping: 25.851
    assert vi.metric[0].value == metric.value.replace(",", "."), vi.metric[0].value
    switch = next(w for w in vi.get("button_group") if w.key == "_lang_choice")
    switch.set_value("en").run()
    assert vi.title[0].value == t("dash.overview.title", "en")
    assert vi.session_state["lang"] == "en"


# ------------------------------------------------------------------------------ upload


@pytest.mark.both_backends  # a write through the page, on PostgreSQL too
def test_upload_good_then_bad_file(writable_warehouse, use_warehouse):
    use_warehouse(writable_warehouse)
    at = _app(DEMO["enterprise"])
    good = activity_csv(OWN_ENTERPRISE, [dt.date(2026, 1, 1)])
    at.file_uploader(key="upload_file").set_value(("jan.csv", good, "text/csv")).run()
    _no_failure(at)
    assert at.success and "jan.csv" in at.success[0].value
    assert any(c.value == t("dash.upload.next", "vi") for c in at.caption)
    history = _frame_with(at, "uploaded_at")
    assert history["file_name"][0] == "jan.csv"

    at.file_uploader(key="upload_file").set_value(("bad.csv", bad_csv(OWN_ENTERPRISE),
                                                    "text/csv")).run()
    assert not at.exception
    assert at.error and "bad.csv" in at.error[0].value
    names = {c: t(f"ingest.col_{c}", "vi") for c in ("row", "column", "value", "problem", "fix")}
    problems = _frame_with(at, names["fix"])
    assert set(names.values()) <= set(problems.columns)
    assert sorted(problems[names["row"]].tolist()) == [3, 4]
    assert at.get("download_button")  # the problem list as CSV


@pytest.mark.slow  # AppTest: an upload and reruns
def test_rerun_does_not_ingest_the_same_file_twice(writable_warehouse, use_warehouse):
    use_warehouse(writable_warehouse)
    at = _app(DEMO["enterprise"])
    good = activity_csv(OWN_ENTERPRISE, [dt.date(2026, 2, 1)])
    at.file_uploader(key="upload_file").set_value(("feb.csv", good, "text/csv")).run()
    at.run()
    history = _frame_with(at, "uploaded_at")
    assert history["file_name"].tolist().count("feb.csv") == 1


# ------------------------------------------------------------------------------ review


@pytest.mark.slow  # AppTest: a review flow across two users
@pytest.mark.both_backends  # a write through the page, on PostgreSQL too
def test_return_needs_a_comment_and_the_enterprise_sees_it(writable_warehouse, use_warehouse):
    use_warehouse(writable_warehouse)
    at = _app(DEMO["park"], page="pages/review.py")
    _no_failure(at)
    assert at.selectbox(key="review_pick").options
    at.button(key="review_return").click().run()
    assert [e.value for e in at.error] == [t("dash.review.comment_required", "vi")]
    at.text_area[0].input("Điện tháng 3 quá thấp, kiểm tra lại.").run()
    at.button(key="review_return").click().run()
    _no_failure(at)
    assert at.success
    ent = _app(DEMO["enterprise"])
    assert any("Điện tháng 3 quá thấp" in w.value for w in ent.warning)


@pytest.mark.slow  # AppTest: a review flow
@pytest.mark.both_backends  # a write through the page, on PostgreSQL too
def test_accept_and_lock_a_park_year(writable_warehouse, use_warehouse):
    use_warehouse(writable_warehouse)
    at = _app(DEMO["province"], page="pages/review.py")
    before = len(at.selectbox(key="review_pick").options)
    at.button(key="review_accept").click().run()
    _no_failure(at)
    assert len(at.selectbox(key="review_pick").options) == before - 1
    next(c for c in at.checkbox if c.key.startswith("lock_confirm_")).check().run()
    at.button(key="lock_year").click().run()
    _no_failure(at)
    assert at.success and "2025" in at.success[0].value


# ------------------------------------------------------------------------------ exports


@pytest.mark.slow  # AppTest: builds an export
@pytest.mark.both_backends  # a write through the page, on PostgreSQL too
def test_export_prepares_a_download_inside_the_scope(writable_warehouse, use_warehouse):
    use_warehouse(writable_warehouse)
    at = _app(DEMO["enterprise"], page="pages/exports.py")
    at.button(key="prepare_table").click().run()
    _no_failure(at)
    ready = at.session_state["exports_ready"]["table"][1]
    assert ready[:2] == b"PK"  # xlsx
    at.segmented_control(key="export_table_fmt").set_value("csv").run()
    at.button(key="prepare_table").click().run()
    csv = at.session_state["exports_ready"]["table"][1].decode("utf-8-sig")
    assert OWN_ENTERPRISE in csv
    assert not any(e in csv for e in OTHER_ENTERPRISES)


# ------------------------------------------------------------------------------ failures


@pytest.mark.slow  # AppTest: a subprocess holds the warehouse lock
def test_busy_warehouse_shows_a_polite_retry(writable_warehouse, use_warehouse, monkeypatch):
    use_warehouse(writable_warehouse)
    monkeypatch.setattr("warehouse.db.READ_WAIT_S", 0.3)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
         " time.sleep(60)", str(writable_warehouse)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["signed_in_username"] = "someone.new"  # forces a fresh user read
        at.run()
    finally:
        holder.kill()
        holder.wait()
    assert not at.exception
    texts = [w.value for w in at.warning] + [e.value for e in at.error]
    assert t("dash.error.busy", "vi") in texts or any("bận" in x for x in texts)
    assert "Traceback" not in _texts(at)


@pytest.mark.slow  # AppTest: an admin flow across two users
@pytest.mark.both_backends  # a write through the page, on PostgreSQL too
def test_disabled_user_loses_access_on_next_run(writable_warehouse, use_warehouse):
    use_warehouse(writable_warehouse)
    at = _app(DEMO["admin"], page="pages/admin.py")
    _no_failure(at)
    at.selectbox(key="toggle_user").set_value(OTHER_ENTERPRISE_USER[0]).run()
    at.button(key="toggle_user_go").click().run()
    _no_failure(at)
    victim = _app(OTHER_ENTERPRISE_USER[0])
    assert "signed_in_username" not in victim.session_state
    assert victim.text_input(key="signin_username") is not None


@pytest.mark.slow  # AppTest: many page and language switches
def test_filters_survive_page_and_language_switches(small_warehouse, use_warehouse):
    use_warehouse(small_warehouse)
    at = _app(DEMO["province"])
    at.selectbox(key="_f_year_vi").set_value(2024).run()
    at.selectbox(key="_f_park_vi").set_value("nhon_trach_2").run()
    assert at.caption[0].value.startswith("Năm 2024")
    at.switch_page("pages/enterprise.py").run()
    _no_failure(at)
    assert at.selectbox(key="_f_year_vi").value == 2024
    # the enterprise picker only offers the filtered park's enterprises
    assert set(at.selectbox(key="_enterprise_page_ent_vi").options) == {
        "Công ty Nhựa Phú Hòa · 3600000004", "Công ty Thép Long Thành · 3600000005"}
    at.session_state["lang"] = "en"  # what the sidebar switch stores
    at.run()
    _no_failure(at)
    assert at.selectbox(key="_f_year_en").value == 2024
    assert at.selectbox(key="_f_park_en").value == "nhon_trach_2"
    assert at.selectbox(key="_f_sector_en").options[0] == t("dash.filters.all_sectors", "en")

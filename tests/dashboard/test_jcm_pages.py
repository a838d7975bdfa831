"""The JCM candidates and JCM projects pages through AppTest, per role and scope."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from parkghg.i18n import t
from service import jcm
from tests.worlds import SYSTEM, demo_login

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
DEMO = {role: demo_login(role)[0] for role in ("enterprise", "park", "province", "admin")}
OWN = "3600000001"


@pytest.fixture
def use_warehouse(monkeypatch: pytest.MonkeyPatch):
    def _use(path: Path) -> None:
        monkeypatch.setenv("PARKGHG_DB", str(path))
        monkeypatch.setenv("PARKGHG_DEMO", "1")
    return _use


def _app(username: str, page: str, lang: str = "vi") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["lang"] = lang
    at.session_state["signed_in_username"] = username
    at.run()
    at.switch_page(page).run()
    return at


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _frame(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.mark.slow  # AppTest page runs
def test_candidates_page_ranks_within_scope_and_warns_without_the_grid_factor(
        small_warehouse, use_warehouse):
    use_warehouse(small_warehouse)
    at = _app(DEMO["province"], "pages/jcm_candidates.py")
    _ok(at)
    assert at.title[0].value == t("jcm.page.candidates_title", "vi")
    assert any(t("jcm.page.grid_unset", "vi") == w.value for w in at.warning)
    table = _frame(at, "technology_id")
    assert "high_efficiency_chiller" in set(table["technology_id"])
    ent = _app(DEMO["enterprise"], "pages/jcm_candidates.py")
    _ok(ent)
    assert set(_frame(ent, "technology_id")["enterprise_id"]) == {OWN}


@pytest.mark.slow
def test_preparing_the_candidate_workbook_is_audited(writable_warehouse, use_warehouse):
    use_warehouse(writable_warehouse)
    at = _app(DEMO["park"], "pages/jcm_candidates.py")
    at.button(key="jcm_prepare").click().run()
    _ok(at)
    assert at.get("download_button")
    con = duckdb.connect(str(writable_warehouse), read_only=True)
    try:
        rows = con.execute("SELECT actor, object_type, park_id FROM audit_log"
                           " WHERE action = 'export'").fetchall()
    finally:
        con.close()
    assert rows == [(DEMO["park"], "jcm_candidates", "amata")]


@pytest.mark.slow
def test_projects_page_shows_register_monitoring_and_credits_beside_inventory(
        writable_warehouse, use_warehouse):
    con = duckdb.connect(str(writable_warehouse))
    jcm.set_setting(con, "grid_ef", 0.6, source="test value", actor=SYSTEM)
    # An efficiency upgrade of the diesel boiler, monitored from the monthly diesel rows
    pid = jcm.add_project(con, enterprise_id=OWN, methodology_id="boiler_fuel_switch",
                          title="Boiler", stage_date=dt.date(2024, 1, 1), actor=SYSTEM,
                          expected_er_tco2_per_year=50.0,
                          assumptions={"project_fuel_item": "diesel", "eta_PJ": 0.92,
                                       "eta_RE": 0.80, "EF_RE_tco2_per_tj": 74.1,
                                       "EF_PJ_tco2_per_tj": 74.1})
    for i, stage in enumerate(("proposal", "validation", "registered", "monitoring"), 2):
        jcm.change_stage(con, pid, stage, stage_date=dt.date(2024, i, 1), actor=SYSTEM)
    expected = jcm.monitoring(con, SYSTEM.scope, pid, period_from=dt.date(2025, 1, 1),
                              period_to=dt.date(2025, 12, 1)).calculation
    other = jcm.add_project(con, enterprise_id="3600000004",
                            methodology_id="vn_am007_solar_pv", title="Other PV",
                            stage_date=dt.date(2024, 1, 1), actor=SYSTEM)
    con.close()
    use_warehouse(writable_warehouse)
    at = _app(DEMO["province"], "pages/jcm_projects.py")
    _ok(at)
    register = _frame(at, "stage")
    assert {pid, other} <= set(register["project_id"])
    # the page's monitoring figures are the service's (default period: last year)
    assert at.session_state["jcm_project"] in (pid, other)
    at.selectbox(key="jcm_project").set_value(pid).run()
    _ok(at)
    shown = {m.label: m.value for m in at.metric}
    assert shown["ER"] == f"{expected.er_tco2:,.1f}".replace(",", "X").replace(
        ".", ",").replace("X", ".")
    beside = _frame(at, "gross_inventory_tco2e")
    mine = beside[beside["enterprise_id"] == OWN]
    assert mine["expected_er_tco2_per_year"].iloc[0] == 50
    assert mine["gross_inventory_tco2e"].iloc[0] > 0  # gross, nothing subtracted
    # The boiler project has no monitored fuel: a friendly message, not a crash
    ent = _app(DEMO["enterprise"], "pages/jcm_projects.py")
    assert not ent.exception
    assert set(_frame(ent, "stage")["project_id"]) == {pid}
    assert other not in str([d.value for d in ent.dataframe])


@pytest.mark.slow
def test_a_park_board_uploads_project_monitoring_on_the_page(writable_warehouse, use_warehouse):
    con = duckdb.connect(str(writable_warehouse))
    jcm.set_setting(con, "grid_ef", 0.6, source="test value", actor=SYSTEM)
    pid = jcm.add_project(con, enterprise_id=OWN, methodology_id="th_am005_chiller",
                          title="Chiller", stage_date=dt.date(2024, 1, 1), actor=SYSTEM)
    for i, stage in enumerate(("proposal", "validation", "registered", "monitoring"), 2):
        jcm.change_stage(con, pid, stage, stage_date=dt.date(2024, i, 1), actor=SYSTEM)
    con.close()
    use_warehouse(writable_warehouse)
    at = _app(DEMO["park"], "pages/jcm_projects.py")
    assert any("EC_PJ_mwh" in e.value for e in at.error)  # no monitoring yet: said, not crashed
    at.file_uploader(key=f"jcm_mon_file_{pid}").set_value(
        ("m.csv", b"period,parameter,value,unit\n2025-03,EC_PJ_mwh,800,MWh\n", "text/csv")
    ).run()
    _ok(at)
    # 800 MWh × 6.0/4.8 × 0.6 − 800 × 0.6 = 120 tCO2 (defaults of th_am005_chiller.toml)
    assert {m.label: m.value for m in at.metric}["ER"] == "120,0"
    audit = duckdb.connect(str(writable_warehouse), read_only=True)
    try:
        who = audit.execute("SELECT actor FROM audit_log WHERE action ="
                            " 'jcm_monitoring_uploaded'").fetchall()
    finally:
        audit.close()
    assert who == [(DEMO["park"],)]

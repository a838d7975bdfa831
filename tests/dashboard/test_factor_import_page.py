"""The admin page imports a factor file as the signed-in admin (rights and audit row in the
service layer, the same path as ``parkghg factors import``)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from metrics.factors import FACTOR_COLUMNS
from tests.worlds import demo_login

NATIONAL_GRID = ("VN_GRID_EF_2026_test,custom,grid_ef,grid,,CO2e,0.65,t CO2e/MWh,2026-01-01,"
                 "2026-12-31,national,hypothetical test value,,ESTIMATE,")


APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture
def admin_page(writable_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("PARKGHG_DB", str(writable_warehouse))
    monkeypatch.setenv("PARKGHG_DEMO", "1")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "vi"
    at.session_state["signed_in_username"] = demo_login("admin")[0]
    at.run()
    at.switch_page("pages/admin.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_admin_imports_a_factor_file_named_in_the_audit_log(admin_page, writable_warehouse):
    content = (",".join(FACTOR_COLUMNS) + "\n" + NATIONAL_GRID + "\n").encode("utf-8")
    admin_page.file_uploader(key="factor_file").set_value(
        ("grid2026.csv", content, "text/csv")).run()
    admin_page.button(key="factor_import").click().run()
    assert not admin_page.exception, [e.message for e in admin_page.exception]
    assert not admin_page.error, [e.value for e in admin_page.error]
    con = duckdb.connect(str(writable_warehouse), read_only=True)
    try:
        audit = con.execute("SELECT actor, actor_role FROM audit_log"
                            " WHERE action = 'factors_imported'").fetchall()
        stored = con.execute("SELECT factor_id, imported_by FROM custom_factors").fetchall()
    finally:
        con.close()
    admin = demo_login("admin")[0]
    assert audit == [(admin, "admin")]
    assert stored == [("VN_GRID_EF_2026_test", admin)]

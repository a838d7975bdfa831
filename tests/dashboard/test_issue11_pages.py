"""Issue 11, the reviewer's monthly work: the reporting tracker and the audit trail view."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import tracking
from dashboard.menu import specs_for
from parkghg.errors import AccessDeniedError
from parkghg.i18n import t
from service.access import Actor
from service.oversight import audit_trail
from tests.worlds import demo_login
from warehouse.db import open_warehouse
from warehouse.users import get_user

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
JULY = dt.date(2025, 7, 1)


def _ts(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 30))


def test_each_enterprise_gets_one_reporting_status_for_the_month() -> None:
    ents = pl.DataFrame({"enterprise_id": ["on", "late", "back", "none", "fresh"]})
    uploads = pl.DataFrame({
        "enterprise_id": ["on", "late", "back"],
        "uploaded_at": [_ts(dt.date(2025, 8, 10)), _ts(dt.date(2025, 9, 2)),
                        _ts(dt.date(2025, 8, 1))],
        "period_first": [JULY] * 3, "period_last": [JULY] * 3,
        "status": ["accepted"] * 3, "review_state": ["accepted", "pending", "returned"],
        "review_comment": [None, None, "Điện tháng 7 thiếu"],
    })
    activity = pl.DataFrame({"enterprise_id": ["on", "late", "back"], "period": [JULY] * 3})
    after_due = tracking.month_status(ents, uploads, activity, JULY, dt.date(2025, 10, 1))
    assert dict(after_due.select("enterprise_id", "status").iter_rows()) == {
        "on": "on_time", "late": "late", "back": "returned", "none": "missing",
        "fresh": "missing"}
    before_due = tracking.month_status(ents, uploads, activity, JULY, dt.date(2025, 8, 5))
    assert before_due.filter(pl.col("enterprise_id") == "none")["status"][0] == "not_due"
    assert tracking.due_date(dt.date(2025, 12, 1)) == dt.date(2026, 1, 15)
    history = tracking.on_time_history(ents, uploads, activity, JULY, dt.date(2025, 10, 1),
                                       months=1)
    assert history.filter(pl.col("enterprise_id") == "on")["on_time_frac"][0] == 1.0


@pytest.fixture
def app_as(monkeypatch: pytest.MonkeyPatch, small_warehouse: Path):
    def _as(role: str, page: str, query: dict[str, str] | None = None,
            lang: str = "en") -> AppTest:
        monkeypatch.setenv("PARKGHG_DB", str(small_warehouse))
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["lang"] = lang
        at.session_state["signed_in_username"] = demo_login(role)[0]
        at.run()
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.switch_page(page).run()
        assert not at.exception, [e.message for e in at.exception]
        assert not at.error, [e.value for e in at.error]
        return at
    return _as


@pytest.mark.slow  # AppTest
def test_tracker_lists_who_has_not_reported_a_month_with_a_reminder_export(app_as):
    at = app_as("province", "pages/tracker.py", {"month": "2025-07-01"})
    table = next(d.value for d in at.dataframe if "status" in d.value.columns)
    food = table[table["enterprise_id"] == "3600000003"]  # stopped reporting after June
    assert list(food["status"]) == [t("dash.tracker.status.missing", "en")]
    assert "contact_email" in table.columns and "None" not in table.to_csv()
    assert at.get("download_button")


@pytest.mark.slow  # AppTest
def test_audit_trail_is_for_province_and_admin_only(app_as, small_warehouse):
    assert "audit" in [p.url_path for p in specs_for("province")]
    assert "audit" not in [p.url_path for p in specs_for("park")]
    at = app_as("admin", "pages/audit.py")
    assert at.title[0].value == t("dash.audit.title", "en")
    with open_warehouse(small_warehouse, read_only=True) as con:
        park_user = get_user(con, demo_login("park")[0])
        with pytest.raises(AccessDeniedError):
            audit_trail(con, park_user)
        everything = audit_trail(con, Actor.system())
    assert everything.height > 0

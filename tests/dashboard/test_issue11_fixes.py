"""Issue 11, problems 1-3: the default year, locking only closed months, decisions start empty.

Each test fails on the code before the fix: the overview opened on a year with one upload and
showed a -80 % "drop", "lock the year" locked months that had not happened, and a comment typed
for one submission was still there (and saved) for the next.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import views
from parkghg.i18n import t
from service.access import Actor
from tests.worlds import activity_csv, demo_login, upload
from warehouse.db import open_warehouse
from warehouse.review import closed_months, list_locks, lock_park_year, review_queue

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PROVINCE = demo_login("province")[0]


@pytest.fixture
def use_warehouse(monkeypatch: pytest.MonkeyPatch):
    def _use(path: Path) -> None:
        monkeypatch.setenv("PARKGHG_DB", str(path))
        monkeypatch.setenv("PARKGHG_DEMO", "1")
    return _use


def _app(username: str, page: str | None = None, lang: str = "vi") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["signed_in_username"] = username
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _em(rows: list[tuple[str, dt.date, float]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["enterprise_id", "period", "tco2e"], orient="row",
                        ).with_columns(scope=pl.lit("1"), gas=pl.lit("CO2"),
                                       source_category=pl.lit("stationary_combustion"))


# ------------------------------------------------------------------- 1: year and comparison


def test_one_early_upload_is_compared_like_for_like() -> None:
    last_year = [(e, dt.date(2025, m, 1), 10.0) for e in "abcde" for m in range(1, 13)]
    em = _em([*last_year, ("a", dt.date(2026, 1, 1), 10.0)])
    head = views.headline(em, 2026)
    assert head.total == 10.0
    assert head.previous == 10.0  # enterprise a, January 2025 only (not all five)
    assert head.change_pct == 0.0  # was -98 % style: 10 against 50


def test_default_year_is_the_latest_mostly_complete_one_and_a_partial_year_is_labelled() -> None:
    activity = pl.DataFrame(
        [(e, dt.date(y, m, 1)) for e in "abcde" for y in (2024, 2025) for m in range(1, 13)]
        + [("a", dt.date(2026, 1, 1))],
        schema=["enterprise_id", "period"], orient="row",
    )
    cover = views.year_coverage(activity)
    assert views.default_year(cover) == 2025
    assert cover[2026].partial and not cover[2025].partial
    # a year missing December from one enterprise is still "mostly complete"
    assert views.default_year(views.year_coverage(
        activity.filter(pl.col("period") != dt.date(2025, 12, 1)))) == 2025


@pytest.mark.slow  # AppTest over a warehouse copy
def test_overview_opens_on_the_complete_year_after_one_january_upload(
        writable_warehouse, use_warehouse):
    with open_warehouse(writable_warehouse) as con:
        result = upload(con, activity_csv("3600000001", [dt.date(2026, 1, 1)]), "jan.csv",
                        today=dt.date(2026, 2, 10))
        assert result.status == "accepted"
    use_warehouse(writable_warehouse)
    at = _app(PROVINCE)
    year = at.selectbox(key="_f_year_vi")
    assert year.value == 2025
    assert t("dash.year.partial", "vi", year=2026) in year.options
    year.select(2026).run()
    assert any(t("dash.year.partial_note", "vi", year=2026, last="01/2026", n="1") == i.value
               for i in at.info)


# ------------------------------------------------------------------- 2: lock closed months


def test_locking_a_year_locks_only_months_that_have_ended(writable_warehouse) -> None:
    assert closed_months(2026, dt.date(2026, 3, 15)) == [dt.date(2026, 1, 1),
                                                        dt.date(2026, 2, 1)]
    assert closed_months(2027, dt.date(2026, 3, 15)) == []
    assert len(closed_months(2025, dt.date(2026, 3, 15))) == 12
    system = Actor.system()
    with open_warehouse(writable_warehouse) as con:
        assert lock_park_year(con, system, "amata", 2026, today=dt.date(2026, 3, 15)) == 3 * 2
        assert lock_park_year(con, system, "amata", 2027, today=dt.date(2026, 3, 15)) == 0
        locks = list_locks(con, system.scope, park_id="amata")
    assert locks["period"].max() == dt.date(2026, 2, 1)


@pytest.mark.slow  # AppTest review flow
def test_lock_button_shows_the_count_and_waits_for_confirmation(writable_warehouse,
                                                                use_warehouse):
    use_warehouse(writable_warehouse)
    at = _app(PROVINCE, page="pages/review.py")
    assert at.button(key="lock_year").disabled
    assert t("dash.locks.preview", "vi", n="36", ents="3", first="01/2025",
             last="12/2025") in [c.value for c in at.caption]
    confirm = next(c for c in at.checkbox if c.key.startswith("lock_confirm_"))
    confirm.check().run()
    assert not at.button(key="lock_year").disabled
    at.button(key="lock_year").click().run()
    assert at.success and "36" in at.success[0].value  # 3 enterprises × 12 months


# ------------------------------------------------------------------- 3: decisions start empty


@pytest.mark.slow  # AppTest review flow
def test_each_review_decision_starts_empty(writable_warehouse, use_warehouse):
    use_warehouse(writable_warehouse)
    with open_warehouse(writable_warehouse, read_only=True) as con:
        ids = review_queue(con, Actor.system().scope)["submission_id"].to_list()
    at = _app(PROVINCE, page="pages/review.py")
    first = next(c for c in at.checkbox if c.key.startswith("review_lock_")).key
    assert first == f"review_lock_{ids[0]}"
    at.text_area[0].input("Tháng 2 sai, gửi lại.").run()
    at.checkbox(key=first).check().run()
    at.selectbox(key="review_pick").set_value(ids[1]).run()
    assert at.text_area[0].value == ""
    assert not at.checkbox(key=f"review_lock_{ids[1]}").value
    at.button(key="review_accept").click().run()
    with open_warehouse(writable_warehouse, read_only=True) as con:
        decided = review_queue(con, Actor.system().scope, states=("accepted",))
    assert decided.filter(pl.col("submission_id") == ids[1])["review_comment"].to_list() == [
        None]
    assert at.text_area[0].value == ""  # and the next one starts empty too

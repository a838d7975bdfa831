"""Issue 11, review with context: the queue filters, a submission beside the previous month and
the same month last year with its effect on emissions, and accepting clean ones together."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import review_context
from service.access import Actor
from tests.worlds import demo_login
from warehouse.db import open_warehouse
from warehouse.review import review_queue

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
MAR, FEB, MAR_LY = dt.date(2025, 3, 1), dt.date(2025, 2, 1), dt.date(2024, 3, 1)


def _activity(rows: list[tuple[str, dt.date, str, float]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["submission_id", "period", "item", "quantity_canonical"],
                        orient="row").with_columns(
        enterprise_id=pl.lit("e1"), category=pl.lit("electricity"),
        unit_canonical=pl.lit("kWh"))


def test_a_month_is_set_beside_the_month_before_and_the_same_month_last_year() -> None:
    activity = _activity([("new", MAR, "grid", 30.0), ("old", FEB, "grid", 100.0),
                          ("old", MAR_LY, "grid", 120.0), ("old", FEB, "onsite_solar", 5.0)])
    emissions = pl.DataFrame({
        "enterprise_id": ["e1"] * 3, "period": [MAR, FEB, MAR_LY], "item": ["grid"] * 3,
        "scope": ["2"] * 3, "tco2e": [0.02, 0.07, 0.08], "gas": ["CO2"] * 3,
        "source_category": ["purchased_electricity"] * 3})
    table = review_context.compare_items(activity, emissions, "e1", MAR, "new")
    grid = table.filter(pl.col("item") == "grid").row(0, named=True)
    assert (grid["qty_now"], grid["qty_prev"], grid["qty_ly"]) == (30.0, 100.0, 120.0)
    assert grid["change_prev_pct"] == pytest.approx(-70.0)
    assert grid["change_ly_pct"] == pytest.approx(-75.0)
    solar = table.filter(pl.col("item") == "onsite_solar").row(0, named=True)
    assert solar["qty_now"] == 0.0 and solar["qty_prev"] == 5.0  # gone this month: listed
    effect = review_context.emissions_effect(emissions, "e1", MAR)
    assert effect == pytest.approx({"now": 0.02, "prev": 0.07, "ly": 0.08})
    assert review_context.shift_month(dt.date(2025, 1, 1), -1) == dt.date(2024, 12, 1)


@pytest.mark.slow  # AppTest review flow
def test_review_preview_filters_and_bulk_accept(writable_warehouse, monkeypatch):
    monkeypatch.setenv("PARKGHG_DB", str(writable_warehouse))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    at.session_state["signed_in_username"] = demo_login("province")[0]
    at.run()
    at.switch_page("pages/review.py").run()
    assert not at.exception, [e.message for e in at.exception]
    context = next(d.value for d in at.dataframe if "qty_now" in d.value.columns)
    assert {"qty_prev", "qty_ly", "tco2e_now"} <= set(context.columns)
    assert "None" not in context.to_csv()
    before = len(at.selectbox(key="review_pick").options)
    with open_warehouse(writable_warehouse, read_only=True) as con:
        pending = review_queue(con, Actor.system().scope)
    clean = pending.filter(pl.col("warning_count") == 0)["submission_id"].to_list()[:2]
    at.multiselect(key="review_bulk").set_value(clean).run()
    at.button(key="review_bulk_accept").click().run()
    assert not at.exception and at.success
    assert len(at.selectbox(key="review_pick").options) == before - 2
    at.selectbox(key="review_f_warnings").select("with").run()
    assert at.selectbox(key="review_f_warnings").value == "with"

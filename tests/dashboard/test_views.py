"""The pure reshaping rules behind headline figures, reporting counts and completeness."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dashboard import views


def _em(rows: list[tuple[str, dt.date, str, float]]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema=["enterprise_id", "period", "scope", "tco2e"], orient="row")
    return frame.with_columns(source_category=pl.lit("stationary_combustion"), gas=pl.lit("CO2"))


def test_headline_is_scopes_1_and_2_and_compares_the_same_months() -> None:
    em = _em([
        ("a", dt.date(2024, 1, 1), "1", 10.0),
        ("a", dt.date(2024, 2, 1), "1", 10.0),   # February 2024: no February in 2025 yet
        ("a", dt.date(2025, 1, 1), "1", 6.0),
        ("a", dt.date(2025, 1, 1), "2", 4.0),
        ("a", dt.date(2025, 1, 1), "3", 1.0),
        ("a", dt.date(2025, 1, 1), "outside", 50.0),  # biogenic: reported, not added
    ])
    head = views.headline(em, 2025)
    # Circular 38 headline: scopes 1+2; scope 3 (1.0) and biogenic CO2 are shown apart
    assert (head.total, head.scope1, head.scope2, head.scope3, head.biogenic) == (
        10.0, 6.0, 4.0, 1.0, 50.0)
    assert head.previous == 10.0  # January 2024 only
    assert head.change_pct == 0.0


def test_headline_without_previous_year_has_no_change() -> None:
    head = views.headline(_em([("a", dt.date(2025, 1, 1), "1", 5.0)]), 2025)
    assert head.previous is None and head.change_pct is None


def test_reporting_counts_who_reached_the_latest_month() -> None:
    act = pl.DataFrame({
        "enterprise_id": ["a", "a", "b"],
        "period": [dt.date(2025, 1, 1), dt.date(2025, 3, 1), dt.date(2025, 2, 1)],
    })
    rep = views.reporting(act, ["a", "b", "c"], 2025)
    assert (rep.expected, rep.reporting, rep.up_to_date) == (3, 2, 1)
    assert rep.latest == dt.date(2025, 3, 1)


def test_completeness_lists_missing_months_as_zero_worst_first() -> None:
    act = pl.DataFrame({
        "enterprise_id": ["a", "a", "a", "b"],
        "period": [dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1),
                   dt.date(2025, 1, 1)],
    })
    ents = pl.DataFrame({"enterprise_id": ["a", "b"], "name": ["A", "B"]})
    grid = views.completeness(act, ents, 2025, limit=1)
    # b is missing February and March, so it is the one shown when only one fits
    assert grid.get_column("label").unique().to_list() == ["B"]
    assert grid.sort("period").get_column("rows").to_list() == [1, 0, 0]


def test_inventory_table_is_aggregated_not_row_level() -> None:
    em = pl.DataFrame({
        "period": [dt.date(2025, m, 1) for m in (1, 2, 3)],
        "scope": ["1", "1", "2"],
        "source_category": ["stationary_combustion", "stationary_combustion", "electricity"],
        "gas": ["CO2", "CO2", "CO2"], "gas_t": [1.0, 2.0, 3.0], "tco2e": [1.0, 2.0, 3.0],
    })
    table = views.inventory_table(em, 2025)
    assert table.height == 2
    assert table.filter(pl.col("scope") == "1")["tco2e"][0] == 3.0
    assert views.page_of(table, 2, 1).height == 1

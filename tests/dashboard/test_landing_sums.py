"""The overview's monthly sums (issue 9): patched per changed enterprise-year equal summed from
scratch, and every figure drawn from them equals the same figure from the emission rows."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import chart_specs, data, landing, views
from dashboard.filters import Filters
from metrics.inventory import CalcParams
from service.inventory import emissions_frame
from tests.dashboard.test_frames import _upload_elsewhere
from warehouse.activity import read_current_activity
from warehouse.db import open_warehouse
from warehouse.scope import Scope

PROVINCE = Scope(role="province")


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns, nulls_last=True)


def _from_scratch(db: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(monthly sums, enterprise-months) summed from a cold read of the warehouse."""
    with open_warehouse(db, read_only=True) as con:
        rows = emissions_frame(con, PROVINCE, params=CalcParams(), with_factor_ids=True)
        activity = read_current_activity(con, PROVINCE)
    return views.monthly_sums(rows), data._months(activity)


def _assert_kept_equal_scratch(db: Path) -> None:
    sums, months = _from_scratch(db)
    assert_frame_equal(_sorted(data.emission_sums(PROVINCE, "AR5", "location")), _sorted(sums),
                       check_exact=False, rel_tol=1e-12)
    assert_frame_equal(_sorted(data.activity_months(PROVINCE)), _sorted(months))


@pytest.mark.slow  # province reads of the dashboard world and two uploads
def test_patched_sums_equal_sums_from_scratch(served: Path) -> None:
    _assert_kept_equal_scratch(served)
    first = data.emission_sums(PROVINCE, "AR5", "location")
    assert data.emission_sums(Scope(role="admin"), "AR5", "location") is first  # one copy
    reads = data._STORE.counts["read"]

    _upload_elsewhere(served, "3600000002", 1.7)
    _assert_kept_equal_scratch(served)
    assert data._STORE.counts["read"] == reads  # patched, not summed again whole
    assert data.emission_sums(PROVINCE, "AR5", "location") is not first

    _upload_elsewhere(served, "3600000002", 0.4)  # the same month again
    _assert_kept_equal_scratch(served)


@pytest.mark.slow  # a province read of the dashboard world
def test_figures_from_sums_equal_figures_from_rows(served: Path) -> None:
    rows = data.emissions(PROVINCE, "AR5", "location")
    sums = data.emission_sums(PROVINCE, "AR5", "location")
    assert sums.height < rows.height
    for year in views.years(data.activity(PROVINCE)):
        by_rows, by_sums = views.headline(rows, year), views.headline(sums, year, bounded=True)
        for field in ("total", "scope1", "scope2", "scope3", "biogenic", "previous",
                      "comparable"):
            expected = getattr(by_rows, field)
            assert getattr(by_sums, field) == (
                None if expected is None else pytest.approx(expected, rel=1e-12)), field
        for column in ("park_id", "sector_id", "enterprise_id"):
            assert_frame_equal(
                views.ranked(views.in_year(sums, year), column, {}, bounded=True)
                .sort(column),
                views.ranked(views.in_year(rows, year), column, {}).sort(column),
                check_exact=False, rel_tol=1e-12)
        parks = data.parks(PROVINCE)
        assert_frame_equal(
            views.park_points(views.in_year(sums, year), parks, "vi", bounded=True)
            .sort("park_id"),
            views.park_points(views.in_year(rows, year), parks, "vi").sort("park_id"),
            check_exact=False, rel_tol=1e-12)
    assert_frame_equal(views.monthly_by(sums, "scope", bounded=True),
                       views.monthly_by(rows, "scope"), check_exact=False, rel_tol=1e-12)
    activity, months = data.activity(PROVINCE), data.activity_months(PROVINCE)
    assert views.year_coverage(months) == views.year_coverage(activity)
    ids = data.enterprises(PROVINCE)["enterprise_id"].to_list()
    for year in views.years(activity):
        assert views.reporting(months, ids, year) == views.reporting(activity, ids, year)


@pytest.mark.slow  # the start-up warm-up over the dashboard world
def test_warm_up_builds_the_landing_figures_and_specs(served: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chart_specs, "_SPECS", {})
    data.warm(PROVINCE)
    names = {key[0] for key in chart_specs._SPECS}
    assert {"trend_by_scope", "rank_parks", "rank_sectors", "province_map"} <= names
    assert {key[-1] for key in chart_specs._SPECS} == {("vi",), ("en",)}
    year = views.default_year(views.year_coverage(data.activity(PROVINCE)))
    f = Filters(year=year)
    # the page then finds the same figure objects (computed once, shared)
    assert landing.trend(PROVINCE, f) is landing.trend(PROVINCE, f)
    assert landing.headline(PROVINCE, f).total == pytest.approx(
        views.headline(data.emissions(PROVINCE, "AR5", "location"), year).total, rel=1e-12)


def test_sums_apply_the_circular38_boundary_before_adding_up() -> None:
    """An HCFC-22 recharge row (stored as ``memo``) counts in Scope 1 (Circular 38 App. II
    Sec. 2): the sums carry the bounded scope, and headline and trend agree with the rows."""
    import datetime as dt

    rows = pl.DataFrame({
        "enterprise_id": ["E1", "E1", "E1", "E2", "E1"],
        "park_id": ["P1", "P1", "P1", "P2", "P1"],
        "sector_id": ["S", "S", "S", "S", "S"],
        "year": [2025, 2025, 2025, 2025, 2024],
        "period": [dt.date(2025, 1, 1)] * 4 + [dt.date(2024, 1, 1)],
        "scope": ["1", "memo", "2", "outside", "1"],
        "gas": ["CO2", "HCFC-22", "CO2e", "CO2", "CO2"],
        "source_category": ["stationary_combustion", "refrigerant_recharge", "electricity",
                            "biomass", "stationary_combustion"],
        "tco2e": [10.0, 2.5, 4.0, 7.0, 8.0],
    })
    sums = views.monthly_sums(rows)
    assert sums.filter(pl.col("scope") == "memo").is_empty()
    e1 = sums.filter((pl.col("enterprise_id") == "E1") & (pl.col("year") == 2025)
                     & (pl.col("scope") == "1"))
    assert e1["tco2e"].to_list() == [12.5]
    assert views.headline(sums, 2025, bounded=True) == views.headline(rows, 2025)
    assert views.headline(rows, 2025).scope1 == 12.5
    assert_frame_equal(views.monthly_by(sums, "scope", bounded=True),
                       views.monthly_by(rows, "scope"))


def test_territorial_from_held_rows_prices_supplier_steam_as_the_read(make_world) -> None:
    """A buyer's steam from a registry supplier: the territorial total from held frames takes
    the supplier's fuel mix from the held rows (no read) and equals the service's own read,
    for the province and for each park alone (a supplier outside the park is read)."""
    from service.inventory import territorial_table

    path = make_world("steam_supplier")
    with open_warehouse(path, read_only=True) as con:
        rows = emissions_frame(con, PROVINCE, params=CalcParams(), with_factor_ids=True)
        rows = rows.with_columns(pl.col("factor_ids").cast(pl.Categorical))
        activity = read_current_activity(con, PROVINCE)
        parks = [None, *sorted(activity["park_id"].unique().to_list())]
        for park_id in parks:
            scope = PROVINCE if park_id is None else Scope(role="park", park_id=park_id)
            held = tuple(views.narrow(f, park_id=park_id) for f in (rows, activity))
            shown = territorial_table(con, scope, year=2023, params=CalcParams(),
                                      frames=held)
            read = territorial_table(con, scope, year=2023, params=CalcParams())
            assert_frame_equal(shown, read)
        assert territorial_table(con, PROVINCE, year=2023, params=CalcParams(), frames=(
            rows, activity))["internal_energy_transfers_tco2e"][0] > 0

"""``service.inventory.inventory_totals``: province totals summed in the warehouse's engine.

Why these tests: the totals are what pages, reports and other engines' users read instead of
every emission row (issue 9: the inventory within 2× of a hand-written aggregate; issue 15:
aggregate in PostgreSQL rather than moving the rows). They must equal the reference — the
emission rows of ``compute_inventory`` grouped in polars — for every scope, GWP set and
scope-2 basis, on both backends, including the months whose steam is priced live from a
registry supplier's fuel mix (which the stored rows cannot know).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from metrics.inventory import CalcParams
from service import inventory as inv
from service.access import Scope
from service.db import open_warehouse
from service.uploads import ingest_bytes
from tests.worlds import STEAM_BUYER as BUYER
from tests.worlds import STEAM_FROM_SUPPLIER_T as STEAM_T
from tests.worlds import _r, upload_csv

pytestmark = pytest.mark.both_backends

SUMS = ("activity_quantity", "energy_tj", "gas_t", "tco2e")
PARAMS = [CalcParams(), CalcParams(gwp_set="AR6", scope2_basis="market")]


def _reference(con, scope: Scope, params: CalcParams, by: tuple[str, ...], **narrow
               ) -> pl.DataFrame:
    rows = inv.compute_inventory(con, scope, year_from=2022, year_to=2025, params=params,
                                 **narrow).emissions
    return (rows.group_by(list(by))
            .agg(*[pl.col(c).sum() for c in SUMS], pl.col("provisional").any())
            .sort(list(by), nulls_last=True))


def _same(got: pl.DataFrame, want: pl.DataFrame) -> None:
    assert got.height == want.height > 0
    assert_frame_equal(got.select(want.columns), want, check_dtypes=False, rel_tol=1e-9,
                       abs_tol=1e-9)


def _scopes(con) -> list[Scope]:
    reg = inv.read_registry(con, Scope.system())
    first = reg.sort("enterprise_id").row(0, named=True)
    return [Scope.system(), Scope(role="park", park_id=first["park_id"]),
            Scope(role="enterprise", enterprise_id=first["enterprise_id"])]


@pytest.mark.parametrize("world", ["inventory", "sample_2x3"])
@pytest.mark.parametrize("params", PARAMS, ids=["ar5-location", "ar6-market"])
def test_totals_equal_the_grouped_inventory_for_every_scope(
        make_world: Callable[[str], Path], world: str, params: CalcParams) -> None:
    with open_warehouse(make_world(world), read_only=True) as con:
        for scope in _scopes(con):
            got = inv.inventory_totals(con, scope, year_from=2022, year_to=2025, params=params)
            _same(got, _reference(con, scope, params, inv.TOTALS_BY))


def test_totals_by_park_month_and_category_with_a_filter(
        make_world: Callable[[str], Path]) -> None:
    by = ("park_id", "period", "source_category")
    with open_warehouse(make_world("sample_2x3"), read_only=True) as con:
        park = inv.read_registry(con, Scope.system())["park_id"].sort()[0]
        got = inv.inventory_totals(con, Scope.system(), year_from=2022, year_to=2025,
                                   params=CalcParams(), by=by, park_id=park)
        _same(got, _reference(con, Scope.system(), CalcParams(), by, park_id=park))
        assert set(got["park_id"]) == {park}


@pytest.fixture
def steam_world(make_world: Callable[[str], Path]) -> Path:
    """The ``steam_supplier`` world (June 2023: the buyer's steam priced live from its
    supplier's anthracite, 32.1036 t CO2, tests/worlds.py), plus a May month of steam from
    outside the registry, read as stored, for the same buyer."""
    path = make_world("steam_supplier")
    may = upload_csv([_r(BUYER, "2023-05", "steam", "purchased_steam", 50, "t")])
    assert ingest_bytes(path, may, "may.csv", uploaded_by="t").status == "accepted"
    return path


def test_steam_bought_from_a_registry_supplier_is_priced_live(steam_world: Path) -> None:
    by = ("enterprise_id", "period", "source_category", "gas")
    with open_warehouse(steam_world, read_only=True) as con:
        for scope in (Scope.system(), Scope(role="enterprise", enterprise_id=BUYER)):
            got = inv.inventory_totals(con, scope, year_from=2022, year_to=2025,
                                       params=CalcParams(), by=by)
            _same(got, _reference(con, scope, CalcParams(), by))
        june = got.filter((pl.col("source_category") == "steam") & (pl.col("gas") == "CO2")
                          & (pl.col("period").dt.month() == 6))
        assert june["tco2e"].to_list() == pytest.approx([STEAM_T])


def test_an_enterprise_sees_only_its_own_totals(make_world: Callable[[str], Path]) -> None:
    with open_warehouse(make_world("inventory"), read_only=True) as con:
        scope = _scopes(con)[2]
        got = inv.inventory_totals(con, scope, year_from=2022, year_to=2025,
                                   params=CalcParams())
        assert set(got["enterprise_id"]) == {scope.enterprise_id}


def test_without_stored_rows_the_engine_is_grouped(tmp_path: Path, backend: str,
                                                   warehouse_path: Path) -> None:
    """An empty warehouse has nothing stored; the answer is empty, not an error."""
    with open_warehouse(warehouse_path, read_only=True) as con:
        got = inv.inventory_totals(con, Scope.system(), year_from=2022, year_to=2025,
                                   params=CalcParams())
    assert got.height == 0


def test_a_supplier_factor_reads_only_its_combustion_co2_and_equals_the_full_read(
        steam_world: Path) -> None:
    """Session 20 (issue 9): the supplier's factor comes from its stationary-combustion CO2
    stored rows only; from every stored row of the supplier it is the same frame."""
    from metrics.steam_supplier import supplier_steam_factors
    from tests.worlds import STEAM_SUPPLIER

    with open_warehouse(steam_world, read_only=True) as con:
        start, end = inv._span(2022, 2025)
        narrow = inv.read_stored_emissions(
            con, Scope.system(), period_from=start, period_to=end,
            enterprise_ids=[STEAM_SUPPLIER], ordered=False,
            source_category="stationary_combustion", gas="CO2")
        every = inv.read_stored_emissions(con, Scope.system(), period_from=start, period_to=end,
                                          enterprise_ids=[STEAM_SUPPLIER], ordered=False)
        assert 0 < narrow.height < every.height
        assert set(narrow["source_category"]) == {"stationary_combustion"}
        assert set(narrow["gas"]) == {"CO2"}
        want = supplier_steam_factors(every)
        assert want.height > 0
        assert_frame_equal(supplier_steam_factors(narrow), want)
        steam, months = inv._live_steam_months(
            con, Scope.system(), {"period_from": start, "period_to": end, "park_id": None,
                                  "enterprise_id": None})
        got = inv._steam_suppliers(con, steam.join(months, on=["enterprise_id", "period"],
                                                   how="semi"), start, end, CalcParams())
        assert_frame_equal(got, want)


def test_without_custom_factors_reads_share_one_shipped_library(
        make_world: Callable[[str], Path]) -> None:
    """The shipped library is one instance per process, so its factor choices are remembered
    from one read to the next (its selection memo: tests/metrics/test_factor_selection_memo.py)."""
    with open_warehouse(make_world("inventory"), read_only=True) as con:
        if inv.read_custom_factors(con, Scope.system()).height:
            pytest.skip("this world has custom factors")
        assert inv._library(con, Scope.system()) is inv._library(con, Scope.system())

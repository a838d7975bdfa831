"""The service prices steam bought from a registry enterprise with that enterprise's fuel mix.

The ``steam_supplier`` world (``tests/worlds.py``): June 2023, supplier A burns 100 t of
anthracite (IPCC 2006 Vol. 2 Tables 1.2/1.4: NCV 26.7 GJ/t, 98,300 kg CO2/TJ), so its fuel-mix
factor is 98,300 kg CO2/TJ. Buyer B takes 100 t of steam from A: 100 t × 2.776 GJ/t / 0.85 =
0.326588 TJ of fuel × 98,300 / 1000 = **32.1036 t CO2** (the Circular 38 default diesel boiler
would give 24.2002 t; README "Purchased steam").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from metrics.inventory import CalcParams
from metrics.steam_supplier import supplier_factor_id
from service import inventory as inv
from service.access import Actor, Scope
from service.db import open_warehouse
from service.registry import import_registry_many
from service.uploads import ingest_bytes
from tests.worlds import DONG_NAI as PROVINCES
from tests.worlds import INVENTORY_ENTERPRISES as ENTERPRISES
from tests.worlds import STEAM_BUYER as BUYER
from tests.worlds import STEAM_FROM_SUPPLIER_T as STEAM_T
from tests.worlds import STEAM_SUPPLIER as SUPPLIER
from tests.worlds import TWO_PARKS as PARKS
from tests.worlds import _r, upload_csv

pytestmark = pytest.mark.both_backends


@pytest.fixture
def db(make_world: Callable[[str], Path]) -> Path:
    return make_world("steam_supplier")


def test_buyer_inventory_uses_the_supplier_mix_and_lists_the_factor(db: Path) -> None:
    buyer_scope = Scope(role="enterprise", enterprise_id=BUYER)
    with open_warehouse(db, read_only=True) as con:
        result = inv.compute_inventory(con, buyer_scope, year_from=2023, year_to=2023,
                                       params=CalcParams())
    steam = result.emissions.filter(pl.col("source_category") == "steam")
    assert steam["tco2e"].to_list() == pytest.approx([STEAM_T])
    assert steam["tco2e"][0] == pytest.approx(32.1036, abs=1e-4)
    fid = supplier_factor_id(SUPPLIER, 2023)
    assert fid in steam["factor_ids"][0]
    row = result.factors.filter(pl.col("factor_id") == fid).row(0, named=True)
    assert row["value"] == pytest.approx(98_300) and row["verification"] == "DERIVED"
    assert set(result.emissions["enterprise_id"]) == {BUYER}  # the supplier's rows stay hidden
    with open_warehouse(db, read_only=True) as con:
        screened = inv.screening_table(con, buyer_scope, year=2023, gwp_set="AR5")
    assert fid in screened["factor_ids"][0]  # the threshold list prices steam the same way
    with open_warehouse(db, read_only=True) as con:  # supplier inside the scope: same figure
        province = inv.compute_inventory(con, Scope.system(), year_from=2023, year_to=2023,
                                         params=CalcParams())
    both = province.emissions.filter(pl.col("source_category") == "steam")
    assert both["tco2e"].to_list() == pytest.approx([STEAM_T])


def test_a_frozen_version_rederives_to_the_same_rows(db: Path) -> None:
    with open_warehouse(db) as con:
        vid = inv.freeze_inventory(con, BUYER, 2023, 2023, CalcParams(), "first",
                                   actor=Actor.system("t"))
        stored = inv.read_version(con, Scope.system(), vid).emissions
        again = inv.rederive_version(con, Scope.system(), vid)
    assert again["tco2e"].to_list() == pytest.approx(stored["tco2e"].to_list())
    assert again["factor_ids"].to_list() == stored["factor_ids"].to_list()


def test_stored_rows_are_not_read_where_steam_was_bought_from_a_supplier(db: Path) -> None:
    """Issue 9 × issue 8: a buyer's stored steam rows do not follow its supplier's later
    uploads, so reads compute those enterprise-months' steam live (the rest is read as
    stored), and the inventory follows the supplier's revised fuel mix, as the engine does."""
    from metrics.inventory import compute_emissions
    from service.emissions import effective_library, stored_emissions_ready

    buyer_scope = Scope(role="enterprise", enterprise_id=BUYER)
    with open_warehouse(db, read_only=True) as con:
        assert stored_emissions_ready(con)  # the stored path is the one under test
    # The supplier revises June: diesel instead of anthracite (a different fuel mix).
    revised = upload_csv([_r(SUPPLIER, "2023-06", "fuel", "diesel", 50_000, "L",
                             use="stationary")])
    assert ingest_bytes(db, revised, "a2.csv", uploaded_by="t").status == "accepted"
    with open_warehouse(db, read_only=True) as con:
        result = inv.compute_inventory(con, buyer_scope, year_from=2023, year_to=2023,
                                       params=CalcParams())
        activity = inv.read_current_activity(con, Scope.system())
        suppliers = inv._steam_suppliers(con, activity, None, None, CalcParams())
        engine = compute_emissions(activity, effective_library(con), CalcParams(),
                                   steam_suppliers=suppliers)
        province = inv.compute_inventory(con, Scope.system(), year_from=2023, year_to=2023,
                                         params=CalcParams())
        stored_rows = inv.read_stored_emissions(con, Scope.system())
    assert_frame_equal(province.emissions, engine)  # the whole read equals the engine
    stale = stored_rows.filter(pl.col("source_category") == "steam")["tco2e"]
    # The stored row is priced without the supplier (the library's default boiler, 24.2002 t):
    # reads never use it, the live steam row replaces it.
    assert stale.to_list() == pytest.approx([24.2002], abs=1e-4)
    engine = engine.filter(pl.col("enterprise_id") == BUYER)
    assert_frame_equal(result.emissions, engine)
    fid = supplier_factor_id(SUPPLIER, 2023)
    assert fid in result.factors["factor_id"].to_list()  # the derived factor is listed
    steam = result.emissions.filter(pl.col("source_category") == "steam")
    assert steam["tco2e"][0] != pytest.approx(STEAM_T)  # the revised mix, not the stored row


def test_a_version_whose_only_source_is_supplier_steam_rederives(warehouse_path: Path) -> None:
    """A buyer whose whole year is steam bought from a registry supplier: its frozen factors
    name no CH4/N2O row, yet the engine prices every gas (the supplier factor is CO2 only) and
    needs the GWP set's values; re-deriving used to fail with an IndexError."""
    path = warehouse_path
    with open_warehouse(path) as con:
        import_registry_many(con, [(PROVINCES, "provinces"), (PARKS, "parks"),
                                   (ENTERPRISES, "enterprises")], actor=Actor.system("fixture"))
    for name, rows in {
        "a.csv": [_r(SUPPLIER, "2023-06", "fuel", "coal_anthracite", 100, "t",
                     use="stationary")],
        "b.csv": [_r(BUYER, "2023-06", "steam", "purchased_steam", 100, "t",
                     counterparty=SUPPLIER)],
    }.items():
        assert ingest_bytes(path, upload_csv(rows), name, uploaded_by="t").status == "accepted"
    with open_warehouse(path) as con:
        vid = inv.freeze_inventory(con, BUYER, 2023, 2023, CalcParams(), "steam only",
                                   actor=Actor.system("t"))
        stored = inv.read_version(con, Scope.system(), vid).emissions
        again = inv.rederive_version(con, Scope.system(), vid)
    assert stored.filter(pl.col("gas") == "CO2")["tco2e"].sum() == pytest.approx(STEAM_T)
    assert again["tco2e"].to_list() == pytest.approx(stored["tco2e"].to_list())
    assert again["factor_ids"].to_list() == stored["factor_ids"].to_list()

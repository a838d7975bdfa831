"""Stored emissions (issue 9): computed when data arrives, equal to the engine recomputing.

The pure engine (``metrics.inventory.compute_emissions``) is the reference; every stored
variant must equal it row for row, after uploads, re-uploads, restores, factor imports and the
backfill of an upgraded warehouse.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from metrics.inventory import CalcParams, compute_emissions
from service import emissions as stored
from service.access import Actor
from service.db import migrate
from service.factors import import_factors
from service.inventory import compute_inventory
from tests.worlds import ENT_A, ENT_C, TODAY, upload, upload_csv
from warehouse import review
from warehouse.activity import read_current_activity
from warehouse.db import open_warehouse
from warehouse.scope import Scope
from warehouse.stored_emissions import STORED_COLUMNS, read_stored_emissions

pytestmark = pytest.mark.both_backends

ADMIN = Actor.system("admin")
HEADER = ("factor_id,library_version,kind,fuel_or_item,use,gas,value,unit,valid_from,valid_to,"
          "level,source,source_detail,verification,enterprise_id")
# A made-up national grid EF for 2025 (test value only, not a published figure)
GRID_2025 = ("TEST_grid_2025,custom,grid_ef,grid,,CO2e,0.7,t CO2e/MWh,2025-01-01,2025-12-31,"
             "national,Test value,not published,ESTIMATE,")
OWN_NCV = (f"{ENT_A}_NCV_diesel,custom,ncv,diesel,,,42.6,GJ/t,2025-01-01,,enterprise,"
           f"Supplier certificate 2025,lab report no. 17,VERIFIED,{ENT_A}")


def assert_stored_equals_engine(db: Path) -> int:
    """Every variant's stored rows equal the engine on the current activity; rows compared."""
    with open_warehouse(db, read_only=True) as con:
        assert stored.stored_emissions_ready(con)
        activity = read_current_activity(con, Scope.system())
        library = stored.effective_library(con)
        n = 0
        for params in stored.VARIANTS:
            live = compute_emissions(activity, library, params)
            rows = read_stored_emissions(con, Scope.system(), gwp_set=params.gwp_set,
                                         scope2_basis=params.scope2_basis)
            assert_frame_equal(rows, live)
            n += rows.height
    return n


def _calculations(db: Path) -> list[tuple]:
    with open_warehouse(db, read_only=True) as con:
        return con.execute("SELECT trigger, submission_count FROM emission_calculations"
                           " ORDER BY calculated_at").fetchall()


def test_uploads_store_every_variant_equal_to_the_engine(inv_db: Path) -> None:
    assert assert_stored_equals_engine(inv_db) > 0
    assert {t for t, _ in _calculations(inv_db)} == {"upload"}


def test_live_inventory_reads_stored_rows(inv_db: Path) -> None:
    params = CalcParams(gwp_set="AR6", scope2_basis="market")
    with open_warehouse(inv_db, read_only=True) as con:
        result = compute_inventory(con, Scope.system(), year_from=2025, year_to=2025,
                                   params=params, enterprise_id=ENT_A)
        activity = read_current_activity(con, Scope.system(), enterprise_id=ENT_A,
                                         period_from=dt.date(2025, 1, 1),
                                         period_to=dt.date(2025, 12, 1))
        live = compute_emissions(activity, stored.effective_library(con), params)
    assert_frame_equal(result.emissions, live)
    assert result.activity_keys.height == activity.height


def test_reupload_and_restore_follow_the_current_month(inv_db: Path) -> None:
    feb = upload_csv([{"enterprise_id": ENT_C, "period": "2025-02", "category": "electricity",
                       "item": "grid", "quantity": 1, "unit": "MWh"}])
    with open_warehouse(inv_db) as con:
        first = con.execute("SELECT submission_id FROM period_current WHERE enterprise_id = ?"
                            " AND period = ?", [ENT_C, dt.date(2025, 2, 1)]).fetchall()[0][0]
        result = upload(con, feb, "c_feb.csv", today=TODAY)
        assert result.status == "accepted"
    assert_stored_equals_engine(inv_db)
    with open_warehouse(inv_db) as con:
        assert review.restore_submission(con, ADMIN, ENT_C, dt.date(2025, 2, 1), first)
    assert_stored_equals_engine(inv_db)


def test_failed_emission_storage_rolls_back_the_upload(inv_db: Path, monkeypatch) -> None:
    import service.uploads as uploads

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(uploads, "store_upload_emissions", broken)
    extra = upload_csv([{"enterprise_id": ENT_C, "period": "2025-04", "category": "electricity",
                         "item": "grid", "quantity": 5, "unit": "MWh"}])
    with open_warehouse(inv_db) as con:
        before = con.execute("SELECT count(*) FROM activity_rows").fetchone()[0]
        with pytest.raises(RuntimeError):
            upload(con, extra, "c_apr.csv", today=TODAY)
        assert con.execute("SELECT count(*) FROM activity_rows").fetchone()[0] == before
        assert con.execute("SELECT count(*) FROM period_current WHERE period = ?",
                           [dt.date(2025, 4, 1)]).fetchone()[0] == 0


@pytest.mark.slow  # ~3 s: a factor import recalculates stored emissions
def test_grid_factor_import_recalculates_only_affected_uploads(inv_db: Path) -> None:
    with open_warehouse(inv_db, read_only=True) as con:
        old = read_stored_emissions(con, Scope.system())
        n_with_2025_grid = con.execute(
            "SELECT count(DISTINCT submission_id) FROM activity_rows"
            " WHERE category = 'electricity' AND period >= DATE '2025-01-01'").fetchone()[0]
    with open_warehouse(inv_db) as con:
        import_factors(con, f"{HEADER}\n{GRID_2025}\n".encode(), "grid.csv", actor=ADMIN)
        audit = con.execute("SELECT details FROM audit_log"
                            " WHERE action = 'emissions_recalculated'").fetchall()
    assert _calculations(inv_db)[-1] == ("factor_import", n_with_2025_grid)
    assert len(audit) == 1 and '"submissions"' in audit[0][0]
    assert_stored_equals_engine(inv_db)
    with open_warehouse(inv_db, read_only=True) as con:
        new = read_stored_emissions(con, Scope.system())
    grid_2025 = (pl.col("source_category") == "electricity") & (pl.col("year") == 2025)
    changed = new.filter(grid_2025)["factor_ids"].unique().to_list()
    assert changed == ["TEST_grid_2025"]
    # 2024 rows (and everything that is not electricity) kept their numbers
    assert_frame_equal(new.filter(~grid_2025), old.filter(~grid_2025))


def test_enterprise_factor_recalculates_only_that_enterprise(inv_db: Path) -> None:
    with open_warehouse(inv_db) as con:
        import_factors(con, f"{HEADER}\n{OWN_NCV}\n".encode(), "own.csv", actor=ADMIN)
        touched = con.execute(
            "SELECT DISTINCT s.enterprise_id FROM emission_sources AS c"
            " JOIN emission_calculations AS k USING (calculation_id)"
            " JOIN submissions AS s USING (submission_id)"
            " WHERE k.trigger = 'factor_import'").fetchall()
    assert touched == [(ENT_A,)]
    assert_stored_equals_engine(inv_db)


def test_upgraded_warehouse_gets_its_stored_emissions(inv_db: Path) -> None:
    # as a warehouse upgraded from before 0007 holds it: activity, no stored rows
    with open_warehouse(inv_db) as con:
        for table in ("stored_emissions", "emission_sources", "emission_calculations"):
            con.execute(f"DELETE FROM {table}")
        assert not stored.stored_emissions_ready(con)
        live = compute_inventory(con, Scope.system(), year_from=2024, year_to=2025,
                                 params=CalcParams())  # falls back to the engine
    migrate(inv_db)  # what `parkghg init` runs
    assert _calculations(inv_db) == [("backfill", 4)]
    assert_stored_equals_engine(inv_db)
    with open_warehouse(inv_db, read_only=True) as con:
        again = compute_inventory(con, Scope.system(), year_from=2024, year_to=2025,
                                  params=CalcParams())
    assert_frame_equal(again.emissions, live.emissions)
    assert migrate(inv_db) == [] and len(_calculations(inv_db)) == 1  # nothing left to do


@pytest.mark.slow  # a small generated province (built once per run) through the real pipeline
def test_sample_province_stored_equals_recomputed(make_world) -> None:
    db = make_world("sample_2x3")  # tests.worlds.SAMPLE_2X3: 2 parks × 3, 2024
    assert assert_stored_equals_engine(db) > 1000


@pytest.mark.slow  # a small generated province (built once per run) through the real pipeline
def test_sample_province_inventory_from_stored_rows_equals_the_engine(make_world) -> None:
    """The stored-path inventory equals the engine as the service runs it (steam bought from a
    registry enterprise priced from its fuel mix, issue 8). A generated world this small buys
    no steam; ``test_steam_supplier_service.py`` covers a supplier revising its month."""
    from service.inventory import _steam_suppliers

    db = make_world("sample_2x3")  # tests.worlds.SAMPLE_2X3: 2 parks × 3, 2024
    start, end = dt.date(2024, 1, 1), dt.date(2024, 12, 1)
    for params in (CalcParams(), CalcParams(gwp_set="AR6", scope2_basis="market")):
        with open_warehouse(db, read_only=True) as con:
            assert stored.stored_emissions_ready(con)
            result = compute_inventory(con, Scope.system(), year_from=2024, year_to=2024,
                                       params=params)
            activity = read_current_activity(con, Scope.system(), period_from=start,
                                             period_to=end)
            suppliers = _steam_suppliers(con, activity, start, end, params)
            live = compute_emissions(activity, stored.effective_library(con), params,
                                     steam_suppliers=suppliers)
        assert_frame_equal(result.emissions, live)
        if suppliers is not None:
            derived = set(suppliers["factor_id"].to_list())
            assert derived & set(result.factors["factor_id"].to_list())


def test_rows_the_same_on_both_bases_are_stored_once(inv_db: Path) -> None:
    """Everything but electricity is stored once as 'both' (migration 0015) and read with
    either basis; electricity is stored per basis."""
    with open_warehouse(inv_db, read_only=True) as con:
        kinds = con.execute(
            "SELECT source_category = 'electricity', scope2_basis, count(*)"
            " FROM stored_emissions GROUP BY ALL ORDER BY ALL").fetchall()
    assert {(elec, basis) for elec, basis, _ in kinds} == {
        (False, "both"), (True, "location"), (True, "market")}
    assert assert_stored_equals_engine(inv_db) > 0


def test_rows_stored_per_basis_by_an_older_release_read_the_same(inv_db: Path) -> None:
    """A warehouse written before 0015 holds one copy per basis of every row: reads give the
    same rows and totals as the shared form (no row counted twice)."""
    def reads() -> list[pl.DataFrame]:
        with open_warehouse(inv_db, read_only=True) as con:
            return [read_stored_emissions(con, Scope.system(), gwp_set=p.gwp_set,
                                          scope2_basis=p.scope2_basis) for p in stored.VARIANTS]

    before = reads()
    with open_warehouse(inv_db) as con:
        cols = ", ".join(STORED_COLUMNS)
        copied = ", ".join("'market'" if c == "scope2_basis" else c for c in STORED_COLUMNS)
        con.execute(f"INSERT INTO stored_emissions ({cols}) SELECT {copied}"
                    " FROM stored_emissions WHERE scope2_basis = 'both'")
        con.execute("UPDATE stored_emissions SET scope2_basis = 'location'"
                    " WHERE scope2_basis = 'both'")
        assert con.execute("SELECT count(*) FROM stored_emissions"
                           " WHERE scope2_basis = 'both'").fetchone() == (0,)
    for old, new in zip(before, reads(), strict=True):
        assert_frame_equal(old, new)
    assert assert_stored_equals_engine(inv_db) > 0

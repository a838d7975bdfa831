"""Frozen inventory versions: reproducible, superseded on recalculation, never silently changed."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from cli.main import cli
from metrics.inventory import CalcParams
from parkghg.i18n import t
from service import inventory as inv
from tests.worlds import ENT_A, ENT_B
from warehouse.db import open_warehouse
from warehouse.factors_store import import_factors
from warehouse.scope import Scope

# An official 2025 grid EF published after the inventory was accepted (hypothetical value).
GRID_2025 = (
    b"factor_id,library_version,kind,fuel_or_item,use,gas,value,unit,valid_from,valid_to,level,"
    b"source,source_detail,verification,enterprise_id\n"
    b"VN_GRID_EF_2025_test,custom,grid_ef,grid,,CO2e,0.61,t CO2e/MWh,2025-01-01,2025-12-31,"
    b"national,DCC official letter (test),hypothetical,VERIFIED,\n"
)


def _freeze(con, ent: str = ENT_A) -> str:
    return inv.freeze_inventory(con, ent, 2024, 2025, CalcParams(), "reviewer",
                                "Form 06 submission 2026")


def test_frozen_inventory_unchanged_after_factor_import(inv_db: Path) -> None:
    with open_warehouse(inv_db) as con:
        v1 = _freeze(con)
        before = inv.read_version(con, Scope.system(), v1)
        import_factors(con, GRID_2025, "grid2025.csv", "admin")
        after = inv.read_version(con, Scope.system(), v1)
        live = inv.compute_inventory(con, Scope.system(), year_from=2024, year_to=2025,
                                     params=CalcParams(), enterprise_id=ENT_A)
        # the accepted version is byte-for-byte what was frozen
        assert after.emissions.equals(before.emissions)
        assert after.factors.equals(before.factors)
        assert after.version["status"] == "accepted"
        # ... while a live calculation already uses the new factor
        assert live.total_tco2e < before.total_tco2e
        assert "VN_GRID_EF_2025_test" in set(live.factors["factor_id"].to_list())
        assert "VN_GRID_EF_2025_test" not in set(after.factors["factor_id"].to_list())
        # the stored rows follow from the stored activity keys and the stored factors alone
        rederived = inv.rederive_version(con, Scope.system(), v1)
        assert rederived["tco2e"].sum() == pytest.approx(before.emissions["tco2e"].sum())


def test_recalculate_makes_new_version_with_reason(inv_db: Path) -> None:
    with open_warehouse(inv_db) as con:
        v1 = _freeze(con)
        import_factors(con, GRID_2025, "grid2025.csv", "admin")
        v2 = inv.recalculate(con, v1, "Official 2025 grid EF published", "reviewer")
        versions = inv.list_versions(con, Scope.system(), ENT_A)
        old = versions.filter(pl.col("version_id") == v1).row(0, named=True)
        new = versions.filter(pl.col("version_id") == v2).row(0, named=True)
        assert old["status"] == "superseded" and old["superseded_by"] == v2
        assert new["status"] == "accepted" and new["supersedes"] == v1
        assert new["reason"] == "Official 2025 grid EF published"
        diff = inv.compare_versions(con, v1, v2, Scope.system())
    changed = diff.filter(pl.col("tco2e_diff").abs() > 1e-9)
    # only 2025 purchased electricity moved
    assert changed.select("year", "scope", "source_category").rows() == [(2025, "2", "electricity")]
    assert inv.total_difference(diff) == pytest.approx(new["total_tco2e"] - old["total_tco2e"])
    assert inv.total_difference(diff) < 0


def test_recalculate_needs_reason_and_known_version(inv_db: Path) -> None:
    with open_warehouse(inv_db) as con:
        v1 = _freeze(con)
        with pytest.raises(inv.InventoryError):
            inv.recalculate(con, v1, "  ", "reviewer")
        with pytest.raises(inv.InventoryError):
            inv.recalculate(con, "nope", "reason", "reviewer")


def test_draft_then_accept_supersedes_previous(inv_db: Path) -> None:
    with open_warehouse(inv_db) as con:
        v1 = _freeze(con)
        v2 = inv.freeze_inventory(con, ENT_A, 2024, 2025, CalcParams(gwp_set="AR6"), None,
                                  "AR6 variant")
        assert inv.read_version(con, Scope.system(), v2).version["status"] == "draft"
        assert inv.read_version(con, Scope.system(), v1).version["status"] == "accepted"
        inv.accept_version(con, v2, "reviewer")
        assert inv.read_version(con, Scope.system(), v1).version["status"] == "superseded"
        with pytest.raises(inv.InventoryError):
            inv.accept_version(con, v2, "reviewer")  # already accepted


def test_versions_are_scoped(inv_db: Path) -> None:
    with open_warehouse(inv_db) as con:
        v_a = _freeze(con, ENT_A)
        v_b = inv.freeze_inventory(con, ENT_B, 2025, 2025, CalcParams(), "r", "reason")
        mine = inv.list_versions(con, Scope(role="enterprise", enterprise_id=ENT_A))
        assert mine["version_id"].to_list() == [v_a]
        with pytest.raises(inv.InventoryError):
            inv.read_version(con, Scope(role="enterprise", enterprise_id=ENT_A), v_b)


def test_cli_freeze_recalc_compare(inv_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["--db", str(inv_db), "--lang", "en", "inventory"]
    frozen = runner.invoke(cli, [*base, "freeze", "--enterprise", ENT_A, "--year", "2024",
                                 "--to-year", "2025", "--reason", "submission", "--by", "rv"])
    assert frozen.exit_code == 0, frozen.output
    v1 = f"{ENT_A}-2024-2025-v1"
    assert v1 in frozen.output
    grid = tmp_path / "grid.csv"
    grid.write_bytes(GRID_2025)
    imported = runner.invoke(cli, ["--db", str(inv_db), "factors", "import", str(grid)])
    assert imported.exit_code == 0, imported.output
    recalc = runner.invoke(cli, [*base, "recalc", v1, "--reason", "new grid EF", "--by", "rv"])
    assert recalc.exit_code == 0, recalc.output
    v2 = f"{ENT_A}-2024-2025-v2"
    assert v2 in recalc.output
    out = tmp_path / "diff.csv"
    compared = runner.invoke(cli, [*base, "compare", v1, v2, "--out", str(out)])
    assert compared.exit_code == 0, compared.output
    assert pl.read_csv(out)["tco2e_diff"].sum() < 0
    listed = runner.invoke(cli, [*base, "versions", "--enterprise", ENT_A])
    assert listed.exit_code == 0 and "superseded" in listed.output
    exported = runner.invoke(cli, [*base, "--version", v1, "--format", "json",
                                   "--out", str(tmp_path / "v1.json")])
    assert exported.exit_code == 0, exported.output
    missing = runner.invoke(cli, [*base, "recalc", "nope", "--reason", "r"])
    assert missing.exit_code == 1
    assert t("inventory.error_unknown_version", "en", version_id="nope") in missing.output


def test_reupload_flags_version_but_never_changes_it(inv_db: Path) -> None:
    from service.uploads import ingest_bytes
    from tests.worlds import TODAY, upload_csv

    with open_warehouse(inv_db) as con:
        v1 = _freeze(con)
        before = inv.read_version(con, Scope.system(), v1)
        assert not inv.activity_changed(con, Scope.system(), v1)
    corrected = upload_csv([{"enterprise_id": ENT_A, "period": "2025-01", "category": "electricity",
                             "item": "grid", "quantity": 999_000, "unit": "kWh"}])
    result = ingest_bytes(inv_db, corrected, "fix.csv", uploaded_by="ent", today=TODAY)
    assert result.status == "accepted"
    with open_warehouse(inv_db, read_only=True) as con:
        # the data moved on: the version says so, but its rows are exactly as frozen
        assert inv.activity_changed(con, Scope.system(), v1)
        assert inv.read_version(con, Scope.system(), v1).emissions.equals(before.emissions)

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
from service.access import Actor
from service.factors import import_factors
from tests.worlds import ENT_A, ENT_B
from warehouse.db import open_warehouse
from warehouse.scope import Scope

pytestmark = pytest.mark.both_backends

OPERATOR = Actor.system("reviewer")

# An official 2025 grid EF published after the inventory was accepted (hypothetical value).
GRID_2025 = (
    b"factor_id,library_version,kind,fuel_or_item,use,gas,value,unit,valid_from,valid_to,level,"
    b"source,source_detail,verification,enterprise_id\n"
    b"VN_GRID_EF_2025_test,custom,grid_ef,grid,,CO2e,0.61,t CO2e/MWh,2025-01-01,2025-12-31,"
    b"national,DCC official letter (test),hypothetical,VERIFIED,\n"
)


def _freeze(con, ent: str = ENT_A) -> str:
    return inv.freeze_inventory(con, ent, 2024, 2025, CalcParams(), "Form 06 submission 2026",
                                actor=OPERATOR)


def test_frozen_inventory_unchanged_after_factor_import(inv_db: Path) -> None:
    with open_warehouse(inv_db) as con:
        v1 = _freeze(con)
        before = inv.read_version(con, Scope.system(), v1)
        import_factors(con, GRID_2025, "grid2025.csv", actor=Actor.system("admin"))
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
        import_factors(con, GRID_2025, "grid2025.csv", actor=Actor.system("admin"))
        v2 = inv.recalculate(con, v1, "Official 2025 grid EF published", actor=OPERATOR)
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
            inv.recalculate(con, v1, "  ", actor=OPERATOR)
        with pytest.raises(inv.InventoryError):
            inv.recalculate(con, "nope", "reason", actor=OPERATOR)


def test_draft_then_accept_supersedes_previous(inv_db: Path) -> None:
    with open_warehouse(inv_db) as con:
        v1 = _freeze(con)
        v2 = inv.freeze_inventory(con, ENT_A, 2024, 2025, CalcParams(gwp_set="AR6"),
                                  "AR6 variant", actor=OPERATOR, draft=True)
        assert inv.read_version(con, Scope.system(), v2).version["status"] == "draft"
        assert inv.read_version(con, Scope.system(), v1).version["status"] == "accepted"
        inv.accept_version(con, v2, actor=OPERATOR)
        assert inv.read_version(con, Scope.system(), v1).version["status"] == "superseded"
        with pytest.raises(inv.InventoryError):
            inv.accept_version(con, v2, actor=OPERATOR)  # already accepted


def test_versions_are_scoped(inv_db: Path) -> None:
    with open_warehouse(inv_db) as con:
        v_a = _freeze(con, ENT_A)
        v_b = inv.freeze_inventory(con, ENT_B, 2025, 2025, CalcParams(), "reason",
                                   actor=OPERATOR)
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


def test_cli_version_writes_name_the_os_user_and_are_audited(inv_db: Path) -> None:
    import getpass
    import json

    runner = CliRunner()
    base = ["--db", str(inv_db), "--lang", "en", "inventory"]
    frozen = runner.invoke(cli, [*base, "freeze", "--enterprise", ENT_A, "--year", "2024",
                                 "--to-year", "2025", "--reason", "r", "--draft", "--by", "rv"])
    assert frozen.exit_code == 0, frozen.output
    v1 = f"{ENT_A}-2024-2025-v1"
    accepted = runner.invoke(cli, [*base, "accept", v1, "--by", "rv"])
    assert accepted.exit_code == 0, accepted.output
    operator = f"cli:{getpass.getuser()}"
    with open_warehouse(inv_db, read_only=True) as con:
        meta = inv.list_versions(con, Scope.system(), ENT_A).row(0, named=True)
        rows = con.execute(
            "SELECT action, actor, actor_role, object_id, enterprise_id, park_id, details"
            " FROM audit_log WHERE object_type = 'inventory_version' ORDER BY audit_id"
        ).fetchall()
    # the free text of --by is a label only: the version names who really ran the command
    assert (meta["created_by"], meta["accepted_by"], meta["status"]) == (
        operator, operator, "accepted")
    assert [r[:6] for r in rows] == [
        ("inventory_frozen", operator, "system", v1, ENT_A, "amata"),
        ("inventory_accepted", operator, "system", v1, ENT_A, "amata"),
    ]
    assert json.loads(rows[0][6])["label"] == "rv"
    assert json.loads(rows[0][6])["status"] == "draft"


def test_enterprise_freezes_a_draft_and_a_park_board_accepts_it(inv_db: Path) -> None:
    from parkghg.errors import AccessDeniedError
    from service.accounts import create_user

    stranger = Actor(username="ent.a", scope=Scope(role="enterprise", enterprise_id=ENT_A))
    with open_warehouse(inv_db) as con:
        # an actor that is not an account of this warehouse is refused before anything else
        with pytest.raises(AccessDeniedError):
            inv.freeze_inventory(con, ENT_A, 2025, 2025, CalcParams(), "r", actor=stranger,
                                 draft=True)
        ent = create_user(con, OPERATOR, username="ent.a", role="enterprise",
                          enterprise_id=ENT_A, password="a-long-password-1")
        board = create_user(con, OPERATOR, username="board.amata", role="park",
                            park_id="amata", password="a-long-password-2")
        with pytest.raises(AccessDeniedError):  # an enterprise never accepts its own data
            inv.freeze_inventory(con, ENT_A, 2025, 2025, CalcParams(), "r", actor=ent)
        draft = inv.freeze_inventory(con, ENT_A, 2025, 2025, CalcParams(), "r", actor=ent,
                                     draft=True)
        with pytest.raises(AccessDeniedError):
            inv.accept_version(con, draft, actor=ent)
        inv.accept_version(con, draft, actor=board)
        assert inv.read_version(con, Scope.system(), draft).version["accepted_by"] == "board.amata"
        # what the operator accepts, a park board cannot replace
        newer = inv.recalculate(con, draft, "operator check", actor=OPERATOR)
        with pytest.raises(AccessDeniedError):
            inv.recalculate(con, newer, "board wants it back", actor=board)

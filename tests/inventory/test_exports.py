"""Inventory-table exports: formats round-trip, CSV is Excel-safe, scopes hold."""

from __future__ import annotations

import io
import json
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from cli.main import cli
from exports import inventory_table
from metrics.inventory import CalcParams
from parkghg.errors import AccessDeniedError
from parkghg.i18n import t
from service import inventory as inv
from service.access import Actor
from tests.worlds import ENT_A, ENT_B, ENT_C
from warehouse.db import open_warehouse
from warehouse.scope import Scope

pytestmark = pytest.mark.both_backends


def _run(db: Path, *args: str, lang: str = "en"):
    return CliRunner().invoke(cli, ["--db", str(db), "--lang", lang, *args])


def _live(db: Path, scope: Scope | None = None, **kw) -> inv.InventoryResult:
    with open_warehouse(db, read_only=True) as con:
        return inv.compute_inventory(con, scope or Scope.system(), year_from=2025, year_to=2025,
                                     params=CalcParams(), **kw)


def test_csv_has_bom_and_neutralised_formula_cells(inv_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "inv.csv"
    result = _run(inv_db, "inventory", "--year", "2025", "--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    # UTF-8 BOM first, so Excel opens Vietnamese names correctly
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Dệt Sông Xanh".encode() in raw
    df = pl.read_csv(io.BytesIO(raw), schema_overrides={"enterprise_id": pl.String})
    names = df.filter(pl.col("enterprise_id") == ENT_C)["enterprise_name"].unique().to_list()
    # the formula-looking enterprise name is text for Excel: prefixed with a quote
    assert names == ["'=HYPERLINK(\"http://x.example\",\"Nhựa Đồng Xanh\")"]
    # no text cell starts with a formula character any more
    for col in ("enterprise_name", "factor_ids", "scope"):
        assert not df[col].cast(pl.String).str.contains(r"^[=+\-@\t\r]").any()


@pytest.mark.parametrize("fmt", ["xlsx", "parquet", "json"])
def test_formats_round_trip(inv_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"inv.{fmt}"
    result = _run(inv_db, "inventory", "--year", "2025", "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.output
    if fmt == "xlsx":
        back = pl.read_excel(out, sheet_name="inventory")
        # headers are bilingual (Vietnamese first); map them back by position
        back.columns = list(inventory_table.TABLE_COLUMNS)
        assert "Phát thải (tCO2tđ)" in pl.read_excel(out, sheet_name="inventory").columns[12]
    elif fmt == "parquet":
        back = pl.read_parquet(out)
        assert back.schema["tco2e"] == pl.Float64
    else:
        payload = json.loads(out.read_text(encoding="utf-8"))
        assert payload["metadata"]["gwp_set"] == "AR5"
        back = pl.DataFrame(payload["rows"])
    live = _live(inv_db)
    # one row per enterprise × year × scope × source × gas, nothing lost or double counted
    assert back.height == live.emissions.select(
        "enterprise_id", "year", "scope", "source_category", "gas").unique().height
    assert back["tco2e"].sum() == pytest.approx(live.emissions["tco2e"].sum(), rel=1e-9)
    # booleans are true/false in data files and "Có / Yes" in the workbook
    in_total = back.filter(pl.col("in_total").cast(pl.String).is_in(["true", "Có / Yes"]))
    assert in_total["tco2e"].sum() == pytest.approx(live.total_tco2e, rel=1e-9)
    # biogenic CO2 is present but marked outside the scopes
    bio = back.filter(pl.col("scope") == "outside")
    assert bio.height >= 1
    assert set(bio["reporting_boundary"].to_list()) == {"outside_scopes_biogenic"}


def test_csv_to_stdout(inv_db: Path) -> None:
    result = _run(inv_db, "inventory", "--year", "2025", "--enterprise", ENT_B,
                  "--format", "csv", "--out", "-")
    assert result.exit_code == 0, result.output
    df = pl.read_csv(io.BytesIO(result.stdout_bytes), schema_overrides={"enterprise_id": pl.String})
    assert set(df["enterprise_id"].to_list()) == {ENT_B}
    assert {"mobile_combustion", "steam", "electricity"} <= set(df["source_category"].to_list())


def test_enterprise_scope_cannot_export_another_enterprise(inv_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "other.csv"
    denied = _run(inv_db, "inventory", "--year", "2025", "--enterprise", ENT_C,
                  "--as-enterprise", ENT_A, "--format", "csv", "--out", str(out))
    assert denied.exit_code == 1
    assert t("inventory.error_enterprise_not_visible", "en", enterprise_id=ENT_C) in denied.output
    assert not out.exists()
    # without a filter the scope alone decides: only the enterprise's own rows
    own = tmp_path / "own.csv"
    ok = _run(inv_db, "inventory", "--year", "2024", "--to-year", "2025",
              "--as-enterprise", ENT_A, "--format", "csv", "--out", str(own))
    assert ok.exit_code == 0, ok.output
    df = pl.read_csv(own, schema_overrides={"enterprise_id": pl.String})
    assert set(df["enterprise_id"].to_list()) == {ENT_A}
    # the library refuses too, whatever the caller asks for
    scoped = _live(inv_db, Scope(role="enterprise", enterprise_id=ENT_A), enterprise_id=ENT_C)
    assert scoped.emissions.height == 0
    with open_warehouse(inv_db) as con, pytest.raises(AccessDeniedError):
        inv.freeze_inventory(con, ENT_C, 2025, 2025, CalcParams(), "r", draft=True,
                             actor=Actor(username="cli:x",
                                         scope=Scope(role="enterprise", enterprise_id=ENT_A)))


def test_park_scope_sees_only_its_park(inv_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "park.json"
    result = _run(inv_db, "inventory", "--year", "2025", "--as-park", "amata",
                  "--format", "json", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    assert {r["enterprise_id"] for r in rows} == {ENT_A, ENT_B}


def test_export_usage_errors(inv_db: Path, tmp_path: Path) -> None:
    missing = _run(inv_db, "inventory", "--year", "2025", "--out", str(tmp_path / "x.csv"))
    assert missing.exit_code == 2  # click usage error: --format missing
    assert t("inventory.usage_export", "en") in missing.output
    stdout_xlsx = _run(inv_db, "inventory", "--year", "2025", "--format", "xlsx", "--out", "-")
    assert stdout_xlsx.exit_code == 2
    assert t("inventory.usage_stdout", "en") in stdout_xlsx.output
    bad_span = _run(inv_db, "inventory", "--year", "2025", "--to-year", "2024",
                    "--format", "csv", "--out", str(tmp_path / "y.csv"))
    assert bad_span.exit_code == 1
    assert t("inventory.error_year_span", "en", year_from=2025, year_to=2024) in bad_span.output


@pytest.mark.slow  # ~3 s: every CLI export format, each one audited
def test_cli_exports_are_audited_like_the_dashboards(inv_db: Path, tmp_path: Path) -> None:
    import getpass

    def exports() -> list[tuple]:
        with open_warehouse(inv_db, read_only=True) as con:
            return con.execute(
                "SELECT actor, actor_role, object_type, object_id, enterprise_id, park_id,"
                " details->>'format', details->'as'->>'enterprise_id' FROM audit_log"
                " WHERE action = 'export' ORDER BY audit_id").fetchall()

    operator = f"cli:{getpass.getuser()}"
    ok = _run(inv_db, "inventory", "--year", "2025", "--as-enterprise", ENT_A,
              "--format", "csv", "--out", str(tmp_path / "a.csv"))
    assert ok.exit_code == 0, ok.output
    # the operator is named; the enterprise it exported as can read the row about itself
    assert exports() == [(operator, "system", "table", "2025", ENT_A, None, "csv", ENT_A)]
    denied = _run(inv_db, "inventory", "--year", "2025", "--enterprise", ENT_C,
                  "--as-enterprise", ENT_A, "--format", "csv", "--out", str(tmp_path / "c.csv"))
    assert denied.exit_code == 1
    assert len(exports()) == 1  # a refused export is not recorded as one
    form06 = _run(inv_db, "report", "form06", "--enterprise", ENT_B, "--year", "2026",
                  "--out", str(tmp_path / "f.xlsx"))
    province = _run(inv_db, "report", "province", "--year", "2025",
                    "--out", str(tmp_path / "p.xlsx"))
    assert form06.exit_code == 0 and province.exit_code == 0, form06.output + province.output
    assert [r[2:5] for r in exports()[1:]] == [("form06", "2026", ENT_B),
                                               ("province", "2025", None)]

"""``parkghg publish``: Hive-partitioned Parquet that another engine reads back to the same
totals, a manifest that verifies, and nothing private in it."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl
import pytest
from click.testing import CliRunner

from cli.main import cli
from exports.publish import verify
from metrics.inventory import CalcParams
from parkghg.errors import AccessDeniedError, ParkGHGError
from service.inventory import compute_inventory
from service.publish import publish
from tests.worlds import SYSTEM
from warehouse import users as users_mod
from warehouse.db import open_warehouse

# Slow: builds the dashboard world and writes ~40 files. On PostgreSQL too, except the
# manifest check (files only, the same whatever the engine).
pytestmark = pytest.mark.slow


@pytest.fixture
def world(make_world) -> Path:
    return make_world("dashboard")


@pytest.mark.both_backends
def test_duckdb_reads_back_the_same_totals(world: Path, tmp_path: Path) -> None:
    out = tmp_path / "pub"
    made = publish(world, SYSTEM, out)
    assert made.datasets["emissions"] > 0 and made.files > 8
    con = duckdb.connect()
    published = con.sql(
        "SELECT year, park_id, round(sum(tco2e), 6) AS t FROM read_parquet(?, "
        "hive_partitioning = true) GROUP BY ALL ORDER BY ALL",
        params=[str(out / "emissions" / "**" / "*.parquet")]).fetchall()
    with open_warehouse(world, read_only=True) as wcon:
        live = compute_inventory(wcon, SYSTEM.scope, year_from=2024, year_to=2025,
                                 params=CalcParams()).emissions
    expected = (live.group_by("year", "park_id").agg(t=pl.col("tco2e").sum().round(6))
                .sort("year", "park_id").rows())
    assert [(int(y), p, t) for y, p, t in published] == expected
    rows = con.sql("SELECT count(*) FROM read_parquet(?, hive_partitioning = true)",
                   params=[str(out / "activity" / "**" / "*.parquet")]).fetchall()[0][0]
    assert rows == made.datasets["activity"]
    assert verify(out) == []


def test_manifest_describes_columns_and_catches_a_changed_file(world: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "pub"
    publish(world, SYSTEM, out, year=2025)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    emissions = next(d for d in manifest["datasets"] if d["name"] == "emissions")
    tco2e = next(c for c in emissions["columns"] if c["name"] == "tco2e")
    assert tco2e["unit"] == "tCO2e" and emissions["partition_by"] == ["year", "park_id"]
    assert all("/year=2025/" in f["path"] for f in emissions["files"])
    victim = out / emissions["files"][0]["path"]
    victim.write_bytes(victim.read_bytes()[:-10])
    assert verify(out) == [f"changed: {emissions['files'][0]['path']}"]


@pytest.mark.both_backends
def test_nothing_private_leaves(world: Path, tmp_path: Path) -> None:
    out = tmp_path / "pub"
    publish(world, SYSTEM, out)
    with open_warehouse(world, read_only=True) as con:
        hashes = [r[0] for r in con.execute("SELECT password_hash FROM users").fetchall()]
    blob = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert hashes and not any(h.encode() in blob for h in hashes)
    names = {p.parts[len(out.parts)] for p in out.rglob("*.parquet")}
    assert names == {"registry", "activity", "emissions", "inventory_versions",
                     "inventory_version_rows"}
    columns = pl.read_parquet(out / "registry" / "enterprises" / "part-0.parquet").columns
    assert "contact_email" not in columns and "legal_representative" not in columns


@pytest.mark.both_backends
def test_only_the_province_publishes_and_never_over_a_folder(world: Path,
                                                             tmp_path: Path) -> None:
    with open_warehouse(world, read_only=True) as con:
        enterprise = next(u for u in (users_mod.get_user(con, n) for n in
                                      [r[0] for r in con.execute(
                                          "SELECT username FROM users").fetchall()])
                          if u is not None and u.role == "enterprise")
    with pytest.raises(AccessDeniedError):
        publish(world, enterprise, tmp_path / "x")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    with pytest.raises(ParkGHGError, match="not_empty"):
        publish(world, SYSTEM, tmp_path / "full")
    result = CliRunner().invoke(cli, ["--db", str(world), "--lang", "en", "publish",
                                      str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    assert "manifest.json" in result.output

"""Custom factor import/export: round trip, atomic rejection with bilingual messages."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest
from click.testing import CliRunner

from cli.main import cli
from metrics.factors import FACTOR_COLUMNS
from tests.worlds import ENT_A
from warehouse.db import open_warehouse
from warehouse.factors_store import (
    FactorFileRejectedError,
    effective_library,
    import_factors,
    read_custom_factors,
)
from warehouse.scope import Scope

HEADER = ",".join(FACTOR_COLUMNS)
OWN_NCV = (f"{ENT_A}_NCV_diesel,custom,ncv,diesel,,,42.6,GJ/t,2025-01-01,,enterprise,"
           f"Supplier certificate 2025,lab report no. 17,VERIFIED,{ENT_A}")


def _count(db: Path, table: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def _run(db: Path, *args: str, lang: str = "en"):
    return CliRunner().invoke(cli, ["--db", str(db), "--lang", lang, *args])


def test_export_import_round_trip(inv_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "factors.csv"
    assert _run(inv_db, "factors", "export", "--out", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    # importing the unchanged export writes nothing
    same = _run(inv_db, "factors", "import", str(out))
    assert same.exit_code == 0, same.output
    assert _count(inv_db, "custom_factors") == 0
    # adding one line in Excel and importing it back adds exactly that factor
    out.write_text(out.read_text(encoding="utf-8-sig") + OWN_NCV + "\n", encoding="utf-8-sig")
    added = _run(inv_db, "factors", "import", str(out))
    assert added.exit_code == 0, added.output
    assert _count(inv_db, "custom_factors") == 1
    with open_warehouse(inv_db, read_only=True) as con:
        mine = read_custom_factors(con, Scope(role="enterprise", enterprise_id=ENT_A))
        others = read_custom_factors(con, Scope(role="enterprise", enterprise_id="3600999999"))
        library = effective_library(con, Scope.system())
    assert mine["factor_id"].to_list() == [f"{ENT_A}_NCV_diesel"]
    assert others.height == 0  # an enterprise's own factor is not shown to others
    assert f"{ENT_A}_NCV_diesel" in library["factor_id"].to_list()


def test_reimport_supersedes_and_keeps_history(inv_db: Path) -> None:
    changed = OWN_NCV.replace(",42.6,", ",42.9,")
    with open_warehouse(inv_db) as con:
        import_factors(con, f"{HEADER}\n{OWN_NCV}\n".encode(), "a.csv", "admin")
        import_factors(con, f"{HEADER}\n{changed}\n".encode(), "b.csv", "admin")
        current = read_custom_factors(con, Scope.system())
    assert current["value"].to_list() == [42.9]
    assert _count(inv_db, "custom_factors") == 2  # the older row is kept, not deleted
    assert _count(inv_db, "factor_imports") == 2


BAD_ROWS = [
    f"{ENT_A}_bad_value,custom,ncv,diesel,,,abc,GJ/t,,,enterprise,src,,VERIFIED,{ENT_A}",
    "IPCC06_T1.2_NCV_gas_diesel_oil,v1,ncv,diesel,,,99,GJ/t,,,ipcc_default,IPCC,,VERIFIED,",
    "X_unknown_ent,custom,ncv,diesel,,,40,GJ/t,,,enterprise,src,,VERIFIED,9999999999",
    "X_bad_unit,custom,co2_ef,diesel,stationary,CO2,74000,t/TJ,,,national,src,,VERIFIED,",
]


def test_bad_factor_file_rejected_atomically(inv_db: Path) -> None:
    content = "\n".join([HEADER, OWN_NCV, *BAD_ROWS]).encode() + b"\n"
    with open_warehouse(inv_db) as con, pytest.raises(FactorFileRejectedError) as err:
        import_factors(con, content, "bad.csv", "admin")
    rows = {p.row_number for p in err.value.problems}
    assert {3, 4, 5, 6} <= rows  # Excel rows of the four bad lines (header = row 1)
    assert 2 not in rows  # the good line is fine ...
    assert _count(inv_db, "custom_factors") == 0  # ... but nothing at all was written
    assert _count(inv_db, "factor_imports") == 0


@pytest.mark.parametrize(("lang", "headline", "other"), [
    ("vi", "bị từ chối", "was rejected"),
    ("en", "was rejected", "bị từ chối"),
])
def test_cli_bad_factor_file_bilingual_message(inv_db: Path, tmp_path: Path, lang: str,
                                               headline: str, other: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([HEADER, *BAD_ROWS]) + "\n", encoding="utf-8")
    result = _run(inv_db, "factors", "import", str(bad), lang=lang)
    assert result.exit_code == 1
    # the reader's language first, the other language alongside
    assert result.output.index(headline) < result.output.index(other)
    assert "không phải là số" in result.output and "is not a valid number" in result.output
    assert "9999999999" in result.output
    assert _count(inv_db, "custom_factors") == 0


def test_missing_column_and_not_csv(inv_db: Path, tmp_path: Path) -> None:
    no_col = tmp_path / "nocol.csv"
    no_col.write_text("factor_id,value\nx,1\n", encoding="utf-8")
    result = _run(inv_db, "factors", "import", str(no_col))
    assert result.exit_code == 1
    assert "Missing column(s): library_version, kind, fuel_or_item" in result.output
    assert "Use the format written by 'parkghg factors export'" in result.output
    latin = tmp_path / "latin.csv"
    latin.write_bytes(f"{HEADER}\n".encode() + "Nhi\u1ec7t".encode("utf-16"))
    result = _run(inv_db, "factors", "import", str(latin))
    assert result.exit_code == 1 and "UTF-8" in result.output


def test_enterprise_factor_changes_only_that_enterprise(inv_db: Path) -> None:
    from metrics.inventory import CalcParams
    from service.inventory import compute_inventory

    with open_warehouse(inv_db) as con:
        before = compute_inventory(con, Scope.system(), year_from=2025, year_to=2025,
                                   params=CalcParams())
        import_factors(con, f"{HEADER}\n{OWN_NCV}\n".encode(), "own.csv", "admin")
        after = compute_inventory(con, Scope.system(), year_from=2025, year_to=2025,
                                  params=CalcParams())

    def by_ent(r):
        return dict(r.emissions.group_by("enterprise_id").agg(pl.col("tco2e").sum()).rows())

    b, a = by_ent(before), by_ent(after)
    assert a[ENT_A] != pytest.approx(b[ENT_A])
    assert {k: v for k, v in a.items() if k != ENT_A} == pytest.approx(
        {k: v for k, v in b.items() if k != ENT_A})

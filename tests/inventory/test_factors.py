"""Custom factor import/export: round trip, atomic rejection with bilingual messages."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from cli.main import cli
from metrics.factors import FACTOR_COLUMNS
from service.access import Actor
from service.factors import FactorFileRejectedError, effective_library, import_factors
from tests.worlds import ENT_A
from warehouse.db import connect, open_warehouse
from warehouse.factors_store import read_custom_factors
from warehouse.scope import Scope

pytestmark = pytest.mark.both_backends

HEADER = ",".join(FACTOR_COLUMNS)
ADMIN = Actor.system("admin")
OWN_NCV = (f"{ENT_A}_NCV_diesel,custom,ncv,diesel,,,42.6,GJ/t,2025-01-01,,enterprise,"
           f"Supplier certificate 2025,lab report no. 17,VERIFIED,{ENT_A}")


def _count(db: Path, table: str) -> int:
    con = connect(db, read_only=True)
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
        import_factors(con, f"{HEADER}\n{OWN_NCV}\n".encode(), "a.csv", actor=ADMIN)
        import_factors(con, f"{HEADER}\n{changed}\n".encode(), "b.csv", actor=ADMIN)
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
        import_factors(con, content, "bad.csv", actor=ADMIN)
    rows = {p.row for p in err.value.problems}
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


def test_missing_column_and_unreadable_file(inv_db: Path, tmp_path: Path) -> None:
    no_col = tmp_path / "nocol.csv"
    no_col.write_text("factor_id,value\nx,1\n", encoding="utf-8")
    result = _run(inv_db, "factors", "import", str(no_col))
    assert result.exit_code == 1
    assert "Missing column(s): library_version, kind, fuel_or_item" in result.output
    assert "Use the format written by 'parkghg factors export'" in result.output
    garbled = tmp_path / "garbled.csv"  # 0x81 is neither UTF-8 nor Windows-1258
    garbled.write_bytes(f"{HEADER}\n".encode() + b"x,\x81\x81\n")
    result = _run(inv_db, "factors", "import", str(garbled))
    assert result.exit_code == 1 and "UTF-8" in result.output


def test_enterprise_factor_changes_only_that_enterprise(inv_db: Path) -> None:
    from metrics.inventory import CalcParams
    from service.inventory import compute_inventory

    with open_warehouse(inv_db) as con:
        before = compute_inventory(con, Scope.system(), year_from=2025, year_to=2025,
                                   params=CalcParams())
        import_factors(con, f"{HEADER}\n{OWN_NCV}\n".encode(), "own.csv", actor=ADMIN)
        after = compute_inventory(con, Scope.system(), year_from=2025, year_to=2025,
                                  params=CalcParams())

    def by_ent(r):
        return dict(r.emissions.group_by("enterprise_id").agg(pl.col("tco2e").sum()).rows())

    b, a = by_ent(before), by_ent(after)
    assert a[ENT_A] != pytest.approx(b[ENT_A])
    assert {k: v for k, v in a.items() if k != ENT_A} == pytest.approx(
        {k: v for k, v in b.items() if k != ENT_A})


# --- one intake path: a factor file is read like an upload --------------------------------


def _stored(db: Path) -> list[tuple]:
    with open_warehouse(db, read_only=True) as con:
        return read_custom_factors(con, Scope.system()).rows()


def test_utf16_factor_file_imports(inv_db: Path, tmp_path: Path) -> None:
    # Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated
    text = "\n".join([HEADER, OWN_NCV]).replace(",", "\t") + "\n"
    path = tmp_path / "factors.txt"
    path.write_bytes(text.encode("utf-16"))
    result = _run(inv_db, "factors", "import", str(path))
    assert result.exit_code == 0, result.output
    [row] = _stored(inv_db)
    assert (row[0], row[6], row[14]) == (f"{ENT_A}_NCV_diesel", 42.6, ENT_A)


def test_vietnamese_excel_factor_file_reads_decimal_commas(inv_db: Path) -> None:
    from tests.ingest.conftest import cp1258_bytes

    text = "\n".join([HEADER, OWN_NCV]).replace(",", ";").replace(";42.6;", ";42,6;")
    content = cp1258_bytes(text.replace("lab report no. 17", "phiếu kiểm nghiệm số 17") + "\n")
    with open_warehouse(inv_db) as con:
        result = import_factors(con, content, "he_so.csv", actor=ADMIN)
    assert result.row_count == 1
    [row] = _stored(inv_db)
    assert row[6] == 42.6 and row[12] == "phiếu kiểm nghiệm số 17"


def test_xlsx_factor_file_with_date_cells_imports(inv_db: Path) -> None:
    import datetime as dt
    import io

    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    ws = wb.add_worksheet("factors")
    text = wb.add_format({"num_format": "@"})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, list(FACTOR_COLUMNS))
    for col, cell in enumerate(OWN_NCV.split(",")):
        if FACTOR_COLUMNS[col] == "value":
            ws.write_number(1, col, float(cell))
        elif FACTOR_COLUMNS[col] == "valid_from":
            ws.write_datetime(1, col, dt.datetime(2025, 1, 1), date)
        elif cell:
            ws.write_string(1, col, cell, text)
    wb.close()
    with open_warehouse(inv_db) as con:
        import_factors(con, buf.getvalue(), "factors.xlsx", actor=ADMIN)
    [row] = _stored(inv_db)
    assert (row[6], row[8], row[14]) == (42.6, dt.date(2025, 1, 1), ENT_A)


# --- a factor import is a write: rights, audit row in the same transaction -----------------


def _tables(db: Path) -> dict[str, list]:
    con = connect(db, read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in ("custom_factors", "factor_imports", "audit_log")}
    finally:
        con.close()


def _accounts(db: Path) -> dict[str, object]:
    from service.accounts import create_user

    with open_warehouse(db) as con:
        return {
            "enterprise": create_user(con, ADMIN, username="dn_a", role="enterprise",
                                      password=None, enterprise_id=ENT_A),
            "park": create_user(con, ADMIN, username="bql_amata", role="park", password=None,
                                park_id="amata"),
            "province": create_user(con, ADMIN, username="so_ct", role="province",
                                    password=None),
        }


@pytest.mark.parametrize("role", ["enterprise", "park"])
def test_enterprise_and_park_users_may_not_import_factors(inv_db: Path, role: str) -> None:
    from parkghg.errors import AccessDeniedError

    users = _accounts(inv_db)
    before = _tables(inv_db)
    # even the enterprise's own factor: the province imports it on the enterprise's evidence
    with open_warehouse(inv_db) as con, pytest.raises(AccessDeniedError) as info:
        import_factors(con, f"{HEADER}\n{OWN_NCV}\n".encode(), "own.csv", actor=users[role])
    assert info.value.key == "inventory.factors_import_denied"
    assert _tables(inv_db) == before


def test_accepted_factor_import_writes_one_audit_row(inv_db: Path) -> None:
    users = _accounts(inv_db)
    with open_warehouse(inv_db) as con:
        result = import_factors(con, f"{HEADER}\n{OWN_NCV}\n".encode(), "own.csv",
                                actor=users["province"])
        again = import_factors(con, f"{HEADER}\n{OWN_NCV}\n".encode(), "own.csv",
                               actor=users["province"])
        rows = con.execute(
            "SELECT actor, actor_role, object_type, object_id, enterprise_id, details"
            " FROM audit_log WHERE action = 'factors_imported'").fetchall()
        imported_by = con.execute("SELECT imported_by FROM factor_imports").fetchall()
    assert again.unchanged  # nothing new: nothing written, no audit row either
    [(actor, role, object_type, object_id, enterprise_id, details)] = rows
    assert (actor, role, object_type) == ("so_ct", "province", "factor_import")
    assert (object_id, enterprise_id) == (result.import_id, ENT_A)
    assert f"{ENT_A}_NCV_diesel" in details and "own.csv" in details
    assert imported_by == [("so_ct",)]


def test_failed_factor_import_leaves_no_rows_and_no_audit_row(inv_db: Path,
                                                             monkeypatch) -> None:
    before = _tables(inv_db)

    def broken_audit(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("service.factors.write_audit", broken_audit)
    with open_warehouse(inv_db) as con, pytest.raises(RuntimeError):
        import_factors(con, f"{HEADER}\n{OWN_NCV}\n".encode(), "own.csv", actor=ADMIN)
    assert _tables(inv_db) == before
    with open_warehouse(inv_db) as con, pytest.raises(FactorFileRejectedError):
        import_factors(con, "\n".join([HEADER, *BAD_ROWS]).encode(), "bad.csv", actor=ADMIN)
    assert _tables(inv_db) == before

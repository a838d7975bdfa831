"""Regulator workbooks: Form 06 (two preceding years, App. II tables) and the province summary."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner

from cli.main import cli
from metrics.inventory import CalcParams
from parkghg.i18n import catalogue, t
from service import inventory as inv
from service.access import Actor
from tests.worlds import ENT_A, ENT_B, ENT_C
from warehouse.db import open_warehouse
from warehouse.scope import Scope

pytestmark = pytest.mark.both_backends

TABLE_SHEETS = ("1.1 Đốt nhiên liệu tĩnh", "1.2 Nhiên liệu di động", "2.1 Môi chất lạnh",
                "4.1 Điện", "4.2 Hơi nước")


def _run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "--lang", "en", *args])


def _cells(ws) -> list[object]:
    return [v for row in ws.iter_rows(values_only=True) for v in row if v is not None]


def _row_after(ws, first_cell: str) -> tuple:
    rows = list(ws.iter_rows(values_only=True))
    for i, row in enumerate(rows):
        if row[0] == first_cell:
            return rows[i + 1]
    raise AssertionError(first_cell)


@pytest.fixture
def form06(inv_db: Path, tmp_path: Path) -> openpyxl.Workbook:
    out = tmp_path / "form06.xlsx"
    result = _run(inv_db, "report", "form06", "--enterprise", ENT_A, "--year", "2026",
                  "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "2024" in result.output and "2025" in result.output
    return openpyxl.load_workbook(out)


def test_form06_has_appendix_tables_for_both_years(form06: openpyxl.Workbook) -> None:
    for name in TABLE_SHEETS:
        cells = [str(c) for c in _cells(form06[name])]
        # each Appendix II table is repeated for the two years before submission (Decree 119)
        assert "Năm 2024 / Year 2024" in cells and "Năm 2025 / Year 2025" in cells, name
        assert "Năm 2023 / Year 2023" not in cells
        # headings are Vietnamese with the English alongside
        assert any(c.startswith("STT\nNo.") for c in cells)
    heads = [str(c) for c in _cells(form06["1.1 Đốt nhiên liệu tĩnh"])]
    assert "Nhiệt trị NCV (TJ/đơn vị)\nNCV (TJ/unit)" in heads
    assert "Tổng (TJ)\nTotal (TJ)" in heads
    # 4.1 electricity in MWh: 151 + 152 + 153 MWh of grid power in Q1 of each year
    elec = _row_after(form06["4.1 Điện"], "STT\nNo.")
    assert elec[1] == pytest.approx(456.0)
    assert "Lưới điện quốc gia" in elec[2]
    refrigerants = [str(c) for c in _cells(form06["2.1 Môi chất lạnh"])]
    assert "R410A" in refrigerants and "R22" in refrigerants


def test_form06_facility_sheet_and_results(form06: openpyxl.Workbook) -> None:
    first = form06.worksheets[0]
    cells = [str(c) for c in _cells(first)]
    assert "BÁO CÁO Kết quả kiểm kê khí nhà kính cho năm 2024 và năm 2025" in cells
    assert "ĐẠI DIỆN CỦA CƠ SỞ\nFACILITY REPRESENTATIVE" in cells
    for heading in ("I. THÔNG TIN VỀ CƠ SỞ", "II.3 Các nguồn phát thải và bể hấp thụ khí nhà kính",
                    "III.3 Kết quả kiểm kê"):
        assert heading in cells
    # the grid EF for 2024/2025 is not yet official: the report says it is provisional
    assert any(c.startswith("LƯU Ý: Báo cáo có kết quả TẠM TÍNH") for c in cells)
    assert "AR5" in cells
    results = [str(c) for c in _cells(form06["III.3 Kết quả"])]
    # Circular 38 boundary: the headline is scopes 1+2; scope 3 and biogenic CO2 stand apart
    assert any(c.startswith("TỔNG PHÁT THẢI (phạm vi 1+2, ranh giới Thông tư 38)")
               for c in results)
    assert any(c.startswith("Phạm vi 3 (báo cáo riêng, không cộng vào tổng)") for c in results)
    assert any(c.startswith("CO2 sinh khối (báo cáo riêng") for c in results)
    # R-22 is an HCFC: inside the Circular 38 inventory, so no Montreal memo line remains
    assert not any(c.startswith("Ghi nhớ: khí thuộc Nghị định thư Montreal") for c in results)
    factors = [str(c) for c in _cells(form06["Hệ số phát thải"])]
    assert "VN_GRID_EF_2023" in factors and "IPCC 2006 GL Vol2 Ch1 Table 1.4" in factors


def test_form06_uses_accepted_version(inv_db: Path, tmp_path: Path) -> None:
    with open_warehouse(inv_db) as con:
        version = inv.freeze_inventory(con, ENT_A, 2024, 2025, CalcParams(), "submission",
                                       actor=Actor.system("rv"))
    out = tmp_path / "f.xlsx"
    result = _run(inv_db, "report", "form06", "--enterprise", ENT_A, "--year", "2026",
                  "--out", str(out))
    assert result.exit_code == 0, result.output
    assert version in result.output
    cells = [str(c) for c in _cells(openpyxl.load_workbook(out).worksheets[0])]
    assert any(version in c for c in cells)
    # a version of other years (or another enterprise) is refused, not silently mislabelled
    wrong = _run(inv_db, "report", "form06", "--enterprise", ENT_A, "--year", "2025",
                 "--version", version, "--out", str(tmp_path / "w.xlsx"))
    assert wrong.exit_code == 1
    assert t("inventory.error_version_mismatch", "en", version=version, enterprise_id=ENT_A,
             y1=2023, y2=2024) in wrong.output


def test_form06_enterprise_scope(inv_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.xlsx"
    denied = _run(inv_db, "report", "form06", "--enterprise", ENT_B, "--year", "2026",
                  "--as-enterprise", ENT_A, "--out", str(out))
    assert denied.exit_code == 1 and not out.exists()
    assert t("inventory.error_enterprise_not_visible", "en", enterprise_id=ENT_B) in denied.output
    own = _run(inv_db, "report", "form06", "--enterprise", ENT_A, "--year", "2026",
               "--as-enterprise", ENT_A, "--out", str(out))
    assert own.exit_code == 0, own.output


def test_province_summary_sums_equal_inventory_total(inv_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "province.xlsx"
    result = _run(inv_db, "report", "province", "--year", "2025", "--out", str(out))
    assert result.exit_code == 0, result.output
    with open_warehouse(inv_db, read_only=True) as con:
        live = inv.compute_inventory(con, Scope.system(), year_from=2025, year_to=2025,
                                     params=CalcParams())
    total = live.total_tco2e
    sheets = {"Theo KCN": 2, "Theo ngành": 3, "Theo doanh nghiệp": 3}
    for sheet, n_rows in sheets.items():
        df = pl.read_excel(out, sheet_name=sheet, read_options={"header_row": 3})
        col = next(c for c in df.columns if c.startswith("Tổng phạm vi 1+2, ranh giới TT38"))
        body = df.head(n_rows)
        # every cut of the province adds up to the same inventory total, and so does its
        # own total row
        assert body[col].sum() == pytest.approx(total, rel=1e-9), sheet
        assert df[col][n_rows] == pytest.approx(total, rel=1e-9), sheet
        assert str(df[df.columns[0]][n_rows]).startswith("Tổng cộng")
    by_ent = pl.read_excel(out, sheet_name="Theo doanh nghiệp", read_options={"header_row": 3})
    flags = [c for c in by_ent.columns if re.match(r"^≥ 3\.000 tCO2tđ", c)]
    assert flags, by_ent.columns
    ids = by_ent[by_ent.columns[0]].head(3).cast(pl.String).to_list()
    assert set(ids) == {ENT_A, ENT_B, ENT_C}
    notes = [str(c) for c in _cells(openpyxl.load_workbook(out)["Ghi chú"])]
    assert any("Thông tư 38/2023/TT-BCT" in c for c in notes)
    assert any("AR5" in c for c in notes)


def test_catalogues_have_both_languages() -> None:
    vi, en = catalogue("vi"), catalogue("en")
    for domain in ("inventory.", "export."):
        vi_keys = {k for k in vi if k.startswith(domain)}
        en_keys = {k for k in en if k.startswith(domain)}
        assert vi_keys == en_keys and vi_keys, domain
        assert all(vi[k].strip() and en[k].strip() for k in vi_keys)


def test_every_key_used_in_code_exists() -> None:
    root = Path(__file__).resolve().parents[2]
    files = [p for d in ("exports", "warehouse", "service", "cli")
             for p in (root / d).rglob("*.py")]
    vi, en = catalogue("vi"), catalogue("en")
    for path in files:
        for key in re.findall(r'"((?:inventory|export)\.[a-z0-9_.]+[a-z0-9])"',
                              path.read_text(encoding="utf-8")):
            assert key in vi and key in en, (path.name, key)

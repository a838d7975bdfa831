"""Circular 38 Appendix II table 2.2: refrigerant rows may name their equipment (issue 8).

One enterprise reports June 2023: R-410A topped up into two chillers (10 kg and 5 kg, two rows
in one month: distinct because they name different equipment) and 20 kg of R-22 with no
equipment named. Worked by hand with AR5 GWPs (IPCC AR5 WG1 Table 8.A.1; R-410A = 50 % HFC-32
+ 50 % HFC-125 by mass, US EPA GHG Emission Factors Hub Table 12):

* R-410A GWP = 0.5 × 677 + 0.5 × 3,170 = 1,923.5 → chiller 1: 0.010 t × 1,923.5 = 19.235
  tCO2e; chiller 2: 0.005 t × 1,923.5 = 9.6175 tCO2e.
* R-22 (HCFC-22) GWP 1,760 → 0.020 t × 1,760 = 35.2 tCO2e (listed as "not named").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from exports.form06 import table_2_2, write_form06
from ingest.read import read_upload
from ingest.validate import ValidationContext, validate
from metrics.equipment import equipment_register
from metrics.inventory import CalcParams
from parkghg.contract import COLUMNS
from service import inventory as inv
from service.access import Actor, Scope
from service.db import open_warehouse
from service.registry import import_registry_many
from service.uploads import ingest_bytes
from tests.ingest.conftest import csv_bytes, row
from tests.worlds import DONG_NAI as PROVINCES
from tests.worlds import ENT_A, TODAY, _r, upload_csv
from tests.worlds import INVENTORY_ENTERPRISES as ENTERPRISES
from tests.worlds import TWO_PARKS as PARKS
from warehouse.db import connect

pytestmark = pytest.mark.both_backends

ENT = "0301234567"
R410A_AR5 = 0.5 * 677 + 0.5 * 3170


def _check(rows, header=None):
    ctx = ValidationContext(known_enterprises=frozenset({ENT_A}), today=TODAY)
    return validate(read_upload(csv_bytes(rows, header=header), "t.csv"), ctx)


def test_equipment_is_optional_and_old_files_stay_valid() -> None:
    old_header = [c for c in COLUMNS if c != "equipment"]
    result = _check([row(category="refrigerant", item="r410a", quantity=3, unit="kg")],
                    header=old_header)
    assert result.errors == []
    assert result.rows["equipment"].to_list() == [None]


def test_two_charges_of_one_refrigerant_in_a_month_differ_by_equipment() -> None:
    rows = [row(category="refrigerant", item="r410a", quantity=10, unit="kg",
                equipment="Chiller 1"),
            row(category="refrigerant", item="r410a", quantity=5, unit="kg",
                equipment="  Chiller 2 "),
            row(category="refrigerant", item="r410a", quantity=1, unit="kg",
                equipment="chiller 1")]  # the same chiller again (case-insensitive): duplicate
    result = _check(rows)
    assert [(p.row, p.code) for p in result.errors] == [(4, "duplicate_row")]
    ok = _check(rows[:2])
    assert ok.errors == []
    assert ok.rows["equipment"].to_list() == ["Chiller 1", "Chiller 2"]


def test_equipment_on_a_non_refrigerant_row_is_rejected_with_a_fix() -> None:
    result = _check([row(equipment="Transformer 1"),
                     row(category="refrigerant", item="sf6", quantity=1, unit="kg",
                         equipment="x" * 121)])
    assert [(p.row, p.column, p.code) for p in result.errors] == [
        (2, "equipment", "equipment_not_refrigerant"), (3, "equipment", "equipment_too_long")]
    first = result.errors[0]
    assert "'electricity'" in first.render("en") and "Leave 'equipment' empty" in first.fix("en")
    assert "môi chất lạnh" in first.render("vi")


def test_register_prices_each_kilogram_as_the_inventory_does() -> None:
    activity = pl.DataFrame({
        "enterprise_id": [ENT] * 3, "period": [dt.date(2023, 6, 1)] * 3,
        "category": ["refrigerant"] * 3, "item": ["r410a", "r410a", "r22"],
        "quantity_canonical": [10.0, 5.0, 20.0],
        "equipment": ["Chiller 1", "Chiller 2", None],
    })
    emissions = pl.DataFrame({
        "enterprise_id": [ENT] * 2, "year": [2023, 2023],
        "source_category": ["refrigerant_recharge"] * 2, "item": ["r410a", "r22"],
        "tco2e": [0.015 * R410A_AR5, 35.2], "provisional": [False, False],
    })
    reg = equipment_register(activity, emissions)
    assert reg["equipment"].to_list() == ["Chiller 1", "Chiller 2", None]
    assert reg["tco2e"].to_list() == pytest.approx([19.235, 9.6175, 35.2])
    assert equipment_register(activity.drop("equipment"), emissions)["equipment"].null_count() == 2


@pytest.fixture
def db(warehouse_path: Path) -> Path:
    path = warehouse_path
    with open_warehouse(path) as con:
        import_registry_many(con, [(PROVINCES, "provinces"), (PARKS, "parks"),
                                   (ENTERPRISES.filter(pl.col("enterprise_id") == ENT),
                                    "enterprises")], actor=Actor.system("fixture"))
    rows = [_r(ENT, "2023-06", "refrigerant", "r410a", 10, "kg", equipment="Chiller 1"),
            _r(ENT, "2023-06", "refrigerant", "r410a", 5, "kg", equipment="Chiller 2"),
            _r(ENT, "2023-06", "refrigerant", "r22", 20, "kg")]
    result = ingest_bytes(path, upload_csv(rows), "june.csv", uploaded_by="test")
    assert result.status == "accepted", result.errors
    return path


def test_equipment_is_stored_and_form06_lists_it(db: Path, tmp_path: Path) -> None:
    con = connect(db, read_only=True)
    try:
        stored = con.execute("SELECT equipment FROM activity_current ORDER BY row_number"
                             ).fetchall()
    finally:
        con.close()
    assert stored == [("Chiller 1",), ("Chiller 2",), (None,)]
    with open_warehouse(db, read_only=True) as con:
        result = inv.form06_inventory(con, Scope.system(), ENT, (2023, 2024),
                                      CalcParams(gwp_set="AR5"), live=True)
    table = table_2_2(result.equipment, 2023)
    assert table["item_label"].to_list() == ["R410A", "R410A", "R22"]
    assert table["charge_kg"].to_list() == [10.0, 5.0, 20.0]
    assert table["tco2e"].to_list() == pytest.approx([19.235, 9.6175, 35.2])
    assert table["equipment_label"][2].startswith("(chưa ghi tên thiết bị)")
    out = tmp_path / "f06.xlsx"
    write_form06(result, {"enterprise_id": ENT, "enterprise_name": "A"}, 2025, out)
    wb = openpyxl.load_workbook(out)
    names = wb.sheetnames
    assert names.index("2.2 Thiết bị lạnh, điện") == names.index("2.1 Môi chất lạnh") + 1
    cells = [v for r in wb["2.2 Thiết bị lạnh, điện"].iter_rows(values_only=True) for v in r]
    assert "Chiller 1" in cells and "Chiller 2" in cells
    assert any(isinstance(v, float) and v == pytest.approx(19.235) for v in cells)


def test_a_frozen_version_lists_its_own_rows(db: Path) -> None:
    with open_warehouse(db) as con:
        vid = inv.freeze_inventory(con, ENT, 2023, 2024, CalcParams(gwp_set="AR5"), "first",
                                   actor=Actor.system("t"))
        result = inv.form06_inventory(con, Scope.system(), ENT, (2023, 2024),
                                      CalcParams(gwp_set="AR5"), version_id=vid)
    assert sorted(result.equipment["equipment"].drop_nulls().to_list()) == [
        "Chiller 1", "Chiller 2"]

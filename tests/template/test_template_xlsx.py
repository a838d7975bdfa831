"""The XLSX template: a data sheet the platform reads, drop-downs, and a bilingual guide."""

from __future__ import annotations

import io
import re
import warnings

import openpyxl
import polars as pl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ingest.template import (
    LISTS_SHEET,
    example_rows,
    sheet_names,
    xlsx_template_bytes,
)
from parkghg import contract

ENTERPRISE = "0301234567"


def _open(data: bytes) -> Workbook:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl notes extensions it does not read
        return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def blank_bytes() -> bytes:
    return xlsx_template_bytes()


@pytest.fixture(scope="module")
def blank(blank_bytes: bytes) -> Workbook:
    return _open(blank_bytes)


@pytest.fixture(scope="module")
def prefilled_bytes() -> bytes:
    return xlsx_template_bytes(ENTERPRISE)


def _letter(column: str) -> str:
    return openpyxl.utils.get_column_letter(contract.COLUMNS.index(column) + 1)


def _name_values(wb: Workbook, name: str) -> list[str]:
    """The cell values of a workbook-level defined name such as ``lists!$A$2:$A$10``."""
    sheet, ref = wb.defined_names[name].attr_text.split("!")
    ws = wb[sheet.strip("'")]
    return [cell.value for row in ws[ref.replace("$", "")] for cell in row]


def _data_rules(ws: Worksheet) -> dict[str, object]:
    """Column name → the validation covering its data cells (row 2 downwards)."""
    rules = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            if rng.min_row == 2 and rng.min_col == rng.max_col:
                rules[contract.COLUMNS[rng.min_col - 1]] = dv
    return rules


def _list_names(formula: str) -> list[str]:
    return re.findall(r'"([a-z_]+)"', formula)


def test_polars_reads_the_first_sheet_as_an_empty_upload(blank_bytes: bytes) -> None:
    frame = pl.read_excel(blank_bytes)
    assert tuple(frame.columns) == contract.COLUMNS
    assert frame.height == 0


def test_sheets_data_first_then_guide_example_and_hidden_lists(blank: Workbook) -> None:
    data, guide, example = sheet_names()
    assert blank.sheetnames == [data, guide, example, LISTS_SHEET]
    assert blank[LISTS_SHEET].sheet_state == "hidden"
    assert blank.active.title == data
    assert "Guide" in guide and "Hướng dẫn" in guide


def test_data_sheet_header_frozen_and_text_columns(blank: Workbook) -> None:
    ws = blank.worksheets[0]
    assert tuple(c.value for c in ws[1]) == contract.COLUMNS
    assert ws.freeze_panes == "A2"
    for column in ("enterprise_id", "period", "counterparty"):
        assert ws.column_dimensions[_letter(column)].number_format == "@", column
    assert ws.max_row == 1  # no example data rows in the file that gets uploaded


def test_header_cells_carry_input_messages_in_both_languages(blank: Workbook) -> None:
    ws = blank.worksheets[0]
    header = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            if rng.min_row == rng.max_row == 1:
                header[contract.COLUMNS[rng.min_col - 1]] = dv
    assert set(header) == set(contract.COLUMNS)
    assert all(dv.promptTitle and "\n" in dv.prompt for dv in header.values())


def test_simple_dropdowns_hold_the_whole_contract_vocabulary(blank: Workbook) -> None:
    rules = _data_rules(blank.worksheets[0])
    expected = {"category": contract.CATEGORIES, "use": contract.USES,
                "treatment": (*contract.TREATMENTS, *contract.WASTEWATER_TREATMENTS)}
    for column, values in expected.items():
        dv = rules[column]
        assert dv.type == "list"
        (name,) = re.findall(r"[a-z_]+", dv.formula1)
        assert _name_values(blank, name) == list(values), column


def test_item_dropdown_full_list_and_per_category(blank: Workbook) -> None:
    dv = _data_rules(blank.worksheets[0])["item"]
    assert dv.type == "list" and "INDIRECT" in dv.formula1
    assert f"${_letter('category')}2" in dv.formula1
    full, prefix = _list_names(dv.formula1)
    assert sorted(_name_values(blank, full)) == sorted(s.item for s in contract.ITEMS)
    for category in contract.CATEGORIES:
        assert _name_values(blank, prefix + category) == list(contract.items_of(category))


def test_unit_dropdown_full_list_and_per_item(blank: Workbook) -> None:
    dv = _data_rules(blank.worksheets[0])["unit"]
    assert dv.type == "list" and "INDIRECT" in dv.formula1
    full, prefix, sep = _list_names(dv.formula1)
    assert set(_name_values(blank, full)) == set(contract.all_units())
    for spec in contract.ITEMS:
        name = f"{prefix}{spec.category}{sep}{spec.item}"
        assert _name_values(blank, name) == list(spec.units), name


def test_quantity_period_and_note_rules(blank: Workbook) -> None:
    rules = _data_rules(blank.worksheets[0])
    quantity = rules["quantity"]
    assert (quantity.type, quantity.operator, quantity.formula1) == (
        "decimal", "greaterThanOrEqual", "0")
    assert quantity.showErrorMessage and quantity.error
    assert rules["period"].type == "textLength"
    note = rules["note"]
    assert note.type == "textLength" and note.formula1 == str(contract.NOTE_MAX_CHARS)


def test_guide_explains_every_column_item_code_and_alias(blank: Workbook) -> None:
    ws = blank.worksheets[1]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    cells = set(texts)
    blob = "\n".join(texts)
    for spec in contract.ITEMS:
        assert spec.item in cells, spec.item
        assert spec.meaning_vi in cells and spec.meaning_en in cells, spec.item
        assert ", ".join(spec.units) in cells, spec.item
    for category, (en, vi) in contract.CATEGORY_LABELS.items():
        assert f"{category} — {vi} / {en}" in cells
    for labels in (contract.TREATMENT_LABELS, contract.USE_LABELS):
        for code, (en, vi) in labels.items():
            assert {code, en, vi} <= cells, code
    for column in contract.COLUMNS:
        assert column in cells
    for alias in contract.HEADER_ALIASES_VI:
        assert alias in cells, alias
    for unit in contract.all_units():
        assert unit in cells, unit
    assert contract.TEMPLATE_VERSION in blob
    assert "YYYY-MM" in blob


def test_prefilled_enterprise_id_stays_text_with_leading_zero(prefilled_bytes: bytes) -> None:
    wb = _open(prefilled_bytes)
    ws = wb.worksheets[0]
    assert ws["A2"].value == ENTERPRISE and ws["A2"].data_type == "s"
    dv = _data_rules(ws)["enterprise_id"]
    assert dv.type == "list" and dv.formula1 == f'"{ENTERPRISE}"'
    frame = pl.read_excel(prefilled_bytes)
    assert frame.height == 1
    assert frame["enterprise_id"].dtype == pl.String
    assert frame["enterprise_id"].to_list() == [ENTERPRISE]
    guide = "\n".join(str(c.value) for row in wb.worksheets[1].iter_rows() for c in row
                      if c.value is not None)
    assert ENTERPRISE in guide


def test_example_sheet_holds_the_example_rows(prefilled_bytes: bytes) -> None:
    example = pl.read_excel(prefilled_bytes, sheet_name=sheet_names()[2])
    expected = example_rows(enterprise_id=ENTERPRISE)
    assert example.select(expected.columns).cast(expected.schema).equals(expected)


def test_filled_template_reads_back_as_the_rows_written() -> None:
    """What the lead's ingest test will do: fill the template, read the first sheet."""
    rows = example_rows(enterprise_id=ENTERPRISE, period="2024-06")
    frame = pl.read_excel(xlsx_template_bytes(ENTERPRISE, rows=rows))
    assert frame["enterprise_id"].to_list() == [ENTERPRISE] * rows.height
    assert frame["period"].to_list() == ["2024-06"] * rows.height
    assert frame.select(rows.columns).cast(rows.schema).equals(rows)

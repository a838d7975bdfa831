"""Reading files the way enterprises actually send them."""

from __future__ import annotations

import io

import pytest
import xlsxwriter

from ingest.read import FileRejected, decimal_mark, read_upload
from parkghg.contract import COLUMNS
from tests.ingest.conftest import cp1258_bytes, csv_bytes, row
from tests.worlds import ENT_A, ENT_B


def codes(exc: FileRejected) -> list[str]:
    return [i.code for i in exc.problems]


def test_utf8_with_and_without_bom_read_the_same():
    rows = [row(note="Điện tháng 1 — ghi chú tiếng Việt")]
    plain = read_upload(csv_bytes(rows), "a.csv")
    bom = read_upload(csv_bytes(rows, bom=True), "a.csv")
    assert plain.frame.equals(bom.frame)
    assert plain.frame["note"][0] == "Điện tháng 1 — ghi chú tiếng Việt"
    assert "UTF-8" in plain.read_notes("en")


def test_ids_keep_leading_zeros_and_branch_dash():
    raw = read_upload(csv_bytes([row(), row(enterprise_id=ENT_B)]), "a.csv")
    assert raw.frame["enterprise_id"].to_list() == [ENT_A, ENT_B]


def test_vietnamese_excel_csv_cp1258_semicolon_decimal_comma():
    header = ["Mã số thuế", "Kỳ báo cáo", "Nhóm", "Hạng mục", "Số lượng", "Đơn vị", "Ghi chú"]
    text = ";".join(header) + "\n" + f"{ENT_A};06/2024;fuel;diesel;1.234,5;L;Dầu cho lò hơi\n"
    raw = read_upload(cp1258_bytes(text), "excel.csv")
    assert raw.decimal_mark == ","
    assert raw.frame["quantity"][0] == "1.234,5"
    assert raw.frame["note"][0] == "Dầu cho lò hơi"  # NFC after cp1258's combining tone marks
    notes = raw.read_notes("vi")
    assert "Windows-1258" in notes and "';'" in notes and "','" in notes


def test_utf16_tab_separated_unicode_text_from_excel():
    data = csv_bytes([row()], sep="\t").decode("utf-8").encode("utf-16")
    raw = read_upload(data, "unicode.txt")
    assert raw.frame["enterprise_id"][0] == ENT_A
    assert "TAB" in raw.read_notes("en")


def test_trailing_empty_rows_and_columns_from_excel_are_ignored():
    header = ",".join(COLUMNS) + ",,\n"
    text = header + f"{ENT_A},2024-01,electricity,grid,5,kWh,,,,,,\n,,,,,,,,,,,\n"
    raw = read_upload(text.encode(), "a.csv")
    assert raw.frame.height == 1
    assert raw.frame["_row"].to_list() == [2]


def test_row_numbers_match_excel_rows_even_after_blank_lines():
    text = ",".join(COLUMNS) + "\n" + f"{ENT_A},2024-01,electricity,grid,5,kWh\n\n" \
        f"{ENT_A},2024-02,electricity,grid,6,kWh\n"
    raw = read_upload(text.encode(), "a.csv")
    assert raw.frame["_row"].to_list() == [2, 4]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param([*COLUMNS, "colour"], ["header_unknown"], id="unknown column is an error"),
        pytest.param([c for c in COLUMNS if c != "unit"], ["header_missing"], id="missing unit"),
        pytest.param([*COLUMNS, "Quantity"], ["header_duplicate"], id="same column twice"),
    ],
)
def test_header_problems(header, expected):
    with pytest.raises(FileRejected) as info:
        read_upload(csv_bytes([row()], header=header), "a.csv")
    assert codes(info.value) == expected
    assert info.value.problems[0].row == 1
    assert info.value.problems[0].problem("vi") and info.value.problems[0].fix("en")


def test_header_with_hint_in_brackets_is_accepted():
    header = ",".join(f"{c} (hint)" for c in COLUMNS)
    raw = read_upload(f"{header}\n{ENT_A},2024-01,electricity,grid,5,kWh\n".encode(), "a.csv")
    assert raw.frame["item"][0] == "grid"


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        pytest.param(b"", "a.csv", "file_empty", id="empty"),
        pytest.param(b"   \n\n", "a.csv", "file_empty", id="whitespace only"),
        pytest.param(",".join(COLUMNS).encode() + b"\n", "a.csv", "no_rows", id="header only"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls", "file_format",
                     id="legacy xls"),
        pytest.param(b"PK\x03\x04not really a zip", "broken.xlsx", "file_unreadable",
                     id="corrupt xlsx"),
    ],
)
def test_unreadable_files(content, name, code):
    with pytest.raises(FileRejected) as info:
        read_upload(content, name)
    assert codes(info.value) == [code]


@pytest.mark.parametrize(
    ("values", "sep", "mark"),
    [
        pytest.param(["1234.5", "7"], ",", ".", id="comma file uses dots"),
        pytest.param(["1234,5", "7"], ";", ",", id="decimal comma"),
        pytest.param(["1.234,5", "12,25"], ";", ",", id="thousands dot with decimal comma"),
        pytest.param(["12.5", "3"], ";", ".", id="semicolon file with dot decimals"),
        pytest.param(["12", "3"], ";", ".", id="integers only"),
    ],
)
def test_decimal_mark_when_unambiguous(values, sep, mark):
    assert decimal_mark(values, sep) == mark


@pytest.mark.parametrize(
    "values",
    [
        pytest.param(["1.234", "12.500"], id="every dotted value looks like thousands"),
        pytest.param(["1,5", "2.5"], id="comma decimals mixed with dot decimals"),
    ],
)
def test_ambiguous_decimal_mark_is_rejected_with_both_readings(values):
    with pytest.raises(FileRejected) as info:
        decimal_mark(values, ";")
    issue = info.value.problems[0]
    assert issue.code == "decimal_ambiguous"
    assert "could mean" in issue.problem("en")


def _xlsx(rows: list[list[object]], second_sheet: bool = True) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    ws = wb.add_worksheet("data")
    ws.write_row(0, 0, list(COLUMNS))
    text = wb.add_format({"num_format": "@"})
    for r, values in enumerate(rows, start=1):
        for c, v in enumerate(values):
            if isinstance(v, str):
                ws.write_string(r, c, v, text)
            elif v is not None:
                ws.write(r, c, v)
    if second_sheet:
        wb.add_worksheet("other").write(0, 0, "ignored")
    wb.close()
    return buf.getvalue()


def test_xlsx_first_sheet_only_with_numbers_and_text_ids():
    content = _xlsx([[ENT_A, "2024-06", "electricity", "grid", 1234.5, "kWh"],
                     [ENT_A, "2024-07", "electricity", "grid", 7, "MWh"]])
    raw = read_upload(content, "upload.xlsx")
    assert raw.file_format == "xlsx"
    assert raw.frame["enterprise_id"].to_list() == [ENT_A, ENT_A]
    assert raw.frame["quantity"].to_list() == ["1234.5", "7"]
    assert raw.frame["_row"].to_list() == [2, 3]
    assert "'data'" in raw.read_notes("en")

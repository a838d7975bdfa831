"""Every CSV handed out opens in Excel with Vietnamese intact and no live formula."""

from __future__ import annotations

import polars as pl
import pytest

from parkghg.spreadsheet import excel_csv_bytes, neutralise_formulas, neutralise_text


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\tx", "\rx"])
def test_risky_text_is_prefixed(cell):
    assert neutralise_text(cell) == "'" + cell
    assert neutralise_formulas(pl.DataFrame({"c": [cell]}))["c"][0] == "'" + cell


def test_numbers_and_plain_text_are_left_alone():
    frame = pl.DataFrame({"n": [-1.5], "t": ["Điện tháng 1"]})
    assert neutralise_formulas(frame).equals(frame)
    assert neutralise_text(-3) == -3


def test_excel_csv_has_a_bom_and_neutralised_cells():
    raw = excel_csv_bytes(pl.DataFrame({"ghi_chú": ["=cmd", "Dầu DO"]}))
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines() == ["ghi_chú", "'=cmd", "Dầu DO"]

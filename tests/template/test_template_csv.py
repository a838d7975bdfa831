"""The CSV template: what an enterprise downloads, fills in and uploads unchanged."""

from __future__ import annotations

import io

import polars as pl
import pytest

from ingest.template import (
    InvalidEnterpriseIdError,
    csv_template_bytes,
    example_csv_bytes,
    example_rows,
)
from parkghg import contract

BOM = b"\xef\xbb\xbf"


def _read(data: bytes) -> pl.DataFrame:
    return pl.read_csv(io.BytesIO(data), infer_schema=False)


def test_csv_has_bom_and_exactly_the_contract_header_and_no_rows() -> None:
    data = csv_template_bytes()
    assert data.startswith(BOM)
    text = data[len(BOM):].decode("utf-8")
    assert text.splitlines() == [",".join(contract.COLUMNS)]
    frame = _read(data)
    assert tuple(frame.columns) == contract.COLUMNS
    assert frame.height == 0


def test_csv_prefill_keeps_leading_zeros_in_one_row() -> None:
    data = csv_template_bytes("0301234567")
    lines = data[len(BOM):].decode("utf-8").splitlines()
    assert lines == [",".join(contract.COLUMNS), "0301234567" + "," * (len(contract.COLUMNS) - 1)]
    assert _read(data)["enterprise_id"].to_list() == ["0301234567"]


def test_csv_with_rows_round_trips_and_writes_plain_numbers() -> None:
    rows = example_rows(enterprise_id="0301234567")
    data = csv_template_bytes(rows=rows)
    back = _read(data)
    assert back["enterprise_id"].to_list() == ["0301234567"] * rows.height
    # People read this file too: 125000, not 125000.0.
    assert back["quantity"][0] == "125000"
    assert back.with_columns(pl.col("quantity").cast(pl.Float64)).equals(rows)


def test_example_csv_is_the_example_rows() -> None:
    back = _read(example_csv_bytes("en"))
    assert back.height == example_rows().height
    assert tuple(back.columns) == contract.COLUMNS


@pytest.mark.parametrize("bad", ["", "   ", "a,b", 'x"y', "0301 234", "9" * 51])
def test_unsafe_enterprise_ids_are_refused(bad: str) -> None:
    with pytest.raises(InvalidEnterpriseIdError) as info:
        csv_template_bytes(bad)
    assert "'" in info.value.message("vi")

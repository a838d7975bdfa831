"""Plain data tables (indicators, scorecards, target progress) as CSV, XLSX or Parquet.

Why a separate renderer: these tables are data for analysts, not regulator forms, so every
column (including each indicator's ``unit`` and ``formula`` and its coverage) is written as it
is. CSV gets a BOM so Excel shows Vietnamese, and every text cell is neutralised against
formula injection in CSV and XLSX.
"""

from __future__ import annotations

import io
from typing import BinaryIO, Literal

import polars as pl

from parkghg.spreadsheet import neutralise_formulas

TableFormat = Literal["csv", "xlsx", "parquet"]
TABLE_FORMATS: tuple[str, ...] = ("csv", "xlsx", "parquet")


def table_bytes(frame: pl.DataFrame, fmt: TableFormat, sheet: str = "data") -> bytes:
    """The frame rendered in ``fmt``."""
    buf = io.BytesIO()
    write_table_file(frame, fmt, buf, sheet=sheet)
    return buf.getvalue()


def write_table_file(frame: pl.DataFrame, fmt: TableFormat, out: BinaryIO,
                     sheet: str = "data") -> None:
    """Write ``frame`` to a binary stream in ``fmt``."""
    if fmt == "parquet":
        frame.write_parquet(out)
        return
    safe = neutralise_formulas(frame)
    if fmt == "csv":
        safe.write_csv(out, include_bom=True, date_format="%Y-%m-%d")
    else:
        safe.write_excel(out, worksheet=sheet[:31], autofit=True)


__all__ = ["TABLE_FORMATS", "TableFormat", "table_bytes", "write_table_file"]

"""Files people open in Excel: Vietnamese text intact, and no cell that runs as a formula.

Why one place: every CSV the platform hands out (exports, problem lists, downloads) echoes
text someone typed into an upload, and a cell such as ``=HYPERLINK(...)`` must reach the reader
as text (OWASP "CSV injection"). Keeping the rule here means no writer can forget it. The way
back lives here too: numbers as Vietnamese Excel writes them (``1.234,5``) and the ``'`` our
own CSVs put before formula-like text, so a file we handed out can be read back unchanged.
"""

from __future__ import annotations

import io
from typing import Literal

import polars as pl

# Spreadsheet programs treat a text cell starting with one of these as a formula (or, for tab
# and CR, as a cell break that can smuggle one in).
_FORMULA_START = r"^[=+\-@\t\r]"
_FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")
#: A number grouped in thousands by commas, '.' decimals: ``12,345.6`` (Excel's display).
THOUSANDS_COMMA = r"^-?\d{1,3}(,\d{3})+(\.\d+)?$"


def neutralise_formulas(df: pl.DataFrame) -> pl.DataFrame:
    """Prefix risky text cells with ``'`` so Excel shows them as text and never runs them.

    Only text columns are touched: a negative *number* is data, a text cell ``-1+1`` or
    ``=HYPERLINK(...)`` typed into an upload's note is not.
    """
    exprs = [
        pl.when(pl.col(name).str.contains(_FORMULA_START))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in df.schema.items()
        if dtype == pl.String
    ]
    return df.with_columns(exprs) if exprs else df


def neutralise_text(value: object) -> object:
    """The scalar form of :func:`neutralise_formulas`, for CSV cells written one by one.

    Not for XLSX: a cell written as a string (``xlsxwriter``'s ``write_string``) is never a
    formula, and the ``'`` would show as visible text (issue 10 item 9).
    """
    if isinstance(value, str) and value[:1] in _FORMULA_CHARS:
        return "'" + value
    return value


def excel_csv_bytes(df: pl.DataFrame) -> bytes:
    """CSV bytes for Excel: UTF-8 with a byte-order mark, risky text neutralised."""
    buf = io.BytesIO()
    neutralise_formulas(df).write_csv(buf, include_bom=True)
    return buf.getvalue()


def restore_formulas(df: pl.DataFrame) -> pl.DataFrame:
    """Undo :func:`neutralise_formulas` on text cells, so "export, edit, import" is exact."""
    exprs = [
        pl.when(pl.col(name).str.contains("^'" + _FORMULA_START.removeprefix("^")))
        .then(pl.col(name).str.slice(1))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in df.schema.items()
        if dtype == pl.String
    ]
    return df.with_columns(exprs) if exprs else df


def parse_decimal(text: pl.Expr, mark: Literal[".", ","]) -> pl.Expr:
    """A text column as finite numbers (null when not a number), read with decimal ``mark``.

    With ``','`` (Vietnamese Excel) dots are thousands separators: ``1.234,5`` is 1234.5.
    With ``'.'`` a value grouped by commas exactly as Excel displays it (``12,345.6``) is read
    as 12345.6; any other comma leaves the cell "not a number". Which mark a file uses, and
    whether its groupings are unambiguous, is decided once per file by ``ingest.read``.
    """
    s = text.str.strip_chars()
    if mark == ",":
        s = s.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    else:
        s = pl.when(s.str.contains(THOUSANDS_COMMA)).then(
            s.str.replace_all(",", "", literal=True)).otherwise(s)
    value = s.cast(pl.Float64, strict=False)
    return pl.when(value.is_finite()).then(value).otherwise(None)

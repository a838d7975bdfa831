"""Files people open in Excel: Vietnamese text intact, and no cell that runs as a formula.

Why one place: every CSV the platform hands out (exports, problem lists, downloads) echoes
text someone typed into an upload, and a cell such as ``=HYPERLINK(...)`` must reach the reader
as text (OWASP "CSV injection"). Keeping the rule here means no writer can forget it.
"""

from __future__ import annotations

import io

import polars as pl

# Spreadsheet programs treat a text cell starting with one of these as a formula (or, for tab
# and CR, as a cell break that can smuggle one in).
_FORMULA_START = r"^[=+\-@\t\r]"
_FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")


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
    """The scalar form of :func:`neutralise_formulas`, for cells written one by one."""
    if isinstance(value, str) and value[:1] in _FORMULA_CHARS:
        return "'" + value
    return value


def excel_csv_bytes(df: pl.DataFrame) -> bytes:
    """CSV bytes for Excel: UTF-8 with a byte-order mark, risky text neutralised."""
    buf = io.BytesIO()
    neutralise_formulas(df).write_csv(buf, include_bom=True)
    return buf.getvalue()

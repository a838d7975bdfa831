"""Table cells in the reader's language, as polars expressions with the language bound in.

Why: polars runs ``map_elements`` on its own worker threads, where Streamlit's session (and so
the reader's language choice) cannot be seen; a cell formatted there fell back to Vietnamese
in English mode ("1.825,9", "Phạm vi 1") and logged a "missing ScriptRunContext" warning per
cell. Every function here takes the language explicitly and calls only pure formatters.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from babel.dates import format_date

from parkghg.i18n import Lang, fmt_number, t

# Full dates: 28/11/2026 in Vietnamese, 28 Nov 2026 in English (never a two-digit year).
_DATE_PATTERN: dict[str, str] = {"vi": "dd/MM/yyyy", "en": "d MMM yyyy"}
DASH = "–"


def day_text(value: dt.date | dt.datetime | None, lang: Lang) -> str:
    """A full date in ``lang`` (a dash when unknown)."""
    if value is None:
        return DASH
    plain = value.date() if isinstance(value, dt.datetime) else value
    return format_date(plain, format=_DATE_PATTERN[lang], locale=lang)


def when_text(value: dt.datetime | None, lang: Lang) -> str:
    """A full date and hh:mm (UTC, as stored) in ``lang``."""
    if value is None:
        return DASH
    return f"{day_text(value, lang)} {value:%H:%M}"


def number(column: str, lang: Lang, digits: int = 0) -> pl.Expr:
    """``column`` as text in ``lang``'s number format (a dash for missing values)."""
    return pl.col(column).map_elements(lambda v: fmt_number(v, lang, digits),
                                       return_dtype=pl.String, skip_nulls=False
                                       ).fill_null(DASH)


def label(column: str, prefix: str, lang: Lang) -> pl.Expr:
    """``column``'s codes as catalogue text: ``prefix + code`` looked up in ``lang``."""
    return pl.col(column).cast(pl.String).map_elements(
        lambda code: t(f"{prefix}{code}", lang), return_dtype=pl.String).fill_null(DASH)


def when(column: str, lang: Lang) -> pl.Expr:
    """A timestamp column as full date and time in ``lang``."""
    return pl.col(column).map_elements(lambda v: when_text(v, lang), return_dtype=pl.String,
                                       skip_nulls=False).fill_null(DASH)


def day(column: str, lang: Lang) -> pl.Expr:
    """A date column as a full date in ``lang``."""
    return pl.col(column).map_elements(lambda v: day_text(v, lang), return_dtype=pl.String,
                                       skip_nulls=False).fill_null(DASH)


def text(column: str) -> pl.Expr:
    """A text column with missing values shown as a dash (never Python's ``None``)."""
    return pl.col(column).cast(pl.String).fill_null(DASH)


def localised(frame: pl.DataFrame, lang: Lang, digits: int = 1) -> pl.DataFrame:
    """``frame`` with every float column as text in ``lang``'s number format.

    Streamlit draws numeric columns with its own (English) grouping, so a Vietnamese page
    showed "3,228.0"; a table meant for reading gets its numbers as text here.
    """
    floats = [c for c, dtype in frame.schema.items() if dtype.is_float()]
    return frame.with_columns(number(c, lang, digits) for c in floats)

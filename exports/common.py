"""Helpers shared by the exports: spreadsheet safety, bilingual labels, xlsx styles.

Why one place: every file we hand to a regulator or enterprise must open the same way in Excel
(Vietnamese text intact, no formula injection, the same header look), so the rules live here
once instead of drifting between exports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
import xlsxwriter.workbook
import xlsxwriter.worksheet

from parkghg.i18n import t


def join_ids(col: str = "factor_ids") -> pl.Expr:
    """Aggregate ``"; "``-joined id lists of a group into one sorted, de-duplicated list."""
    ids = pl.col(col).drop_nulls().str.split("; ").list.explode(keep_nulls=False,
                                                                 empty_as_null=False)
    return ids.filter(ids != "").unique().sort().str.join("; ").alias(col)


def bilingual(key: str, **params: object) -> str:
    """A heading with the Vietnamese text first and the English alongside, on two lines."""
    return f"{t(key, 'vi', **params)}\n{t(key, 'en', **params)}"


def bilingual_inline(key: str, **params: object) -> str:
    """Vietnamese / English on one line (sheet titles, notes)."""
    return f"{t(key, 'vi', **params)} / {t(key, 'en', **params)}"


@dataclass(frozen=True)
class Column:
    """One column of a styled table: data field, heading key, number format, width."""

    field: str
    label_key: str
    num_format: str | None = None
    width: float = 14


#: The leading columns of every per-enterprise-year table (inventory table, screening list).
ENTERPRISE_YEAR_COLUMNS: tuple[Column, ...] = (
    Column("enterprise_id", "export.col_enterprise_id", None, 14),
    Column("enterprise_name", "export.col_enterprise_name", None, 30),
    Column("park_id", "export.col_park_id", None, 12),
    Column("sector_id", "export.col_sector_id", None, 16),
    Column("year", "export.col_year", "0", 8),
)


class Styles:
    """The handful of cell formats every workbook uses (created once per workbook)."""

    def __init__(self, wb: xlsxwriter.workbook.Workbook) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.subtitle = wb.add_format({"italic": True, "font_color": "#444444"})
        self.section = wb.add_format({"bold": True, "font_size": 12, "font_color": "#1F4E79"})
        self.header = wb.add_format({
            "bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7",
            "border": 1,
        })
        self.text = wb.add_format({"valign": "top", "text_wrap": True})
        self.label = wb.add_format({"bold": True, "valign": "top", "text_wrap": True})
        self.warning = wb.add_format({
            "bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE", "text_wrap": True,
        })
        self.total = wb.add_format({"bold": True, "top": 1, "num_format": "#,##0.00"})
        self._wb = wb
        self._numbers: dict[str, object] = {}

    def number(self, num_format: str | None, *, provisional: bool = False) -> object:
        """A cached number format; provisional cells get an amber fill so they stand out."""
        key = f"{num_format}|{provisional}"
        if key not in self._numbers:
            spec: dict[str, object] = {"valign": "top"}
            if num_format:
                spec["num_format"] = num_format
            if provisional:
                spec["bg_color"] = "#FFEB9C"
            self._numbers[key] = self._wb.add_format(spec)
        return self._numbers[key]


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` needs in a column ``width`` characters wide (a safe estimate)."""
    per_line = max(1, int(width) - 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def write_table(
    ws: xlsxwriter.worksheet.Worksheet,
    styles: Styles,
    row: int,
    df: pl.DataFrame,
    columns: Sequence[Column],
    *,
    provisional_field: str | None = None,
) -> int:
    """Write a header (bilingual) and the rows of ``df``; return the next free row.

    Text cells are neutralised against formula injection; rows flagged provisional are shaded.
    """
    lines = 1
    for c, col in enumerate(columns):
        label = bilingual(col.label_key)
        ws.write_string(row, c, label, styles.header)
        ws.set_column(c, c, col.width)
        lines = max(lines, wrapped_lines(label, col.width))
    ws.set_row(row, 15 * lines)
    row += 1
    for rec in df.iter_rows(named=True):
        prov = bool(provisional_field and rec.get(provisional_field))
        for c, col in enumerate(columns):
            value = rec.get(col.field)
            fmt = styles.number(col.num_format, provisional=prov)
            if value is None:
                ws.write_blank(row, c, None, fmt)
            elif isinstance(value, bool):
                ws.write_string(row, c, bilingual_inline("export.yes" if value else "export.no"),
                                fmt)
            elif isinstance(value, int | float):
                ws.write_number(row, c, value, fmt)
            else:
                # A string cell is never a formula: no visible ' (issue 10 item 9).
                ws.write_string(row, c, str(value), fmt)
        row += 1
    return row


def new_sheet(
    wb: xlsxwriter.workbook.Workbook, name: str
) -> xlsxwriter.worksheet.Worksheet:
    """A worksheet that prints the way officials file it: A4 landscape, one page wide.

    Why: these workbooks are printed and signed (Form 06, the People's Committee summary);
    without a print layout, columns spill onto separate pages.
    """
    ws = wb.add_worksheet(name)
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.set_footer("&L&A&R&P / &N")
    return ws

"""The monthly upload templates (CSV and XLSX) that enterprises fill in and send back.

Why built from ``parkghg.contract``: the header, the drop-down lists and the guide sheet all
come from the one contract table, so a new item appears in the template without touching this
module. Every user-facing text comes from the ``template`` catalogue (or the contract's own
labels), so translators own the wording. The templates carry no example *data* rows: an
enterprise fills the file in and uploads it as it is; examples live on their own sheet, which
the platform never reads (it reads only the first sheet).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from parkghg import contract
from parkghg.errors import ParkGHGError
from parkghg.i18n import Lang, t
from parkghg.log import get_logger

log = get_logger(__name__)

EXAMPLE_ENTERPRISE_ID = "3601234567"
EXAMPLE_COUNTERPARTY_ID = "3609876543"
EXAMPLE_PERIOD = "2025-06"
LISTS_SHEET = "lists"
# Rows below the header that carry drop-downs, formats and highlights; a month is ~10-100 rows.
DATA_ROWS = 5000
ENTERPRISE_ID_MAX = 50
_ENTERPRISE_ID_RE = re.compile(r"^[0-9A-Za-z._-]+$")
# Excel's own limits for data-validation pop-ups; longer texts make Excel drop the rule.
_DV_TITLE_MAX = 32
_DV_MESSAGE_MAX = 255

SCHEMA: dict[str, type[pl.DataType]] = {
    c: (pl.Float64 if c == "quantity" else pl.String) for c in contract.COLUMNS
}
_WIDTHS: dict[str, float] = {
    "enterprise_id": 17, "period": 11, "category": 14, "item": 22, "quantity": 13,
    "unit": 13, "use": 13, "treatment": 28, "counterparty": 30, "note": 42,
    "equipment": 28,
}
_REQUIREMENT_KEY: dict[str, str] = {"use": "template.req.fuel", "treatment": "template.req.waste",
                                    "equipment": "template.req.refrigerant"}
RULE_KEYS: tuple[str, ...] = tuple(
    f"template.rule.{r}"
    for r in (
        "first_sheet", "one_row", "headers", "whole_file", "replace", "locked",
        "own_enterprise", "decimal", "csv_text", "outliers", "highlight",
    )
)
# Guide sheet grid: A code, B-C short cells, D and E Vietnamese / English prose, F example.
_GUIDE_WIDTHS: tuple[float, ...] = (24, 20, 24, 58, 58, 22)


class InvalidEnterpriseIdError(ParkGHGError):
    """An enterprise id to pre-fill that cannot be written safely into a drop-down list."""


# ----------------------------------------------------------------------------- text helpers


def _both(key: str, sep: str = "\n", **params: object) -> str:
    """Vietnamese first, English second: the workbook serves both readers at once."""
    return f"{t(key, 'vi', **params)}{sep}{t(key, 'en', **params)}"


def _col_params(column: str) -> dict[str, object]:
    limits = {"note": contract.NOTE_MAX_CHARS, "equipment": contract.EQUIPMENT_MAX_CHARS}
    return {"max": limits[column]} if column in limits else {}


def _col_text(column: str, part: str, lang: Lang) -> str:
    return t(f"template.col.{column}.{part}", lang, **_col_params(column))


def requirement_key(column: str) -> str:
    """The catalogue key saying whether ``column`` must be filled."""
    if column in contract.REQUIRED_COLUMNS:
        return "template.req.yes"
    return _REQUIREMENT_KEY.get(column, "template.req.no")


def sheet_names() -> tuple[str, str, str]:
    """(data, guide, example) sheet names, ``"Dữ liệu - Data"`` etc. (``/`` is not allowed)."""
    return (_both("template.sheet.data", sep=" - "), _both("template.sheet.guide", sep=" - "),
            _both("template.sheet.example", sep=" - "))


def check_enterprise_id(enterprise_id: str | None) -> str | None:
    """The id stripped, or an error when it would break the CSV or the drop-down list."""
    if enterprise_id is None:
        return None
    value = enterprise_id.strip()
    if not value or len(value) > ENTERPRISE_ID_MAX or not _ENTERPRISE_ID_RE.match(value):
        raise InvalidEnterpriseIdError(
            "template.invalid_enterprise_id", enterprise_id=enterprise_id, max=ENTERPRISE_ID_MAX
        )
    return value


# ----------------------------------------------------------------------------- example rows


@dataclass(frozen=True)
class _Example:
    category: str
    item: str
    quantity: float
    unit: str
    use: str | None = None
    treatment: str | None = None
    counterparty: str | None = None  # a literal enterprise id
    counterparty_key: str | None = None  # a catalogue key (a name)
    note_key: str | None = None
    equipment_key: str | None = None  # a catalogue key (the equipment's name)


_EXAMPLES: tuple[_Example, ...] = (
    _Example("electricity", "grid", 125000, "kWh", counterparty_key="template.example.evn"),
    _Example("electricity", "onsite_solar", 18.5, "MWh", note_key="template.example.note_solar"),
    _Example("fuel", "diesel", 1200, "L", use="stationary",
             note_key="template.example.note_generator"),
    _Example("fuel", "diesel", 850, "L", use="mobile", note_key="template.example.note_forklift"),
    _Example("fuel", "natural_gas", 15400, "Sm3", use="stationary",
             note_key="template.example.note_boiler"),
    _Example("refrigerant", "r410a", 12.5, "kg", note_key="template.example.note_chiller",
             equipment_key="template.example.equipment_chiller"),
    _Example("water", "municipal", 3400, "m3"),
    _Example("wastewater", "discharged", 2900, "m3"),
    _Example("waste", "scrap_metal", 4.2, "t", treatment="recycling",
             counterparty=EXAMPLE_COUNTERPARTY_ID, note_key="template.example.note_symbiosis"),
    _Example("waste", "wood_waste", 1.6, "t", treatment="reuse",
             note_key="template.example.note_pallets"),
    _Example("waste", "hazardous", 350, "kg", treatment="incineration",
             counterparty_key="template.example.collector"),
    _Example("waste", "general", 2.8, "t", treatment="landfill",
             counterparty_key="template.example.collector"),
    _Example("production", "output", 86.5, "t"),
    _Example("finance", "revenue", 12500, "million_VND"),
)


def example_rows(
    enterprise_id: str = EXAMPLE_ENTERPRISE_ID, period: str = EXAMPLE_PERIOD, lang: Lang = "vi"
) -> pl.DataFrame:
    """Correct example rows covering every kind of data, in the contract's columns.

    Also the fixture for "a filled-in template passes ingest": pass a registered
    ``enterprise_id`` and a past ``period`` and feed the frame to ``xlsx_template_bytes``.
    """
    records = []
    for ex in _EXAMPLES:
        counterparty = ex.counterparty or (t(ex.counterparty_key, lang) if ex.counterparty_key
                                           else None)
        records.append({
            "enterprise_id": enterprise_id, "period": period, "category": ex.category,
            "item": ex.item, "quantity": float(ex.quantity), "unit": ex.unit, "use": ex.use,
            "treatment": ex.treatment, "counterparty": counterparty,
            "note": t(ex.note_key, lang) if ex.note_key else None,
            "equipment": t(ex.equipment_key, lang) if ex.equipment_key else None,
        })
    return pl.DataFrame(records, schema=SCHEMA)


def _rows_frame(enterprise_id: str | None, rows: pl.DataFrame | None) -> pl.DataFrame:
    """The rows to put in the file: the given ones, else one row with only the id, else none."""
    if rows is not None:
        return rows.select(contract.COLUMNS).cast(SCHEMA)
    if enterprise_id is not None:
        return pl.DataFrame([{"enterprise_id": enterprise_id}], schema=SCHEMA)
    return pl.DataFrame(schema=SCHEMA)


# ----------------------------------------------------------------------------- CSV


def _format_quantity(value: float | None) -> str | None:
    """``125000`` rather than ``125000.0``: the CSV is read by people as well as the platform."""
    return None if value is None else f"{value:.15g}"


def csv_template_bytes(
    enterprise_id: str | None = None, *, rows: pl.DataFrame | None = None
) -> bytes:
    """The CSV template: UTF-8 with BOM (so Excel shows Vietnamese), the contract header.

    With ``enterprise_id`` one row carries only the id, ready to be completed; ``rows``
    (e.g. ``example_rows()``) fills the template instead, for tests and the example file.
    """
    frame = _rows_frame(check_enterprise_id(enterprise_id), rows)
    frame = frame.with_columns(
        pl.Series("quantity", [_format_quantity(q) for q in frame["quantity"]], dtype=pl.String)
    )
    buf = io.BytesIO()
    frame.write_csv(buf, include_bom=True)
    return buf.getvalue()


def example_csv_bytes(lang: Lang = "vi") -> bytes:
    """The example rows as a CSV file of their own (never mixed into the template)."""
    return csv_template_bytes(rows=example_rows(lang=lang))


# ----------------------------------------------------------------------------- XLSX


@dataclass(frozen=True)
class _Formats:
    text: Format
    number: Format
    header_required: Format
    header_optional: Format
    title: Format
    section: Format
    table_header: Format
    cell: Format
    cell_code: Format
    group: Format
    missing: Format
    notice: Format


def _formats(wb: Workbook) -> _Formats:
    base = {"valign": "top", "font_size": 11}
    wrap = {**base, "text_wrap": True, "border": 1, "border_color": "#BFBFBF"}
    return _Formats(
        text=wb.add_format({"num_format": "@"}),
        number=wb.add_format({"num_format": "General"}),
        header_required=wb.add_format({"bold": True, "font_color": "#FFFFFF",
                                       "bg_color": "#1E6B45", "border": 1}),
        header_optional=wb.add_format({"bold": True, "font_color": "#1F1F1F",
                                       "bg_color": "#CFE3D6", "border": 1}),
        title=wb.add_format({"bold": True, "font_size": 15, "font_color": "#1E6B45"}),
        section=wb.add_format({"bold": True, "font_size": 12, "font_color": "#FFFFFF",
                               "bg_color": "#1E6B45"}),
        table_header=wb.add_format({**wrap, "bold": True, "bg_color": "#CFE3D6"}),
        cell=wb.add_format(wrap),
        cell_code=wb.add_format({**wrap, "bold": True, "font_name": "Consolas"}),
        group=wb.add_format({**wrap, "bold": True, "bg_color": "#EEF5F0"}),
        missing=wb.add_format({"bg_color": "#F8D7DA"}),
        notice=wb.add_format({**wrap, "bold": True, "bg_color": "#FFF2CC"}),
    )


def _list_sources() -> list[tuple[str, Sequence[str]]]:
    """Named ranges for the drop-downs: full lists, then items per category, units per item."""
    return [
        ("list_category", contract.CATEGORIES),
        ("list_item", tuple(dict.fromkeys(s.item for s in contract.ITEMS))),
        ("list_unit", contract.all_units()),
        ("list_use", contract.USES),
        ("list_treatment", (*contract.TREATMENTS, *contract.WASTEWATER_TREATMENTS)),
        *((f"items_{c}", contract.items_of(c)) for c in contract.CATEGORIES),
        *((f"units_{s.category}_{s.item}", s.units) for s in contract.ITEMS),
    ]


def _write_lists_sheet(wb: Workbook, ws: Worksheet) -> None:
    """A hidden sheet holding every drop-down list, each under a workbook-level name."""
    for col, (name, values) in enumerate(_list_sources()):
        ws.write_string(0, col, name)
        for row, value in enumerate(values, start=1):
            ws.write_string(row, col, value)
        letter = xl_col_to_name(col)
        wb.define_name(name, f"={LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}")
    ws.hide()


def _col_letter(column: str) -> str:
    return xl_col_to_name(contract.COLUMNS.index(column))


def _cascading_sources() -> dict[str, str]:
    """Item depends on category, unit on category+item; blank parents show the full list."""
    cat, item = f"${_col_letter('category')}2", f"${_col_letter('item')}2"
    return {
        "item": f'=INDIRECT(IF({cat}="","list_item","items_"&{cat}))',
        "unit": (f'=INDIRECT(IF(OR({cat}="",{item}=""),"list_unit",'
                 f'"units_"&{cat}&"_"&{item}))'),
    }


def _checked(options: dict[str, object]) -> dict[str, object]:
    """Fail loudly here rather than let Excel silently drop a too-long pop-up."""
    limits = {"input_title": _DV_TITLE_MAX, "error_title": _DV_TITLE_MAX,
              "input_message": _DV_MESSAGE_MAX, "error_message": _DV_MESSAGE_MAX}
    for key, limit in limits.items():
        if len(str(options.get(key, ""))) > limit:
            raise ValueError(f"data-validation {key} over Excel's {limit} characters: {options}")
    return options


def _input_popup(column: str) -> dict[str, object]:
    title = f"{column} – {t(f'template.col.{column}.title', 'vi')}"
    return {
        "input_title": title if len(title) <= _DV_TITLE_MAX else column,
        "input_message": f"{_col_text(column, 'hint', 'vi')}\n{_col_text(column, 'hint', 'en')}",
    }


def _cell_rule(column: str, enterprise_id: str | None) -> dict[str, object]:
    """The data-validation rule for the data cells of one column."""
    sources = {"category": "=list_category", "use": "=list_use",
               "treatment": "=list_treatment", **_cascading_sources()}
    if column in sources:
        return {"validate": "list", "source": sources[column],
                "error_message": _both("template.dv.list_error")}
    if column == "enterprise_id" and enterprise_id is not None:
        return {"validate": "list", "source": [enterprise_id],
                "error_message": _both("template.dv.enterprise_error",
                                       enterprise_id=enterprise_id)}
    if column == "quantity":
        return {"validate": "decimal", "criteria": ">=", "value": 0,
                "error_message": _both("template.dv.quantity_error")}
    if column == "period":
        # A warning, not a stop: a date Excel made of the month is still accepted on upload.
        return {"validate": "length", "criteria": "between", "minimum": 7, "maximum": 10,
                "error_type": "warning", "error_message": _both("template.dv.period_error")}
    if column == "note":
        return {"validate": "length", "criteria": "<=", "value": contract.NOTE_MAX_CHARS,
                "error_message": _both("template.dv.note_error", max=contract.NOTE_MAX_CHARS)}
    if column == "equipment":
        return {"validate": "length", "criteria": "<=", "value": contract.EQUIPMENT_MAX_CHARS,
                "error_message": _both("template.dv.equipment_error",
                                       max=contract.EQUIPMENT_MAX_CHARS)}
    return {"validate": "any"}


def _print_setup(ws: Worksheet) -> None:
    """A4 landscape, one page wide: accountants print the guide and file it."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)


def _write_table(
    ws: Worksheet, fmts: _Formats, frame: pl.DataFrame, enterprise_id: str | None
) -> None:
    """Header, column formats, drop-downs and rows: shared by the data and example sheets."""
    last = DATA_ROWS
    error_title = _both("template.dv.error_title", sep=" / ")
    for col, name in enumerate(contract.COLUMNS):
        required = name in contract.REQUIRED_COLUMNS
        ws.write_string(0, col, name, fmts.header_required if required else fmts.header_optional)
        ws.set_column(col, col, _WIDTHS[name], fmts.number if name == "quantity" else fmts.text)
        popup = _input_popup(name)
        ws.data_validation(0, col, 0, col, _checked({"validate": "any", **popup}))
        rule = {**_cell_rule(name, enterprise_id), **popup}
        if rule["validate"] != "any":
            rule["error_title"] = error_title
        ws.data_validation(1, col, last, col, _checked(rule))
    ws.set_row(0, 20)
    ws.freeze_panes(1, 0)
    _print_setup(ws)
    ws.repeat_rows(0)
    for row_idx, row in enumerate(frame.iter_rows(named=True), start=1):
        for col, name in enumerate(contract.COLUMNS):
            value = row[name]
            if value is None:
                continue
            if name == "quantity":
                ws.write_number(row_idx, col, value, fmts.number)
            else:
                ws.write_string(row_idx, col, str(value), fmts.text)
    _highlight_missing(ws, fmts)


def _highlight_missing(ws: Worksheet, fmts: _Formats) -> None:
    """Light-red required cells in a started row, and a missing treatment where one is due
    (waste rows, and wastewater treated on site)."""
    first, last_col = contract.COLUMNS[0], _col_letter(contract.COLUMNS[-1])
    req_last = max(contract.COLUMNS.index(c) for c in contract.REQUIRED_COLUMNS)
    row_started = f"COUNTA(${_col_letter(first)}2:${last_col}2)>0"
    ws.conditional_format(1, 0, DATA_ROWS, req_last, {
        "type": "formula", "criteria": f'=AND({row_started},A2="")', "format": fmts.missing,
    })
    cat, treat = _col_letter("category"), _col_letter("treatment")
    item = _col_letter("item")
    col = contract.COLUMNS.index("treatment")
    ws.conditional_format(1, col, DATA_ROWS, col, {
        "type": "formula",
        "criteria": f'=AND(OR(${cat}2="waste",${item}2="treated_onsite"),{treat}2="")',
        "format": fmts.missing,
    })


class _GuideWriter:
    """Writes the guide sheet top to bottom, sizing wrapped rows (Excel won't for merges)."""

    def __init__(self, ws: Worksheet, fmts: _Formats) -> None:
        self.ws, self.fmts, self.row = ws, fmts, 0
        for col, width in enumerate(_GUIDE_WIDTHS):
            ws.set_column(col, col, width)

    def _height(self, cells: Sequence[tuple[str, int, int]]) -> None:
        """Row height from the longest text, given (text, first col, last col) per cell."""
        lines = 1
        for text, c0, c1 in cells:
            chars = max(1.0, sum(_GUIDE_WIDTHS[c0:c1 + 1]) * 1.15)
            n = sum(max(1, math.ceil(len(part) / chars)) for part in text.split("\n"))
            lines = max(lines, n)
        self.ws.set_row(self.row, 15 * lines + 4)

    def _put(self, text: str, c0: int, c1: int, fmt: Format) -> None:
        if c0 == c1:
            self.ws.write_string(self.row, c0, text, fmt)
        else:
            self.ws.merge_range(self.row, c0, self.row, c1, text, fmt)

    def line(self, cells: Sequence[tuple[str, int, int]], fmt: Format | None = None,
             code: int | None = None) -> None:
        """One row of (text, first col, last col) cells; cell number ``code`` is a code."""
        for i, (text, c0, c1) in enumerate(cells):
            cell_fmt = self.fmts.cell_code if i == code else (fmt or self.fmts.cell)
            self._put(text, c0, c1, cell_fmt)
        self._height(cells)
        self.row += 1

    def title(self, text: str) -> None:
        self.ws.write_string(self.row, 0, text, self.fmts.title)
        self.ws.set_row(self.row, 24)
        self.row += 1

    def section(self, key: str) -> None:
        self.row += 1
        self._put(_both(key, sep=" / "), 0, len(_GUIDE_WIDTHS) - 1, self.fmts.section)
        self.ws.set_row(self.row, 20)
        self.row += 1

    def header(self, cells: Sequence[tuple[str, int, int]]) -> None:
        self.line([(_both(k), c0, c1) for k, c0, c1 in cells], self.fmts.table_header)


_LAST = len(_GUIDE_WIDTHS) - 1
_BILINGUAL_HEADER = (("template.th.text_vi", 1, 3), ("template.th.text_en", 4, _LAST))


def _guide_intro(g: _GuideWriter, enterprise_id: str | None) -> None:
    g.title(_both("template.guide.title", sep=" / ", version=contract.TEMPLATE_VERSION))
    g.line([(t("template.guide.intro", "vi"), 0, _LAST)])
    g.line([(t("template.guide.intro", "en"), 0, _LAST)])
    if enterprise_id is not None:
        g.line([(_both("template.guide.prefilled", enterprise_id=enterprise_id), 0, _LAST)],
               g.fmts.notice)


def _guide_rules(g: _GuideWriter) -> None:
    g.section("template.guide.section_rules")
    g.header([("template.th.number", 0, 0), *_BILINGUAL_HEADER])
    for n, key in enumerate(RULE_KEYS, start=1):
        g.line([(str(n), 0, 0), (t(key, "vi"), 1, 3), (t(key, "en"), 4, _LAST)])


def _guide_columns(g: _GuideWriter) -> None:
    g.section("template.guide.section_columns")
    g.header([("template.th.column", 0, 0), ("template.th.required", 1, 1),
              ("template.th.vi_name", 2, 2), ("template.th.text_vi", 3, 3),
              ("template.th.text_en", 4, 4), ("template.th.example", 5, 5)])
    for column in contract.COLUMNS:
        g.line([
            (column, 0, 0), (_both(requirement_key(column)), 1, 1),
            (f"{_col_text(column, 'title', 'vi')}\n{_col_text(column, 'title', 'en')}", 2, 2),
            (_col_text(column, "content", "vi"), 3, 3), (_col_text(column, "content", "en"), 4, 4),
            (_col_text(column, "example", "vi"), 5, 5),
        ], code=0)


def _guide_items(g: _GuideWriter) -> None:
    g.section("template.guide.section_items")
    g.header([("template.th.category", 0, 0), ("template.th.item", 1, 1),
              ("template.th.units", 2, 2), ("template.th.text_vi", 3, 3),
              ("template.th.text_en", 4, _LAST)])
    for category in contract.CATEGORIES:
        en, vi = contract.CATEGORY_LABELS[category]
        g.line([(f"{category} — {vi} / {en}", 0, _LAST)], g.fmts.group)
        for item in contract.items_of(category):
            spec = contract.item_spec(category, item)
            assert spec is not None
            g.line([(category, 0, 0), (item, 1, 1), (", ".join(spec.units), 2, 2),
                    (spec.meaning_vi, 3, 3), (spec.meaning_en, 4, _LAST)], code=1)


def _guide_code_table(g: _GuideWriter, section: str, labels: dict[str, tuple[str, str]],
                      codes: Sequence[str]) -> None:
    g.section(section)
    g.header([("template.th.code", 0, 0), *_BILINGUAL_HEADER])
    for code in codes:
        en, vi = labels[code]
        g.line([(code, 0, 0), (vi, 1, 3), (en, 4, _LAST)], code=0)


def _guide_aliases(g: _GuideWriter) -> None:
    g.section("template.guide.section_aliases")
    g.line([(t("template.guide.aliases_intro", "vi"), 0, 3),
            (t("template.guide.aliases_intro", "en"), 4, _LAST)])
    g.header([("template.th.alias", 0, 0), ("template.th.maps_to", 1, 1)])
    for alias, column in contract.HEADER_ALIASES_VI.items():
        g.line([(alias, 0, 0), (column, 1, 1)], code=1)


def _guide_units(g: _GuideWriter) -> None:
    g.section("template.guide.section_units")
    g.header([("template.th.unit", 0, 0), *_BILINGUAL_HEADER])
    for unit in contract.all_units():
        key = f"template.unit.{unit}"
        g.line([(unit, 0, 0), (t(key, "vi"), 1, 3), (t(key, "en"), 4, _LAST)], code=0)


def _write_guide_sheet(ws: Worksheet, fmts: _Formats, enterprise_id: str | None) -> None:
    g = _GuideWriter(ws, fmts)
    _guide_intro(g, enterprise_id)
    _guide_rules(g)
    _guide_columns(g)
    _guide_items(g)
    _guide_code_table(g, "template.guide.section_treatments", contract.TREATMENT_LABELS,
                      contract.TREATMENTS)
    _guide_code_table(g, "template.guide.section_wastewater_treatments",
                      contract.WASTEWATER_TREATMENT_LABELS, contract.WASTEWATER_TREATMENTS)
    _guide_code_table(g, "template.guide.section_uses", contract.USE_LABELS, contract.USES)
    _guide_aliases(g)
    _guide_units(g)
    ws.hide_gridlines(2)
    _print_setup(ws)


def xlsx_template_bytes(
    enterprise_id: str | None = None, *, rows: pl.DataFrame | None = None
) -> bytes:
    """The XLSX template: data sheet first (the only one read), then guide, example, lists.

    ``rows`` fills the data sheet (tests, or handing an enterprise its own data back).
    """
    enterprise_id = check_enterprise_id(enterprise_id)
    data_name, guide_name, example_name = sheet_names()
    buf = io.BytesIO()
    with xlsxwriter.Workbook(buf, {"in_memory": True}) as wb:
        fmts = _formats(wb)
        wb.set_properties({"title": _both("template.guide.title", sep=" / ",
                                          version=contract.TEMPLATE_VERSION)})
        data_ws = wb.add_worksheet(data_name)
        guide_ws = wb.add_worksheet(guide_name)
        example_ws = wb.add_worksheet(example_name)
        _write_lists_sheet(wb, wb.add_worksheet(LISTS_SHEET))
        _write_table(data_ws, fmts, _rows_frame(enterprise_id, rows), enterprise_id)
        _write_guide_sheet(guide_ws, fmts, enterprise_id)
        _write_table(example_ws, fmts, example_rows(enterprise_id or EXAMPLE_ENTERPRISE_ID),
                     None)
        data_ws.activate()
    return buf.getvalue()


# ----------------------------------------------------------------------------- files


def template_file_stem(enterprise_id: str | None = None) -> str:
    """``parkghg_upload_template_v1`` (+ ``_<enterprise id>`` when pre-filled)."""
    stem = f"parkghg_upload_template_{contract.TEMPLATE_VERSION}"
    return f"{stem}_{enterprise_id}" if enterprise_id else stem


def write_templates(out_dir: Path, enterprise_id: str | None = None) -> list[Path]:
    """Write the CSV and XLSX templates into ``out_dir`` (created if needed)."""
    enterprise_id = check_enterprise_id(enterprise_id)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = template_file_stem(enterprise_id)
    written = []
    for suffix, content in ((".csv", csv_template_bytes(enterprise_id)),
                            (".xlsx", xlsx_template_bytes(enterprise_id))):
        path = out_dir / f"{stem}{suffix}"
        path.write_bytes(content)
        written.append(path)
    log.info("wrote upload templates %s", ", ".join(str(p) for p in written))
    return written

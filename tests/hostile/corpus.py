"""The hostile-upload corpus of issue 10, as a generator: each case is a file and the problem
code the platform must answer with.

Why a generator and not committed files: some cases are tens of megabytes (an oversized file,
an XLSX "decompression bomb"), and every case is clearer as the few lines that make it than
as bytes in the repository. ``python -m tests.hostile.corpus DIR`` writes the whole corpus to
``DIR`` for a manual campaign (``parkghg ingest DIR/*``); the tests build each file into their
own ``tmp_path``.

Every file names enterprise ``ENT_A`` of the ``ingest_registry`` world unless the case is
about the id, so a case fails for the one reason it is about.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from parkghg.contract import COLUMNS

ENT = "0301234567"  # tests.worlds.ENT_A
OTHER = "3600123456-001"  # tests.worlds.ENT_B (same park)
HEADER = ",".join(COLUMNS)


@dataclass(frozen=True)
class Hostile:
    """One hostile file: how to make it, and the problem code it must be rejected with."""

    name: str  # file name, extension included (the reader looks at it)
    make: Callable[[], bytes]
    code: str
    big: bool = False  # megabytes: built only in the slow lane


def line(period: str = "2024-01", category: str = "electricity", item: str = "grid",
         quantity: str = "1000", unit: str = "kWh", use: str = "", treatment: str = "",
         counterparty: str = "", note: str = "", enterprise_id: str = ENT) -> str:
    """One CSV row of the contract's ten columns (cells as given, no quoting added)."""
    return ",".join([enterprise_id, period, category, item, quantity, unit, use, treatment,
                     counterparty, note])


def csv(*rows: str, header: str = HEADER, sep: str = ",", encoding: str = "utf-8",
        prefix: bytes = b"") -> bytes:
    """A CSV file of ``rows`` (written with ``,`` then re-separated by ``sep``)."""
    text = "\n".join([header, *rows]) + "\n"
    if sep != ",":
        text = text.replace(",", sep)
    return prefix + text.encode(encoding)


def good(n: int = 1) -> str:
    return "\n".join(line(period=f"2024-{m:02d}") for m in range(1, n + 1))


def xlsx(rows: list[list[str]], *, dimension: str | None = None) -> bytes:
    """A minimal valid XLSX (inline strings) built by hand, so a test controls every byte."""
    def cell(ref: str, value: str) -> str:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>'

    def col(i: int) -> str:
        return chr(ord("A") + i)

    body = "".join(
        f'<row r="{r + 1}">' + "".join(cell(f"{col(c)}{r + 1}", v) for c, v in enumerate(row))
        + "</row>" for r, row in enumerate(rows))
    dim = dimension or f"A1:J{len(rows)}"
    return _xlsx_package(f'<dimension ref="{dim}"/><sheetData>{body}</sheetData>')


def _xlsx_package(sheet_inner: str, *, repeat: str = "", times: int = 0) -> bytes:
    sheet_head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
            '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
            '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="upload" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
        if times:
            # Streamed into the archive: the bomb is never held whole in memory here either.
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                sheet.write((sheet_head + sheet_inner.split("<sheetData>")[0]
                             + "<sheetData>").encode())
                chunk = repeat.encode() * 1000
                for _ in range(times // 1000):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
        else:
            archive.writestr("xl/worksheets/sheet1.xml", sheet_head + sheet_inner + "</worksheet>")
    return buf.getvalue()


def _rows_for_xlsx(*rows: str) -> list[list[str]]:
    return [HEADER.split(","), *[r.split(",") for r in rows]]


def xlsx_bomb(rows: int) -> bytes:
    """A valid workbook whose one sheet holds ``rows`` identical rows (compresses ~100:1)."""
    row = ('<row><c t="inlineStr"><is><t>0301234567</t></is></c><c t="inlineStr"><is><t>'
           '2024-01</t></is></c><c t="inlineStr"><is><t>electricity</t></is></c></row>')
    return _xlsx_package('<dimension ref="A1"/><sheetData></sheetData>', repeat=row, times=rows)


def oversized() -> bytes:
    """Just over the 20 MB contract limit: a valid header and valid rows all the way."""
    one = (line() + "\n").encode()
    return HEADER.encode() + b"\n" + one * (21_000_000 // len(one))


def too_many_rows() -> bytes:
    """100,001 data rows, under the size limit."""
    one = (line() + "\n").encode()
    return HEADER.encode() + b"\n" + one * 100_001


_LONG_HEADER = "x" * 140_000 + "," + ",".join(COLUMNS[1:])

CORPUS: tuple[Hostile, ...] = (
    # --- the file as a whole
    Hostile("empty.csv", lambda: b"", "file_empty"),
    Hostile("blank.csv", lambda: b" \n\r\n\t \n", "file_empty"),
    Hostile("header_only.csv", lambda: csv(), "no_rows"),
    Hostile("blank_rows.csv", lambda: csv(",,,,,,,,,", ",,,,,,,,,"), "no_rows"),
    Hostile("legacy.xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "file_format"),
    Hostile("report.pdf", lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "file_format"),
    Hostile("undecodable.csv", lambda: csv(line()) + b"\x81\x8d\x8e\x8f", "file_unreadable"),
    Hostile("garbage.xlsx", lambda: b"PK\x03\x04" + b"\x00garbage" * 100, "file_unreadable"),
    Hostile("truncated.xlsx", lambda: xlsx(_rows_for_xlsx(line()))[:300], "file_unreadable"),
    Hostile("oversized.csv", oversized, "file_too_large", big=True),
    Hostile("too_many_rows.csv", too_many_rows, "too_many_rows", big=True),
    Hostile("bomb.xlsx", lambda: xlsx_bomb(1_000_000), "xlsx_too_large", big=True),
    Hostile("declared_3m_rows.xlsx",
            lambda: xlsx(_rows_for_xlsx(line()), dimension="A1:J3000000"), "too_many_rows"),
    # --- headers
    Hostile("long_first_field.csv", lambda: csv(line(), header=_LONG_HEADER), "cell_too_long"),
    Hostile("unknown_header.csv", lambda: csv(line() + ",x", header=HEADER + ",bogus"),
            "header_unknown"),
    Hostile("missing_column.csv",
            lambda: csv(",".join(c for i, c in enumerate(line().split(",")) if i != 4),
                        header=HEADER.replace("quantity,", "")), "header_missing"),
    Hostile("duplicate_header.csv", lambda: csv(line() + ",x", header=HEADER + ",note"),
            "header_duplicate"),
    # --- periods
    Hostile("year0_dash.csv", lambda: csv(line(period="0000-01")), "period_invalid"),
    Hostile("year0_slash.csv", lambda: csv(line(period="01/0000")), "period_invalid"),
    Hostile("year0_ym_slash.csv", lambda: csv(line(period="0000/01")), "period_invalid"),
    Hostile("year0_date.csv", lambda: csv(line(period="0000-01-01")), "period_invalid"),
    Hostile("month13.csv", lambda: csv(line(period="2024-13")), "period_invalid"),
    Hostile("month0.csv", lambda: csv(line(period="2024-00")), "period_invalid"),
    Hostile("period_words.csv", lambda: csv(line(period="tháng 1")), "period_invalid"),
    Hostile("period_future.csv", lambda: csv(line(period="2999-01")), "period_future"),
    Hostile("period_year1.csv", lambda: csv(line(period="0001-01")), "period_too_old"),
    Hostile("year0.xlsx", lambda: xlsx(_rows_for_xlsx(line(period="0000-01"))),
            "period_invalid"),
    # --- quantities
    Hostile("overflow_gas.csv", lambda: csv(line(category="fuel", item="natural_gas",
                                                 quantity="1.75e308", unit="MMBtu")),
            "quantity_not_finite"),
    Hostile("overflow_revenue.csv", lambda: csv(line(category="finance", item="revenue",
                                                     quantity="1e300", unit="billion_VND")),
            "quantity_not_finite"),
    Hostile("implausible_grid.csv", lambda: csv(line(quantity="1e13")), "quantity_implausible"),
    Hostile("implausible_diesel.csv", lambda: csv(line(category="fuel", item="diesel",
                                                       quantity="9e12", unit="L")),
            "quantity_implausible"),
    Hostile("inf.csv", lambda: csv(line(quantity="inf")), "quantity_not_number"),
    Hostile("neg_inf.csv", lambda: csv(line(quantity="-inf")), "quantity_not_number"),
    Hostile("nan.csv", lambda: csv(line(quantity="NaN")), "quantity_not_number"),
    Hostile("e400.csv", lambda: csv(line(quantity="1e400")), "quantity_not_number"),
    Hostile("negative.csv", lambda: csv(line(quantity="-5")), "quantity_negative"),
    Hostile("with_unit.csv", lambda: csv(line(quantity="12 kWh")), "quantity_not_number"),
    Hostile("hex.csv", lambda: csv(line(quantity="0x1F")), "quantity_not_number"),
    Hostile("grouping_alone.csv", lambda: csv(line(quantity='"1,234"')), "decimal_ambiguous"),
    Hostile("semicolon_dots.csv", lambda: csv(line(quantity="1.234"), sep=";"),
            "decimal_ambiguous"),
    Hostile("semicolon_mixed.csv",
            lambda: (HEADER.replace(",", ";") + "\n"
                     + line(quantity="12#345.6").replace(",", ";").replace("#", ",") + "\n"
                     + line(period="2024-02", quantity="1#5").replace(",", ";")
                     .replace("#", ",") + "\n").encode(), "decimal_ambiguous"),
    Hostile("tab_negative.csv", lambda: csv(line(quantity="-1"), sep="\t"), "quantity_negative"),
    # --- cells
    Hostile("long_note_cell.csv", lambda: csv(line(note="n" * 3000)), "cell_too_long"),
    Hostile("note_600.csv", lambda: csv(line(note="n" * 600)), "note_too_long"),
    Hostile("nul_note.csv", lambda: csv(line(note="a\x00b")), "control_character"),
    Hostile("escape_counterparty.csv", lambda: csv(line(counterparty="EVN\x1b[2J")),
            "control_character"),
    Hostile("nul_header.csv", lambda: csv(line(), header=HEADER.replace("note", "no\x00te")),
            "control_character"),
    Hostile("unbalanced_quote.csv",
            lambda: csv(line(note='"open note'), line(period="2024-02"), line(period="2024-03")),
            "quote_unbalanced"),
    Hostile("line_break_cell.csv", lambda: csv(line(note='"two\nlines"')), "quote_unbalanced"),
    Hostile("long_cell.xlsx", lambda: xlsx(_rows_for_xlsx(line(note="n" * 3000))),
            "cell_too_long"),
    # --- ids and vocabulary (injection strings included: they must stay data)
    Hostile("id_sql.csv", lambda: csv(line(enterprise_id="'; DROP TABLE activity_rows;--")),
            "enterprise_format"),
    Hostile("id_short.csv", lambda: csv(line(enterprise_id="12345")), "enterprise_format"),
    Hostile("id_unknown.csv", lambda: csv(line(enterprise_id="9999999999")),
            "enterprise_unknown"),
    Hostile("two_enterprises.csv", lambda: csv(line(), line(enterprise_id=OTHER)),
            "multiple_enterprises"),
    Hostile("category_sql.csv", lambda: csv(line(category="x' OR '1'='1")), "category_unknown"),
    Hostile("item_unknown.csv", lambda: csv(line(item="unobtainium")), "item_unknown"),
    Hostile("unit_formula.csv", lambda: csv(line(unit="=cmd|' /C calc'!A0")),
            "unit_not_allowed"),
    Hostile("use_invalid.csv", lambda: csv(line(category="fuel", item="diesel", unit="L",
                                                use="flying")), "use_invalid"),
    Hostile("use_not_fuel.csv", lambda: csv(line(use="mobile")), "use_not_fuel"),
    Hostile("coal_on_road.csv", lambda: csv(line(category="fuel", item="coal_anthracite",
                                                 unit="t", use="mobile")),
            "no_road_factor_for_fuel"),
    Hostile("waste_no_route.csv", lambda: csv(line(category="waste", item="plastic", unit="t")),
            "treatment_missing"),
    Hostile("waste_bad_route.csv", lambda: csv(line(category="waste", item="plastic", unit="t",
                                                    treatment="ocean")), "treatment_invalid"),
    Hostile("route_not_waste.csv", lambda: csv(line(treatment="landfill")),
            "treatment_not_waste"),
    Hostile("duplicate_row.csv", lambda: csv(line(), line()), "duplicate_row"),
    Hostile("missing_quantity.csv", lambda: csv(line(quantity="")), "required_missing"),
    Hostile("mixed_production.csv",
            lambda: csv(line(category="production", item="output", unit="t"),
                        line(period="2024-02", category="production", item="output",
                             unit="piece")), "production_unit_mixed"),
    # --- encodings and Excel's habits, each carrying one real error
    Hostile("utf16_bad_period.csv", lambda: csv(line(period="2024-13"), encoding="utf-16"),
            "period_invalid"),
    Hostile("cp1258_bad_category.csv", lambda: csv(line(category="cà phê"), encoding="cp1258"),
            "category_unknown"),
    Hostile("double_bom_bad_period.csv",
            lambda: csv(line(period="2024-13"), prefix=b"\xef\xbb\xbf\xef\xbb\xbf"),
            "period_invalid"),
    Hostile("sep_line_bad_quantity.csv",
            lambda: b"sep=;\n" + csv(line(quantity="abc"), sep=";"), "quantity_not_number"),
)


def write_corpus(directory: Path, *, big: bool = True) -> list[Path]:
    """Write every case to ``directory`` (``big=False`` leaves the megabyte files out)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for case in CORPUS:
        if case.big and not big:
            continue
        path = directory / case.name
        path.write_bytes(case.make())
        paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover - manual campaigns
    written = write_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus"))
    print(f"{len(written)} files written")

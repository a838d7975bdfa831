"""Reading an uploaded file into a frame of text cells, whatever tool saved it.

Why text: ids keep leading zeros and the branch dash, and every cell can be validated and
reported with the value the user actually typed. What this module accepts:

* CSV in UTF-8 (with or without BOM), UTF-16 (Excel "Unicode text"), or Windows-1258
  (Vietnamese Excel's default); separators ``,`` ``;`` or tab, chosen by which one yields the
  contract's headers;
* decimal commas (Vietnamese locale) when that reading is unambiguous, see ``decimal_mark``;
* XLSX: the first sheet only, all cells read as text.

Row numbers are the rows Excel shows (header = row 1), so problems can be found in the file.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

import fastexcel
import polars as pl

from ingest.headers import canonical_name, map_headers
from ingest.issues import UploadRejected, make_issue
from parkghg.contract import COLUMNS
from parkghg.i18n import Lang, t

MAX_FILE_MB = 20
ROW_COL = "_row"
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc
_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_SEPARATORS = (",", ";", "\t")


@dataclass(frozen=True)
class RawUpload:
    """The cells of an upload as text, keyed by contract column, plus how it was read."""

    frame: pl.DataFrame
    file_format: Literal["csv", "xlsx"]
    decimal_mark: Literal[".", ","]
    notes_key: str
    notes_params: dict[str, str] = field(default_factory=dict)

    def read_notes(self, lang: Lang) -> str:
        """How the file was read, in the reader's language (shown with the result)."""
        return t(self.notes_key, lang, **self.notes_params)


def read_upload(content: bytes, file_name: str) -> RawUpload:
    """Parse ``content``; raise ``UploadRejected`` with every file-level problem found."""
    size_mb = len(content) / 1_000_000
    if size_mb > MAX_FILE_MB:
        too_large = make_issue("file_too_large", value=f"{size_mb:.1f}", limit=MAX_FILE_MB)
        raise UploadRejected([too_large])
    if not content.strip():
        raise UploadRejected([make_issue("file_empty")])
    if content.startswith(_XLSX_MAGIC):
        return _read_xlsx(content)
    if content.startswith(_OLE_MAGIC) or file_name.lower().endswith((".xls", ".pdf", ".docx")):
        raise UploadRejected([make_issue("file_format", value=file_name.rsplit(".", 1)[-1])])
    return _read_csv(content)


def _decode(content: bytes) -> tuple[str, str]:
    """Text and the name of the encoding it was read with."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), "UTF-16"
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8"), "UTF-8"
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1258"), "Windows-1258"
    except UnicodeDecodeError as exc:
        raise UploadRejected([make_issue("file_unreadable", value=str(exc)[:120])]) from exc


def _pick_separator(text: str) -> str:
    """The separator whose header row names the most contract columns."""
    first_line = text.splitlines()[0] if text else ""
    def score(sep: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=sep), [])
        return sum(canonical_name(c) is not None for c in cells), len(cells)
    return max(_SEPARATORS, key=score)


def _read_csv(content: bytes) -> RawUpload:
    text, encoding = _decode(content)
    text = unicodedata.normalize("NFC", text)
    separator = _pick_separator(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as exc:
        raise UploadRejected([make_issue("file_unreadable", value=str(exc)[:120])]) from exc
    if not records:
        raise UploadRejected([make_issue("file_empty")])
    header, body = records[0], records[1:]
    frame = _frame_from_cells(header, body)
    mark = decimal_mark(frame["quantity"].drop_nulls().to_list(), separator) \
        if "quantity" in frame.columns else "."
    sep_label = "TAB" if separator == "\t" else separator
    return RawUpload(frame, "csv", mark, "ingest.read_notes_csv",
                     {"encoding": encoding, "separator": sep_label, "decimal": mark})


def _read_xlsx(content: bytes) -> RawUpload:
    try:
        reader = fastexcel.read_excel(content)
        sheet_name = reader.sheet_names[0]
        table = reader.load_sheet(0, dtypes="string").to_polars()
    except Exception as exc:  # fastexcel raises several error types for corrupt files
        raise UploadRejected([make_issue("file_unreadable", value=str(exc)[:120])]) from exc
    header = [("" if c.startswith("__UNNAMED__") else c) for c in table.columns]
    body = [[("" if v is None else v) for v in row] for row in table.iter_rows()]
    frame = _frame_from_cells(header, body)
    return RawUpload(frame, "xlsx", ".", "ingest.read_notes_xlsx", {"sheet": sheet_name})


def _frame_from_cells(header: list[str], body: list[list[str]]) -> pl.DataFrame:
    """Contract-named text columns plus the Excel row number; blank rows dropped."""
    width = max([len(header), *(len(r) for r in body)]) if body else len(header)
    header = header + [""] * (width - len(header))
    rows = [[c.strip() for c in r] + [""] * (width - len(r)) for r in body]
    empty_cols = {i for i in range(width) if all(not r[i] for r in rows)}
    mapping, issues = map_headers(header, empty_cols)
    if issues:
        raise UploadRejected(issues)
    data: dict[str, list] = {name: [] for name in COLUMNS}
    data[ROW_COL] = []
    for number, row in enumerate(rows, start=2):
        if not any(row):
            continue
        for index, name in mapping.items():
            data[name].append(row[index] or None)
        for name in COLUMNS:
            if name not in mapping.values():
                data[name].append(None)
        data[ROW_COL].append(number)
    if not data[ROW_COL]:
        raise UploadRejected([make_issue("no_rows")])
    schema = {name: pl.String for name in COLUMNS} | {ROW_COL: pl.Int64}
    return pl.DataFrame(data, schema=schema)


def decimal_mark(values: list[str], separator: str) -> Literal[".", ","]:
    """Which decimal mark the quantity column uses; raise when both readings are possible.

    A comma-separated file must use '.', so its commas can only be mistakes (reported per
    cell later). In a ';' or tab file, Vietnamese Excel writes ``1.234,5``: a comma means
    decimal comma, and then every dot must be a thousands separator. With no comma at all,
    dots are decimals, unless every dotted value is shaped like thousands (``1.234``): that
    file is rejected rather than guessed.
    """
    if separator == ",":
        return "."
    dotted = [v for v in values if "." in v]
    if any("," in v for v in values):
        bad = next((v for v in dotted if not _THOUSANDS_DOT.match(v)), None)
        if bad is not None:
            raise UploadRejected([_ambiguous(bad)])
        return ","
    if dotted and all(_THOUSANDS_DOT.match(v) for v in dotted):
        raise UploadRejected([_ambiguous(dotted[0])])
    return "."


def _ambiguous(value: str):
    as_dot = value.replace(",", "")
    as_comma = value.replace(".", "").replace(",", ".")
    return make_issue("decimal_ambiguous", column="quantity", value=value,
                      reading_a=as_dot, reading_b=as_comma)

"""Reading any file a person hands the platform into a frame of text cells, whatever tool saved it.

One reader for every kind of file — monthly uploads, registry files, factor files, and the
target, survey and JCM-monitoring files to come — so a file Vietnamese Excel saved is read the
same way whichever page or command it is handed to. A ``FileKind`` says how to name the columns
of one kind of file (and where its problem texts live); everything else is shared.

Why text: ids keep leading zeros and the branch dash, and every cell can be validated and
reported with the value the user actually typed. What this module accepts:

* CSV in UTF-8 (with or without BOM), UTF-16 (Excel "Unicode text"), or Windows-1258
  (Vietnamese Excel's default, tone marks recomposed to NFC); separators ``,`` ``;`` or tab,
  chosen by which one yields the kind's headers;
* decimal commas (Vietnamese locale) when that reading is unambiguous, see ``decimal_mark``;
  the kind's numeric columns decide it together, and ``parkghg.spreadsheet.parse_decimal``
  reads them with the mark found;
* XLSX: the first sheet only, all cells read as text;
* at most ``MAX_FILE_MB`` (a kind may set less).

Row numbers are the rows Excel shows (header = row 1, column ``ROW_COL``), so problems can be
found in the file; blank rows are skipped without shifting them.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

import fastexcel
import polars as pl

from ingest.headers import canonical_name, map_headers, normalise_header
from parkghg.contract import COLUMNS
from parkghg.i18n import Lang, t
from parkghg.problems import ROW_COL, Catalogue, Problem, problem

MAX_FILE_MB = 20
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc
_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_SEPARATORS = (",", ";", "\t")

#: Problems the reader itself reports: every kind's catalogue has texts for them (tested);
#: a ``table_kind`` also reports ``duplicate_column``.
READER_CODES = ("file_too_large", "file_empty", "file_format", "file_unreadable", "no_rows",
                "decimal_ambiguous")

DecimalMark = Literal[".", ","]
#: (header cells, positions of columns empty in every row) → (position → column name, problems)
HeaderMapper = Callable[[list[str], set[int]], tuple[dict[int, str], list[Problem]]]


class FileRejected(Exception):
    """A file-level problem stopped reading; carries every problem found (with the file name)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.problem("en") for p in problems))


@dataclass(frozen=True)
class FileKind:
    """What the reader needs to know about one kind of file.

    ``recognise`` says which column a header cell names (None: not one of ours), to choose the
    separator; ``map_header`` names every column and reports header problems; the cells of
    ``numeric`` columns decide the decimal mark; ``columns`` are always in the frame (null when
    the file lacks them), other mapped columns follow in file order.
    """

    catalogue: Catalogue
    recognise: Callable[[str], str | None]
    map_header: HeaderMapper
    numeric: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    max_mb: float = MAX_FILE_MB


#: Monthly activity uploads: contract columns (English or Vietnamese headers), ``quantity``.
UPLOAD = FileKind(catalogue="upload", recognise=canonical_name, map_header=map_headers,
                  numeric=("quantity",), columns=COLUMNS)


def table_kind(catalogue: Catalogue, known: Iterable[str], *, numeric: Iterable[str] = ()
               ) -> FileKind:
    """A kind whose headers are its column names (any case, hints in brackets dropped).

    Unknown columns are kept for the kind's own checks to report (with the allowed list);
    only a name given twice stops reading (``duplicate_column``), since a frame cannot hold it.
    """
    names = frozenset(known)

    def recognise(raw: str) -> str | None:
        name = normalise_header(raw)
        return name if name in names else None

    def map_header(headers: list[str], empty_columns: set[int]
                   ) -> tuple[dict[int, str], list[Problem]]:
        mapping: dict[int, str] = {}
        problems: list[Problem] = []
        for index, raw in enumerate(headers):
            name = normalise_header(raw)
            if not name and index in empty_columns:
                continue  # Excel's trailing separators
            if name in mapping.values():
                if not any(p.column == name for p in problems):
                    problems.append(problem(catalogue, "duplicate_column", row=1, column=name))
                continue
            mapping[index] = name
        return mapping, problems

    return FileKind(catalogue=catalogue, recognise=recognise, map_header=map_header,
                    numeric=tuple(numeric))


@dataclass(frozen=True)
class RawFile:
    """The cells of a file as text, keyed by column name (plus ``ROW_COL``), and how it was read."""

    frame: pl.DataFrame
    file_name: str
    file_format: Literal["csv", "xlsx", "frame"]
    decimal_mark: DecimalMark
    notes_key: str
    notes_params: dict[str, str] = field(default_factory=dict)

    def read_notes(self, lang: Lang) -> str:
        """How the file was read, in the reader's language (shown with the result)."""
        return t(self.notes_key, lang, **self.notes_params)


def read_file(content: bytes, file_name: str, kind: FileKind) -> RawFile:
    """Parse ``content``; raise ``FileRejected`` with every file-level problem found."""
    try:
        return _read(content, file_name, kind)
    except FileRejected as rejected:
        raise FileRejected([p.model_copy(update={"file": file_name})
                            for p in rejected.problems]) from None


def read_upload(content: bytes, file_name: str) -> RawFile:
    """A monthly activity upload (see ``UPLOAD``)."""
    return read_file(content, file_name, UPLOAD)


def read_frame(frame: pl.DataFrame, name: str, kind: FileKind) -> RawFile:
    """A frame a program built (sample data), checked like a file: same headers, text cells.

    Booleans become ``true``/``false`` and numbers their plain text, so the kind's checks see
    what a CSV of the same frame would hold; rows are numbered as in that CSV.
    """
    cells = frame.with_columns(
        pl.col(c).cast(pl.String).str.to_lowercase() if frame.schema[c] == pl.Boolean
        else pl.col(c).cast(pl.String)
        for c in frame.columns
    )
    header = list(cells.columns)
    body = [["" if v is None else v for v in row] for row in cells.iter_rows()]
    try:
        table = _frame_from_cells(header, body, kind)
    except FileRejected as rejected:
        raise FileRejected([p.model_copy(update={"file": name})
                            for p in rejected.problems]) from None
    return RawFile(table, name, "frame", ".", "ingest.read_notes_frame")


def _read(content: bytes, file_name: str, kind: FileKind) -> RawFile:
    size_mb = len(content) / 1_000_000
    if size_mb > kind.max_mb:
        raise FileRejected([problem(kind.catalogue, "file_too_large", value=f"{size_mb:.1f}",
                                    limit=f"{kind.max_mb:g}")])
    if not content.strip():
        raise FileRejected([problem(kind.catalogue, "file_empty")])
    if content.startswith(_XLSX_MAGIC):
        return _read_xlsx(content, file_name, kind)
    if content.startswith(_OLE_MAGIC) or file_name.lower().endswith((".xls", ".pdf", ".docx")):
        raise FileRejected([problem(kind.catalogue, "file_format",
                                    value=file_name.rsplit(".", 1)[-1])])
    return _read_csv(content, file_name, kind)


def _decode(content: bytes, kind: FileKind) -> tuple[str, str]:
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
        raise FileRejected([problem(kind.catalogue, "file_unreadable",
                                    value=str(exc)[:120])]) from exc


def _pick_separator(text: str, kind: FileKind) -> str:
    """The separator whose header row names the most of the kind's columns."""
    first_line = text.splitlines()[0] if text else ""

    def score(sep: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=sep), [])
        return sum(kind.recognise(c) is not None for c in cells), len(cells)

    return max(_SEPARATORS, key=score)


def _read_csv(content: bytes, file_name: str, kind: FileKind) -> RawFile:
    text, encoding = _decode(content, kind)
    text = unicodedata.normalize("NFC", text)
    separator = _pick_separator(text, kind)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as exc:
        raise FileRejected([problem(kind.catalogue, "file_unreadable",
                                    value=str(exc)[:120])]) from exc
    if not records:
        raise FileRejected([problem(kind.catalogue, "file_empty")])
    header, body = records[0], records[1:]
    frame = _frame_from_cells(header, body, kind)
    mark = _file_decimal_mark(frame, separator, kind)
    sep_label = "TAB" if separator == "\t" else separator
    return RawFile(frame, file_name, "csv", mark, "ingest.read_notes_csv",
                   {"encoding": encoding, "separator": sep_label, "decimal": mark})


def _read_xlsx(content: bytes, file_name: str, kind: FileKind) -> RawFile:
    try:
        reader = fastexcel.read_excel(content)
        sheet_name = reader.sheet_names[0]
        table = reader.load_sheet(0, dtypes="string").to_polars()
    except Exception as exc:  # fastexcel raises several error types for corrupt files
        raise FileRejected([problem(kind.catalogue, "file_unreadable",
                                    value=str(exc)[:120])]) from exc
    header = [("" if c.startswith("__UNNAMED__") else c) for c in table.columns]
    body = [[("" if v is None else v) for v in row] for row in table.iter_rows()]
    frame = _frame_from_cells(header, body, kind)
    return RawFile(frame, file_name, "xlsx", ".", "ingest.read_notes_xlsx",
                   {"sheet": sheet_name})


def _frame_from_cells(header: list[str], body: list[list[str]], kind: FileKind
                      ) -> pl.DataFrame:
    """Named text columns plus the Excel row number; blank rows dropped, blank cells null."""
    width = max([len(header), *(len(r) for r in body)]) if body else len(header)
    header = header + [""] * (width - len(header))
    rows = [[c.strip() for c in r] + [""] * (width - len(r)) for r in body]
    empty_cols = {i for i in range(width) if all(not r[i] for r in rows)}
    mapping, problems = kind.map_header(header, empty_cols)
    if problems:
        raise FileRejected(problems)
    names = [*kind.columns, *(n for n in mapping.values() if n not in kind.columns)]
    data: dict[str, list] = {name: [] for name in [*names, ROW_COL]}
    for number, row in enumerate(rows, start=2):
        if not any(row):
            continue
        filled = {name: row[index] or None for index, name in mapping.items()}
        for name in names:
            data[name].append(filled.get(name))
        data[ROW_COL].append(number)
    if not data[ROW_COL]:
        raise FileRejected([problem(kind.catalogue, "no_rows")])
    schema = {name: pl.String for name in names} | {ROW_COL: pl.Int64}
    return pl.DataFrame(data, schema=schema)


def _file_decimal_mark(frame: pl.DataFrame, separator: str, kind: FileKind) -> DecimalMark:
    """One decimal mark for the whole file, decided by all its numeric columns together."""
    cells = [(column, value) for column in kind.numeric if column in frame.columns
             for value in frame[column].drop_nulls().to_list()]
    mark, ambiguous = _decimal_reading([v for _, v in cells], separator)
    if ambiguous is not None:
        column = next(c for c, v in cells if v == ambiguous)
        raise FileRejected([_ambiguous(kind.catalogue, column, ambiguous)])
    return mark


def decimal_mark(values: list[str], separator: str, *, column: str = "quantity",
                 catalogue: Catalogue = "upload") -> DecimalMark:
    """Which decimal mark ``values`` use; raise ``FileRejected`` when both readings are possible.

    A comma-separated file must use '.', so its commas can only be mistakes (reported per
    cell later). In a ';' or tab file, Vietnamese Excel writes ``1.234,5``: a comma means
    decimal comma, and then every dot must be a thousands separator. With no comma at all,
    dots are decimals, unless every dotted value is shaped like thousands (``1.234``): that
    file is rejected rather than guessed.
    """
    mark, ambiguous = _decimal_reading(values, separator)
    if ambiguous is not None:
        raise FileRejected([_ambiguous(catalogue, column, ambiguous)])
    return mark


def _decimal_reading(values: list[str], separator: str) -> tuple[DecimalMark, str | None]:
    """The mark, and the first value that makes the reading ambiguous (None when it is not)."""
    if separator == ",":
        return ".", None
    dotted = [v for v in values if "." in v]
    if any("," in v for v in values):
        bad = next((v for v in dotted if not _THOUSANDS_DOT.match(v)), None)
        return ",", bad
    if dotted and all(_THOUSANDS_DOT.match(v) for v in dotted):
        return ".", dotted[0]
    return ".", None


def _ambiguous(catalogue: Catalogue, column: str, value: str) -> Problem:
    as_dot = value.replace(",", "")
    as_comma = value.replace(".", "").replace(",", ".")
    return problem(catalogue, "decimal_ambiguous", column=column, value=value,
                   reading_a=as_dot, reading_b=as_comma)


#: Park facts for the eco-park scorecard (issue 12): one fact per row.
PARK_FACT_COLUMNS: tuple[str, ...] = ("park_id", "indicator", "value", "fact_date",
                                      "evidence_note")
PARK_FACTS = table_kind("circular", PARK_FACT_COLUMNS, numeric=("value",))
#: Reduction targets (issue 12): one target per row; ``reduction_pct`` in per cent.
TARGET_FILE_COLUMNS: tuple[str, ...] = (
    "target_id", "level", "subject_id", "metric", "boundary", "base_year", "target_year",
    "reduction_pct", "base_value", "source", "verification", "note",
)
TARGETS = table_kind("circular", TARGET_FILE_COLUMNS,
                     numeric=("base_year", "target_year", "reduction_pct", "base_value"))

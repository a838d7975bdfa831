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
* Excel's ``sep=,`` first line (it names the separator) and any number of byte-order marks;
* numbers as Excel displays them: ``12,345.6`` in a file whose decimal mark is ``.``, when the
  file's other numbers make the reading unambiguous (see ``_decimal_reading``);
* XLSX: the first sheet only, all cells read as text;
* at most ``MAX_FILE_MB`` (a kind may set less), ``MAX_ROWS`` data rows and, for XLSX,
  ``MAX_XLSX_UNPACKED_MB`` of unpacked XML — checked from the zip directory and the sheet's
  declared dimension *before* the sheet is parsed, so a small "decompression bomb" is refused
  in milliseconds instead of filling memory (issue 10 item 2).

What it refuses with a row, a column and a fix (issue 10): a cell longer than
``MAX_CELL_CHARS`` (``MAX_HEADER_CHARS`` in the header), a control character such as NUL in any
cell, and in a CSV a cell that runs over a line break — the sign of a quote opened and never
closed, which would otherwise swallow the rows after it silently.

Row numbers are the rows Excel shows (header = row 1, column ``ROW_COL``), so problems can be
found in the file; blank rows are skipped without shifting them.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

import fastexcel
import polars as pl

from ingest.headers import canonical_name, map_headers, normalise_header
from parkghg.contract import COLUMNS
from parkghg.i18n import Lang, t
from parkghg.log import get_logger
from parkghg.problems import ROW_COL, Catalogue, Problem, problem
from parkghg.spreadsheet import THOUSANDS_COMMA

MAX_FILE_MB = 20
#: More data rows than any monthly upload or registry file holds (a large enterprise files a
#: few hundred rows a year); a bigger file is split, not parsed.
MAX_ROWS = 100_000
#: Unpacked XML of all the worksheets of an XLSX; about 500 bytes per 10-cell row, so this
#: admits ``MAX_ROWS`` rows with room to spare and refuses a bomb before it is parsed.
MAX_XLSX_UNPACKED_MB = 100
#: The longest cell worth reading: a note is at most ``NOTE_MAX_CHARS`` (500), an id or a
#: number far less. Longer cells are refused with their row and column, not echoed whole.
MAX_CELL_CHARS = 2_000
MAX_HEADER_CHARS = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\r\n]")
_SEP_LINE = re.compile(r"^sep=(.)$", re.IGNORECASE)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')
log = get_logger(__name__)
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc
_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_THOUSANDS_COMMA = re.compile(THOUSANDS_COMMA)
_SEPARATORS = (",", ";", "\t")

#: Problems the reader itself reports: every kind's catalogue has texts for them (tested);
#: a ``table_kind`` also reports ``duplicate_column``.
READER_CODES = ("file_too_large", "file_empty", "file_format", "file_unreadable", "no_rows",
                "decimal_ambiguous")
#: Problems added in issue 10 that read the same for every kind of file: their texts live once,
#: in the upload catalogue (``ingest.<code>``), whatever the kind.
SHARED_READER_CODES = ("too_many_rows", "xlsx_too_large", "cell_too_long", "control_character",
                       "quote_unbalanced")

# Python's csv module refuses a field over 131,072 characters with a bare ``csv.Error`` and no
# row; lifting the limit to the file-size cap lets the reader name the row and column itself
# (``cell_too_long``). Process-wide, and only ever raised.
csv.field_size_limit(max(csv.field_size_limit(), 2 * MAX_FILE_MB * 1_000_000))

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


def read_file(content: bytes, file_name: str, kind: FileKind, *, size_bytes: int | None = None
              ) -> RawFile:
    """Parse ``content``; raise ``FileRejected`` with every file-level problem found.

    ``size_bytes``: the file's real size when ``content`` is only its first bytes (a caller
    that checked the size on disk first and read no more than the limit).
    """
    try:
        return _read(content, file_name, kind, size_bytes)
    except FileRejected as rejected:
        raise FileRejected([p.model_copy(update={"file": file_name})
                            for p in rejected.problems]) from None


def read_upload(content: bytes, file_name: str, *, size_bytes: int | None = None) -> RawFile:
    """A monthly activity upload (see ``UPLOAD``)."""
    return read_file(content, file_name, UPLOAD, size_bytes=size_bytes)


def too_large(size_bytes: int, kind: FileKind = UPLOAD) -> bool:
    """Whether a file of ``size_bytes`` is over the kind's limit (check before reading it)."""
    return size_bytes > kind.max_mb * 1_000_000


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


def _read(content: bytes, file_name: str, kind: FileKind, size_bytes: int | None) -> RawFile:
    size_mb = max(len(content), size_bytes or 0) / 1_000_000
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
    """Text (every leading byte-order mark removed) and the name of its encoding.

    A file saved twice by tools that each add a BOM starts with two; left in, the second one
    glues itself to the first header ("'\\ufeffenterprise_id' is not in the template").
    """
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = content.decode("utf-16", errors="replace"), "UTF-16"
    else:
        body = content[3:] if content.startswith(b"\xef\xbb\xbf") else content
        try:
            text, encoding = body.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            try:
                text, encoding = body.decode("cp1258"), "Windows-1258"
            except UnicodeDecodeError as exc:
                # The offending byte and where it is: no library English in the message.
                raise FileRejected([problem(
                    kind.catalogue, "file_unreadable",
                    value=f"0x{body[exc.start]:02X} @ {exc.start}")]) from exc
    return text.lstrip("\ufeff"), encoding


def _split_sep_line(text: str) -> tuple[str, str | None]:
    """Excel's ``sep=;`` first line: the text after it and the separator it names."""
    first, _, rest = text.partition("\n")
    match = _SEP_LINE.match(first.strip())
    if match and match.group(1) in _SEPARATORS:
        return rest, match.group(1)
    return text, None


def _pick_separator(text: str, kind: FileKind) -> str:
    """The separator whose header row names the most of the kind's columns."""
    first_line = text.splitlines()[0] if text else ""
    if len(first_line) > MAX_HEADER_CHARS * 64:
        first_line = first_line[: MAX_HEADER_CHARS * 64]  # a header is never this long

    def score(sep: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=sep), [])
        return sum(kind.recognise(c[:MAX_HEADER_CHARS]) is not None for c in cells), len(cells)

    return max(_SEPARATORS, key=score)


def _read_csv(content: bytes, file_name: str, kind: FileKind) -> RawFile:
    text, encoding = _decode(content, kind)
    text = unicodedata.normalize("NFC", text)
    text, named_separator = _split_sep_line(text)
    first_row = 1 if named_separator is None else 2  # Excel shows the sep= line as row 1
    separator = named_separator or _pick_separator(text, kind)
    records: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            records.append(record)
            if len(records) > MAX_ROWS + 1:
                raise FileRejected([problem("upload", "too_many_rows",
                                            limit=f"{MAX_ROWS:,}")])
    except csv.Error as exc:
        raise FileRejected([problem(kind.catalogue, "file_unreadable",
                                    row=len(records) + first_row,
                                    value=f"CSV @ {len(records) + first_row}")]) from exc
    if not records:
        raise FileRejected([problem(kind.catalogue, "file_empty")])
    header, body = records[0], records[1:]
    frame = _frame_from_cells(header, body, kind, first_row=first_row, csv_text=True,
                              body_clean=_csv_body_clean(text, len(records)))
    mark = _file_decimal_mark(frame, separator, kind)
    sep_label = "TAB" if separator == "\t" else separator
    return RawFile(frame, file_name, "csv", mark, "ingest.read_notes_csv",
                   {"encoding": encoding, "separator": sep_label, "decimal": mark})


def _check_xlsx_size(content: bytes, kind: FileKind) -> None:
    """Refuse a workbook whose unpacked sheets or declared rows are over the limits.

    Reads only the zip directory and the first kilobytes of each sheet (where Excel and
    every writer we know put ``<dimension ref="A1:J3000000"/>``), never the sheet itself.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            sheets = [i for i in archive.infolist() if i.filename.startswith("xl/worksheets/")]
            unpacked_mb = sum(i.file_size for i in archive.infolist()) / 1_000_000
            if unpacked_mb > MAX_XLSX_UNPACKED_MB:
                raise FileRejected([problem("upload", "xlsx_too_large",
                                            value=f"{unpacked_mb:,.0f}",
                                            limit=f"{MAX_XLSX_UNPACKED_MB}")])
            for info in sheets:
                with archive.open(info) as sheet:
                    head = sheet.read(4096)
                    match = _DIMENSION.search(head)
                    declared = int(match.group(1)) if match and match.group(1) else 0
                    if declared > MAX_ROWS + 1 or _count_rows(sheet, head) > MAX_ROWS + 1:
                        raise FileRejected([problem("upload", "too_many_rows",
                                                    limit=f"{MAX_ROWS:,}")])
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        log.info("unreadable XLSX: %s", exc)
        raise FileRejected([problem(kind.catalogue, "file_unreadable", value="XLSX")]) from exc


def _count_rows(sheet: io.BufferedIOBase, head: bytes) -> int:
    """``<row`` tags in a sheet, streamed in 1 MB chunks (constant memory); stops past the cap.

    The declared dimension can lie (or be absent); counting the tags costs one decompression
    pass without building a cell, far cheaper than letting the parser load the sheet.
    """
    count, tail, chunk = 0, b"", head
    while chunk:
        window = tail + chunk
        count += window.count(b"<row") - tail.count(b"<row")
        if count > MAX_ROWS + 1:
            break
        tail = window[-4:]
        chunk = sheet.read(1 << 20)
    return count


def _read_xlsx(content: bytes, file_name: str, kind: FileKind) -> RawFile:
    _check_xlsx_size(content, kind)
    try:
        reader = fastexcel.read_excel(content)
        sheet_name = reader.sheet_names[0]
        table = reader.load_sheet(0, dtypes="string", n_rows=MAX_ROWS + 1).to_polars()
    except Exception as exc:  # fastexcel raises several error types for corrupt files
        # The library's English text goes to the log, not into a Vietnamese message.
        log.info("unreadable XLSX %s: %s", file_name, exc)
        raise FileRejected([problem(kind.catalogue, "file_unreadable", value="XLSX")]) from exc
    if table.height > MAX_ROWS:
        raise FileRejected([problem("upload", "too_many_rows", limit=f"{MAX_ROWS:,}")])
    header = [("" if c.startswith("__UNNAMED__") else c) for c in table.columns]
    body = [[("" if v is None else v) for v in row] for row in table.iter_rows()]
    frame = _frame_from_cells(header, body, kind)
    return RawFile(frame, file_name, "xlsx", ".", "ingest.read_notes_xlsx",
                   {"sheet": sheet_name})


def column_letter(index: int) -> str:
    """Excel's name of the 0-based column ``index`` (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _cell_problems(header: list[str], rows: list[list[str]], kind: FileKind, first_row: int,
                   csv_text: bool) -> list[Problem]:
    """Cells no check downstream should see: too long, control characters, line breaks.

    A column is named by its header when that is short, else by its Excel letter. At most
    one problem per row and kind, and 50 in all, so a broken file does not flood the answer.
    """
    def name(i: int) -> str:
        cell = header[i] if i < len(header) else ""
        return cell.strip() if 0 < len(cell.strip()) <= 60 else column_letter(i)

    found: list[Problem] = []
    numbered = [(first_row, header, MAX_HEADER_CHARS)]
    numbered += [(first_row + k, r, MAX_CELL_CHARS) for k, r in enumerate(rows, start=1)]
    for number, cells, limit in numbered:
        for i, cell in enumerate(cells):
            code = None
            params: dict[str, object] = {}
            if len(cell) > limit:
                code, params = "cell_too_long", {"limit": f"{limit:,}", "length": f"{len(cell):,}"}
            elif _CONTROL.search(cell):
                char = _CONTROL.search(cell).group(0)  # type: ignore[union-attr]
                code, params = "control_character", {"char": f"U+{ord(char):04X}"}
            elif csv_text and _LINE_BREAK.search(cell):
                code = "quote_unbalanced"
                params = {"lines": cell.count("\n") + 1}
            if code is not None:
                shown = cell[:40].replace("\x00", "\\0").replace("\n", " ").replace("\r", " ")
                found.append(problem("upload", code, row=number, column=name(i),
                                     value=shown, **params))
                break
        if len(found) >= 50:
            break
    return found


def _csv_body_clean(text: str, n_records: int) -> bool:
    """Whether no body cell of this CSV text can hold what :func:`_cell_problems` looks for,
    decided on the whole text at C speed instead of cell by cell (most of reading a clean file).

    Sound because every cell is a piece of the text: no control character in the text means
    none in a cell; as many records as line ends means no quoted cell spans two lines; and no
    cell is longer than the longest line. Any doubt answers False and the cells are checked
    one by one, so the answer to a bad file is the same.
    """
    if _CONTROL.search(text):
        return False
    line_ends = text.count("\n") + text.count("\r") - text.count("\r\n")
    if text and not text.endswith(("\n", "\r")):
        line_ends += 1
    if line_ends != n_records:
        return False
    return max(map(len, text.split("\n")), default=0) <= MAX_CELL_CHARS


def _frame_from_cells(header: list[str], body: list[list[str]], kind: FileKind,
                      *, first_row: int = 1, csv_text: bool = False,
                      body_clean: bool = False) -> pl.DataFrame:
    """Named text columns plus the Excel row number; blank rows dropped, blank cells null.

    ``body_clean``: the caller has shown no body cell needs :func:`_cell_problems` (a CSV
    text checked whole by :func:`_csv_body_clean`); the header is checked in any case.
    The cells are moved into polars column by column and stripped there: polars strips the
    same whitespace as ``str.strip`` except U+001C–U+001F, which are control characters
    rejected above.
    """
    if len(body) > MAX_ROWS:
        raise FileRejected([problem("upload", "too_many_rows", limit=f"{MAX_ROWS:,}")])
    checked = [] if body_clean else body
    if cell_problems := _cell_problems(header, checked, kind, first_row, csv_text):
        raise FileRejected(cell_problems)
    width = max([len(header), *(len(r) for r in body)]) if body else len(header)
    header = header + [""] * (width - len(header))
    padded = body if all(len(r) == width for r in body) else [
        r + [""] * (width - len(r)) for r in body]
    columns = list(zip(*padded, strict=True)) if padded else [() for _ in range(width)]
    cells = pl.DataFrame(
        {f"c{i}": pl.Series(values=column, dtype=pl.String) for i, column in enumerate(columns)}
    ).with_columns(pl.all().str.strip_chars())
    cells = cells.with_row_index(ROW_COL, offset=first_row + 1).with_columns(
        pl.col(ROW_COL).cast(pl.Int64))
    filled = cells.select(pl.col(f"c{i}") != "" for i in range(width))
    empty_cols = {i for i, any_filled in enumerate(filled.select(pl.all().any()).row(0))
                  if not any_filled} if width else set()
    mapping, problems = kind.map_header(header, empty_cols)
    if problems:
        raise FileRejected(problems)
    names = [*kind.columns, *(n for n in mapping.values() if n not in kind.columns)]
    blank_row = ~pl.any_horizontal(pl.all()) if width else pl.lit(True)
    kept = cells.filter(~filled.select(blank_row).to_series()) if width else cells.clear()
    if not kept.height:
        raise FileRejected([problem(kind.catalogue, "no_rows")])
    by_name = {name: f"c{index}" for index, name in mapping.items()}
    return kept.select(
        *((pl.when(pl.col(by_name[name]) != "").then(pl.col(by_name[name])) if name in by_name
           else pl.lit(None, dtype=pl.String)).alias(name) for name in names),
        pl.col(ROW_COL),
    )


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
    """The mark, and the first value that makes the reading ambiguous (None when it is not).

    Excel saves a cell as it displays it, so a number formatted with thousands separators
    arrives as ``"12,345.6"`` (``.`` decimals) or ``12.345,6`` (``,`` decimals). A grouping
    comma is read when the file's decimal mark is known to be ``.``: the value itself has a
    ``.`` after its groups, or another number of the file has a decimal dot. ``"1,234"`` in a
    file with no such proof could be 1234 or 1.234, and is rejected with both readings.
    """
    dot_proof = any("." in v and not _THOUSANDS_DOT.match(v) for v in values)
    if separator == ",":
        grouped = [v for v in values if "," in v and _THOUSANDS_COMMA.match(v)]
        if any("." in v for v in values):
            return ".", None
        return ".", next(iter(grouped), None)
    commas = [v for v in values if "," in v]
    if commas and dot_proof and all(_THOUSANDS_COMMA.match(v) for v in commas):
        return ".", None  # '.' decimals with grouping commas, as English Excel shows them
    dotted = [v for v in values if "." in v]
    if commas:
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

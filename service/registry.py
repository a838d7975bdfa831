"""The registry of provinces, parks, sectors and enterprises, for the front ends: import and reads.

Why a strict import: every monthly upload, scope check and dashboard join hangs off these ids,
so a bad registry row (a tax code that lost its leading zero, an enterprise in a park that does
not exist) silently breaks everything downstream. The import therefore validates a whole file
first — all problems at once, each with its Excel row number, column, value and a fix, in
Vietnamese and English — and then upserts by id in one transaction with its audit row: a
re-import updates rows, never duplicates them, and a rejected file (or set of files) changes
nothing.

Files take the one intake path (``ingest.read``): CSV in UTF-8, UTF-16 or Windows-1258,
separated by ``,`` ``;`` or tab, decimal commas as Vietnamese Excel writes them, or XLSX (first
sheet), every value read as text so ids keep their leading zeros. A frame (the sample data) is
checked exactly like a file. The kind is told apart by the header (``detect_kind``); optional
columns may be left out, unknown columns are an error. Parks need their province and
enterprises their park already in the warehouse or in a file of the same call.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
import polars as pl
from pydantic import BaseModel, ConfigDict

from ingest.read import FileRejected, RawFile, read_file, read_frame, table_kind
from parkghg.log import get_logger
from parkghg.problems import ROW_COL, Problem, ProblemsError, problem
from parkghg.spreadsheet import parse_decimal
from service.access import require_role
from warehouse.audit import Acting, write_audit
from warehouse.db import transaction
from warehouse.registry import (
    COLUMNS,
    ID_COLUMN,
    KINDS,
    ColumnSpec,
    Kind,
    list_enterprises,
    list_parks,
    registry_ids,
    sector_ids,
    upsert_registry,
)

log = get_logger(__name__)

#: What the reader needs to know about a registry file: any kind's columns, numbers among them.
REGISTRY_FILE = table_kind(
    "registry",
    [c.name for specs in COLUMNS.values() for c in specs],
    numeric=[c.name for specs in COLUMNS.values() for c in specs if c.dtype in ("float", "int")],
)
#: Who may import the registry (it decides every enterprise's park and scope).
IMPORT_ROLES = ("province", "admin", "system")

_TRUE = ("true", "1", "yes", "y", "có", "co", "x")
_FALSE = ("false", "0", "no", "n", "không", "khong")

Source = Path | str | pl.DataFrame


class RegistryValidationError(ProblemsError):
    """A registry file (or set of files) was rejected; nothing was written."""

    more_key = "registry.more"

    def __init__(self, problems: Sequence[Problem]) -> None:
        files = ", ".join(dict.fromkeys(p.file or "" for p in problems))
        super().__init__("registry.invalid", list(problems), n=len(problems), file=files)


class ImportSummary(BaseModel):
    """What one imported file did."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    kind: Kind
    rows: int
    inserted: int
    updated: int


# ---------------------------------------------------------------------------- reading input


def detect_kind(columns: Iterable[str]) -> Kind | None:
    """The kind a header belongs to: the most specific id column present decides."""
    cols = set(columns)
    for kind in ("enterprises", "parks", "provinces"):
        if ID_COLUMN[kind] in cols:  # type: ignore[index]
            return kind  # type: ignore[return-value]
    return None


def _read(source: Source) -> RawFile:
    if isinstance(source, pl.DataFrame):
        return read_frame(source, "<frame>", REGISTRY_FILE)
    path = Path(source)
    return read_file(path.read_bytes(), path.name, REGISTRY_FILE)


# ---------------------------------------------------------------------------- validation


def _rows_where(frame: pl.DataFrame, mask: pl.Expr, column: str) -> list[tuple[int, str | None]]:
    """(Excel row, value as typed) of every row matching ``mask``."""
    return list(frame.filter(mask).select(ROW_COL, column).iter_rows())


def _problems(file: str, code: str, column: str, hits: list[tuple[int, str | None]],
              **params: str) -> list[Problem]:
    return [problem("registry", code, file=file, row=row, column=column, value=value, **params)
            for row, value in hits]


def _check_header(frame: pl.DataFrame, kind: Kind, file: str) -> list[Problem]:
    known = {c.name for c in COLUMNS[kind]}
    problems = [
        problem("registry", "missing_column", file=file, row=1, column=c.name)
        for c in COLUMNS[kind] if c.required and c.name not in frame.columns
    ]
    problems += [
        problem("registry", "unknown_column", file=file, row=1, column=c,
                allowed=", ".join(s.name for s in COLUMNS[kind]))
        for c in frame.columns if c not in known and c != ROW_COL
    ]
    return problems


def _range_text(spec: ColumnSpec) -> dict[str, str]:
    lo = "" if spec.min_value is None else f"{spec.min_value:g}"
    hi = "" if spec.max_value is None else f"{spec.max_value:g}"
    return {"min": lo, "max": hi}


def _check_number(raw: RawFile, frame: pl.DataFrame, spec: ColumnSpec) -> list[Problem]:
    text = pl.col(spec.name)
    number = parse_decimal(text, raw.decimal_mark)
    file = raw.file_name
    problems = _problems(file, "not_a_number", spec.name,
                         _rows_where(frame, text.is_not_null() & number.is_null(), spec.name))
    if spec.dtype == "int":
        problems += _problems(file, "not_an_integer", spec.name, _rows_where(
            frame, number.is_not_null() & (number != number.round(0)), spec.name))
    bad = pl.lit(False)
    if spec.min_value is not None:
        bad = bad | (number <= spec.min_value if spec.min_exclusive else number < spec.min_value)
    if spec.max_value is not None:
        bad = bad | (number > spec.max_value)
    code = "not_positive" if spec.min_exclusive else (
        "out_of_range" if spec.max_value is not None else "negative")
    problems += _problems(file, code, spec.name,
                          _rows_where(frame, number.is_not_null() & bad, spec.name),
                          **_range_text(spec))
    return problems


def _check_columns(raw: RawFile, frame: pl.DataFrame, kind: Kind) -> list[Problem]:
    file = raw.file_name
    problems: list[Problem] = []
    for spec in COLUMNS[kind]:
        if spec.name not in frame.columns:
            continue
        col = pl.col(spec.name)
        if spec.required:
            problems += _problems(file, "required", spec.name,
                                  _rows_where(frame, col.is_null(), spec.name))
        if spec.pattern is not None:
            problems += _problems(file, spec.pattern_code, spec.name, _rows_where(
                frame, col.is_not_null() & ~col.str.contains(spec.pattern), spec.name))
        if spec.dtype in ("float", "int"):
            problems += _check_number(raw, frame, spec)
        if spec.dtype == "bool":
            ok = col.str.to_lowercase().is_in([*_TRUE, *_FALSE])
            problems += _problems(file, "not_a_bool", spec.name,
                                  _rows_where(frame, col.is_not_null() & ~ok, spec.name))
    id_col = ID_COLUMN[kind]
    dupes = pl.col(id_col).is_not_null() & ~pl.col(id_col).is_first_distinct()
    problems += _problems(file, "duplicate_id", id_col, _rows_where(frame, dupes, id_col))
    return problems


def _check_references(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, kind: Kind,
                      file: str, pending: dict[Kind, set[str]]) -> list[Problem]:
    """Foreign keys, checked against the warehouse as it stands inside this transaction plus
    the ids of the other files of the same call (so one bad park row does not also flag every
    enterprise of a good park)."""
    refs: list[tuple[str, set[str], str]] = []
    if kind == "parks":
        refs.append(("province_id", registry_ids(con, "provinces") | pending["provinces"],
                     "unknown_province"))
    if kind == "enterprises":
        refs.append(("park_id", registry_ids(con, "parks") | pending["parks"], "unknown_park"))
        refs.append(("sector_id", sector_ids(con), "unknown_sector"))
    problems: list[Problem] = []
    for column, allowed, code in refs:
        if column not in frame.columns:
            continue
        col = pl.col(column)
        hits = _rows_where(frame, col.is_not_null() & ~col.is_in(sorted(allowed)), column)
        problems += _problems(file, code, column, hits,
                              allowed=", ".join(sorted(allowed)[:20]) or "-")
    return problems


def _typed(raw: RawFile, frame: pl.DataFrame, kind: Kind) -> pl.DataFrame:
    """The validated text frame in the table's SQL types: the file's columns and every
    required one. An optional column the file does not have is left out (the upsert replaces
    the row, so it is empty either way), which keeps files from before a column was added
    importing into warehouses of that age."""
    exprs = []
    for spec in COLUMNS[kind]:
        if spec.name not in frame.columns and not spec.required and spec.dtype != "bool":
            continue
        col = pl.col(spec.name) if spec.name in frame.columns else pl.lit(None, pl.String)
        if spec.dtype in ("float", "int"):
            col = parse_decimal(col, raw.decimal_mark)
            if spec.dtype == "int":
                col = col.cast(pl.Int32)
        elif spec.dtype == "bool":
            col = col.str.to_lowercase().is_in(_TRUE).fill_null(False)
        exprs.append(col.alias(spec.name))
    return frame.select(exprs)


# ---------------------------------------------------------------------------- import


def _import_one(
    con: duckdb.DuckDBPyConnection, raw: RawFile, kind: Kind, pending: dict[Kind, set[str]],
) -> tuple[ImportSummary | None, list[Problem]]:
    file = raw.file_name
    problems = _check_header(raw.frame, kind, file)
    if any(p.code == "missing_column" for p in problems):
        return None, problems
    frame = raw.frame.select(
        [c.name for c in COLUMNS[kind] if c.name in raw.frame.columns] + [ROW_COL])
    problems += _check_columns(raw, frame, kind)
    problems += _check_references(con, frame, kind, file, pending)
    if problems:
        return None, sorted(problems, key=lambda p: p.row or 0)
    typed = _typed(raw, frame, kind)
    updated = upsert_registry(con, kind, typed)
    summary = ImportSummary(file=file, kind=kind, rows=typed.height,
                            inserted=typed.height - updated, updated=updated)
    log.info("registry %s: %d rows from %s (%d new, %d updated)",
             kind, summary.rows, file, summary.inserted, summary.updated)
    return summary, []


def import_registry_many(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[tuple[Source, Kind | None]],
    *,
    actor: Acting,
) -> list[ImportSummary]:
    """Import several registry files in one transaction, provinces before parks before
    enterprises, so a parks file and its enterprises file can arrive together.

    Only ``IMPORT_ROLES`` may import (``AccessDeniedError`` otherwise, before any file is
    read). Every file is checked; if any has a problem, all problems are raised together in one
    ``RegistryValidationError`` and nothing is written. An accepted call writes one audit row
    naming every file, in the same transaction as the rows.
    """
    require_role(con, actor, IMPORT_ROLES, "registry.import_denied")
    loaded: list[tuple[Kind, RawFile]] = []
    problems: list[Problem] = []
    for source, kind in sources:
        try:
            raw = _read(source)
        except FileRejected as rejected:
            problems += rejected.problems
            continue
        found = kind or detect_kind(raw.frame.columns)
        if found is None:
            problems.append(problem("registry", "kind_unknown", file=raw.file_name, row=1))
            continue
        loaded.append((found, raw))
    if problems:
        raise RegistryValidationError(problems)
    loaded.sort(key=lambda item: KINDS.index(item[0]))
    pending: dict[Kind, set[str]] = {k: set() for k in KINDS}
    for kind, raw in loaded:
        if ID_COLUMN[kind] in raw.frame.columns:
            pending[kind] |= set(raw.frame[ID_COLUMN[kind]].drop_nulls().to_list())
    summaries: list[ImportSummary] = []
    with transaction(con):
        for kind, raw in loaded:
            summary, found_problems = _import_one(con, raw, kind, pending)
            problems += found_problems
            if summary is not None:
                summaries.append(summary)
        if problems:
            raise RegistryValidationError(problems)
        write_audit(con, actor, "registry_imported", object_type="registry",
                    object_id=", ".join(s.file for s in summaries),
                    details={"files": [s.model_dump() for s in summaries]})
    return summaries


def import_registry(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    kind: Kind | None = None,
    *,
    actor: Acting,
) -> ImportSummary:
    """Validate and upsert one registry file (or frame) atomically; ``kind`` from the header
    when not given."""
    return import_registry_many(con, [(source, kind)], actor=actor)[0]


__all__ = ["IMPORT_ROLES", "KINDS", "REGISTRY_FILE", "ImportSummary", "RegistryValidationError",
           "detect_kind", "import_registry", "import_registry_many", "list_enterprises",
           "list_parks"]

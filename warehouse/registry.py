"""The registry: provinces, industrial parks and enterprises, imported from CSV and read back.

Why a separate, strict import: every monthly upload, scope check and dashboard join hangs off
these ids, so a bad registry row (a tax code that lost its leading zero, an enterprise in a park
that does not exist) silently breaks everything downstream. The import therefore validates a
whole file first — all problems at once, each with its Excel row number, column, value and a
fix, in Vietnamese and English — and then upserts by id in one transaction: a re-import updates
rows, never duplicates them, and a rejected file (or set of files) changes nothing.

Files are CSV, UTF-8 (a byte-order mark from Excel is fine), ``,`` or ``;`` separated, every
value read as text so ids keep their leading zeros. There are three kinds, told apart by their
header (``detect_kind``):

* ``provinces``: province_id, name_vi, name_en — one small file; the Dong Nai sample has one row;
* ``parks``: park_id, province_id, name_vi, name_en, area_ha, operator, latitude, longitude —
  province_id must already be in the warehouse (import provinces first, or in the same call);
* ``enterprises``: enterprise_id, name, park_id, sector_id, vsic_code, roof_area_m2, employees,
  on_national_list — park_id must be in the warehouse (or in a parks file of the same call),
  sector_id one of the seeded ``sectors``.

Optional columns may be left out of the header; unknown columns are an error.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import duckdb
import fastexcel
import polars as pl
from pydantic import BaseModel, ConfigDict

from parkghg import schema
from parkghg.errors import ParkGHGError
from parkghg.i18n import Lang, t
from parkghg.log import get_logger
from parkghg.schema import ENTERPRISE_ID_RE, SLUG_RE, VSIC_RE
from warehouse.db import transaction
from warehouse.scope import Scope, scope_predicate

log = get_logger(__name__)

Kind = Literal["provinces", "parks", "enterprises"]
KINDS: tuple[Kind, ...] = ("provinces", "parks", "enterprises")  # also the import order

MAX_PROBLEMS_SHOWN = 50

_TRUE = ("true", "1", "yes", "y", "có", "co", "x")
_FALSE = ("false", "0", "no", "n", "không", "khong")


class ColumnSpec(BaseModel):
    """One registry column: whether it must be present and filled, and how it is checked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    required: bool
    dtype: Literal["id", "text", "float", "int", "bool"] = "text"
    pattern: str | None = None
    pattern_code: str = "bad_slug"
    min_value: float | None = None
    min_exclusive: bool = False
    max_value: float | None = None


# Problem code per import regex (``registry.problem.<code>`` in the catalogue).
_PATTERN_CODE = {SLUG_RE: "bad_slug", ENTERPRISE_ID_RE: "bad_enterprise_id", VSIC_RE: "bad_vsic"}
_DTYPE = {"DOUBLE": "float", "INTEGER": "int", "BOOLEAN": "bool"}


def _spec(table: schema.Table, col: schema.Column) -> ColumnSpec:
    """The import check of one registry column, from the schema registry.

    Required: NOT NULL without a default (``on_national_list`` defaults to false). A key or a
    reference is an ``id``; numbers and booleans are parsed; ranges and regexes come along.
    """
    keyed = {*table.primary_key, *(c for r in table.references for c in r.columns)}
    dtype = _DTYPE.get(col.sql_type, "id" if col.name in keyed else "text")
    extra: dict[str, object] = {}
    if col.pattern is not None:
        extra.update(pattern=col.pattern, pattern_code=_PATTERN_CODE[col.pattern])
    return ColumnSpec(
        name=col.name, required=not col.nullable and col.default is None, dtype=dtype,
        min_value=col.minimum, min_exclusive=col.minimum_exclusive, max_value=col.maximum,
        **extra,
    )


#: One spec per column of each registry table, in table order (``parkghg/schema.py``).
COLUMNS: dict[Kind, tuple[ColumnSpec, ...]] = {
    kind: tuple(_spec(schema.table(kind), c) for c in schema.table(kind).columns)
    for kind in KINDS
}
ID_COLUMN: dict[Kind, str] = {
    "provinces": "province_id", "parks": "park_id", "enterprises": "enterprise_id",
}
# Fixed SQL fragments per kind (never built from input).
_UPSERT_SQL: dict[Kind, str] = {
    "provinces": "INSERT OR REPLACE INTO provinces BY NAME SELECT * FROM _registry_import",
    "parks": "INSERT OR REPLACE INTO parks BY NAME SELECT * FROM _registry_import",
    "enterprises": "INSERT OR REPLACE INTO enterprises BY NAME SELECT * FROM _registry_import",
}
_ID_SQL: dict[Kind, str] = {
    "provinces": "SELECT province_id FROM provinces",
    "parks": "SELECT park_id FROM parks",
    "enterprises": "SELECT enterprise_id FROM enterprises",
}


class RegistryProblem(BaseModel):
    """One thing wrong with a registry file, located as the user sees it in Excel."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    code: str
    row: int | None = None  # Excel row: header = 1, first data row = 2
    column: str | None = None
    value: str | None = None
    params: dict[str, str] = {}

    def _fill(self) -> dict[str, object]:
        return {"column": self.column or "", "value": self.value or "", **self.params}

    def problem(self, lang: Lang) -> str:
        """What is wrong, in ``lang``."""
        return t(f"registry.problem.{self.code}", lang, **self._fill())

    def fix(self, lang: Lang) -> str:
        """How to fix it, in ``lang``."""
        return t(f"registry.fix.{self.code}", lang, **self._fill())

    def render(self, lang: Lang) -> str:
        """One line: where, what, how to fix."""
        if self.row is not None:
            return t("registry.problem_line", lang, row=self.row, column=self.column or "",
                     value=self.value or "", problem=self.problem(lang), fix=self.fix(lang))
        return t("registry.problem_line_file", lang, problem=self.problem(lang),
                 fix=self.fix(lang))


class RegistryValidationError(ParkGHGError):
    """A registry file (or set of files) was rejected; nothing was written."""

    def __init__(self, problems: Sequence[RegistryProblem]) -> None:
        self.problems = list(problems)
        files = ", ".join(dict.fromkeys(p.file for p in self.problems))
        super().__init__("registry.invalid", n=len(self.problems), file=files)

    def message(self, lang: Lang = "en") -> str:
        """Header plus one line per problem (capped, so a broken file does not flood a screen)."""
        lines = [super().message(lang)]
        lines += [f"  - {p.render(lang)}" for p in self.problems[:MAX_PROBLEMS_SHOWN]]
        if len(self.problems) > MAX_PROBLEMS_SHOWN:
            lines.append(t("registry.more", lang, n=len(self.problems) - MAX_PROBLEMS_SHOWN))
        return "\n".join(lines)


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


def _read_csv_bytes(content: bytes, file: str) -> pl.DataFrame:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RegistryValidationError([RegistryProblem(file=file, code="encoding")]) from exc
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise RegistryValidationError([RegistryProblem(file=file, code="empty")])
    sep = ";" if first_line.count(";") > first_line.count(",") else ","
    header = [h.strip().lower() for h in next(csv.reader([first_line], delimiter=sep))]
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise RegistryValidationError(
            [RegistryProblem(file=file, code="duplicate_column", row=1, column=h) for h in dupes]
        )
    try:
        frame = pl.read_csv(io.BytesIO(text.encode("utf-8")), separator=sep, infer_schema=False,
                            new_columns=header)
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as exc:
        raise RegistryValidationError(
            [RegistryProblem(file=file, code="unreadable", params={"detail": str(exc)[:200]})]
        ) from exc
    return frame


def _read_xlsx_bytes(content: bytes, file: str) -> pl.DataFrame:
    """The first sheet as text (ids keep their leading zeros when typed as text in Excel).

    Only trailing blank rows are dropped (Excel's formatting leftovers), so problem row
    numbers still match the rows the user sees.
    """
    try:
        frame = fastexcel.read_excel(content).load_sheet(0, dtypes="string").to_polars()
    except Exception as exc:  # fastexcel raises several error types for corrupt files
        raise RegistryValidationError(
            [RegistryProblem(file=file, code="unreadable", params={"detail": str(exc)[:200]})]
        ) from exc
    header = [c.strip().lower() for c in frame.columns]
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise RegistryValidationError(
            [RegistryProblem(file=file, code="duplicate_column", row=1, column=h) for h in dupes]
        )
    frame = frame.rename(dict(zip(frame.columns, header, strict=True)))
    filled = frame.select(pl.any_horizontal(pl.all().is_not_null()).alias("_f"))["_f"]
    last = max((i for i, f in enumerate(filled) if f), default=-1)
    if last < 0:
        raise RegistryValidationError([RegistryProblem(file=file, code="empty")])
    return frame.head(last + 1)


def read_registry_frame(path_or_frame: Path | str | pl.DataFrame, file: str | None = None
                        ) -> tuple[pl.DataFrame, str]:
    """The input as an all-text frame with trimmed values (blank → null), and its display name."""
    if isinstance(path_or_frame, pl.DataFrame):
        name = file or "<frame>"
        frame = path_or_frame.rename({c: c.strip().lower() for c in path_or_frame.columns})
        frame = frame.with_columns(
            pl.col(c).cast(pl.String).str.to_lowercase() if frame.schema[c] == pl.Boolean
            else pl.col(c).cast(pl.String)
            for c in frame.columns
        )
    else:
        path = Path(path_or_frame)
        name = file or path.name
        content = path.read_bytes()
        is_xlsx = content.startswith(b"PK\x03\x04")
        frame = _read_xlsx_bytes(content, name) if is_xlsx else _read_csv_bytes(content, name)
    frame = frame.with_columns(
        pl.col(c).str.strip_chars().replace("", None) for c in frame.columns
    )
    return frame, name


# ---------------------------------------------------------------------------- validation


def _rows_where(frame: pl.DataFrame, mask: pl.Expr, column: str) -> list[tuple[int, str | None]]:
    """(Excel row, value) of every row matching ``mask``."""
    hits = (
        frame.with_row_index("_i")
        .filter(mask)
        .select((pl.col("_i") + 2).alias("row"), pl.col(column).alias("value"))
    )
    return list(hits.iter_rows())


def _problems(file: str, code: str, column: str, hits: list[tuple[int, str | None]],
              **params: str) -> list[RegistryProblem]:
    return [
        RegistryProblem(file=file, code=code, row=row, column=column, value=value, params=params)
        for row, value in hits
    ]


def _check_header(frame: pl.DataFrame, kind: Kind, file: str) -> list[RegistryProblem]:
    known = {c.name for c in COLUMNS[kind]}
    problems = [
        RegistryProblem(file=file, code="missing_column", row=1, column=c.name)
        for c in COLUMNS[kind] if c.required and c.name not in frame.columns
    ]
    problems += [
        RegistryProblem(file=file, code="unknown_column", row=1, column=c,
                        params={"allowed": ", ".join(s.name for s in COLUMNS[kind])})
        for c in frame.columns if c not in known
    ]
    return problems


def _range_text(spec: ColumnSpec) -> dict[str, str]:
    lo = "" if spec.min_value is None else f"{spec.min_value:g}"
    hi = "" if spec.max_value is None else f"{spec.max_value:g}"
    return {"min": lo, "max": hi}


def _check_number(frame: pl.DataFrame, spec: ColumnSpec, file: str) -> list[RegistryProblem]:
    raw = pl.col(spec.name)
    number = raw.str.replace_all(",", ".").cast(pl.Float64, strict=False)
    problems = _problems(file, "not_a_number", spec.name,
                         _rows_where(frame, raw.is_not_null() & number.is_null(), spec.name))
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


def _check_columns(frame: pl.DataFrame, kind: Kind, file: str) -> list[RegistryProblem]:
    problems: list[RegistryProblem] = []
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
            problems += _check_number(frame, spec, file)
        if spec.dtype == "bool":
            ok = col.str.to_lowercase().is_in([*_TRUE, *_FALSE])
            problems += _problems(file, "not_a_bool", spec.name,
                                  _rows_where(frame, col.is_not_null() & ~ok, spec.name))
    id_col = ID_COLUMN[kind]
    dupes = pl.col(id_col).is_not_null() & ~pl.col(id_col).is_first_distinct()
    problems += _problems(file, "duplicate_id", id_col, _rows_where(frame, dupes, id_col))
    return problems


def _ids_in(con: duckdb.DuckDBPyConnection, kind: Kind) -> set[str]:
    return {r[0] for r in con.execute(_ID_SQL[kind]).fetchall()}


def _check_references(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, kind: Kind,
                      file: str, pending: dict[Kind, set[str]]) -> list[RegistryProblem]:
    """Foreign keys, checked against the warehouse as it stands inside this transaction plus
    the ids of the other files of the same call (so one bad park row does not also flag every
    enterprise of a good park)."""
    refs: list[tuple[str, set[str], str]] = []
    if kind == "parks":
        refs.append(("province_id", _ids_in(con, "provinces") | pending["provinces"],
                     "unknown_province"))
    if kind == "enterprises":
        refs.append(("park_id", _ids_in(con, "parks") | pending["parks"], "unknown_park"))
        sectors = {r[0] for r in con.execute("SELECT sector_id FROM sectors").fetchall()}
        refs.append(("sector_id", sectors, "unknown_sector"))
    problems: list[RegistryProblem] = []
    for column, allowed, code in refs:
        if column not in frame.columns:
            continue
        col = pl.col(column)
        hits = _rows_where(frame, col.is_not_null() & ~col.is_in(sorted(allowed)), column)
        problems += _problems(file, code, column, hits,
                              allowed=", ".join(sorted(allowed)[:20]) or "-")
    return problems


def _typed(frame: pl.DataFrame, kind: Kind) -> pl.DataFrame:
    """The validated text frame with every column of the table, in its SQL type."""
    exprs = []
    for spec in COLUMNS[kind]:
        col = pl.col(spec.name) if spec.name in frame.columns else pl.lit(None, pl.String)
        if spec.dtype in ("float", "int"):
            col = col.str.replace_all(",", ".").cast(pl.Float64)
            if spec.dtype == "int":
                col = col.cast(pl.Int32)
        elif spec.dtype == "bool":
            col = col.str.to_lowercase().is_in(_TRUE).fill_null(False)
        exprs.append(col.alias(spec.name))
    return frame.select(exprs)


# ---------------------------------------------------------------------------- import


def _import_one(
    con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, kind: Kind, file: str,
    pending: dict[Kind, set[str]],
) -> tuple[ImportSummary | None, list[RegistryProblem]]:
    problems = _check_header(frame, kind, file)
    if any(p.code == "missing_column" for p in problems):
        return None, problems
    frame = frame.select([c.name for c in COLUMNS[kind] if c.name in frame.columns])
    problems += _check_columns(frame, kind, file)
    problems += _check_references(con, frame, kind, file, pending)
    if problems:
        return None, sorted(problems, key=lambda p: p.row or 0)
    typed = _typed(frame, kind)
    existing = _ids_in(con, kind)
    updated = typed.filter(pl.col(ID_COLUMN[kind]).is_in(sorted(existing))).height
    con.register("_registry_import", typed)
    try:
        con.execute(_UPSERT_SQL[kind]).fetchall()  # DuckDB 2: finish the result
    finally:
        con.unregister("_registry_import")
    summary = ImportSummary(file=file, kind=kind, rows=typed.height,
                            inserted=typed.height - updated, updated=updated)
    log.info("registry %s: %d rows from %s (%d new, %d updated)",
             kind, summary.rows, file, summary.inserted, summary.updated)
    return summary, []


def import_registry_many(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[tuple[Path | str | pl.DataFrame, Kind | None]],
) -> list[ImportSummary]:
    """Import several registry files in one transaction, provinces before parks before
    enterprises, so a parks file and its enterprises file can arrive together.

    Every file is checked; if any has a problem, all problems are raised together in one
    ``RegistryValidationError`` and nothing is written.
    """
    loaded: list[tuple[Kind, pl.DataFrame, str]] = []
    problems: list[RegistryProblem] = []
    for source, kind in sources:
        frame, name = read_registry_frame(source)
        found = kind or detect_kind(frame.columns)
        if found is None:
            problems.append(RegistryProblem(file=name, code="kind_unknown", row=1))
            continue
        loaded.append((found, frame, name))
    if problems:
        raise RegistryValidationError(problems)
    loaded.sort(key=lambda item: KINDS.index(item[0]))
    pending: dict[Kind, set[str]] = {k: set() for k in KINDS}
    for kind, frame, _name in loaded:
        if ID_COLUMN[kind] in frame.columns:
            pending[kind] |= set(frame[ID_COLUMN[kind]].drop_nulls().to_list())
    summaries: list[ImportSummary] = []
    with transaction(con):
        for kind, frame, name in loaded:
            summary, found_problems = _import_one(con, frame, kind, name, pending)
            problems += found_problems
            if summary is not None:
                summaries.append(summary)
        if problems:
            raise RegistryValidationError(problems)
    return summaries


def import_registry(
    con: duckdb.DuckDBPyConnection,
    path_or_frame: Path | str | pl.DataFrame,
    kind: Kind | None = None,
) -> ImportSummary:
    """Validate and upsert one registry file (or frame) atomically; ``kind`` from the header
    when not given."""
    return import_registry_many(con, [(path_or_frame, kind)])[0]


# ---------------------------------------------------------------------------- reading back


def list_parks(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every industrial park with its enterprise count (public information, not scoped)."""
    return con.sql(
        "SELECT p.park_id, p.province_id, p.name_vi, p.name_en, p.area_ha, p.operator,"
        " p.latitude, p.longitude, count(e.enterprise_id)::INTEGER AS n_enterprises"
        " FROM parks AS p LEFT JOIN enterprises AS e ON e.park_id = p.park_id"
        " GROUP BY ALL ORDER BY p.park_id"
    ).pl()


def list_enterprises(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """The enterprises the scope may see, with their park and sector names."""
    pred, params = scope_predicate(scope, "e.enterprise_id")
    sql = f"""
        SELECT e.enterprise_id, e.name, e.park_id, p.name_vi AS park_name_vi,
               p.name_en AS park_name_en, e.sector_id, s.name_vi AS sector_name_vi,
               s.name_en AS sector_name_en, e.vsic_code, e.roof_area_m2, e.employees,
               e.on_national_list
        FROM enterprises AS e
        LEFT JOIN parks AS p ON p.park_id = e.park_id
        LEFT JOIN sectors AS s ON s.sector_id = e.sector_id
        WHERE {pred}
        ORDER BY e.park_id, e.enterprise_id
    """  # noqa: S608 - pred is a fixed fragment from scope_predicate; values are parameters
    return con.sql(sql, params=params).pl()


__all__ = [
    "ENTERPRISE_ID_RE", "KINDS", "ImportSummary", "Kind", "RegistryProblem",
    "RegistryValidationError", "detect_kind", "import_registry", "import_registry_many",
    "list_enterprises", "list_parks",
]

"""Custom emission factors: import, read back, and export of the effective library.

Why in the warehouse and not edited into the shipped CSV: Circular 38 Art. 18 ranks an
approved facility-specific factor first and the national list (Decision 2626) second, ahead of
the IPCC defaults we ship. Those factors arrive as files from enterprises and the province, so
each import is kept whole (who, when, file hash) and nothing is deleted: importing a factor_id
again supersedes the older row, and frozen inventories keep the exact rows they used.

The import format is exactly what ``parkghg factors export`` writes, so the round trip is
"export, edit in Excel, import".
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from pathlib import Path
from typing import BinaryIO

import duckdb
import polars as pl
from pydantic import BaseModel, ConfigDict

from metrics.factors import (
    FACTOR_COLUMNS,
    FactorLibrary,
    coerce_factor_frame,
    load_factor_library,
    validate_factor_frame,
)
from metrics.factors import FactorProblem as EngineProblem
from parkghg.errors import ParkGHGError
from parkghg.i18n import Lang, t
from parkghg.log import get_logger
from parkghg.spreadsheet import neutralise_formulas
from warehouse.db import fetch_one, transaction, utc_now
from warehouse.scope import Scope, scope_predicate

log = get_logger(__name__)

_MAX_PROBLEMS_SHOWN = 20


class FactorProblem(BaseModel):
    """One reason a factor file was refused, in both languages (row as seen in Excel)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    row_number: int | None
    problem_vi: str
    problem_en: str

    def text(self, lang: Lang) -> str:
        """The problem in ``lang``, with its row when there is one."""
        body = self.problem_vi if lang == "vi" else self.problem_en
        if self.row_number is None:
            return body
        return t("inventory.factors_problem_row", lang, row=self.row_number, problem=body)


class FactorFileRejectedError(ParkGHGError):
    """A custom-factor file failed validation; nothing was written."""

    def __init__(self, file_name: str, problems: list[FactorProblem]) -> None:
        super().__init__("inventory.factors_rejected", file=file_name, n=len(problems))
        self.problems = problems

    def message(self, lang: Lang = "en") -> str:
        """Headline in ``lang`` and each problem in both languages (reader's language first)."""
        other: Lang = "en" if lang == "vi" else "vi"
        lines = [t(self.key, lang, **self.params), t(self.key, other, **self.params)]
        for p in self.problems[:_MAX_PROBLEMS_SHOWN]:
            lines.append(f"  • {p.text(lang)}")
            lines.append(f"    ({p.text(other)})")
        if len(self.problems) > _MAX_PROBLEMS_SHOWN:
            lines.append(t("inventory.factors_more_problems", lang,
                           n=len(self.problems) - _MAX_PROBLEMS_SHOWN))
        return "\n".join(lines)


class FactorImportResult(BaseModel):
    """What an accepted import wrote."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    import_id: str
    file_sha256: str
    row_count: int
    unchanged: bool


def _problem(key: str, row: int | None = None, **params: object) -> FactorProblem:
    return FactorProblem(row_number=row, problem_vi=t(key, "vi", **params),
                         problem_en=t(key, "en", **params))


# The engine reports problems as short English texts; each known text (or pattern) maps to a
# catalogue key here, so the enterprise reads it in Vietnamese too.
_ENGINE_TEXTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key) for pattern, key in (
        (r"^missing column$", "inventory.fp_missing_column"),
        (r"^unknown column$", "inventory.fp_unknown_column"),
        (r"^required$", "inventory.fp_required"),
        (r"^duplicate factor_id$", "inventory.fp_duplicate_id"),
        (r"^not a number$", "inventory.fp_not_number"),
        (r"^no value", "inventory.fp_no_value"),
        (r"^not finite$", "inventory.fp_not_number"),
        (r"^negative$", "inventory.fp_negative"),
        (r"^not one of (?P<allowed>.*)$", "inventory.fp_not_one_of"),
        (r"^an enterprise-level factor needs", "inventory.fp_enterprise_missing"),
        (r"^only enterprise-level factors carry", "inventory.fp_enterprise_extra"),
        (r"^valid_to is before valid_from$", "inventory.fp_valid_order"),
        (r"^not a date", "inventory.fp_not_date"),
        (r"^unit of a (?P<kind>\S+) factor must be one of (?P<allowed>.*)$", "inventory.fp_unit"),
        (r"^gas must match the kind", "inventory.fp_gas_kind"),
        (r"^this kind is a published set", "inventory.fp_kind_shipped"),
        (r"^factor_id of a shipped factor", "inventory.fp_shipped_id"),
    )
)


def _from_engine(problem: EngineProblem, raw_value: str | None = None) -> FactorProblem:
    """A ``metrics.factors.FactorProblem`` (0-based row, English text) in both languages.

    ``raw_value`` is the cell as typed, for problems where the engine only saw the parsed
    (null) value, so "'abc' is not a number" shows the user their own text.
    """
    value = problem.value if problem.value is not None else raw_value
    params: dict[str, object] = {"column": problem.column or "", "value": value or "",
                                 "factor_id": problem.factor_id or ""}
    key = "inventory.factors_engine_problem"
    params["problem"] = problem.problem
    for pattern, candidate in _ENGINE_TEXTS:
        match = pattern.match(problem.problem)
        if match:
            key = candidate
            params.update(match.groupdict())
            break
    row = None if problem.row is None else problem.row + 2  # header is Excel row 1
    return _problem(key, row, **params)


def _undo_neutralise(df: pl.DataFrame) -> pl.DataFrame:
    """Strip the ``'`` our export put before formula-like text, so round trips are exact."""
    return df.with_columns(
        pl.when(pl.col(c).str.contains(r"^'[=+\-@\t\r]"))
        .then(pl.col(c).str.slice(1))
        .otherwise(pl.col(c))
        for c in df.columns
    )


def parse_factor_csv(content: bytes) -> tuple[pl.DataFrame, list[FactorProblem]]:
    """Read a factor CSV as text columns (the engine's validator does the typing)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return pl.DataFrame(), [_problem("inventory.factors_not_utf8")]
    try:
        raw = pl.read_csv(io.StringIO(text), infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        return pl.DataFrame(), [_problem("inventory.factors_not_csv", detail=str(exc)[:200])]
    if raw.height == 0:
        return raw, [_problem("inventory.factors_empty")]
    raw = raw.rename({c: c.strip() for c in raw.columns})
    raw = raw.with_columns(pl.all().str.strip_chars().replace("", None))
    return _undo_neutralise(raw), []


def _new_rows(con: duckdb.DuckDBPyConnection, raw: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``raw`` (with ``_excel_row``) that are not already known, still as text.

    Why: the file format is the export of the *whole* effective library, so a user who adds
    one row and imports the file back must not get hundreds of "shipped id" errors, nor
    re-import rows that did not change. A row identical to a shipped factor or to the current
    custom row is skipped; anything else is validated.
    """
    typed = coerce_factor_frame(raw).with_columns(raw["_excel_row"])
    known = pl.concat([
        load_factor_library().factors(),
        coerce_factor_frame(read_custom_factors(con, Scope.system())),
    ], how="vertical")
    fresh = typed.join(known, on=list(FACTOR_COLUMNS), how="anti", nulls_equal=True)
    return raw.filter(pl.col("_excel_row").is_in(fresh["_excel_row"].implode()))


def validate_factor_file(
    con: duckdb.DuckDBPyConnection, content: bytes
) -> tuple[pl.DataFrame, list[FactorProblem]]:
    """The new factor rows of a file (typed, FACTOR_COLUMNS) and every problem in them."""
    raw, problems = parse_factor_csv(content)
    if problems:
        return raw, problems
    header = validate_factor_frame(raw.head(0), custom=True)  # missing / unknown columns
    if header:
        return raw, _header_problems(header)
    raw = raw.with_row_index("_excel_row", offset=2)
    new = _new_rows(con, raw)
    for p in validate_factor_frame(new.drop("_excel_row"), custom=True):
        if p.row is None:
            problems.append(_from_engine(p))
            continue
        typed = new[p.column][p.row] if p.column in new.columns else None
        fixed = _from_engine(p, None if typed is None else str(typed))
        problems.append(fixed.model_copy(update={"row_number": int(new["_excel_row"][p.row])}))
    problems.extend(_registry_problems(con, new))
    return coerce_factor_frame(new.drop("_excel_row")), problems


def _header_problems(header: list[EngineProblem]) -> list[FactorProblem]:
    """Missing columns as one problem (a wrong file shows one line, not fifteen)."""
    missing = [p.column for p in header if p.problem == "missing column" and p.column]
    rest = [_from_engine(p) for p in header if p.problem != "missing column"]
    if missing:
        rest.insert(0, _problem("inventory.fp_missing_columns", columns=", ".join(missing)))
    return rest


def _registry_problems(con: duckdb.DuckDBPyConnection, df: pl.DataFrame) -> list[FactorProblem]:
    known = {r[0] for r in con.execute("SELECT enterprise_id FROM enterprises").fetchall()}
    bad = df.filter(pl.col("enterprise_id").is_not_null()
                    & ~pl.col("enterprise_id").is_in(sorted(known)))
    return [_problem("inventory.factors_enterprise_unknown", row, enterprise_id=ent)
            for row, ent in bad.select("_excel_row", "enterprise_id").iter_rows()]


def import_factors(
    con: duckdb.DuckDBPyConnection, content: bytes, file_name: str, imported_by: str
) -> FactorImportResult:
    """Validate and store the new rows of a factor file in one transaction (all or none).

    Rows identical to what the library already holds are skipped, so importing an unchanged
    export (or retrying an import) writes nothing.
    """
    sha = hashlib.sha256(content).hexdigest()
    df, problems = validate_factor_file(con, content)
    if problems:
        raise FactorFileRejectedError(file_name, problems)
    if df.height == 0:
        return FactorImportResult(import_id="-", file_sha256=sha, row_count=0, unchanged=True)
    import_id = uuid.uuid4().hex
    now = utc_now()
    with transaction(con):
        seq = fetch_one(con, "SELECT coalesce(max(import_seq), 0) + 1 FROM factor_imports")[0]
        con.execute(
            "INSERT INTO factor_imports VALUES (?, ?, ?, ?, ?, ?, ?)",
            [import_id, seq, Path(file_name).name, sha, df.height, imported_by, now],
        )
        rows = df.with_columns(
            pl.lit(import_id).alias("import_id"), pl.lit(seq).cast(pl.Int32).alias("import_seq"),
            pl.lit(imported_by).alias("imported_by"), pl.lit(now).alias("imported_at"),
            pl.lit(sha).alias("import_file_sha256"),
        )
        con.register("_factor_import", rows.to_arrow())
        try:
            con.execute("INSERT INTO custom_factors BY NAME SELECT * FROM _factor_import")
        finally:
            con.unregister("_factor_import")
    log.info("imported %d custom factors from %s (%s)", df.height, file_name, import_id)
    return FactorImportResult(import_id=import_id, file_sha256=sha, row_count=df.height,
                              unchanged=False)


def read_custom_factors(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """The current custom factors visible in ``scope``, in FACTOR_COLUMNS, for the engine.

    National rows (no enterprise_id) are visible to everyone; an enterprise-specific row only
    to that enterprise (and its park and the province).
    """
    pred, params = scope_predicate(scope, "enterprise_id")
    cols = ", ".join(FACTOR_COLUMNS)
    sql = (f"SELECT {cols} FROM custom_factors_current"  # noqa: S608 - fixed column list
           f" WHERE enterprise_id IS NULL OR ({pred}) ORDER BY factor_id")
    return con.sql(sql, params=params).pl()


def library_frame(library: FactorLibrary) -> pl.DataFrame:
    """The rows of a ``FactorLibrary`` in the export/import format (FACTOR_COLUMNS)."""
    return library.factors()


def effective_library(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """Shipped plus current custom factors, as the engine would use them for ``scope``."""
    custom = read_custom_factors(con, scope)
    return library_frame(load_factor_library(custom=custom if custom.height else None))


def write_factor_csv(df: pl.DataFrame, out: Path | BinaryIO) -> None:
    """Write factors as UTF-8 CSV with BOM (Excel shows Vietnamese), formula-safe."""
    safe = neutralise_formulas(df.select(FACTOR_COLUMNS))
    safe.write_csv(out, include_bom=True, date_format="%Y-%m-%d")

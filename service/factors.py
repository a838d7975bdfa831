"""Emission factors for people: the effective library, its CSV, and custom-factor imports.

A factor file takes the one intake path every file takes: ``ingest.read`` reads it (UTF-8,
UTF-16 or Windows-1258, ``,``/``;``/tab, decimal commas, XLSX first sheet), ``metrics.factors``
checks its rules and answers with coded problems, this module checks it against the registry,
and — when the actor may import factors — ``warehouse.factors_store`` stores it with its audit
row in one transaction.

The import format is exactly what ``parkghg factors export`` writes, so the round trip is
"export, edit in Excel, import".
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import BinaryIO

import duckdb
import polars as pl
from pydantic import BaseModel, ConfigDict

from ingest.read import FileRejected, RawFile, read_file, table_kind
from metrics.factors import (
    FACTOR_COLUMNS,
    coerce_factor_frame,
    load_factor_library,
    validate_factor_frame,
)
from parkghg.log import get_logger
from parkghg.problems import ROW_COL, BilingualProblemsError, Problem, problem
from parkghg.spreadsheet import neutralise_formulas, restore_formulas
from service.access import require_role
from service.emissions import recalculate_for_factors
from warehouse.audit import Acting, write_audit
from warehouse.db import transaction
from warehouse.factors_store import read_custom_factors, store_factor_import
from warehouse.registry import registry_ids
from warehouse.scope import Scope

log = get_logger(__name__)

#: What the reader needs to know about a factor file: the export's columns, ``value`` numeric.
FACTOR_FILE = table_kind("factors", FACTOR_COLUMNS, numeric=("value",))
#: Who may import factors. An enterprise's own factor changes what the province reports, so
#: the province (or an admin, or the operator's CLI) imports it on the enterprise's evidence.
IMPORT_ROLES = ("province", "admin", "system")
_AUDIT_IDS_SHOWN = 50


class FactorFileRejectedError(BilingualProblemsError):
    """A custom-factor file failed validation; nothing was written."""

    max_shown = 20
    more_key = "inventory.factors_more_problems"

    def __init__(self, file_name: str, problems: list[Problem]) -> None:
        super().__init__("inventory.factors_rejected", problems, file=file_name, n=len(problems))


class FactorImportResult(BaseModel):
    """What an accepted import wrote."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    import_id: str
    file_sha256: str
    row_count: int
    unchanged: bool


def _new_rows(con: duckdb.DuckDBPyConnection, raw: RawFile, frame: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``frame`` (text, with ``ROW_COL``) that the library does not hold already.

    Why: the file format is the export of the *whole* effective library, so a user who adds
    one row and imports the file back must not get hundreds of "shipped id" errors, nor
    re-import rows that did not change. A row identical to a shipped factor or to the current
    custom row is skipped; anything else is validated.
    """
    typed = coerce_factor_frame(frame, raw.decimal_mark).with_columns(frame[ROW_COL])
    known = pl.concat([
        load_factor_library().factors(),
        coerce_factor_frame(read_custom_factors(con, Scope.system())),
    ], how="vertical")
    fresh = typed.join(known, on=list(FACTOR_COLUMNS), how="anti", nulls_equal=True)
    return frame.filter(pl.col(ROW_COL).is_in(fresh[ROW_COL].implode()))


def _registry_problems(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> list[Problem]:
    """Enterprise-level factors must name an enterprise of the registry."""
    known = sorted(registry_ids(con, "enterprises"))
    bad = frame.filter(pl.col("enterprise_id").is_not_null()
                       & ~pl.col("enterprise_id").is_in(known))
    return [problem("factors", "enterprise_unknown", row=row, column="enterprise_id",
                    value=ent, enterprise_id=ent)
            for row, ent in bad.select(ROW_COL, "enterprise_id").iter_rows()]


def check_factor_file(
    con: duckdb.DuckDBPyConnection, content: bytes, file_name: str
) -> tuple[pl.DataFrame, list[Problem]]:
    """The new factor rows of a file (typed, ``FACTOR_COLUMNS``) and every problem in them."""
    try:
        raw = read_file(content, file_name, FACTOR_FILE)
    except FileRejected as rejected:
        return pl.DataFrame(), rejected.problems
    frame = restore_formulas(raw.frame)
    problems = validate_factor_frame(frame.head(0))  # missing / unknown columns
    if not problems:
        new = _new_rows(con, raw, frame)
        problems = validate_factor_frame(new, custom=True, decimal_mark=raw.decimal_mark)
        problems += _registry_problems(con, new)
        frame = new
    problems = [p.model_copy(update={"file": file_name}) for p in problems]
    if problems:
        return pl.DataFrame(), problems
    return coerce_factor_frame(frame.drop(ROW_COL), raw.decimal_mark), []


def import_factors(
    con: duckdb.DuckDBPyConnection, content: bytes, file_name: str, *, actor: Acting
) -> FactorImportResult:
    """Validate and store the new rows of a factor file with its audit row, all or none.

    Only ``IMPORT_ROLES`` may import (``AccessDeniedError`` otherwise, before the file is
    read). Rows identical to what the library already holds are skipped, so importing an
    unchanged export (or retrying an import) writes nothing, not even an audit row.
    """
    require_role(con, actor, IMPORT_ROLES, "inventory.factors_import_denied")
    sha = hashlib.sha256(content).hexdigest()
    df, problems = check_factor_file(con, content, file_name)
    if problems:
        raise FactorFileRejectedError(file_name, problems)
    if df.height == 0:
        return FactorImportResult(import_id="-", file_sha256=sha, row_count=0, unchanged=True)
    enterprises = df["enterprise_id"].drop_nulls().unique().to_list()
    ids = df["factor_id"].to_list()
    replaced = read_custom_factors(con, Scope.system()).filter(pl.col("factor_id").is_in(ids))
    with transaction(con):
        import_id = store_factor_import(con, df, file_name=file_name, file_sha256=sha,
                                        imported_by=actor.username)
        # the stored emissions the new rows (and the rows they replace) can move
        recalculate_for_factors(con, pl.concat([coerce_factor_frame(replaced), df]),
                                actor=actor, import_id=import_id)
        write_audit(
            con, actor, "factors_imported", object_type="factor_import", object_id=import_id,
            enterprise_id=enterprises[0] if len(enterprises) == 1 else None,
            details={"file": Path(file_name).name, "sha256": sha, "rows": df.height,
                     "factor_ids": ids[:_AUDIT_IDS_SHOWN]},
        )
    log.info("%s imported %d custom factors from %s (%s)", actor.username, df.height,
             file_name, import_id)
    return FactorImportResult(import_id=import_id, file_sha256=sha, row_count=df.height,
                              unchanged=False)


def effective_library(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """Shipped plus current custom factors, as the engine would use them for ``scope``."""
    custom = read_custom_factors(con, scope)
    return load_factor_library(custom=custom if custom.height else None).factors()


def write_factor_csv(df: pl.DataFrame, out: Path | BinaryIO) -> None:
    """Write factors as UTF-8 CSV with BOM (Excel shows Vietnamese), formula-safe."""
    safe = neutralise_formulas(df.select(FACTOR_COLUMNS))
    safe.write_csv(out, include_bom=True, date_format="%Y-%m-%d")


__all__ = ["FACTOR_FILE", "IMPORT_ROLES", "FactorFileRejectedError", "FactorImportResult",
           "check_factor_file", "effective_library", "import_factors", "write_factor_csv"]

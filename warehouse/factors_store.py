"""Custom emission factors in the warehouse: store an accepted import, read the current rows.

Why in the warehouse and not edited into the shipped CSV: Circular 38 Art. 18 ranks an
approved facility-specific factor first and the national list (Decision 2626) second, ahead of
the IPCC defaults we ship. Those factors arrive as files from enterprises and the province, so
each import is kept whole (who, when, file hash) and nothing is deleted: importing a factor_id
again supersedes the older row, and frozen inventories keep the exact rows they used.

Only SQL lives here. Reading and checking a factor file is the intake path (``ingest.read``,
rules in ``metrics.factors``, orchestration, rights and audit in ``service.factors``).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import duckdb
import polars as pl

from parkghg.log import get_logger
from warehouse.db import fetch_one, utc_now
from warehouse.scope import Scope, scope_predicate

log = get_logger(__name__)

# Bookkeeping columns of ``custom_factors``; every other column is a factor column, in the
# order of the engine's export/import format.
_IMPORT_COLUMNS = ("import_id", "import_seq", "imported_by", "imported_at", "import_file_sha256")


def store_factor_import(
    con: duckdb.DuckDBPyConnection,
    factors: pl.DataFrame,
    *,
    file_name: str,
    file_sha256: str,
    imported_by: str,
) -> str:
    """Write one accepted import (its ``factor_imports`` row and its factor rows); its id.

    The caller holds the transaction, so the rows and the import's audit row commit together.
    """
    import_id = uuid.uuid4().hex
    now = utc_now()
    seq = fetch_one(con, "SELECT coalesce(max(import_seq), 0) + 1 FROM factor_imports")[0]
    con.execute(
        "INSERT INTO factor_imports VALUES (?, ?, ?, ?, ?, ?, ?)",
        [import_id, seq, Path(file_name).name, file_sha256, factors.height, imported_by, now],
    )
    rows = factors.with_columns(
        pl.lit(import_id).alias("import_id"), pl.lit(seq).cast(pl.Int32).alias("import_seq"),
        pl.lit(imported_by).alias("imported_by"), pl.lit(now).alias("imported_at"),
        pl.lit(file_sha256).alias("import_file_sha256"),
    )
    con.register("_factor_import", rows.to_arrow())
    try:
        con.execute("INSERT INTO custom_factors BY NAME SELECT * FROM _factor_import")
    finally:
        con.unregister("_factor_import")
    log.info("stored %d custom factors from %s (%s)", factors.height, file_name, import_id)
    return import_id


def read_custom_factors(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """The current custom factors visible in ``scope``, in the engine's factor columns.

    National rows (no enterprise_id) are visible to everyone; an enterprise-specific row only
    to that enterprise (and its park and the province).
    """
    pred, params = scope_predicate(scope, "enterprise_id")
    sql = (f"SELECT * EXCLUDE ({', '.join(_IMPORT_COLUMNS)}) FROM custom_factors_current"  # noqa: S608
           f" WHERE enterprise_id IS NULL OR ({pred}) ORDER BY factor_id")
    return con.sql(sql, params=params).pl()

"""The registry in the warehouse: provinces, industrial parks and enterprises — their columns,
the upsert by id and the reads.

Why the column specs sit beside the SQL: every monthly upload, scope check and dashboard join
hangs off these ids, and the table's columns and the checks a registry file must pass are the
same list. Reading and checking a registry file is the intake path (``ingest.read``, checks and
rights in ``service.registry``); this module only writes validated, typed rows and reads them
back. There are three kinds (also the import order):

* ``provinces``: province_id, name_vi, name_en;
* ``parks``: park_id, province_id, name_vi, name_en, area_ha, operator, latitude, longitude;
* ``enterprises``: enterprise_id, name, park_id, sector_id, vsic_code, roof_area_m2, employees,
  on_national_list.
"""

from __future__ import annotations

from typing import Literal

import duckdb
import polars as pl
from pydantic import BaseModel, ConfigDict

from parkghg import schema
from parkghg.log import get_logger
from parkghg.schema import ENTERPRISE_ID_RE, SLUG_RE, VSIC_RE
from warehouse.scope import Scope, scope_predicate

log = get_logger(__name__)

Kind = Literal["provinces", "parks", "enterprises"]
KINDS: tuple[Kind, ...] = ("provinces", "parks", "enterprises")  # also the import order



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


# ---------------------------------------------------------------------------- writing


def registry_ids(con: duckdb.DuckDBPyConnection, kind: Kind) -> set[str]:
    """Every id of one kind in the warehouse (unscoped: for checks inside an import)."""
    return {r[0] for r in con.execute(_ID_SQL[kind]).fetchall()}


def upsert_registry(con: duckdb.DuckDBPyConnection, kind: Kind, rows: pl.DataFrame) -> int:
    """Insert or replace validated, typed rows of ``kind`` by id; how many existed before.

    The caller holds the transaction (with the other files of the call and the audit row).
    """
    existing = registry_ids(con, kind)
    updated = rows.filter(pl.col(ID_COLUMN[kind]).is_in(sorted(existing))).height
    con.register("_registry_import", rows)
    try:
        con.execute(_UPSERT_SQL[kind]).fetchall()  # DuckDB 2: finish the result
    finally:
        con.unregister("_registry_import")
    log.info("registry %s: %d rows upserted (%d updated)", kind, rows.height, updated)
    return updated


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


def sector_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The seeded sector ids (for the registry import's reference check)."""
    return {r[0] for r in con.execute("SELECT sector_id FROM sectors").fetchall()}


__all__ = [
    "COLUMNS", "ENTERPRISE_ID_RE", "ID_COLUMN", "KINDS", "ColumnSpec", "Kind",
    "list_enterprises", "list_parks", "registry_ids", "sector_ids", "upsert_registry",
]

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

from parkghg.log import get_logger
from warehouse.scope import Scope, scope_predicate

log = get_logger(__name__)

Kind = Literal["provinces", "parks", "enterprises"]
KINDS: tuple[Kind, ...] = ("provinces", "parks", "enterprises")  # also the import order

SLUG_RE = r"^[a-z0-9][a-z0-9_]{0,63}$"
ENTERPRISE_ID_RE = r"^[0-9]{10}(-[0-9]{3})?$"  # MST: 10 digits, or 13 with the branch dash
VSIC_RE = r"^[0-9]{2,5}$"  # a VSIC 2018 division (2 digits) down to a class (5 digits)


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


def _col(name: str, required: bool = False, **kwargs: object) -> ColumnSpec:
    return ColumnSpec(name=name, required=required, **kwargs)


COLUMNS: dict[Kind, tuple[ColumnSpec, ...]] = {
    "provinces": (
        _col("province_id", True, dtype="id", pattern=SLUG_RE),
        _col("name_vi", True),
        _col("name_en", True),
    ),
    "parks": (
        _col("park_id", True, dtype="id", pattern=SLUG_RE),
        _col("province_id", True, dtype="id", pattern=SLUG_RE),
        _col("name_vi", True),
        _col("name_en", True),
        _col("area_ha", dtype="float", min_value=0, min_exclusive=True),
        _col("operator"),
        _col("latitude", dtype="float", min_value=-90, max_value=90),
        _col("longitude", dtype="float", min_value=-180, max_value=180),
    ),
    "enterprises": (
        _col("enterprise_id", True, dtype="id", pattern=ENTERPRISE_ID_RE,
             pattern_code="bad_enterprise_id"),
        _col("name", True),
        _col("park_id", True, dtype="id", pattern=SLUG_RE),
        _col("sector_id", True, dtype="id"),
        _col("vsic_code", True, pattern=VSIC_RE, pattern_code="bad_vsic"),
        _col("roof_area_m2", dtype="float", min_value=0),
        _col("employees", dtype="int", min_value=0),
        _col("on_national_list", dtype="bool"),
    ),
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


def list_provinces(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every province (public information)."""
    return con.sql("SELECT * FROM provinces ORDER BY province_id").pl()


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


def enterprise_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every enterprise id in the registry (for upload checks)."""
    return registry_ids(con, "enterprises")


def sector_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The seeded sector ids."""
    return {r[0] for r in con.execute("SELECT sector_id FROM sectors").fetchall()}


__all__ = [
    "COLUMNS", "ENTERPRISE_ID_RE", "ID_COLUMN", "KINDS", "ColumnSpec", "Kind", "enterprise_ids",
    "list_enterprises", "list_parks", "list_provinces", "registry_ids", "sector_ids",
    "upsert_registry",
]

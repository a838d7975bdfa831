"""Storage of frozen inventory versions: the SQL half of the version workflow.

Why versions: a GHG inventory handed to the People's Committee must stay exactly what was
submitted. The emission factors move (a new grid factor, an enterprise's own measured NCV), and
uploads can be corrected, so an *accepted* inventory is frozen with the emission rows, the exact
factor rows and the activity-row keys it was computed from. A later change never alters it
silently: it only shows up when someone recalculates, which writes a new version with a
reason and marks the old one superseded (kept, never deleted).

Computing an inventory is the service layer's job (``service.inventory``); this module only
stores and reads frames, and every read takes a ``Scope``.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from warehouse.db import fetch_one
from warehouse.scope import Scope, scope_predicate

_FROZEN_TABLES = frozenset(
    {"inventory_version_rows", "inventory_version_factors", "inventory_version_activity"}
)


def read_registry(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """Enterprises inside ``scope`` with their park and sector names (for labels in exports)."""
    pred, params = scope_predicate(scope, "e.enterprise_id")
    sql = f"""
        SELECT e.enterprise_id, e.name AS enterprise_name, e.park_id,
               p.name_vi AS park_name_vi, p.name_en AS park_name_en,
               e.sector_id, s.name_vi AS sector_name_vi, s.name_en AS sector_name_en,
               e.vsic_code, e.on_national_list
        FROM enterprises AS e
        LEFT JOIN parks AS p ON p.park_id = e.park_id
        LEFT JOIN sectors AS s ON s.sector_id = e.sector_id
        WHERE {pred}
        ORDER BY e.park_id, e.enterprise_id
    """  # noqa: S608 - pred is a fixed fragment from scope_predicate; values are parameters
    return con.sql(sql, params=params).pl()


def enterprise_park(con: duckdb.DuckDBPyConnection, enterprise_id: str) -> str | None:
    """The park of an enterprise (for the park column of a version's audit row), or None."""
    row = fetch_one(con, "SELECT park_id FROM enterprises WHERE enterprise_id = ?",
                    [enterprise_id])
    return row[0] if row else None


def read_identity(con: duckdb.DuckDBPyConnection, scope: Scope, enterprise_id: str) -> dict:
    """Form 06 section I fields of one enterprise inside ``scope`` (empty dict if not visible)."""
    pred, params = scope_predicate(scope, "enterprise_id")
    sql = f"""
        SELECT address, business_registration_no, legal_representative, contact_email,
               contact_phone
        FROM enterprises WHERE enterprise_id = ? AND {pred}
    """  # noqa: S608 - pred is a fixed fragment from scope_predicate; values are parameters
    rel = con.sql(sql, params=[enterprise_id, *params]).pl()
    return rel.row(0, named=True) if rel.height else {}


def next_version_id(con: duckdb.DuckDBPyConnection, ent: str, y0: int, y1: int) -> str:
    """``<enterprise>-<from>-<to>-v<n>``: readable, and unique per enterprise and span."""
    row = fetch_one(
        con, "SELECT count(*) FROM inventory_versions WHERE enterprise_id = ? AND year_from = ?"
        " AND year_to = ?", [ent, y0, y1],
    )
    n = (row[0] if row else 0) + 1
    return f"{ent}-{y0}-{y1}-v{n}"


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame) -> None:
    """Insert ``df`` by column name into one of the version tables (never a caller's name)."""
    if table not in _FROZEN_TABLES:
        raise ValueError(table)
    if df.height == 0:
        return
    view = f"_frame_{table}"
    con.register(view, df.to_arrow())
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")  # noqa: S608
    finally:
        con.unregister(view)


def store_version(
    con: duckdb.DuckDBPyConnection,
    meta: dict[str, object],
    rows: pl.DataFrame,
    factors: pl.DataFrame,
    activity_keys: pl.DataFrame,
) -> None:
    """Write one version (its ``inventory_versions`` row and the three frozen frames).

    The caller holds the transaction; ``meta`` names the columns of ``inventory_versions``.
    """
    version_id = meta["version_id"]
    cols = list(meta)
    con.execute(
        f"INSERT INTO inventory_versions ({', '.join(cols)})"  # noqa: S608 - caller's keys are
        f" VALUES ({', '.join('?' for _ in cols)})",  # checked against the table by DuckDB
        list(meta.values()),
    )
    tag = pl.lit(version_id).alias("version_id")
    _insert_frame(con, "inventory_version_rows", rows.with_row_index("row_no").with_columns(
        tag, pl.col("row_no").cast(pl.Int32)))
    _insert_frame(con, "inventory_version_factors", factors.with_columns(tag))
    _insert_frame(con, "inventory_version_activity", activity_keys.unique().with_columns(tag))


def supersede_others(
    con: duckdb.DuckDBPyConnection, keep: str, ent: str, y0: int, y1: int, now: dt.datetime
) -> None:
    """One accepted inventory per enterprise and span: older accepted ones become superseded."""
    con.execute(
        "UPDATE inventory_versions SET status = 'superseded', superseded_by = ?,"
        " superseded_at = ? WHERE enterprise_id = ? AND year_from = ? AND year_to = ?"
        " AND status = 'accepted' AND version_id <> ?",
        [keep, now, ent, y0, y1, keep],
    )


def mark_accepted(con: duckdb.DuckDBPyConnection, version_id: str, by: str,
                  now: dt.datetime) -> None:
    """A draft becomes the accepted version (the caller supersedes the others)."""
    con.execute("UPDATE inventory_versions SET status = 'accepted', accepted_by = ?,"
                " accepted_at = ? WHERE version_id = ?", [by, now, version_id])


def mark_superseded(con: duckdb.DuckDBPyConnection, version_id: str, by_version: str,
                    now: dt.datetime) -> None:
    """``version_id`` was replaced by ``by_version`` (a recalculation)."""
    con.execute(
        "UPDATE inventory_versions SET status = 'superseded', superseded_by = ?,"
        " superseded_at = ? WHERE version_id = ? AND status <> 'superseded'",
        [by_version, now, version_id],
    )


def version_meta(con: duckdb.DuckDBPyConnection, scope: Scope, version_id: str) -> dict | None:
    """The ``inventory_versions`` row of a version inside ``scope``, or None."""
    pred, params = scope_predicate(scope, "enterprise_id")
    rel = con.sql(
        f"SELECT * FROM inventory_versions WHERE version_id = ? AND {pred}",  # noqa: S608
        params=[version_id, *params],
    ).pl()
    return rel.row(0, named=True) if rel.height else None


def list_versions(
    con: duckdb.DuckDBPyConnection, scope: Scope, enterprise_id: str | None = None
) -> pl.DataFrame:
    """Every version inside ``scope`` (newest first), optionally for one enterprise."""
    pred, params = scope_predicate(scope, "enterprise_id")
    sql = f"SELECT * FROM inventory_versions WHERE {pred}"  # noqa: S608
    if enterprise_id is not None:
        sql += " AND enterprise_id = ?"
        params.append(enterprise_id)
    return con.sql(sql + " ORDER BY created_at DESC, version_id DESC", params=params).pl()


def read_version_frames(
    con: duckdb.DuckDBPyConnection, scope: Scope, version_id: str
) -> tuple[dict, pl.DataFrame, pl.DataFrame, pl.DataFrame] | None:
    """A version's meta row, emission rows, factor rows and activity keys, as stored."""
    meta = version_meta(con, scope, version_id)
    if meta is None:
        return None
    emissions = con.sql(
        "SELECT * EXCLUDE (version_id, row_no) FROM inventory_version_rows"
        " WHERE version_id = ? ORDER BY row_no", params=[version_id],
    ).pl()
    factors = con.sql(
        "SELECT * EXCLUDE (version_id) FROM inventory_version_factors"
        " WHERE version_id = ? ORDER BY factor_id", params=[version_id],
    ).pl()
    keys = con.sql(
        "SELECT submission_id, row_number FROM inventory_version_activity WHERE version_id = ?"
        " ORDER BY submission_id, row_number", params=[version_id],
    ).pl()
    return meta, emissions, factors, keys


def activity_rows_for_keys(con: duckdb.DuckDBPyConnection, keys: pl.DataFrame) -> pl.DataFrame:
    """The stored activity rows named by ``(submission_id, row_number)`` keys, any status.

    Why any status: a frozen version must be re-derivable from its own inputs even after the
    month was re-uploaded (activity rows are never deleted).
    """
    con.register("_rederive_keys", keys.to_arrow())
    try:
        return con.sql(
            """
            SELECT a.enterprise_id, e.park_id, e.sector_id, a.period, a.category, a.item,
                   a.quantity, a.unit, a.quantity_canonical, a.unit_canonical, a.use,
                   a.treatment, a.counterparty, a.note, a.equipment, a.submission_id,
                   a.row_number
            FROM activity_rows AS a
            JOIN _rederive_keys AS k
              ON k.submission_id = a.submission_id AND k.row_number = a.row_number
            LEFT JOIN enterprises AS e ON e.enterprise_id = a.enterprise_id
            ORDER BY a.enterprise_id, a.period, a.category, a.item, a.row_number
            """
        ).pl()
    finally:
        con.unregister("_rederive_keys")


def custom_factor_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every factor id ever imported as a custom factor (to label a frozen factor's origin)."""
    return {r[0] for r in con.execute("SELECT DISTINCT factor_id FROM custom_factors").fetchall()}

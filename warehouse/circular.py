"""SQL for park facts, reduction targets and the province's eco-park thresholds (0012).

All three tables are append-only: a correction is a new row, and the readers pick the newest
(park facts per park × indicator × date, targets per target_id by revision, thresholds per
criterion). Rights, checks and audit rows are ``service.circular``/``service.targets``; the
caller holds the transaction so the rows and their audit row commit together.
"""

from __future__ import annotations

import uuid

import duckdb
import polars as pl

from parkghg.schema import column_names
from warehouse.db import fetch_one, utc_now
from warehouse.scope import Scope, Where

_FACT_COLUMNS = column_names("park_facts")
_TARGET_COLUMNS = column_names("targets")


def _park_predicate(scope: Scope, col: str) -> tuple[str, list]:
    """Rows about a park the scope may read: everything, or its own park, or the park of its
    enterprise (an enterprise user sees its park's scorecard, not other parks')."""
    if scope.sees_everything:
        return "TRUE", []
    if scope.role == "park":
        return f"{col} = ?", [scope.park_id]
    return (f"{col} = (SELECT park_id FROM enterprises WHERE enterprise_id = ?)",  # noqa: S608
            [scope.enterprise_id])


def insert_park_facts(con: duckdb.DuckDBPyConnection, facts: pl.DataFrame, *,
                      entered_by: str, entered_role: str) -> list[str]:
    """Append fact rows (``park_id``, ``indicator``, ``value``, ``fact_date``,
    ``evidence_note``); their new ids."""
    now = utc_now()
    ids = [uuid.uuid4().hex for _ in range(facts.height)]
    rows = facts.select("park_id", "indicator", "value", "fact_date", "evidence_note").with_columns(
        fact_id=pl.Series(ids, dtype=pl.String), entered_by=pl.lit(entered_by),
        entered_role=pl.lit(entered_role), entered_at=pl.lit(now),
    ).select(_FACT_COLUMNS)
    con.register("_park_facts_new", rows.to_arrow())
    try:
        con.execute("INSERT INTO park_facts BY NAME SELECT * FROM _park_facts_new")
    finally:
        con.unregister("_park_facts_new")
    return ids


def read_park_facts(con: duckdb.DuckDBPyConnection, scope: Scope, *,
                    park_id: str | None = None, as_of_year: int | None = None,
                    history: bool = False) -> pl.DataFrame:
    """Park facts inside ``scope``: the newest value per park × indicator (dated on or before
    the end of ``as_of_year`` when given), or every entry with ``history``."""
    where = (Where(_park_predicate(scope, "f.park_id"))
             .narrow("f.park_id = ?", park_id)
             .narrow("year(f.fact_date) <= ?", as_of_year))
    cols = ", ".join(f"f.{c}" for c in _FACT_COLUMNS)
    if history:
        sql = f"SELECT {cols} FROM park_facts AS f WHERE {where.sql} ORDER BY f.entered_at DESC"  # noqa: S608
    else:
        sql = f"""
            SELECT {cols} FROM park_facts AS f WHERE {where.sql}
            QUALIFY row_number() OVER (PARTITION BY f.park_id, f.indicator
                                       ORDER BY f.fact_date DESC, f.entered_at DESC) = 1
            ORDER BY f.park_id, f.indicator
        """  # noqa: S608 - fixed fragments; values are bound parameters
    return con.sql(sql, params=where.params).pl()


def next_revision(con: duckdb.DuckDBPyConnection, target_id: str) -> int:
    """The revision a new row of ``target_id`` gets (1 for a new target)."""
    row = fetch_one(con, "SELECT coalesce(max(revision), 0) + 1 FROM targets WHERE target_id = ?",
                    [target_id])
    return int(row[0]) if row else 1


def insert_targets(con: duckdb.DuckDBPyConnection, targets: pl.DataFrame, *,
                   created_by: str) -> None:
    """Append target rows (every ``targets`` column but revision, created_by/at)."""
    now = utc_now()
    revisions = [next_revision(con, tid) for tid in targets["target_id"]]
    rows = targets.with_columns(
        revision=pl.Series(revisions, dtype=pl.Int32), created_by=pl.lit(created_by),
        created_at=pl.lit(now),
    ).select(_TARGET_COLUMNS)
    con.register("_targets_new", rows.to_arrow())
    try:
        con.execute("INSERT INTO targets BY NAME SELECT * FROM _targets_new")
    finally:
        con.unregister("_targets_new")


def read_targets(con: duckdb.DuckDBPyConnection, scope: Scope, *,
                 include_inactive: bool = False) -> pl.DataFrame:
    """The newest revision of every target the scope may read: province targets for everyone,
    park targets of its park, enterprise targets of its enterprises."""
    if scope.sees_everything:
        pred, params = "TRUE", []
    elif scope.role == "park":
        pred = ("t.level = 'province' OR (t.level = 'park' AND t.subject_id = ?) OR "
                "(t.level = 'enterprise' AND t.subject_id IN "
                "(SELECT enterprise_id FROM enterprises WHERE park_id = ?))")
        params = [scope.park_id, scope.park_id]
    else:
        pred = ("t.level = 'province' OR (t.level = 'enterprise' AND t.subject_id = ?) OR "
                "(t.level = 'park' AND t.subject_id = "
                "(SELECT park_id FROM enterprises WHERE enterprise_id = ?))")
        params = [scope.enterprise_id, scope.enterprise_id]
    cols = ", ".join(f"t.{c}" for c in _TARGET_COLUMNS)
    sql = f"""
        SELECT * FROM (
            SELECT {cols} FROM targets AS t
            QUALIFY row_number() OVER (PARTITION BY t.target_id ORDER BY t.revision DESC) = 1
        ) AS t
        WHERE ({pred}) {'' if include_inactive else 'AND t.active'}
        ORDER BY t.level, t.subject_id NULLS FIRST, t.target_year, t.target_id
    """  # noqa: S608 - fixed fragments; values are bound parameters
    return con.sql(sql, params=params).pl()


def insert_threshold(con: duckdb.DuckDBPyConnection, *, criteria_version: str,
                     criterion_id: str, threshold: float, note: str | None,
                     set_by: str) -> str:
    """Append one province threshold; its id."""
    setting_id = uuid.uuid4().hex
    con.execute("INSERT INTO eco_park_thresholds VALUES (?, ?, ?, ?, ?, ?, ?)",
                [setting_id, criteria_version, criterion_id, threshold, note, set_by,
                 utc_now()])
    return setting_id


def read_thresholds(con: duckdb.DuckDBPyConnection, criteria_version: str) -> pl.DataFrame:
    """The province's current threshold per criterion of one criteria version (public data:
    the same for every reader, like the shipped criteria file)."""
    return con.sql("""
        SELECT criterion_id, threshold, note, set_by, set_at FROM eco_park_thresholds
        WHERE criteria_version = ?
        QUALIFY row_number() OVER (PARTITION BY criterion_id ORDER BY set_at DESC) = 1
        ORDER BY criterion_id
    """, params=[criteria_version]).pl()


__all__ = ["insert_park_facts", "insert_targets", "insert_threshold", "next_revision",
           "read_park_facts", "read_targets", "read_thresholds"]

"""What changed since a reader last looked: the enterprise-months whose current upload moved.

Why: the dashboard keeps whole-scope frames (emission rows, activity) in memory and, after an
upload, should re-read only the months that upload touched, not the province (issue 9). Every
move of a ``period_current`` pointer (an accepted upload, a restore) appends one row to the
append-only ``period_history`` in the same transaction, so that table is the change log.

A *mark* is what a reader saw: the log's row count and latest ``changed_at``, plus a
fingerprint of everything else that changes stored rows or their registry columns wholesale
(factor imports and the recalculations they record, backfills, the registry). A reader with a
mark asks :func:`moves_since`; it answers the enterprise-months moved since, or None when the
change cannot be expressed as moves (a factor import, a registry edit, a restored backup, or a
log that does not add up), and the reader then reads everything again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import polars as pl

from warehouse.db import fetch_one
from warehouse.scope import Scope, Where, scope_predicate

#: Changes that move stored rows or their joined registry columns without a pointer move.
_WHOLESALE = (
    "SELECT count(*), max(imported_at) FROM factor_imports",
    "SELECT count(*) FILTER (WHERE trigger <> 'upload') FROM emission_calculations",
    "SELECT count(*), sum(hash(COLUMNS(*))) FROM enterprises",
    "SELECT count(*), sum(hash(COLUMNS(*))) FROM parks",
)


@dataclass(frozen=True)
class ChangeMark:
    """What a reader saw: ``period_history`` rows and latest time, and the wholesale print."""

    moves: int
    latest: dt.datetime | None
    wholesale: str


def _wholesale(con: duckdb.DuckDBPyConnection) -> str:
    parts = []
    for sql in _WHOLESALE:
        try:
            parts.append(str(fetch_one(con, sql)))
        except duckdb.CatalogException:  # a warehouse older than the table
            parts.append("-")
    return "|".join(parts)


def change_mark(con: duckdb.DuckDBPyConnection) -> ChangeMark:
    """The mark of the warehouse as this connection sees it now."""
    found = fetch_one(con, "SELECT count(*), max(changed_at) FROM period_history")
    moves, latest = found if found else (0, None)
    return ChangeMark(moves=int(moves), latest=latest, wholesale=_wholesale(con))


def moves_since(
    con: duckdb.DuckDBPyConnection, scope: Scope, since: ChangeMark
) -> tuple[ChangeMark, pl.DataFrame | None]:
    """(the mark now, the moved ``enterprise_id, period`` inside ``scope`` since ``since``).

    The moves are None when the change is wholesale or the log does not add up: the rows
    written after the mark must be exactly the growth of the log (a restored backup, or a
    move stamped no later than the mark but committed after it, fails that check, and the
    caller reads everything again rather than risk a stale month).
    """
    now = change_mark(con)
    if now.wholesale != since.wholesale or now.moves < since.moves:
        return now, None
    if now.moves == since.moves:
        empty = pl.DataFrame(schema={"enterprise_id": pl.String, "period": pl.Date})
        return now, empty
    if since.latest is None:
        return now, None
    after = fetch_one(con, "SELECT count(*) FROM period_history WHERE changed_at > ?",
                      [since.latest])
    if not after or after[0] != now.moves - since.moves:
        return now, None
    where = Where(scope_predicate(scope, "h.enterprise_id")).narrow("h.changed_at > ?",
                                                                    since.latest)
    moved = con.sql(
        f"SELECT DISTINCT h.enterprise_id, h.period FROM period_history AS h"  # noqa: S608
        f" WHERE {where.sql} ORDER BY 1, 2", params=where.params).pl()
    return now, moved

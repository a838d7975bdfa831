"""Reading current monthly activity rows, always through a ``Scope``."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from warehouse.scope import Scope, Where, scope_predicate


def current_activity_where(
    scope: Scope,
    *,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    park_id: str | None = None,
    enterprise_id: str | None = None,
    enterprise_ids: tuple[str, ...] | None = None,
    categories: tuple[str, ...] | None = None,
) -> Where:
    """The filter of a current-activity read (``activity_current AS a`` joined to
    ``enterprises AS e``): the scope, narrowed by whichever of the options are given.

    Why one definition: the activity read and the stored-emission input keys
    (``warehouse.stored_emissions.current_activity_keys``) must select the same rows.
    """
    return (
        Where(scope_predicate(scope, "a.enterprise_id"))
        .narrow("a.period >= ?", period_from)
        .narrow("a.period <= ?", period_to)
        .narrow("e.park_id = ?", park_id)
        .narrow("a.enterprise_id = ?", enterprise_id)
        .narrow("list_contains(?, a.enterprise_id)", list(enterprise_ids) if enterprise_ids
                is not None else None)
        .narrow("list_contains(?, a.category)", list(categories) if categories else None)
    )


def read_current_activity(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    *,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    park_id: str | None = None,
    enterprise_id: str | None = None,
    enterprise_ids: tuple[str, ...] | None = None,
    categories: tuple[str, ...] | None = None,
) -> pl.DataFrame:
    """The current (non-superseded) activity rows inside ``scope``, joined to the registry.

    Extra filters narrow the result further; they can never widen it beyond the scope.
    ``enterprise_ids`` reads several enterprises in one query (the steam suppliers of a page).
    """
    where = current_activity_where(scope, period_from=period_from, period_to=period_to,
                                   park_id=park_id, enterprise_id=enterprise_id,
                                   enterprise_ids=enterprise_ids, categories=categories)
    sql = f"""
        SELECT a.enterprise_id, e.park_id, e.sector_id, a.period, a.category, a.item,
               a.quantity, a.unit, a.quantity_canonical, a.unit_canonical, a.use, a.treatment,
               a.counterparty, a.note, a.submission_id, a.row_number
        FROM activity_current AS a
        LEFT JOIN enterprises AS e ON e.enterprise_id = a.enterprise_id
        WHERE {where.sql}
        ORDER BY a.enterprise_id, a.period, a.category, a.item, a.row_number
    """  # noqa: S608 - clauses are fixed fragments; values are bound parameters
    return con.sql(sql, params=where.params).pl()

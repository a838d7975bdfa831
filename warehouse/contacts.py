"""Enterprise contacts for reporting reminders, read within a scope.

Why a separate read: the registry listing that every page loads leaves contacts out (a chart
never needs an e-mail address); only the reporting tracker's reminder list asks for them.
"""

from __future__ import annotations

import duckdb
import polars as pl

from warehouse.scope import Scope, scope_predicate


def enterprise_contacts(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """enterprise_id, contact_email, contact_phone for the enterprises ``scope`` may see."""
    pred, params = scope_predicate(scope, "e.enterprise_id")
    sql = f"""
        SELECT e.enterprise_id, e.contact_email, e.contact_phone
        FROM enterprises AS e
        WHERE {pred}
        ORDER BY e.enterprise_id
    """  # noqa: S608 - pred is a fixed fragment from scope_predicate; values are parameters
    return con.sql(sql, params=params).pl()

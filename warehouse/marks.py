"""Facts about the warehouse itself (``warehouse_marks``), such as "built as a demo".

Why a mark in the file and not a flag of the process: demo accounts have published passwords,
so whether they may exist and sign in must follow the *data*, not how the server was started
(issue 10 item 7). Only ``parkghg demo`` marks a warehouse, and only one it built itself.
"""

from __future__ import annotations

import duckdb

from warehouse.db import fetch_one, utc_now


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse was built as a demo (False on one older than the mark)."""
    try:
        return fetch_one(con, "SELECT 1 FROM warehouse_marks WHERE mark = 'demo'") is not None
    except duckdb.CatalogException:
        return False


def mark_demo(con: duckdb.DuckDBPyConnection, set_by: str) -> None:
    """Record that this warehouse is a demo (idempotent)."""
    con.execute("INSERT INTO warehouse_marks (mark, set_at, set_by) VALUES ('demo', ?, ?)"
                " ON CONFLICT (mark) DO NOTHING", [utc_now(), set_by])

"""A cheap fingerprint of what the dashboard shows, for cache invalidation.

Why not the file's modification time alone: every sign-in and every export writes bookkeeping
(``users.last_login_at``, ``audit_log``), and invalidating every cached inventory on each of
those would make the whole province recompute for everyone. This fingerprint changes only when
data a page displays changes: uploads and restores, reviews and locks, factors, inventory
versions, the registry and the user list.
"""

from __future__ import annotations

import duckdb

from warehouse.db import fetch_one

_PARTS = (
    "SELECT count(*), max(changed_at) FROM period_history",
    "SELECT count(*), max(uploaded_at) FROM submissions",
    "SELECT count(*), max(reviewed_at) FROM submission_reviews",
    "SELECT count(*), sum(hash(enterprise_id, period, locked_at)) FROM period_locks",
    "SELECT count(*), max(imported_at) FROM factor_imports",
    "SELECT count(*), sum(hash(version_id, status, accepted_at)) FROM inventory_versions",
    "SELECT count(*), sum(hash(COLUMNS(*))) FROM enterprises",
    "SELECT count(*), sum(hash(COLUMNS(*))) FROM parks",
    "SELECT count(*), sum(hash(username, role, enterprise_id, park_id, disabled, password_hash))"
    " FROM users",
)


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """A string that changes whenever displayed data changes (one round trip per table)."""
    return "|".join(str(fetch_one(con, sql)) for sql in _PARTS)

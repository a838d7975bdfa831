"""The reviewer's monthly oversight: which months are closed, who reported, what changed.

Why one module: the reporting tracker, the review-with-context preview and the lock preview
all answer "where does this month stand?" from the same scoped reads; the front ends call
these functions and never decide on their own which months count as closed.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from service.access import require_role
from warehouse.audit import Acting, read_audit_log
from warehouse.contacts import enterprise_contacts as _contacts
from warehouse.db import utc_now
from warehouse.review import closed_months as _closed_months
from warehouse.scope import Scope


def today_utc() -> dt.date:
    """Today's date in UTC, the clock every "closed month" and "late" rule uses."""
    return utc_now().date()


def closed_months(year: int, today: dt.date | None = None) -> list[dt.date]:
    """The months of ``year`` that have ended (only these may be locked)."""
    return _closed_months(year, today or today_utc())


def enterprise_contacts(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """Reminder contacts (e-mail, phone) of the enterprises ``scope`` may see."""
    return _contacts(con, scope)


AUDIT_ROLES = ("province", "admin", "system")  # system: the operator at the command line
AUDIT_LIMIT = 5000


def audit_trail(con: duckdb.DuckDBPyConnection, reader: Acting, *,
                enterprise_id: str | None = None, since: dt.datetime | None = None,
                until: dt.datetime | None = None) -> pl.DataFrame:
    """The audit log for the audit-trail view: province reviewers and admins only.

    A read (it writes nothing), so the signed-in user is the ``reader``, checked by role like
    a write because the log names people and what they did across every enterprise.

    Filters by person and action are applied by the caller on the returned frame; the
    enterprise and the date range narrow the read itself (newest first, at most
    ``AUDIT_LIMIT`` rows).
    """
    require_role(con, reader, AUDIT_ROLES, "dash.audit.denied")
    return read_audit_log(con, reader.scope, enterprise_id=enterprise_id, since=since,
                          until=until, limit=AUDIT_LIMIT)

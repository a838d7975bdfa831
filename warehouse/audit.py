"""The append-only audit log: who did what, when, to which object.

Why a table and not log files: reviewers and the province must be able to answer "who
unlocked March for this enterprise?" from the dashboard, within their own scope, years later.
Nothing in this codebase updates or deletes ``audit_log`` rows (DuckDB has no triggers, so
the guarantee is this module's API: there is only ``write_audit`` and reads).

API (for the dashboard, ingest and exports):

* ``Actor(username=..., scope=...)`` — who acts. A signed-in ``warehouse.users.User`` works
  wherever an actor is asked for (it has ``.username`` and ``.scope``); the CLI uses
  ``Actor.system()``.
* ``write_audit(con, actor, action, object_type=..., object_id=..., enterprise_id=...,
  park_id=..., details={...}) -> int`` — call it inside the same ``transaction(con)`` as the
  change it records, so the change and its audit row commit or roll back together.
* ``read_audit_log(con, scope, *, enterprise_id=None, park_id=None, actions=None,
  since=None, until=None, limit=500) -> pl.DataFrame`` — newest first, only rows the scope may
  see: an enterprise sees rows about itself, a park board rows about its enterprises and
  its park-wide actions, province and admin everything.

Upload and export writers should use the action names in ``AUDIT_ACTIONS``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from typing import Any, Protocol

import duckdb
import polars as pl
from pydantic import BaseModel, ConfigDict

from parkghg.log import get_logger
from warehouse.db import fetch_one, utc_now
from warehouse.scope import Scope, Where, scope_predicate

log = get_logger(__name__)

AUDIT_ACTIONS: tuple[str, ...] = (
    "sign_in",
    "sign_in_failed",
    "user_created",
    "user_disabled",
    "user_enabled",
    "user_password_set",
    "user_language_set",
    "user_identity_bound",
    "registry_imported",  # service.registry: provinces, parks, enterprises files
    "factors_imported",  # service.factors: a custom emission-factor file
    "submission_accepted",
    "submission_returned",
    "period_locked",
    "period_unlocked",
    "park_year_locked",
    "park_year_unlocked",
    "period_restored",
    "inventory_frozen",
    "inventory_accepted",
    "inventory_recalculated",
    "upload",
    "export",
    # service.jcm: the JCM project register (issue 13)
    "jcm_setting_set",
    "jcm_project_added",
    "jcm_stage_changed",
    "jcm_participant_added",
    "jcm_document_added",
    "jcm_monitoring_uploaded",
    "jcm_credits_recorded",
    "park_facts_entered",  # service.circular (issue 12)
    "eco_park_threshold_set",  # service.circular
    "targets_set",  # service.targets
)

AUDIT_COLUMNS: tuple[str, ...] = (
    "audit_id", "logged_at", "actor", "actor_role", "action", "object_type", "object_id",
    "enterprise_id", "park_id", "details",
)


class Acting(Protocol):
    """Anything that can act: an ``Actor`` or a signed-in ``warehouse.users.User``."""

    @property
    def username(self) -> str: ...

    @property
    def scope(self) -> Scope: ...


class Actor(BaseModel):
    """A name for the audit log plus the scope that decides what it may do."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    username: str
    scope: Scope

    @classmethod
    def system(cls, name: str | None = None) -> Actor:
        """The operator at the server's command line (full access, named by OS user)."""
        if name is None:
            try:
                name = getpass.getuser()
            except Exception:  # no login name in some containers
                name = "unknown"
        return cls(username=f"cli:{name}", scope=Scope.system())


def write_audit(
    con: duckdb.DuckDBPyConnection,
    actor: Acting,
    action: str,
    *,
    object_type: str,
    object_id: str | None = None,
    enterprise_id: str | None = None,
    park_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> int:
    """Append one audit row and return its id; never raises on unknown action names.

    Why tolerant: an audit write must never block a legitimate upload or export because a
    new action name was not added to ``AUDIT_ACTIONS`` yet; it is logged instead.
    """
    if action not in AUDIT_ACTIONS:
        log.warning("audit action %r is not in AUDIT_ACTIONS", action)
    payload = json.dumps(details, ensure_ascii=False, default=str) if details else None
    row = fetch_one(con,
        "INSERT INTO audit_log (logged_at, actor, actor_role, action, object_type, object_id,"
        " enterprise_id, park_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING audit_id",
        [utc_now(), actor.username, actor.scope.role, action, object_type, object_id,
         enterprise_id, park_id, payload],
    )
    return int(row[0]) if row else 0


def last_actor_role(
    con: duckdb.DuckDBPyConnection, object_type: str, object_id: str, actions: tuple[str, ...]
) -> str | None:
    """The role recorded on the newest of ``actions`` about one object, or None.

    Why read the log for a rule: who accepted an inventory version, and at which level, is
    recorded only here (``inventory_versions.accepted_by`` holds a name, not a role), and the
    log is append-only, so the answer cannot be edited after the fact.
    """
    row = fetch_one(con,
        "SELECT actor_role FROM audit_log WHERE object_type = ? AND object_id = ?"
        " AND list_contains(?, action) ORDER BY audit_id DESC LIMIT 1",
        [object_type, object_id, list(actions)],
    )
    return row[0] if row else None


def audit_scope_predicate(scope: Scope) -> tuple[str, list]:
    """Rows of ``audit_log`` (alias ``l``) the scope may read.

    A park board also reads its park-wide rows (bulk locks), which carry no enterprise_id.
    """
    pred, params = scope_predicate(scope, "l.enterprise_id")
    if scope.role == "park":
        pred = f"(({pred}) OR (l.enterprise_id IS NULL AND l.park_id = ?))"
        params = [*params, scope.park_id]
    return pred, params


def read_audit_log(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    *,
    enterprise_id: str | None = None,
    park_id: str | None = None,
    actions: tuple[str, ...] | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 500,
) -> pl.DataFrame:
    """Audit rows inside ``scope``, newest first; filters narrow, they never widen."""
    where = (
        Where(audit_scope_predicate(scope))
        .narrow("l.enterprise_id = ?", enterprise_id)
        .narrow("(l.park_id = ? OR l.enterprise_id IN"
                " (SELECT enterprise_id FROM enterprises WHERE park_id = ?))", park_id, park_id)
        .narrow("list_contains(?, l.action)", list(actions) if actions else None)
        .narrow("l.logged_at >= ?", since)
        .narrow("l.logged_at <= ?", until)
    )
    params = [*where.params, max(0, int(limit))]
    sql = f"""
        SELECT {', '.join('l.' + c for c in AUDIT_COLUMNS)}
        FROM audit_log AS l
        WHERE {where.sql}
        ORDER BY l.audit_id DESC
        LIMIT ?
    """  # noqa: S608 - clauses are fixed fragments; values are bound parameters
    return con.sql(sql, params=params).pl()

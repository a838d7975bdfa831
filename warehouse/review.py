"""The review workflow: park boards and the province accept or return monthly submissions,
lock reviewed months, and restore an earlier upload of a month.

Why here, in the data layer: "an enterprise cannot accept its own data" and "a park board
cannot lock another park's months" must hold whichever page, script or export asks, so every
function takes the acting user (``actor``: a ``warehouse.users.User`` or an
``warehouse.audit.Actor``) or the reader's ``scope`` and checks it before touching a row.
Every change writes its ``audit_log`` row inside the same transaction.

State of a submission (derived, never stored as a mutable column): the newest row of
``submission_reviews`` for it, or ``pending`` when there is none. Rejected uploads (failed
validation) are outside the workflow. A decision can be changed later only by a reviewer of
the same or a higher level (park < province = admin), so the province can overrule a park
board but not the other way round.

API (``con`` is a DuckDB connection; writes need a read-write one):

Reads (scoped; filters narrow, never widen):

* ``review_queue(con, scope, *, states=("pending",), park_id=None, enterprise_id=None)``
  -> ``pl.DataFrame`` (``REVIEW_COLUMNS``). Pass ``states=None`` for every state: that is
  the enterprise's "my submissions and the reviewers' comments" view.
* ``review_history(con, scope, submission_id)`` -> every decision on one submission.
* ``upload_history(con, scope, *, enterprise_id=None, park_id=None)`` -> every upload,
  rejected ones included, with review state and how many months it currently supplies.
* ``period_history(con, scope, *, enterprise_id=None, period=None)`` -> moves of the
  ``period_current`` pointer (accepted / restored).
* ``restorable_submissions(con, scope, enterprise_id, period)`` -> uploads that hold rows
  for that month, with ``is_current``.
* ``list_locks(con, scope, *, enterprise_id=None, park_id=None, year=None)``.
* ``locked_periods(con, enterprise_id, periods=None) -> list[date]`` — for the ingest
  pipeline's "locked months cannot be replaced" rule (no data, only dates).

Actions (``park``, ``province``, ``admin`` roles and the CLI; ``restore_submission`` also by
the enterprise for its own months). Each raises ``AccessDeniedError`` outside the actor's
reach and ``ReviewError`` for a request that cannot be done:

* ``accept_submission(con, actor, submission_id, *, comment=None, lock_periods=False)``
* ``return_submission(con, actor, submission_id, *, comment)`` (comment required; the
  enterprise sees it)
* ``lock_period`` / ``unlock_period(con, actor, enterprise_id, period, *, reason=None)`` -> bool
* ``lock_park_year(con, actor, park_id, year, *, reason=None, today=None)`` -> int (closed
  months only, see ``closed_months``) / ``unlock_park_year(..., reason=None)`` -> int
* ``restore_submission(con, actor, enterprise_id, period, submission_id, *, reason=None)``
  -> bool (False when it already is the current one); refused when the month is locked.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import duckdb
import polars as pl
from pydantic import BaseModel, ConfigDict

from parkghg.errors import AccessDeniedError, ParkGHGError
from parkghg.log import get_logger
from warehouse.audit import Acting, write_audit
from warehouse.db import fetch_one, transaction, utc_now
from warehouse.scope import Scope, Where, scope_predicate
from warehouse.submissions import move_periods
from warehouse.users import require_active

log = get_logger(__name__)

ReviewState = Literal["pending", "accepted", "returned"]
Decision = Literal["accepted", "returned"]
REVIEW_STATES: tuple[ReviewState, ...] = ("pending", "accepted", "returned")
REVIEWER_ROLES = ("park", "province", "admin", "system")
MAX_COMMENT_LENGTH = 2000

_LEVEL = {"enterprise": 0, "park": 1, "province": 2, "admin": 2, "system": 3}

REVIEW_COLUMNS: tuple[str, ...] = (
    "submission_id", "enterprise_id", "enterprise_name", "park_id", "file_name",
    "uploaded_by", "uploaded_at", "period_first", "period_last", "row_count",
    "warning_count", "status", "current_months", "review_state", "reviewer", "reviewer_role",
    "review_comment", "reviewed_at",
)


class ReviewError(ParkGHGError):
    """A review action that cannot be done as asked (message key ``auth.*``)."""


class ReviewDecision(BaseModel):
    """One row of ``submission_reviews``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    review_id: int
    submission_id: str
    enterprise_id: str | None
    decision: Decision
    reviewer: str
    reviewer_role: str
    comment: str | None
    reviewed_at: dt.datetime


# --------------------------------------------------------------------------- helpers


def month_start(period: dt.date) -> dt.date:
    """Periods are stored as the first day of the month; accept any day of it."""
    return period.replace(day=1)


def submission_scope_predicate(scope: Scope, alias: str = "s") -> tuple[str, list]:
    """Submissions the scope may read, including its own users' rejected uploads.

    Why the second branch: a file rejected before its enterprise id could be read has no
    ``enterprise_id``; its uploader (a user of the enterprise) must still see why.
    """
    pred, params = scope_predicate(scope, f"{alias}.enterprise_id")
    if scope.role == "enterprise":
        uploaders = "SELECT username FROM users WHERE enterprise_id = ?"
        params = [*params, scope.enterprise_id]
    elif scope.role == "park":
        uploaders = (
            "SELECT u.username FROM users AS u LEFT JOIN enterprises AS ue"
            " ON ue.enterprise_id = u.enterprise_id WHERE u.park_id = ? OR ue.park_id = ?"
        )
        params = [*params, scope.park_id, scope.park_id]
    else:
        return pred, params
    orphan = f"{alias}.enterprise_id IS NULL AND {alias}.uploaded_by IN ({uploaders})"
    return f"({pred} OR ({orphan}))", params


def may_overrule(role: str, decided_by_role: str | None) -> bool:
    """Whether ``role`` may change what ``decided_by_role`` decided (park < province = admin
    < system; an enterprise's own draft is the lowest).

    Why public: inventory versions (``service.inventory``) follow the same ladder as review
    decisions, so a park board cannot replace what the province accepted. A decision whose
    author is unknown (``None``, or a role this code does not know) counts as the highest level.
    """
    return _LEVEL.get(role, 0) >= _LEVEL.get(decided_by_role or "", 3)


def _require_reviewer(con: duckdb.DuckDBPyConnection, actor: Acting) -> None:
    require_active(con, actor)
    if actor.scope.role not in REVIEWER_ROLES:
        raise AccessDeniedError("auth.reviewer_only")


def _enterprise_park(con: duckdb.DuckDBPyConnection, enterprise_id: str | None) -> str | None:
    if enterprise_id is None:
        return None
    row = fetch_one(con,
        "SELECT park_id FROM enterprises WHERE enterprise_id = ?", [enterprise_id]
    )
    return row[0] if row else None


def _require_enterprise_reach(
    con: duckdb.DuckDBPyConnection, scope: Scope, enterprise_id: str | None
) -> str | None:
    """Raise unless the enterprise exists and lies inside ``scope``; return its park."""
    park_id = _enterprise_park(con, enterprise_id)
    if enterprise_id is None or park_id is None:
        if scope.sees_everything:
            raise ReviewError("auth.unknown_enterprise", enterprise_id=enterprise_id or "")
        raise AccessDeniedError("auth.outside_scope")
    if scope.role == "enterprise" and scope.enterprise_id != enterprise_id:
        raise AccessDeniedError("auth.outside_scope")
    if scope.role == "park" and scope.park_id != park_id:
        raise AccessDeniedError("auth.outside_scope")
    return park_id


def _require_park_reach(con: duckdb.DuckDBPyConnection, scope: Scope, park_id: str) -> None:
    if scope.role == "park" and scope.park_id != park_id:
        raise AccessDeniedError("auth.outside_scope")
    if scope.role == "enterprise":
        raise AccessDeniedError("auth.reviewer_only")
    if fetch_one(con, "SELECT 1 FROM parks WHERE park_id = ?", [park_id]) is None:
        raise ReviewError("auth.unknown_park", park_id=park_id)


# --------------------------------------------------------------------------- reads


def review_queue(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    *,
    states: tuple[ReviewState, ...] | None = ("pending",),
    park_id: str | None = None,
    enterprise_id: str | None = None,
) -> pl.DataFrame:
    """Submissions in the workflow inside ``scope``, oldest upload first.

    ``pending`` lists only uploads that still supply at least one month (a replaced upload
    needs no review). Columns: ``REVIEW_COLUMNS``.
    """
    where = Where(scope_predicate(scope, "s.enterprise_id"))
    where.clauses.append("s.status <> 'rejected'")
    where.narrow("list_contains(?, rs.review_state)", list(states) if states is not None else None)
    if states is not None and tuple(states) == ("pending",):
        where.clauses.append("coalesce(pc.current_months, 0) > 0")
    where.narrow("e.park_id = ?", park_id).narrow("s.enterprise_id = ?", enterprise_id)
    sql = f"""
        SELECT s.submission_id, s.enterprise_id, e.name AS enterprise_name, e.park_id,
               s.file_name, s.uploaded_by, s.uploaded_at, s.period_first, s.period_last,
               s.row_count, s.warning_count, s.status,
               coalesce(pc.current_months, 0) AS current_months,
               rs.review_state, rs.reviewer, rs.reviewer_role, rs.review_comment,
               rs.reviewed_at
        FROM submissions AS s
        JOIN submission_review_state AS rs ON rs.submission_id = s.submission_id
        LEFT JOIN enterprises AS e ON e.enterprise_id = s.enterprise_id
        LEFT JOIN (SELECT submission_id, count(*) AS current_months
                   FROM period_current GROUP BY submission_id) AS pc
               ON pc.submission_id = s.submission_id
        WHERE {where.sql}
        ORDER BY s.uploaded_at, s.submission_id
    """  # noqa: S608 - clauses are fixed fragments; values are bound parameters
    return con.sql(sql, params=where.params).pl()


def review_history(
    con: duckdb.DuckDBPyConnection, scope: Scope, submission_id: str
) -> pl.DataFrame:
    """Every decision on one submission, oldest first (empty outside the scope)."""
    pred, params = scope_predicate(scope, "r.enterprise_id")
    sql = f"""
        SELECT r.review_id, r.submission_id, r.enterprise_id, r.decision, r.reviewer,
               r.reviewer_role, r.comment, r.reviewed_at
        FROM submission_reviews AS r
        WHERE {pred} AND r.submission_id = ?
        ORDER BY r.review_id
    """  # noqa: S608
    return con.sql(sql, params=[*params, submission_id]).pl()


def upload_history(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    *,
    enterprise_id: str | None = None,
    park_id: str | None = None,
) -> pl.DataFrame:
    """Every upload inside ``scope`` (rejected ones too), newest first, with review state."""
    where = (
        Where(submission_scope_predicate(scope, "s"))
        .narrow("s.enterprise_id = ?", enterprise_id)
        .narrow("e.park_id = ?", park_id)
    )
    sql = f"""
        SELECT s.submission_id, s.enterprise_id, e.name AS enterprise_name, e.park_id,
               s.file_name, s.file_format, s.file_size_bytes, s.uploaded_by, s.uploaded_at,
               s.period_first, s.period_last, s.status, s.row_count, s.error_count,
               s.warning_count, coalesce(pc.current_months, 0) AS current_months,
               coalesce(rs.review_state, CASE WHEN s.status = 'rejected' THEN NULL
                                              ELSE 'pending' END) AS review_state,
               rs.reviewer, rs.review_comment, rs.reviewed_at
        FROM submissions AS s
        LEFT JOIN enterprises AS e ON e.enterprise_id = s.enterprise_id
        LEFT JOIN submission_review_state AS rs ON rs.submission_id = s.submission_id
        LEFT JOIN (SELECT submission_id, count(*) AS current_months
                   FROM period_current GROUP BY submission_id) AS pc
               ON pc.submission_id = s.submission_id
        WHERE {where.sql}
        ORDER BY s.uploaded_at DESC, s.submission_id
    """  # noqa: S608
    return con.sql(sql, params=where.params).pl()


def period_history(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    *,
    enterprise_id: str | None = None,
    period: dt.date | None = None,
) -> pl.DataFrame:
    """Moves of the current-upload pointer inside ``scope``, newest first."""
    where = (
        Where(scope_predicate(scope, "h.enterprise_id"))
        .narrow("h.enterprise_id = ?", enterprise_id)
        .narrow("h.period = ?", month_start(period) if period is not None else None)
    )
    sql = f"""
        SELECT h.enterprise_id, h.period, h.submission_id, h.action, h.changed_by, h.changed_at
        FROM period_history AS h
        WHERE {where.sql}
        ORDER BY h.changed_at DESC, h.enterprise_id, h.period
    """  # noqa: S608
    return con.sql(sql, params=where.params).pl()


def restorable_submissions(
    con: duckdb.DuckDBPyConnection, scope: Scope, enterprise_id: str, period: dt.date
) -> pl.DataFrame:
    """Uploads holding rows for this enterprise-month (empty outside the scope)."""
    pred, params = scope_predicate(scope, "a.enterprise_id")
    sql = f"""
        SELECT a.submission_id, a.enterprise_id, a.period, s.file_name, s.uploaded_by,
               s.uploaded_at, count(*) AS row_count,
               bool_or(pc.submission_id IS NOT NULL) AS is_current
        FROM activity_rows AS a
        JOIN submissions AS s ON s.submission_id = a.submission_id
        LEFT JOIN period_current AS pc
               ON pc.enterprise_id = a.enterprise_id AND pc.period = a.period
              AND pc.submission_id = a.submission_id
        WHERE {pred} AND a.enterprise_id = ? AND a.period = ?
        GROUP BY ALL
        ORDER BY s.uploaded_at DESC
    """  # noqa: S608
    return con.sql(sql, params=[*params, enterprise_id, month_start(period)]).pl()


def list_locks(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    *,
    enterprise_id: str | None = None,
    park_id: str | None = None,
    year: int | None = None,
) -> pl.DataFrame:
    """Locked enterprise-months inside ``scope``."""
    where = (
        Where(scope_predicate(scope, "l.enterprise_id"))
        .narrow("l.enterprise_id = ?", enterprise_id)
        .narrow("e.park_id = ?", park_id)
        .narrow("year(l.period) = ?", int(year) if year is not None else None)
    )
    sql = f"""
        SELECT l.enterprise_id, e.park_id, l.period, l.locked_by, l.locked_at, l.reason
        FROM period_locks AS l
        LEFT JOIN enterprises AS e ON e.enterprise_id = l.enterprise_id
        WHERE {where.sql}
        ORDER BY l.enterprise_id, l.period
    """  # noqa: S608
    return con.sql(sql, params=where.params).pl()


def locked_periods(
    con: duckdb.DuckDBPyConnection, enterprise_id: str, periods: list[dt.date] | None = None
) -> list[dt.date]:
    """Which of ``periods`` (all when ``None``) are locked for the enterprise.

    Unscoped on purpose: the ingest pipeline asks it for the enterprise it has already
    authorised, and the answer carries no activity data.
    """
    params: list = [enterprise_id]
    extra = ""
    if periods is not None:
        extra = " AND list_contains(?, period)"
        params.append([month_start(p) for p in periods])
    rows = con.execute(
        f"SELECT period FROM period_locks WHERE enterprise_id = ?{extra} ORDER BY period",  # noqa: S608
        params,
    ).fetchall()
    return [r[0] for r in rows]


# --------------------------------------------------------------------------- decisions


def _decide(
    con: duckdb.DuckDBPyConnection,
    actor: Acting,
    submission_id: str,
    decision: Decision,
    comment: str | None,
    lock_periods: bool,
) -> ReviewDecision:
    _require_reviewer(con, actor)
    comment = comment.strip() if comment else None
    if decision == "returned" and not comment:
        raise ReviewError("auth.return_needs_comment")
    if comment and len(comment) > MAX_COMMENT_LENGTH:
        raise ReviewError("auth.comment_too_long", max=MAX_COMMENT_LENGTH)
    row = fetch_one(con,
        "SELECT enterprise_id, status FROM submissions WHERE submission_id = ?", [submission_id]
    )
    if row is None:
        if actor.scope.sees_everything:
            raise ReviewError("auth.unknown_submission", submission_id=submission_id)
        raise AccessDeniedError("auth.outside_scope")
    enterprise_id, status = row
    park_id = _require_enterprise_reach(con, actor.scope, enterprise_id)
    if status == "rejected":
        raise ReviewError("auth.submission_rejected", submission_id=submission_id)
    last = fetch_one(con,
        "SELECT decision, reviewer_role FROM submission_reviews WHERE submission_id = ?"
        " ORDER BY review_id DESC LIMIT 1",
        [submission_id],
    )
    if last is not None and not may_overrule(actor.scope.role, last[1]):
        raise AccessDeniedError("auth.overrule_denied")
    with transaction(con):
        review_id, reviewed_at = fetch_one(con,
            "INSERT INTO submission_reviews (submission_id, enterprise_id, decision, reviewer,"
            " reviewer_role, comment, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " RETURNING review_id, reviewed_at",
            [submission_id, enterprise_id, decision, actor.username, actor.scope.role,
             comment, utc_now()],
        )
        write_audit(con, actor, f"submission_{decision}", object_type="submission",
                    object_id=submission_id, enterprise_id=enterprise_id, park_id=park_id,
                    details={"comment": comment, "previous": last[0] if last else "pending"})
        if lock_periods and decision == "accepted":
            months = [r[0] for r in con.execute(
                "SELECT period FROM period_current WHERE submission_id = ? ORDER BY period",
                [submission_id],
            ).fetchall()]
            for month in months:
                _insert_lock(con, actor, enterprise_id, month, comment, park_id)
    return ReviewDecision(
        review_id=review_id, submission_id=submission_id, enterprise_id=enterprise_id,
        decision=decision, reviewer=actor.username, reviewer_role=actor.scope.role,
        comment=comment, reviewed_at=reviewed_at,
    )


def accept_submission(
    con: duckdb.DuckDBPyConnection,
    actor: Acting,
    submission_id: str,
    *,
    comment: str | None = None,
    lock_periods: bool = False,
) -> ReviewDecision:
    """Accept an upload; with ``lock_periods`` also lock the months it currently supplies."""
    return _decide(con, actor, submission_id, "accepted", comment, lock_periods)


def return_submission(
    con: duckdb.DuckDBPyConnection, actor: Acting, submission_id: str, *, comment: str
) -> ReviewDecision:
    """Send an upload back to the enterprise with a comment saying what to fix."""
    return _decide(con, actor, submission_id, "returned", comment, False)


# --------------------------------------------------------------------------- locks


def _insert_lock(
    con: duckdb.DuckDBPyConnection,
    actor: Acting,
    enterprise_id: str,
    period: dt.date,
    reason: str | None,
    park_id: str | None,
) -> bool:
    exists = fetch_one(con,
        "SELECT 1 FROM period_locks WHERE enterprise_id = ? AND period = ?",
        [enterprise_id, period],
    )
    if exists:
        return False
    con.execute(
        "INSERT INTO period_locks (enterprise_id, period, locked_by, locked_at, reason)"
        " VALUES (?, ?, ?, ?, ?)",
        [enterprise_id, period, actor.username, utc_now(), reason],
    )
    write_audit(con, actor, "period_locked", object_type="period",
                object_id=f"{enterprise_id}/{period:%Y-%m}", enterprise_id=enterprise_id,
                park_id=park_id, details={"period": period.isoformat(), "reason": reason})
    return True


def lock_period(
    con: duckdb.DuckDBPyConnection,
    actor: Acting,
    enterprise_id: str,
    period: dt.date,
    *,
    reason: str | None = None,
) -> bool:
    """Lock one enterprise-month so uploads cannot replace it; False if already locked."""
    _require_reviewer(con, actor)
    park_id = _require_enterprise_reach(con, actor.scope, enterprise_id)
    with transaction(con):
        return _insert_lock(con, actor, enterprise_id, month_start(period), reason, park_id)


def unlock_period(
    con: duckdb.DuckDBPyConnection,
    actor: Acting,
    enterprise_id: str,
    period: dt.date,
    *,
    reason: str | None = None,
) -> bool:
    """Unlock one enterprise-month (the reason goes to the audit log); False if not locked."""
    _require_reviewer(con, actor)
    park_id = _require_enterprise_reach(con, actor.scope, enterprise_id)
    month = month_start(period)
    with transaction(con):
        gone = con.execute(
            "DELETE FROM period_locks WHERE enterprise_id = ? AND period = ? RETURNING period",
            [enterprise_id, month],
        ).fetchall()
        if not gone:
            return False
        write_audit(con, actor, "period_unlocked", object_type="period",
                    object_id=f"{enterprise_id}/{month:%Y-%m}", enterprise_id=enterprise_id,
                    park_id=park_id, details={"period": month.isoformat(), "reason": reason})
    return True


def closed_months(year: int, today: dt.date) -> list[dt.date]:
    """The months of ``year`` that have ended by ``today`` (first days; none for a future year)."""
    last = 12 if year < today.year else (today.month - 1 if year == today.year else 0)
    return [dt.date(year, m, 1) for m in range(1, last + 1)]


def lock_park_year(
    con: duckdb.DuckDBPyConnection,
    actor: Acting,
    park_id: str,
    year: int,
    *,
    reason: str | None = None,
    today: dt.date | None = None,
) -> int:
    """Lock the *closed* months of ``year`` for every enterprise of the park; returns new locks.

    Only months that have ended (before ``today``'s month; today in UTC by default) are locked:
    locking a month that has not happened yet would refuse the enterprise's corrections of it
    later with no one remembering why. One park-wide audit row (the park board reads it; each
    enterprise sees its locks in ``list_locks``).
    """
    _require_reviewer(con, actor)
    _require_park_reach(con, actor.scope, park_id)
    year = int(year)
    months = closed_months(year, today or utc_now().date())
    if not months:
        return 0
    with transaction(con):
        added = con.execute(
            """
            INSERT INTO period_locks (enterprise_id, period, locked_by, locked_at, reason)
            SELECT e.enterprise_id, m.period, ?, ?, ?
            FROM enterprises AS e
            CROSS JOIN (SELECT CAST(make_date(?, month, 1) AS DATE) AS period
                        FROM range(1, ?) AS r(month)) AS m
            WHERE e.park_id = ?
              AND NOT EXISTS (SELECT 1 FROM period_locks AS l
                              WHERE l.enterprise_id = e.enterprise_id AND l.period = m.period)
            RETURNING enterprise_id
            """,
            [actor.username, utc_now(), reason, year, len(months) + 1, park_id],
        ).fetchall()
        write_audit(con, actor, "park_year_locked", object_type="park_year",
                    object_id=f"{park_id}/{year}", park_id=park_id,
                    details={"year": year, "locked": len(added), "reason": reason,
                             "through": months[-1].isoformat()})
    return len(added)


def unlock_park_year(
    con: duckdb.DuckDBPyConnection,
    actor: Acting,
    park_id: str,
    year: int,
    *,
    reason: str | None = None,
) -> int:
    """Unlock every locked month of ``year`` for the park's enterprises; returns how many."""
    _require_reviewer(con, actor)
    _require_park_reach(con, actor.scope, park_id)
    year = int(year)
    with transaction(con):
        gone = con.execute(
            "DELETE FROM period_locks WHERE year(period) = ? AND enterprise_id IN"
            " (SELECT enterprise_id FROM enterprises WHERE park_id = ?) RETURNING enterprise_id",
            [year, park_id],
        ).fetchall()
        write_audit(con, actor, "park_year_unlocked", object_type="park_year",
                    object_id=f"{park_id}/{year}", park_id=park_id,
                    details={"year": year, "unlocked": len(gone), "reason": reason})
    return len(gone)


# --------------------------------------------------------------------------- restore


def restore_submission(
    con: duckdb.DuckDBPyConnection,
    actor: Acting,
    enterprise_id: str,
    period: dt.date,
    submission_id: str,
    *,
    reason: str | None = None,
) -> bool:
    """Make an earlier upload the current data for one enterprise-month again.

    Moves ``period_current``, appends ``period_history`` (action ``restored``), updates the
    uploads' superseded/accepted status and writes the audit row, in one transaction.
    Refused while the month is locked. False when it already is the current upload.
    """
    require_active(con, actor)
    park_id = _require_enterprise_reach(con, actor.scope, enterprise_id)
    month = month_start(period)
    has_rows = fetch_one(con,
        "SELECT 1 FROM activity_rows WHERE submission_id = ? AND enterprise_id = ? AND period = ?"
        " LIMIT 1",
        [submission_id, enterprise_id, month],
    )
    if not has_rows:
        raise ReviewError("auth.nothing_to_restore", submission_id=submission_id,
                          enterprise_id=enterprise_id, period=f"{month:%Y-%m}")
    if locked_periods(con, enterprise_id, [month]):
        raise ReviewError("auth.period_locked", enterprise_id=enterprise_id,
                          period=f"{month:%Y-%m}")
    with transaction(con):
        current = fetch_one(con,
            "SELECT submission_id FROM period_current WHERE enterprise_id = ? AND period = ?",
            [enterprise_id, month],
        )
        if current and current[0] == submission_id:
            return False
        # The ingest pipeline's own pointer move, so restore keeps the same invariants
        # (period_history row, superseded/accepted status of the uploads involved).
        move_periods(con, enterprise_id, [month], submission_id, "restored", actor.username,
                     utc_now())
        write_audit(con, actor, "period_restored", object_type="period",
                    object_id=f"{enterprise_id}/{month:%Y-%m}", enterprise_id=enterprise_id,
                    park_id=park_id,
                    details={"period": month.isoformat(), "restored": submission_id,
                             "replaced": current[0] if current else None, "reason": reason})
    log.info("%s restored %s for %s %s", actor.username, submission_id, enterprise_id, month)
    return True

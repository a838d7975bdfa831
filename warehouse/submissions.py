"""Writing uploads into the warehouse, atomically, and reading their history.

An accepted upload is one transaction: the submission record, the original file, its
warnings, its activity rows, and the move of each month's ``period_current`` pointer to it
(earlier rows stay, marked superseded, restorable). A rejected upload writes only its
submission record, file and problems, never activity data. Everything here takes an open
connection from ``warehouse.db``; the caller decides how long the write lock is held.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl
from pydantic import BaseModel, ConfigDict

from parkghg.schema import column_names
from warehouse import filestore
from warehouse.audit import Acting, write_audit
from warehouse.db import fetch_one, transaction
from warehouse.scope import Scope, scope_predicate

ACTIVITY_INSERT_COLUMNS = column_names("activity_rows")
_ISSUE_INSERT_COLUMNS = column_names("submission_issues")


class SubmissionMeta(BaseModel):
    """Who sent which file, when, and how it was read."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    submission_id: str
    enterprise_id: str | None
    file_name: str
    file_sha256: str
    file_size_bytes: int
    file_format: str
    read_notes_vi: str | None
    read_notes_en: str | None
    template_version: str
    uploaded_by: str
    uploaded_at: dt.datetime


def unchanged_submission(con: duckdb.DuckDBPyConnection, sha256: str) -> str | None:
    """An accepted submission with these exact bytes that still supplies all its months."""
    candidates = con.execute(
        "SELECT count(*) FROM submissions WHERE file_sha256 = ? AND status = 'accepted'",
        [sha256]).fetchall()[0][0]
    if not candidates:  # the usual case: new bytes, no scan of activity_rows at all
        return None
    row = fetch_one(
        con,
        """
        SELECT s.submission_id
        FROM submissions AS s
        WHERE s.file_sha256 = ? AND s.status = 'accepted'
          AND NOT EXISTS (
              SELECT 1 FROM activity_rows AS a
              LEFT JOIN period_current AS p
                ON p.enterprise_id = a.enterprise_id AND p.period = a.period
              WHERE a.submission_id = s.submission_id
                AND (p.submission_id IS NULL OR p.submission_id <> s.submission_id))
        ORDER BY s.uploaded_at DESC
        LIMIT 1
        """,
        [sha256],
    )
    return row[0] if row else None


def known_enterprise_ids(con: duckdb.DuckDBPyConnection, scope: Scope) -> frozenset[str]:
    """Registry ids the scope may upload for."""
    pred, params = scope_predicate(scope, "enterprise_id")
    sql = f"SELECT enterprise_id FROM enterprises WHERE {pred}"  # noqa: S608 - fixed fragment
    return frozenset(r[0] for r in con.execute(sql, params).fetchall())


def all_enterprise_ids(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Every registry id (to recognise symbiosis counterparties)."""
    return frozenset(r[0] for r in con.execute("SELECT enterprise_id FROM enterprises").fetchall())


def locked_periods(
    con: duckdb.DuckDBPyConnection, enterprise_ids: list[str]
) -> frozenset[tuple[str, dt.date]]:
    """Enterprise-months that reviewers have locked."""
    rows = con.execute(
        "SELECT enterprise_id, period FROM period_locks WHERE list_contains(?, enterprise_id)",
        [enterprise_ids],
    ).fetchall()
    return frozenset((r[0], r[1]) for r in rows)


def history_stats(con: duckdb.DuckDBPyConnection, enterprise_ids: list[str]) -> pl.DataFrame:
    """Median monthly quantity per enterprise and item, over current data (outlier baseline).

    Reads ``history_monthly`` (monthly totals kept in step with ``period_current``) one
    enterprise at a time through its index, so the cost follows the enterprise's own history,
    not the province's.
    """
    frames = [con.sql(
        """
        SELECT enterprise_id, category, item, unit_canonical, use, treatment,
               median(quantity_canonical) AS median_quantity, count(*) AS n_months
        FROM history_monthly WHERE enterprise_id = ?
        GROUP BY ALL
        """,
        params=[enterprise_id],
    ).pl() for enterprise_id in sorted(set(enterprise_ids))]
    if not frames:
        return con.sql(
            "SELECT enterprise_id, category, item, unit_canonical, use, treatment, "
            "median(quantity_canonical) AS median_quantity, count(*) AS n_months "
            "FROM history_monthly WHERE false GROUP BY ALL").pl()
    return pl.concat(frames)


def production_units(con: duckdb.DuckDBPyConnection, enterprise_ids: list[str]) -> dict[str, str]:
    """The canonical production unit each enterprise has used so far (its most recent)."""
    units: dict[str, str] = {}
    for enterprise_id in sorted(set(enterprise_ids)):
        rows = con.execute(
            """
            SELECT arg_max(unit_canonical, period)
            FROM history_monthly
            WHERE enterprise_id = ? AND category = 'production'
            """,
            [enterprise_id],
        ).fetchall()
        if rows and rows[0][0] is not None:
            units[enterprise_id] = rows[0][0]
    return units


def _insert_submission(
    con: duckdb.DuckDBPyConnection, meta: SubmissionMeta, content: bytes, status: str,
    row_count: int, issues: pl.DataFrame, periods: tuple[dt.date | None, dt.date | None],
) -> None:
    n_errors = issues.filter(pl.col("severity") == "error").height
    con.execute(
        """
        INSERT INTO submissions (submission_id, enterprise_id, file_name, file_sha256,
            file_size_bytes, file_format, read_notes_vi, read_notes_en, template_version,
            uploaded_by, uploaded_at, period_first, period_last, status, row_count,
            error_count, warning_count)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [meta.submission_id, meta.enterprise_id, meta.file_name, meta.file_sha256,
         meta.file_size_bytes, meta.file_format, meta.read_notes_vi, meta.read_notes_en,
         meta.template_version, meta.uploaded_by, meta.uploaded_at, periods[0], periods[1],
         status, row_count, n_errors, issues.height - n_errors],
    )
    _store_file(con, meta, content)
    if issues.height:
        frame = issues.with_row_index("issue_no", offset=1).with_columns(
            submission_id=pl.lit(meta.submission_id),
            issue_no=pl.col("issue_no").cast(pl.Int32),
            row_number=pl.col("row_number").cast(pl.Int32),
        ).rename({"column": "column_name"}).select(_ISSUE_INSERT_COLUMNS)
        con.register("_issues_in", frame)
        try:
            con.execute("INSERT INTO submission_issues BY NAME SELECT * FROM _issues_in")
        finally:
            con.unregister("_issues_in")


def _store_file(con: duckdb.DuckDBPyConnection, meta: SubmissionMeta, content: bytes) -> None:
    """The bytes go to the file store first: the caller's transaction commits after they are
    safe on disk, so a committed submission always has its file."""
    # A rejected oversized file keeps only its first bytes: those are stored under their own
    # hash (meta keeps the whole file's hash and size, as the submission row says).
    whole = len(content) == meta.file_size_bytes
    sha, rel = filestore.put(filestore.warehouse_file(con), content,
                             meta.file_sha256 if whole else None)
    con.execute("INSERT INTO submission_files VALUES (?, ?, ?, ?)",
                [meta.submission_id, sha, len(content), rel])


def _audit_upload(
    con: duckdb.DuckDBPyConnection, actor: Acting, meta: SubmissionMeta, status: str,
    details: dict[str, object],
) -> None:
    write_audit(con, actor, "upload", object_type="submission", object_id=meta.submission_id,
                enterprise_id=meta.enterprise_id,
                details={"status": status, "file_name": meta.file_name,
                         "file_sha256": meta.file_sha256, **details})


def record_rejected(
    con: duckdb.DuckDBPyConnection, meta: SubmissionMeta, content: bytes, issues: pl.DataFrame,
    actor: Acting,
) -> None:
    """Log a rejected attempt (for the upload history); no activity data is written."""
    with transaction(con):
        _insert_submission(con, meta, content, "rejected", 0, issues, (None, None))
        _audit_upload(con, actor, meta, "rejected", {"problems": issues.height})


def record_accepted(
    con: duckdb.DuckDBPyConnection, meta: SubmissionMeta, content: bytes,
    rows: pl.DataFrame, warnings: pl.DataFrame, actor: Acting,
) -> list[dt.date]:
    """Store an accepted upload and make it current for its months; return replaced months."""
    periods = sorted(rows["period"].unique().to_list())
    enterprise_id = meta.enterprise_id
    activity = rows.with_columns(
        submission_id=pl.lit(meta.submission_id),
        row_number=pl.col("row_number").cast(pl.Int32),
    ).select(ACTIVITY_INSERT_COLUMNS)
    with transaction(con):
        _insert_submission(con, meta, content, "accepted", rows.height, warnings,
                           (periods[0], periods[-1]))
        con.register("_activity_in", activity)
        try:
            con.execute("INSERT INTO activity_rows BY NAME SELECT * FROM _activity_in")
        finally:
            con.unregister("_activity_in")
        previous = con.execute(
            "SELECT period, submission_id FROM period_current "
            "WHERE enterprise_id = ? AND list_contains(?, period)",
            [enterprise_id, periods],
        ).fetchall()
        move_periods(con, enterprise_id, periods, meta.submission_id, "accepted",
                     meta.uploaded_by, meta.uploaded_at, rows=activity)
        replaced = sorted(p for p, _ in previous)
        _audit_upload(con, actor, meta, "accepted", {
            "rows": rows.height, "warnings": warnings.height,
            "periods": [p.isoformat() for p in periods],
            "replaced": [p.isoformat() for p in replaced]})
    return replaced


def move_periods(
    con: duckdb.DuckDBPyConnection, enterprise_id: str, periods: list[dt.date],
    submission_id: str, action: str, changed_by: str, changed_at: dt.datetime,
    *, rows: pl.DataFrame | None = None,
) -> None:
    """Point the months at ``submission_id``, log it, and mark fully replaced uploads.

    Shared by accepting a new upload and restoring an old one, so both keep the same
    invariants (``history_monthly`` included); call it inside the caller's transaction.
    ``rows`` are the submission's activity rows when the caller has them (a new upload), so
    the summary is refreshed from memory instead of re-reading ``activity_rows``.
    """
    con.execute(
        "INSERT INTO period_current SELECT ?, m.period, ? FROM unnest(?::DATE[]) AS m(period) "
        "ON CONFLICT (enterprise_id, period) DO UPDATE SET submission_id = excluded.submission_id",
        [enterprise_id, submission_id, periods],
    )
    con.execute(
        "INSERT INTO period_history SELECT ?, m.period, ?, ?, ?, ? "
        "FROM unnest(?::DATE[]) AS m(period)",
        [enterprise_id, submission_id, action, changed_by, changed_at, periods],
    )
    con.execute(
        """
        UPDATE submissions SET status = CASE
            WHEN EXISTS (SELECT 1 FROM period_current AS p
                         WHERE p.enterprise_id = ?
                           AND p.submission_id = submissions.submission_id) THEN 'accepted'
            ELSE 'superseded' END
        WHERE enterprise_id = ? AND status IN ('accepted', 'superseded')
        """,
        [enterprise_id, enterprise_id],
    )
    _refresh_history(con, enterprise_id, periods, submission_id, rows)


_HISTORY_KEY = ("enterprise_id", "period", "category", "item", "unit_canonical", "use",
                "treatment")


def _refresh_history(
    con: duckdb.DuckDBPyConnection, enterprise_id: str, periods: list[dt.date],
    submission_id: str, rows: pl.DataFrame | None,
) -> None:
    """Replace the months' totals in ``history_monthly`` with those of ``submission_id``."""
    con.execute("DELETE FROM history_monthly WHERE enterprise_id = ? AND list_contains(?, period)",
                [enterprise_id, periods])
    if rows is None:
        con.execute(
            """
            INSERT INTO history_monthly
            SELECT enterprise_id, period, category, item, unit_canonical, use, treatment,
                   sum(quantity_canonical)
            FROM activity_rows
            WHERE submission_id = ? AND enterprise_id = ? AND list_contains(?, period)
            GROUP BY ALL
            """,
            [submission_id, enterprise_id, periods],
        )
        return
    monthly = (rows.filter(pl.col("enterprise_id") == enterprise_id,
                           pl.col("period").is_in(periods))
               .group_by(_HISTORY_KEY).agg(pl.col("quantity_canonical").sum()))
    con.register("_history_in", monthly)
    try:
        con.execute("INSERT INTO history_monthly BY NAME SELECT * FROM _history_in")
    finally:
        con.unregister("_history_in")


def list_submissions(
    con: duckdb.DuckDBPyConnection, scope: Scope, *, enterprise_id: str | None = None,
    limit: int = 200,
) -> pl.DataFrame:
    """Upload history inside the scope, newest first (file bytes not included)."""
    pred, params = scope_predicate(scope, "s.enterprise_id")
    extra = ""
    if enterprise_id is not None:
        extra = " AND s.enterprise_id = ?"
        params.append(enterprise_id)
    params.append(limit)
    sql = f"""
        SELECT s.submission_id, s.enterprise_id, s.file_name, s.file_format, s.uploaded_by,
               s.uploaded_at, s.period_first, s.period_last, s.status, s.row_count,
               s.error_count, s.warning_count, s.read_notes_vi, s.read_notes_en, s.file_sha256
        FROM submissions AS s
        WHERE {pred}{extra}
        ORDER BY s.uploaded_at DESC, s.submission_id
        LIMIT ?
    """  # noqa: S608 - fixed fragments, values bound
    return con.sql(sql, params=params).pl()


def submission_issues(
    con: duckdb.DuckDBPyConnection, scope: Scope, submission_id: str
) -> pl.DataFrame:
    """The problems and warnings stored with one submission, if it is inside the scope."""
    pred, params = scope_predicate(scope, "s.enterprise_id")
    sql = f"""
        SELECT i.* FROM submission_issues AS i
        JOIN submissions AS s USING (submission_id)
        WHERE i.submission_id = ? AND {pred}
        ORDER BY i.issue_no
    """  # noqa: S608 - fixed fragment, values bound
    return con.sql(sql, params=[submission_id, *params]).pl()


def original_file(
    con: duckdb.DuckDBPyConnection, scope: Scope, submission_id: str
) -> tuple[str, bytes] | None:
    """``(file name, bytes exactly as uploaded)`` of a submission inside the scope, else None.

    The bytes come from the file store beside the warehouse, checked against their SHA-256.
    """
    pred, params = scope_predicate(scope, "s.enterprise_id")
    sql = f"""
        SELECT s.file_name, f.stored_path, f.file_sha256
        FROM submission_files AS f JOIN submissions AS s USING (submission_id)
        WHERE f.submission_id = ? AND {pred}
    """  # noqa: S608 - fixed fragment, values bound
    row = fetch_one(con, sql, [submission_id, *params])
    if row is None:
        return None
    return row[0], filestore.get(filestore.warehouse_file(con), row[1], row[2])

"""Writing uploads into the warehouse, atomically, and reading their history.

An accepted upload is one transaction: the submission record, the original file, its
warnings, its activity rows, and the move of each month's ``period_current`` pointer to it
(earlier rows stay, marked superseded, restorable). A rejected upload writes only its
submission record, file and problems, never activity data. ``record_uploads`` writes a batch
of such outcomes set-based (one INSERT per table) in one transaction, each file still whole and
with its own submission. Everything here takes an open connection from ``warehouse.db``; the
caller decides how long the write lock is held.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass

import duckdb
import polars as pl
from pydantic import BaseModel, ConfigDict

from parkghg.schema import column_names
from warehouse import filestore
from warehouse.audit import Acting
from warehouse.db import fetch_one, transaction, utc_now
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


def unchanged_submissions(con: duckdb.DuckDBPyConnection, sha256s: Sequence[str]
                          ) -> dict[str, str]:
    """:func:`unchanged_submission` for many files: hash → submission, one query for all.

    Only hashes an accepted submission already has (rare: a file sent twice) are looked at
    further, one by one.
    """
    if not sha256s:
        return {}
    seen = [r[0] for r in con.execute(
        "SELECT DISTINCT file_sha256 FROM submissions WHERE status = 'accepted'"
        " AND file_sha256 IN (SELECT unnest(?::VARCHAR[]))", [list(set(sha256s))]).fetchall()]
    found = {sha: unchanged_submission(con, sha) for sha in seen}
    return {sha: sid for sha, sid in found.items() if sid is not None}


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


#: Above this many enterprises the upload checks read the summary in one scan, not one
#: index lookup per enterprise (a batch of files; a single upload names one or a few).
_INDEX_LOOKUPS_MAX = 8


def _history_query(where: str) -> str:
    return f"""
        SELECT enterprise_id, category, item, unit_canonical, use, treatment,
               median(quantity_canonical) AS median_quantity, count(*) AS n_months
        FROM history_monthly WHERE {where}
        GROUP BY ALL
    """  # noqa: S608 - fixed fragments, values bound


def history_stats(con: duckdb.DuckDBPyConnection, enterprise_ids: list[str]) -> pl.DataFrame:
    """Median monthly quantity per enterprise and item, over current data (outlier baseline).

    Reads ``history_monthly`` (monthly totals kept in step with ``period_current``): for a few
    enterprises one at a time through its index, so a single upload's cost follows its own
    history, not the province's; for a batch of files in one query joined to the ids.
    """
    ids = sorted(set(enterprise_ids))
    if len(ids) > _INDEX_LOOKUPS_MAX:
        return con.sql(_history_query(
            "enterprise_id IN (SELECT unnest(?::VARCHAR[]))"), params=[ids]).pl()
    frames = [con.sql(_history_query("enterprise_id = ?"), params=[enterprise_id]).pl()
              for enterprise_id in ids]
    if not frames:
        return con.sql(_history_query("false")).pl()
    return pl.concat(frames)


def production_units(con: duckdb.DuckDBPyConnection, enterprise_ids: list[str]) -> dict[str, str]:
    """The canonical production unit each enterprise has used so far (its most recent)."""
    ids = sorted(set(enterprise_ids))
    if len(ids) > _INDEX_LOOKUPS_MAX:
        rows = con.execute(
            "SELECT enterprise_id, arg_max(unit_canonical, period) FROM history_monthly"
            " WHERE category = 'production' AND enterprise_id IN (SELECT unnest(?::VARCHAR[]))"
            " GROUP BY 1", [ids]).fetchall()
        return {r[0]: r[1] for r in rows if r[1] is not None}
    units: dict[str, str] = {}
    for enterprise_id in ids:
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


@dataclass(frozen=True)
class UploadOutcome:
    """One file's outcome to store: accepted (``rows``) or rejected (``rows`` is None).

    ``content`` is what is kept of the file (all of it, or a rejected oversized file's first
    bytes); ``issues`` its warnings (accepted) or problems (rejected), as ``problems_frame``.
    """

    meta: SubmissionMeta
    content: bytes
    issues: pl.DataFrame
    rows: pl.DataFrame | None = None


_SUBMISSION_SCHEMA = {
    "submission_id": pl.String, "enterprise_id": pl.String, "file_name": pl.String,
    "file_sha256": pl.String, "file_size_bytes": pl.Int64, "file_format": pl.String,
    "read_notes_vi": pl.String, "read_notes_en": pl.String, "template_version": pl.String,
    "uploaded_by": pl.String, "uploaded_at": pl.Datetime("us"), "period_first": pl.Date,
    "period_last": pl.Date, "status": pl.String, "row_count": pl.Int32,
    "error_count": pl.Int32, "warning_count": pl.Int32,
}


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, name: str, frame: object) -> Iterator[None]:
    """``frame`` visible to SQL as ``name`` for the block.

    In a transaction a failed statement has aborted, DuckDB refuses the unregister too; the
    caller is rolling back then, and the next registration of the name replaces this one.
    """
    con.register(name, frame)
    try:
        yield
    finally:
        with suppress(duckdb.TransactionException):
            con.unregister(name)


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """``INSERT INTO table BY NAME`` every row of ``frame`` (one statement)."""
    if frame.height == 0:
        return
    with _registered(con, "_batch_in", frame):
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _batch_in")  # noqa: S608


@dataclass(frozen=True)
class RecordedUploads:
    """What :func:`record_uploads` wrote: the months each accepted submission replaced, and
    the activity rows it inserted (``activity_rows`` columns; None when none was accepted)."""

    replaced: dict[str, list[dt.date]]
    activity: pl.DataFrame | None


def record_uploads(
    con: duckdb.DuckDBPyConnection, outcomes: Sequence[UploadOutcome], actor: Acting,
) -> RecordedUploads:
    """Store a batch of files' outcomes in one transaction, one INSERT per table.

    Each file keeps its own submission record, file, issues and audit row, and is accepted or
    rejected whole; a rejected file writes no activity. Accepted files become current for
    their months in the order given, so a later file for the same enterprise-month supersedes
    an earlier one exactly as storing them one at a time would (its history row comes after,
    and the earlier upload is marked superseded when it supplies no month any more).
    """
    if not outcomes:
        return RecordedUploads({}, None)
    accepted = [o for o in outcomes if o.rows is not None]
    activity = None
    if accepted:
        activity = pl.concat([o.rows.with_columns(  # type: ignore[union-attr]
            submission_id=pl.lit(o.meta.submission_id, dtype=pl.String),
            row_number=pl.col("row_number").cast(pl.Int32),
        ).select(ACTIVITY_INSERT_COLUMNS) for o in accepted], how="vertical_relaxed")
    with transaction(con):
        _insert_frame(con, "submissions", _submissions_frame(outcomes, activity))
        _store_files(con, [(o.meta, o.content) for o in outcomes])
        _insert_frame(con, "submission_issues", _issues_frame(outcomes))
        replaced: dict[str, list[dt.date]] = {}
        if activity is not None:
            _insert_frame(con, "activity_rows", activity)
            replaced = _move_batch(con, accepted, activity)
        _audit_uploads(con, actor, outcomes, replaced)
    return RecordedUploads(replaced, activity)


def _submissions_frame(outcomes: Sequence[UploadOutcome], activity: pl.DataFrame | None
                       ) -> pl.DataFrame:
    spans: dict[str, tuple[dt.date, dt.date]] = {}
    if activity is not None:
        spans = {r[0]: (r[1], r[2]) for r in activity.group_by("submission_id").agg(
            pl.col("period").min().alias("first"), pl.col("period").max().alias("last"),
        ).iter_rows()}
    records = []
    for o in outcomes:
        m = o.meta
        n_errors = o.issues.filter(pl.col("severity") == "error").height
        first, last = spans.get(m.submission_id, (None, None))
        records.append({
            **m.model_dump(), "period_first": first, "period_last": last,
            "status": "accepted" if o.rows is not None else "rejected",
            "row_count": o.rows.height if o.rows is not None else 0,
            "error_count": n_errors, "warning_count": o.issues.height - n_errors,
        })
    return pl.DataFrame(records, schema=_SUBMISSION_SCHEMA)


def _issues_frame(outcomes: Sequence[UploadOutcome]) -> pl.DataFrame:
    frames = [o.issues.with_row_index("issue_no", offset=1).with_columns(
        submission_id=pl.lit(o.meta.submission_id, dtype=pl.String),
        issue_no=pl.col("issue_no").cast(pl.Int32),
        row_number=pl.col("row_number").cast(pl.Int32),
    ).rename({"column": "column_name"}).select(_ISSUE_INSERT_COLUMNS)
        for o in outcomes if o.issues.height]
    return pl.concat(frames, how="vertical_relaxed") if frames else pl.DataFrame()


def _store_files(con: duckdb.DuckDBPyConnection,
                 files: Sequence[tuple[SubmissionMeta, bytes]]) -> None:
    """The bytes go to the file store first (in parallel, each made durable): the caller's
    transaction commits after they are safe on disk, so a committed submission always has
    its file."""
    # A rejected oversized file keeps only its first bytes: those are stored under their own
    # hash (meta keeps the whole file's hash and size, as the submission row says).
    stored = filestore.put_many(filestore.warehouse_file(con), [
        (content, meta.file_sha256 if len(content) == meta.file_size_bytes else None)
        for meta, content in files])
    _insert_frame(con, "submission_files", pl.DataFrame(
        [(meta.submission_id, sha, len(content), rel)
         for (meta, content), (sha, rel) in zip(files, stored, strict=True)],
        schema={"submission_id": pl.String, "file_sha256": pl.String,
                "file_size_bytes": pl.Int64, "stored_path": pl.String}, orient="row"))


def _move_batch(con: duckdb.DuckDBPyConnection, accepted: Sequence[UploadOutcome],
                activity: pl.DataFrame) -> dict[str, list[dt.date]]:
    """Point each enterprise-month at the last accepted file of the batch that has it, log
    every move in file order, mark fully replaced uploads and refresh ``history_monthly``;
    return the months each submission replaced (current before it, in the warehouse or
    earlier in the batch)."""
    order = pl.DataFrame({
        "submission_id": [o.meta.submission_id for o in accepted],
        "_ord": list(range(len(accepted))),
        "changed_by": [o.meta.uploaded_by for o in accepted],
        "changed_at": [o.meta.uploaded_at for o in accepted],
    }, schema={"submission_id": pl.String, "_ord": pl.Int64, "changed_by": pl.String,
               "changed_at": pl.Datetime("us")})
    months = (activity.select("enterprise_id", "period", "submission_id").unique()
              .join(order, on="submission_id").sort("_ord", "period"))
    pairs = months.select("enterprise_id", "period").unique()
    with _registered(con, "_pairs", pairs):
        previous = con.sql(
            "SELECT p.enterprise_id, p.period, true AS _was FROM period_current AS p"
            " JOIN _pairs AS m ON m.enterprise_id = p.enterprise_id AND m.period = p.period"
        ).pl()
    months = months.join(previous, on=["enterprise_id", "period"], how="left").with_columns(
        _replaces=pl.col("_was").fill_null(False)
        | (pl.col("_ord") > pl.col("_ord").min().over("enterprise_id", "period")),
        _wins=pl.col("_ord") == pl.col("_ord").max().over("enterprise_id", "period"),
    ).drop("_was")
    with _registered(con, "_months", months):
        con.execute(
            "INSERT INTO period_current (enterprise_id, period, submission_id)"
            " SELECT enterprise_id, period, submission_id FROM _months WHERE _wins"
            " ON CONFLICT (enterprise_id, period)"
            " DO UPDATE SET submission_id = excluded.submission_id")
        con.execute(
            "INSERT INTO period_history SELECT enterprise_id, period, submission_id,"
            " 'accepted', changed_by, changed_at FROM _months ORDER BY _ord, period")
        con.execute(
            """
            UPDATE submissions SET status = CASE
                WHEN submission_id IN (SELECT p.submission_id FROM period_current AS p
                                       WHERE p.enterprise_id IN (SELECT enterprise_id FROM _months))
                THEN 'accepted' ELSE 'superseded' END
            WHERE enterprise_id IN (SELECT enterprise_id FROM _months)
              AND status IN ('accepted', 'superseded')
            """)
        _refresh_history_batch(con, activity)
    replaced = {o.meta.submission_id: [] for o in accepted}
    for sid, period in months.filter("_replaces").sort("period").select(
            "submission_id", "period").iter_rows():
        replaced[sid].append(period)
    return replaced


def _refresh_history_batch(con: duckdb.DuckDBPyConnection, activity: pl.DataFrame) -> None:
    """Replace the batch's enterprise-months in ``history_monthly`` by the totals of the
    submission now current for each (``_months`` is registered by the caller)."""
    enterprises = activity["enterprise_id"].unique().to_list()
    if len(enterprises) > _INDEX_LOOKUPS_MAX:  # a batch: one pass over the summary
        con.execute("DELETE FROM history_monthly AS h USING (SELECT DISTINCT enterprise_id,"
                    " period FROM _months) AS m WHERE h.enterprise_id = m.enterprise_id"
                    " AND h.period = m.period")
    for enterprise_id in enterprises if len(enterprises) <= _INDEX_LOOKUPS_MAX else ():
        # an upload: through the enterprise's index, not a scan of every enterprise's months
        con.execute("DELETE FROM history_monthly WHERE enterprise_id = ? AND period IN"
                    " (SELECT period FROM _months WHERE enterprise_id = ?)",
                    [enterprise_id, enterprise_id])
    rows = activity.select("submission_id", *_HISTORY_KEY, "quantity_canonical")
    with _registered(con, "_history_rows", rows):
        con.execute(
            """
            INSERT INTO history_monthly
            SELECT a.enterprise_id, a.period, a.category, a.item, a.unit_canonical, a.use,
                   a.treatment, sum(a.quantity_canonical)
            FROM _history_rows AS a
            JOIN _months AS m ON m._wins AND m.submission_id = a.submission_id
             AND m.enterprise_id = a.enterprise_id AND m.period = a.period
            GROUP BY ALL
            ORDER BY a.enterprise_id, a.period
            """)  # enterprise order: a batch's row groups then span few ids, and DuckDB's
        # min/max per row group lets one enterprise's history read skip the others'



def _audit_uploads(con: duckdb.DuckDBPyConnection, actor: Acting,
                   outcomes: Sequence[UploadOutcome], replaced: dict[str, list[dt.date]]
                   ) -> None:
    """One ``upload`` audit row per file, in file order (as ``write_audit`` writes them)."""
    now = utc_now()
    records = []
    for o in outcomes:
        m = o.meta
        details: dict[str, object] = {"status": "accepted" if o.rows is not None else "rejected",
                                      "file_name": m.file_name, "file_sha256": m.file_sha256}
        if o.rows is not None:
            periods = sorted(o.rows["period"].unique().to_list())
            details |= {"rows": o.rows.height, "warnings": o.issues.height,
                        "periods": [p.isoformat() for p in periods],
                        "replaced": [p.isoformat() for p in replaced.get(m.submission_id, [])]}
        else:
            details["problems"] = o.issues.height
        records.append((now, actor.username, actor.scope.role, "upload", "submission",
                        m.submission_id, m.enterprise_id, None,
                        json.dumps(details, ensure_ascii=False, default=str)))
    frame = pl.DataFrame(records, orient="row", schema={
        "logged_at": pl.Datetime("us"), "actor": pl.String, "actor_role": pl.String,
        "action": pl.String, "object_type": pl.String, "object_id": pl.String,
        "enterprise_id": pl.String, "park_id": pl.String, "details": pl.String})
    with _registered(con, "_audit_in", frame):
        con.execute(
            "INSERT INTO audit_log (logged_at, actor, actor_role, action, object_type,"
            " object_id, enterprise_id, park_id, details) SELECT logged_at, actor, actor_role,"
            " action, object_type, object_id, enterprise_id, park_id, details::JSON"
            " FROM _audit_in")


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

"""Stored emission rows: written once per accepted submission, read and aggregated in SQL.

Why stored: recomputing a whole province's inventory on every page view and export cost
seconds and gigabytes (issue 9); the rows only change when activity or factors change. The
engine (``metrics.inventory``) computes them in the service layer when an upload is accepted
or factors change; this module only writes, deletes and reads them.

Rows are kept per *submission*, not per current month: restoring an earlier upload (which only
moves ``period_current``) then finds its rows already there, and every read joins
``period_current`` so only the current submission of each enterprise-month counts. Park and
sector are joined from the registry at read time, so a registry change needs no recalculation.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from contextlib import suppress

import duckdb
import polars as pl

from parkghg.log import get_logger
from parkghg.schema import EVERY_BASIS, column_names, polars_schema
from warehouse.activity import current_activity_where
from warehouse.db import fetch_one, utc_now
from warehouse.scope import Scope, Where, scope_predicate

log = get_logger(__name__)

STORED_COLUMNS: tuple[str, ...] = column_names("stored_emissions")
#: The columns of the engine's emission frame, in its order (``EMISSIONS_SCHEMA``).
EMISSION_COLUMNS: tuple[str, ...] = column_names("emissions")
_EMISSION_SCHEMA = polars_schema("emissions")
#: Stored columns that come from the engine's frame (the rest is bookkeeping).
_FROM_ENGINE = tuple(c for c in STORED_COLUMNS
                     if c not in ("submission_id", "library_version", "calculation_id"))
#: The engine's output order (``metrics.inventory.compute_emission_variants``).
_ORDER = ("enterprise_id", "period", "scope", "source_category", "item", "gas",
          "activity_unit", "gwp_set", "scope2_basis")
_ACTIVITY_SQL = """
    SELECT a.enterprise_id, e.park_id, e.sector_id, a.period, a.category, a.item,
           a.quantity, a.unit, a.quantity_canonical, a.unit_canonical, a.use, a.treatment,
           a.counterparty, a.note, a.submission_id, a.row_number
    FROM activity_rows AS a
    LEFT JOIN enterprises AS e ON e.enterprise_id = a.enterprise_id
"""


# ------------------------------------------------------------------------------ writes


def store_exists(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the warehouse has the stored-emission tables (migration 0007 applied).

    Why ask: a warehouse not yet upgraded still takes uploads and imports (and the dashboard
    still reads it); those then skip the store, and ``parkghg init`` fills it later.
    """
    found = fetch_one(con, "SELECT count(*) FROM information_schema.tables"
                           " WHERE table_name = 'emission_calculations'")
    return bool(found) and found[0] == 1


def activity_of_submissions(
    con: duckdb.DuckDBPyConnection, submission_ids: Sequence[str]
) -> pl.DataFrame:
    """Every activity row of these submissions (current months or not), in the columns of
    ``warehouse.activity.read_current_activity``: the engine's input for a recalculation.

    Not scoped: the write path computes for whoever's upload it stores.
    """
    sql = (f"{_ACTIVITY_SQL} WHERE list_contains(?, a.submission_id) "
           "ORDER BY a.enterprise_id, a.period, a.category, a.item, a.row_number")
    return con.sql(sql, params=[list(submission_ids)]).pl()


def activity_of_new_rows(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame) -> pl.DataFrame:
    """:func:`activity_of_submissions` for activity rows just written (``activity_rows``
    columns, in memory): the same columns, types and order, without scanning the stored
    activity of the whole province (issue 9: an upload's work follows the upload's size)."""
    sql = (_ACTIVITY_SQL.replace("FROM activity_rows AS a", "FROM _new_activity AS a")
           + " ORDER BY a.enterprise_id, a.period, a.category, a.item, a.row_number")
    con.register("_new_activity", rows)
    try:
        return con.sql(sql).pl()
    finally:
        with suppress(duckdb.TransactionException):
            con.unregister("_new_activity")


def start_calculation(
    con: duckdb.DuckDBPyConnection, *, trigger: str, trigger_id: str | None,
    library_version: str, library_sha256: str, calculated_by: str,
) -> str:
    """Record a calculation (counts filled by :func:`finish_calculation`); its id."""
    calculation_id = uuid.uuid4().hex
    con.execute(
        "INSERT INTO emission_calculations VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?)",
        [calculation_id, trigger, trigger_id, library_version, library_sha256, calculated_by,
         utc_now()],
    )
    return calculation_id


def replace_submission_rows(
    con: duckdb.DuckDBPyConnection, calculation_id: str, library_version: str,
    submission_ids: Sequence[str], emissions: pl.DataFrame, *, fresh: bool = False,
) -> int:
    """Replace the stored rows of ``submission_ids`` by ``emissions`` (engine frame with a
    ``submission_id`` column); every listed submission is marked computed, rows or not.

    The caller holds the transaction (the upload's, or the recalculation's with its audit row).
    ``fresh``: the submissions were just written and hold no stored rows yet (an accepted
    upload), so the deletes — a scan of every stored row — are skipped.
    """
    ids = list(dict.fromkeys(submission_ids))
    if not fresh:
        con.execute("DELETE FROM stored_emissions WHERE list_contains(?, submission_id)", [ids])
        con.execute("DELETE FROM emission_sources WHERE list_contains(?, submission_id)", [ids])
    # one variant's rows together: a large write (a backfill) then lets DuckDB's min/max
    # per row group skip the other five variants when a read asks for one
    rows = emissions.with_columns(
        library_version=pl.lit(library_version, dtype=pl.String()),
        calculation_id=pl.lit(calculation_id, dtype=pl.String()),
    ).select(STORED_COLUMNS)
    if rows.height:
        rows = rows.sort("gwp_set", "scope2_basis", maintain_order=True)
    if rows.height:
        con.register("_stored_in", rows.to_arrow())
        try:
            con.execute("INSERT INTO stored_emissions BY NAME SELECT * FROM _stored_in")
        finally:
            con.unregister("_stored_in")
    con.execute(
        "INSERT INTO emission_sources SELECT s.id, ? FROM unnest(?::VARCHAR[]) AS s(id)",
        [calculation_id, ids],
    )
    return rows.height


def store_upload_rows(
    con: duckdb.DuckDBPyConnection, submission_ids: Sequence[str], emissions: pl.DataFrame,
    *, library_version: str, library_sha256: str, calculated_by: str,
) -> int:
    """Store the rows of newly accepted uploads, one recorded calculation per upload (trigger
    ``upload``), with one INSERT per table for the whole batch; returns the rows written.

    ``emissions`` is the engine frame with a ``submission_id`` column, computed in one pass
    over the batch. The uploads are new, so there is nothing to delete first. Call inside the
    uploads' transaction.
    """
    ids = list(dict.fromkeys(submission_ids))
    if not ids:
        return 0
    counts: dict[str, int] = {}
    if emissions.height:
        counts = dict(emissions.group_by("submission_id").len().iter_rows())
    now = utc_now()
    calcs = pl.DataFrame({
        "calculation_id": [uuid.uuid4().hex for _ in ids], "trigger": "upload",
        "trigger_id": ids, "library_version": library_version,
        "library_sha256": library_sha256, "submission_count": 1,
        "row_count": [counts.get(i, 0) for i in ids], "calculated_by": calculated_by,
        "calculated_at": now,
    }, schema={"calculation_id": pl.String, "trigger": pl.String, "trigger_id": pl.String,
               "library_version": pl.String, "library_sha256": pl.String,
               "submission_count": pl.Int32, "row_count": pl.Int64,
               "calculated_by": pl.String, "calculated_at": pl.Datetime("us")})
    con.register("_calcs_in", calcs)
    try:
        con.execute("INSERT INTO emission_calculations BY NAME SELECT * FROM _calcs_in")
        if emissions.height:
            rows = emissions.join(
                calcs.select("calculation_id", submission_id="trigger_id"),
                on="submission_id", how="left", maintain_order="left",
            ).with_columns(
                library_version=pl.lit(library_version, dtype=pl.String()),
            ).select(STORED_COLUMNS)
            # one variant's rows together (as replace_submission_rows writes them), by one
            # hash partition instead of a sort on two text columns
            rows = pl.concat([part for _, part in sorted(rows.partition_by(
                "gwp_set", "scope2_basis", maintain_order=True, as_dict=True).items())])
            con.register("_stored_in", rows.to_arrow())
            try:
                con.execute("INSERT INTO stored_emissions BY NAME SELECT * FROM _stored_in")
            finally:
                con.unregister("_stored_in")
        con.execute("INSERT INTO emission_sources (submission_id, calculation_id)"
                    " SELECT trigger_id, calculation_id FROM _calcs_in")
    finally:
        con.unregister("_calcs_in")
    return emissions.height


def finish_calculation(
    con: duckdb.DuckDBPyConnection, calculation_id: str, submission_count: int, row_count: int
) -> None:
    """Write the totals of a calculation (its row is referenced only after this)."""
    con.execute(
        "UPDATE emission_calculations SET submission_count = ?, row_count = ? "
        "WHERE calculation_id = ?", [submission_count, row_count, calculation_id],
    )


def uncomputed_submissions(con: duckdb.DuckDBPyConnection, library_version: str) -> list[str]:
    """Submissions holding activity rows with no stored emissions yet (an upgraded warehouse,
    or one migrated without ``parkghg init``) or stored with another shipped library version,
    oldest first."""
    rows = con.execute(
        """
        SELECT s.submission_id FROM submissions AS s
        WHERE s.status IN ('accepted', 'superseded')
          AND NOT EXISTS (SELECT 1 FROM emission_sources AS c
                          JOIN emission_calculations AS k USING (calculation_id)
                          WHERE c.submission_id = s.submission_id
                            AND k.library_version = ?)
          AND EXISTS (SELECT 1 FROM activity_rows AS a WHERE a.submission_id = s.submission_id)
        ORDER BY s.uploaded_at, s.submission_id
        """, [library_version],
    ).fetchall()
    return [r[0] for r in rows]


def submissions_affected_by(
    con: duckdb.DuckDBPyConnection, factors: pl.DataFrame
) -> list[str]:
    """Submissions with activity a change in these factor rows can move, set-based.

    ``factors`` holds ``kind, fuel_or_item, valid_from, valid_to, enterprise_id`` and a
    ``category`` (the activity category the kind applies to), ``item_match`` (the activity
    item it names, or null for every item of the category) and ``open_after`` (true for the
    grid EF, which later months without their own value fall back to). A factor matches an
    activity row when category and item match, the month lies in its window and, for an
    enterprise-level factor, the enterprise is its own. Whole submissions are recomputed,
    because a submission's rows are stored together.
    """
    if factors.height == 0:
        return []
    con.register("_changed_factors", factors.to_arrow())
    try:
        rows = con.execute(
            """
            SELECT DISTINCT a.submission_id
            FROM activity_rows AS a
            JOIN _changed_factors AS f
              ON a.category = f.category
             AND (f.item_match IS NULL OR a.item = f.item_match)
             AND (f.enterprise_id IS NULL OR a.enterprise_id = f.enterprise_id)
             AND (f.valid_from IS NULL OR a.period >= f.valid_from)
             AND (f.open_after OR f.valid_to IS NULL OR a.period <= f.valid_to)
            JOIN submissions AS s ON s.submission_id = a.submission_id
            WHERE s.status IN ('accepted', 'superseded')
            ORDER BY a.submission_id
            """
        ).fetchall()
    finally:
        con.unregister("_changed_factors")
    return [r[0] for r in rows]


# ------------------------------------------------------------------------------ reads


def stored_emissions_complete(con: duckdb.DuckDBPyConnection, library_version: str) -> bool:
    """True when every current enterprise-month's submission has stored emissions computed
    with ``library_version`` (false on a warehouse without the tables)."""
    if not store_exists(con):
        return False
    missing = fetch_one(
        con,
        "SELECT count(*) FROM period_current AS p WHERE NOT EXISTS ("
        " SELECT 1 FROM emission_sources AS c JOIN emission_calculations AS k"
        " USING (calculation_id) WHERE c.submission_id = p.submission_id"
        " AND k.library_version = ?)", [library_version],
    )
    return bool(missing) and missing[0] == 0


def _current_where(
    scope: Scope, gwp_set: str, scope2_basis: str, period_from: dt.date | None,
    period_to: dt.date | None, park_id: str | None, enterprise_id: str | None,
    enterprise_ids: Sequence[str] | None = None,
) -> Where:
    return (
        Where(scope_predicate(scope, "r.enterprise_id"))
        .require(_IS_CURRENT)
        .narrow("r.gwp_set = ?", gwp_set)
        # a row the same on either basis is stored once as EVERY_BASIS (migration 0015)
        .narrow(f"r.scope2_basis IN (?, '{EVERY_BASIS}')", scope2_basis)
        .narrow("r.period >= ?", period_from)
        .narrow("r.period <= ?", period_to)
        .narrow("e.park_id = ?", park_id)
        .narrow("r.enterprise_id = ?", enterprise_id)
        .narrow("list_contains(?, r.enterprise_id)",
                list(enterprise_ids) if enterprise_ids is not None else None)
    )


_CURRENT_FROM = """
    FROM stored_emissions AS r
    LEFT JOIN enterprises AS e ON e.enterprise_id = r.enterprise_id
"""

#: A stored row is current when its enterprise-month is supplied by its submission. Why a
#: correlated EXISTS rather than a JOIN: nothing of ``period_current`` is selected, and as a
#: join DuckDB first groups the rows by the join keys (submission, period) before summing,
#: which took about twice the CPU of the whole aggregate (520 enterprises: 0.35 s → 0.17 s of
#: CPU against 0.10 s for the hand-written floor; ``docs/benchmarks.md``). EXISTS becomes a
#: semi join and is plain SQL on every backend.
_IS_CURRENT = (
    "EXISTS (SELECT 1 FROM period_current AS p WHERE p.enterprise_id = r.enterprise_id"
    " AND p.period = r.period AND p.submission_id = r.submission_id)"
)


def read_stored_emissions(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    *,
    gwp_set: str = "AR5",
    scope2_basis: str = "location",
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    park_id: str | None = None,
    enterprise_id: str | None = None,
    with_factor_ids: bool = True,
    ordered: bool = True,
    enterprise_ids: Sequence[str] | None = None,
    source_category: str | None = None,
    gas: str | None = None,
) -> pl.DataFrame:
    """The current emission rows inside ``scope`` for one variant, as the engine returns them
    (``EMISSIONS_SCHEMA``, same order). ``with_factor_ids=False`` leaves the trace text out
    (null) and ``ordered=False`` the sort, for readers that only group and sum (less memory
    and time at province scale). ``enterprise_ids`` reads several enterprises in one query
    (the dashboard's changed enterprises after an upload, ``service.frame_changes``);
    ``source_category`` and ``gas`` read only those rows (a steam supplier's fuel factor needs
    only its stationary-combustion CO2 rows, a sixth of its rows).

    Why the trace travels as a hash: a province has hundreds of thousands of rows but a few
    hundred distinct ``factor_ids`` texts, and moving each row's text out of DuckDB cost more
    than the rest of the read; the texts come once and are joined back by their hash (if two
    texts ever shared a hash, the rows are read with their text instead).
    """
    where = (_current_where(scope, gwp_set, scope2_basis, period_from, period_to, park_id,
                            enterprise_id, enterprise_ids)
             .narrow("r.source_category = ?", source_category)
             .narrow("r.gas = ?", gas))
    cols = ", ".join(
        f"e.{c}" if c in ("park_id", "sector_id")
        else ("hash(r.factor_ids) AS _fid" if c == "factor_ids" else f"r.{c}")
        for c in EMISSION_COLUMNS)
    order = ", ".join(f"r.{c}" for c in _ORDER)
    sql = f"SELECT {cols} {_CURRENT_FROM} WHERE {where.sql}"
    if ordered:
        sql += f" ORDER BY {order}"
    texts = None
    if with_factor_ids:
        texts = con.sql(
            f"SELECT DISTINCT hash(r.factor_ids) AS _fid, r.factor_ids {_CURRENT_FROM}"
            f" WHERE {where.sql}", params=where.params).pl()
        if texts["_fid"].n_unique() != texts.height:  # a hash collision: carry the text
            sql = sql.replace("hash(r.factor_ids) AS _fid", "r.factor_ids")
            texts = None
    rows = con.sql(sql, params=where.params).pl()
    if texts is not None:
        rows = rows.join(texts, on="_fid", how="left", maintain_order="left")
    elif not with_factor_ids:
        rows = rows.with_columns(factor_ids=pl.lit(None, dtype=pl.String()))
    # rows stored once for both bases (EVERY_BASIS) read as the basis asked for
    return rows.select(EMISSION_COLUMNS).cast(_EMISSION_SCHEMA).with_columns(
        scope2_basis=pl.lit(scope2_basis, dtype=pl.String()))


#: Group-by columns an aggregate read may ask for, and the SQL expression of each.
AGGREGATE_KEYS: dict[str, str] = {
    "enterprise_id": "r.enterprise_id", "park_id": "e.park_id", "sector_id": "e.sector_id",
    "period": "r.period", "year": "r.year", "scope": "r.scope",
    "source_category": "r.source_category", "item": "r.item", "gas": "r.gas",
    "activity_unit": "r.activity_unit",
}


def aggregate_stored_emissions(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    *,
    by: Sequence[str] = ("enterprise_id", "park_id", "sector_id", "period", "year", "scope",
                         "source_category", "gas"),
    gwp_set: str = "AR5",
    scope2_basis: str = "location",
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    park_id: str | None = None,
    enterprise_id: str | None = None,
    without_steam_of: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Sums of ``gas_t``, ``tco2e``, ``energy_tj`` and ``activity_quantity`` (and whether any
    row is provisional) per ``by``, computed in SQL over the current stored rows. A sum over
    no values is 0 (a refrigerant's energy), as polars sums, so the engine's rows grouped in
    polars give the same frame.

    Why: a page that shows totals by park, month or scope needs a few thousand numbers, not
    the hundreds of thousands of rows behind them in Python.

    ``without_steam_of`` (``enterprise_id``, ``period``) leaves out those enterprise-months'
    steam rows: the caller prices them live (steam bought from a registry enterprise follows
    the supplier's own fuel mix, which the buyer's stored rows do not track) and adds them
    itself. Why a registered frame and a semi join: a province has thousands of such months
    (10,616 at 5,000 enterprises), and as bound values in an OR of IN lists the clause was
    evaluated on every row (95-118 s against 3.5 s for the whole sum).
    """
    unknown = [k for k in by if k not in AGGREGATE_KEYS]
    if unknown:
        raise ValueError(f"cannot group stored emissions by {unknown}")
    where = _current_where(scope, gwp_set, scope2_basis, period_from, period_to, park_id,
                           enterprise_id)
    live = None
    if without_steam_of is not None and without_steam_of.height:
        live = f"_live_steam_{uuid.uuid4().hex}"  # a dashboard's threads may share a connection
        where.require(  # a generated name, no value of anyone's
            f"NOT (r.source_category = 'steam' AND EXISTS (SELECT 1 FROM {live} AS x"  # noqa: S608
            " WHERE x.enterprise_id = r.enterprise_id AND x.period = r.period))")
    keys = ", ".join(f"{AGGREGATE_KEYS[k]} AS {k}" for k in by)
    sql = f"""
        SELECT {keys}{',' if by else ''}
               coalesce(sum(r.activity_quantity), 0) AS activity_quantity,
               coalesce(sum(r.energy_tj), 0) AS energy_tj, coalesce(sum(r.gas_t), 0) AS gas_t,
               coalesce(sum(r.tco2e), 0) AS tco2e, bool_or(r.provisional) AS provisional
        {_CURRENT_FROM}
        WHERE {where.sql}
        {'GROUP BY ALL ORDER BY ALL' if by else ''}
    """
    if live is None:
        return con.sql(sql, params=where.params).pl()
    con.register(live, without_steam_of.select("enterprise_id", "period").unique().to_arrow())
    try:
        return con.sql(sql, params=where.params).pl()
    finally:
        con.unregister(live)


def current_activity_keys(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    *,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    park_id: str | None = None,
    enterprise_id: str | None = None,
) -> pl.DataFrame:
    """``submission_id, row_number`` of the current activity rows inside ``scope``: what an
    inventory read from stored rows records as its inputs, without reading the rows."""
    where = current_activity_where(scope, period_from=period_from, period_to=period_to,
                                   park_id=park_id, enterprise_id=enterprise_id)
    sql = f"""
        SELECT a.submission_id, a.row_number, a.enterprise_id
        FROM activity_current AS a
        LEFT JOIN enterprises AS e ON e.enterprise_id = a.enterprise_id
        WHERE {where.sql}
    """  # noqa: S608 - clauses are fixed fragments; values are bound parameters
    return con.sql(sql, params=where.params).pl()

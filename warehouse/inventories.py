"""Computing inventories from the warehouse, freezing them as versions, and reading them back.

Why versions: a GHG inventory handed to the People's Committee must stay exactly what was
submitted. The emission factors move (a new grid factor, an enterprise's own measured NCV), and
uploads can be corrected, so an *accepted* inventory is frozen with the emission rows, the exact
factor rows and the activity-row keys it was computed from. A later change never alters it
silently: it only shows up when someone ``recalculate``s, which writes a new version with a
reason and marks the old one superseded (kept, never deleted).

Every read takes a ``Scope``; the metrics engine stays pure (frames in, frames out).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from metrics.factors import (
    FACTOR_COLUMNS,
    LIBRARY_VERSION,
    FactorLibrary,
    FactorLibraryError,
    coerce_factor_frame,
    load_factor_library,
)
from metrics.inventory import EMISSIONS_SCHEMA, CalcParams, compute_emissions, energy_use
from parkghg.errors import AccessDeniedError, ParkGHGError
from parkghg.log import get_logger
from warehouse.activity import read_current_activity
from warehouse.db import fetch_one, transaction, utc_now
from warehouse.factors_store import read_custom_factors
from warehouse.scope import Scope, scope_predicate

log = get_logger(__name__)

EMISSIONS_COLUMNS: tuple[str, ...] = tuple(EMISSIONS_SCHEMA)
# Scopes that add up to the reported total (as ``metrics.rollups.annual_totals``); "outside"
# (biogenic CO2) and "memo" (Montreal gases such as R-22) are shown but never summed in, as the
# GHG Protocol and DESNZ do. The Decree 06 list threshold uses scopes 1+2 (``threshold_flags``).
TOTAL_SCOPES: tuple[str, ...] = ("1", "2", "3")


class InventoryError(ParkGHGError):
    """An inventory request that cannot be met (unknown version, nothing to freeze…)."""


class InventoryResult(BaseModel):
    """An inventory ready to show or export: live (``version`` is None) or a frozen version."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    emissions: pl.DataFrame
    factors: pl.DataFrame
    params: CalcParams
    year_from: int
    year_to: int
    energy: pl.DataFrame | None = None
    version: dict | None = None
    activity_keys: pl.DataFrame = Field(default_factory=pl.DataFrame)
    library_version: str = LIBRARY_VERSION
    library_sha256: str | None = None

    @property
    def provisional(self) -> bool:
        """True when any row rests on a provisional factor (e.g. a grid EF not yet published)."""
        return bool(self.emissions.height and self.emissions["provisional"].any())

    @property
    def total_tco2e(self) -> float:
        """Scopes 1+2+3 in tCO2e, the inventory total every export states."""
        return total_tco2e(self.emissions)


def total_tco2e(emissions: pl.DataFrame) -> float:
    """Scopes 1+2+3 in tCO2e (biogenic and memo rows excluded)."""
    if emissions.height == 0:
        return 0.0
    kept = emissions.filter(pl.col("scope").is_in(TOTAL_SCOPES))
    return float(kept["tco2e"].fill_null(0).sum())


def _span(year_from: int, year_to: int) -> tuple[dt.date, dt.date]:
    if year_to < year_from:
        raise InventoryError("inventory.error_year_span", year_from=year_from, year_to=year_to)
    return dt.date(year_from, 1, 1), dt.date(year_to, 12, 1)


def read_registry(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """Enterprises inside ``scope`` with their park and sector names (for labels in exports)."""
    pred, params = scope_predicate(scope, "e.enterprise_id")
    sql = f"""
        SELECT e.enterprise_id, e.name AS enterprise_name, e.park_id,
               p.name_vi AS park_name_vi, p.name_en AS park_name_en,
               e.sector_id, s.name_vi AS sector_name_vi, s.name_en AS sector_name_en,
               e.vsic_code, e.on_national_list
        FROM enterprises AS e
        LEFT JOIN parks AS p ON p.park_id = e.park_id
        LEFT JOIN sectors AS s ON s.sector_id = e.sector_id
        WHERE {pred}
        ORDER BY e.park_id, e.enterprise_id
    """  # noqa: S608 - pred is a fixed fragment from scope_predicate; values are parameters
    return con.sql(sql, params=params).pl()


def _check_enterprise_in_scope(con: duckdb.DuckDBPyConnection, scope: Scope, ent: str) -> None:
    reg = read_registry(con, scope)
    if ent not in set(reg["enterprise_id"].to_list()):
        raise AccessDeniedError("inventory.error_enterprise_not_visible", enterprise_id=ent)


# Kinds the engine reads as plain scalars (MWh → GJ, toe → GJ) without naming them in
# factor_ids; a frozen version keeps them too so it can be re-derived on its own.
_ALWAYS_KEPT_KINDS = ("conversion",)


def _factors_to_keep(library: FactorLibrary, emissions: pl.DataFrame) -> pl.DataFrame:
    """The factor rows a version must store: those it used, plus the engine's scalars."""
    scalars = library.factors().filter(pl.col("kind").is_in(_ALWAYS_KEPT_KINDS))
    return pl.concat([library.used_factors(emissions), scalars]).unique(
        "factor_id", keep="first").sort("factor_id")


def compute_inventory(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    *,
    year_from: int,
    year_to: int,
    params: CalcParams,
    park_id: str | None = None,
    enterprise_id: str | None = None,
    with_energy: bool = False,
) -> InventoryResult:
    """A live inventory from the current activity and the effective factor library.

    The scope limits the activity read; ``park_id``/``enterprise_id`` only narrow it further.
    """
    start, end = _span(year_from, year_to)
    activity = read_current_activity(
        con, scope, period_from=start, period_to=end, park_id=park_id,
        enterprise_id=enterprise_id,
    )
    custom = read_custom_factors(con, scope)
    try:
        library = load_factor_library(custom=custom if custom.height else None)
    except FactorLibraryError as exc:
        # Stored factors passed the rules when imported; a stricter engine may refuse them.
        raise InventoryError("inventory.error_custom_factors_invalid",
                             n=len(exc.problems)) from exc
    emissions = compute_emissions(activity, library, params)
    energy = energy_use(activity, library) if with_energy else None
    keys = activity.select("submission_id", "row_number")
    log.info("computed %d emission rows from %d activity rows (%s–%s)",
             emissions.height, activity.height, year_from, year_to)
    return InventoryResult(
        emissions=emissions,
        factors=_factors_to_keep(library, emissions),
        params=params,
        year_from=year_from,
        year_to=year_to,
        energy=energy,
        activity_keys=keys,
        library_version=library.version,
        library_sha256=library.fingerprint(),
    )


def _activity_sha256(keys: pl.DataFrame) -> str:
    rows = sorted(keys.select("submission_id", "row_number").iter_rows())
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _next_version_id(con: duckdb.DuckDBPyConnection, ent: str, y0: int, y1: int) -> str:
    row = fetch_one(
        con, "SELECT count(*) FROM inventory_versions WHERE enterprise_id = ? AND year_from = ?"
        " AND year_to = ?", [ent, y0, y1],
    )
    n = (row[0] if row else 0) + 1
    return f"{ent}-{y0}-{y1}-v{n}"


_FROZEN_TABLES = frozenset(
    {"inventory_version_rows", "inventory_version_factors", "inventory_version_activity"}
)


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame) -> None:
    """Insert ``df`` by column name into one of the version tables (never a caller's name)."""
    if table not in _FROZEN_TABLES:
        raise ValueError(table)
    if df.height == 0:
        return
    view = f"_frame_{table}"
    con.register(view, df.to_arrow())
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")  # noqa: S608
    finally:
        con.unregister(view)


def _store_version(
    con: duckdb.DuckDBPyConnection,
    result: InventoryResult,
    enterprise_id: str,
    *,
    created_by: str,
    accepted_by: str | None,
    reason: str,
    supersedes: str | None,
) -> str:
    now = utc_now()
    version_id = _next_version_id(con, enterprise_id, result.year_from, result.year_to)
    con.execute(
        "INSERT INTO inventory_versions (version_id, enterprise_id, year_from, year_to, gwp_set,"
        " scope2_basis, status, reason, created_by, created_at, accepted_by, accepted_at,"
        " supersedes, factor_library_version, factor_library_sha256, provisional, row_count,"
        " total_tco2e, activity_sha256)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [version_id, enterprise_id, result.year_from, result.year_to, result.params.gwp_set,
         result.params.scope2_basis, "accepted" if accepted_by else "draft", reason,
         created_by, now, accepted_by, now if accepted_by else None, supersedes,
         result.library_version, result.library_sha256, result.provisional, result.emissions.height,
         result.total_tco2e, _activity_sha256(result.activity_keys)],
    )
    rows = result.emissions.select(EMISSIONS_COLUMNS).with_row_index("row_no").with_columns(
        pl.lit(version_id).alias("version_id"), pl.col("row_no").cast(pl.Int32),
    )
    _insert_frame(con, "inventory_version_rows", rows)
    _insert_frame(con, "inventory_version_factors",
                  result.factors.select(FACTOR_COLUMNS).with_columns(
                      pl.lit(version_id).alias("version_id")))
    _insert_frame(con, "inventory_version_activity",
                  result.activity_keys.unique().with_columns(
                      pl.lit(version_id).alias("version_id")))
    if accepted_by:
        _supersede_others(con, version_id, enterprise_id, result.year_from, result.year_to, now)
    return version_id


def _supersede_others(
    con: duckdb.DuckDBPyConnection, keep: str, ent: str, y0: int, y1: int, now: dt.datetime
) -> None:
    """One accepted inventory per enterprise and span: older accepted ones become superseded."""
    con.execute(
        "UPDATE inventory_versions SET status = 'superseded', superseded_by = ?,"
        " superseded_at = ? WHERE enterprise_id = ? AND year_from = ? AND year_to = ?"
        " AND status = 'accepted' AND version_id <> ?",
        [keep, now, ent, y0, y1, keep],
    )


def freeze_inventory(
    con: duckdb.DuckDBPyConnection,
    enterprise_id: str,
    year_from: int,
    year_to: int,
    params: CalcParams,
    accepted_by: str | None,
    reason: str,
    *,
    scope: Scope | None = None,
    created_by: str | None = None,
) -> str:
    """Compute an enterprise's inventory now and store it as a version; return its id.

    With ``accepted_by`` the version is accepted at once (and supersedes the previously
    accepted one for the same years); without, it is a draft.
    """
    scope = scope or Scope.system()
    _check_enterprise_in_scope(con, scope, enterprise_id)
    result = compute_inventory(con, scope, year_from=year_from, year_to=year_to, params=params,
                               enterprise_id=enterprise_id)
    if result.emissions.height == 0:
        raise InventoryError("inventory.error_nothing_to_freeze", enterprise_id=enterprise_id,
                             year_from=year_from, year_to=year_to)
    with transaction(con):
        version_id = _store_version(
            con, result, enterprise_id, created_by=created_by or accepted_by or "system",
            accepted_by=accepted_by, reason=reason, supersedes=None,
        )
    log.info("froze inventory %s (%d rows, %.3f tCO2e)", version_id, result.emissions.height,
             result.total_tco2e)
    return version_id


def _version_meta(con: duckdb.DuckDBPyConnection, scope: Scope, version_id: str) -> dict:
    pred, params = scope_predicate(scope, "enterprise_id")
    rel = con.sql(
        f"SELECT * FROM inventory_versions WHERE version_id = ? AND {pred}",  # noqa: S608
        params=[version_id, *params],
    ).pl()
    if rel.height == 0:
        raise InventoryError("inventory.error_unknown_version", version_id=version_id)
    return rel.row(0, named=True)


def accept_version(con: duckdb.DuckDBPyConnection, version_id: str, by: str) -> None:
    """Accept a draft version (it then supersedes the previously accepted one)."""
    meta = _version_meta(con, Scope.system(), version_id)
    if meta["status"] != "draft":
        raise InventoryError("inventory.error_not_draft", version_id=version_id,
                             status=meta["status"])
    now = utc_now()
    with transaction(con):
        con.execute("UPDATE inventory_versions SET status = 'accepted', accepted_by = ?,"
                    " accepted_at = ? WHERE version_id = ?", [by, now, version_id])
        _supersede_others(con, version_id, meta["enterprise_id"], meta["year_from"],
                          meta["year_to"], now)


def recalculate(
    con: duckdb.DuckDBPyConnection, version_id: str, reason: str, by: str
) -> str:
    """Recompute a version with today's activity and factors as a new accepted version.

    The reason is required (Circular 38 Art. 22 asks that recalculations be explained); the old
    version is kept with status ``superseded`` and a pointer to its successor.
    """
    if not reason.strip():
        raise InventoryError("inventory.error_reason_required")
    meta = _version_meta(con, Scope.system(), version_id)
    params = CalcParams(gwp_set=meta["gwp_set"], scope2_basis=meta["scope2_basis"])
    result = compute_inventory(
        con, Scope.system(), year_from=meta["year_from"], year_to=meta["year_to"],
        params=params, enterprise_id=meta["enterprise_id"],
    )
    with transaction(con):
        new_id = _store_version(
            con, result, meta["enterprise_id"], created_by=by, accepted_by=by, reason=reason,
            supersedes=version_id,
        )
        now = utc_now()
        con.execute(
            "UPDATE inventory_versions SET status = 'superseded', superseded_by = ?,"
            " superseded_at = ? WHERE version_id = ? AND status <> 'superseded'",
            [new_id, now, version_id],
        )
    log.info("recalculated %s as %s: %s", version_id, new_id, reason)
    return new_id


def list_versions(
    con: duckdb.DuckDBPyConnection, scope: Scope, enterprise_id: str | None = None
) -> pl.DataFrame:
    """Every version inside ``scope`` (newest first), optionally for one enterprise."""
    pred, params = scope_predicate(scope, "enterprise_id")
    sql = f"SELECT * FROM inventory_versions WHERE {pred}"  # noqa: S608
    if enterprise_id is not None:
        sql += " AND enterprise_id = ?"
        params.append(enterprise_id)
    return con.sql(sql + " ORDER BY created_at DESC, version_id DESC", params=params).pl()


def read_version(
    con: duckdb.DuckDBPyConnection, scope: Scope, version_id: str
) -> InventoryResult:
    """A frozen version exactly as stored: rows, factors and activity keys, no recomputation."""
    meta = _version_meta(con, scope, version_id)
    cols = ", ".join(EMISSIONS_COLUMNS)
    emissions = con.sql(
        f"SELECT {cols} FROM inventory_version_rows WHERE version_id = ?"  # noqa: S608
        " ORDER BY row_no", params=[version_id],
    ).pl()
    factors = con.sql(
        f"SELECT {', '.join(FACTOR_COLUMNS)} FROM inventory_version_factors"  # noqa: S608
        " WHERE version_id = ? ORDER BY factor_id", params=[version_id],
    ).pl()
    keys = con.sql(
        "SELECT submission_id, row_number FROM inventory_version_activity WHERE version_id = ?"
        " ORDER BY submission_id, row_number", params=[version_id],
    ).pl()
    return InventoryResult(
        emissions=emissions, factors=factors,
        params=CalcParams(gwp_set=meta["gwp_set"], scope2_basis=meta["scope2_basis"]),
        year_from=meta["year_from"], year_to=meta["year_to"], version=meta, activity_keys=keys,
        library_version=meta["factor_library_version"] or LIBRARY_VERSION,
        library_sha256=meta["factor_library_sha256"],
    )


def activity_changed(con: duckdb.DuckDBPyConnection, scope: Scope, version_id: str) -> bool:
    """True when the enterprise's current activity for the version's years is not the set of
    rows the version was computed from (a re-upload or a restore happened since).

    The version itself never changes; this only tells a reviewer a recalculation may be due.
    """
    meta = _version_meta(con, scope, version_id)
    start, end = _span(meta["year_from"], meta["year_to"])
    current = read_current_activity(con, scope, period_from=start, period_to=end,
                                    enterprise_id=meta["enterprise_id"])
    return _activity_sha256(current.select("submission_id", "row_number")) != meta[
        "activity_sha256"]


def rederive_version(
    con: duckdb.DuckDBPyConnection, scope: Scope, version_id: str
) -> pl.DataFrame:
    """Recompute a version from its own activity rows and its own frozen factors.

    Why: an auditor can check that the stored rows follow from the stored inputs, without the
    current library (which may have moved on) and without the current uploads.
    """
    frozen = read_version(con, scope, version_id)
    con.register("_rederive_keys", frozen.activity_keys.to_arrow())
    try:
        activity = con.sql(
            """
            SELECT a.enterprise_id, e.park_id, e.sector_id, a.period, a.category, a.item,
                   a.quantity, a.unit, a.quantity_canonical, a.unit_canonical, a.use,
                   a.treatment, a.counterparty, a.note, a.submission_id, a.row_number
            FROM activity_rows AS a
            JOIN _rederive_keys AS k
              ON k.submission_id = a.submission_id AND k.row_number = a.row_number
            LEFT JOIN enterprises AS e ON e.enterprise_id = a.enterprise_id
            ORDER BY a.enterprise_id, a.period, a.category, a.item, a.row_number
            """
        ).pl()
    finally:
        con.unregister("_rederive_keys")
    # The frozen rows are the whole library here: nothing from today's files takes part.
    custom_ids = {r[0] for r in con.execute("SELECT DISTINCT factor_id FROM custom_factors")
                  .fetchall()}
    frame = coerce_factor_frame(frozen.factors).with_columns(
        origin=pl.when(pl.col("factor_id").is_in(sorted(custom_ids)))
        .then(pl.lit("custom")).otherwise(pl.lit("shipped"))
    )
    library = FactorLibrary(frame=frame, version=frozen.library_version)
    return compute_emissions(activity, library, frozen.params)


_COMPARE_KEYS = ("year", "scope", "source_category", "gas")


def compare_versions(
    con: duckdb.DuckDBPyConnection, a: str, b: str, scope: Scope
) -> pl.DataFrame:
    """Differences between two versions by year, scope, source category and gas.

    Rows present in only one version show 0 on the other side, so a source that appeared or
    vanished is as visible as one that changed.
    """
    left = _summarise(read_version(con, scope, a).emissions, "a")
    right = _summarise(read_version(con, scope, b).emissions, "b")
    joined = left.join(right, on=list(_COMPARE_KEYS), how="full", coalesce=True)
    return (
        joined.with_columns(pl.col("^(gas_t|tco2e)_[ab]$").fill_null(0.0))
        .with_columns(
            (pl.col("gas_t_b") - pl.col("gas_t_a")).alias("gas_t_diff"),
            (pl.col("tco2e_b") - pl.col("tco2e_a")).alias("tco2e_diff"),
        )
        .with_columns(
            pl.when(pl.col("tco2e_a") != 0)
            .then(pl.col("tco2e_diff") / pl.col("tco2e_a") * 100)
            .otherwise(None)
            .alias("tco2e_diff_pct")
        )
        .sort(list(_COMPARE_KEYS))
    )


def total_difference(diff: pl.DataFrame) -> float:
    """B − A over the scopes counted in the total (a compare frame from compare_versions)."""
    kept = diff.filter(pl.col("scope").is_in(TOTAL_SCOPES))
    return float(kept["tco2e_diff"].sum()) if kept.height else 0.0


def _summarise(emissions: pl.DataFrame, side: str) -> pl.DataFrame:
    return emissions.group_by(list(_COMPARE_KEYS)).agg(
        pl.col("gas_t").sum().alias(f"gas_t_{side}"),
        pl.col("tco2e").sum().alias(f"tco2e_{side}"),
    )

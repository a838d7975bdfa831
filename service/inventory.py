"""Inventories for people: compute live, freeze as versions, recalculate, compare, choose.

Why a service module: the CLI and the dashboard both compute inventories, freeze and accept
versions and pick the inventory behind a Form 06; doing it here once keeps the two front ends
thin and identical. The arithmetic is ``metrics`` (pure frames), the storage ``warehouse``
(SQL); this module joins them and owns the rules (which version, who may see what, who may
freeze, accept or recalculate).

Who may write a version (the review ladder of ``warehouse.review``, applied to inventories):

* every writer must be an enabled account whose role and reach are unchanged (or the CLI's
  ``Actor.system``), and the enterprise must lie inside the actor's scope;
* an ``enterprise`` user may freeze a **draft** of its own inventory, nothing more (an
  enterprise cannot accept its own data, as it cannot accept its own uploads);
* a ``park`` board may freeze (accepted or draft), accept and recalculate for its park's
  enterprises; ``province``, ``admin`` and ``system`` for every enterprise;
* replacing an accepted version (accepting a draft, freezing an accepted one, recalculating)
  supersedes it, which changes an earlier decision: allowed only at the same or a higher level
  than whoever accepted it (park < province = admin < system; an unknown author counts as
  ``system``), as with review decisions.

Each write records its audit row (``inventory_frozen``, ``inventory_accepted``,
``inventory_recalculated``) in the same transaction as the version rows; a refused or failed
write leaves neither.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from functools import cache

import duckdb
import polars as pl

from metrics.boundary import apply_boundary
from metrics.equipment import equipment_register
from metrics.factors import (
    FACTOR_COLUMNS,
    LIBRARY_VERSION,
    FactorLibrary,
    FactorLibraryError,
    coerce_factor_frame,
    load_factor_library,
)
from metrics.inventory import EMISSIONS_SCHEMA, CalcParams, compute_emissions, energy_use
from metrics.result import TOTAL_SCOPES, InventoryResult
from metrics.screening import screening
from metrics.steam_supplier import GAS as SUPPLIER_GAS
from metrics.steam_supplier import SOURCE_CATEGORY as SUPPLIER_SOURCE_CATEGORY
from metrics.steam_supplier import as_factor_rows, from_factor_rows, supplier_steam_factors
from metrics.territorial import ENERGY_TRANSFER_CATEGORIES, territorial_totals
from parkghg.errors import AccessDeniedError, ParkGHGError
from parkghg.log import get_logger
from service.emissions import stored_emissions_ready
from warehouse import inventories as store
from warehouse.activity import read_current_activity
from warehouse.audit import Acting, last_actor_role, write_audit
from warehouse.db import transaction, utc_now
from warehouse.factors_store import read_custom_factors
from warehouse.inventories import list_versions, read_registry
from warehouse.review import REVIEWER_ROLES, may_overrule
from warehouse.scope import Scope
from warehouse.stored_emissions import (
    aggregate_stored_emissions,
    current_activity_keys,
    read_stored_emissions,
)
from warehouse.users import require_active

__all__ = [
    "InventoryError",
    "InventoryResult",
    "accept_version",
    "activity_changed",
    "check_visible",
    "compare_versions",
    "compute_inventory",
    "emissions_frame",
    "energy_frame",
    "form06_inventory",
    "freeze_inventory",
    "inventory_totals",
    "list_versions",
    "read_registry",
    "read_version",
    "recalculate",
    "rederive_version",
    "scope_library",
    "screening_table",
    "total_difference",
]

log = get_logger(__name__)

EMISSIONS_COLUMNS: tuple[str, ...] = tuple(EMISSIONS_SCHEMA)
# Kinds the engine reads as plain scalars (MWh → GJ, toe → GJ) without naming them in
# factor_ids; a frozen version keeps them too so it can be re-derived on its own.
_ALWAYS_KEPT_KINDS = ("conversion",)
_COMPARE_KEYS = ("year", "scope", "source_category", "gas")


class InventoryError(ParkGHGError):
    """An inventory request that cannot be met (unknown version, nothing to freeze…)."""


def _span(year_from: int, year_to: int) -> tuple[dt.date, dt.date]:
    if year_to < year_from:
        raise InventoryError("inventory.error_year_span", year_from=year_from, year_to=year_to)
    return dt.date(year_from, 1, 1), dt.date(year_to, 12, 1)


def check_visible(
    con: duckdb.DuckDBPyConnection, scope: Scope, enterprise_id: str | None,
    park_id: str | None,
) -> None:
    """Refuse filters outside the scope instead of silently answering with nothing.

    The one "is this enterprise (park) visible to this user" rule: exports, Form 06, version
    writes and the CLI's filters all ask it here, so a refusal reads the same everywhere.
    """
    reg = read_registry(con, scope)
    if enterprise_id and enterprise_id not in set(reg["enterprise_id"].to_list()):
        raise AccessDeniedError("inventory.error_enterprise_not_visible",
                                enterprise_id=enterprise_id)
    if park_id and park_id not in set(reg["park_id"].to_list()):
        raise AccessDeniedError("inventory.error_park_not_visible", park_id=park_id)


def _factors_to_keep(library: FactorLibrary, emissions: pl.DataFrame) -> pl.DataFrame:
    """The factor rows a version must store: those it used, plus the engine's scalars."""
    scalars = library.factors().filter(pl.col("kind").is_in(_ALWAYS_KEPT_KINDS))
    return pl.concat([library.used_factors(emissions), scalars]).unique(
        "factor_id", keep="first").sort("factor_id")


@cache
def _shipped_library() -> FactorLibrary:
    """The shipped library alone, one instance per process.

    Why one: a library remembers the factors it has chosen (``FactorLibrary.select``), and a
    new instance per read chose them all again (a province's live-priced steam: about a third
    of the engine's part of ``inventory_totals``). The shipped factors never change while
    the process runs, so neither do its choices.
    """
    return load_factor_library()


def _library(con: duckdb.DuckDBPyConnection, scope: Scope) -> FactorLibrary:
    """The shipped library plus the custom factors ``scope`` may use."""
    custom = read_custom_factors(con, scope)
    if custom.height == 0:
        return _shipped_library()
    try:
        return load_factor_library(custom=custom)
    except FactorLibraryError as exc:
        # Stored factors passed the rules when imported; a stricter engine may refuse them.
        raise InventoryError("inventory.error_custom_factors_invalid",
                             n=len(exc.problems)) from exc


def scope_library(con: duckdb.DuckDBPyConnection, scope: Scope) -> FactorLibrary:
    """The factor library a reader in ``scope`` computes with (shipped plus its custom
    factors), for callers that compute from frames they already hold."""
    return _library(con, scope)


def screening_table(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    *,
    year: int,
    gwp_set: str,
    park_id: str | None = None,
    enterprise_id: str | None = None,
    enterprise_ids: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Decree 06 list screening for ``year``: one row per enterprise (``metrics.screening``).

    Always on one basis (Scope 1 + 2, Circular 38 boundary, location-based Scope 2, MOIT TOE),
    whatever a page or export displays, so the list a department receives never depends on a
    display choice. ``enterprise_ids`` narrows to several enterprises in one read (the
    dashboard's changed enterprises); like every narrowing it never widens the scope.
    """
    check_visible(con, scope, enterprise_id, park_id)
    start, end = _span(year, year)
    ids = tuple(enterprise_ids) if enterprise_ids is not None else None
    narrow = {"period_from": start, "period_to": end, "park_id": park_id,
              "enterprise_id": enterprise_id, "enterprise_ids": ids}
    activity = read_current_activity(con, scope, **narrow)
    library = _library(con, scope)
    stored = _stored_emissions(con, scope, CalcParams(gwp_set=gwp_set),  # type: ignore[arg-type]
                               library, start=start, end=end, park_id=park_id,
                               enterprise_id=enterprise_id, enterprise_ids=ids)
    if stored is not None:
        return screening(activity, library, gwp_set, year, emissions=stored[0])
    suppliers = _steam_suppliers(con, activity, start, end,
                                 CalcParams(gwp_set=gwp_set))  # type: ignore[arg-type]
    return screening(activity, library, gwp_set, year, steam_suppliers=suppliers)


def emissions_frame(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    *,
    params: CalcParams,
    with_factor_ids: bool = False,
    enterprise_id: str | None = None,
    year: int | None = None,
    enterprise_ids: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Every current emission row inside ``scope`` (all years) for one variant, for pages:
    the stored rows read in SQL, or the engine when the warehouse is not yet backfilled (or
    the scope buys steam from a registry supplier, see ``stored_emissions_ready``).
    ``factor_ids`` is null unless asked for (pages sum; exports carry the trace).

    ``enterprise_id`` and ``year`` narrow the read to one enterprise-year, the unit the
    dashboard re-reads after an upload (``service.frame_changes``): whole years, because a
    steam supplier's factor is one per supplier-year, so the rows equal the whole read's.
    ``enterprise_ids`` narrows to several enterprises in one read (every enterprise changed in
    one year, rather than one query per enterprise-year)."""
    library = _library(con, scope)
    start, end = _span(year, year) if year is not None else (None, None)
    ids = tuple(enterprise_ids) if enterprise_ids is not None else None
    stored = _stored_emissions(con, scope, params, library, start=start, end=end,
                               enterprise_id=enterprise_id, enterprise_ids=ids,
                               with_factor_ids=with_factor_ids, ordered=False)
    if stored is not None:
        return stored[0]
    activity = read_current_activity(con, scope, period_from=start, period_to=end,
                                     enterprise_id=enterprise_id, enterprise_ids=ids)
    suppliers = _steam_suppliers(con, activity, start, end, params)
    emissions = compute_emissions(activity, library, params, steam_suppliers=suppliers)
    return emissions if with_factor_ids else emissions.with_columns(
        factor_ids=pl.lit(None, dtype=pl.String()))


def energy_frame(con: duckdb.DuckDBPyConnection, scope: Scope,
                 activity: pl.DataFrame | None = None) -> pl.DataFrame:
    """Energy per enterprise × period × item inside ``scope`` (``metrics.inventory.energy_use``),
    of ``activity`` when the caller already holds the current rows (read otherwise)."""
    if activity is None:
        activity = read_current_activity(con, scope)
    return energy_use(activity, _library(con, scope))


#: Emission-row columns the territorial total and the supplier steam factors read.
_TERRITORIAL_COLUMNS = ("enterprise_id", "park_id", "period", "year", "scope", "gas",
                        "source_category", "tco2e", "gas_t", "energy_tj", "provisional",
                        "factor_ids")


def territorial_table(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    *,
    year: int,
    params: CalcParams,
    park_id: str | None = None,
    frames: tuple[pl.DataFrame, pl.DataFrame] | None = None,
) -> pl.DataFrame:
    """The territory's total beside the sum of its enterprises' inventories (one row).

    Electricity or steam that one enterprise of the territory (the scope, or one park) sells to
    another is in the seller's Scope 1 and the buyer's Scope 2; the territorial total counts it
    once and states the difference (``metrics.territorial``). ``frames``: the scope's emission
    rows in ``params`` and its current activity (all years), when the caller holds them (the
    dashboard): the year is taken from them instead of read.
    """
    check_visible(con, scope, None, park_id)
    start, end = _span(year, year)
    library = _library(con, scope)
    registry = read_registry(con, scope)
    if park_id is not None:
        registry = registry.filter(pl.col("park_id") == park_id)
    if frames is not None:
        in_year = pl.col("period").is_between(start, end)
        # only the columns the totals and the supplier factors read, and only the activity
        # rows that can be a transfer: a filter copies every column kept (issue 9)
        columns = [c for c in _TERRITORIAL_COLUMNS if c in frames[0].columns]
        held = frames[0].select(columns).filter(in_year)  # suppliers' rows when in scope
        activity = frames[1].filter(
            in_year & pl.col("category").is_in(ENERGY_TRANSFER_CATEGORIES))
        emissions = held
        if park_id is not None:
            emissions = held.filter(pl.col("park_id") == park_id)
            activity = activity.filter(pl.col("park_id") == park_id)
        suppliers = _steam_suppliers(con, activity, start, end, params, held=held)
        return territorial_totals(activity, emissions, library, params,
                                  set(registry["enterprise_id"].to_list()),
                                  steam_suppliers=suppliers)
    activity = read_current_activity(con, scope, period_from=start, period_to=end,
                                     park_id=park_id)
    stored = _stored_emissions(con, scope, params, library, start=start, end=end,
                               park_id=park_id)
    if stored is not None:
        emissions, suppliers = stored
    else:
        suppliers = _steam_suppliers(con, activity, start, end, params)
        emissions = compute_emissions(activity, library, params, steam_suppliers=suppliers)
    return territorial_totals(activity, emissions, library, params,
                              set(registry["enterprise_id"].to_list()),
                              steam_suppliers=suppliers)


def _stored_emissions(
    con: duckdb.DuckDBPyConnection, scope: Scope, params: CalcParams, library: FactorLibrary,
    *, start: dt.date | None, end: dt.date | None, park_id: str | None = None,
    enterprise_id: str | None = None, with_factor_ids: bool = True, ordered: bool = True,
    enterprise_ids: tuple[str, ...] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame | None] | None:
    """(emission rows, supplier steam factors used) from the stored rows, or None when the
    warehouse is not ready for them (callers compute live).

    Why the steam months are computed live: a buyer's steam bought from a registry enterprise
    is priced with that supplier's own fuel mix (issue 8), which changes when the supplier
    uploads, restores or its factors change, and the buyer's stored rows are not recomputed
    then. Those enterprise-months' steam rows (a few) are replaced by the engine's; everything
    else is read as stored. The result equals the engine on the whole read.
    """
    if not stored_emissions_ready(con):
        return None
    narrow = {"period_from": start, "period_to": end, "park_id": park_id,
              "enterprise_id": enterprise_id, "enterprise_ids": enterprise_ids}
    steam, months = _live_steam_months(con, scope, narrow)
    # sorted once: by DuckDB when every row is read as stored, else after the live rows join
    rows = read_stored_emissions(con, scope, gwp_set=params.gwp_set,
                                 scope2_basis=params.scope2_basis,
                                 with_factor_ids=with_factor_ids,
                                 ordered=ordered and months.height == 0, **narrow)
    if months.height == 0:
        return rows, None
    steam = steam.join(months, on=["enterprise_id", "period"], how="semi")
    suppliers = _steam_suppliers(con, steam, start, end, params, stored=True)
    live = compute_emissions(steam, library, params, steam_suppliers=suppliers)
    if not with_factor_ids:
        live = live.with_columns(factor_ids=pl.lit(None, dtype=pl.String()))
    kept = (rows.join(months.with_columns(_live=pl.lit(True)), on=["enterprise_id", "period"],
                      how="left", maintain_order="left")
            .filter(~((pl.col("source_category") == "steam") & pl.col("_live").fill_null(False)))
            .drop("_live"))
    out = pl.concat([kept, live.select(rows.columns).cast(rows.schema)], how="vertical")
    if ordered:
        out = out.sort("enterprise_id", "period", "scope", "source_category", "item", "gas",
                       "activity_unit", "gwp_set", "scope2_basis", nulls_last=True)
    return out, suppliers


def _live_steam_months(con: duckdb.DuckDBPyConnection, scope: Scope, narrow: dict
                       ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(steam activity rows, their ``enterprise_id, period`` priced live): the months whose
    steam was bought from a registry enterprise, so their stored steam rows are not used."""
    steam = read_current_activity(con, scope, categories=("steam",), **narrow)
    months = steam.clear().select("enterprise_id", "period")
    if steam.height:
        known = read_registry(con, Scope.system())["enterprise_id"].to_list()
        months = (steam.filter(pl.col("counterparty").str.strip_chars().is_in(known))
                  .select("enterprise_id", "period").unique())
    return steam, months


def _steam_suppliers(con: duckdb.DuckDBPyConnection, activity: pl.DataFrame,
                     start: dt.date | None, end: dt.date | None,
                     params: CalcParams, *, stored: bool | None = None,
                     held: pl.DataFrame | None = None) -> pl.DataFrame | None:
    """Fuel-mix factors of the registry enterprises that sold steam to ``activity``'s rows.

    Read with the system scope on purpose: a buyer cannot see its supplier's data, but the
    factor derived from it (kg CO2/TJ, no totals) is what the supplier would otherwise have to
    declare, and it is the more accurate figure (``metrics.steam_supplier``). ``stored``: the
    caller already knows whether the stored rows may be read (``stored_emissions_ready``).
    ``held``: emission rows of ``start``–``end`` in ``params`` the caller already holds (the
    dashboard's scope); suppliers with rows there are taken from them, only others are read.
    """
    steam = activity.filter(pl.col("category") == "steam")
    if steam.height == 0 or "counterparty" not in steam.columns:
        return None
    named = set(steam["counterparty"].drop_nulls().str.strip_chars().to_list())
    known = set(read_registry(con, Scope.system())["enterprise_id"].to_list())
    suppliers = sorted(named & known)
    if not suppliers:
        return None
    system = Scope.system()
    if held is not None and "enterprise_id" in held.columns:
        # the suppliers' fuel rows are the same rows whichever way they were read (stored =
        # recomputed, tests/inventory/test_stored_emissions.py); only their stationary CO2
        # rows count (``supplier_steam_factors``), which a live steam month never replaces
        mine = held.filter(pl.col("enterprise_id").cast(pl.String).is_in(suppliers))
        if "factor_ids" in mine.columns:
            mine = mine.with_columns(pl.col("factor_ids").cast(pl.String))
        absent = sorted(set(suppliers) - set(mine["enterprise_id"].cast(pl.String).unique()
                                             .to_list()))
        if not absent:
            return supplier_steam_factors(mine) if mine.height else None
    if stored if stored is not None else stored_emissions_ready(con):
        # The suppliers' own emission rows were computed when their data arrived: read them
        # (one query) rather than run the engine over their fuel again, which was most of a
        # province's totals read (0.2 of 0.45 CPU s at 520 enterprises). Same rows, same
        # factors (stored = recomputed, tests/inventory/test_stored_emissions.py). Only the
        # rows the factor reads (stationary-combustion CO2): the rest of the suppliers' rows
        # were most of this read's time (520 enterprises: 0.15 → 0.04 CPU s).
        rows = read_stored_emissions(con, system, gwp_set=params.gwp_set,
                                     scope2_basis=params.scope2_basis, period_from=start,
                                     period_to=end, enterprise_ids=suppliers, ordered=False,
                                     source_category=SUPPLIER_SOURCE_CATEGORY,
                                     gas=SUPPLIER_GAS)
        return supplier_steam_factors(rows) if rows.height else None
    # Suppliers whose fuel is already in ``activity`` (the province's and a park's pages): only
    # the others are read, once each.
    present = set(activity.filter(pl.col("category") == "fuel")["enterprise_id"].unique()
                  .to_list())
    absent = tuple(s for s in suppliers if s not in present)
    fuel = pl.concat([
        activity.filter(pl.col("enterprise_id").is_in(sorted(present & set(suppliers)))
                        & (pl.col("category") == "fuel")),
        *([read_current_activity(con, system, period_from=start, period_to=end,
                                 enterprise_ids=absent, categories=("fuel",))]
          if absent else []),
    ], how="diagonal_relaxed")
    if fuel.height == 0:
        return None
    return supplier_steam_factors(compute_emissions(fuel, _library(con, system), params))


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
    library = _library(con, scope)
    narrow = {"period_from": start, "period_to": end, "park_id": park_id,
              "enterprise_id": enterprise_id}
    stored = _stored_emissions(con, scope, params, library, start=start, end=end,
                               park_id=park_id, enterprise_id=enterprise_id)
    if stored is not None:
        # computed when the data arrived (service.emissions); the same rows the engine gives
        emissions, suppliers = stored
        keys = current_activity_keys(con, scope, **narrow).select("submission_id",
                                                                  "row_number")
        energy = (energy_use(read_current_activity(con, scope, **narrow), library)
                  if with_energy else None)
        log.info("read %d stored emission rows (%s–%s)", emissions.height, year_from, year_to)
    else:
        activity = read_current_activity(con, scope, **narrow)
        suppliers = _steam_suppliers(con, activity, start, end, params)
        emissions = compute_emissions(activity, library, params, steam_suppliers=suppliers)
        energy = energy_use(activity, library) if with_energy else None
        keys = activity.select("submission_id", "row_number")
        log.info("computed %d emission rows from %d activity rows (%s–%s)",
                 emissions.height, activity.height, year_from, year_to)
    factors = _factors_to_keep(library, emissions)
    if suppliers is not None and suppliers.height:
        used = emissions["factor_ids"].drop_nulls().str.split("; ").explode().unique()
        derived = as_factor_rows(suppliers).filter(pl.col("factor_id").is_in(used.to_list()))
        factors = pl.concat([factors, derived], how="diagonal_relaxed").sort("factor_id")
    return InventoryResult(
        emissions=emissions,
        factors=factors,
        params=params,
        year_from=year_from,
        year_to=year_to,
        energy=energy,
        activity_keys=keys,
        library_version=library.version,
        library_sha256=library.fingerprint(),
    )


#: What ``inventory_totals`` groups by unless asked otherwise: the issue-9 measurement's grain.
TOTALS_BY: tuple[str, ...] = ("enterprise_id", "year", "scope", "gas")
_TOTAL_SUMS = ("activity_quantity", "energy_tj", "gas_t", "tco2e")


def _group_totals(emissions: pl.DataFrame, by: tuple[str, ...]) -> pl.DataFrame:
    """``aggregate_stored_emissions``'s sums, from emission rows in hand."""
    return (emissions.group_by(list(by))
            .agg(*[pl.col(c).sum() for c in _TOTAL_SUMS], pl.col("provisional").any()))


def inventory_totals(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    *,
    year_from: int,
    year_to: int,
    params: CalcParams,
    by: tuple[str, ...] = TOTALS_BY,
    park_id: str | None = None,
    enterprise_id: str | None = None,
) -> pl.DataFrame:
    """Sums of ``activity_quantity``, ``energy_tj``, ``gas_t`` and ``tco2e`` (and whether any
    row is provisional) per ``by``: ``compute_inventory``'s emission rows, grouped, without
    moving those rows out of the warehouse.

    Why: a page, a report or another engine's user who needs province totals needs thousands
    of numbers, not the hundreds of thousands of rows behind them. The sums run in the
    warehouse's engine (DuckDB, or PostgreSQL for a multi-server deployment); only the few
    enterprise-months whose steam is priced live (bought from a registry enterprise) are
    computed here and added. Equal to grouping ``compute_inventory(...).emissions`` (tested).
    """
    start, end = _span(year_from, year_to)
    if not stored_emissions_ready(con):  # the reference engine, grouped
        result = compute_inventory(con, scope, year_from=year_from, year_to=year_to,
                                   params=params, park_id=park_id, enterprise_id=enterprise_id)
        return _group_totals(result.emissions, by).sort(list(by), nulls_last=True)
    narrow = {"period_from": start, "period_to": end, "park_id": park_id,
              "enterprise_id": enterprise_id}
    steam, months = _live_steam_months(con, scope, narrow)
    totals = aggregate_stored_emissions(con, scope, by=by, gwp_set=params.gwp_set,
                                        scope2_basis=params.scope2_basis,
                                        without_steam_of=months, **narrow)
    if months.height == 0:
        return totals
    steam = steam.join(months, on=["enterprise_id", "period"], how="semi")
    suppliers = _steam_suppliers(con, steam, start, end, params, stored=True)
    live = _group_totals(compute_emissions(steam, _library(con, scope), params,
                                           steam_suppliers=suppliers), by)
    both = pl.concat([totals, live.select(totals.columns).cast(totals.schema)],
                     how="vertical")
    return _group_totals(both, by).select(totals.columns).sort(list(by), nulls_last=True)


def _activity_sha256(keys: pl.DataFrame) -> str:
    rows = sorted(keys.select("submission_id", "row_number").iter_rows())
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _store(
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
    version_id = store.next_version_id(con, enterprise_id, result.year_from, result.year_to)
    meta = {
        "version_id": version_id, "enterprise_id": enterprise_id,
        "year_from": result.year_from, "year_to": result.year_to,
        "gwp_set": result.params.gwp_set, "scope2_basis": result.params.scope2_basis,
        "status": "accepted" if accepted_by else "draft", "reason": reason,
        "created_by": created_by, "created_at": now, "accepted_by": accepted_by,
        "accepted_at": now if accepted_by else None, "supersedes": supersedes,
        "factor_library_version": result.library_version,
        "factor_library_sha256": result.library_sha256, "provisional": result.provisional,
        "row_count": result.emissions.height, "total_tco2e": result.total_tco2e,
        "activity_sha256": _activity_sha256(result.activity_keys),
    }
    store.store_version(con, meta, result.emissions.select(EMISSIONS_COLUMNS),
                        result.factors.select(FACTOR_COLUMNS), result.activity_keys)
    if accepted_by:
        store.supersede_others(con, version_id, enterprise_id, result.year_from,
                               result.year_to, now)
    return version_id


# --------------------------------------------------------------------------- who may write

_VERSION = "inventory_version"
_DECIDING_ACTIONS = ("inventory_frozen", "inventory_accepted", "inventory_recalculated")


def _require_writer(
    con: duckdb.DuckDBPyConnection, actor: Acting, enterprise_id: str, *, accepting: bool
) -> str | None:
    """Raise unless ``actor`` may write a version of ``enterprise_id``; return its park.

    ``accepting``: the write makes a version accepted (reviewers only).
    """
    require_active(con, actor)
    if accepting and actor.scope.role not in REVIEWER_ROLES:
        raise AccessDeniedError("inventory.error_draft_only")
    check_visible(con, actor.scope, enterprise_id, None)
    return store.enterprise_park(con, enterprise_id)


def _require_may_replace(
    con: duckdb.DuckDBPyConnection, actor: Acting, enterprise_id: str, years: tuple[int, int],
    also: str | None = None,
) -> None:
    """Refuse to supersede a version decided at a higher level than the actor's."""
    accepted = list_versions(con, Scope.system(), enterprise_id).filter(
        (pl.col("status") == "accepted") & (pl.col("year_from") == years[0])
        & (pl.col("year_to") == years[1]))["version_id"].to_list()
    for version_id in dict.fromkeys([*accepted, *([also] if also else [])]):
        decided = last_actor_role(con, _VERSION, version_id, _DECIDING_ACTIONS)
        if not may_overrule(actor.scope.role, decided):
            raise AccessDeniedError("inventory.error_overrule", version_id=version_id,
                                    role=decided or "system")


def _audit(
    con: duckdb.DuckDBPyConnection, actor: Acting, action: str, version_id: str,
    enterprise_id: str, park_id: str | None, **details: object,
) -> None:
    write_audit(con, actor, action, object_type=_VERSION, object_id=version_id,
                enterprise_id=enterprise_id, park_id=park_id,
                details={k: v for k, v in details.items() if v is not None})


# --------------------------------------------------------------------------- writes


def freeze_inventory(
    con: duckdb.DuckDBPyConnection,
    enterprise_id: str,
    year_from: int,
    year_to: int,
    params: CalcParams,
    reason: str,
    *,
    actor: Acting,
    draft: bool = False,
    label: str | None = None,
) -> str:
    """Compute an enterprise's inventory now and store it as a version; return its id.

    Accepted at once (superseding the previously accepted one for the same years) unless
    ``draft``. An enterprise user may only freeze a draft of its own inventory; see the module
    docstring for the whole rule. ``label`` is free text kept in the audit row only (the CLI's
    ``--by``); the version records ``actor.username``.
    """
    park_id = _require_writer(con, actor, enterprise_id, accepting=not draft)
    if not draft:
        _require_may_replace(con, actor, enterprise_id, (year_from, year_to))
    # Rights were checked above; one enterprise's version is computed the same whoever
    # freezes it (the same library, so the same stored fingerprint).
    result = compute_inventory(con, Scope.system(), year_from=year_from, year_to=year_to,
                               params=params, enterprise_id=enterprise_id)
    if result.emissions.height == 0:
        raise InventoryError("inventory.error_nothing_to_freeze", enterprise_id=enterprise_id,
                             year_from=year_from, year_to=year_to)
    with transaction(con):
        version_id = _store(
            con, result, enterprise_id, created_by=actor.username,
            accepted_by=None if draft else actor.username, reason=reason, supersedes=None,
        )
        _audit(con, actor, "inventory_frozen", version_id, enterprise_id, park_id,
               status="draft" if draft else "accepted", year_from=year_from, year_to=year_to,
               gwp_set=params.gwp_set, scope2_basis=params.scope2_basis, reason=reason,
               total_tco2e=result.total_tco2e, label=label)
    log.info("%s froze inventory %s (%d rows, %.3f tCO2e)", actor.username, version_id,
             result.emissions.height, result.total_tco2e)
    return version_id


def _meta(con: duckdb.DuckDBPyConnection, scope: Scope, version_id: str) -> dict:
    """A version's row inside ``scope`` (outside it, the version is unknown to the reader)."""
    meta = store.version_meta(con, scope, version_id)
    if meta is None:
        raise InventoryError("inventory.error_unknown_version", version_id=version_id)
    return meta


def _meta_for_write(con: duckdb.DuckDBPyConnection, actor: Acting, version_id: str) -> dict:
    """A version's row for a write by ``actor``.

    Outside the actor's scope the answer is "no access" whether or not the version exists, as
    in the review actions, so a refused writer never learns that another enterprise's version
    exists; an actor who sees everything is told the version is unknown.
    """
    require_active(con, actor)
    meta = store.version_meta(con, actor.scope, version_id)
    if meta is None:
        if actor.scope.sees_everything:
            raise InventoryError("inventory.error_unknown_version", version_id=version_id)
        raise AccessDeniedError("auth.outside_scope")
    return meta


def accept_version(
    con: duckdb.DuckDBPyConnection, version_id: str, *, actor: Acting, label: str | None = None
) -> None:
    """Accept a draft version (it then supersedes the previously accepted one).

    Reviewers only (park for its park's enterprises; province, admin, system for all), and not
    over a version accepted at a higher level (module docstring).
    """
    meta = _meta_for_write(con, actor, version_id)
    enterprise_id, years = meta["enterprise_id"], (meta["year_from"], meta["year_to"])
    park_id = _require_writer(con, actor, enterprise_id, accepting=True)
    if meta["status"] != "draft":
        raise InventoryError("inventory.error_not_draft", version_id=version_id,
                             status=meta["status"])
    _require_may_replace(con, actor, enterprise_id, years)
    now = utc_now()
    with transaction(con):
        store.mark_accepted(con, version_id, actor.username, now)
        store.supersede_others(con, version_id, enterprise_id, *years, now)
        _audit(con, actor, "inventory_accepted", version_id, enterprise_id, park_id,
               year_from=years[0], year_to=years[1], label=label)
    log.info("%s accepted inventory %s", actor.username, version_id)


def recalculate(
    con: duckdb.DuckDBPyConnection,
    version_id: str,
    reason: str,
    *,
    actor: Acting,
    label: str | None = None,
) -> str:
    """Recompute a version with today's activity and factors as a new accepted version.

    The reason is required (Circular 38 Art. 22 asks that recalculations be explained); the old
    version is kept with status ``superseded`` and a pointer to its successor. Reviewers only,
    at the level of whoever accepted the version or higher (module docstring).
    """
    if not reason.strip():
        raise InventoryError("inventory.error_reason_required")
    meta = _meta_for_write(con, actor, version_id)
    enterprise_id, years = meta["enterprise_id"], (meta["year_from"], meta["year_to"])
    park_id = _require_writer(con, actor, enterprise_id, accepting=True)
    _require_may_replace(con, actor, enterprise_id, years, also=version_id)
    params = CalcParams(gwp_set=meta["gwp_set"], scope2_basis=meta["scope2_basis"])
    result = compute_inventory(con, Scope.system(), year_from=years[0], year_to=years[1],
                               params=params, enterprise_id=enterprise_id)  # as in freeze
    with transaction(con):
        new_id = _store(
            con, result, enterprise_id, created_by=actor.username,
            accepted_by=actor.username, reason=reason, supersedes=version_id,
        )
        store.mark_superseded(con, version_id, new_id, utc_now())
        _audit(con, actor, "inventory_recalculated", new_id, enterprise_id, park_id,
               supersedes=version_id, reason=reason, total_tco2e=result.total_tco2e,
               previous_total_tco2e=meta["total_tco2e"], label=label)
    log.info("%s recalculated %s as %s: %s", actor.username, version_id, new_id, reason)
    return new_id


def read_version(
    con: duckdb.DuckDBPyConnection, scope: Scope, version_id: str
) -> InventoryResult:
    """A frozen version exactly as stored: rows, factors and activity keys, no recomputation."""
    found = store.read_version_frames(con, scope, version_id)
    if found is None:
        raise InventoryError("inventory.error_unknown_version", version_id=version_id)
    meta, emissions, factors, keys = found
    return InventoryResult(
        emissions=emissions.select(EMISSIONS_COLUMNS), factors=factors.select(FACTOR_COLUMNS),
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
    meta = _meta(con, scope, version_id)
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
    activity = store.activity_rows_for_keys(con, frozen.activity_keys)
    # The frozen rows are the whole library here: nothing from today's files takes part.
    custom_ids = store.custom_factor_ids(con)
    frame = coerce_factor_frame(frozen.factors).with_columns(
        origin=pl.when(pl.col("factor_id").is_in(sorted(custom_ids)))
        .then(pl.lit("custom")).otherwise(pl.lit("shipped"))
    )
    library = FactorLibrary(frame=frame, version=frozen.library_version)
    return compute_emissions(activity, library, frozen.params,
                             steam_suppliers=from_factor_rows(frozen.factors))


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
    """B − A of the headline (Scope 1 + 2, Circular 38 boundary) from a compare frame."""
    kept = diff.filter(pl.col("scope").is_in(TOTAL_SCOPES))
    return float(kept["tco2e_diff"].sum()) if kept.height else 0.0


def _summarise(emissions: pl.DataFrame, side: str) -> pl.DataFrame:
    # Scopes as the report boundary reads them, so R-22 counts where Circular 38 puts it.
    return apply_boundary(emissions).group_by(list(_COMPARE_KEYS)).agg(
        pl.col("gas_t").sum().alias(f"gas_t_{side}"),
        pl.col("tco2e").sum().alias(f"tco2e_{side}"),
    )


def form06_inventory(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    enterprise_id: str,
    years: tuple[int, int],
    params: CalcParams,
    *,
    version_id: str | None = None,
    live: bool = False,
) -> InventoryResult:
    """The inventory a Form 06 for ``years`` is built from.

    Why a rule and not a choice per front end: what an enterprise submits must be reproducible,
    so an explicitly named version wins, then the accepted version for exactly these years,
    and only then (or with ``live``) a live calculation, which the workbook labels as such.
    """
    check_visible(con, scope, enterprise_id, None)
    history = list_versions(con, scope, enterprise_id).filter(
        (pl.col("year_from") == years[0]) & (pl.col("year_to") == years[1]))
    if version_id is None and not live:
        accepted = history.filter(pl.col("status") == "accepted")
        version_id = accepted["version_id"][0] if accepted.height else None
    if version_id is None:
        result = compute_inventory(con, scope, year_from=years[0], year_to=years[1],
                                   params=params, enterprise_id=enterprise_id)
    else:
        result = read_version(con, scope, version_id)
        meta = result.version or {}
        if (meta.get("enterprise_id"), meta.get("year_from"), meta.get("year_to")) != (
                enterprise_id, *years):
            raise InventoryError("inventory.error_version_mismatch", version=version_id,
                                 enterprise_id=enterprise_id, y1=years[0], y2=years[1])
    # Table 2.2 from the very rows the inventory rests on (a frozen version's own rows).
    keys = result.activity_keys
    rows = store.activity_rows_for_keys(con, keys) if keys.height else pl.DataFrame()
    return result.model_copy(update={
        "history": history, "equipment": equipment_register(rows, result.emissions)})

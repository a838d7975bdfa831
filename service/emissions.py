"""Emissions computed once, when the data arrives; recomputed exactly where factors change.

Why: a province inventory used to be recomputed from every activity row on each page view,
export and report (issue 9: 2.4 s at 520 enterprises, 30 s and 6.5 GB at 5,000). Emission rows
only change when activity arrives (an upload) or when factors change (an import), so they are
computed then, with the pure engine (``metrics.inventory.compute_emission_variants``) for every
GWP set × Scope 2 basis the platform offers, and stored (``warehouse.stored_emissions``) in
the same transaction as the data that caused them. Reads then select and aggregate in SQL.

The engine stays the reference: a test recomputes the sample province live and compares it
with the stored rows (``tests/inventory/test_stored_emissions.py``).

What recomputes what:

* an accepted upload: its own submission (``store_upload_emissions``, inside the upload's
  transaction; a bulk ingest computes a whole group of uploads in one engine pass, still one
  recorded calculation per upload);
* a factor import: every submission with activity that one of the new (or replaced) factor
  rows can apply to — same activity category, the named item where the factor names one, the
  month inside the factor's window (or later, for a grid EF, which later years fall back to),
  the factor's own enterprise for an enterprise-level factor — as one recorded calculation
  with an audit row (``recalculate_for_factors``);
* ``parkghg init``: every submission without stored rows, or stored with another shipped
  library version (``backfill``), so an upgraded warehouse gets its stored emissions.

Restoring an earlier upload needs nothing: rows are kept per submission and reads follow
``period_current``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import get_args

import duckdb
import polars as pl

from metrics.factors import GWP_SETS, LIBRARY_VERSION, FactorLibrary, load_factor_library
from metrics.inventory import CalcParams, compute_emission_variants
from parkghg.log import get_logger
from parkghg.schema import EVERY_BASIS
from warehouse import stored_emissions as store
from warehouse.audit import Acting, write_audit
from warehouse.db import transaction
from warehouse.factors_store import read_custom_factors
from warehouse.scope import Scope

log = get_logger(__name__)

SCOPE2_BASES: tuple[str, ...] = get_args(CalcParams.model_fields["scope2_basis"].annotation)
#: Every calculation variant the platform offers (CLI ``--gwp``/``--basis``, dashboard).
VARIANTS: tuple[CalcParams, ...] = tuple(
    CalcParams(gwp_set=g, scope2_basis=b) for g in GWP_SETS for b in SCOPE2_BASES  # type: ignore[arg-type]
)
#: Activity category each custom-factor kind applies to, and whether the factor's
#: ``fuel_or_item`` names the activity item (else: every item of the category).
KIND_TARGETS: dict[str, tuple[str, bool]] = {
    "ncv": ("fuel", True), "co2_ef": ("fuel", True), "ch4_ef": ("fuel", True),
    "n2o_ef": ("fuel", True), "density": ("fuel", True),
    "grid_ef": ("electricity", False), "grid_ef_estimate": ("electricity", False),
    "electricity_ef": ("electricity", False),
    "waste_ef": ("waste", True),
    "steam_enthalpy": ("steam", False), "boiler_efficiency": ("steam", False),
    "steam_fuel_co2_ef": ("steam", False),
    "wastewater_bo": ("wastewater", False), "wastewater_mcf": ("wastewater", False),
}
#: Submissions computed per engine pass in a backfill or recalculation (bounds memory).
CHUNK_SUBMISSIONS = 200

_LIBRARIES: dict[int, tuple[FactorLibrary, str]] = {}


def _library_and_fingerprint(con: duckdb.DuckDBPyConnection) -> tuple[FactorLibrary, str]:
    custom = read_custom_factors(con, Scope.system())
    key = int(custom.hash_rows().sum()) if custom.height else 0
    key ^= custom.height
    if key not in _LIBRARIES:
        _LIBRARIES.clear()
        library = load_factor_library(custom=custom if custom.height else None)
        _LIBRARIES[key] = (library, library.fingerprint())
    return _LIBRARIES[key]


def effective_library(con: duckdb.DuckDBPyConnection) -> FactorLibrary:
    """Shipped plus every current custom factor (enterprise factors apply only to their own
    enterprise, so one library computes everyone's rows), cached on the custom rows' content."""
    return _library_and_fingerprint(con)[0]


def _layers(activity: pl.DataFrame) -> list[list[str]]:
    """Submissions in groups where no two share an enterprise-month.

    Why: the engine sums per enterprise-month, and an older (superseded) upload of the same
    month must not be summed with the newer one. Each round takes every submission that is
    the earliest remaining at all of its months; the earliest overall always qualifies.
    """
    months = activity.select("submission_id", "enterprise_id", "period").unique()
    order = {sid: i for i, sid in enumerate(
        activity.select("submission_id").unique(maintain_order=True)["submission_id"])}
    months = months.with_columns(
        _order=pl.col("submission_id").replace_strict(order, return_dtype=pl.Int64))
    layers: list[list[str]] = []
    while months.height:
        first = months.with_columns(
            _first=pl.col("_order") == pl.col("_order").min().over("enterprise_id", "period"))
        ready = first.group_by("submission_id").agg(pl.col("_first").all()).filter("_first")
        taken = ready["submission_id"].sort().to_list()
        layers.append(taken)
        months = months.filter(~pl.col("submission_id").is_in(taken))
    return layers


def compute_for_submissions(activity: pl.DataFrame, library: FactorLibrary) -> pl.DataFrame:
    """Emission rows of every variant for the activity of some submissions, each row tagged
    with the ``submission_id`` it comes from (engine frame + ``submission_id``)."""
    frames = []
    for layer in _layers(activity):
        part = activity.filter(pl.col("submission_id").is_in(layer))
        owners = part.select("enterprise_id", "period", "submission_id").unique()
        rows = compute_emission_variants(part, library, VARIANTS, sort=False,
                                         shared_basis=EVERY_BASIS)
        frames.append(rows.join(owners, on=["enterprise_id", "period"], how="inner"))
    if not frames:
        return pl.DataFrame()
    return pl.concat(frames, how="vertical")


def _recompute(
    con: duckdb.DuckDBPyConnection, submission_ids: Sequence[str], *, trigger: str,
    trigger_id: str | None, calculated_by: str, fresh: bool = False,
) -> tuple[str, int]:
    """Compute and replace the stored rows of ``submission_ids`` (caller's transaction) as
    one calculation; (calculation id, rows written)."""
    library, fingerprint = _library_and_fingerprint(con)
    calc = store.start_calculation(
        con, trigger=trigger, trigger_id=trigger_id, library_version=LIBRARY_VERSION,
        library_sha256=fingerprint, calculated_by=calculated_by)
    written = 0
    ids = list(submission_ids)
    for start in range(0, len(ids), CHUNK_SUBMISSIONS):
        chunk = ids[start:start + CHUNK_SUBMISSIONS]
        activity = store.activity_of_submissions(con, chunk)
        rows = compute_for_submissions(activity, library) if activity.height else pl.DataFrame()
        written += store.replace_submission_rows(con, calc, LIBRARY_VERSION, chunk, rows,
                                                 fresh=fresh)
    store.finish_calculation(con, calc, len(ids), written)
    return calc, written


def store_upload_emissions(con: duckdb.DuckDBPyConnection, submission_ids: Sequence[str],
                           actor: Acting, *, activity: pl.DataFrame | None = None) -> int:
    """Compute and store newly accepted uploads' emission rows; call inside their transaction
    (their audit rows record the uploads; one calculation row per upload records the
    computation). A batch is computed in ONE engine pass over all its rows, which costs little
    more than one upload's pass (the engine's cost is mostly per operation, not per row).
    ``activity``: the uploads' rows as just written (read back from the store otherwise).
    A warehouse not yet upgraded to 0007 stores nothing (``parkghg init`` fills it later)."""
    if not submission_ids or not store.store_exists(con):
        return 0
    library, fingerprint = _library_and_fingerprint(con)
    activity = (store.activity_of_submissions(con, submission_ids) if activity is None
                else store.activity_of_new_rows(con, activity))
    rows = compute_for_submissions(activity, library) if activity.height else pl.DataFrame()
    return store.store_upload_rows(con, submission_ids, rows, library_version=LIBRARY_VERSION,
                                   library_sha256=fingerprint, calculated_by=actor.username)


def _targets(factors: pl.DataFrame) -> pl.DataFrame:
    """Factor rows → what activity they can apply to (``submissions_affected_by`` input)."""
    kinds = pl.col("kind")
    names_item = kinds.replace_strict({k: v[1] for k, v in KIND_TARGETS.items()},
                                      default=False, return_dtype=pl.Boolean)
    item = pl.col("fuel_or_item").str.split(":").list.first()
    return factors.filter(kinds.is_in(list(KIND_TARGETS))).select(
        category=kinds.replace_strict({k: v[0] for k, v in KIND_TARGETS.items()},
                                      default=None, return_dtype=pl.String),
        item_match=pl.when(names_item & (item != "*")).then(item)
        .otherwise(pl.lit(None, dtype=pl.String)),
        enterprise_id=pl.col("enterprise_id"),
        valid_from=pl.col("valid_from"),
        valid_to=pl.col("valid_to"),
        open_after=kinds.is_in(["grid_ef", "grid_ef_estimate"]),
    ).unique()


def recalculate_for_factors(
    con: duckdb.DuckDBPyConnection, factors: pl.DataFrame, *, actor: Acting,
    import_id: str | None,
) -> int:
    """Recompute exactly the submissions these factor rows (new ones and the rows they
    replace) can move, with its audit row; call inside the import's transaction. Returns the
    number of submissions recomputed."""
    if not store.store_exists(con):
        return 0
    affected = store.submissions_affected_by(con, _targets(factors))
    if not affected:
        return 0
    calc, written = _recompute(con, affected, trigger="factor_import", trigger_id=import_id,
                               calculated_by=actor.username)
    write_audit(con, actor, "emissions_recalculated", object_type="emission_calculation",
                object_id=calc, details={"trigger": "factor_import", "import_id": import_id,
                                         "submissions": len(affected), "rows": written})
    log.info("recalculated %d submissions (%d rows) after factor import %s", len(affected),
             written, import_id)
    return len(affected)


def backfill(con: duckdb.DuckDBPyConnection, *, actor: Acting) -> int:
    """Store the emissions of every submission that has none yet (or was computed with
    another shipped library version); one transaction per chunk, so an interrupted backfill
    resumes where it stopped. Returns the number of submissions computed."""
    if not store.store_exists(con):
        return 0
    todo = store.uncomputed_submissions(con, LIBRARY_VERSION)
    for start in range(0, len(todo), CHUNK_SUBMISSIONS):
        chunk = todo[start:start + CHUNK_SUBMISSIONS]
        with transaction(con):
            calc, written = _recompute(con, chunk, trigger="backfill", trigger_id=None,
                                       calculated_by=actor.username)
            write_audit(con, actor, "emissions_recalculated",
                        object_type="emission_calculation", object_id=calc,
                        details={"trigger": "backfill", "submissions": len(chunk),
                                 "rows": written})
    if todo:
        log.info("stored emissions for %d earlier submissions", len(todo))
    return len(todo)


def stored_emissions_ready(con: duckdb.DuckDBPyConnection) -> bool:
    """True when reads may use the stored rows: every current month's submission is computed
    with this release's shipped library (else callers compute live, the reference).

    Steam bought from a registry enterprise is the exception readers handle themselves
    (``service.inventory``): its price follows the supplier's own data, which the buyer's
    stored rows do not track.
    """
    return store.stored_emissions_complete(con, LIBRARY_VERSION)


__all__ = ["VARIANTS", "backfill", "compute_for_submissions", "effective_library",
           "recalculate_for_factors", "store_upload_emissions", "stored_emissions_ready"]

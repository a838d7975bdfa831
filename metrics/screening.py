"""Decree 06/2022 list screening on one fixed basis (pure: activity in, one row per enterprise out).

Why a function of the *activity* and not of an emissions frame: the screening basis must not
follow whatever the user chose for display. A market-based frame has already netted retired
certificates (RECs) against grid electricity, and nothing downstream can undo that. Screening
therefore recomputes from the activity, always on:

* Circular 38 boundary (R-22 in Scope 1; ``metrics.boundary``), headline scopes 1 + 2;
* Scope 2 **location-based** with the published national grid factor (Circular 38 App. II
  Sec. 2: "the national grid EF published by MONRE for the calculation year"; the latest
  earlier year stands in and the result is marked provisional) — RECs and DPPA contracts never
  move an enterprise below 3,000 tCO2e;
* energy in TOE by MOIT's coefficients (``metrics.inventory.energy_use``).

Thresholds (regulation.md §1.2): annual emissions ≥ 3,000 tCO2e, or (industrial production
facilities) annual energy consumption ≥ 1,000 TOE.
"""

from __future__ import annotations

import polars as pl

from metrics.boundary import apply_boundary, headline_scopes
from metrics.factors import FactorLibrary
from metrics.inventory import CalcParams, compute_emissions, energy_use
from metrics.rollups import THRESHOLD_TCO2E, THRESHOLD_TOE
from parkghg.log import get_logger

log = get_logger("metrics.screening")

SCREENING_BOUNDARY = "circular38"
SCREENING_SCOPE2_BASIS = "location"

SCREENING_SCHEMA: dict[str, pl.DataType] = {
    "enterprise_id": pl.String(),
    "park_id": pl.String(),
    "sector_id": pl.String(),
    "year": pl.Int32(),
    "screening_tco2e": pl.Float64(),
    "energy_toe_moit": pl.Float64(),
    "over_3000_tco2e": pl.Boolean(),
    "over_1000_toe": pl.Boolean(),
    "meets_a_list_criterion": pl.Boolean(),
    "provisional": pl.Boolean(),
    "toe_basis": pl.String(),
    "factor_ids": pl.String(),
    "boundary": pl.String(),
    "scope2_basis": pl.String(),
    "gwp_set": pl.String(),
}
_ORG = ["enterprise_id", "park_id", "sector_id", "year"]


def _joined_ids(col: str) -> pl.Expr:
    """Inside an aggregation: the distinct ``"; "``-separated ids of ``col``, sorted."""
    ids = pl.col(col).str.split("; ").explode()
    return ids.filter(ids.is_not_null() & (ids != "")).unique().sort().str.join("; ")


def screening(
    activity: pl.DataFrame, library: FactorLibrary, gwp_set: str, year: int,
    *, steam_suppliers: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per enterprise with activity in ``year`` (``SCREENING_SCHEMA``).

    ``screening_tco2e`` is Scope 1 + 2, Circular 38 boundary, Scope 2 location-based, in
    ``gwp_set``; ``energy_toe_moit`` is MOIT TOE; the two flags are "at or above" the Decree 06
    thresholds and ``meets_a_list_criterion`` is either. ``provisional`` is true when the figure
    rests on a provisional factor (a grid EF standing in for a later year, a CONFLICT /
    ESTIMATE / UNVERIFIED factor, an estimated density). ``factor_ids`` lists every factor the
    two figures used. ``steam_suppliers`` prices steam bought from a registry enterprise as
    the inventory does (``metrics.steam_supplier``).
    """
    params = CalcParams(gwp_set=gwp_set, scope2_basis=SCREENING_SCOPE2_BASIS)  # type: ignore[arg-type]
    act = activity.filter(pl.col("period").dt.year() == year)
    em = apply_boundary(compute_emissions(act, library, params, steam_suppliers=steam_suppliers),
                        SCREENING_BOUNDARY)
    em = em.filter(pl.col("scope").is_in(headline_scopes(SCREENING_BOUNDARY)))
    energy = energy_use(act, library)
    by_em = em.group_by(_ORG).agg(
        screening_tco2e=pl.col("tco2e").sum(),
        _em_prov=pl.col("provisional").any(),
        _em_ids=_joined_ids("factor_ids"),
    )
    by_en = energy.group_by(_ORG).agg(
        energy_toe_moit=pl.col("energy_toe_moit").sum(),
        _en_prov=pl.col("provisional").any(),
        toe_basis=pl.when(pl.col("toe_basis").n_unique() == 1)
        .then(pl.col("toe_basis").first()).otherwise(pl.lit("mixed")),
        _en_ids=_joined_ids("toe_factor_ids"),
    )
    out = by_em.join(by_en, on=_ORG, how="full", coalesce=True, nulls_equal=True)
    ids = pl.concat_list(
        pl.col("_em_ids").fill_null("").str.split("; "),
        pl.col("_en_ids").fill_null("").str.split("; "),
    ).list.eval(pl.element().filter(pl.element() != "")).list.unique().list.sort()
    out = out.with_columns(
        pl.col("screening_tco2e", "energy_toe_moit").fill_null(0.0),
        provisional=pl.col("_em_prov").fill_null(False) | pl.col("_en_prov").fill_null(False),
        factor_ids=ids.list.join("; "),
    ).with_columns(
        over_3000_tco2e=pl.col("screening_tco2e") >= THRESHOLD_TCO2E,
        over_1000_toe=pl.col("energy_toe_moit") >= THRESHOLD_TOE,
        boundary=pl.lit(SCREENING_BOUNDARY),
        scope2_basis=pl.lit(SCREENING_SCOPE2_BASIS),
        gwp_set=pl.lit(gwp_set),
    ).with_columns(
        meets_a_list_criterion=pl.col("over_3000_tco2e") | pl.col("over_1000_toe"),
    )
    log.info("screening %d: %d enterprise(s), %d meet a list criterion", year, out.height,
             int(out["meets_a_list_criterion"].sum()) if out.height else 0)
    return out.select(list(SCREENING_SCHEMA)).cast(SCREENING_SCHEMA).sort("enterprise_id")

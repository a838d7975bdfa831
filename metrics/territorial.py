"""A province's (or park's) territorial total beside the sum of enterprise inventories.

Why: each enterprise's inventory is complete on its own boundary, so when one enterprise in
the province sells steam or electricity to another, the fuel burned to make it is in the
seller's Scope 1 *and* (as purchased energy) in the buyer's Scope 2. Adding inventories up
counts that energy twice. The territorial total counts it once: the buyer's Scope 2 on
energy bought from another reporting enterprise of the same territory is taken out, and the
difference is stated, never hidden (GHG Protocol Corporate Standard ch. 4 on double counting
between companies; the province compiles facility reports under Decree 06 Art. 11(6)).

The transfer is recognised from the upload's ``counterparty`` column on ``electricity`` and
``steam`` rows naming a registry enterprise id. Pure: frames in, frames out.
"""

from __future__ import annotations

import polars as pl

from metrics.boundary import DEFAULT_BOUNDARY, apply_boundary, headline_scopes
from metrics.factors import FactorLibrary
from metrics.inventory import CalcParams, compute_emissions

#: Categories whose purchase from another enterprise of the territory is counted by the seller.
ENERGY_TRANSFER_CATEGORIES: tuple[str, ...] = ("electricity", "steam")

TERRITORIAL_SCHEMA: dict[str, pl.DataType] = {
    "year": pl.Int32(),
    "sum_of_inventories_tco2e": pl.Float64(),
    "internal_energy_transfers_tco2e": pl.Float64(),
    "territorial_tco2e": pl.Float64(),
    "transfers": pl.UInt32(),
}


def internal_transfers(activity: pl.DataFrame, enterprise_ids: set[str] | frozenset[str]
                       ) -> pl.DataFrame:
    """Activity rows buying electricity or steam from another enterprise of the territory."""
    counterparty = pl.col("counterparty").str.strip_chars()
    return activity.filter(
        pl.col("category").is_in(ENERGY_TRANSFER_CATEGORIES)
        & counterparty.is_in(sorted(enterprise_ids))
        & (counterparty != pl.col("enterprise_id"))
    )


def territorial_totals(
    activity: pl.DataFrame,
    emissions: pl.DataFrame,
    library: FactorLibrary,
    params: CalcParams,
    enterprise_ids: set[str] | frozenset[str],
    boundary: str = DEFAULT_BOUNDARY,
    steam_suppliers: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Per year: the headline summed over inventories, the double-counted transfers, the rest.

    ``emissions`` is the inventory of the same ``activity`` (``compute_emissions``);
    ``enterprise_ids`` are the reporting enterprises of the territory (a park or the province);
    ``steam_suppliers`` must be those ``emissions`` were computed with.
    ``territorial_tco2e`` = ``sum_of_inventories_tco2e`` − ``internal_energy_transfers_tco2e``.
    """
    scopes = headline_scopes(boundary)
    summed = (
        apply_boundary(emissions, boundary).filter(pl.col("scope").is_in(scopes))
        .group_by("year").agg(sum_of_inventories_tco2e=pl.col("tco2e").sum())
    )
    bought = internal_transfers(activity, enterprise_ids)
    if bought.height:
        counted_twice = (
            compute_emissions(bought, library, params, steam_suppliers=steam_suppliers)
            .filter(pl.col("scope") == "2")
            .group_by("year").agg(internal_energy_transfers_tco2e=pl.col("tco2e").sum())
            .join(bought.group_by(year=pl.col("period").dt.year().cast(pl.Int32))
                  .agg(transfers=pl.len()), on="year", how="full", coalesce=True)
        )
    else:
        counted_twice = pl.DataFrame(schema={"year": pl.Int32(),
                                             "internal_energy_transfers_tco2e": pl.Float64(),
                                             "transfers": pl.UInt32()})
    out = summed.with_columns(pl.col("year").cast(pl.Int32)).join(
        counted_twice, on="year", how="left").with_columns(
        pl.col("internal_energy_transfers_tco2e").fill_null(0.0),
        pl.col("transfers").fill_null(0),
    ).with_columns(
        territorial_tco2e=pl.col("sum_of_inventories_tco2e")
        - pl.col("internal_energy_transfers_tco2e"),
    )
    return out.select(list(TERRITORIAL_SCHEMA)).cast(TERRITORIAL_SCHEMA).sort("year")

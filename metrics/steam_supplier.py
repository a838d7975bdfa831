"""The boiler-fuel factor of purchased steam, derived from the supplier's own inventory.

Why: Circular 38 prices purchased steam as ``heat / η × EF_fuel`` and, lacking better data,
parkghg's default ``EF_fuel`` is gas/diesel oil (the Circular's check case). When the steam comes
from another enterprise of the registry (the buyer's row names it in ``counterparty``), that
enterprise's own upload says which fuels its boilers burn, so the fuel factor can be the
supplier's actual mix instead of a default or a figure declared on paper (issue 8: the supplier's
factor first, then a supplier-declared factor with evidence, then the default diesel boiler).

Method (stated in ``metrics/factors/README.md``): for supplier S and year Y,

    EF_fuel(S, Y) [kg CO2/TJ] = fossil CO2 of S's stationary combustion in Y [t] × 1000
                                / energy of all S's stationary fuel in Y [TJ, NCV]

i.e. the energy-weighted CO2 factor of the fuels S burned in fixed equipment (boilers,
furnaces). Biomass energy is in the denominator and its CO2 is biogenic (outside the scopes),
so a rice-husk boiler gives a low factor, as it should. The emissions of the steam the buyer
took are then ``heat / η × EF_fuel(S, Y)``: the supplier's Scope 1 per unit of fuel energy
allocated to the steam sold by its heat content. This needs no split of the supplier's fuel
between steam and its own processes (the upload has no such field), which a plain "Scope 1 ÷
steam sold" would need. Enthalpy and η stay those selected for the buyer's row (an enterprise
or the Circular 38 default). Pure: frames in, frames out.
"""

from __future__ import annotations

import polars as pl

from metrics.factors import FACTOR_COLUMNS, coerce_factor_frame

#: One derived factor per supplier and year.
SUPPLIER_STEAM_SCHEMA: dict[str, pl.DataType] = {
    "supplier_id": pl.String(),
    "year": pl.Int32(),
    "factor_id": pl.String(),
    "value": pl.Float64(),  # kg CO2/TJ of fuel
    "fuel_tj": pl.Float64(),
    "co2_t": pl.Float64(),
    "provisional": pl.Boolean(),
    "source_ids": pl.String(),
}
FACTOR_ID_PREFIX = "SUPPLIER_STEAM_FUEL_CO2"
#: The only emission rows the factor reads: a reader may fetch just these (``service.inventory``).
SOURCE_CATEGORY, GAS = "stationary_combustion", "CO2"


def supplier_factor_id(supplier_id: str, year: int) -> str:
    """``SUPPLIER_STEAM_FUEL_CO2_<supplier>_<year>``: names the derived factor in every trace."""
    return f"{FACTOR_ID_PREFIX}_{supplier_id}_{year}"


def supplier_steam_factors(supplier_emissions: pl.DataFrame) -> pl.DataFrame:
    """Per supplier and year, the CO2 factor of its stationary fuel mix (``SUPPLIER_STEAM_SCHEMA``).

    ``supplier_emissions`` are the emission rows (``compute_emissions``) of the supplying
    enterprises. A supplier-year without stationary fuel energy gets no row (the buyer's row
    then falls back to the library: a supplier-declared factor, else the default).
    """
    if supplier_emissions.height == 0:
        return pl.DataFrame(schema=SUPPLIER_STEAM_SCHEMA)
    co2 = supplier_emissions.filter((pl.col("source_category") == SOURCE_CATEGORY)
                                    & (pl.col("gas") == GAS))
    out = (
        co2.group_by(supplier_id="enterprise_id", year=pl.col("year").cast(pl.Int32))
        .agg(
            fuel_tj=pl.col("energy_tj").sum(),
            co2_t=pl.col("gas_t").filter(pl.col("scope") == "1").sum(),
            provisional=pl.col("provisional").any(),
            source_ids=pl.col("factor_ids").str.split("; ").list.explode().drop_nulls()
            .unique().sort().str.join("; "),
        )
        .filter(pl.col("fuel_tj") > 0)
        .with_columns(
            value=pl.col("co2_t") * 1000.0 / pl.col("fuel_tj"),
            factor_id=pl.format("{}_{}_{}", pl.lit(FACTOR_ID_PREFIX), "supplier_id", "year"),
        )
    )
    return out.select(list(SUPPLIER_STEAM_SCHEMA)).cast(SUPPLIER_STEAM_SCHEMA).sort(
        "supplier_id", "year")


def as_factor_rows(derived: pl.DataFrame) -> pl.DataFrame:
    """The derived factors as factor-library rows, so a report lists them with the others."""
    rows = derived.select(
        "factor_id",
        kind=pl.lit("steam_fuel_co2_ef"),
        fuel_or_item=pl.lit("purchased_steam"),
        gas=pl.lit("CO2"),
        value="value",
        unit=pl.lit("kg/TJ"),
        valid_from=pl.date(pl.col("year"), 1, 1),
        valid_to=pl.date(pl.col("year"), 12, 31),
        level=pl.lit("enterprise"),
        source=pl.format("parkghg: supplier {}'s inventory {} (stationary fuel mix)",
                         "supplier_id", "year"),
        # No absolute tonnes or TJ here: the buyer sees the factor, not the supplier's totals.
        source_detail=pl.format(
            "energy-weighted fossil CO2 of the supplier's stationary fuels in {} (metrics/"
            "steam_supplier.py); from factors: {}", "year", "source_ids"),
        # ESTIMATE when the supplier's own figure rests on a provisional factor, so the flag
        # survives a frozen version and its re-derivation (``from_factor_rows``).
        verification=pl.when(pl.col("provisional")).then(pl.lit("ESTIMATE"))
        .otherwise(pl.lit("DERIVED")),
        enterprise_id="supplier_id",
    )
    return coerce_factor_frame(rows).select(FACTOR_COLUMNS)


def from_factor_rows(factors: pl.DataFrame) -> pl.DataFrame:
    """The derived factors back from a frozen version's factor rows (``as_factor_rows``)."""
    rows = factors.filter(pl.col("factor_id").str.starts_with(FACTOR_ID_PREFIX + "_"))
    return rows.select(
        supplier_id="enterprise_id",
        year=pl.col("valid_from").dt.year().cast(pl.Int32),
        factor_id="factor_id",
        value="value",
        fuel_tj=pl.lit(None, dtype=pl.Float64),
        co2_t=pl.lit(None, dtype=pl.Float64),
        provisional=pl.col("verification") == "ESTIMATE",
        source_ids=pl.lit(None, dtype=pl.String),
    ).cast(SUPPLIER_STEAM_SCHEMA)


def apply_supplier_factors(steam: pl.DataFrame, derived: pl.DataFrame | None) -> pl.DataFrame:
    """Steam rows (with ``f_value``/``f_id``/``f_prov`` from the library) whose counterparty is
    a supplier with a derived factor for the row's year take that factor instead."""
    if derived is None or derived.height == 0:
        return steam
    pick = derived.select("supplier_id", "year", _s_value="value", _s_id="factor_id",
                          _s_prov="provisional")
    joined = steam.with_columns(_supplier=pl.col("counterparty").str.strip_chars()).join(
        pick, left_on=["_supplier", "year"], right_on=["supplier_id", "year"], how="left")
    use = pl.col("_s_value").is_not_null() & (pl.col("_supplier") != pl.col("enterprise_id"))
    return joined.with_columns(
        f_value=pl.when(use).then(pl.col("_s_value")).otherwise(pl.col("f_value")),
        f_id=pl.when(use).then(pl.col("_s_id")).otherwise(pl.col("f_id")),
        f_prov=pl.when(use).then(pl.col("_s_prov")).otherwise(pl.col("f_prov")),
    ).drop("_supplier", "_s_value", "_s_id", "_s_prov")

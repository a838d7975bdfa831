"""The refrigeration and electrical equipment register (Circular 38 Appendix II table 2.2).

Why from the activity rows and not the emission rows: the emission rows (and frozen inventory
versions) are kept per enterprise-month-item, and do not carry the equipment a refrigerant row
names. The register therefore sums the activity rows per equipment and prices each kilogram at
the tCO2e per kilogram the inventory itself gives that refrigerant in that enterprise-year
(GWP × kg; every kilogram of one refrigerant has the same GWP). So the register adds up to
table 2.1 and to the results sheet exactly, and it follows the inventory's GWP set and any
factor (an enterprise blend, say) that the inventory used. Pure: frames in, a frame out.
"""

from __future__ import annotations

import polars as pl

REGISTER_SCHEMA: dict[str, pl.DataType] = {
    "enterprise_id": pl.String(),
    "year": pl.Int32(),
    "equipment": pl.String(),
    "item": pl.String(),
    "charge_kg": pl.Float64(),
    "tco2e": pl.Float64(),
    "provisional": pl.Boolean(),
}


def equipment_register(activity: pl.DataFrame, emissions: pl.DataFrame) -> pl.DataFrame:
    """One row per enterprise × year × equipment × refrigerant: kg charged and its tCO2e.

    ``activity`` are the upload rows the inventory was computed from (``equipment`` may be
    missing or null: the row is listed with a null equipment, i.e. not named); ``emissions``
    is that inventory (``compute_emissions`` or a frozen version).
    """
    if activity.height == 0 or "category" not in activity.columns:
        return pl.DataFrame(schema=REGISTER_SCHEMA)
    if "equipment" not in activity.columns:
        activity = activity.with_columns(equipment=pl.lit(None, dtype=pl.String))
    charged = (
        activity.filter(pl.col("category") == "refrigerant")
        .with_columns(year=pl.col("period").dt.year().cast(pl.Int32),
                      equipment=pl.col("equipment").str.strip_chars())
        .group_by("enterprise_id", "year", "equipment", "item")
        .agg(charge_kg=pl.col("quantity_canonical").sum())
    )
    if charged.height == 0:
        return pl.DataFrame(schema=REGISTER_SCHEMA)
    kg = charged.group_by("enterprise_id", "year", "item").agg(_kg=pl.col("charge_kg").sum())
    priced = (
        emissions.filter(pl.col("source_category") == "refrigerant_recharge")
        .with_columns(pl.col("year").cast(pl.Int32))
        .group_by("enterprise_id", "year", "item")
        .agg(_t=pl.col("tco2e").sum(), provisional=pl.col("provisional").any())
        .join(kg, on=["enterprise_id", "year", "item"], how="inner")
        .with_columns(_per_kg=pl.when(pl.col("_kg") > 0).then(pl.col("_t") / pl.col("_kg")))
        .select("enterprise_id", "year", "item", "_per_kg", "provisional")
    )
    return (
        charged.join(priced, on=["enterprise_id", "year", "item"], how="left")
        .with_columns(tco2e=pl.col("charge_kg") * pl.col("_per_kg"),
                      provisional=pl.col("provisional").fill_null(False))
        .select(list(REGISTER_SCHEMA)).cast(REGISTER_SCHEMA)
        .sort("enterprise_id", "year", "equipment", "item", nulls_last=True)
    )

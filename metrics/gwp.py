"""GWP-100 sets (AR4, AR5, AR6) and refrigerant-blend GWPs, from the factor library.

Why computed blends: a blend's GWP is ``Σ w_i × GWP_i`` over its component mass fractions
(EU F-gas Regulation 517/2014 Annex IV method; factors.md §2.6). Computing it from the library's
component GWPs gives AR4/AR5/AR6 blend values from one rule, and the published AR5 values
(EPA GHG Emission Factors Hub 2025 Table 12 / DESNZ 2025: R-410A 1924, R-407C 1624,
R-404A 3943) are shipped only as check rows that the tests compare against.

Methane: combustion CH4 and waste CH4 use the *non-fossil* value (AR6 27.0, AR5 28, AR4 25);
the fossil value (AR6 29.8, AR5 30) is for fugitive fossil CH4 only (factors.md §2.5; the split
rule was read in a secondary summary of the GHG Protocol Aug 2024 GWP document). AR6's generic
27.9 (Table 7.SM.7) is not an inventory value and is not shipped.

HCFC-22 (R-22) is a Montreal Protocol gas: its CO2e is computed but reported as scope
``memo``, outside the Kyoto totals, as DESNZ 2025 does ("Montreal protocol products").
"""

from __future__ import annotations

import polars as pl

from metrics.factors import GWP_SETS, FactorLibrary

GWP_SET_UNITS: dict[str, str] = {s: f"kg CO2e({s})/kg" for s in GWP_SETS}

#: Contract refrigerant item → species key in the library.
REFRIGERANT_SPECIES: dict[str, str] = {
    "r22": "HCFC-22",
    "r32": "HFC-32",
    "r134a": "HFC-134a",
    "r404a": "R-404A",
    "r407c": "R-407C",
    "r410a": "R-410A",
    "r507a": "R-507A",
    "sf6": "SF6",
}
#: Controlled under the Montreal Protocol, not the Kyoto basket: reported as scope "memo".
MONTREAL_GASES: frozenset[str] = frozenset({"HCFC-22"})
#: Species key for combustion and waste CH4 (non-fossil GWP, factors.md §2.5).
CH4_COMBUSTION = "CH4_non_fossil"
CH4_FUGITIVE_FOSSIL = "CH4_fossil"
#: Blend mass fractions must add up to 1 within this tolerance.
BLEND_FRACTION_TOLERANCE = 1e-6


def gwp_table(library: FactorLibrary, gwp_set: str) -> pl.DataFrame:
    """GWP-100 per species for one set: ``species, gas, gwp, factor_ids, montreal``.

    Single gases come straight from the ``gwp`` rows; blends are computed from
    ``blend_fraction`` rows × component GWPs, and their ``factor_ids`` name every composition
    and component row used.
    """
    if gwp_set not in GWP_SET_UNITS:
        raise ValueError(f"unknown GWP set {gwp_set!r}; one of {tuple(GWP_SET_UNITS)}")
    frame = library.frame
    singles = frame.filter(
        (pl.col("kind") == "gwp") & (pl.col("unit") == GWP_SET_UNITS[gwp_set])
    ).select(
        species=pl.col("fuel_or_item"),
        gas=pl.col("gas"),
        gwp=pl.col("value"),
        factor_ids=pl.col("factor_id"),
    )
    fractions = frame.filter(pl.col("kind") == "blend_fraction").select(
        species=pl.col("fuel_or_item"), component=pl.col("gas"),
        frac=pl.col("value"), frac_id=pl.col("factor_id"),
    )
    blends = (
        fractions.join(
            singles.select(component="species", comp_gwp="gwp", comp_id="factor_ids"),
            on="component", how="inner",
        )
        .group_by("species", maintain_order=True)
        .agg(
            gwp=(pl.col("frac") * pl.col("comp_gwp")).sum(),
            frac_sum=pl.col("frac").sum(),
            factor_ids=pl.concat([pl.col("frac_id"), pl.col("comp_id")]).sort().str.join("; "),
        )
    )
    bad = blends.filter((pl.col("frac_sum") - 1.0).abs() > BLEND_FRACTION_TOLERANCE)
    if bad.height:
        raise ValueError(f"blend fractions do not add up to 1: {bad['species'].to_list()}")
    blends = blends.select("species", gas=pl.col("species"), gwp="gwp", factor_ids="factor_ids")
    return pl.concat([singles, blends], how="vertical").with_columns(
        montreal=pl.col("gas").is_in(sorted(MONTREAL_GASES))
    )


def gwp_value(library: FactorLibrary, gwp_set: str, species: str) -> float:
    """One species' GWP-100 in ``gwp_set`` (convenience for reports and tests)."""
    row = gwp_table(library, gwp_set).filter(pl.col("species") == species)
    if row.height != 1:
        raise KeyError(f"no {gwp_set} GWP for {species!r}")
    return float(row["gwp"][0])


def blend_check(library: FactorLibrary) -> pl.DataFrame:
    """Computed AR5 blend GWPs next to the published AR5 values (EPA Hub 2025 Table 12).

    Columns ``species, computed, published, abs_diff``; the published values are rounded to
    whole numbers, so agreement "within rounding" means ``abs_diff <= 0.5``.
    """
    published = library.frame.filter(pl.col("kind") == "gwp_blend_published").select(
        species=pl.col("fuel_or_item"), published=pl.col("value")
    )
    computed = gwp_table(library, "AR5").select("species", computed=pl.col("gwp"))
    return published.join(computed, on="species", how="left").with_columns(
        abs_diff=(pl.col("computed") - pl.col("published")).abs()
    )

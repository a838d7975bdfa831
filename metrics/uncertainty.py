"""Combined uncertainty of an inventory by IPCC 2006 Approach 1 (error propagation).

IPCC 2006 Vol1 Ch3 (Approach 1): for a product (emission = activity × factor) the relative
uncertainties add in quadrature, ``U = sqrt(U_AD² + U_EF²)``; for a sum of emissions the
absolute uncertainties add in quadrature, ``U_total = sqrt(Σ (U_i · x_i)²) / |Σ x_i|``. Both
assume independent, roughly normal errors; percentages are half-widths of the 95 % interval.

Why the factor part is summed *before* squaring: rows that use the same factor (every diesel
row of a province uses the same IPCC default) share that factor's error, so in an aggregate
(park, province) their factor errors are fully correlated and must not shrink by averaging.
Activity-data errors are independent between rows. So, for any group:

    U_abs² = Σ_rows (U_AD · x)² + Σ_factor-sets (U_EF · Σ x)²

which reduces to the textbook Eq. for a single enterprise row by row. Defaults per source type
come from ``metrics/factors/uncertainty_defaults.csv``; most are UNVERIFIED placeholders and a
result that uses one is flagged ``uncertainty_provisional``.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from metrics.boundary import DEFAULT_BOUNDARY, apply_boundary, headline_scopes

UNCERTAINTY_CSV = Path(__file__).resolve().parent / "factors" / "uncertainty_defaults.csv"

UNCERTAINTY_SCHEMA_TAIL: dict[str, pl.DataType] = {
    "tco2e": pl.Float64(),
    "uncertainty_pct": pl.Float64(),
    "uncertainty_tco2e": pl.Float64(),
    "uncertainty_provisional": pl.Boolean(),
}


def uncertainty_defaults() -> pl.DataFrame:
    """The shipped default uncertainties (percent, 95 % half-width) by source category × gas."""
    return pl.read_csv(UNCERTAINTY_CSV, schema_overrides={
        "ad_uncertainty_pct": pl.Float64, "ef_uncertainty_pct": pl.Float64})


def _with_defaults(rows: pl.DataFrame, defaults: pl.DataFrame) -> pl.DataFrame:
    d = defaults.select("source_category", "gas", "ad_uncertainty_pct", "ef_uncertainty_pct",
                        _unverified=pl.col("verification") == "UNVERIFIED")
    exact = rows.join(d.filter(pl.col("gas") != "*"), on=["source_category", "gas"], how="left")
    anygas = d.filter(pl.col("gas") == "*").drop("gas").rename(
        {"ad_uncertainty_pct": "_ad_any", "ef_uncertainty_pct": "_ef_any",
         "_unverified": "_unv_any"})
    out = exact.join(anygas, on="source_category", how="left").with_columns(
        ad_pct=pl.coalesce("ad_uncertainty_pct", "_ad_any"),
        ef_pct=pl.coalesce("ef_uncertainty_pct", "_ef_any"),
        _unv=pl.coalesce("_unverified", "_unv_any"),
    )
    missing = out.filter(pl.col("ad_pct").is_null() | pl.col("ef_pct").is_null())
    if missing.height:
        raise ValueError("no default uncertainty for "
                         f"{missing.select('source_category', 'gas').unique().rows()}")
    return out


def combined_uncertainty(
    emissions: pl.DataFrame,
    by: tuple[str, ...] = ("enterprise_id", "year"),
    *,
    boundary: str = DEFAULT_BOUNDARY,
    scopes: tuple[str, ...] | None = None,
    defaults: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Combined uncertainty per group ``by`` (enterprise-year by default; ``("park_id",
    "year")`` or ``("year",)`` for park and province totals).

    Covers the headline scopes under ``boundary`` unless ``scopes`` is given. Returns ``by`` +
    ``tco2e``, ``uncertainty_pct`` (95 % half-width, % of the total), ``uncertainty_tco2e``
    (± tCO2e) and ``uncertainty_provisional`` (an UNVERIFIED default was used).
    """
    scopes = headline_scopes(boundary) if scopes is None else scopes
    rows = apply_boundary(emissions, boundary).filter(pl.col("scope").is_in(list(scopes)))
    rows = _with_defaults(rows, uncertainty_defaults() if defaults is None else defaults)
    keys = list(by)
    ad = rows.group_by(keys).agg(
        tco2e=pl.col("tco2e").sum(),
        _ad2=((pl.col("ad_pct") / 100.0 * pl.col("tco2e")) ** 2).sum(),
        uncertainty_provisional=pl.col("_unv").any(),
    )
    ef = (
        # one factor set = source × gas × factor ids (keys may already hold some of them)
        rows.group_by([*keys, *(c for c in ("source_category", "gas", "factor_ids", "ef_pct")
                                if c not in keys)])
        .agg(x=pl.col("tco2e").sum())
        .group_by(keys)
        .agg(_ef2=((pl.col("ef_pct") / 100.0 * pl.col("x")) ** 2).sum())
    )
    out = ad.join(ef, on=keys, how="left").with_columns(
        uncertainty_tco2e=(pl.col("_ad2") + pl.col("_ef2").fill_null(0.0)).sqrt(),
    ).with_columns(
        uncertainty_pct=pl.when(pl.col("tco2e").abs() > 0)
        .then(100.0 * pl.col("uncertainty_tco2e") / pl.col("tco2e").abs()),
    )
    return out.select(*keys, *UNCERTAINTY_SCHEMA_TAIL).cast(UNCERTAINTY_SCHEMA_TAIL).sort(keys)

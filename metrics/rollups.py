"""Aggregations over an emissions frame: annual totals, legal thresholds, roll-ups, intensities.

Why a module of its own: these are read-side views of the rows ``metrics.inventory`` computes
(pure functions of that frame and the activity), used by exports and pages; keeping them apart
keeps the calculation engine small and lets each view be tested on hand-made frames.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from metrics.boundary import (
    DEFAULT_BOUNDARY,
    apply_boundary,
    check_boundary,
    headline_scopes,
)
from metrics.inventory import prepare_activity

#: Decree 06/2022/NĐ-CP list criteria (regulation.md §1.2): a facility goes on the Prime
#: Minister's list with annual emissions ≥ 3,000 tCO2e, or (industrial production facilities)
#: annual energy consumption ≥ 1,000 TOE. "over_" flags therefore mean "at or above".
THRESHOLD_TCO2E = 3000.0
THRESHOLD_TOE = 1000.0
#: Scopes counted in the facility total for the Decree 06 threshold: the Circular 38 headline
#: (``metrics.boundary.HEADLINE_SCOPES``; Scope 3 is reported separately).
THRESHOLD_SCOPES: tuple[str, ...] = headline_scopes("circular38")


def _scope_columns(emissions: pl.DataFrame) -> pl.DataFrame:
    scope = pl.col("scope")
    return (
        emissions.group_by("enterprise_id", "park_id", "sector_id", "year", maintain_order=True)
        .agg(
            scope1_tco2e=pl.col("tco2e").filter(scope == "1").sum(),
            scope2_tco2e=pl.col("tco2e").filter(scope == "2").sum(),
            scope3_tco2e=pl.col("tco2e").filter(scope == "3").sum(),
            outside_tco2e=pl.col("tco2e").filter(scope == "outside").sum(),
            memo_tco2e=pl.col("tco2e").filter(scope == "memo").sum(),
            months=pl.col("period").n_unique().cast(pl.Int32),
            provisional=pl.col("provisional").any(),
            gwp_set=pl.col("gwp_set").first(),
            scope2_basis=pl.col("scope2_basis").first(),
        )
    )


def headline_totals(emissions: pl.DataFrame, boundary: str = DEFAULT_BOUNDARY) -> pl.DataFrame:
    """Per enterprise × year under ``boundary``: tCO2e by scope, wide, and the headline.

    ``headline_tco2e`` is Scope 1 + Scope 2 (``metrics.boundary.headline_scopes``). Scope 3
    (waste sent off site) is ``scope3_tco2e``, reported next to the headline and never in it;
    biogenic ``outside`` and Montreal ``memo`` rows have their own columns and are never summed.
    Under ``circular38`` (default) R-22 recharge is in ``scope1_tco2e``; under ``ghg_protocol``
    it is in ``memo_tco2e``. This is the function reports, Form 06 and pages should use.
    """
    headline = headline_scopes(boundary)
    return (
        _scope_columns(apply_boundary(emissions, boundary))
        .with_columns(
            headline_tco2e=pl.sum_horizontal(f"scope{s}_tco2e" for s in headline),
            boundary=pl.lit(boundary),
        )
        .sort("enterprise_id", "year")
    )


def annual_totals(emissions: pl.DataFrame) -> pl.DataFrame:
    """Legacy per-enterprise × year view (GHG Protocol labels): kept unchanged for the exports
    that still read it, **not a headline**.

    ``total_tco2e`` = scopes 1 + 2 + 3 with R-22 as ``memo``: it mixes Scope 3 into the total and
    leaves R-22 out, which is neither the Circular 38 figure nor a headline. New code uses
    :func:`headline_totals` (``headline_tco2e`` = Scope 1 + 2 under a named boundary);
    ``scope1_2_tco2e`` here equals ``headline_totals(em, "ghg_protocol")["headline_tco2e"]``.
    """
    return (
        _scope_columns(emissions)
        .with_columns(
            scope1_2_tco2e=pl.col("scope1_tco2e") + pl.col("scope2_tco2e"),
            total_tco2e=pl.col("scope1_tco2e") + pl.col("scope2_tco2e") + pl.col("scope3_tco2e"),
        )
        .sort("enterprise_id", "year")
    )


def threshold_flags(emissions: pl.DataFrame, energy: pl.DataFrame) -> pl.DataFrame:
    """Per enterprise × year: ``total_tco2e`` on the screening basis, ``energy_toe`` (MOIT
    coefficients) and the Decree 06/2022 list flags ``over_3000_tco2e`` (≥ 3,000) and
    ``over_1000_toe`` (≥ 1,000).

    The screening basis is fixed, whatever the user chose for display: Circular 38 boundary
    (R-22 in Scope 1), Scope 1 + 2, Scope 2 **location-based** with the published grid factor.
    A market-based emissions frame is refused (``ValueError``) because certificates must never
    move an enterprise below 3,000 tCO2e; :func:`metrics.screening.screening` computes the
    screening basis itself from the activity and is the function pages and exports should call.
    """
    if emissions.height and (emissions["scope2_basis"] != "location").any():
        raise ValueError(
            "threshold screening uses location-based Scope 2 (RECs never lower it); got a "
            "market-based emissions frame: call metrics.screening.screening() on the activity"
        )
    org = ["enterprise_id", "park_id", "sector_id", "year"]
    em = apply_boundary(emissions, "circular38").group_by(org).agg(
        total_tco2e=pl.col("tco2e").filter(pl.col("scope").is_in(THRESHOLD_SCOPES)).sum(),
        provisional=pl.col("provisional").any(),
        scope2_basis=pl.col("scope2_basis").first(),
        gwp_set=pl.col("gwp_set").first(),
    )
    toe_col = "energy_toe_moit" if "energy_toe_moit" in energy.columns else "energy_toe"
    en = energy.group_by(org).agg(energy_toe=pl.col(toe_col).sum())
    out = em.join(en, on=org, how="full", coalesce=True, nulls_equal=True)
    return (
        out.with_columns(
            pl.col("total_tco2e", "energy_toe").fill_null(0.0),
            pl.col("provisional").fill_null(False),
        )
        .with_columns(
            over_3000_tco2e=pl.col("total_tco2e") >= THRESHOLD_TCO2E,
            over_1000_toe=pl.col("energy_toe") >= THRESHOLD_TOE,
            energy_toe_moit=pl.col("energy_toe"),
        )
        .select(*org, "total_tco2e", "energy_toe", "energy_toe_moit", "over_3000_tco2e",
                "over_1000_toe", "provisional", "gwp_set", "scope2_basis")
        .sort("enterprise_id", "year")
    )


_FREQ_EVERY = {"month": "1mo", "quarter": "1q", "year": "1y"}


def rollup(
    emissions: pl.DataFrame,
    by: tuple[str, ...] = (),
    freq: Literal["month", "quarter", "year"] = "year",
    boundary: str = DEFAULT_BOUNDARY,
) -> pl.DataFrame:
    """tCO2e summed by ``by`` × period bucket × scope (under ``boundary``) × source_category.

    ``period`` is the first day of the bucket. Scope and source category stay as columns so that
    every total (a park-year, scope 1 + 2) is a filter + sum of this frame and parts always add
    up to the whole; the headline is ``scope in metrics.boundary.headline_scopes(boundary)``.
    """
    if freq not in _FREQ_EVERY:
        raise ValueError(f"freq must be one of {tuple(_FREQ_EVERY)}")
    check_boundary(boundary)
    keys = [*by, "period", "scope", "source_category"]
    return (
        apply_boundary(emissions, boundary)
        .with_columns(pl.col("period").dt.truncate(_FREQ_EVERY[freq]))
        .group_by(keys, maintain_order=True)
        .agg(
            pl.col("tco2e").sum(),
            pl.col("provisional").any(),
            n_enterprises=pl.col("enterprise_id").n_unique().cast(pl.Int32),
        )
        .with_columns(year=pl.col("period").dt.year().cast(pl.Int32))
        .select(*by, "period", "year", "scope", "source_category", "tco2e", "provisional",
                "n_enterprises")
        .sort(keys)
    )


INTENSITY_SCHEMA: dict[str, pl.DataType] = {
    "level": pl.String(),
    "entity_id": pl.String(),
    "park_id": pl.String(),
    "year": pl.Int32(),
    "metric": pl.String(),
    "tco2e": pl.Float64(),
    "denominator": pl.Float64(),
    "denominator_unit": pl.String(),
    "value": pl.Float64(),
}


def intensity(
    emissions: pl.DataFrame,
    activity: pl.DataFrame,
    registry_parks: pl.DataFrame | None = None,
    *,
    scopes: tuple[str, ...] | None = None,
    boundary: str = DEFAULT_BOUNDARY,
) -> pl.DataFrame:
    """Emission intensities per year, long format (``INTENSITY_SCHEMA``).

    * ``tco2e_per_output`` (enterprise): tCO2e / production output in the enterprise's own
      canonical unit; numerator and denominator both over the months that reported output in
      that unit, so a missing output month does not inflate the ratio.
    * ``tco2e_per_billion_vnd`` (enterprise): the same over months that reported revenue.
    * ``tco2e_per_ha`` (park): the park's year total / approved area (``registry_parks``:
      ``park_id``, ``area_ha``); skipped when no registry is given.

    The numerator is scopes ``scopes`` under ``boundary`` (default: the headline, Scope 1 + 2,
    on the emissions' Scope 2 basis).
    """
    scopes = headline_scopes(boundary) if scopes is None else scopes
    emissions = apply_boundary(emissions, boundary)
    monthly = (
        emissions.filter(pl.col("scope").is_in(list(scopes)))
        .group_by("enterprise_id", "period")
        .agg(pl.col("tco2e").sum())
    )
    act = prepare_activity(activity)
    frames = []
    for item, metric, scale, unit_expr in (
        ("output", "tco2e_per_output", 1.0, pl.col("unit_canonical")),
        ("revenue", "tco2e_per_billion_vnd", 1e-9, pl.lit("billion_VND")),
    ):
        den = (
            act.filter(pl.col("item") == item)
            .with_columns(denominator_unit=unit_expr)
            .group_by("enterprise_id", "park_id", "period", "year", "denominator_unit")
            .agg(denominator=pl.col("quantity_canonical").sum() * scale)
        )
        yearly = (
            den.join(monthly, on=["enterprise_id", "period"], how="left")
            .with_columns(pl.col("tco2e").fill_null(0.0))
            .group_by("enterprise_id", "park_id", "year", "denominator_unit")
            .agg(pl.col("tco2e").sum(), pl.col("denominator").sum())
        )
        frames.append(yearly.select(
            level=pl.lit("enterprise"), entity_id="enterprise_id", park_id="park_id",
            year="year", metric=pl.lit(metric), tco2e="tco2e", denominator="denominator",
            denominator_unit="denominator_unit",
        ))
    if registry_parks is not None:
        parks = (
            emissions.filter(pl.col("scope").is_in(list(scopes)))
            .group_by("park_id", "year")
            .agg(pl.col("tco2e").sum())
            .join(registry_parks.select("park_id", "area_ha"), on="park_id", how="inner")
        )
        frames.append(parks.select(
            level=pl.lit("park"), entity_id="park_id", park_id="park_id", year="year",
            metric=pl.lit("tco2e_per_ha"), tco2e="tco2e", denominator="area_ha",
            denominator_unit=pl.lit("ha"),
        ))
    out = pl.concat([f.cast({k: v for k, v in INTENSITY_SCHEMA.items() if k != "value"})
                     for f in frames], how="vertical")
    return (
        out.with_columns(
            value=pl.when(pl.col("denominator") > 0)
            .then(pl.col("tco2e") / pl.col("denominator"))
        )
        .select(list(INTENSITY_SCHEMA))
        .cast(INTENSITY_SCHEMA)
        .sort("level", "entity_id", "year", "metric")
    )

"""The figures of a programme report (annual summary, workshop pack), as pure functions.

Why one place: the annual summary's text, its tables, its charts and the workshop pack's
workbook all quote these frames, so a figure cannot differ between them. Totals are the
Circular 38 headline (Scope 1 + 2, ``metrics.rollups.headline_totals``); Scope 3 is beside it.
Completeness is enterprise-months with data over enterprise-months in the registry, so a
partial year is visible as such instead of looking like a fall in emissions.
"""

from __future__ import annotations

import polars as pl

from metrics.rollups import headline_totals

MONTHS = 12


def enterprise_year_totals(emissions: pl.DataFrame) -> pl.DataFrame:
    """Per enterprise × year: headline, Scope 3 and whether any row is provisional."""
    if emissions.height == 0:
        return pl.DataFrame(schema={"enterprise_id": pl.String, "year": pl.Int32,
                                    "headline_tco2e": pl.Float64, "scope3_tco2e": pl.Float64,
                                    "provisional_tco2e": pl.Float64, "months": pl.UInt32})
    totals = headline_totals(emissions).select("enterprise_id", "year", "headline_tco2e",
                                               "scope3_tco2e")
    extra = (emissions.group_by("enterprise_id", "year").agg(
        months=pl.col("period").n_unique().cast(pl.UInt32),
        provisional_tco2e=pl.when(pl.col("provisional") & pl.col("scope").is_in(["1", "2"]))
        .then(pl.col("tco2e")).otherwise(0.0).sum()))
    return totals.join(extra, on=["enterprise_id", "year"], how="left").with_columns(
        pl.col("year").cast(pl.Int32))


def by_group(totals: pl.DataFrame, registry: pl.DataFrame, year: int, group: str
             ) -> pl.DataFrame:
    """Per park or sector (``group`` = ``park_id``/``sector_id``) in ``year``: enterprises in
    the registry, enterprises reporting, headline and Scope 3 tCO2e, share of the total and
    completeness (enterprise-months with data / enterprises × 12)."""
    names = {"park_id": ("park_name_vi", "park_name_en"),
             "sector_id": ("sector_name_vi", "sector_name_en")}[group]
    reg = registry.select("enterprise_id", group, *names)
    year_rows = totals.filter(pl.col("year") == year)
    joined = reg.join(year_rows, on="enterprise_id", how="left")
    out = (joined.group_by(group, *names)
           .agg(enterprises=pl.len().cast(pl.UInt32),
                reporting=pl.col("headline_tco2e").is_not_null().sum().cast(pl.UInt32),
                headline_tco2e=pl.col("headline_tco2e").fill_null(0).sum(),
                scope3_tco2e=pl.col("scope3_tco2e").fill_null(0).sum(),
                months=pl.col("months").fill_null(0).sum())
           .with_columns(completeness_frac=pl.col("months") / (pl.col("enterprises") * MONTHS))
           .drop("months"))
    grand = out["headline_tco2e"].sum()
    return (out.with_columns(share_frac=pl.col("headline_tco2e") / grand if grand else None)
            .sort("headline_tco2e", descending=True))


def trend(totals: pl.DataFrame, years: list[int]) -> pl.DataFrame:
    """Per year: headline tCO2e, enterprises reporting, change vs the year before (0–1)."""
    per = (totals.group_by("year").agg(headline_tco2e=pl.col("headline_tco2e").sum(),
                                       reporting=pl.len().cast(pl.UInt32),
                                       months=pl.col("months").sum()))
    frame = (pl.DataFrame({"year": years}, schema={"year": pl.Int32})
             .join(per, on="year", how="left")
             .with_columns(pl.col("headline_tco2e").fill_null(0.0),
                           pl.col("reporting").fill_null(0), pl.col("months").fill_null(0))
             .sort("year"))
    prev = pl.col("headline_tco2e").shift(1)
    return frame.with_columns(
        change_frac=pl.when(prev > 0).then(pl.col("headline_tco2e") / prev - 1).otherwise(None))


def completeness_frac(totals: pl.DataFrame, registry: pl.DataFrame, year: int) -> float | None:
    """Enterprise-months with data in ``year`` over enterprises in the registry × 12."""
    if registry.height == 0:
        return None
    months = totals.filter(pl.col("year") == year)["months"].sum()
    return float(months) / (registry.height * MONTHS)


def provisional_frac(totals: pl.DataFrame, year: int) -> float | None:
    """Share of the year's headline that rests on provisional factors (0–1)."""
    rows = totals.filter(pl.col("year") == year)
    total = rows["headline_tco2e"].sum()
    return float(rows["provisional_tco2e"].sum()) / total if total else None

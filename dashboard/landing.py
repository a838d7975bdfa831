"""The overview's figures (the landing page), computed once per data version and shared.

Why a module of its own: the same figures are computed by the page for a reader and by the
server's start-up warm-up (``data.warm``) before anyone has connected, so a fresh server's
first view finds them — and their chart specs — ready (issue 9). Everything here takes the
scope, the filters and the language explicitly (no session state, no Streamlit elements), so
it runs in the warm-up thread as in a script run.

The headline, trend, rankings, park markers and "who reported" add up the monthly sums kept
patched per changed enterprise-year (``data.emission_sums``, ``data.activity_months``), not
the scope's emission and activity rows; only the uncertainty reads the rows (its activity
term is per row).
"""

from __future__ import annotations

import polars as pl

from dashboard import chart_specs, charts, data, maps, panels, views
from dashboard.filters import Filters
from parkghg.i18n import Lang
from service.access import Scope


def args(f: Filters) -> tuple:
    """The filters a figure depends on (its cache key besides the data version)."""
    return (f.year, f.gwp_set, f.scope2_basis, f.park_id, f.sector_id)


def emissions(scope: Scope, f: Filters) -> pl.DataFrame:
    """The page's emission rows (scope, park and sector filters), read when a figure is due."""
    return views.narrow(data.emissions(scope, f.gwp_set, f.scope2_basis),
                        park_id=f.park_id, sector_id=f.sector_id)


def sums(scope: Scope, f: Filters) -> pl.DataFrame:
    """The page's monthly sums per enterprise and scope (``views.monthly_sums``, the boundary
    applied)."""
    return views.narrow(data.emission_sums(scope, f.gwp_set, f.scope2_basis),
                        park_id=f.park_id, sector_id=f.sector_id)


def months(scope: Scope, f: Filters) -> pl.DataFrame:
    """The page's enterprise-months with activity (coverage and who reported)."""
    return views.narrow(data.activity_months(scope), park_id=f.park_id, sector_id=f.sector_id)


def enterprises(scope: Scope, f: Filters) -> pl.DataFrame:
    """The enterprises the page counts (park and sector filters)."""
    return views.narrow(data.enterprises(scope), park_id=f.park_id, sector_id=f.sector_id)


def no_data(scope: Scope, f: Filters) -> bool:
    """Whether the filtered scope has no emission rows in the year."""
    return data.derived(scope, "overview.empty", args(f),
                        lambda: views.in_year(sums(scope, f), f.year).is_empty())


def headline(scope: Scope, f: Filters) -> views.Headline:
    """The year's totals by scope and the like-for-like change."""
    return data.derived(scope, "overview.headline", args(f),
                        lambda: views.headline(sums(scope, f), f.year, bounded=True))


def reporting(scope: Scope, f: Filters) -> views.Reporting:
    """Who reported in the year and who is up to date."""
    return data.derived(scope, "overview.reporting", args(f), lambda: views.reporting(
        months(scope, f), enterprises(scope, f)["enterprise_id"].to_list(), f.year))


def uncertainty(scope: Scope, f: Filters) -> dict | None:
    """The headline's combined uncertainty (from the rows: its activity term is per row)."""
    return data.derived(scope, "overview.uncertainty", args(f),
                        lambda: panels.headline_uncertainty(emissions(scope, f), f.year))


def trend(scope: Scope, f: Filters) -> pl.DataFrame:
    """Monthly tCO2e by scope, the year and the one before."""
    return data.derived(scope, "overview.trend", args(f), lambda: views.trend_window(
        views.monthly_by(sums(scope, f), "scope", bounded=True), f.year))


def ranked_parks(scope: Scope, f: Filters, lang: Lang) -> pl.DataFrame:
    """The year's tCO2e per park, largest first, with park names in ``lang``."""
    return data.derived(scope, "overview.parks", (*args(f), lang), lambda: views.ranked(
        views.in_year(sums(scope, f), f.year), "park_id", data.park_names(scope, lang),
        bounded=True))


def ranked_sectors(scope: Scope, f: Filters, lang: Lang) -> pl.DataFrame:
    """The year's tCO2e per sector, largest first, with sector names in ``lang``."""
    return data.derived(scope, "overview.sectors", (*args(f), lang), lambda: views.ranked(
        views.in_year(sums(scope, f), f.year), "sector_id", data.sector_names(scope, lang),
        bounded=True))


def park_points(scope: Scope, f: Filters, lang: Lang) -> pl.DataFrame:
    """One row per park in scope: name, coordinates, the year's tCO2e and its enterprises
    (the sector filter applies; the park filter is the caller's)."""

    def compute() -> pl.DataFrame:
        em = views.in_year(views.narrow(data.emission_sums(scope, f.gwp_set, f.scope2_basis),
                                        sector_id=f.sector_id), f.year)
        counts = (views.narrow(data.enterprises(scope), sector_id=f.sector_id)
                  .group_by("park_id").agg(pl.len().alias("enterprises")))
        return (views.park_points(em, data.parks(scope), lang, bounded=True)
                .join(counts, on="park_id", how="left")
                .with_columns(pl.col("enterprises").fill_null(0)))

    return data.derived(scope, "park_markers",
                        (f.year, f.gwp_set, f.scope2_basis, f.sector_id, lang), compute)


def trend_spec(trend_rows: pl.DataFrame, lang: Lang) -> dict:
    """The trend chart's spec (remembered per rows and language)."""
    return chart_specs.spec("trend_by_scope", trend_rows,
                            lambda: charts.trend_by_scope(trend_rows, lang), lang)


def ranking_spec(name: str, rows: pl.DataFrame, title_key: str, lang: Lang) -> dict:
    """A ranking chart's spec (``name``: rank_parks or rank_sectors)."""
    return chart_specs.spec(name, rows, lambda: charts.ranking(rows, title_key, lang), lang)


def map_spec(points: pl.DataFrame, lang: Lang) -> dict:
    """The province map's spec (``park_map.show`` builds the same)."""
    return chart_specs.spec("province_map", points,
                            lambda: maps.province_map_spec(points, lang), lang)


def warm(scope: Scope, f: Filters, lang: Lang) -> None:
    """Compute every figure of the overview for ``f`` and build its chart specs, as the page
    would for a reader in ``lang`` (the start-up warm-up)."""
    if no_data(scope, f):
        return
    headline(scope, f)
    reporting(scope, f)
    uncertainty(scope, f)
    trend_spec(trend(scope, f), lang)
    points = park_points(scope, f, lang)
    map_spec(points.filter(pl.col("park_id") == f.park_id) if f.park_id else points, lang)
    ranking_spec("rank_parks", ranked_parks(scope, f, lang), "dash.chart.rank_parks", lang)
    ranking_spec("rank_sectors", ranked_sectors(scope, f, lang), "dash.chart.rank_sectors",
                 lang)

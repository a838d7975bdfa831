"""Pure reshaping of scoped frames into what one page element shows (no I/O, no Streamlit).

Why separate from ``charts.py``: a chart draws a frame; deciding *which* rows a headline
figure or a ranking counts (scopes 1–3 only, the selected year, the park filter) is a rule
worth testing on its own. The calculation of emissions itself stays in ``metrics/``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from metrics.boundary import apply_boundary
from metrics.result import TOTAL_SCOPES


def narrow(frame: pl.DataFrame, *, park_id: str | None = None, sector_id: str | None = None,
           enterprise_id: str | None = None) -> pl.DataFrame:
    """Rows of one park / sector / enterprise (``None`` keeps all)."""
    for column, value in (("park_id", park_id), ("sector_id", sector_id),
                          ("enterprise_id", enterprise_id)):
        if value is not None:
            frame = frame.filter(pl.col(column) == value)
    return frame


def in_year(frame: pl.DataFrame, year: int) -> pl.DataFrame:
    """Rows whose ``period`` falls in ``year``."""
    return frame.filter(pl.col("period").dt.year() == year)


def years(frame: pl.DataFrame) -> list[int]:
    """Years present in ``period``, newest first."""
    if frame.is_empty():
        return []
    return sorted(frame.get_column("period").dt.year().unique().to_list(), reverse=True)


#: Columns the Circular 38 boundary reads (``metrics.boundary.boundary_scope``).
_BOUNDARY_COLUMNS = ("scope", "gas", "source_category")


def lean(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """``frame`` with only ``columns`` and those the boundary reads (the ones present).

    Why: a figure sums a few columns, but filtering a province's emission rows (hundreds of
    thousands, about twenty columns) copies every column kept; after each data change every
    figure is summed again over the whole scope (issue 9)."""
    keep = [c for c in dict.fromkeys((*_BOUNDARY_COLUMNS, *columns)) if c in frame.columns]
    return frame.select(keep)


def counted(emissions: pl.DataFrame, *, bounded: bool = False) -> pl.DataFrame:
    """Only rows that count towards the inventory total (scopes 1, 2 and 3).

    ``bounded``: ``scope`` is already on the Circular 38 boundary (:func:`monthly_sums`)."""
    rows = emissions if bounded else apply_boundary(emissions)
    return rows.filter(pl.col("scope").is_in(TOTAL_SCOPES))


#: The keys of :func:`monthly_sums`: every figure the overview draws groups by a subset.
SUM_KEYS = ("enterprise_id", "park_id", "sector_id", "year", "period", "scope")


def monthly_sums(emissions: pl.DataFrame) -> pl.DataFrame:
    """tCO2e per enterprise × month × scope on the Circular 38 boundary (``SUM_KEYS``).

    Why: the overview's headline, trend, rankings and park markers only add tCO2e up by these
    keys, so they are computed from these sums (a fifth of the emission rows, the boundary
    already applied) with ``bounded=True``; the dashboard keeps the sums patched per changed
    enterprise-year like the rows (``dashboard.data.emission_sums``, issue 9). Rows whose
    keys are missing in ``emissions`` (a frame without park or sector) are grouped without.
    """
    keys = [k for k in SUM_KEYS if k in emissions.columns]
    return (apply_boundary(lean(emissions, *keys, "tco2e"))
            .group_by(keys).agg(pl.col("tco2e").sum())
            .sort(keys))


@dataclass(frozen=True)
class Headline:
    """The figures at the top of an overview page.

    ``previous`` and ``comparable`` are the two years' totals over the enterprise-months
    *both* years have (like for like), so one early upload in a new year is compared with
    the same enterprise's same month last year, not with everybody's.
    """

    total: float
    scope1: float
    scope2: float
    scope3: float
    previous: float | None
    biogenic: float
    comparable: float | None = None

    @property
    def change_pct(self) -> float | None:
        """Like-for-like change against the previous year in percent (None without one)."""
        if not self.previous:
            return None
        base = self.total if self.comparable is None else self.comparable
        return (base - self.previous) / self.previous * 100


def _pairs_total(frame: pl.DataFrame, pairs: pl.DataFrame, bounded: bool = False) -> float:
    """tCO2e of ``frame`` (scopes 1-3) over the (enterprise_id, month) ``pairs``."""
    keyed = counted(frame, bounded=bounded).with_columns(
        pl.col("period").dt.month().alias("_month"))
    if "enterprise_id" in keyed.columns:
        keyed = keyed.join(pairs, on=["enterprise_id", "_month"], how="semi")
    else:
        keyed = keyed.filter(pl.col("_month").is_in(pairs["_month"].implode()))
    return float(keyed.get_column("tco2e").sum())


def headline(emissions: pl.DataFrame, year: int, *, bounded: bool = False) -> Headline:
    """Totals of ``year`` by scope, and the like-for-like comparison with the year before.

    The comparison covers only enterprise × month pairs present in both years: a year still
    in progress, or a year where some enterprises have not reported yet, is never compared
    against a full one. ``bounded``: ``emissions`` are :func:`monthly_sums`.
    """
    # Circular 38: R-22 in Scope 1; relabelled row by row, so only the two years compared
    emissions = lean(emissions, "enterprise_id", "period", "tco2e").filter(
        pl.col("period").dt.year().is_between(year - 1, year))
    if not bounded:
        emissions = apply_boundary(emissions)
    this = in_year(emissions, year)
    before = in_year(emissions, year - 1)
    keys = ["enterprise_id", "_month"] if "enterprise_id" in emissions.columns else ["_month"]

    def _keys(frame: pl.DataFrame) -> pl.DataFrame:
        return (counted(frame, bounded=bounded)
                .with_columns(pl.col("period").dt.month().alias("_month"))
                .select(keys).unique())

    both = _keys(this).join(_keys(before), on=keys, how="inner") if before.height else None
    by_scope = dict(
        this.group_by("scope").agg(pl.col("tco2e").sum()).iter_rows()
    )
    previous = comparable = None
    if both is not None and both.height:
        previous = _pairs_total(before, both, bounded)
        comparable = _pairs_total(this, both, bounded)
    return Headline(
        total=sum(by_scope.get(s, 0.0) for s in TOTAL_SCOPES),
        scope1=by_scope.get("1", 0.0),
        scope2=by_scope.get("2", 0.0),
        scope3=by_scope.get("3", 0.0),
        previous=previous,
        biogenic=by_scope.get("outside", 0.0),
        comparable=comparable,
    )


@dataclass(frozen=True)
class YearCoverage:
    """How much of a year is in: enterprise-months reported and the last month reported."""

    year: int
    enterprise_months: int
    last_month: dt.date
    partial: bool


# A year counts as "mostly complete" (a fit default) at this share of the fullest year's
# enterprise-months, and as complete (no "partial" label) at ``COMPLETE_SHARE`` and December.
MOSTLY_COMPLETE_SHARE = 0.75
COMPLETE_SHARE = 0.9


def year_coverage(activity: pl.DataFrame) -> dict[int, YearCoverage]:
    """Per year with data: enterprise-months reported, last month, and whether it is partial.

    Partial means the data stop before December or cover under ``COMPLETE_SHARE`` of the
    enterprise-months of the fullest year (so a year where one enterprise has sent January
    says so instead of looking like a 98 % drop).
    """
    if activity.is_empty():
        return {}
    per_year = (
        activity.select("enterprise_id", "period").unique()
        .group_by(pl.col("period").dt.year().alias("year"))
        .agg(pl.len().alias("n"), pl.col("period").max().alias("last"))
    )
    best = int(per_year["n"].max())
    return {
        int(r["year"]): YearCoverage(
            year=int(r["year"]), enterprise_months=int(r["n"]), last_month=r["last"],
            partial=r["last"].month < 12 or r["n"] < COMPLETE_SHARE * best,
        )
        for r in per_year.iter_rows(named=True)
    }


def default_year(coverage: dict[int, YearCoverage]) -> int | None:
    """The newest year that is complete or mostly complete (the overview opens on it).

    "Mostly complete": at least ``MOSTLY_COMPLETE_SHARE`` of the fullest year's
    enterprise-months. Without any such year, the newest year.
    """
    if not coverage:
        return None
    best = max(c.enterprise_months for c in coverage.values())
    fit = [y for y, c in coverage.items() if c.enterprise_months >= MOSTLY_COMPLETE_SHARE * best]
    return max(fit) if fit else max(coverage)


def monthly_by(emissions: pl.DataFrame, column: str, *, bounded: bool = False
               ) -> pl.DataFrame:
    """tCO2e per ``period`` and ``column`` (scope or source_category), scopes 1–3 only."""
    return (
        counted(lean(emissions, "period", column, "tco2e"), bounded=bounded)
        .group_by("period", column)
        .agg(pl.col("tco2e").sum())
        .sort("period", column)
    )


def trend_window(frame: pl.DataFrame, year: int) -> pl.DataFrame:
    """The selected year and the one before it, for a two-year monthly trend."""
    return frame.filter(pl.col("period").dt.year().is_between(year - 1, year))


def ranked(emissions: pl.DataFrame, column: str, labels: dict[str, str], *,
           bounded: bool = False) -> pl.DataFrame:
    """tCO2e per ``column`` (park_id, sector_id, enterprise_id) with a display ``label``."""
    return (
        counted(lean(emissions, column, "tco2e"), bounded=bounded)
        .group_by(column)
        .agg(pl.col("tco2e").sum())
        .with_columns(pl.col(column).replace_strict(labels, default=pl.col(column))
                      .alias("label"))
        .sort("tco2e", descending=True)
    )


def park_points(emissions: pl.DataFrame, parks: pl.DataFrame, lang: str, *,
                bounded: bool = False) -> pl.DataFrame:
    """Parks with coordinates and the year's tCO2e (0 for parks without data)."""
    totals = counted(lean(emissions, "park_id", "tco2e"), bounded=bounded).group_by("park_id").agg(
        pl.col("tco2e").sum())
    return (
        parks.select("park_id", pl.col(f"name_{lang}").alias("label"), "latitude", "longitude")
        .join(totals, on="park_id", how="left")
        .with_columns(pl.col("tco2e").fill_null(0.0))
    )


@dataclass(frozen=True)
class Reporting:
    """Who sent data for a year: everyone expected, who reported, who is up to date."""

    expected: int
    reporting: int
    up_to_date: int
    latest: dt.date | None


def reporting(activity: pl.DataFrame, enterprise_ids: list[str], year: int) -> Reporting:
    """Enterprises with any data in ``year`` and those whose data reaches the latest month
    anyone in the same view has reported (so "up to date" never depends on today's date)."""
    this = in_year(activity, year).filter(pl.col("enterprise_id").is_in(enterprise_ids))
    if this.is_empty():
        return Reporting(len(enterprise_ids), 0, 0, None)
    last = this.group_by("enterprise_id").agg(pl.col("period").max())
    latest = last.get_column("period").max()
    return Reporting(
        expected=len(enterprise_ids),
        reporting=last.height,
        up_to_date=last.filter(pl.col("period") == latest).height,
        latest=latest,
    )


def completeness(activity: pl.DataFrame, enterprises: pl.DataFrame, year: int,
                 *, limit: int = 40) -> pl.DataFrame:
    """Data rows per enterprise and month of ``year`` (0 where a month is missing).

    Every month of the year up to the latest reported one is listed, so gaps show. At most
    ``limit`` enterprises are drawn — the ones with the most missing months first.
    """
    this = in_year(activity, year)
    if this.is_empty() or enterprises.is_empty():
        return pl.DataFrame(schema={"label": pl.String, "period": pl.Date, "rows": pl.UInt32})
    last = this.get_column("period").max()
    grid_months = pl.date_range(dt.date(year, 1, 1), last, "1mo", eager=True).alias("period")
    grid = enterprises.select("enterprise_id", pl.col("name").alias("label")).join(
        grid_months.to_frame(), how="cross"
    )
    counts = this.group_by("enterprise_id", "period").agg(pl.len().alias("rows"))
    full = grid.join(counts, on=["enterprise_id", "period"], how="left").with_columns(
        pl.col("rows").fill_null(0).cast(pl.UInt32)
    )
    worst = (
        full.group_by("enterprise_id")
        .agg((pl.col("rows") == 0).sum().alias("missing"))
        .sort(["missing", "enterprise_id"], descending=[True, False])
        .head(limit)
        .get_column("enterprise_id")
    )
    return full.filter(pl.col("enterprise_id").is_in(worst.implode())).drop("enterprise_id")


def inventory_table(emissions: pl.DataFrame, year: int) -> pl.DataFrame:
    """The year's inventory aggregated to scope × source × gas (never row-level data)."""
    return (
        in_year(emissions, year)
        .group_by("scope", "source_category", "gas")
        .agg(pl.col("gas_t").sum(), pl.col("tco2e").sum())
        .sort("scope", pl.col("tco2e"), descending=[False, True])
    )


def energy_mix(energy: pl.DataFrame, year: int, labels: dict[str, str]) -> pl.DataFrame:
    """Energy use of ``year`` per carrier (item) in GJ and TOE, largest first."""
    if energy.is_empty():
        return pl.DataFrame(schema={"label": pl.String, "energy_gj": pl.Float64,
                                    "energy_toe": pl.Float64})
    return (
        in_year(energy, year)
        .group_by("item")
        .agg(pl.col("energy_gj").sum(), pl.col("energy_toe").sum())
        .filter(pl.col("energy_gj") > 0)
        .with_columns(pl.col("item").replace_strict(labels, default=pl.col("item"))
                      .alias("label"))
        .sort("energy_toe", descending=True)
    )


def page_of(frame: pl.DataFrame, page: int, size: int) -> pl.DataFrame:
    """Rows of one page (1-based) of ``frame``."""
    return frame.slice((max(page, 1) - 1) * size, size)


def lockable(enterprises: pl.DataFrame, locked: pl.DataFrame, months: list[dt.date]) -> int:
    """Enterprise-months a "lock closed months" would add: every enterprise × closed month
    not locked already (what the reviewer is asked to confirm)."""
    if not months or enterprises.is_empty():
        return 0
    already = locked.filter(
        pl.col("enterprise_id").is_in(enterprises["enterprise_id"].implode())
        & pl.col("period").is_in(pl.Series(months, dtype=pl.Date).implode())
    ).height if locked.height else 0
    return enterprises.height * len(months) - already

"""Progress toward reduction targets: straight-line pathway, trend projection, gap, status.

Why the rule is data printed beside the status: "at risk" means nothing unless the reader can
see what was compared with what. Every number here is in the target's metric unit: tCO2e for an
absolute target on a stated boundary, tCO2e per billion VND for a revenue intensity target.

* **Pathway** (straight line from base to target year):
  ``P(y) = B · (1 − r · (y − y0) / (yT − y0))``, B = base-year value, r = reduction fraction.
* **Projection**: ordinary least-squares line through the last ``TREND_YEARS`` actual years,
  evaluated at the target year. Band: ± ``BAND_Z`` × the standard error of a new prediction,
  ``s · √(1 + 1/n + (x − x̄)² / Σ(xi − x̄)²)``; with fewer than 3 years (no residual spread)
  the band is ± ``FALLBACK_BAND_FRAC`` of the latest actual (a stated assumption, not a
  statistic).
* **Gap** = latest actual − pathway at that year (positive: above the pathway).
* **Status** (:data:`STATUS_RULES`): once the target year has data, ``met`` / ``missed`` by the
  actual; before it, ``on_track`` when the projection is at or below the target value,
  ``at_risk`` when only the low end of the band is, ``off_track`` when even the low end is
  above; ``insufficient_data`` without a base-year value or with fewer than 2 actual years.
"""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
from pydantic import BaseModel, ConfigDict

TREND_YEARS = 5
BAND_Z = 1.645  # 90 % two-sided normal interval (assumption: residuals roughly normal)
FALLBACK_BAND_FRAC = 0.10

STATUSES: tuple[str, ...] = ("met", "missed", "on_track", "at_risk", "off_track",
                             "insufficient_data")
#: The rule behind each status, as printed beside it (catalogue keys ``circular.rule.*``).
STATUS_RULES: dict[str, str] = {
    "met": "target year reached: actual ≤ target value",
    "missed": "target year reached: actual > target value",
    "on_track": "projection at target year ≤ target value",
    "at_risk": "projection > target value ≥ low end of the projection band",
    "off_track": "low end of the projection band > target value",
    "insufficient_data": "no base-year value, or fewer than 2 years of actuals",
}


class Progress(BaseModel):
    """One target's progress, in the target's metric unit."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_value: float | None
    target_value: float | None
    latest_year: int | None
    latest_value: float | None
    pathway_at_latest: float | None
    gap: float | None
    projected: float | None
    projected_low: float | None
    projected_high: float | None
    status: str
    rule: str


def pathway_value(base_value: float, base_year: int, target_year: int, reduction_frac: float,
                  year: int) -> float:
    """P(y) on the straight line from (base_year, B) to (target_year, B·(1 − r))."""
    if target_year == base_year:
        return base_value * (1 - reduction_frac)
    share = (year - base_year) / (target_year - base_year)
    return base_value * (1 - reduction_frac * share)


def projection(actuals: pl.DataFrame, year: int) -> tuple[float, float, float] | None:
    """(central, low, high) at ``year`` from the last ``TREND_YEARS`` of ``actuals``
    (columns ``year``, ``value``); None with fewer than 2 years."""
    pts = actuals.drop_nulls("value").sort("year").tail(TREND_YEARS)
    n = pts.height
    if n < 2:
        return None
    xs = [float(x) for x in pts["year"]]
    ys = [float(y) for y in pts["value"]]
    xm, ym = sum(xs) / n, sum(ys) / n
    sxx = sum((x - xm) ** 2 for x in xs)
    slope = sum((x - xm) * (y - ym) for x, y in zip(xs, ys, strict=True)) / sxx
    central = ym + slope * (year - xm)
    if n < 3:
        half = FALLBACK_BAND_FRAC * abs(ys[-1])
    else:
        resid = [y - (ym + slope * (x - xm)) for x, y in zip(xs, ys, strict=True)]
        s = math.sqrt(sum(r * r for r in resid) / (n - 2))
        half = BAND_Z * s * math.sqrt(1 + 1 / n + (year - xm) ** 2 / sxx)
    return central, central - half, central + half


def progress(actuals: pl.DataFrame, *, base_year: int, target_year: int,
             reduction_frac: float, base_value: float | None = None) -> Progress:
    """Progress of one target from its yearly ``actuals`` (``year``, ``value``).

    ``base_value`` overrides the base-year actual (a target may fix its baseline).
    """
    series = actuals.drop_nulls("value").sort("year")
    if base_value is None:
        row = series.filter(pl.col("year") == base_year)
        base_value = float(row["value"][0]) if row.height else None
    target_value = None if base_value is None else base_value * (1 - reduction_frac)
    latest_year = int(series["year"][-1]) if series.height else None
    latest = float(series["value"][-1]) if series.height else None
    empty = dict(base_value=base_value, target_value=target_value, latest_year=latest_year,
                 latest_value=latest, pathway_at_latest=None, gap=None, projected=None,
                 projected_low=None, projected_high=None)
    if base_value is None or latest_year is None or target_value is None:
        return Progress(**empty, status="insufficient_data",
                        rule=STATUS_RULES["insufficient_data"])
    path = pathway_value(base_value, base_year, target_year, reduction_frac, latest_year)
    empty |= {"pathway_at_latest": path, "gap": latest - path}
    at_target = series.filter(pl.col("year") == target_year)
    if at_target.height:
        status = "met" if float(at_target["value"][0]) <= target_value + 1e-9 else "missed"
        return Progress(**empty, status=status, rule=STATUS_RULES[status])
    proj = projection(series.filter(pl.col("year") >= base_year), target_year)
    if proj is None:
        return Progress(**empty, status="insufficient_data",
                        rule=STATUS_RULES["insufficient_data"])
    central, low, high = proj
    if central <= target_value:
        status = "on_track"
    elif low <= target_value:
        status = "at_risk"
    else:
        status = "off_track"
    empty |= {"projected": central, "projected_low": low, "projected_high": high}
    return Progress(**empty, status=status, rule=STATUS_RULES[status])


def trajectory(actuals: pl.DataFrame, *, base_year: int, target_year: int,
               reduction_frac: float, base_value: float | None = None) -> pl.DataFrame:
    """Rows for the trajectory chart: ``year``, ``series`` (actual | pathway | projection),
    ``value``, ``low``, ``high`` (band on projection rows)."""
    p = progress(actuals, base_year=base_year, target_year=target_year,
                 reduction_frac=reduction_frac, base_value=base_value)
    rows: list[tuple[int, str, float, float | None, float | None]] = [
        (int(y), "actual", float(v), None, None)
        for y, v in actuals.drop_nulls("value").sort("year").iter_rows()
    ]
    if p.base_value is not None:
        for y in range(base_year, target_year + 1):
            rows.append((y, "pathway", pathway_value(p.base_value, base_year, target_year,
                                                     reduction_frac, y), None, None))
    if p.projected is not None and p.latest_year is not None and p.latest_value is not None:
        rows.append((p.latest_year, "projection", p.latest_value, p.latest_value,
                     p.latest_value))
        rows.append((target_year, "projection", p.projected, p.projected_low, p.projected_high))
    return pl.DataFrame(rows, schema={"year": pl.Int32, "series": pl.String,
                                      "value": pl.Float64, "low": pl.Float64,
                                      "high": pl.Float64}, orient="row")




#: Dong Nai's own targets (Decision 385/QĐ-UBND): the targets are verified, the baseline is not.
SHIPPED_TARGETS_FILE = Path(__file__).parent / "criteria" / "targets_decision_385.csv"


def shipped_targets(base_year: int) -> pl.DataFrame:
    """The Decision 385/QĐ-UBND province targets with ``base_year`` (configurable because the
    decision's baseline is UNVERIFIED), in the ``targets`` columns a service stores."""
    frame = pl.read_csv(SHIPPED_TARGETS_FILE, infer_schema=False)
    return frame.select(
        "target_id", "level", pl.col("subject_id"), "metric", "boundary",
        base_year=pl.lit(base_year, pl.Int32), target_year=pl.col("target_year").cast(pl.Int32),
        reduction_frac=pl.col("reduction_pct").cast(pl.Float64) / 100.0,
        base_value=pl.lit(None, pl.Float64), source=pl.col("source"),
        verification=pl.col("verification"), note=pl.col("note"), active=pl.lit(True),
    )


__all__ = ["BAND_Z", "FALLBACK_BAND_FRAC", "SHIPPED_TARGETS_FILE", "STATUSES", "STATUS_RULES",
           "TREND_YEARS", "Progress", "pathway_value", "progress", "projection",
           "shipped_targets", "trajectory"]

"""Eco-industrial-park scorecard: which criteria a park meets, misses (by how much) or cannot
be judged on, from versioned criteria data.

Why data (``metrics/criteria/eco_park_v1.csv``): the criteria come from law (Decree 35/2022
Art. 37, Circular 05/2025/TT-BKHDT) and from the International Framework for Eco-Industrial
Parks v2.0, and several numeric thresholds could not be verified
(``../shared/reference/regulation.md`` §4). The file says, per criterion, its legal source,
whether the threshold is VERIFIED or UNVERIFIED, the predecessor Decree 82/2018 value as a
labelled fallback, and whether the province may set it. A criterion version is never edited in
place: a new version is a new file.

Threshold used, in order: a value the province set (admin, audited, stored in the warehouse),
else a VERIFIED threshold from the file, else the Decree 82/2018 fallback (basis
``fallback_decree_82_2018``, shown as such), else none (status ``unknown``).

Status: ``met`` when ``value comparator threshold`` holds, ``missed`` otherwise with
``shortfall`` = how far the value is from the threshold (in the criterion's unit, positive),
``unknown`` when the value or the threshold is missing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl

CRITERIA_DIR = Path(__file__).parent / "criteria"
CURRENT_VERSION = "eco_park_v1"
STATUSES: tuple[str, ...] = ("met", "missed", "unknown")
THRESHOLD_BASES: tuple[str, ...] = ("province_set", "verified", "fallback_decree_82_2018",
                                    "none")

CRITERIA_SCHEMA: dict[str, pl.DataType] = {
    "criterion_id": pl.String(), "criteria_version": pl.String(), "framework": pl.String(),
    "indicator": pl.String(), "source": pl.String(), "comparator": pl.String(),
    "threshold": pl.Float64(), "unit": pl.String(), "verification": pl.String(),
    "fallback_threshold": pl.Float64(), "fallback_source": pl.String(),
    "province_settable": pl.Boolean(), "legal_source": pl.String(),
}


@cache
def load_criteria(version: str = CURRENT_VERSION) -> pl.DataFrame:
    """The criteria of one version, typed (``CRITERIA_SCHEMA``)."""
    path = CRITERIA_DIR / f"{version}.csv"
    frame = pl.read_csv(path, schema=CRITERIA_SCHEMA)
    bad = frame.filter(~pl.col("comparator").is_in([">=", "<="])
                       | ((pl.col("verification") == "VERIFIED") & pl.col("threshold").is_null()))
    if bad.height:
        raise ValueError(f"{path.name}: bad criteria rows {bad['criterion_id'].to_list()}")
    return frame


def effective_thresholds(criteria: pl.DataFrame, overrides: pl.DataFrame | None = None
                         ) -> pl.DataFrame:
    """Criteria with ``threshold_used`` and ``threshold_basis``; ``overrides`` has
    ``criterion_id`` and ``threshold`` (the province's current values)."""
    out = criteria
    if overrides is not None and overrides.height:
        settable = criteria.filter(pl.col("province_settable"))["criterion_id"]
        ov = overrides.filter(pl.col("criterion_id").is_in(settable.implode())).select(
            "criterion_id", pl.col("threshold").cast(pl.Float64).alias("_province"))
        out = out.join(ov, on="criterion_id", how="left")
    else:
        out = out.with_columns(_province=pl.lit(None, pl.Float64))
    verified = (pl.col("verification") == "VERIFIED") & pl.col("threshold").is_not_null()
    return out.with_columns(
        threshold_used=pl.coalesce(
            "_province", pl.when(verified).then(pl.col("threshold")), "fallback_threshold"),
        threshold_basis=pl.when(pl.col("_province").is_not_null()).then(pl.lit("province_set"))
        .when(verified).then(pl.lit("verified"))
        .when(pl.col("fallback_threshold").is_not_null())
        .then(pl.lit("fallback_decree_82_2018"))
        .otherwise(pl.lit("none")),
    ).drop("_province")


def score(criteria: pl.DataFrame, values: pl.DataFrame) -> pl.DataFrame:
    """One row per park × year × criterion with value, threshold, status and shortfall.

    ``criteria`` from :func:`effective_thresholds`; ``values`` has ``park_id``, ``year``,
    ``indicator``, ``value`` and ``evidence`` (a fact's date and note, or "computed").
    """
    subjects = values.select("park_id", "year").unique()
    grid = subjects.join(criteria, how="cross")
    out = grid.join(values.select("park_id", "year", "indicator", "value", "evidence"),
                    on=["park_id", "year", "indicator"], how="left")
    val, thr = pl.col("value"), pl.col("threshold_used")
    ok = pl.when(pl.col("comparator") == ">=").then(val >= thr - 1e-12).otherwise(
        val <= thr + 1e-12)
    gap = pl.when(pl.col("comparator") == ">=").then(thr - val).otherwise(val - thr)
    known = val.is_not_null() & thr.is_not_null()
    return out.with_columns(
        status=pl.when(~known).then(pl.lit("unknown"))
        .when(ok).then(pl.lit("met")).otherwise(pl.lit("missed")),
        shortfall=pl.when(known & ~ok).then(gap),
    ).select(
        "park_id", "year", "criterion_id", "criteria_version", "framework", "indicator",
        "value", "comparator", "threshold_used", "threshold_basis", "unit", "status",
        "shortfall", "verification", "legal_source", "evidence",
    ).sort("park_id", "year", "criterion_id")


def readiness(scores: pl.DataFrame) -> pl.DataFrame:
    """Parks ranked by readiness for eco-park certification, per year.

    ``readiness_frac`` = met / criteria; ties broken by fewer unknowns, then park id. Rank 1 is
    the most ready.
    """
    agg = scores.group_by("park_id", "year").agg(
        criteria_n=pl.len(),
        met_n=(pl.col("status") == "met").sum(),
        missed_n=(pl.col("status") == "missed").sum(),
        unknown_n=(pl.col("status") == "unknown").sum(),
    ).with_columns(readiness_frac=pl.col("met_n") / pl.col("criteria_n"))
    ranked = agg.sort(["year", "readiness_frac", "unknown_n", "park_id"],
                      descending=[False, True, False, False])
    return ranked.with_columns(rank=pl.int_range(1, pl.len() + 1).over("year").cast(pl.Int32))


__all__ = ["CRITERIA_DIR", "CURRENT_VERSION", "STATUSES", "THRESHOLD_BASES",
           "effective_thresholds", "load_criteria", "readiness", "score"]

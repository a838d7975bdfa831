"""What a reviewer needs beside a submission: its quantities by item against the previous month
and the same month last year, and what they do to emissions (pure, no I/O).

Why: a value is judged against the enterprise's own history. "Electricity 120 MWh" means
nothing alone; "120 MWh, 410 last month, 395 in March last year, -70 % tCO2e" asks a question.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from metrics.boundary import apply_boundary
from metrics.result import TOTAL_SCOPES


def shift_month(month: dt.date, months: int) -> dt.date:
    """``month`` moved by ``months`` (negative: back)."""
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _per_item(activity: pl.DataFrame, enterprise_id: str, month: dt.date,
              submission_id: str | None) -> pl.DataFrame:
    rows = activity.filter((pl.col("enterprise_id") == enterprise_id)
                           & (pl.col("period") == month))
    if submission_id is not None:
        rows = rows.filter(pl.col("submission_id") == submission_id)
    return rows.group_by("category", "item", "unit_canonical").agg(
        pl.col("quantity_canonical").sum())


def _tco2e(emissions: pl.DataFrame, enterprise_id: str, month: dt.date) -> pl.DataFrame:
    rows = apply_boundary(emissions).filter(
        (pl.col("enterprise_id") == enterprise_id) & (pl.col("period") == month)
        & pl.col("scope").is_in(TOTAL_SCOPES))
    return rows.group_by("item").agg(pl.col("tco2e").sum())


def compare_items(activity: pl.DataFrame, emissions: pl.DataFrame, enterprise_id: str,
                  month: dt.date, submission_id: str | None = None) -> pl.DataFrame:
    """One row per category × item × unit of ``month``: quantity now, the previous month and
    the same month a year before, with changes in percent, and tCO2e for the three months.

    Items that only the earlier months have are listed too (with 0 now): a missing item is
    as telling as a changed one.
    """
    months = {"now": month, "prev": shift_month(month, -1), "ly": shift_month(month, -12)}
    keys = ["category", "item", "unit_canonical"]
    frames = {k: _per_item(activity, enterprise_id, m, submission_id if k == "now" else None)
              .rename({"quantity_canonical": f"qty_{k}"}) for k, m in months.items()}
    table = frames["now"]
    for k in ("prev", "ly"):
        table = table.join(frames[k], on=keys, how="full", coalesce=True)
    for k, m in months.items():
        table = table.join(_tco2e(emissions, enterprise_id, m).rename({"tco2e": f"tco2e_{k}"}),
                           on="item", how="left")
    change = {
        f"change_{k}_pct": pl.when(pl.col(f"qty_{k}") > 0)
        .then((pl.col("qty_now").fill_null(0) - pl.col(f"qty_{k}")) / pl.col(f"qty_{k}") * 100)
        for k in ("prev", "ly")
    }
    return (table.with_columns(pl.col("qty_now").fill_null(0.0), **change)
            .sort("category", "item"))


def emissions_effect(emissions: pl.DataFrame, enterprise_id: str,
                     month: dt.date) -> dict[str, float | None]:
    """The enterprise's tCO2e (scopes 1+2) for ``month``, the month before and a year before."""
    out: dict[str, float | None] = {}
    for k, m in (("now", month), ("prev", shift_month(month, -1)),
                 ("ly", shift_month(month, -12))):
        rows = _tco2e(emissions, enterprise_id, m)
        out[k] = float(rows["tco2e"].sum()) if rows.height else None
    return out

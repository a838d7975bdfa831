"""Who has reported a month, who is late, who was sent back: the reporting tracker's rules.

Pure functions of scoped frames (no I/O, no Streamlit), so each rule is tested on its own.

The monthly due date is the project's reminder convention, **UNVERIFIED** as a legal deadline:
no monthly deadline is set in /work/shared/reference (Decree 06 sets annual ones); a province
that adopts another day changes ``DUE_DAY``.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

DUE_DAY = 15  # UNVERIFIED convention: a month's data are due on the 15th of the next month
STATUSES: tuple[str, ...] = ("returned", "missing", "late", "not_due", "on_time")


def due_date(month: dt.date) -> dt.date:
    """The day a month's data are due (``DUE_DAY`` of the following month)."""
    nxt = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return nxt.replace(day=DUE_DAY)


def month_status(enterprises: pl.DataFrame, uploads: pl.DataFrame, activity: pl.DataFrame,
                 month: dt.date, today: dt.date) -> pl.DataFrame:
    """One row per enterprise: its reporting ``status`` for ``month`` and the upload behind it.

    * ``returned`` — the newest upload covering the month was sent back and nothing newer came;
    * ``on_time`` / ``late`` — the month has data; first uploaded before / after the due date;
    * ``missing`` — no data and the due date has passed; ``not_due`` — no data, not due yet.

    Args:
        enterprises: ``enterprise_id`` (and anything else to keep, e.g. name, park).
        uploads: upload history (``enterprise_id``, ``uploaded_at``, ``period_first``,
            ``period_last``, ``status``, ``review_state``, ``review_comment``).
        activity: current monthly activity (``enterprise_id``, ``period``).
        month: first day of the month tracked.
        today: the date "late" and "missing" are judged on.
    """
    due = due_date(month)
    covering = uploads.filter(
        (pl.col("status") != "rejected")
        & (pl.col("period_first") <= month) & (pl.col("period_last") >= month)
    )
    newest = (covering.sort("uploaded_at", descending=True)
              .group_by("enterprise_id", maintain_order=True).first()
              .select("enterprise_id", pl.col("review_state").alias("latest_state"),
                      pl.col("review_comment").alias("latest_comment"),
                      pl.col("uploaded_at").alias("latest_upload")))
    first = covering.group_by("enterprise_id").agg(
        pl.col("uploaded_at").min().alias("first_upload"))
    has_data = (activity.filter(pl.col("period") == month).select("enterprise_id").unique()
                .with_columns(pl.lit(True).alias("has_data")))
    frame = (enterprises.join(newest, on="enterprise_id", how="left")
             .join(first, on="enterprise_id", how="left")
             .join(has_data, on="enterprise_id", how="left")
             .with_columns(pl.col("has_data").fill_null(False)))
    return frame.with_columns(
        pl.when(pl.col("latest_state") == "returned").then(pl.lit("returned"))
        .when(pl.col("has_data") & (pl.col("first_upload").dt.date() <= due))
        .then(pl.lit("on_time"))
        .when(pl.col("has_data")).then(pl.lit("late"))
        .when(pl.lit(today > due)).then(pl.lit("missing"))
        .otherwise(pl.lit("not_due")).alias("status"),
        pl.lit(due).alias("due"),
    )


def on_time_history(enterprises: pl.DataFrame, uploads: pl.DataFrame, activity: pl.DataFrame,
                    last_month: dt.date, today: dt.date, months: int = 12) -> pl.DataFrame:
    """Per enterprise over the ``months`` up to ``last_month``: months on time, late, missing,
    returned, and the on-time share of the months that were due."""
    frames = []
    month = last_month
    for _ in range(months):
        frames.append(month_status(enterprises.select("enterprise_id"), uploads, activity,
                                   month, today).select("enterprise_id", "status"))
        month = dt.date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    every = pl.concat(frames)
    counts = every.group_by("enterprise_id").agg(
        *[(pl.col("status") == s).sum().alias(s) for s in STATUSES])
    due = pl.col("on_time") + pl.col("late") + pl.col("missing") + pl.col("returned")
    return enterprises.join(counts, on="enterprise_id", how="left").with_columns(
        pl.when(due > 0).then(pl.col("on_time") / due).otherwise(None).alias("on_time_frac"))

"""Charts of the survey and programme pages: pure frame → Altair functions."""

from __future__ import annotations

import altair as alt
import polars as pl


def choice_shares(frame: pl.DataFrame, axis_title: str) -> alt.Chart:
    """Horizontal bars: share (%) of respondents per choice (``label``, ``share_frac``,
    ``chosen``, ``answered``)."""
    data = frame.with_columns(pct=(pl.col("share_frac") * 100).round(1))
    return alt.Chart(data).mark_bar(color="#2E7D32").encode(
        x=alt.X("pct:Q", title=axis_title, scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("label:N", sort="-x", title=None),
        tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("pct:Q", title="%"),
                 alt.Tooltip("chosen:Q", title="n"), alt.Tooltip("answered:Q", title="N")],
    ).properties(height=alt.Step(26))


def response_rates(frame: pl.DataFrame, axis_title: str) -> alt.Chart:
    """Bars of the response rate (%) per park (``label``, ``response_rate_frac``)."""
    data = frame.with_columns(pct=(pl.col("response_rate_frac") * 100).round(1))
    return alt.Chart(data).mark_bar(color="#1565C0").encode(
        x=alt.X("pct:Q", title=axis_title, scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("label:N", sort="-x", title=None),
        tooltip=["label:N", "pct:Q", "responded:Q", "enterprises:Q"],
    ).properties(height=alt.Step(22))

"""The programme reports' charts: Altair specs rendered offline to PNG and SVG.

Why vl-convert: it bundles Vega-Lite and fonts, so a chart renders on a server with no
browser and no network, and the PNG in the DOCX/PDF and the SVG in the workshop pack come
from one spec. The dashboard draws its own charts (``dashboard/charts.py``); these are sized
for A4 pages and slides.
"""

from __future__ import annotations

import io

import altair as alt
import polars as pl

from exports.documents.model import Figure

_WIDTH, _HEIGHT = 520, 260
_FONT = "Liberation Sans"  # bundled with vl-convert; has the Vietnamese diacritics


def _render(chart: alt.Chart, name: str, title: str) -> Figure:
    chart = chart.properties(width=_WIDTH, height=_HEIGHT).configure(font=_FONT)
    png, svg = io.BytesIO(), io.StringIO()
    chart.save(png, format="png", scale_factor=2)
    chart.save(svg, format="svg")
    return Figure(name=name, title=title, png=png.getvalue(), svg=svg.getvalue())


def bar_figure(frame: pl.DataFrame, *, label: str, value: str, name: str, title: str,
               axis_label: str, label_title: str) -> Figure:
    """Horizontal bars of ``value`` per ``label``, largest first."""
    data = frame.select(pl.col(label).alias("label"), pl.col(value).alias("value"))
    chart = alt.Chart(data).mark_bar(color="#2E7D32").encode(
        x=alt.X("value:Q", title=axis_label),
        y=alt.Y("label:N", sort="-x", title=label_title),
        tooltip=["label", "value"],
    )
    return _render(chart, name, title)


def trend_figure(frame: pl.DataFrame, *, year: str, value: str, series: str | None, name: str,
                 title: str, axis_label: str, year_label: str) -> Figure:
    """A line per ``series`` (or one line) of ``value`` over ``year``."""
    cols = [pl.col(year).cast(pl.String).alias("year"), pl.col(value).alias("value")]
    if series:
        cols.append(pl.col(series).alias("series"))
    enc = {"x": alt.X("year:O", title=year_label), "y": alt.Y("value:Q", title=axis_label)}
    if series:
        enc["color"] = alt.Color("series:N", title=None)
    chart = alt.Chart(frame.select(cols)).mark_line(point=True).encode(**enc)
    return _render(chart, name, title)


def share_figure(frame: pl.DataFrame, *, label: str, share: str, name: str, title: str,
                 axis_label: str) -> Figure:
    """Bars of a 0–1 share per ``label``, shown in percent."""
    data = frame.select(pl.col(label).alias("label"), (pl.col(share) * 100).alias("pct"))
    chart = alt.Chart(data).mark_bar(color="#1565C0").encode(
        x=alt.X("pct:Q", title=axis_label, scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("label:N", sort="-x", title=None),
    )
    return _render(chart, name, title)

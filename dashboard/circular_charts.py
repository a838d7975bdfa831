"""Pure chart builders for the circular-economy, scorecard and target pages (issue 12).

Frames in, Altair out, like ``dashboard.charts`` (whose locale finish they reuse): a symbiosis
network (enterprises on a circle, one arc per transfer, width by tonnes), a target trajectory
(actual, straight-line pathway, projection with its band) and the LMDI waterfall.
"""

from __future__ import annotations

import math

import altair as alt
import polars as pl

from dashboard.charts import HEIGHT, _finish
from parkghg.i18n import Lang, t

_TEAL, _ORANGE, _GREY = "#0f5257", "#e07a1f", "#a8a8a8"
_LABEL_CHARS = 26


def _short(name: str) -> str:
    """A node label that fits beside its neighbours (the tooltip keeps the full name)."""
    return name if len(name) <= _LABEL_CHARS else name[: _LABEL_CHARS - 1] + "…"


def symbiosis_network(flows: pl.DataFrame, labels: dict[str, str], lang: Lang) -> alt.LayerChart:
    """Who passes what to whom: nodes on a circle, a straight edge per (giver, receiver, item)
    whose width is the tonnes passed. ``flows`` from ``service.circular.symbiosis_flow_table``;
    a receiver outside the reader's scope is drawn as its park."""
    flows = flows.with_columns(
        to_node=pl.coalesce("to_enterprise_id", pl.format("[{}]", "to_park_id")))
    nodes = sorted(set(flows["from_enterprise_id"]) | set(flows["to_node"]))
    n = max(len(nodes), 1)
    pos = {k: (math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n))
           for i, k in enumerate(nodes)}
    node_frame = pl.DataFrame({
        "node": nodes, "x": [pos[k][0] for k in nodes], "y": [pos[k][1] for k in nodes],
        "label": [labels.get(k, k) for k in nodes],
        "short": [_short(labels.get(k, k)) for k in nodes],
    })
    edge_rows = []
    for i, rec in enumerate(flows.iter_rows(named=True)):
        for end, key in (("a", rec["from_enterprise_id"]), ("b", rec["to_node"])):
            edge_rows.append({"edge": i, "end": end, "x": pos[key][0], "y": pos[key][1],
                              "tonnes": rec["tonnes_t"], "item": rec["item"],
                              "from": labels.get(rec["from_enterprise_id"],
                                                 rec["from_enterprise_id"]),
                              "to": labels.get(rec["to_node"], rec["to_node"])})
    edges = pl.DataFrame(edge_rows, schema={"edge": pl.Int64, "end": pl.String,
                                            "x": pl.Float64, "y": pl.Float64,
                                            "tonnes": pl.Float64, "item": pl.String,
                                            "from": pl.String, "to": pl.String})
    axis = alt.Axis(labels=False, ticks=False, grid=False, title=None, domain=False)
    scale = alt.Scale(domain=[-1.5, 1.5])
    tip = [alt.Tooltip("from:N", title=t("circular.col.from", lang)),
           alt.Tooltip("to:N", title=t("circular.col.to", lang)),
           alt.Tooltip("item:N", title=t("circular.col.item", lang)),
           alt.Tooltip("tonnes:Q", title=t("circular.col.tonnes", lang), format=",.1f")]
    lines = alt.Chart(edges).mark_line(
        color=_ORANGE, opacity=0.7).encode(
        x=alt.X("x:Q", axis=axis, scale=scale), y=alt.Y("y:Q", axis=axis, scale=scale),
        detail="edge:N", order="end:N",
        strokeWidth=alt.StrokeWidth("tonnes:Q", scale=alt.Scale(range=[1, 10]),
                                    legend=alt.Legend(title=t("circular.col.tonnes", lang))),
        tooltip=tip)
    points = alt.Chart(node_frame).mark_circle(size=220, color=_TEAL).encode(
        x=alt.X("x:Q", axis=axis, scale=scale), y=alt.Y("y:Q", axis=axis, scale=scale),
        tooltip=[alt.Tooltip("label:N", title=t("circular.col.from", lang))])
    text = alt.Chart(node_frame).mark_text(dy=-14, fontSize=10).encode(
        x="x:Q", y="y:Q", text="short:N")
    chart = alt.layer(lines, points, text).properties(
        height=HEIGHT + 220, title=t("circular.page.flows_title", lang))
    return _finish(chart, lang)


def trajectory(frame: pl.DataFrame, unit: str, lang: Lang) -> alt.LayerChart:
    """Actual (points and line), pathway (dashed), projection (dotted) and its band."""
    shown = frame.with_columns(
        label=pl.col("series").map_elements(lambda s: t(f"circular.series.{s}", lang),
                                            return_dtype=pl.String))
    colour = alt.Color("label:N", title=None, scale=alt.Scale(
        domain=[t(f"circular.series.{s}", lang) for s in ("actual", "pathway", "projection")],
        range=[_TEAL, _GREY, _ORANGE]))
    x = alt.X("year:O", title=t("circular.col.year", lang))
    y = alt.Y("value:Q", title=unit)
    base = alt.Chart(shown)
    line = base.mark_line(point=True).encode(
        x=x, y=y, color=colour,
        strokeDash=alt.StrokeDash("series:N", legend=None, scale=alt.Scale(
            domain=["actual", "pathway", "projection"], range=[[1, 0], [6, 4], [2, 2]])),
        tooltip=[alt.Tooltip("year:O"), alt.Tooltip("label:N"),
                 alt.Tooltip("value:Q", format=",.0f")])
    band = base.transform_filter(alt.datum.series == "projection").mark_area(
        opacity=0.2, color=_ORANGE).encode(x=x, y="low:Q", y2="high:Q")
    return _finish(alt.layer(band, line).properties(height=HEIGHT), lang)


def waterfall(frame: pl.DataFrame, lang: Lang) -> alt.Chart:
    """LMDI waterfall: start total, each effect as a floating bar, end total (tCO2e)."""
    rows, running = [], 0.0
    for step, value, kind in frame.iter_rows():
        if kind == "total":
            start, end = 0.0, value
            running = value
        else:
            start, end = running, running + value
            running = end
        rows.append({"step": t(f"circular.effect.{step}", lang), "start": start, "end": end,
                     "value": value,
                     "kind": kind if kind == "total" else ("up" if value >= 0 else "down")})
    data = pl.DataFrame(rows)
    order = data["step"].to_list()
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("step:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("start:Q", title=t("circular.col.tco2e", lang), scale=alt.Scale(zero=False)),
        y2="end:Q",
        color=alt.Color("kind:N", legend=None, scale=alt.Scale(
            domain=["total", "up", "down"], range=[_TEAL, _ORANGE, "#5c9e4a"])),
        tooltip=[alt.Tooltip("step:N"), alt.Tooltip("value:Q", format=",.0f")],
    ).properties(height=HEIGHT)
    return _finish(chart, lang)


__all__ = ["symbiosis_network", "trajectory", "waterfall"]

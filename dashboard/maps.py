"""The province map: Dong Nai's outline (shipped as data, works offline) with the parks on it.

Why a separate module from ``charts.py``: the map reads its boundary file once and knows which
boundary it draws (the province after the 1 July 2025 merger with Binh Phuoc, the former one
dashed); the chart itself stays pure: frames and the outline in, an Altair chart out.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import altair as alt
import polars as pl

from dashboard.charts import SCOPE_COLOURS, _finish
from parkghg.i18n import Lang, t

BOUNDARY_FILE = Path(__file__).parent / "geo" / "dong_nai_boundary.geojson"
SELECTION = "park_pick"  # the click selection's name (read back by the page)
HEIGHT = 520


@cache
def outlines() -> tuple[dict, dict]:
    """(province from 1 July 2025, province before the merger) as GeoJSON features."""
    features = json.loads(BOUNDARY_FILE.read_text(encoding="utf-8"))["features"]
    after = next(f for f in features if f["properties"]["boundary"].startswith("post-merger"))
    before = next(f for f in features if f["properties"]["boundary"].startswith("pre-merger"))
    return after, before


_OUTLINE_AFTER = "dong_nai_outline_after"
_OUTLINE_BEFORE = "dong_nai_outline_before"


_PARKS = "parks"


@cache
def _map_template(lang: Lang) -> str:
    """The map's spec without its data (JSON text), once per language: the parks and the
    outlines are named datasets filled in by :func:`province_map_spec`."""
    chart = province_map(pl.DataFrame(), lang, named_outlines=True, named_parks=True)
    return json.dumps(chart.to_dict(validate=False))  # validated by tests/dashboard


def province_map_spec(parks: pl.DataFrame, lang: Lang) -> dict:
    """The Vega-Lite spec of :func:`province_map`, with the parks and the outlines as named
    datasets added to a spec built once per language: Altair then never deep-copies or
    validates the GeoJSON, and after a data change (the parks' tCO2e move) only the parks'
    values are new (issue 9)."""
    spec = json.loads(_map_template(lang))
    after, before = outlines()
    spec.setdefault("datasets", {}).update({
        _OUTLINE_AFTER: [after], _OUTLINE_BEFORE: [before],
        _PARKS: parks.drop_nulls(["latitude", "longitude"]).to_dicts()})
    return spec


def province_map(parks: pl.DataFrame, lang: Lang, *, named_outlines: bool = False,
                 named_parks: bool = False) -> alt.LayerChart:
    """The province outline with one circle per park, sized by the year's tCO2e.

    Args:
        parks: ``park_id``, ``label``, ``latitude``, ``longitude``, ``tco2e``, ``enterprises``
            (parks without coordinates are dropped).
        lang: the reader's language.

    Hovering a park shows its name, emissions and enterprises; clicking selects it (selection
    ``park_pick`` on ``park_id``) so the page can open the park. ``named_outlines``: the
    outlines are named datasets the caller adds (:func:`province_map_spec`); ``named_parks``:
    so are the parks (``parks`` is then not read).
    """
    after, before = outlines()
    after_data = alt.NamedData(name=_OUTLINE_AFTER) if named_outlines else alt.Data(
        values=[after])
    before_data = alt.NamedData(name=_OUTLINE_BEFORE) if named_outlines else alt.Data(
        values=[before])
    data = alt.NamedData(name=_PARKS) if named_parks else parks.drop_nulls(
        ["latitude", "longitude"])
    tco2e = t("dash.unit.tco2e", lang)
    projection = {"type": "mercator"}
    province = (
        alt.Chart(after_data)
        .mark_geoshape(fill="#eef3ef", stroke="#0f5257", strokeWidth=1.4)
        .project(**projection)
    )
    former = (
        alt.Chart(before_data)
        .mark_geoshape(fill=None, stroke="#7d7d7d", strokeWidth=0.8, strokeDash=[4, 3])
        .project(**projection)
    )
    pick = alt.selection_point(name=SELECTION, fields=["park_id"], on="click")
    circles = (
        alt.Chart(data)
        .mark_circle(color=SCOPE_COLOURS[1], stroke="#7a3d00", strokeWidth=1)
        .encode(
            longitude="longitude:Q",
            latitude="latitude:Q",
            size=alt.Size("tco2e:Q", title=t("dash.axis.emissions", lang, unit=tco2e),
                          scale=alt.Scale(range=[30, 1600]),
                          legend=alt.Legend(orient="bottom", format=",.0f")),
            opacity=alt.condition(pick, alt.value(0.8), alt.value(0.35)),
            tooltip=[
                alt.Tooltip("label:N", title=t("dash.axis.park", lang)),
                alt.Tooltip("tco2e:Q", title=tco2e, format=",.0f"),
                alt.Tooltip("enterprises:Q", title=t("dash.map.enterprises", lang)),
            ],
        )
        .add_params(pick)
        .project(**projection)
    )
    chart = alt.layer(province, former, circles).properties(
        title=t("dash.map.title", lang), height=HEIGHT)
    return _finish(chart, lang)


def picked_park(event: object) -> str | None:
    """The park_id a click on the map selected (from ``st.altair_chart``'s event), if any."""
    try:
        rows = event.selection[SELECTION]  # type: ignore[attr-defined]
    except (AttributeError, KeyError, TypeError):
        return None
    if isinstance(rows, list) and rows and isinstance(rows[0], dict):
        value = rows[0].get("park_id")
        return value if isinstance(value, str) else None
    return None

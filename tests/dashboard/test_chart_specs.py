"""Charts from remembered specs (issue 9): built once per input, a fresh copy per rerun, and
the map's named-outline spec draws exactly what the Altair chart draws."""

from __future__ import annotations

import json
import re

import polars as pl

from dashboard import chart_specs, maps

POINTS = pl.DataFrame({
    "park_id": ["amata", "nhon_trach_2"], "label": ["Amata IP", "Nhon Trach 2 IP"],
    "latitude": [10.948, 10.741], "longitude": [106.870, 106.921],
    "tco2e": [12_345.0, 6_789.0], "enterprises": [3, 2],
})


def _inlined(spec: dict) -> dict:
    """The spec with every named dataset written into the layer that names it, and Altair's
    generated view names (``view_<hash>_<n>``, arbitrary, used by the selection) made one."""
    spec = json.loads(re.sub(r'"view_[0-9a-f]+_\d+"', '"view"', json.dumps(spec)))
    datasets = spec.pop("datasets")
    for layer in spec["layer"]:
        name = layer.get("data", {}).get("name")
        if name is not None:
            layer["data"] = {"values": datasets[name]}
    return spec


def test_the_map_spec_with_named_outlines_draws_the_same_map() -> None:
    assert _inlined(maps.province_map_spec(POINTS, "vi")) == _inlined(
        maps.province_map(POINTS, "vi").to_dict())


def test_the_map_spec_template_takes_new_park_values() -> None:
    """After a data change only the parks' values differ (the spec is built once a language)."""
    moved = POINTS.with_columns(pl.col("tco2e") * 2)
    assert _inlined(maps.province_map_spec(moved, "en")) == _inlined(
        maps.province_map(moved, "en").to_dict())


def test_a_spec_is_built_once_per_input_and_handed_out_as_a_fresh_copy() -> None:
    built = []

    def build() -> dict:
        built.append(1)
        return {"mark": "bar", "data": {"values": [{"x": 1}]}}

    first = chart_specs.spec("t_bar", POINTS, build, "vi")
    first["mark"] = "changed by a caller"
    again = chart_specs.spec("t_bar", POINTS, build, "vi")
    assert again["mark"] == "bar" and len(built) == 1
    chart_specs.spec("t_bar", POINTS.with_columns(pl.col("tco2e") * 2), build, "vi")
    chart_specs.spec("t_bar", POINTS, build, "en")
    assert len(built) == 3  # new figures or another language: built again

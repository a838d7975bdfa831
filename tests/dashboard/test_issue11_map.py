"""Issue 11, a real map: the province outline shipped as data (post-merger, with its source),
parks sized by emissions with a legend and hover details, and a click that opens the park."""

from __future__ import annotations

import types

import polars as pl

from dashboard import maps

POINTS = pl.DataFrame({
    "park_id": ["amata", "nhon_trach_2"], "label": ["Amata IP", "Nhon Trach 2 IP"],
    "latitude": [10.948, 10.741], "longitude": [106.870, 106.921],
    "tco2e": [12_345.0, 6_789.0], "enterprises": [3, 2],
})


def test_the_map_draws_the_province_after_the_july_2025_merger_and_the_former_one() -> None:
    after, before = maps.outlines()
    assert after["properties"]["boundary"].startswith("post-merger (from 2025-07-01)")
    assert before["properties"]["boundary"].startswith("pre-merger")
    assert after["properties"]["approx_area_km2_computed"] > 2 * before["properties"][
        "approx_area_km2_computed"]  # Binh Phuoc joined
    readme = (maps.BOUNDARY_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert "MIT" in readme and "35f693a24757fc0c25b539cf81902c257c786780" in readme


def test_parks_are_sized_by_emissions_with_legend_hover_and_a_click_selection() -> None:
    spec = maps.province_map(POINTS, "en").to_dict()
    province, former, parks = spec["layer"]
    assert province["mark"]["type"] == "geoshape"
    assert former["mark"]["strokeDash"] == [4, 3]
    assert parks["encoding"]["size"]["field"] == "tco2e"
    assert parks["encoding"]["size"]["legend"]["orient"] == "bottom"
    assert parks["encoding"]["size"]["title"] == "Emissions (tCO2e)"
    assert [t["field"] for t in parks["encoding"]["tooltip"]] == ["label", "tco2e", "enterprises"]
    (pick,) = spec["params"]  # Altair lifts a layer's selection to the top, bound to its view
    assert pick["name"] == maps.SELECTION and pick["views"] == [parks["name"]]
    assert pick["select"] == {"type": "point", "fields": ["park_id"], "on": "click"}


def test_a_click_event_names_the_park_to_open() -> None:
    event = types.SimpleNamespace(selection={maps.SELECTION: [{"park_id": "amata"}]})
    assert maps.picked_park(event) == "amata"
    assert maps.picked_park(types.SimpleNamespace(selection={})) is None
    assert maps.picked_park(None) is None

"""Chart builders are pure: check titles, units on axes and encodings through to_dict()."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard import charts
from parkghg.i18n import t

MONTHLY = pl.DataFrame({
    "period": [dt.date(2025, 1, 1), dt.date(2025, 1, 1), dt.date(2025, 2, 1)],
    "scope": ["1", "2", "1"],
    "tco2e": [10.0, 20.0, 12.5],
})


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_trend_by_scope_has_title_units_and_scope_colours(lang: str) -> None:
    spec = charts.trend_by_scope(MONTHLY, lang).to_dict()
    enc = spec["encoding"]
    assert spec["title"] == t("dash.chart.trend_scope", lang)
    unit = {"vi": "tCO2tđ", "en": "tCO2e"}[lang]  # one term per language (issue 11)
    assert enc["y"]["title"] == t("dash.axis.emissions", lang, unit=unit)
    assert unit in enc["y"]["title"]  # the unit is on the axis
    assert enc["x"]["timeUnit"] == "yearmonth" and enc["x"]["type"] == "temporal"
    # only the scopes present are in the legend, in their fixed colours
    assert enc["color"]["scale"]["domain"] == [t("dash.scope.1", lang), t("dash.scope.2", lang)]
    assert enc["color"]["scale"]["range"] == list(charts.SCOPE_COLOURS[:2])
    assert [tip["title"] for tip in enc["tooltip"]][-1] == unit


def test_vietnamese_charts_format_numbers_the_vietnamese_way() -> None:
    vi = charts.trend_by_scope(MONTHLY, "vi").to_dict()["config"]["locale"]
    en = charts.trend_by_scope(MONTHLY, "en").to_dict()["config"]["locale"]
    assert (vi["number"]["decimal"], vi["number"]["thousands"]) == (",", ".")
    assert (en["number"]["decimal"], en["number"]["thousands"]) == (".", ",")
    assert vi["time"]["shortMonths"][0] == "Th1"


def test_trend_by_source_stacks_translated_sources() -> None:
    frame = MONTHLY.rename({"scope": "source_label"})
    spec = charts.trend_by_source(frame, "en").to_dict()
    assert spec["title"] == t("dash.chart.trend_source", "en")
    assert spec["mark"]["type"] == "area"
    assert spec["encoding"]["color"]["field"] == "source_label"
    assert spec["encoding"]["y"]["stack"] == "zero"


def test_ranking_keeps_the_top_n_sorted_with_unit_axis() -> None:
    frame = pl.DataFrame({"label": [f"P{i}" for i in range(15)],
                          "tco2e": [float(i) for i in range(15)]})
    chart = charts.ranking(frame, "dash.chart.rank_parks", "vi", top=5)
    spec = chart.to_dict()
    assert spec["title"] == t("dash.chart.rank_parks", "vi")
    assert spec["encoding"]["y"]["sort"] == "-x"
    assert spec["encoding"]["x"]["title"] == "Phát thải (tCO2tđ)"
    values = next(iter(spec["datasets"].values()))
    assert [v["label"] for v in values] == ["P14", "P13", "P12", "P11", "P10"]


def test_park_map_projects_lat_lon_sizes_by_emissions_and_drops_unplaced_parks() -> None:
    parks = pl.DataFrame({"label": ["A", "B", "C"], "latitude": [10.9, 10.7, None],
                          "longitude": [106.9, 107.0, None], "tco2e": [100.0, 50.0, 10.0]})
    spec = charts.park_map(parks, "en").to_dict()
    grid, circles, labels = spec["layer"]
    assert spec["title"] == t("dash.chart.map", "en")
    assert "graticule" in grid["data"]  # drawn without any tile server
    assert circles["projection"]["type"] == "mercator"
    assert circles["encoding"]["longitude"]["field"] == "longitude"
    assert circles["encoding"]["size"]["field"] == "tco2e"
    assert circles["encoding"]["size"]["title"] == "Emissions (tCO2e)"
    assert labels["encoding"]["text"]["field"] == "label"
    data = next(v for v in spec["datasets"].values() if v and "label" in v[0])
    assert {d["label"] for d in data} == {"A", "B"}


def test_energy_mix_is_in_toe_with_gj_in_the_tooltip() -> None:
    frame = pl.DataFrame({"label": ["Grid", "Diesel"], "energy_gj": [4186.8, 41.868],
                          "energy_toe": [100.0, 1.0]})
    spec = charts.energy_mix(frame, "en").to_dict()
    assert spec["encoding"]["x"]["field"] == "energy_toe"
    assert spec["encoding"]["x"]["title"] == "Energy (TOE)"
    assert {tip["field"] for tip in spec["encoding"]["tooltip"]} >= {"energy_gj", "energy_toe"}


def test_intensity_trend_names_its_unit() -> None:
    frame = pl.DataFrame({"year": [2024, 2025], "intensity": [0.5, 0.4]})
    spec = charts.intensity_trend(frame, "tCO2e/t", "en").to_dict()
    assert spec["encoding"]["y"]["title"] == "Intensity (tCO2e/t)"
    assert spec["mark"]["type"] == "line"


def test_completeness_heatmap_marks_missing_months() -> None:
    frame = pl.DataFrame({"label": ["A", "A"], "period": [dt.date(2025, 1, 1),
                                                          dt.date(2025, 2, 1)],
                          "rows": [6, 0]})
    spec = charts.completeness_heatmap(frame, "vi").to_dict()
    assert spec["mark"]["type"] == "rect"
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Đã nộp", "Chưa nộp"]
    values = next(iter(spec["datasets"].values()))
    assert [v["status"] for v in values] == ["Đã nộp", "Chưa nộp"]

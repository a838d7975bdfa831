"""Issue 11, problem 6: the completeness heatmap has cells of real size, readable labels and a
legend (it drew zero-height rows on a continuous time axis, with no legend)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dashboard import charts


def _grid(enterprises: int, months: int) -> pl.DataFrame:
    return pl.DataFrame(
        [(f"Công ty {e}", dt.date(2025, m, 1), 0 if (e + m) % 5 == 0 else 6)
         for e in range(enterprises) for m in range(1, months + 1)],
        schema=["label", "period", "rows"], orient="row",
    )


def test_every_month_is_a_band_and_every_enterprise_a_fixed_height_row() -> None:
    spec = charts.completeness_heatmap(_grid(12, 12), "en").to_dict()
    assert spec["encoding"]["x"]["type"] == "ordinal"  # one cell per month, never 0 px wide
    assert spec["height"] == {"step": charts.CELL_PX}  # rows never collapse
    assert spec["encoding"]["x"]["sort"][:2] == ["01/2025", "02/2025"]
    assert spec["encoding"]["x"]["axis"]["labelOverlap"] is True


def test_the_heatmap_has_a_legend_in_the_readers_language() -> None:
    spec = charts.completeness_heatmap(_grid(2, 3), "en").to_dict()
    color = spec["encoding"]["color"]
    assert color["legend"] == {"orient": "bottom"}
    assert color["scale"]["domain"] == ["Reported", "Missing"]

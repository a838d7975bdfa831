"""LMDI-I sums exactly to the change (hypothesis), and a hand-checked two-sector case."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.lmdi import lmdi, lmdi_frame, log_mean


def _f(rows: list[tuple[str, float, float]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"sector_id": pl.String, "tco2e": pl.Float64,
                                      "activity": pl.Float64}, orient="row")


def test_log_mean() -> None:
    assert log_mean(2.0, 2.0) == 2.0
    assert log_mean(math.e, 1.0) == pytest.approx(math.e - 1.0)


def test_pure_activity_growth_is_all_activity() -> None:
    # both sectors double output at the same intensity: the whole change is activity
    r = lmdi(_f([("a", 10, 100), ("b", 30, 300)]), _f([("a", 20, 200), ("b", 60, 600)]))
    assert r["activity"] == pytest.approx(40.0)
    assert r["structure"] == pytest.approx(0.0, abs=1e-9)
    assert r["intensity"] == pytest.approx(0.0, abs=1e-9)


def test_pure_intensity_cut() -> None:
    r = lmdi(_f([("a", 10, 100)]), _f([("a", 5, 100)]))
    assert r["intensity"] == pytest.approx(-5.0)
    assert r["activity"] == pytest.approx(0.0, abs=1e-12)


def test_entering_sector_goes_to_structure_and_no_activity_is_reported() -> None:
    r = lmdi(_f([("a", 10, 100), ("c", 4, 0)]), _f([("a", 10, 100), ("b", 3, 10), ("c", 6, 0)]))
    assert r["unexplained_no_activity"] == pytest.approx(2.0)
    total = sum(r[k] for k in ("activity", "structure", "intensity", "unexplained_no_activity"))
    assert total == pytest.approx(r["total_change"])
    wf = lmdi_frame(r)
    assert wf["step"].to_list()[0] == "start" and wf["step"].to_list()[-1] == "end"


# Zero (a sector absent that year, or revenue not reported) or a realistic positive amount.
_amount = st.one_of(st.just(0.0), st.floats(min_value=1e-3, max_value=1e9, allow_nan=False))
_sector = st.tuples(_amount, _amount)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_sector, _sector), min_size=1, max_size=6))
def test_effects_sum_exactly_to_the_change(pairs) -> None:
    base = _f([(f"s{i}", e, q) for i, ((e, q), _) in enumerate(pairs)])
    cur = _f([(f"s{i}", e, q) for i, (_, (e, q)) in enumerate(pairs)])
    r = lmdi(base, cur)
    total = r["activity"] + r["structure"] + r["intensity"] + r["unexplained_no_activity"]
    scale = max(1.0, r["e0"], r["et"])
    assert abs(total - r["total_change"]) <= 1e-9 * scale

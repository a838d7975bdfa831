"""Property tests of the engine: linearity, non-negativity, parts add up to totals."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.boundary import BOUNDARIES, apply_boundary, headline_scopes
from metrics.factors import load_factor_library
from metrics.inventory import (
    EMISSIONS_SCHEMA,
    CalcParams,
    compute_emissions,
)
from metrics.rollups import (
    annual_totals,
    headline_totals,
    intensity,
    rollup,
)
from parkghg.contract import ITEMS, TREATMENTS
from tests.metrics.conftest import activity_row, frame

pytestmark = pytest.mark.slow  # hypothesis: many generated examples per test

LIB = load_factor_library()
_EMITTING = [s for s in ITEMS if s.category in {"fuel", "refrigerant", "electricity", "steam",
                                                 "waste"}]


_PARK_OF = {"E1": "P1", "E2": "P1", "E3": "P2"}


@st.composite
def activity_rows(draw: st.DrawFn) -> list[dict[str, object]]:
    n = draw(st.integers(min_value=1, max_value=12))
    rows = []
    for _ in range(n):
        spec = draw(st.sampled_from(_EMITTING))
        enterprise = draw(st.sampled_from(["E1", "E2", "E3"]))
        unit = draw(st.sampled_from(spec.units))
        rows.append(activity_row(
            spec.category, spec.item,
            draw(st.floats(min_value=0.0, max_value=1e6, allow_nan=False)), unit,
            use=draw(st.sampled_from([None, "stationary", "mobile"]))
            if spec.category == "fuel" and spec.item in {"diesel", "gasoline", "lpg"} else None,
            treatment=draw(st.sampled_from(TREATMENTS)) if spec.category == "waste" else None,
            enterprise_id=enterprise,
            park_id=_PARK_OF[enterprise],  # an enterprise sits in one park
            period=dt.date(draw(st.integers(2021, 2025)), draw(st.integers(1, 12)), 1),
        ))
    return rows


PARAMS = st.builds(CalcParams, gwp_set=st.sampled_from(["AR4", "AR5", "AR6"]),
                   scope2_basis=st.sampled_from(["location", "market"]))
FAST = settings(max_examples=30, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])


def _scale(rows: list[dict[str, object]], k: float) -> pl.DataFrame:
    return frame(rows).with_columns(pl.col("quantity", "quantity_canonical") * k)


@FAST
@given(rows=activity_rows(), params=PARAMS)
def test_doubling_activity_doubles_emissions(rows, params) -> None:
    one = compute_emissions(frame(rows), LIB, params)
    two = compute_emissions(_scale(rows, 2.0), LIB, params)
    # linear in activity, row by row (same keys, same factors)
    assert one.select(pl.exclude("tco2e", "gas_t", "activity_quantity", "energy_tj")).equals(
        two.select(pl.exclude("tco2e", "gas_t", "activity_quantity", "energy_tj")))
    assert two["tco2e"].to_list() == pytest.approx([2 * v for v in one["tco2e"]], rel=1e-9)


@FAST
@given(rows=activity_rows(), params=PARAMS)
def test_emissions_are_non_negative_and_typed(rows, params) -> None:
    em = compute_emissions(frame(rows), LIB, params)
    assert em.schema == pl.Schema(EMISSIONS_SCHEMA)
    assert (em["tco2e"] >= 0).all()
    assert em["tco2e"].null_count() == 0
    assert em["factor_ids"].null_count() == 0 and (em["factor_ids"] != "").all()
    # one row per key (waste keeps its route in item)
    key = ["enterprise_id", "period", "scope", "source_category", "item", "gas", "activity_unit"]
    assert not em.select(key).is_duplicated().any()


@FAST
@given(rows=activity_rows(), params=PARAMS,
       by=st.sampled_from([(), ("park_id",), ("sector_id",), ("enterprise_id",)]),
       freq=st.sampled_from(["month", "quarter", "year"]),
       boundary=st.sampled_from(BOUNDARIES))
def test_rollup_parts_sum_to_totals(rows, params, by, freq, boundary) -> None:
    em = compute_emissions(frame(rows), LIB, params)
    up = rollup(em, by=by, freq=freq, boundary=boundary)
    assert float(up["tco2e"].sum()) == pytest.approx(float(em["tco2e"].sum()), rel=1e-9)
    bounded = apply_boundary(em, boundary)
    for scope in ("1", "2", "3", "outside", "memo"):
        assert float(up.filter(pl.col("scope") == scope)["tco2e"].sum()) == pytest.approx(
            float(bounded.filter(pl.col("scope") == scope)["tco2e"].sum()), rel=1e-9, abs=1e-9)
    # the headline is Scope 1 + 2 under the boundary; Scope 3 is never in it
    totals = headline_totals(em, boundary=boundary)
    headline = bounded.filter(pl.col("scope").is_in(headline_scopes(boundary)))
    assert float(totals["headline_tco2e"].sum()) == pytest.approx(float(headline["tco2e"].sum()),
                                                               rel=1e-9, abs=1e-9)
    assert float(totals["scope3_tco2e"].sum()) == pytest.approx(
        float(bounded.filter(pl.col("scope") == "3")["tco2e"].sum()), rel=1e-9, abs=1e-9)
    # the legacy view keeps its old meaning (scopes 1+2+3, R-22 as memo) for existing exports
    kyoto = em.filter(pl.col("scope").is_in(["1", "2", "3"]))
    assert float(annual_totals(em)["total_tco2e"].sum()) == pytest.approx(
        float(kyoto["tco2e"].sum()), rel=1e-9, abs=1e-9)


def test_intensity_per_output_revenue_and_hectare() -> None:
    rows = [
        activity_row("electricity", "grid", 100.0, "MWh", period=dt.date(2023, 1, 1)),
        activity_row("electricity", "grid", 100.0, "MWh", period=dt.date(2023, 2, 1)),
        activity_row("production", "output", 500.0, "kg", period=dt.date(2023, 1, 1)),
        activity_row("finance", "revenue", 2000.0, "million_VND", period=dt.date(2023, 1, 1)),
    ]
    em = compute_emissions(frame(rows), LIB, CalcParams())
    parks = pl.DataFrame({"park_id": ["nhon_trach_1"], "area_ha": [100.0]})
    out = intensity(em, frame(rows), parks)
    per = {r["metric"]: r for r in out.to_dicts()}
    # only January reported output: 65.92 t over 0.5 t
    assert per["tco2e_per_output"]["value"] == pytest.approx(65.92 / 0.5)
    assert per["tco2e_per_output"]["denominator_unit"] == "t"
    assert per["tco2e_per_billion_vnd"]["value"] == pytest.approx(65.92 / 2.0)
    assert per["tco2e_per_ha"]["value"] == pytest.approx(131.84 / 100.0)

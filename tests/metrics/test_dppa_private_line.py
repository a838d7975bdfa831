"""A DPPA over a private line is not grid electricity; one through the grid is (issue 8).

Under Decree 57/2025/ND-CP a renewable generator can sell to a large buyer either over a
private line or through the national grid. Grid-delivered DPPA electricity is physically grid
electricity: location-based Scope 2 uses the grid factor (2,000 MWh × 0.6592 = 1,318.4 tCO2e in
2023, VN_GRID_EF_2023), market-based counts the contract at 0. Private-line electricity never
touches the grid: 0 in both bases (GHG Protocol Scope 2 Guidance, direct line transfer). Both
count as electricity in TOE (MOIT 0.0001543 TOE/kWh: 308.6 TOE).
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from metrics.factors import load_factor_library
from metrics.inventory import CalcParams, compute_emissions, energy_use


def _activity(item: str) -> pl.DataFrame:
    return pl.DataFrame(
        [{"enterprise_id": "e", "park_id": "p", "sector_id": "s", "period": dt.date(2023, 3, 1),
          "category": "electricity", "item": item, "quantity": 2000.0, "unit": "MWh",
          "quantity_canonical": 2000.0, "unit_canonical": "MWh", "use": None,
          "treatment": None, "counterparty": None, "note": None, "submission_id": "s",
          "row_number": 2}],
        schema_overrides={c: pl.String for c in ("use", "treatment", "counterparty", "note")})


@pytest.mark.parametrize(("item", "basis", "expected"), [
    ("dppa_renewable", "location", 1318.4), ("dppa_renewable", "market", 0.0),
    ("dppa_private_line", "location", 0.0), ("dppa_private_line", "market", 0.0),
])
def test_scope2_of_a_dppa_by_delivery(item: str, basis: str, expected: float) -> None:
    em = compute_emissions(_activity(item), load_factor_library(),
                           CalcParams(scope2_basis=basis))  # type: ignore[arg-type]
    assert em.height == 1 and em["factor_ids"][0]  # priced, with a named factor
    assert em["tco2e"].sum() == pytest.approx(expected, abs=1e-9)


def test_private_line_electricity_counts_in_toe() -> None:
    energy = energy_use(_activity("dppa_private_line"), load_factor_library())
    assert energy["energy_toe_moit"].sum() == pytest.approx(308.6, abs=1e-9)

"""Uncertainty columns of the inventory table (IPCC 2006 Vol. 1 ch. 3, Approach 1; issue 8).

Worked by hand. One enterprise buys 1,000 MWh of grid electricity in each of June and July
2023; grid EF 2023 0.6592 tCO2e/MWh (VN_GRID_EF_2023) → 659.2 t per month, 1,318.4 t in all.
Defaults (metrics/factors/uncertainty_defaults.csv, UNVERIFIED placeholders): electricity
activity ±2 %, factor ±10 %. Activity errors are independent per month, the factor's error is
shared by both months (one factor), so

    U = sqrt(2 × (0.02 × 659.2)² + (0.10 × 1,318.4)²) / 1,318.4
      = sqrt(347.636 + 17,381.79) / 1,318.4 = 133.152 / 1,318.4 = ±10.0995 %

One month alone: sqrt(2² + 10²) = ±10.198 %.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from exports.inventory_table import build_table
from metrics.factors import load_factor_library
from metrics.inventory import CalcParams, compute_emissions
from tests.metrics.conftest import activity_row, frame

ENT = "3600000001"
REGISTRY = pl.DataFrame({"enterprise_id": [ENT], "enterprise_name": ["A"]})


def _table(months: int) -> pl.DataFrame:
    rows = [activity_row("electricity", "grid", 1000, "MWh", enterprise_id=ENT,
                         period=dt.date(2023, 6 + m, 1)) for m in range(months)]
    em = compute_emissions(frame(rows), load_factor_library(), CalcParams())
    return build_table(em, REGISTRY)


def test_one_month_is_the_root_sum_of_squares() -> None:
    row = _table(1).row(0, named=True)
    assert row["tco2e"] == pytest.approx(659.2)
    assert row["uncertainty_pct"] == pytest.approx((2**2 + 10**2) ** 0.5, abs=1e-3)
    assert row["enterprise_uncertainty_pct"] == pytest.approx(10.198, abs=1e-3)
    assert row["uncertainty_provisional"] is True  # the electricity defaults are UNVERIFIED


def test_the_shared_factor_error_does_not_average_out() -> None:
    row = _table(2).row(0, named=True)
    assert row["tco2e"] == pytest.approx(1318.4)
    assert row["uncertainty_pct"] == pytest.approx(10.0995, abs=1e-3)
    assert row["enterprise_uncertainty_pct"] == pytest.approx(10.0995, abs=1e-3)

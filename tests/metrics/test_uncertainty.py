"""Issue 8 (7): combined uncertainty by IPCC 2006 Vol1 Ch3 Approach 1 (error propagation).

Product rule U = sqrt(U_AD² + U_EF²); sum rule U_total = sqrt(Σ (U_i x_i)²) / |Σ x_i|; factor
errors fully correlated between rows that use the same factor. Defaults from
metrics/factors/uncertainty_defaults.csv (electricity AD 2 %, EF 10 %; refrigerant AD 20 %,
EF 0 % — UNVERIFIED placeholders, so results are flagged provisional). Emissions: grid EF
2023 0.6592 t/MWh (letter 1726/BĐKH-PTCBT); R-22 GWP AR5 1760 (Circular 38 Scope 1).
"""

from __future__ import annotations

import math

import polars as pl
import pytest

from metrics.inventory import CalcParams, compute_emissions
from metrics.uncertainty import combined_uncertainty, uncertainty_defaults
from tests.metrics.conftest import activity_row, frame


def test_enterprise_inventory_uncertainty_by_hand(library) -> None:
    # x1 = 100 MWh × 0.6592 = 65.92 t (AD 2 %, EF 10 %); x2 = 20 kg R-22 × 1760 = 35.2 t (AD 20 %)
    em = compute_emissions(frame([
        activity_row("electricity", "grid", 100.0, "MWh", enterprise_id="E1"),
        activity_row("refrigerant", "r22", 20.0, "kg", enterprise_id="E1"),
    ]), library, CalcParams())
    out = combined_uncertainty(em).to_dicts()[0]
    u_abs = math.sqrt((0.02 * 65.92) ** 2 + (0.10 * 65.92) ** 2 + (0.20 * 35.2) ** 2)
    assert out["tco2e"] == pytest.approx(101.12)
    assert out["uncertainty_tco2e"] == pytest.approx(u_abs)  # 9.734 t
    assert out["uncertainty_pct"] == pytest.approx(100 * u_abs / 101.12)  # 9.63 %
    assert out["uncertainty_provisional"] is True


def test_province_total_keeps_shared_factor_errors_correlated(library) -> None:
    # two enterprises, 100 MWh each at the same grid EF: activity errors independent,
    # the grid-EF error is shared: U² = 2 × (0.02 × 65.92)² + (0.10 × 131.84)²
    em = compute_emissions(frame([
        activity_row("electricity", "grid", 100.0, "MWh", enterprise_id="E1"),
        activity_row("electricity", "grid", 100.0, "MWh", enterprise_id="E2"),
    ]), library, CalcParams())
    prov = combined_uncertainty(em, by=("year",)).to_dicts()[0]
    u_abs = math.sqrt(2 * (0.02 * 65.92) ** 2 + (0.10 * 131.84) ** 2)
    assert prov["tco2e"] == pytest.approx(131.84)
    assert prov["uncertainty_tco2e"] == pytest.approx(u_abs)  # 13.315 t, 10.10 %
    # per enterprise the same figure is sqrt(2² + 10²) % = 10.198 %
    ent = combined_uncertainty(em)
    assert ent["uncertainty_pct"].to_list() == pytest.approx([math.sqrt(2**2 + 10**2)] * 2)


def test_defaults_file_is_sourced_and_marks_unverified_values() -> None:
    d = uncertainty_defaults()
    assert d.filter(pl.col("verification").is_null()).height == 0
    assert (d["ad_source"].str.len_chars() > 0).all() and (d["ef_source"].str.len_chars() > 0).all()
    # every value without a read source says so
    unverified = d.filter(pl.col("verification") == "UNVERIFIED")
    assert unverified["ef_source"].str.contains("UNVERIFIED|not propagated").all()

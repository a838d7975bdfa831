"""Issue 8, correction 4: threshold screening has one basis.

Hand-worked figures and their sources:
* grid EF 2023 = 0.6592 t CO2e/MWh (letter 1726/BĐKH-PTCBT, regulation.md §2); for 2024 no
  official value is published, so 2023 stands in and the result is provisional;
* R-22 GWP AR5 1760: 20 kg × 1760 / 1000 = 35.2 tCO2e, Scope 1 under Circular 38 (App. II
  Sec. 2 refrigerants "HFC and HCFC", lists R-22);
* MOIT TOE: electricity 0.0001543 TOE/kWh (letter 3505/BCT-KHCN, toe.md);
* thresholds ≥ 3,000 tCO2e, ≥ 1,000 TOE (Decree 06/2022, regulation.md §1.2).
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from metrics.inventory import CalcParams, compute_emissions
from metrics.screening import SCREENING_SCHEMA, screening
from tests.metrics.conftest import activity_row, frame

D2023 = dt.date(2023, 6, 1)


def _by_ent(out: pl.DataFrame) -> dict[str, dict]:
    return {r["enterprise_id"]: r for r in out.to_dicts()}


def test_recs_never_move_an_enterprise_below_3000(library) -> None:
    # 5,000 MWh × 0.6592 = 3,296 tCO2e location-based; 5,000 MWh of retired RECs would make the
    # market-based figure 0, but screening ignores them
    rows = [activity_row("electricity", "grid", 5000.0, "MWh", enterprise_id="A", period=D2023),
            activity_row("electricity", "rec_retired", 5000.0, "MWh", enterprise_id="A",
                         period=D2023)]
    market = compute_emissions(frame(rows), library, CalcParams(scope2_basis="market"))
    assert float(market["tco2e"].sum()) == 0.0
    row = _by_ent(screening(frame(rows), library, "AR5", 2023))["A"]
    assert row["screening_tco2e"] == pytest.approx(3296.0)
    assert row["over_3000_tco2e"] is True
    assert row["scope2_basis"] == "location" and row["boundary"] == "circular38"


def test_r22_counts_in_screening(library) -> None:
    # 4,500 MWh × 0.6592 = 2,966.4 t (< 3,000); + 20 kg R-22 × 1760 / 1000 = 35.2 t → 3,001.6 t
    rows = [activity_row("electricity", "grid", 4500.0, "MWh", enterprise_id="B", period=D2023)]
    without = _by_ent(screening(frame(rows), library, "AR5", 2023))["B"]
    assert without["screening_tco2e"] == pytest.approx(2966.4)
    assert without["over_3000_tco2e"] is False
    rows.append(activity_row("refrigerant", "r22", 20.0, "kg", enterprise_id="B", period=D2023))
    with_r22 = _by_ent(screening(frame(rows), library, "AR5", 2023))["B"]
    assert with_r22["screening_tco2e"] == pytest.approx(3001.6)
    assert with_r22["over_3000_tco2e"] is True
    assert "GWP_AR5_HCFC-22" in with_r22["factor_ids"]


def test_toe_flag_uses_moit_and_scope3_is_excluded(library) -> None:
    # 6,500 MWh × 0.1543 TOE/MWh = 1,002.95 TOE ≥ 1,000 (physical 3.6 GJ/MWh would be 558.9);
    # 100 t general waste to landfill is Scope 3 and never in the screening figure
    rows = [activity_row("electricity", "grid", 6500.0, "MWh", enterprise_id="C", period=D2023),
            activity_row("waste", "general", 100.0, "t", treatment="landfill", enterprise_id="C",
                         period=D2023)]
    row = _by_ent(screening(frame(rows), library, "AR5", 2023))["C"]
    assert row["energy_toe_moit"] == pytest.approx(1002.95)
    assert row["over_1000_toe"] is True and row["meets_a_list_criterion"] is True
    assert row["screening_tco2e"] == pytest.approx(6500 * 0.6592)
    assert "MOIT_TOE_electricity_MWh" in row["factor_ids"]
    assert "VN_GRID_EF_2023" in row["factor_ids"]


def test_provisional_grid_factor_and_year_filter(library) -> None:
    rows = [activity_row("electricity", "grid", 100.0, "MWh", enterprise_id="D",
                         period=dt.date(2024, 3, 1)),
            activity_row("electricity", "grid", 999.0, "MWh", enterprise_id="D",
                         period=dt.date(2023, 3, 1))]
    out = screening(frame(rows), library, "AR5", 2024)
    assert out.schema == pl.Schema(SCREENING_SCHEMA)
    row = _by_ent(out)["D"]
    assert row["screening_tco2e"] == pytest.approx(65.92)  # 2023 EF standing in for 2024
    assert row["provisional"] is True
    assert row["energy_toe_moit"] == pytest.approx(100 * 0.1543)


def test_enterprise_with_energy_only_is_listed(library) -> None:
    # on-site solar: 0 tCO2e but energy consumption still counts (MOIT electricity coefficient)
    rows = [activity_row("electricity", "onsite_solar", 10.0, "MWh", enterprise_id="E",
                         period=D2023)]
    row = _by_ent(screening(frame(rows), library, "AR6", 2023))["E"]
    assert row["screening_tco2e"] == 0.0
    assert row["energy_toe_moit"] == pytest.approx(1.543)
    assert row["gwp_set"] == "AR6"

"""Issue 8, correction 3: energy in TOE uses MOIT's coefficients; physical GJ stays separate.

Source of every coefficient: MOIT TOE conversion table attached to letter 3505/BCT-KHCN
(19/04/2011), restated with Circular 02/2014/TT-BCT (16/01/2014) — /work/shared/reference/toe.md
(electricity 0.0001543 TOE/kWh; DO 1.02 TOE/t or 0.88 TOE/1,000 L; FO 0.99/t or 0.94/1,000 L;
LPG 1.09/t; natural gas 0.90 TOE/1,000 m3; gasoline 1.05/t or 0.83/1,000 L). Fuels the table
lacks: NCV (IPCC 2006 Vol2 Ch1 Table 1.2) ÷ 41.868 GJ/TOE (DESNZ 2025 'Conversions').
"""

from __future__ import annotations

import polars as pl
import pytest

from metrics.factors import load_factor_library
from metrics.inventory import ENERGY_SCHEMA, energy_use
from tests.metrics.conftest import activity_row, frame


def _one(act_rows, library) -> dict:
    out = energy_use(frame(act_rows), library)
    assert out.height == 1
    return out.to_dicts()[0]


def test_2000_mwh_grid_is_308_6_toe(library) -> None:
    # 2,000 MWh = 2,000,000 kWh × 0.0001543 TOE/kWh = 308.6 TOE (MOIT); the physical
    # equivalent 2,000 × 3.6 / 41.868 = 171.97 TOE is *not* what MOIT counts (toe.md note)
    row = _one([activity_row("electricity", "grid", 2000.0, "MWh")], library)
    assert row["energy_toe_moit"] == pytest.approx(308.6)
    assert row["energy_gj_physical"] == pytest.approx(7200.0)
    assert row["toe_basis"] == "moit"
    assert row["toe_factor_ids"] == "MOIT_TOE_electricity_MWh"
    # the same in kWh
    kwh = _one([activity_row("electricity", "grid", 2_000_000.0, "kWh")], library)
    assert kwh["energy_toe_moit"] == pytest.approx(308.6)


@pytest.mark.parametrize(
    ("item", "quantity", "unit", "toe"),
    [
        ("diesel", 10.0, "t", 10 * 1.02),
        ("diesel", 10_000.0, "L", 10 * 0.88),  # 10,000 L = 10 × 1,000 L
        ("fuel_oil", 10.0, "t", 10 * 0.99),
        ("fuel_oil", 10.0, "m3", 10 * 0.94),
        ("lpg", 10_000.0, "kg", 10 * 1.09),
        ("gasoline", 10.0, "t", 10 * 1.05),
        ("gasoline", 10_000.0, "L", 10 * 0.83),
        ("natural_gas", 100_000.0, "Sm3", 100 * 0.90),  # 0.90 TOE per 1,000 m3
    ],
)
def test_moit_coefficients_by_fuel_and_unit(library, item, quantity, unit, toe) -> None:
    row = _one([activity_row("fuel", item, quantity, unit)], library)
    assert row["energy_toe_moit"] == pytest.approx(toe)
    assert row["toe_basis"] == "moit"


def test_lpg_litres_go_through_density_then_the_moit_mass_coefficient(library) -> None:
    # 1,000 L LPG × 529.749 kg/m3 (DESNZ 2025 density) = 0.529749 t × 1.09 TOE/t
    row = _one([activity_row("fuel", "lpg", 1000.0, "L")], library)
    assert row["energy_toe_moit"] == pytest.approx(0.529749 * 1.09)
    assert row["toe_factor_ids"] == "DESNZ25_DENSITY_lpg; MOIT_TOE_lpg_t"


@pytest.mark.parametrize(
    ("item", "ncv"),
    [("kerosene", 43.8), ("coal_anthracite", 26.7), ("wood", 15.6), ("rice_husk", 11.6)],
)
def test_fuels_missing_from_the_moit_table_are_derived_from_ncv(library, item, ncv) -> None:
    # IPCC 2006 Vol2 Ch1 Table 1.2 NCV (GJ/t) ÷ 41.868 GJ/TOE, labelled derived, not MOIT
    row = _one([activity_row("fuel", item, 100.0, "t")], library)
    assert row["energy_toe_moit"] == pytest.approx(100 * ncv / 41.868)
    assert row["toe_basis"] == "derived_ncv"
    assert "CONV_toe_GJ" in row["toe_factor_ids"]


def test_steam_and_gas_in_gj_are_derived(library) -> None:
    # 10 t steam × 2,776 kJ/kg = 27.76 GJ ÷ 41.868 (Circular 38 check-case enthalpy)
    steam = _one([activity_row("steam", "purchased_steam", 10.0, "t")], library)
    assert steam["energy_toe_moit"] == pytest.approx(27.76 / 41.868)
    assert steam["toe_basis"] == "derived_ncv"
    gas = _one([activity_row("fuel", "natural_gas", 418.68, "GJ")], library)
    assert gas["energy_toe_moit"] == pytest.approx(10.0)
    assert gas["toe_basis"] == "derived_ncv"


def test_schema_names_both_measures_and_keeps_the_legacy_columns(library) -> None:
    out = energy_use(frame([activity_row("electricity", "grid", 1.0, "MWh")]), library)
    assert out.schema == pl.Schema(ENERGY_SCHEMA)
    assert out["energy_gj"][0] == out["energy_gj_physical"][0]
    assert out["energy_toe"][0] == out["energy_toe_moit"][0]


def test_moit_rows_are_shipped_with_source_and_tag() -> None:
    rows = load_factor_library().factors().filter(pl.col("kind") == "toe_coefficient")
    assert rows.height >= 9
    assert rows["source"].str.contains("3505/BCT-KHCN").all()
    assert set(rows["verification"]) <= {"VERIFIED", "CONFLICT"}

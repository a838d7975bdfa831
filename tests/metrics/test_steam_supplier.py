"""Purchased steam priced with the supplier's own fuel mix when the supplier is in the registry.

Worked by hand (June 2023). Supplier S burns 100 t of anthracite and 50 t of wood in its
boilers; buyer B buys 100 t of steam from S (``counterparty`` = S's enterprise id).

* IPCC 2006 Vol. 2 ch. 1: anthracite NCV 26.7 GJ/t (Table 1.2), CO2 98,300 kg/TJ (Table 1.4);
  wood NCV 15.6 GJ/t, its CO2 biogenic (outside the scopes).
* S's stationary fuel energy: 100 × 26.7 + 50 × 15.6 = 2,670 + 780 GJ = 3.45 TJ; fossil CO2:
  2.67 TJ × 98,300 = 262,461 kg. S's fuel-mix factor: 262,461 / 3.45 = **76,075.65 kg CO2/TJ**.
* Circular 38 (as corrected by Decision 334/QĐ-BCT): EF = enthalpy / η × EF_fuel; enthalpy
  2,776 kJ/kg, η 0.85 (Circular 38 check case): heat 100 t × 2.776 GJ/t = 277.6 GJ; fuel
  277.6 / 0.85 = 326.588 GJ = 0.326588 TJ; CO2 = 0.326588 × 76,075.65 / 1000 = **24.8454 t**.
* The default diesel boiler would give 0.326588 × 74,100 / 1000 = 24.2002 t (0.242 t/t, the
  Circular's check case); a supplier-declared natural-gas factor (56,100 kg/TJ, IPCC Table 1.4)
  imported for B would give 18.3216 t. The registry supplier's figure comes first.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from metrics.factors import load_factor_library
from metrics.inventory import CalcParams, compute_emissions
from metrics.steam_supplier import (
    as_factor_rows,
    from_factor_rows,
    supplier_factor_id,
    supplier_steam_factors,
)
from tests.metrics.conftest import activity_row, frame

S, B = "3600000001", "3600000002"
FUEL_TJ = 0.2776 / 0.85
MIX_KG_PER_TJ = 2.67 * 98_300 / 3.45


def _supplier_factors(library):
    supplier = frame([
        activity_row("fuel", "coal_anthracite", 100, "t", use="stationary", enterprise_id=S),
        activity_row("fuel", "wood", 50, "t", use="stationary", enterprise_id=S),
    ])
    return supplier_steam_factors(compute_emissions(supplier, library, CalcParams()))


def _declared_library():
    """B imported a supplier-declared boiler fuel factor (natural gas) for its steam."""
    custom = pl.DataFrame([{
        "factor_id": f"{B}_STEAM_FUEL_declared", "library_version": "custom",
        "kind": "steam_fuel_co2_ef", "fuel_or_item": "purchased_steam", "use": None,
        "gas": "CO2", "value": 56_100.0, "unit": "kg/TJ", "valid_from": "2023-01-01",
        "valid_to": None, "level": "enterprise", "source": "Supplier declaration 2023",
        "source_detail": "letter no. 12", "verification": "VERIFIED", "enterprise_id": B,
    }])
    return load_factor_library(custom=custom)


def test_supplier_fuel_mix_factor_worked_by_hand(library) -> None:
    derived = _supplier_factors(library)
    row = derived.row(0, named=True)
    assert (row["supplier_id"], row["year"]) == (S, 2023)
    assert row["fuel_tj"] == pytest.approx(3.45)
    assert row["co2_t"] == pytest.approx(262.461)
    assert row["value"] == pytest.approx(76_075.65, abs=0.01)
    assert row["factor_id"] == supplier_factor_id(S, 2023)


def test_supplier_factor_comes_before_declared_and_default(library) -> None:
    derived = _supplier_factors(library)
    lib = _declared_library()
    buyer = frame([
        activity_row("steam", "purchased_steam", 100, "t", enterprise_id=B, counterparty=S),
        activity_row("steam", "purchased_steam", 100, "t", enterprise_id=B,
                     counterparty="Công ty Hơi nước Tín Nghĩa", period=dt.date(2023, 7, 1)),
    ])
    em = compute_emissions(buyer, lib, CalcParams(), steam_suppliers=derived).sort("period")
    assert em["tco2e"].to_list() == pytest.approx(
        [FUEL_TJ * MIX_KG_PER_TJ / 1000, FUEL_TJ * 56_100 / 1000])
    assert em["tco2e"][0] == pytest.approx(24.8454, abs=1e-4)
    assert supplier_factor_id(S, 2023) in em["factor_ids"][0]
    assert f"{B}_STEAM_FUEL_declared" in em["factor_ids"][1]
    # Without a registry supplier nor a declaration: the default diesel boiler (0.242 t/t).
    plain = compute_emissions(buyer.head(1), library, CalcParams())
    assert plain["tco2e"][0] == pytest.approx(24.2002, abs=1e-4)
    assert "C38_STEAM_FUEL_CO2_default" in plain["factor_ids"][0]


def test_a_year_without_supplier_data_falls_back(library) -> None:
    derived = _supplier_factors(library)
    buyer = frame([activity_row("steam", "purchased_steam", 100, "t", enterprise_id=B,
                                counterparty=S, period=dt.date(2024, 6, 1))])
    em = compute_emissions(buyer, library, CalcParams(), steam_suppliers=derived)
    assert "C38_STEAM_FUEL_CO2_default" in em["factor_ids"][0]


def test_derived_factor_rows_round_trip_for_frozen_versions(library) -> None:
    derived = _supplier_factors(library)
    rows = as_factor_rows(derived)
    assert rows["kind"].to_list() == ["steam_fuel_co2_ef"]
    assert rows["verification"].to_list() == ["DERIVED"]
    assert "t" not in rows["source_detail"][0].split()  # no supplier totals disclosed
    back = from_factor_rows(rows)
    assert back.select("supplier_id", "year", "factor_id", "value").rows() == derived.select(
        "supplier_id", "year", "factor_id", "value").rows()

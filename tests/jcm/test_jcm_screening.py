"""JCM screening rules on a hand-built year of activity."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from metrics.factors import load_factor_library
from metrics.jcm.catalogue import technology_catalogue
from metrics.jcm.screening import SettingValue, jcm_candidates, technology_fit

SUN, COOL, BOIL, WOOD = "3600000001", "3600000002", "3600000003", "3600000004"
PROFILE = pl.DataFrame({
    "enterprise_id": [SUN, COOL, BOIL, WOOD],
    "park_id": ["pa", "pa", "pa", "pb"],
    "sector_id": ["footwear", "electronics", "food", "wood"],
    "roof_area_m2": [6500.0, None, 0.0, 0.0],
})
GRID = {"grid_ef": SettingValue(value=0.5, verification="UNVERIFIED")}


def _row(ent: str, category: str, item: str, qty: float, unit: str, *, use=None,
         treatment=None, counterparty=None, month: int = 1) -> dict:
    park = PROFILE.filter(pl.col("enterprise_id") == ent)["park_id"][0]
    sector = PROFILE.filter(pl.col("enterprise_id") == ent)["sector_id"][0]
    return {"enterprise_id": ent, "park_id": park, "sector_id": sector,
            "period": dt.date(2025, month, 1), "category": category, "item": item,
            "quantity": qty, "unit": unit, "quantity_canonical": qty, "unit_canonical": unit,
            "use": use, "treatment": treatment, "counterparty": counterparty, "note": None,
            "submission_id": "s", "row_number": 1}


def _activity(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema_overrides={"period": pl.Date, "row_number": pl.Int32})


ACTIVITY = _activity([
    _row(SUN, "electricity", "grid", 1000.0, "MWh"),
    _row(SUN, "electricity", "onsite_solar", 50.0, "MWh"),
    _row(COOL, "electricity", "grid", 2000.0, "MWh"),
    _row(BOIL, "electricity", "grid", 100.0, "MWh"),
    _row(BOIL, "fuel", "fuel_oil", 100.0, "t", use="stationary"),
    _row(WOOD, "fuel", "coal_anthracite", 10.0, "t", use="stationary"),
    _row(WOOD, "waste", "wood_waste", 20.0, "t", treatment="landfill", counterparty="X"),
])


@pytest.fixture(scope="module")
def library():
    return load_factor_library()


def _one(df: pl.DataFrame, ent: str, tech: str) -> dict:
    rows = df.filter((pl.col("enterprise_id") == ent) & (pl.col("technology_id") == tech))
    assert rows.height == 1, (ent, tech, df.select("enterprise_id", "technology_id"))
    return rows.row(0, named=True)


def test_rooftop_solar_is_sized_by_roof_and_capped_by_daytime_use(library):
    df = jcm_candidates(ACTIVITY, PROFILE, library, GRID, 2025)
    pv = _one(df, SUN, "rooftop_solar")
    # roof 6,500 m2 × 0.7 / 6.5 = 700 kWp → 945 MWh; cap = 1,000 × 0.55 − 50 = 500 MWh.
    assert pv["capacity"] == pytest.approx(500 / 1.35)
    assert pv["er_tco2_per_year"] == pytest.approx(250.0)
    assert pv["er_tco2_lifetime"] == pytest.approx(250.0 * 20)
    assert json.loads(pv["assumptions"])["EF_RE_tco2_per_mwh"] == 0.5
    # investment at the catalogue's mid cost, half of it JCM finance
    assert pv["investment_usd"] == pytest.approx(pv["capacity"] * 675)
    assert pv["jcm_financing_usd"] == pytest.approx(pv["investment_usd"] / 2)
    assert pv["cost_usd_per_tco2"] == pytest.approx(pv["investment_usd"] / 5000)
    assert pv["indicative"]
    # no roof, no solar candidate
    assert df.filter((pl.col("enterprise_id") == BOIL)
                     & (pl.col("technology_id") == "rooftop_solar")).height == 0


def test_chillers_only_for_cooling_sectors(library):
    df = jcm_candidates(ACTIVITY, PROFILE, library, GRID, 2025)
    ch = _one(df, COOL, "high_efficiency_chiller")
    # base 2,000 × 0.35 = 700 MWh; ER = 700 × (1 − 4.8/6.0) × 0.5 = 70 t.
    assert ch["er_tco2_per_year"] == pytest.approx(70.0)
    assert _one(df, SUN, "inverter_hvac")["methodology_id"] == "vn_am003_buildings"
    assert df.filter((pl.col("enterprise_id") == SUN)
                     & (pl.col("technology_id") == "high_efficiency_chiller")).height == 0


def test_boilers_on_fuel_oil_get_switch_and_efficiency_candidates(library):
    df = jcm_candidates(ACTIVITY, PROFILE, library, GRID, 2025)
    techs = set(df.filter(pl.col("enterprise_id") == BOIL)["technology_id"])
    assert {"biomass_boiler", "gas_boiler", "boiler_efficiency"} <= techs
    bio = _one(df, BOIL, "biomass_boiler")
    # 100 t FO × 40.4 GJ/t = 4.04 TJ × 77.4 t/TJ = 312.7 tCO2 (IPCC 2006 factors of the
    # inventory); same heat from biomass at η 0.85 vs reference 0.89 → RE = 312.7 t, PE = 0.
    assert bio["er_tco2_per_year"] == pytest.approx(4.04 * 77.4, rel=1e-6)
    eff = _one(df, BOIL, "boiler_efficiency")
    assert eff["er_tco2_per_year"] == pytest.approx(4.04 * 77.4 * (1 - 0.80 / 0.92), rel=1e-6)
    # coal below the 1 TJ minimum (10 t × 26.7 GJ/t = 0.267 TJ): no boiler candidate
    assert df.filter((pl.col("enterprise_id") == WOOD)
                     & pl.col("technology_id").str.contains("boiler")).height == 0


def test_byproduct_needs_a_fossil_boiler_neighbour_in_the_same_park(library):
    df = jcm_candidates(ACTIVITY, PROFILE, library, GRID, 2025)
    # WOOD is alone in park pb, and its own coal is not a neighbour: no symbiosis candidate
    assert df.filter(pl.col("technology_id") == "byproduct_biomass").height == 0
    moved = PROFILE.with_columns(park_id=pl.lit("pa"))
    act = ACTIVITY.with_columns(park_id=pl.lit("pa"))
    df = jcm_candidates(act, moved, library, GRID, 2025)
    bp = _one(df, WOOD, "byproduct_biomass")
    # 20 t × 15.6 GJ/t = 0.312 TJ replaces FO at the neighbour (BOIL)
    assert BOIL in bp["basis_en"] and "X" in bp["basis_en"]
    # the basis in both languages, numbers in each reader's format (20 t: "20,0" / "20.0")
    assert bp["basis_en"].startswith("wood_waste 20.0 t/yr now to X")
    assert "20,0 t/năm" in bp["basis_vi"] and "lò hơi" in bp["basis_vi"]
    assert bp["er_tco2_per_year"] == pytest.approx(0.312 * 0.85 / 0.89 * 77.4, rel=1e-6)


def test_without_the_jcm_grid_factor_grid_candidates_have_no_figure(library):
    df = jcm_candidates(ACTIVITY, PROFILE, library, {}, 2025)
    pv = _one(df, SUN, "rooftop_solar")
    assert pv["er_tco2_per_year"] is None and pv["needs_setting"] == "grid_ef"
    assert _one(df, BOIL, "biomass_boiler")["er_tco2_per_year"] is not None


def test_assumptions_are_editable_and_financing_is_capped(library):
    over = {"rooftop_solar": {"daytime_share_frac": 0.9, "jcm_financing_frac": 0.8}}
    pv = _one(jcm_candidates(ACTIVITY, PROFILE, library, GRID, 2025, over), SUN,
              "rooftop_solar")
    # cap now 900 − 50 = 850 MWh, roof allows 945 → 850 MWh × 0.5
    assert pv["er_tco2_per_year"] == pytest.approx(425.0)
    assert pv["jcm_financing_frac"] == 0.5


def test_ranking_per_park_and_province(library):
    df = jcm_candidates(ACTIVITY, PROFILE, library, GRID, 2025)
    assert df["rank_in_province"].to_list() == list(range(1, df.height + 1))
    top = df.filter(pl.col("park_id") == "pa").sort("rank_in_park").row(0, named=True)
    assert top["er_tco2_per_year"] == df.filter(pl.col("park_id") == "pa")[
        "er_tco2_per_year"].max()


def test_technology_fit_counts_enterprises_per_technology(library):
    df = jcm_candidates(ACTIVITY, PROFILE, library, GRID, 2025)
    fit = technology_fit(df)
    assert fit.height == technology_catalogue().height
    assert fit.filter(pl.col("technology_id") == "rooftop_solar")["enterprises"][0] == 1

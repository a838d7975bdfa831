"""The engine against published worked examples and documented cross-checks.

Sources: IPCC 2006 GL Vol2 Ch1 Tables 1.2/1.4 (per-tonne shortcut, factors.md §2.1); Circular
38/2023/TT-BCT App. II Sec. 2 check cases (regulation.md §1.6); EPA GHG EF Hub 2025 Table 12 /
DESNZ 2025 blend GWPs (factors.md §2.6); DCC grid EF 2022/2023 (regulation.md §2); DESNZ 2025
'Fuels' per-unit factors as plausibility cross-checks (factors.csv ``fuel_per_unit_crosscheck``).
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from metrics.factors import FACTOR_COLUMNS, FACTOR_SCHEMA, load_factor_library
from metrics.gwp import blend_check, gwp_value
from metrics.inventory import (
    CalcParams,
    compute_emissions,
    energy_use,
)
from metrics.rollups import (
    annual_totals,
    headline_totals,
    threshold_flags,
)
from tests.metrics.conftest import activity_row, frame

#: IPCC-based per-unit results vs DESNZ 2025 (UK) per-unit factors: within ±3 %. The gap comes
#: from UK fuel-specific NCVs and carbon contents (e.g. DESNZ petrol NCV 44.65 vs IPCC 44.3 GJ/t,
#: fuel oil 40.75 vs 40.4) and DESNZ's own CH4/N2O; see metrics/factors/README.md.
CROSSCHECK_TOLERANCE = 0.03


def _total(em: pl.DataFrame, **eq: str) -> float:
    for col, val in eq.items():
        em = em.filter(pl.col(col) == val)
    return float(em["tco2e"].sum())


def test_ipcc_per_tonne_shortcut_diesel(library) -> None:
    # 1 t diesel: 43.0 GJ/t × 74,100 kg/TJ = 3.186 t CO2 (factors.md §2.1, HC-09..18 form)
    em = compute_emissions(frame([activity_row("fuel", "diesel", 1.0, "t")]), library,
                           CalcParams())
    co2 = em.filter(pl.col("gas") == "CO2")
    assert co2["gas_t"][0] == pytest.approx(3.1863, abs=5e-5)
    assert co2["energy_tj"][0] == pytest.approx(0.043)
    # CH4 3 kg/TJ and N2O 0.6 kg/TJ (Table 2.3, manufacturing)
    assert em.filter(pl.col("gas") == "CH4")["gas_t"][0] == pytest.approx(0.043 * 3 / 1000)
    assert em.filter(pl.col("gas") == "N2O")["gas_t"][0] == pytest.approx(0.043 * 0.6 / 1000)


def test_circular38_check_case_10_tj_anthracite(library) -> None:
    # Circular 38 App. II: 10 TJ × 98,300 kg CO2/TJ → 983 t. 10 TJ = 10,000/26.7 t anthracite.
    tonnes = 10_000 / 26.7
    em = compute_emissions(frame([activity_row("fuel", "coal_anthracite", tonnes, "t")]),
                           library, CalcParams())
    co2 = em.filter(pl.col("gas") == "CO2")
    assert co2["energy_tj"][0] == pytest.approx(10.0)
    assert co2["gas_t"][0] == pytest.approx(983.0)


def test_circular38_steam_check_case(library) -> None:
    # 2,776 kJ/kg / 0.85 × 74,100 kg/TJ / 1e9 → 0.242 t CO2 per t steam
    em = compute_emissions(frame([activity_row("steam", "purchased_steam", 1.0, "t")]), library,
                           CalcParams())
    assert em["scope"][0] == "2" and em["gas"][0] == "CO2"
    assert em["tco2e"][0] == pytest.approx(0.242, abs=5e-4)
    # the same heat reported in GJ gives the same emissions
    em_gj = compute_emissions(frame([activity_row("steam", "purchased_steam", 2.776, "GJ")]),
                              library, CalcParams())
    assert em_gj["tco2e"][0] == pytest.approx(em["tco2e"][0])


def test_ar5_blend_gwps_reproduce_published_values(library) -> None:
    # EPA Hub 2025 Table 12 / DESNZ 2025: R-410A 1924, R-407C 1624, R-404A 3943 (whole numbers)
    check = blend_check(library)
    assert dict(zip(check["species"], check["published"], strict=True)) == {
        "R-410A": 1924.0, "R-407C": 1624.0, "R-404A": 3943.0}
    assert check["abs_diff"].max() <= 0.5
    # R-507A (50/50 HFC-125/HFC-143a) = 3985 in AR4 and AR5 (printed in public code tables)
    assert gwp_value(library, "AR5", "R-507A") == pytest.approx(3985.0)
    assert gwp_value(library, "AR4", "R-507A") == pytest.approx(3985.0)


@pytest.mark.parametrize(("year", "ef"), [(2022, 0.6766), (2023, 0.6592)])
def test_vietnam_grid_ef_official_years(library, year: int, ef: float) -> None:
    act = frame([activity_row("electricity", "grid", 1234.5, "MWh", period=dt.date(year, 5, 1))])
    em = compute_emissions(act, library, CalcParams())
    assert em["tco2e"][0] == pytest.approx(1234.5 * ef)
    assert em["provisional"][0] is False
    assert em["factor_ids"][0] == f"VN_GRID_EF_{year}"
    # kWh is normalised to MWh upstream: 1,234,500 kWh is the same
    act_kwh = frame([activity_row("electricity", "grid", 1_234_500, "kWh",
                                  period=dt.date(year, 5, 1))])
    assert compute_emissions(act_kwh, library, CalcParams())["tco2e"][0] == pytest.approx(
        1234.5 * ef)


@pytest.mark.parametrize("year", [2024, 2025])
def test_grid_ef_falls_back_to_2023_and_is_provisional(library, year: int) -> None:
    act = frame([activity_row("electricity", "grid", 100.0, "MWh", period=dt.date(year, 1, 1))])
    em = compute_emissions(act, library, CalcParams())
    assert em["tco2e"][0] == pytest.approx(65.92)
    assert em["provisional"][0] is True
    assert em["factor_ids"][0] == "VN_GRID_EF_2023"
    # the non-official HUST estimates are shipped for reference but never used
    assert "est" not in em["factor_ids"][0]


def test_published_national_grid_ef_replaces_the_fallback() -> None:
    row = dict.fromkeys(FACTOR_COLUMNS)
    row.update(factor_id="VN_GRID_EF_2024_official", library_version="custom", kind="grid_ef",
               fuel_or_item="grid", gas="CO2e", value=0.7000, unit="t CO2e/MWh",
               valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2024, 12, 31), level="national",
               source="hypothetical DCC letter (test)", source_detail="test",
               verification="VERIFIED")
    lib = load_factor_library(pl.DataFrame([row], schema=FACTOR_SCHEMA))
    act = frame([activity_row("electricity", "grid", 100.0, "MWh", period=dt.date(2024, 7, 1))])
    em = compute_emissions(act, lib, CalcParams())
    assert em["tco2e"][0] == pytest.approx(70.0)
    assert em["provisional"][0] is False


@pytest.mark.parametrize(
    ("item", "quantity", "unit", "crosscheck_id"),
    [
        ("diesel", 1.0, "L", "DESNZ25_FUEL_diesel_mineral_L"),
        ("gasoline", 1.0, "L", "DESNZ25_FUEL_petrol_mineral_L"),
        ("fuel_oil", 1.0, "L", "DESNZ25_FUEL_fuel_oil_L"),
        ("lpg", 1.0, "t", "DESNZ25_FUEL_lpg_t"),
        ("lpg", 1.0, "L", "DESNZ25_FUEL_lpg_L"),
        ("natural_gas", 0.0036, "GJ", "DESNZ25_FUEL_natural_gas_kWh_net"),  # 1 kWh (net CV)
    ],
)
def test_desnz_per_unit_crosscheck(library, item, quantity, unit, crosscheck_id) -> None:
    em = compute_emissions(frame([activity_row("fuel", item, quantity, unit)]), library,
                           CalcParams(gwp_set="AR5"))
    ours_kg = _total(em) * 1000
    desnz = library.factors().filter(pl.col("factor_id") == crosscheck_id)["value"][0]
    assert ours_kg == pytest.approx(desnz, rel=CROSSCHECK_TOLERANCE)


def test_diesel_crosscheck_is_tight(library) -> None:
    # diesel uses the DESNZ density and IPCC NCV/EF: 2.655 vs DESNZ 2.66155 kg CO2e/L (-0.3 %)
    em = compute_emissions(frame([activity_row("fuel", "diesel", 1.0, "L")]), library,
                           CalcParams())
    assert _total(em) * 1000 == pytest.approx(2.66155, rel=0.005)


def test_gwp_set_switching(library) -> None:
    act = frame([
        activity_row("fuel", "coal_anthracite", 100.0, "t"),
        activity_row("refrigerant", "r32", 10.0, "kg"),
        activity_row("refrigerant", "r410a", 10.0, "kg"),
        activity_row("electricity", "grid", 100.0, "MWh"),
    ])
    res = {s: compute_emissions(act, library, CalcParams(gwp_set=s)) for s in ("AR4", "AR5", "AR6")}

    def gas(s: str, g: str) -> pl.DataFrame:
        return res[s].filter(pl.col("gas") == g)

    ch4_t = gas("AR5", "CH4")["gas_t"][0]
    # gas masses never depend on the GWP set
    assert gas("AR4", "CH4")["gas_t"][0] == gas("AR6", "CH4")["gas_t"][0] == ch4_t
    # combustion CH4 uses the non-fossil value: AR4 25, AR5 28, AR6 27.0 (not 29.8, not 27.9)
    assert [gas(s, "CH4")["gwp"][0] for s in ("AR4", "AR5", "AR6")] == [25.0, 28.0, 27.0]
    assert [gas(s, "N2O")["gwp"][0] for s in ("AR4", "AR5", "AR6")] == [298.0, 265.0, 273.0]
    assert [gas(s, "HFC-32")["tco2e"][0] for s in ("AR4", "AR5", "AR6")] == pytest.approx(
        [6.75, 6.77, 7.71])
    assert [gas(s, "R-410A")["tco2e"][0] for s in ("AR4", "AR5", "AR6")] == pytest.approx(
        [20.875, 19.235, 22.555])
    # CO2 and the CO2e grid factor do not move
    for s in ("AR4", "AR6"):
        assert gas(s, "CO2")["tco2e"][0] == gas("AR5", "CO2")["tco2e"][0]
        assert gas(s, "CO2e")["tco2e"][0] == gas("AR5", "CO2e")["tco2e"][0]
    assert set(res["AR6"]["gwp_set"]) == {"AR6"}


def test_biogenic_split(library) -> None:
    act = frame([
        activity_row("fuel", "wood", 10.0, "t"),
        activity_row("fuel", "rice_husk", 10.0, "t"),
        activity_row("fuel", "biogas", 1000.0, "Nm3"),
    ])
    em = compute_emissions(act, library, CalcParams())
    # biogenic CO2 sits outside the scopes; CH4 and N2O count in Scope 1
    assert set(em.filter(pl.col("gas") == "CO2")["scope"]) == {"outside"}
    assert set(em.filter(pl.col("gas") != "CO2")["scope"]) == {"1"}
    wood = em.filter((pl.col("item") == "wood") & (pl.col("gas") == "CO2"))
    assert wood["gas_t"][0] == pytest.approx(10 * 15.6 * 112_000 / 1e6)  # Table 1.2 × 1.4
    husk = em.filter((pl.col("item") == "rice_husk") & (pl.col("gas") == "CH4"))
    assert husk["gas_t"][0] == pytest.approx(10 * 11.6 * 30 / 1e6)  # "other primary solid biomass"
    totals = annual_totals(em)
    assert totals["outside_tco2e"][0] > 0
    assert totals["total_tco2e"][0] == pytest.approx(
        float(em.filter(pl.col("scope") == "1")["tco2e"].sum()))
    # biogas rests on an estimated CH4 share: provisional
    assert em.filter(pl.col("item") == "biogas")["provisional"].all()


def _electricity(library, basis: str, rows) -> pl.DataFrame:
    return compute_emissions(frame(rows), library, CalcParams(scope2_basis=basis))


def test_location_vs_market_based(library) -> None:
    rows = [
        activity_row("electricity", "grid", 100.0, "MWh"),
        activity_row("electricity", "dppa_renewable", 50.0, "MWh"),
        activity_row("electricity", "onsite_solar", 20.0, "MWh"),
        activity_row("electricity", "rec_retired", 30.0, "MWh"),
    ]
    ef = 0.6592
    loc = _electricity(library, "location", rows)
    mkt = _electricity(library, "market", rows)
    # location: every grid-delivered MWh (grid + DPPA) at the grid EF; solar 0; RECs ignored
    assert _total(loc) == pytest.approx(150 * ef)
    assert "rec_retired" not in set(loc["item"])
    # market: DPPA 0, RECs cover 30 grid MWh, solar 0, the rest at the grid EF
    assert _total(mkt) == pytest.approx(70 * ef)
    assert _total(mkt, item="dppa_renewable") == 0.0
    assert set(mkt["scope2_basis"]) == {"market"}
    # electricity energy adds up to grid + DPPA + solar in both bases
    assert loc["energy_tj"].sum() == pytest.approx(170 * 0.0036)
    assert mkt["energy_tj"].sum() == pytest.approx(170 * 0.0036)


def test_recs_never_push_grid_below_zero(library) -> None:
    rows = [activity_row("electricity", "grid", 10.0, "MWh"),
            activity_row("electricity", "rec_retired", 50.0, "MWh")]
    mkt = _electricity(library, "market", rows)
    assert _total(mkt) == 0.0
    assert mkt.filter(pl.col("item") == "rec_retired")["activity_quantity"][0] == 10.0
    assert (mkt["tco2e"] >= 0).all()


def test_units_give_the_same_emissions(library) -> None:
    density = 830.565  # kg/m3, DESNZ 2025 diesel
    litres = 1000.0
    variants = [
        ("L", litres), ("m3", litres / 1000), ("kg", litres * density / 1000),
        ("t", litres * density / 1e6),
    ]
    totals = [
        _total(compute_emissions(frame([activity_row("fuel", "diesel", q, u)]), library,
                                 CalcParams()))
        for u, q in variants
    ]
    assert totals == pytest.approx([totals[0]] * 4)
    # natural gas: 1 MMBtu = 1.0550559 GJ
    gj = _total(compute_emissions(frame([activity_row("fuel", "natural_gas", 1.0550559, "GJ")]),
                                  library, CalcParams()))
    mmbtu = _total(compute_emissions(frame([activity_row("fuel", "natural_gas", 1.0, "MMBtu")]),
                                     library, CalcParams()))
    assert gj == pytest.approx(mmbtu)


def test_refrigerants_and_montreal_memo(library) -> None:
    act = frame([activity_row("refrigerant", "r22", 10.0, "kg"),
                 activity_row("refrigerant", "sf6", 1.0, "kg")])
    em = compute_emissions(act, library, CalcParams())
    r22 = em.filter(pl.col("item") == "r22")
    # the engine keeps the GHG-Protocol label; the boundary decides (metrics.boundary)
    assert r22["scope"][0] == "memo" and r22["tco2e"][0] == pytest.approx(17.6)  # 10 kg × 1760
    sf6 = em.filter(pl.col("item") == "sf6")
    assert sf6["scope"][0] == "1" and sf6["tco2e"][0] == pytest.approx(23.5)  # 1 kg × 23,500
    # GHG Protocol view: R-22 is a labelled memo line outside the total
    ghgp = headline_totals(em, boundary="ghg_protocol")
    assert ghgp["memo_tco2e"][0] == pytest.approx(17.6)
    assert ghgp["headline_tco2e"][0] == pytest.approx(23.5)
    assert annual_totals(em)["total_tco2e"][0] == pytest.approx(23.5)  # legacy view unchanged
    # Circular 38 (default): R-22 is Scope 1 (App. II Sec. 2, "HFC and HCFC", lists R-22)
    c38 = headline_totals(em)
    assert c38["memo_tco2e"][0] == 0.0
    assert c38["headline_tco2e"][0] == pytest.approx(23.5 + 17.6)


def test_waste_routes_and_symbiosis(library) -> None:
    act = frame([
        activity_row("waste", "general", 2.0, "t", treatment="landfill"),
        activity_row("waste", "plastic", 1000.0, "kg", treatment="reuse",
                     counterparty="3600000099"),
        activity_row("waste", "food_organic", 1.0, "t", treatment="composting"),
    ])
    em = compute_emissions(act, library, CalcParams())
    # DESNZ 2025 C&I landfill 520.5327 kg CO2e/t
    assert _total(em, item="general:landfill") == pytest.approx(2 * 0.5205327)
    # reuse by another enterprise counts like recycling (DESNZ collection + transport)
    assert _total(em, item="plastic:reuse") == pytest.approx(0.00468568)
    # composting per IPCC Vol5 Table 4.1 (wet): 4 kg CH4 + 0.3 kg N2O per t
    comp = em.filter(pl.col("item") == "food_organic:composting")
    assert set(comp["gas"]) == {"CH4", "N2O"}
    assert _total(comp) == pytest.approx(0.004 * 28 + 0.0003 * 265)
    assert set(em["scope"]) == {"3"}


def test_threshold_flags(library) -> None:
    # 4,600 MWh × 0.6592 = 3,032 tCO2e ≥ 3,000; energy 4,600 MWh × 0.1543 TOE/MWh (MOIT,
    # letter 3505/BCT-KHCN; toe.md) = 709.78 TOE < 1,000. (Before issue 8 this used the
    # physical 3.6 GJ/MWh ÷ 41.868 = 395.5 TOE, which is not the basis MOIT counts.)
    act = frame([activity_row("electricity", "grid", 4600.0, "MWh")])
    em = compute_emissions(act, library, CalcParams())
    flags = threshold_flags(em, energy_use(act, library))
    assert flags["over_3000_tco2e"][0] is True
    assert flags["over_1000_toe"][0] is False
    assert flags["energy_toe"][0] == pytest.approx(4600 * 0.1543)
    # 1,000 TOE of diesel = 1,000 / 1.02 TOE/t (MOIT) = 980.39 t
    act2 = frame([activity_row("fuel", "diesel", 1000 / 1.02, "t")])
    flags2 = threshold_flags(compute_emissions(act2, library, CalcParams()),
                             energy_use(act2, library))
    assert flags2["energy_toe"][0] == pytest.approx(1000.0)
    assert flags2["over_1000_toe"][0] is True
    # market-based frames are refused: RECs must never lower the screening figure
    with pytest.raises(ValueError, match="location-based"):
        threshold_flags(compute_emissions(act, library, CalcParams(scope2_basis="market")),
                        energy_use(act, library))

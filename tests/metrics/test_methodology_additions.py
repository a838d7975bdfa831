"""Issue 8: waste incineration by waste type (6), natural gas on a gross basis (8), off-road
machinery (9) and wastewater treated on site (10), each worked by hand from small frames.

Sources:
* IPCC 2006 Vol5 Ch5 Eq. 5.1: CO2 = Σ SW × dm × CF × FCF × OF × 44/12; defaults dm, CF, FCF
  from Vol5 Ch2 Table 2.4 (plastics 1.00/0.75/1.00; textiles 0.80/0.50/0.20; rubber and leather
  0.84/0.67/0.20) and Ch5 Table 5.2 (industrial waste CF 0.50, FCF 0.90; OF 1 for
  incineration) — transcription: AMEE datasets business/waste/combustion/*/data.csv; the
  parameters are in metrics/factors/incineration_ipcc2006.csv;
* EPA GHG EF Hub 2025 Table 9 mixed MSW combusted 0.43 t CO2e/short ton = 474.0 kg/t (the
  factor plastics used before issue 8);
* NCV ≈ 0.9 × GCV for natural gas (IPCC 2006 Vol2 Ch1; corroborated by DESNZ 2025 gross/net
  natural-gas factors 0.18296/0.2027 = 0.9026); IPCC Table 1.4 natural gas CO2 56,100 kg/TJ;
  1 MMBtu = 1.0550559 GJ (DESNZ 2025);
* IPCC 2006 Vol2 Ch3 Table 3.3.1 (p. 3.36): off-road diesel 74,100 / 4.15 / 28.6 kg/TJ;
  Table 1.2 diesel NCV 43.0 GJ/t; AR5 GWP CH4 28, N2O 265;
* IPCC 2006 Vol5 Ch6: Bo = 0.25 kg CH4/kg COD; Table 6.8 MCF anaerobic reactor 0.8, aerobic
  well managed 0.
"""

from __future__ import annotations

import polars as pl
import pytest

from metrics.boundary import headline_tco2e
from metrics.factor_sources import incineration_parameters
from metrics.inventory import CalcParams, compute_emissions
from tests.metrics.conftest import activity_row, frame

C_TO_CO2 = 44 / 12


def _em(rows, library, **kw) -> pl.DataFrame:
    return compute_emissions(frame(rows), library, CalcParams(**kw))


@pytest.mark.parametrize(
    ("item", "dm", "cf", "fcf"),
    [("plastic", 1.00, 0.75, 1.00), ("textile", 0.80, 0.50, 0.20),
     ("rubber", 0.84, 0.67, 0.20), ("hazardous", 1.00, 0.50, 0.90)],
)
def test_incineration_by_waste_type_eq_5_1(library, item, dm, cf, fcf) -> None:
    em = _em([activity_row("waste", item, 10.0, "t", treatment="incineration")], library)
    assert em.height == 1 and em["gas"][0] == "CO2" and em["scope"][0] == "3"
    assert em["tco2e"][0] == pytest.approx(10 * dm * cf * fcf * 1.0 * C_TO_CO2)
    assert "EQ5.1" in em["factor_ids"][0]


def test_plastics_were_understated_about_5_8_fold(library) -> None:
    # before: 1 t plastic × 474.0 kg CO2e/t (mixed MSW); now 1 × 1.0 × 0.75 × 1.0 × 44/12 = 2.75 t
    plastic = _em([activity_row("waste", "plastic", 1.0, "t", treatment="incineration")], library)
    general = _em([activity_row("waste", "general", 1.0, "t", treatment="incineration")], library)
    assert plastic["tco2e"][0] == pytest.approx(2.75)
    assert general["tco2e"][0] == pytest.approx(0.4740, abs=1e-4)  # mixed waste keeps EPA
    assert plastic["tco2e"][0] / general["tco2e"][0] == pytest.approx(5.8, abs=0.05)


def test_hazardous_incineration_rests_on_an_assumed_dry_matter_and_is_provisional(
        library) -> None:
    em = _em([activity_row("waste", "hazardous", 1.0, "t", treatment="incineration")], library)
    assert em["provisional"][0] is True
    params = incineration_parameters()
    assert params.filter((pl.col("item") == "hazardous") & (pl.col("parameter") == "dm_frac")
                         )["verification"][0] == "ESTIMATE"
    assert params["ipcc_table"].null_count() == 0 and params["source"].null_count() == 0


def test_natural_gas_invoiced_on_gross_basis(library) -> None:
    # 100 GJ GCV × 0.9 = 90 GJ NCV × 56,100 kg/TJ = 5.049 t CO2
    gcv = _em([activity_row("fuel", "natural_gas", 100.0, "GJ_gcv")], library)
    co2 = gcv.filter(pl.col("gas") == "CO2")
    assert co2["energy_tj"][0] == pytest.approx(0.090)
    assert co2["gas_t"][0] == pytest.approx(5.049)
    assert "CONV_natural_gas_NCV_per_GCV" in co2["factor_ids"][0]
    # 100 MMBtu GCV = 105.50559 GJ GCV × 0.9 = 94.955 GJ NCV
    mmbtu = _em([activity_row("fuel", "natural_gas", 100.0, "MMBtu_gcv")], library)
    assert mmbtu.filter(pl.col("gas") == "CO2")["energy_tj"][0] == pytest.approx(0.094955031)
    # default when unspecified (plain GJ / MMBtu): net, as in template v1 → 5.61 t
    net = _em([activity_row("fuel", "natural_gas", 100.0, "GJ")], library)
    assert net.filter(pl.col("gas") == "CO2")["gas_t"][0] == pytest.approx(5.61)


def test_offroad_diesel_uses_table_3_3_1(library) -> None:
    # 1 t diesel = 43 GJ; CO2 0.043 × 74,100 = 3.1863 t; CH4 0.043 × 4.15 kg; N2O 0.043 × 28.6 kg
    em = _em([activity_row("fuel", "diesel", 1.0, "t", use="offroad")], library)
    assert set(em["source_category"]) == {"offroad_combustion"}
    by_gas = {r["gas"]: r for r in em.to_dicts()}
    assert by_gas["CO2"]["gas_t"] == pytest.approx(3.1863)
    assert by_gas["CH4"]["gas_t"] == pytest.approx(0.043 * 4.15 / 1000)
    assert by_gas["N2O"]["gas_t"] == pytest.approx(0.043 * 28.6 / 1000)
    assert float(em["tco2e"].sum()) == pytest.approx(0.043 * (74100 + 4.15 * 28 + 28.6 * 265)
                                                     / 1000)
    assert all("T3.3.1" in ids for ids in em["factor_ids"])
    # road diesel (Table 3.2.2: 3.9 / 3.9) gives a lower N2O: the choice matters
    road = _em([activity_row("fuel", "diesel", 1.0, "t", use="mobile")], library)
    assert float(road["tco2e"].sum()) < float(em["tco2e"].sum())


def test_wastewater_treated_on_site_is_scope_1(library) -> None:
    # 10,000 kg COD removed × 0.25 kg CH4/kg COD × MCF 0.8 = 2,000 kg CH4 = 2 t × 28 = 56 tCO2e
    em = _em([activity_row("wastewater", "treated_onsite", 10_000.0, "kg_COD",
                           treatment="anaerobic_reactor")], library)
    assert em["scope"][0] == "1" and em["gas"][0] == "CH4"
    assert em["gas_t"][0] == pytest.approx(2.0)
    assert em["tco2e"][0] == pytest.approx(56.0)
    assert headline_tco2e(em) == pytest.approx(56.0)
    assert "IPCC06_V5_Bo_COD" in em["factor_ids"][0]
    # a well-managed aerobic plant: MCF 0 → a traceable zero, not a missing row
    aerobic = _em([activity_row("wastewater", "treated_onsite", 10_000.0, "kg_COD",
                                treatment="aerobic_well_managed")], library)
    assert aerobic.height == 1 and aerobic["tco2e"][0] == 0.0

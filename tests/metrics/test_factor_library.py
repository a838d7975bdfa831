"""The shipped factor library: provenance on every row, coverage of the contract, selection."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from metrics.factors import (
    FACTOR_COLUMNS,
    SHIPPED_CSV,
    VERIFICATIONS,
    FactorLibraryError,
    load_factor_library,
    validate_factor_frame,
)
from metrics.gwp import REFRIGERANT_SPECIES, gwp_table
from metrics.inventory import BIOGENIC_FUELS, CalcParams, compute_emissions
from parkghg.contract import ITEMS, TREATMENTS
from tests.metrics.conftest import activity_row, frame

SHIPPED = pl.read_csv(SHIPPED_CSV, infer_schema=False)


def test_shipped_csv_is_valid_and_in_export_format() -> None:
    assert tuple(SHIPPED.columns) == FACTOR_COLUMNS
    assert validate_factor_frame(SHIPPED, custom=False) == []


def test_every_row_has_a_source_a_value_and_a_verification_tag() -> None:
    lib = load_factor_library().factors()
    # provenance: no row without a named source, a number and a known tag
    assert lib.filter(pl.col("source").is_null() | (pl.col("source") == "")).height == 0
    assert lib.filter(pl.col("value").is_null()).height == 0
    assert set(lib["verification"].unique()) <= set(VERIFICATIONS)
    # the official 2024 grid EF is UNVERIFIED in the research: it must not be shipped
    assert "VN_GRID_EF_2024" not in lib["factor_id"].to_list()
    assert lib.filter(pl.col("verification") == "UNVERIFIED").height == 0


FUEL_ITEMS = [s for s in ITEMS if s.category == "fuel"]


@pytest.mark.parametrize("spec", FUEL_ITEMS, ids=lambda s: s.item)
def test_every_contract_fuel_has_ncv_co2_ch4_n2o_and_its_units(spec) -> None:
    lib = load_factor_library()
    rows = [activity_row("fuel", spec.item, 1.0, u) for u in spec.units]
    em = compute_emissions(frame(rows), lib, CalcParams())
    # every unit the contract allows for this fuel yields CO2, CH4 and N2O rows
    for unit in {r["unit_canonical"] for r in rows}:
        gases = set(em.filter(pl.col("activity_unit") == unit)["gas"])
        assert gases == {"CO2", "CH4", "N2O"}, (spec.item, unit)


@pytest.mark.parametrize("item", ["diesel", "gasoline", "lpg", "natural_gas"])
def test_road_fuels_have_mobile_factors(library, item: str) -> None:
    unit = "GJ" if item == "natural_gas" else "t"
    em = compute_emissions(frame([activity_row("fuel", item, 1.0, unit, use="mobile")]),
                           library, CalcParams())
    assert set(em["source_category"]) == {"mobile_combustion"}
    assert set(em["gas"]) == {"CO2", "CH4", "N2O"}
    assert all("T3.2" in ids for ids in em["factor_ids"])


@pytest.mark.parametrize("item", sorted(REFRIGERANT_SPECIES))
@pytest.mark.parametrize("gwp_set", ["AR4", "AR5", "AR6"])
def test_every_contract_refrigerant_has_a_gwp_in_every_set(library, item: str, gwp_set: str) -> None:  # noqa: E501
    assert item in {s.item for s in ITEMS if s.category == "refrigerant"}
    table = gwp_table(library, gwp_set)
    row = table.filter(pl.col("species") == REFRIGERANT_SPECIES[item])
    assert row.height == 1 and row["gwp"][0] > 0


WASTE_ITEMS = [s.item for s in ITEMS if s.category == "waste"]


# The whole item × treatment matrix is 147 separate calculations: slow. The fast lane still
# covers every waste item (landfill) in test_every_contract_item_of_an_emission_category_is_covered.
@pytest.mark.slow
@pytest.mark.parametrize("treatment", TREATMENTS)
@pytest.mark.parametrize("item", WASTE_ITEMS)
def test_every_waste_item_and_treatment_has_a_factor(library, item: str, treatment: str) -> None:
    em = compute_emissions(frame([activity_row("waste", item, 1.0, "t", treatment=treatment)]),
                           library, CalcParams())
    assert em.height >= 1
    assert set(em["scope"]) == {"3"}
    assert em["item"][0] == f"{item}:{treatment}"


@pytest.mark.parametrize("item", ["grid", "dppa_renewable", "onsite_solar"])
@pytest.mark.parametrize("basis", ["location", "market"])
def test_every_electricity_item_is_covered(library, item: str, basis: str) -> None:
    em = compute_emissions(frame([activity_row("electricity", item, 10.0, "MWh")]), library,
                           CalcParams(scope2_basis=basis))
    assert em.height == 1 and em["scope"][0] == "2"


def test_every_contract_item_of_an_emission_category_is_covered(library) -> None:
    rows = []
    for spec in ITEMS:
        if spec.category in {"fuel", "refrigerant", "electricity", "steam"}:
            rows += [activity_row(spec.category, spec.item, 1.0, u) for u in spec.units]
        elif spec.category == "waste":
            rows += [activity_row("waste", spec.item, 1.0, "t", treatment="landfill")]
    from metrics.inventory import uncovered_activity

    missing = uncovered_activity(frame(rows), library, CalcParams(scope2_basis="market"))
    assert missing.height == 0, missing.select("category", "item", "unit", "reason")


def test_biogenic_fuels_are_exactly_the_biomass_items() -> None:
    # the contract says which fuels carry biogenic CO2; the engine must agree
    from_contract = {s.item for s in ITEMS if "biogenic" in s.meaning_en}
    assert from_contract == set(BIOGENIC_FUELS)


# --- selection hierarchy (Circular 38 Art. 18) ------------------------------------------------


def _custom(**kw: object) -> dict[str, object]:
    row = dict.fromkeys(FACTOR_COLUMNS)
    row.update(library_version="custom", source="supplier test certificate",
               source_detail="lab analysis", verification="VERIFIED")
    row.update(kw)
    return row


def _custom_frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    from metrics.factors import FACTOR_SCHEMA

    return pl.DataFrame(rows, schema=FACTOR_SCHEMA)


def _co2_t(lib, enterprise_id: str = "3600000001", period=dt.date(2023, 6, 1)) -> float:
    act = frame([activity_row("fuel", "coal_anthracite", 1.0, "t", enterprise_id=enterprise_id,
                              period=period)])
    em = compute_emissions(act, lib, CalcParams())
    return float(em.filter(pl.col("gas") == "CO2")["gas_t"][0])


def test_enterprise_factor_beats_national_beats_ipcc_within_validity() -> None:
    custom = _custom_frame([
        _custom(factor_id="ENT_NCV_coal", kind="ncv", fuel_or_item="coal_anthracite",
                value=24.0, unit="GJ/t", level="enterprise", enterprise_id="3600000001",
                valid_from=dt.date(2023, 1, 1), valid_to=dt.date(2023, 12, 31)),
        _custom(factor_id="NAT_NCV_coal", kind="ncv", fuel_or_item="coal_anthracite",
                value=25.0, unit="GJ/t", level="national", source="Decision 2626 App. I"),
    ])
    lib = load_factor_library(custom)
    # enterprise factor inside its validity window: 24 GJ/t × 98.3 kg/GJ
    assert _co2_t(lib) == pytest.approx(24.0 * 98.3 / 1000)
    # another enterprise gets the national factor
    assert _co2_t(lib, enterprise_id="3600000002") == pytest.approx(25.0 * 98.3 / 1000)
    # outside the enterprise factor's validity the national one applies
    assert _co2_t(lib, period=dt.date(2024, 1, 1)) == pytest.approx(25.0 * 98.3 / 1000)
    # without custom factors: IPCC default 26.7 GJ/t (Table 1.2)
    assert _co2_t(load_factor_library()) == pytest.approx(26.7 * 98.3 / 1000)


def test_custom_factor_traces_into_factor_ids() -> None:
    custom = _custom_frame([
        _custom(factor_id="ENT_CO2_coal", kind="co2_ef", fuel_or_item="coal_anthracite",
                gas="CO2", use="stationary", value=95000.0, unit="kg/TJ", level="enterprise",
                enterprise_id="3600000001"),
    ])
    lib = load_factor_library(custom)
    act = frame([activity_row("fuel", "coal_anthracite", 1.0, "t")])
    em = compute_emissions(act, lib, CalcParams()).filter(pl.col("gas") == "CO2")
    assert "ENT_CO2_coal" in em["factor_ids"][0]
    assert lib.used_factors(em)["factor_id"].to_list().count("ENT_CO2_coal") == 1


@pytest.mark.parametrize(
    ("override", "problem"),
    [
        pytest.param({"unit": "MJ/kg"}, "unit", id="wrong unit for kind"),
        pytest.param({"level": "enterprise", "enterprise_id": None}, "enterprise_id",
                     id="enterprise factor without enterprise"),
        pytest.param({"kind": "gwp", "unit": "kg CO2e(AR5)/kg"}, "kind", id="gwp not importable"),
        pytest.param({"factor_id": "IPCC06_T1.2_NCV_anthracite"}, "factor_id",
                     id="shipped id reused"),
        pytest.param({"valid_from": dt.date(2024, 1, 1), "valid_to": dt.date(2023, 1, 1)},
                     "valid_to", id="window reversed"),
        pytest.param({"value": None}, "value", id="no value"),
        pytest.param({"verification": "MAYBE"}, "verification", id="unknown tag"),
    ],
)
def test_validate_factor_frame_rejects(override: dict[str, object], problem: str) -> None:
    row = _custom(factor_id="X1", kind="ncv", fuel_or_item="coal_anthracite", value=25.0,
                  unit="GJ/t", level="national")
    row.update(override)
    problems = validate_factor_frame(_custom_frame([row]))
    assert problem in {p.column for p in problems}
    with pytest.raises(FactorLibraryError):
        load_factor_library(_custom_frame([row]))


def test_validate_reports_missing_and_unknown_columns() -> None:
    df = SHIPPED.drop("source").with_columns(extra=pl.lit(1))
    problems = validate_factor_frame(df)
    missing = next(p for p in problems if p.code == "missing_columns")
    assert missing.params["columns"] == "source"
    assert ("extra", "unknown_column") in {(p.column, p.code) for p in problems}


def test_csv_text_import_round_trips() -> None:
    # export → CSV text → import (as the CLI does) keeps values and dates
    lib = load_factor_library()
    text = lib.factors().write_csv()
    import io

    again = pl.read_csv(io.StringIO(text), infer_schema=False)
    assert validate_factor_frame(again, custom=False) == []
    assert load_factor_library().fingerprint() == lib.fingerprint()

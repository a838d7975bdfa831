"""The v1 upload vocabulary may grow but never lose or rename anything (old files must load)."""

from __future__ import annotations

import pytest

from parkghg.contract import CATEGORIES, COLUMNS, ITEMS, TREATMENTS, USES, item_spec

# Transcribed from ../shared/spec/upload-template.md (template v1).
V1_UNITS = {
    ("electricity", "grid"): "kWh MWh", ("electricity", "dppa_renewable"): "kWh MWh",
    ("electricity", "onsite_solar"): "kWh MWh", ("electricity", "rec_retired"): "MWh",
    ("fuel", "diesel"): "L m3 kg t", ("fuel", "gasoline"): "L m3 kg t",
    ("fuel", "fuel_oil"): "L m3 kg t", ("fuel", "kerosene"): "L kg t", ("fuel", "lpg"): "kg t L",
    ("fuel", "natural_gas"): "Sm3 MMBtu GJ", ("fuel", "coal_anthracite"): "kg t",
    ("fuel", "coal_bituminous"): "kg t", ("fuel", "coal_subbituminous"): "kg t",
    ("fuel", "wood"): "kg t", ("fuel", "rice_husk"): "kg t", ("fuel", "biogas"): "Nm3",
    **{("refrigerant", r): "kg" for r in
       ("r22", "r32", "r134a", "r404a", "r407c", "r410a", "r507a", "sf6")},
    ("steam", "purchased_steam"): "t GJ",
    **{("water", w): "m3" for w in ("municipal", "groundwater", "surface", "recycled")},
    ("wastewater", "discharged"): "m3", ("wastewater", "cod_load"): "kg",
    **{("waste", w): "kg t" for w in (
        "general", "hazardous", "scrap_metal", "plastic", "paper", "wood_waste", "textile",
        "food_organic", "sludge", "ash_slag", "glass", "e_waste")},
    ("production", "output"): "t kg piece pair m2 m3 MWh",
    ("finance", "revenue"): "VND million_VND billion_VND",
}


@pytest.mark.parametrize(("key", "units"), sorted(V1_UNITS.items()), ids=lambda v: str(v))
def test_every_v1_item_and_unit_is_still_accepted(key, units):
    spec = item_spec(*key)
    assert spec is not None, f"{key} was removed from the contract"
    assert set(units.split()) <= set(spec.units)


def test_v1_columns_treatments_and_uses_are_kept():
    assert COLUMNS[:10] == ("enterprise_id", "period", "category", "item", "quantity", "unit",
                            "use", "treatment", "counterparty", "note")
    assert set(TREATMENTS) >= {"recycling", "reuse", "composting", "anaerobic_digestion",
                               "incineration_energy_recovery", "incineration", "landfill",
                               "other"}
    assert set(USES) >= {"stationary", "mobile"}
    assert set(CATEGORIES) == {c for c, _ in V1_UNITS}


def test_every_item_explains_itself_in_both_languages():
    for spec in ITEMS:
        assert spec.meaning_en and spec.meaning_vi and spec.meaning_en != spec.meaning_vi

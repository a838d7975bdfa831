"""Issue 8.5: no accepted row is silently dropped.

A fuel used in a way no published factor covers (kerosene or fuel oil on the road) used to be
accepted and then priced at nothing. The contract now names those combinations
(``parkghg.contract.UNSUPPORTED_FUEL_USES``) and the upload rejects them with the reason and a
fix; ``tests/metrics/test_contract_coverage.py`` proves every other accepted combination is
priced or zero with a stated reason. Wastewater treated on site carries its treatment type.
"""

from __future__ import annotations

import pytest

from ingest.read import read_upload
from ingest.validate import ValidationContext, validate
from parkghg.contract import ITEMS, UNSUPPORTED_FUEL_USES
from tests.ingest.conftest import csv_bytes, row
from tests.worlds import ENT_A, TODAY


def check(rows):
    ctx = ValidationContext(known_enterprises=frozenset({ENT_A}), today=TODAY)
    return validate(read_upload(csv_bytes(rows), "t.csv"), ctx)


@pytest.mark.parametrize(("item", "use"), sorted(UNSUPPORTED_FUEL_USES))
def test_fuel_use_without_a_factor_is_rejected_with_reason_and_fix(item: str, use: str) -> None:
    unit = next(spec.units[0] for spec in ITEMS if (spec.category, spec.item) == ("fuel", item))
    result = check([row(category="fuel", item=item, quantity=10, unit=unit, use=use)])
    assert [(p.row, p.column, p.code) for p in result.errors] == [
        (2, "use", UNSUPPORTED_FUEL_USES[(item, use)])]
    problem = result.errors[0]
    assert item in problem.problem("en") and "IPCC" in problem.problem("en")
    assert "stationary" in problem.fix("en") and "stationary" in problem.fix("vi")


def test_kerosene_on_the_road_names_the_row_value_and_fix_in_both_languages() -> None:
    result = check([row(), row(category="fuel", item="kerosene", quantity=200, unit="L",
                            use="mobile")])
    (p,) = result.errors
    assert (p.row, p.column, p.value) == (3, "use", "mobile")
    assert "kerosene" in p.problem("vi") and "'offroad'" in p.fix("en")


def test_diesel_forklift_as_offroad_is_accepted() -> None:
    result = check([row(category="fuel", item="diesel", quantity=300, unit="L", use="offroad")])
    assert result.errors == []


def test_wastewater_treated_on_site_needs_its_treatment_type() -> None:
    missing = check([row(category="wastewater", item="treated_onsite", quantity=5000,
                         unit="kg_COD")])
    assert [(p.column, p.code) for p in missing.errors] == [("treatment", "treatment_missing")]
    assert "anaerobic_reactor" in missing.errors[0].fix("en")
    ok = check([row(category="wastewater", item="treated_onsite", quantity=5000, unit="kg_COD",
                    treatment="anaerobic_reactor")])
    assert ok.errors == []
    wrong = check([row(category="wastewater", item="treated_onsite", quantity=5000,
                       unit="kg_COD", treatment="landfill")])
    assert [p.code for p in wrong.errors] == ["treatment_invalid"]


def test_a_waste_route_is_still_required_and_checked_for_waste() -> None:
    assert [p.code for p in check([row(category="waste", item="plastic", quantity=1,
                                       unit="t")]).errors] == ["treatment_missing"]
    assert [p.code for p in check([row(category="waste", item="plastic", quantity=1, unit="t",
                                       treatment="anaerobic_reactor")]).errors] == [
        "treatment_invalid"]
    assert [p.code for p in check([row(quantity=1, unit="kWh", treatment="landfill")]).errors
            ] == ["treatment_not_waste"]

"""Issue 8, correction 5: no accepted row is silently dropped.

Walks the whole contract vocabulary (every category, item, unit, use and treatment that
``parkghg.contract`` accepts) through the engine under both Scope 2 bases and checks that
each combination is emitted with traceable factors, is a zero with a stated reason, or is
listed for rejection at upload — never silently dropped. Before issue 8, kerosene or fuel oil
with ``use=mobile`` were accepted and produced no emission row (only a log line).
"""

from __future__ import annotations

import polars as pl
import pytest

from metrics.coverage import (
    OUTCOMES,
    REASONS,
    REJECT_AT_UPLOAD,
    classify_activity,
    contract_combinations,
    unsupported_combinations,
)
from metrics.inventory import CalcParams, compute_emissions
from parkghg import contract
from tests.metrics.conftest import activity_row, frame


def _walk() -> pl.DataFrame:
    combos = contract_combinations()
    rows = [activity_row(c["category"], c["item"], 1.0, c["unit"], use=c["use"],
                         treatment=c["treatment"], enterprise_id=f"E{i}")
            for i, c in enumerate(combos.to_dicts())]
    return frame(rows)


def test_the_walk_covers_the_whole_vocabulary() -> None:
    combos = contract_combinations()
    assert set(combos["category"]) == set(contract.CATEGORIES)
    assert set(zip(combos["category"], combos["item"], strict=True)) == {
        (s.category, s.item) for s in contract.ITEMS}
    assert set(combos["unit"]) == set(contract.all_units())
    assert set(combos["use"].drop_nulls()) == set(contract.USES)
    assert set(combos["treatment"].drop_nulls()) == (
        set(contract.TREATMENTS) | set(contract.WASTEWATER_TREATMENTS))


@pytest.mark.parametrize("basis", ["location", "market"])
def test_every_accepted_combination_is_emitted_zeroed_or_rejected(library, basis) -> None:
    act = _walk()
    params = CalcParams(scope2_basis=basis)
    classes = classify_activity(act, library, params)
    assert set(classes["outcome"]) <= set(OUTCOMES)
    dropped = classes.filter(pl.col("outcome") == "no_factor")
    assert dropped.height == 0, dropped.select("category", "item", "unit", "use", "treatment")
    assert classes.filter(pl.col("outcome") != "emitted")["reason_code"].null_count() == 0
    assert set(classes["reason_code"].drop_nulls()) <= set(REASONS)
    # every "emitted" combination really has emission rows that name their factors
    em = compute_emissions(act, library, params)
    emitted = set(classes.filter(pl.col("outcome") == "emitted")["enterprise_id"])
    assert emitted == set(em["enterprise_id"])
    assert (em["factor_ids"] != "").all()


def test_rejections_are_necessary_and_explained(library) -> None:
    # each combination listed for rejection really has no factor: the list is not a shortcut
    rows = [activity_row(c, i, 1.0, unit, use=u, enterprise_id=f"R{n}")
            for n, (c, i, u) in enumerate(REJECT_AT_UPLOAD)
            for unit in contract.item_spec(c, i).units]
    assert compute_emissions(frame(rows), library, CalcParams()).height == 0
    table = unsupported_combinations()
    assert table.height == len(REJECT_AT_UPLOAD)
    assert table["message_en"].null_count() == 0 and table["message_vi"].null_count() == 0
    # the two cases of the issue: kerosene and fuel oil used "mobile"
    keys = set(zip(table["item"], table["use"], strict=True))
    assert {("kerosene", "mobile"), ("fuel_oil", "mobile")} <= keys


def test_offroad_diesel_and_gcv_gas_are_emitted_not_rejected(library) -> None:
    act = frame([activity_row("fuel", "diesel", 1.0, "t", use="offroad"),
                 activity_row("fuel", "natural_gas", 1.0, "GJ_gcv"),
                 activity_row("wastewater", "treated_onsite", 1.0, "kg_COD",
                              treatment="anaerobic_reactor")])
    assert set(classify_activity(act, library)["outcome"]) == {"emitted"}


def test_zero_reasons_for_indicators(library) -> None:
    act = frame([activity_row("water", "municipal", 10.0, "m3"),
                 activity_row("wastewater", "discharged", 10.0, "m3"),
                 activity_row("electricity", "rec_retired", 10.0, "MWh")])
    got = classify_activity(act, library, CalcParams(scope2_basis="location"))
    assert got["reason_code"].to_list() == [
        "not_an_emission_source", "treated_offsite_at_central_plant",
        "rec_no_location_based_effect"]

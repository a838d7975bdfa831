"""Issue 8, corrections 1 and 2: the reporting boundary and the headline total.

Sources of the hand-worked figures:
* Circular 38/2023/TT-BCT App. II Sec. 2 (refrigerants "HFC and HCFC", R-22 listed; method
  ``kg recharged × GWP / 1000``): regulation.md §1.6 [S] S28.
* GWP-100 HCFC-22 = 1760 (IPCC AR5; shipped row ``GWP_AR5_HCFC-22``), SF6 = 23,500.
* DESNZ 2025 "Montreal protocol products": non-Kyoto gases reported separately (memo).
* Grid EF 2023 = 0.6592 t CO2e/MWh, letter 1726/BĐKH-PTCBT (regulation.md §2).
* DESNZ 2025 C&I waste to landfill 520.5327 kg CO2e/t (factors.md §4).
"""

from __future__ import annotations

import polars as pl
import pytest

from metrics.boundary import (
    BOUNDARIES,
    HEADLINE_SCOPES,
    apply_boundary,
    headline_scopes,
    headline_tco2e,
)
from metrics.gwp import gwp_value
from metrics.inventory import CalcParams, compute_emissions
from metrics.rollups import annual_totals, headline_totals, rollup
from tests.metrics.conftest import activity_row, frame


def test_r22_gwp_in_the_library_is_1760_ar5(library) -> None:
    assert gwp_value(library, "AR5", "HCFC-22") == 1760.0


def test_20_kg_r22_adds_35_2_t_to_the_circular38_total_only(library) -> None:
    # 20 kg × 1760 / 1000 = 35.2 tCO2e (AR5); 1 kg SF6 × 23,500 / 1000 = 23.5 tCO2e
    base = [activity_row("refrigerant", "sf6", 1.0, "kg")]
    with_r22 = [*base, activity_row("refrigerant", "r22", 20.0, "kg")]
    em0 = compute_emissions(frame(base), library, CalcParams())
    em1 = compute_emissions(frame(with_r22), library, CalcParams())
    c38_0, c38_1 = headline_totals(em0), headline_totals(em1)
    assert c38_1["headline_tco2e"][0] - c38_0["headline_tco2e"][0] == pytest.approx(35.2)
    assert c38_1["scope1_tco2e"][0] == pytest.approx(23.5 + 35.2)
    assert set(c38_1["boundary"]) == {"circular38"}
    # GHG Protocol view: the same 35.2 t is a labelled memo line, the total does not move
    g0 = headline_totals(em0, boundary="ghg_protocol")
    g1 = headline_totals(em1, boundary="ghg_protocol")
    assert g1["headline_tco2e"][0] == pytest.approx(g0["headline_tco2e"][0]) == pytest.approx(23.5)
    # the legacy annual_totals view is the GHG Protocol labelling, unchanged for old exports
    assert annual_totals(em1)["memo_tco2e"][0] == pytest.approx(35.2)
    assert g1["memo_tco2e"][0] == pytest.approx(35.2)
    assert headline_tco2e(em1, "circular38") == pytest.approx(58.7)
    assert headline_tco2e(em1, "ghg_protocol") == pytest.approx(23.5)


def test_apply_boundary_is_idempotent_and_reversible(library) -> None:
    em = compute_emissions(frame([activity_row("refrigerant", "r22", 20.0, "kg")]), library,
                           CalcParams())
    c38 = apply_boundary(em, "circular38")
    assert c38["scope"].to_list() == ["1"]
    assert apply_boundary(c38, "circular38").equals(c38)
    assert apply_boundary(c38, "ghg_protocol")["scope"].to_list() == ["memo"]
    assert apply_boundary(em, "ghg_protocol").equals(em)
    with pytest.raises(ValueError, match="unknown boundary"):
        apply_boundary(em, "kyoto")


def test_headline_is_scope_1_plus_2_and_scope_3_is_separate(library) -> None:
    # 100 MWh grid × 0.6592 = 65.92 t (Scope 2); 2 t general waste to landfill × 520.5327
    # kg/t = 1.0410654 t (Scope 3, reported separately, never in the headline)
    act = frame([
        activity_row("electricity", "grid", 100.0, "MWh"),
        activity_row("waste", "general", 2.0, "t", treatment="landfill"),
    ])
    em = compute_emissions(act, library, CalcParams())
    for boundary in BOUNDARIES:
        assert headline_scopes(boundary) == ("1", "2")
        totals = headline_totals(em, boundary=boundary)
        assert totals["headline_tco2e"][0] == pytest.approx(65.92)
        assert totals["scope3_tco2e"][0] == pytest.approx(2 * 0.5205327)
        assert headline_tco2e(em, boundary) == pytest.approx(65.92)
    assert set(HEADLINE_SCOPES) == set(BOUNDARIES)


def test_rollup_labels_r22_by_boundary(library) -> None:
    em = compute_emissions(frame([activity_row("refrigerant", "r22", 20.0, "kg")]), library,
                           CalcParams())
    assert rollup(em)["scope"].to_list() == ["1"]
    assert rollup(em, boundary="ghg_protocol")["scope"].to_list() == ["memo"]
    assert float(rollup(em).filter(pl.col("scope") == "1")["tco2e"].sum()) == pytest.approx(35.2)

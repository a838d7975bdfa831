"""Park facts, thresholds, scorecard, targets and LMDI through the service layer, on a copy of
the dashboard world (two parks, 2024–2025)."""

from __future__ import annotations

import polars as pl
import pytest

from service import circular, targets
from service.access import Scope
from service.circular import CircularFileRejectedError
from tests.worlds import SYSTEM
from warehouse.db import connect

# slow: computes inventories over a two-year world
pytestmark = [pytest.mark.slow, pytest.mark.both_backends]


@pytest.fixture
def con(make_world):
    connection = connect(make_world("dashboard"))
    yield connection
    connection.close()


def _count(con, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def test_bad_fact_file_names_row_column_value_in_both_languages(con) -> None:
    content = (b"park_id,indicator,value,fact_date,evidence_note\n"
               b"amata,green_infra_land_frac,0.3,2025-06-30,plan\n"
               b"amata,green_infra_land_frac,abc,2025-06-30,plan\n"
               b"nowhere,recp_aware_frac,0.9,2025-13-01,survey\n")
    with pytest.raises(CircularFileRejectedError) as info:
        circular.import_park_facts(con, content, "facts.csv", actor=SYSTEM)
    msg_vi, msg_en = info.value.message("vi"), info.value.message("en")
    assert "Row 3, column 'value', value 'abc'" in msg_en
    assert "Dòng 3, cột 'value', giá trị 'abc'" in msg_vi
    assert "nowhere" in msg_en and "2025-13-01" in msg_en
    assert _count(con, "park_facts") == 0 and _count(con, "audit_log") > 0


def test_scorecard_uses_facts_thresholds_and_computed_indicators(con) -> None:
    content = (b"park_id,indicator,value,fact_date,evidence_note\n"
               b"amata,green_infra_land_frac,0.30,2025-06-30,land-use plan 2025\n"
               b"amata,recp_applying_frac,0.12,2025-06-30,DIZA survey\n")
    assert circular.import_park_facts(con, content, "facts.csv", actor=SYSTEM) == 2
    card = circular.scorecard_table(con, Scope.system(), year=2025)
    amata = card.filter(pl.col("park_id") == "amata")
    land = amata.filter(pl.col("criterion_id") == "d35_green_infra_land").row(0, named=True)
    assert land["status"] == "met" and land["threshold_basis"] == "fallback_decree_82_2018"
    assert "land-use plan 2025" in land["evidence"]
    recp = amata.filter(pl.col("criterion_id") == "d35_recp_applying").row(0, named=True)
    assert recp["status"] == "missed" and recp["shortfall"] == pytest.approx(0.08)
    # no symbiosis in this world: zero links against the Decree 82/2018 fallback of 1
    links = amata.filter(pl.col("criterion_id") == "d35_symbiosis_links").row(0, named=True)
    assert links["status"] == "missed"
    circular.set_threshold(con, actor=SYSTEM, criterion_id="d35_recp_applying", threshold=0.1)
    recp = circular.scorecard_table(con, Scope.system(), year=2025).filter(
        (pl.col("park_id") == "amata") & (pl.col("criterion_id") == "d35_recp_applying"))
    assert recp["status"][0] == "met" and recp["threshold_basis"][0] == "province_set"
    ranks = circular.readiness_table(con, Scope.system(), year=2025)
    assert ranks["park_id"][0] == "amata"  # it has facts, the other park has none
    # a park board sees only its own park's scorecard
    mine = circular.scorecard_table(con, Scope(role="park", park_id="nhon_trach_2"), year=2025)
    assert set(mine["park_id"]) == {"nhon_trach_2"}


def test_indicators_carry_waste_routes(con) -> None:
    table = circular.indicator_table(con, Scope.system(), year=2025, level="park")
    assert "waste_scope3_landfill_tco2e" in set(table["indicator"])
    gen = table.filter((pl.col("indicator") == "waste_landfill_frac")
                       & (pl.col("park_id") == "amata"))
    assert gen["value"][0] == pytest.approx(1.0)  # every waste row of this world is landfilled
    assert gen["enterprises_n"][0] == 3


def test_targets_progress_and_decomposition(con) -> None:
    assert targets.import_shipped_targets(con, actor=SYSTEM, base_year=2024) == 3
    file = (b"target_id,level,subject_id,metric,base_year,target_year,reduction_pct\n"
            b"amata_2025,park,amata,absolute_tco2e,2024,2025,50\n")
    targets.import_targets(con, file, "t.csv", actor=SYSTEM)
    table = targets.progress_table(con, Scope.system())
    assert set(table["target_id"]) == {"dn385_2030", "dn385_2035", "dn385_2050", "amata_2025"}
    assert (table["verification"].filter(table["target_id"].str.starts_with("dn385"))
            == "UNVERIFIED").all()
    amata = table.filter(pl.col("target_id") == "amata_2025").row(0, named=True)
    assert amata["status"] == "missed"  # Amata did not halve its emissions in a year
    assert amata["rule"]
    # what the figure rests on: Amata's three enterprises, one of which stopped after June
    assert (amata["latest_enterprises_n"], amata["latest_months_n"]) == (3, 30)
    assert 0.0 <= amata["latest_provisional_frac"] <= 1.0
    traj = targets.target_trajectory(con, Scope.system(), target_id="dn385_2030")
    assert {"actual", "pathway"} <= set(traj["series"])
    wf = targets.decomposition(con, Scope.system(), year=2025)
    effects = wf.filter(pl.col("kind") == "effect")["tco2e"].sum()
    start, end = wf["tco2e"][0], wf["tco2e"][-1]
    assert effects == pytest.approx(end - start)


def test_bad_target_row_is_refused_whole(con) -> None:
    file = (b"target_id,level,subject_id,metric,base_year,target_year,reduction_pct\n"
            b"x,park,amata,absolute_tco2e,2024,2030,20\n"
            b"y,park,amata,tonnes,2030,2024,120\n")
    with pytest.raises(CircularFileRejectedError) as info:
        targets.import_targets(con, file, "t.csv", actor=SYSTEM)
    codes = {p.code for p in info.value.problems}
    assert codes == {"not_allowed", "out_of_range", "years_order"}
    assert _count(con, "targets") == 0

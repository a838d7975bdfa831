"""The JCM register through the service layer: stages, scope, settings, monitoring, credits."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from metrics.jcm.base import JcmError
from metrics.jcm.stages import allowed_next, check_move
from parkghg.errors import AccessDeniedError
from service import jcm
from tests.worlds import E1, E2, E3, JAN, PA, SYSTEM, access_scope, upload, upload_csv
from warehouse.db import connect

pytestmark = pytest.mark.both_backends

MAR = dt.date(2024, 3, 1)


@pytest.fixture
def con(make_world):
    connection = connect(make_world("access"))
    yield connection
    connection.close()


def _pv(con, ent=E1, **kw) -> str:
    return jcm.add_project(con, enterprise_id=ent, methodology_id="vn_am007_solar_pv",
                           title="Rooftop PV", stage_date=JAN, actor=SYSTEM, **kw)


def test_stage_cycle_allows_only_the_next_steps():
    assert allowed_next(None) == ("idea",)
    assert "validation" not in allowed_next("idea")
    assert allowed_next("credits_issued") == ("monitoring",)  # next monitoring period
    assert "withdrawn" in allowed_next("proposal") and "withdrawn" not in allowed_next(
        "registered")
    with pytest.raises(JcmError) as err:
        check_move("idea", JAN, "registered", MAR)
    assert err.value.key == "jcm.error_stage_move"
    with pytest.raises(JcmError) as err:
        check_move("idea", MAR, "feasibility_study", JAN)
    assert err.value.key == "jcm.error_stage_date"


def test_a_project_walks_the_cycle_with_audited_dated_stages(con):
    pid = _pv(con, participants=[("Công ty A", "vn_enterprise", "VN"),
                                 ("Partner KK", "jp_partner", "JP")])
    path = ["feasibility_study", "proposal", "validation", "registered", "monitoring",
            "verified", "credits_issued"]
    for i, stage in enumerate(path, start=2):
        jcm.change_stage(con, pid, stage, stage_date=dt.date(2024, i, 1), actor=SYSTEM)
    detail = jcm.project_detail(con, SYSTEM.scope, pid)
    assert detail["project"]["stage"] == "credits_issued"
    assert detail["stages"]["stage"].to_list() == ["idea", *path]
    assert detail["participants"]["role"].to_list() == ["vn_enterprise", "jp_partner"]
    audit = con.execute("SELECT action, details FROM audit_log WHERE object_id = ?"
                        " ORDER BY audit_id", [pid]).fetchall()
    assert [a for a, _ in audit] == ["jcm_project_added"] + ["jcm_stage_changed"] * 7
    assert json.loads(audit[-1][1])["from"] == "verified"
    with pytest.raises(JcmError):
        jcm.change_stage(con, pid, "registered", stage_date=dt.date(2025, 1, 1), actor=SYSTEM)


def test_reads_are_scoped(con):
    p1, p3 = _pv(con, E1), _pv(con, E3)
    assert set(jcm.list_projects(con, access_scope("ent1"))["project_id"]) == {p1}
    assert set(jcm.list_projects(con, access_scope("park_a"))["project_id"]) == {p1}
    assert set(jcm.list_projects(con, access_scope("prov"))["project_id"]) == {p1, p3}
    with pytest.raises(AccessDeniedError):
        jcm.project_detail(con, access_scope("ent1"), p3)
    with pytest.raises(AccessDeniedError):
        jcm.list_projects(con, access_scope("ent1"), enterprise_id=E2)


def test_financing_share_is_capped_at_half(con):
    with pytest.raises(JcmError) as err:
        _pv(con, jcm_financing_frac=0.6)
    assert err.value.key == "jcm.error_financing"


def _solar_months(con) -> None:
    rows = [{"enterprise_id": E1, "period": f"2024-0{m}", "category": "electricity",
             "item": "onsite_solar", "quantity": q, "unit": "kWh"}
            for m, q in ((1, 40_000), (2, 60_000))]
    result = upload(con, upload_csv(rows), "solar.csv", today=MAR)
    assert result.status == "accepted", result.errors


def test_monitoring_needs_the_province_grid_factor_and_never_takes_the_inventory_one(con):
    _solar_months(con)
    pid = _pv(con)
    with pytest.raises(JcmError) as err:
        jcm.monitoring(con, SYSTEM.scope, pid, period_from=JAN, period_to=dt.date(2024, 2, 1))
    assert err.value.key == "jcm.error_setting_missing"
    assert jcm.settings_table(con).filter(pl.col("setting_key") == "grid_ef")["value"][0] \
        is None


def test_pv_monitoring_takes_onsite_solar_from_the_monthly_uploads(con):
    _solar_months(con)
    pid = _pv(con, japan_credit_share_frac=0.5)
    jcm.set_setting(con, "grid_ef", 0.5, source="test value", actor=SYSTEM)
    res = jcm.monitoring(con, access_scope("ent1"), pid, period_from=JAN,
                         period_to=dt.date(2024, 2, 1))
    # 40 + 60 MWh × 0.5 tCO2/MWh = 50 tCO2; PE = 0
    assert res.monitored["value"].to_list() == [40.0, 60.0]
    assert set(res.monitored["source"]) == {"monthly_upload"}
    assert res.calculation.er_tco2 == pytest.approx(50.0)
    assert res.calculation.indicative  # the setting was stored as UNVERIFIED
    jcm.set_setting(con, "grid_ef", 0.5, source="VN_AM007 sheet", verification="VERIFIED",
                    actor=SYSTEM)
    res = jcm.monitoring(con, SYSTEM.scope, pid, period_from=JAN,
                         period_to=dt.date(2024, 2, 1))
    assert not res.calculation.indicative
    with pytest.raises(AccessDeniedError):
        jcm.monitoring(con, access_scope("ent2"), pid, period_from=JAN, period_to=JAN)


def test_setting_rules(con):
    with pytest.raises(JcmError):
        jcm.set_setting(con, "grid_ef", 5.0, source="x", actor=SYSTEM)
    with pytest.raises(JcmError):
        jcm.set_setting(con, "grid_ef", 0.5, source=" ", actor=SYSTEM)
    with pytest.raises(JcmError):
        jcm.set_setting(con, "inventory_grid", 0.5, source="x", actor=SYSTEM)
    jcm.set_setting(con, "grid_ef", 0.5, source="a", actor=SYSTEM)
    jcm.set_setting(con, "grid_ef", 0.55, source="b", actor=SYSTEM)
    assert jcm.settings_map(con)["grid_ef"].value == 0.55


def test_credits_are_shown_beside_the_inventory_not_subtracted(con):
    pid = _pv(con, expected_er_tco2_per_year=100.0)
    before = jcm.credits_beside_inventory(con, SYSTEM.scope, year=2024)
    jcm.record_credits(con, pid, period_from=JAN, period_to=dt.date(2024, 2, 1),
                       issued_tco2=30.0, to_japan_tco2=12.0, actor=SYSTEM)
    after = jcm.credits_beside_inventory(con, SYSTEM.scope, year=2024)
    row = after.filter(pl.col("enterprise_id") == E1).row(0, named=True)
    assert row["gross_inventory_tco2e"] == before.filter(
        pl.col("enterprise_id") == E1)["gross_inventory_tco2e"][0] > 0
    assert (row["credits_issued_tco2"], row["credits_to_japan_tco2"],
            row["credits_to_viet_nam_tco2"]) == (30.0, 12.0, 18.0)
    assert jcm.credits_beside_inventory(con, access_scope("park_a"), year=2024,
                                        park_id=PA).height == 1
    # the dashboard hands over the screening rows it holds (issue 9): the same table
    from service.inventory import screening_table

    held = pl.concat([screening_table(con, SYSTEM.scope, year=y, gwp_set="AR5")
                      for y in (2023, 2024)])
    assert after.equals(jcm.credits_beside_inventory(con, SYSTEM.scope, year=2024,
                                                     screening=held))
    assert jcm.credits_beside_inventory(con, access_scope("park_a"), year=2024, park_id=PA,
                                        screening=held).equals(
        jcm.credits_beside_inventory(con, access_scope("park_a"), year=2024, park_id=PA))


def test_project_rows_are_scoped_in_the_warehouse(con):
    from warehouse import jcm as store

    p3 = _pv(con, E3, participants=[("E3 Co", "vn_enterprise", "VN")])
    jcm.add_document(con, p3, "PDD", actor=SYSTEM)
    jcm.import_monitoring(con, p3, b"period,parameter,value,unit\n2024-01,EG_pv_mwh,5,MWh\n",
                          "m.csv", actor=SYSTEM)
    jcm.record_credits(con, p3, period_from=JAN, period_to=JAN, issued_tco2=2.0,
                       to_japan_tco2=1.0, actor=SYSTEM)
    for who, seen in (("ent1", 0), ("park_a", 0), ("park_b", 1), ("prov", 1)):
        scope = access_scope(who)
        assert store.stage_history(con, scope, p3).height == seen, who
        assert store.participants(con, scope, p3).height == seen, who
        assert store.documents(con, scope, p3).height == seen, who
        assert store.monitoring_values(con, scope, p3, JAN, JAN).height == seen, who
        assert store.credits(con, scope).height == seen, who

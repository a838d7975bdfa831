"""A project monitoring file through the one intake path: checks, storage, calculation."""

from __future__ import annotations

import datetime as dt

import pytest

from service import jcm
from tests.worlds import E1, JAN, SYSTEM, access_scope
from warehouse.db import connect

pytestmark = pytest.mark.both_backends

FEB = dt.date(2024, 2, 1)


@pytest.fixture
def con(make_world):
    connection = connect(make_world("access"))
    yield connection
    connection.close()


def _chiller(con) -> str:
    return jcm.add_project(con, enterprise_id=E1, methodology_id="th_am005_chiller",
                           title="Chiller", stage_date=JAN, actor=SYSTEM,
                           assumptions={"COP_PJ": 6.0, "COP_RE": 4.8})


def test_chiller_monitoring_from_a_project_file(con):
    pid = _chiller(con)
    jcm.set_setting(con, "grid_ef", 0.6, source="test value", actor=SYSTEM)
    # Vietnamese Excel: semicolons and decimal commas
    content = (b"period;parameter;value;unit\n2024-01;EC_PJ_mwh;300,5;MWh\n"
               b"2024-02;EC_PJ_mwh;499,5;MWh\n")
    assert jcm.import_monitoring(con, pid, content, "chiller.csv", actor=SYSTEM) == 2
    res = jcm.monitoring(con, access_scope("ent1"), pid, period_from=JAN, period_to=FEB)
    # EC_PJ = 800 MWh; RE = 800 × 6.0/4.8 × 0.6 = 600; PE = 480; ER = 120
    assert res.calculation.re_tco2 == pytest.approx(600.0)
    assert res.calculation.er_tco2 == pytest.approx(120.0)
    assert set(res.monitored["source"]) == {"project_upload"}
    # a corrected file supersedes January, the older value is kept
    jcm.import_monitoring(con, pid, b"period,parameter,value,unit\n2024-01,EC_PJ_mwh,100.5,MWh\n",
                          "fix.csv", actor=SYSTEM)
    res = jcm.monitoring(con, SYSTEM.scope, pid, period_from=JAN, period_to=FEB)
    assert res.monitored["value"].to_list() == [100.5, 499.5]
    assert con.execute("SELECT count(*) FROM jcm_monitoring_values").fetchall() == [(3,)]


def test_a_bad_file_is_refused_whole_with_row_column_value_and_fix(con):
    pid = _chiller(con)
    bad = ("period,parameter,value,unit\n2024-13,EC_PJ_mwh,1,MWh\n2024-01,EG_pv_mwh,1,MWh\n"
           "2024-02,EC_PJ_mwh,abc,MWh\n2024-03,EC_PJ_mwh,5,kWh\n2024-04,EC_PJ_mwh,-1,MWh\n")
    with pytest.raises(jcm.MonitoringFileRejectedError) as err:
        jcm.import_monitoring(con, pid, bad.encode(), "bad.csv", actor=SYSTEM)
    codes = [(p.code, p.row, p.column) for p in err.value.problems]
    assert codes == [("bad_period", 2, "period"), ("unknown_parameter", 3, "parameter"),
                     ("not_a_number", 4, "value"), ("wrong_unit", 5, "unit"),
                     ("negative", 6, "value")]
    en, vi = err.value.message("en"), err.value.message("vi")
    assert "Row 5, column 'unit', value 'kWh'" in en and "MWh" in en
    assert "Dòng 5" in vi
    assert con.execute("SELECT count(*) FROM jcm_monitoring_values").fetchall() == [(0,)]
    with pytest.raises(jcm.MonitoringFileRejectedError) as err:
        jcm.import_monitoring(con, pid, b"period,value\n2024-01,1\n", "cols.csv", actor=SYSTEM)
    assert {p.code for p in err.value.problems} == {"missing_column"}


def test_an_enterprise_cannot_upload_project_monitoring(con):
    pid = _chiller(con)
    from service.access import Actor

    with pytest.raises(jcm.AccessDeniedError):
        jcm.import_monitoring(con, pid, b"period,parameter,value,unit\n", "x.csv",
                              actor=Actor(username="ent1", scope=access_scope("ent1")))

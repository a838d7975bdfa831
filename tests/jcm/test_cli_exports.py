"""``parkghg jcm`` end to end, and the monitoring workbook's figures equal the computed ones."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from cli.main import cli
from exports.jcm import write_monitoring
from metrics.jcm.registry import methodology
from service import jcm
from tests.worlds import E1, ENT_A, ENT_B, JAN, SYSTEM, upload, upload_csv
from warehouse.db import connect

pytestmark = pytest.mark.both_backends


def run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), "--lang", "en", *args])
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result.output


def test_methodologies_lists_every_parameter(warehouse_path):
    out = run(warehouse_path, "jcm", "methodologies", "--format", "csv")
    for mid in ("vn_am007_solar_pv", "th_am005_chiller", "vn_am003_buildings",
                "boiler_fuel_switch"):
        assert mid in out
    assert "EF_RE_tco2_per_mwh" in out and "grid_ef" in out


def test_screen_then_register_and_move_a_project(make_world, tmp_path):
    db = make_world("inventory")
    out = run(db, "jcm", "screen", "--year", "2025", "--format", "csv", "--out", "-")
    rows = pl.read_csv(io.StringIO(out[out.index("rank_in_province"):].split("\nWrote")[0]))
    assert {"high_efficiency_chiller", "inverter_hvac"} <= set(rows["technology_id"])
    # without the JCM grid factor, grid-based candidates carry no figure and say why
    assert rows["er_tco2_per_year"].null_count() == rows.height
    assert set(rows["needs_setting"]) == {"grid_ef"}
    run(db, "jcm", "setting", "set", "grid_ef", "0.6", "--source", "test value")
    xlsx = tmp_path / "c.xlsx"
    run(db, "jcm", "screen", "--year", "2025", "--park", "amata", "--format", "xlsx",
        "--out", str(xlsx))
    sheets = pl.read_excel(xlsx, sheet_id=0, has_header=False)
    assert set(sheets) == {"JCM", "Technologies"}
    added = run(db, "jcm", "project", "add", "--enterprise", ENT_A, "--methodology",
                "th_am005_chiller", "--title", "Chiller", "--date", "2025-01-10",
                "--participant", "Dệt Sông Xanh|vn_enterprise|VN",
                "--participant", "Partner KK|jp_partner|JP", "--assume", "COP_PJ=6.2")
    pid = added.split("project ")[1].split(" ")[0]
    run(db, "jcm", "project", "stage", pid, "feasibility_study", "--date", "2025-03-01")
    listed = run(db, "jcm", "project", "list", "--enterprise", ENT_A, "--format", "csv")
    assert "feasibility_study" in listed and pid in listed
    result = CliRunner().invoke(cli, ["--db", str(db), "--lang", "en", "jcm", "project",
                                      "stage", pid, "credits_issued"])
    assert result.exit_code == 1 and "cannot move" in result.output
    result = CliRunner().invoke(cli, ["--db", str(db), "--lang", "en", "jcm", "project",
                                      "list", "--enterprise", ENT_B, "--as-enterprise", ENT_A])
    assert result.exit_code == 1 and "Traceback" not in result.output


@pytest.fixture
def pv_world(make_world):
    db = make_world("access")
    con = connect(db)
    rows = [{"enterprise_id": E1, "period": f"2024-0{m}", "category": "electricity",
             "item": "onsite_solar", "quantity": q, "unit": "MWh"}
            for m, q in ((1, 12.5), (2, 17.5))]
    assert upload(con, upload_csv(rows), "solar.csv", today=dt.date(2024, 3, 1)).status == \
        "accepted"
    jcm.set_setting(con, "grid_ef", 0.7, source="test value", actor=SYSTEM)
    pid = jcm.add_project(con, enterprise_id=E1, methodology_id="vn_am007_solar_pv",
                          title="PV", stage_date=JAN, actor=SYSTEM,
                          japan_credit_share_frac=0.5)
    con.close()
    return db, pid


def _cells(xlsx: bytes | Path) -> list[list[object]]:
    df = pl.read_excel(xlsx, sheet_name="Monitoring", has_header=False, drop_empty_rows=False)
    return [list(r) for r in df.iter_rows()]


def _value_after(cells: list[list[object]], label: str) -> float:
    for r in cells:
        if r[0] == label:
            return float(r[1])  # type: ignore[arg-type]
    raise AssertionError(label)


def test_monitoring_workbook_equals_the_computed_figures(pv_world, tmp_path):
    db, pid = pv_world
    con = connect(db)
    res = jcm.monitoring(con, SYSTEM.scope, pid, period_from=JAN,
                         period_to=dt.date(2024, 2, 1))
    con.close()
    # (12.5 + 17.5) MWh × 0.7 = 21 tCO2
    assert res.calculation.er_tco2 == pytest.approx(21.0)
    buf = io.BytesIO()
    write_monitoring(res.project, methodology("vn_am007_solar_pv"), ("2024-01", "2024-02"),
                     res.monitored, res.calculation, res.japan_credit_share_frac, buf)
    cells = _cells(buf.getvalue())
    for step in res.calculation.steps:
        if step.section == "result":
            assert _value_after(cells, step.name) == pytest.approx(step.value)
    assert _value_after(cells, "EG_pv_mwh") == pytest.approx(30.0)
    assert _value_after(cells, "EF_RE_tco2_per_mwh") == pytest.approx(0.7)
    flat = [str(c) for r in cells for c in r if c is not None]
    assert any("never subtracted" in c for c in flat)
    # the CLI writes the same table
    out = tmp_path / "m.xlsx"
    printed = run(db, "jcm", "monitoring", "--project", pid, "--period", "2024-01..2024-02",
                  "--out", str(out))
    assert "ER 21.000" in printed
    assert _value_after(_cells(out), "ER_p") == pytest.approx(21.0)


def test_cli_records_participants_documents_monitoring_and_credits(pv_world, tmp_path):
    db, pid = pv_world
    run(db, "jcm", "project", "participant", pid, "Partner KK", "--role", "jp_partner",
        "--country", "JP")
    run(db, "jcm", "project", "document", pid, "PDD", "--link", "https://example.org/pdd")
    f = tmp_path / "mon.csv"
    f.write_text("period,parameter,value,unit\n2024-01,EG_pv_mwh,20,MWh\n", encoding="utf-8")
    assert "Stored 1" in run(db, "jcm", "monitoring-upload", "--project", pid, str(f))
    out = tmp_path / "m.xlsx"
    # the project's own meter wins over the onsite_solar rows for January: (20 + 17.5) × 0.7
    assert "ER 26.250" in run(db, "jcm", "monitoring", "--project", pid, "--period",
                              "2024-01..2024-02", "--out", str(out))
    run(db, "jcm", "project", "credits", pid, "--period", "2024-01..2024-02", "--issued",
        "26", "--to-japan", "13")
    con = connect(db, read_only=True)
    actions = [r[0] for r in con.execute(
        "SELECT action FROM audit_log WHERE object_id = ? ORDER BY audit_id", [pid]).fetchall()]
    con.close()
    assert actions[-5:] == ["jcm_participant_added", "jcm_document_added",
                            "jcm_monitoring_uploaded", "export", "jcm_credits_recorded"]
    bad = tmp_path / "bad.csv"
    bad.write_text("period,parameter,value,unit\n2024-01,EG_pv_mwh,20,kWh\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(db), "--lang", "en", "jcm",
                                      "monitoring-upload", "--project", pid, str(bad)])
    assert result.exit_code == 1 and "Row 2, column 'unit', value 'kWh'" in result.output

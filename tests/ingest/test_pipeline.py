"""The whole upload path against a real DuckDB file: atomic, history-keeping, scoped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from cli.main import cli
from parkghg.i18n import t
from service import uploads as pipeline
from service.uploads import ingest_bytes
from tests.ingest.conftest import csv_bytes, row, table_snapshot
from tests.worlds import ENT_A, ENT_B, ENT_C, TODAY, lock
from warehouse import submissions
from warehouse.activity import read_current_activity
from warehouse.db import connect as wh_connect
from warehouse.db import open_warehouse
from warehouse.scope import Scope
from warehouse.submissions import original_file

GOOD = csv_bytes([
    row(period="2024-01", quantity=120000),
    row(period="2024-02", quantity=110000),
    row(period="2024-01", category="fuel", item="diesel", quantity=500, unit="L", use="mobile"),
])


def ingest(db: Path, content: bytes, name: str = "up.csv", **kw):
    kw.setdefault("uploaded_by", "tester")
    kw.setdefault("today", TODAY)
    return ingest_bytes(db, content, name, **kw)


def current(db: Path) -> pl.DataFrame:
    con = wh_connect(db, read_only=True)
    try:
        return read_current_activity(con, Scope.system())
    finally:
        con.close()


def statuses(db: Path) -> dict[str, str]:
    con = wh_connect(db, read_only=True)
    try:
        return dict(con.execute("SELECT submission_id, status FROM submissions").fetchall())
    finally:
        con.close()


def test_accepted_upload_is_stored_with_original_and_canonical_quantity(registry_db):
    result = ingest(registry_db, GOOD)
    assert result.status == "accepted"
    assert result.row_count == 3
    assert result.periods == [dt.date(2024, 1, 1), dt.date(2024, 2, 1)]
    rows = current(registry_db)
    grid = rows.filter(pl.col("item") == "grid").sort("period")
    assert grid["quantity"].to_list() == [120000, 110000]
    assert grid["unit"].to_list() == ["kWh", "kWh"]
    assert grid["quantity_canonical"].to_list() == pytest.approx([120, 110])
    assert grid["unit_canonical"].to_list() == ["MWh", "MWh"]
    assert set(rows["park_id"]) == {"amata"}
    assert set(rows["submission_id"]) == {result.submission_id}


def test_identical_reupload_changes_nothing(registry_db):
    first = ingest(registry_db, GOOD)
    before = table_snapshot(registry_db)
    again = ingest(registry_db, GOOD, name="renamed.csv")
    assert again.status == "unchanged"
    assert again.submission_id == first.submission_id
    assert table_snapshot(registry_db) == before


def test_reupload_of_a_month_replaces_it_and_keeps_history(registry_db):
    first = ingest(registry_db, GOOD)
    fix = csv_bytes([row(period="2024-02", quantity=99000)])
    second = ingest(registry_db, fix, name="feb-fix.csv")
    assert second.status == "accepted"
    assert second.replaced_periods == [dt.date(2024, 2, 1)]
    rows = current(registry_db)
    feb = rows.filter((pl.col("period") == dt.date(2024, 2, 1)) & (pl.col("item") == "grid"))
    assert feb["quantity"].to_list() == [99000]
    jan = rows.filter(pl.col("period") == dt.date(2024, 1, 1))
    assert jan.height == 2 and set(jan["submission_id"]) == {first.submission_id}
    # the first upload still supplies January, so it stays accepted; nothing was deleted
    assert statuses(registry_db)[first.submission_id] == "accepted"
    con = wh_connect(registry_db, read_only=True)
    assert con.execute("SELECT count(*) FROM activity_rows").fetchone()[0] == 4
    history = con.execute("SELECT period, submission_id, action FROM period_history "
                          "ORDER BY changed_at, period").fetchall()
    con.close()
    assert history[-1] == (dt.date(2024, 2, 1), second.submission_id, "accepted")


def test_an_upload_whose_months_are_all_replaced_becomes_superseded(registry_db):
    first = ingest(registry_db, csv_bytes([row(period="2024-03")]))
    second = ingest(registry_db, csv_bytes([row(period="2024-03", quantity=2000)]))
    assert statuses(registry_db) == {first.submission_id: "superseded",
                                     second.submission_id: "accepted"}
    # uploading the superseded file again brings it back (history is restorable)
    third = ingest(registry_db, csv_bytes([row(period="2024-03")]))
    assert third.status == "accepted"
    assert current(registry_db)["quantity"].to_list() == [1000]


def test_rejected_file_writes_no_data_only_the_attempt(registry_db):
    ingest(registry_db, GOOD)
    before = table_snapshot(registry_db)
    bad = csv_bytes([row(period="2024-02", quantity=5), row(period="2024-02", item="coal")])
    result = ingest(registry_db, bad, name="bad.csv")
    assert result.status == "rejected"
    assert [i.code for i in result.errors] == ["item_unknown"]
    after = table_snapshot(registry_db)
    for table in ("activity_rows", "period_current", "period_history", "enterprises"):
        assert after[table] == before[table], table
    # the attempt is logged for the upload history, with its problems and the file itself
    con = wh_connect(registry_db, read_only=True)
    logged = con.execute("SELECT status, error_count, file_name FROM submissions "
                         "WHERE submission_id = ?", [result.submission_id]).fetchone()
    issues = con.execute("SELECT row_number, column_name, code, problem_vi, fix_en "
                         "FROM submission_issues WHERE submission_id = ?",
                         [result.submission_id]).fetchall()
    stored = original_file(con, Scope.system(), result.submission_id)
    con.close()
    assert logged == ("rejected", 1, "bad.csv")
    assert issues[0][:3] == (3, "item", "item_unknown") and issues[0][3] and issues[0][4]
    assert stored == ("bad.csv", bad)


def test_crash_in_the_middle_of_writing_leaves_the_warehouse_exactly_as_it_was(
    registry_db, monkeypatch
):
    ingest(registry_db, GOOD)
    before = table_snapshot(registry_db)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full (simulated)")

    # activity rows and the submission are inserted before the pointer moves: that must roll back
    monkeypatch.setattr(submissions, "_move_batch", explode)
    with pytest.raises(RuntimeError, match="simulated"):
        ingest(registry_db, csv_bytes([row(period="2024-02", quantity=1)]))
    assert table_snapshot(registry_db) == before


def test_locked_month_cannot_be_replaced(registry_db):
    ingest(registry_db, GOOD)
    with open_warehouse(registry_db) as con:
        lock(con, ENT_A, dt.date(2024, 2, 1))
    result = ingest(registry_db, csv_bytes([row(period="2024-02", quantity=1)]))
    assert [i.code for i in result.errors] == ["period_locked"]


def test_enterprise_user_can_upload_only_for_itself(registry_db):
    mine = Scope(role="enterprise", enterprise_id=ENT_B)
    ok = ingest(registry_db, csv_bytes([row(enterprise_id=ENT_B)]), scope=mine)
    assert ok.status == "accepted"
    theirs = ingest(registry_db, csv_bytes([row(enterprise_id=ENT_A)]), scope=mine)
    assert [i.code for i in theirs.errors] == ["enterprise_not_yours"]


def test_park_user_uploads_for_its_own_tenants_only(registry_db):
    board = Scope(role="park", park_id="amata")
    assert ingest(registry_db, csv_bytes([row(enterprise_id=ENT_A)]), scope=board).status \
        == "accepted"
    other_park = ingest(registry_db, csv_bytes([row(enterprise_id=ENT_C)]), scope=board)
    assert [i.code for i in other_park.errors] == ["enterprise_not_yours"]


def test_outlier_against_stored_history_is_accepted_with_a_warning(registry_db):
    year = csv_bytes([row(period=f"2023-{m:02d}", quantity=100000 + m) for m in range(1, 13)])
    assert ingest(registry_db, year).warnings == []
    spike = ingest(registry_db, csv_bytes([row(period="2024-01", quantity=2_000_000)]))
    assert spike.status == "accepted"
    assert [(w.code, w.row) for w in spike.warnings] == [("outlier_high", 2)]
    con = wh_connect(registry_db, read_only=True)
    stored = con.execute("SELECT severity, code FROM submission_issues WHERE submission_id = ?",
                         [spike.submission_id]).fetchall()
    con.close()
    assert stored == [("warning", "outlier_high")]


def test_ingest_many_reports_each_file(registry_db):
    seen = []
    results = pipeline.ingest_many(
        registry_db,
        [("a.csv", csv_bytes([row(enterprise_id=ENT_A)])),
         ("b.csv", csv_bytes([row(enterprise_id="bad")])),
         ("c.csv", csv_bytes([row(enterprise_id=ENT_C)]))],
        uploaded_by="bulk", today=TODAY, progress=seen.append, batch_size=2)
    assert [r.status for r in results] == ["accepted", "rejected", "accepted"]
    assert sum(seen) == 3


def test_cli_ingest_exit_codes_and_problem_csv(registry_db, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([row(period="2024-05")]))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([row(period="2024-06", unit="GWh"), row(period="2099-01")]))
    runner = CliRunner()
    ok = runner.invoke(cli, ["--db", str(registry_db), "--lang", "en", "ingest", str(good)])
    assert ok.exit_code == 0, ok.output
    assert "Accepted good.csv" in ok.output
    problems = tmp_path / "problems.csv"
    res = runner.invoke(cli, ["--db", str(registry_db), "ingest", str(good), str(bad),
                              "--problems-out", str(problems)])
    assert res.exit_code == 1
    assert "Đã từ chối bad.csv" in res.output  # Vietnamese by default
    raw = problems.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = pl.read_csv(raw)
    assert table["Dòng"].to_list() == [2, 3]
    assert table["Cột"].to_list() == ["unit", "period"]


def test_rejected_attempt_naming_another_enterprise_is_kept_in_the_uploaders_history(registry_db):
    """A stranger's failed file must not show up in the history of the id it names."""
    mine = Scope(role="enterprise", enterprise_id=ENT_B)
    attempt = ingest(registry_db, csv_bytes([row(enterprise_id=ENT_A)]), scope=mine)
    assert attempt.status == "rejected"
    con = wh_connect(registry_db, read_only=True)
    try:
        victim = submissions.list_submissions(con, Scope(role="enterprise", enterprise_id=ENT_A))
        own = submissions.list_submissions(con, mine)
    finally:
        con.close()
    assert victim.is_empty()
    assert own["submission_id"].to_list() == [attempt.submission_id]


def test_every_upload_writes_one_audit_row_in_the_same_transaction(registry_db, monkeypatch):
    accepted = ingest(registry_db, csv_bytes([row(period="2024-04")]), uploaded_by="ent.user")
    rejected = ingest(registry_db, csv_bytes([row(period="2099-01")]), uploaded_by="ent.user")
    ingest(registry_db, csv_bytes([row(period="2024-04")]), uploaded_by="ent.user")  # no-op
    con = wh_connect(registry_db, read_only=True)
    rows = con.execute("SELECT actor, action, object_id, enterprise_id FROM audit_log "
                       "WHERE action = 'upload' ORDER BY audit_id").fetchall()
    con.close()
    assert rows == [("ent.user", "upload", accepted.submission_id, ENT_A),
                    ("ent.user", "upload", rejected.submission_id, ENT_A)]


def test_problem_csv_never_hands_back_a_live_formula(registry_db, tmp_path):
    """A hostile cell echoed in the problem list must reach Excel as text, not a formula."""
    bad = tmp_path / "hostile.csv"
    bad.write_bytes(csv_bytes([row(unit="=cmd|' /C calc'!A0")]))  # echoed as typed
    problems = tmp_path / "problems.csv"
    res = CliRunner().invoke(cli, ["--db", str(registry_db), "--lang", "en", "ingest", str(bad),
                                   "--problems-out", str(problems)])
    assert res.exit_code == 1
    assert t("ingest.problems_written", "en", path=str(problems)) in res.output
    values = pl.read_csv(problems.read_bytes())["Value"].to_list()
    assert values == ["'=cmd|' /C calc'!A0"]

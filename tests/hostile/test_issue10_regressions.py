"""Issue 10's smaller defects, one regression test each (each fails on the code before it).

The hostile corpus (``test_hostile_corpus.py``) covers the rejections; here are what must be
*accepted* now (numbers as Excel shows them, ``sep=``, a double BOM), what must not leak (which
enterprise ids exist, library English), and the edges (CLI uploader, closed pipe, upload limit,
XLSX text cells, the write lock while a file is read).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest
from click.testing import CliRunner

from cli.launch import streamlit_command
from cli.main import cli
from cli.options import os_user
from ingest.read import MAX_FILE_MB, FileRejected, read_upload
from parkghg.contract import ITEMS, PLAUSIBLE_MONTHLY_MAX
from service import uploads
from tests.hostile.corpus import ENT, HEADER, OTHER, csv, line, xlsx_bomb
from tests.worlds import TODAY
from warehouse.scope import Scope


def _quantities(content: bytes) -> list[str]:
    return read_upload(content, "q.csv").frame["quantity"].to_list()


def test_every_item_and_unit_has_a_plausible_cap() -> None:
    pairs = {(s.category, u) for s in ITEMS for u in s.canonical_units}
    assert pairs <= set(PLAUSIBLE_MONTHLY_MAX), sorted(pairs - set(PLAUSIBLE_MONTHLY_MAX))


@pytest.mark.parametrize(("cell", "expected"), [
    ('"12,345.6"', 12345.6), ('"1,234,567.25"', 1234567.25), ('"1,234"', 1234.0),
])
def test_thousands_commas_read_when_the_file_shows_dot_decimals(registry_db, cell, expected):
    content = csv(line(quantity=cell), line(period="2024-02", quantity="0.5"))
    result = uploads.ingest_bytes(registry_db, content, "excel.csv", uploaded_by="t",
                                  today=TODAY)
    assert result.status == "accepted", result.errors
    con = duckdb.connect(str(registry_db), read_only=True)
    got = con.execute("SELECT quantity FROM activity_rows ORDER BY period").fetchall()[0][0]
    con.close()
    assert got == pytest.approx(expected)


def test_semicolon_file_with_decimal_commas_and_dot_groups_is_read() -> None:
    text = (HEADER.replace(",", ";") + "\n"
            + line(quantity="12.345,6").replace(",", ";").replace(";6;", ",6;") + "\n")
    raw = read_upload(text.encode(), "vn.csv")
    assert raw.decimal_mark == ","


def test_ambiguous_grouping_shows_both_readings() -> None:
    with pytest.raises(FileRejected) as caught:
        read_upload(csv(line(quantity='"1,234"')), "a.csv")
    [p] = caught.value.problems
    assert p.code == "decimal_ambiguous"
    assert "1234" in p.problem("en") and "1.234" in p.problem("en")


def test_excel_sep_line_and_double_bom_are_accepted() -> None:
    sep = read_upload(b"sep=,\n" + csv(line()), "sep.csv")
    assert sep.frame.height == 1 and sep.frame["_row"].to_list() == [3]
    bom = read_upload(csv(line(), prefix=b"\xef\xbb\xbf\xef\xbb\xbf"), "bom.csv")
    assert bom.frame["enterprise_id"].to_list() == [ENT]


def test_unreadable_xlsx_message_has_no_library_english() -> None:
    with pytest.raises(FileRejected) as caught:
        read_upload(b"PK\x03\x04" + b"\x00junk" * 50, "x.xlsx")
    text = caught.value.problems[0].render("vi")
    assert "calamine" not in text.lower() and "error" not in text.lower()


@pytest.mark.parametrize("named", [OTHER, "9999999999"])
def test_enterprise_upload_does_not_tell_whether_an_id_exists(registry_db, named):
    """An existing stranger and a made-up id get the same answer."""
    result = uploads.ingest_bytes(registry_db, csv(line(enterprise_id=named)), "x.csv",
                                  uploaded_by="ent", today=TODAY,
                                  scope=Scope(role="enterprise", enterprise_id=ENT))
    assert result.status == "rejected"
    assert [p.code for p in result.errors] == ["enterprise_not_yours"]


def test_cli_records_the_os_user_and_keeps_the_label_apart(registry_db, tmp_path):
    path = tmp_path / "good.csv"
    path.write_bytes(csv(line()))
    result = CliRunner().invoke(cli, ["--db", str(registry_db), "ingest", str(path),
                                      "--uploaded-by", "province-director"])
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(registry_db), read_only=True)
    [(by,)] = con.execute("SELECT uploaded_by FROM submissions").fetchall()
    con.close()
    assert by == f"cli:{os_user()} [province-director]"


def test_dashboard_upload_limit_is_the_contract_limit() -> None:
    argv = streamlit_command(8501, "127.0.0.1")
    assert argv[argv.index("--server.maxUploadSize") + 1] == str(MAX_FILE_MB)


def test_oversized_file_is_not_read_whole(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    with path.open("wb") as fh:
        fh.truncate(MAX_FILE_MB * 1_000_000 + 5_000_000)
    content, size = uploads.read_capped(path)
    assert size == path.stat().st_size
    assert len(content) == MAX_FILE_MB * 1_000_000 + 1


@pytest.mark.slow  # a 100 MB unpacked workbook is built, then refused from its directory
def test_xlsx_bomb_is_refused_without_holding_the_write_lock(registry_db, monkeypatch):
    """While the bomb is read, the warehouse is not open: another writer gets in at once."""
    bomb = xlsx_bomb(1_000_000)
    opened_during_read: list[bool] = []
    real_prepare = uploads.prepare_upload

    def watching(content, name, **kw):
        con = duckdb.connect(str(registry_db))  # would fail if the pipeline held the file
        con.close()
        opened_during_read.append(True)
        return real_prepare(content, name, **kw)

    monkeypatch.setattr(uploads, "prepare_upload", watching)
    result = uploads.ingest_bytes(registry_db, bomb, "bomb.xlsx", uploaded_by="t", today=TODAY)
    assert opened_during_read == [True]
    assert [p.code for p in result.errors] == ["xlsx_too_large"]


@pytest.mark.slow  # a subprocess: the pipe must really close
def test_closed_pipe_after_commit_says_nothing_false(registry_db, tmp_path):
    path = tmp_path / "good.csv"
    path.write_bytes(csv(line()))
    env = dict(os.environ, PARKGHG_LANG="en")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "--db", str(registry_db), "ingest", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # the reader (``| head -0``) is gone before anything is printed
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "No data was changed" not in err and "Traceback" not in err, err
    con = duckdb.connect(str(registry_db), read_only=True)
    assert con.execute("SELECT status FROM submissions").fetchall() == [("accepted",)]
    con.close()


def test_dashboard_reads_a_file_before_taking_the_lock(monkeypatch, registry_db):
    """``dashboard.data.upload`` reads the file outside its process-wide write lock."""
    from dashboard import data

    monkeypatch.setenv("PARKGHG_DB", str(registry_db))
    seen: list[bool] = []
    real_prepare = uploads.prepare_upload

    def watching(content, name, **kw):
        got = data._LOCK._cond.acquire(timeout=1)
        seen.append(got and not data._LOCK._writing)
        if got:
            data._LOCK._cond.release()
        return real_prepare(content, name, **kw)

    monkeypatch.setattr(uploads, "prepare_upload", watching)
    calls: list[object] = []
    monkeypatch.setattr(uploads, "ingest_prepared", lambda db, prepared, actor: calls.append(
        prepared) or SimpleNamespace(status="accepted"))
    user = SimpleNamespace(username="ent")
    thread = threading.Thread(target=data.upload, args=(user, csv(line()), "x.csv"))
    thread.start()
    thread.join(timeout=30)
    assert seen == [True] and len(calls) == 1


def test_the_contract_page_lists_every_cap() -> None:
    """``docs/upload-limits.md`` states each cap as the code has it."""
    page = (Path(__file__).resolve().parents[2] / "docs" / "upload-limits.md").read_text(
        encoding="utf-8")
    for (category, unit), cap in PLAUSIBLE_MONTHLY_MAX.items():
        assert f"| {category} | {unit} | {cap:,.0f} |" in page, (category, unit)


def test_xlsx_export_shows_formula_like_text_without_a_quote(make_world, tmp_path):
    """A formula-looking enterprise name is a string cell (never run), shown as typed."""
    import openpyxl

    from tests.worlds import ENT_C

    db = make_world("inventory")
    out = tmp_path / "inv.xlsx"
    result = CliRunner().invoke(cli, ["--db", str(db), "--lang", "en", "inventory", "--year",
                                      "2025", "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out)["inventory"]
    cells = [c for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells, f"{ENT_C}'s name not found"
    for cell in cells:
        assert cell.data_type == "s"  # a string cell: Excel never evaluates it
        assert cell.value.startswith("=")  # ... and shows it as typed, no visible '

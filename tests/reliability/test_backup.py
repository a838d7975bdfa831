"""``parkghg backup`` / ``restore``: an exact round trip, and refusals that name the damage."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from cli.main import cli
from service.accounts import authenticate
from service.backup import MANIFEST, uploads_dir
from service.uploads import ingest_bytes
from tests.worlds import PASSWORD, _electricity
from warehouse.backup import base_tables, fingerprints, has_blob_column
from warehouse.db import open_warehouse

FEB = __import__("datetime").date(2024, 2, 1)


def run(db: Path, *args: str, lang: str = "en"):
    """The CLI as an operator types it; returns click's result (exit code, output)."""
    return CliRunner().invoke(cli, ["--db", str(db), "--lang", lang, *args])


def contents(db: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Per-table fingerprints and every row of every table (sorted), read-only."""
    with open_warehouse(db, read_only=True) as con:
        rows = {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"').fetchall()))
                for t in base_tables(con)}
        return fingerprints(con), rows


def add_original(db: Path, content: bytes) -> Path:
    """An uploaded original in the content-addressed store beside the warehouse."""
    sha = hashlib.sha256(content).hexdigest()
    path = uploads_dir(db) / sha[:2] / sha
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


@pytest.fixture
def world(make_world) -> Path:
    """The access world (accounts, accepted and rejected uploads, versions, audit) + originals."""
    db = make_world("access")
    add_original(db, b"enterprise_id,period\n3600000001,2024-01\n")
    add_original(db, "ghi chú: tiếng Việt".encode())
    return db


@pytest.mark.slow  # several full backups and restores
def test_restore_gives_every_table_identical_and_the_app_works(world, tmp_path):
    backup = tmp_path / "bk"
    result = run(world, "backup", str(backup))
    assert result.exit_code == 0, result.output
    assert "Backup written" in result.output and "password hashes" in result.output
    manifest = json.loads((backup / MANIFEST).read_text())
    stored = [p for p in uploads_dir(world).rglob("*") if p.is_file()]
    assert manifest["uploads_included"] and len(manifest["files"]) == len(stored) >= 2
    assert {t["name"] for t in manifest["tables"]} >= {"users", "submission_files", "audit_log"}
    assert all(len(t["sha256"]) == 64 for t in manifest["tables"])
    assert (backup / MANIFEST).stat().st_mode & 0o077 == 0  # owner only: it holds hashes

    restored = tmp_path / "new" / "restored.duckdb"
    result = run(restored, "restore", str(backup))
    assert result.exit_code == 0, result.output
    assert "Restored the warehouse" in result.output

    (before_fp, before_rows), (after_fp, after_rows) = contents(world), contents(restored)
    assert after_fp == before_fp  # every table, by content hash
    assert after_rows == before_rows  # and row by row
    originals = sorted(p.relative_to(uploads_dir(world)) for p in uploads_dir(world).rglob("*"))
    assert sorted(p.relative_to(uploads_dir(restored))
                  for p in uploads_dir(restored).rglob("*")) == originals
    for rel in originals:
        if (uploads_dir(world) / rel).is_file():
            assert (uploads_dir(restored) / rel).read_bytes() == \
                (uploads_dir(world) / rel).read_bytes()

    with open_warehouse(restored) as con:  # sign-in and numbering keep working
        user = authenticate(con, "ent1", PASSWORD)
        assert user is not None and user.username == "ent1"
        assert authenticate(con, "ent1", "wrong-password-123") is None
        audit_ids = [r[0] for r in con.execute("SELECT audit_id FROM audit_log").fetchall()]
        assert len(audit_ids) == len(set(audit_ids))  # the sequence continued, no clash
    result = ingest_bytes(restored, _electricity("3600000001", [FEB], "after restore"),
                          "after.csv", uploaded_by="test")
    assert result.status == "accepted", result.errors


@pytest.mark.slow  # several full backups and restores
def test_without_uploads_leaves_the_originals_out(world, tmp_path):
    backup = tmp_path / "bk"
    result = run(world, "backup", str(backup), "--without-uploads")
    assert result.exit_code == 0, result.output
    assert "does NOT include" in result.output
    manifest = json.loads((backup / MANIFEST).read_text())
    assert not manifest["uploads_included"] and manifest["files"] == []
    assert not (backup / "files").exists()
    with open_warehouse(world, read_only=True) as con:  # bytes in the table, or a file store
        bytes_in_table = has_blob_column(con, "submission_files")
    tables = {t["name"] for t in manifest["tables"]}
    assert ("submission_files" not in tables) == bytes_in_table

    restored = tmp_path / "restored.duckdb"
    assert run(restored, "restore", str(backup)).exit_code == 0
    (before_fp, _), (after_fp, _) = contents(world), contents(restored)
    left_out = {"submission_files"} if bytes_in_table else set()
    assert all(after_fp[t].startswith("0:") for t in left_out)
    assert {k: v for k, v in after_fp.items() if k not in left_out} == \
        {k: v for k, v in before_fp.items() if k not in left_out}
    assert not uploads_dir(restored).exists()


def test_a_temporary_file_in_the_store_is_left_out(world, tmp_path):
    (uploads_dir(world) / "ab").mkdir(parents=True, exist_ok=True)
    (uploads_dir(world) / "ab" / ".tmp-upload-in-progress").write_bytes(b"half a fi")
    assert run(world, "backup", str(tmp_path / "bk")).exit_code == 0
    manifest = json.loads((tmp_path / "bk" / MANIFEST).read_text())
    assert manifest["files_skipped"] == ["ab/.tmp-upload-in-progress"]
    assert all(".tmp" not in f["file"] for f in manifest["files"])


@pytest.fixture
def backup(world, tmp_path) -> Path:
    target = tmp_path / "bk"
    assert run(world, "backup", str(target)).exit_code == 0
    return target


def _refused(backup: Path, tmp_path: Path, lang: str = "en") -> str:
    target = tmp_path / "target.duckdb"
    result = run(target, "restore", str(backup), lang=lang)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert not target.exists() and not uploads_dir(target).exists()  # nothing half-restored
    assert not list(tmp_path.glob(".target.duckdb.restoring*"))
    return result.output


def test_a_damaged_table_file_is_refused_by_name(backup, tmp_path):
    file = backup / "tables" / "users.parquet"
    data = bytearray(file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    file.write_bytes(bytes(data))
    out = _refused(backup, tmp_path)
    assert "tables/users.parquet" in out and "sha256" in out
    assert "tables/users.parquet" in _refused(backup, tmp_path, lang="vi")
    assert "không khớp" in _refused(backup, tmp_path, lang="vi")


def test_a_truncated_original_is_refused(backup, tmp_path):
    file = next(p for p in (backup / "files").rglob("*") if p.is_file())
    file.write_bytes(file.read_bytes()[:5])
    out = _refused(backup, tmp_path)
    assert file.name in out and "truncated" in out


def test_a_partial_backup_is_refused(backup, tmp_path):
    (backup / "tables" / "activity_rows.parquet").unlink()
    out = _refused(backup, tmp_path)
    assert "missing the file tables/activity_rows.parquet" in out and "partial" in out


def test_a_folder_without_manifest_is_not_a_backup(backup, tmp_path):
    (backup / MANIFEST).unlink()
    assert "no manifest.json" in _refused(backup, tmp_path)
    assert "không có manifest.json" in _refused(backup, tmp_path, lang="vi")


def test_a_damaged_manifest_is_refused(backup, tmp_path):
    (backup / MANIFEST).write_text('{"format": "parkghg-backup", "tables": [', encoding="utf-8")
    assert "damaged" in _refused(backup, tmp_path)
    (backup / MANIFEST).write_text('{"format": "parkghg-backup", "format_version": 1}')
    assert "damaged" in _refused(backup, tmp_path)


def test_a_backup_from_a_newer_release_is_refused(backup, tmp_path):
    manifest = json.loads((backup / MANIFEST).read_text())
    manifest["migrations"].append("9999_from_the_future")
    (backup / MANIFEST).write_text(json.dumps(manifest))
    out = _refused(backup, tmp_path)
    assert "9999_from_the_future" in out and "Update parkghg" in out


def test_a_manifest_cannot_point_outside_the_backup(backup, tmp_path):
    manifest = json.loads((backup / MANIFEST).read_text())
    manifest["files"][0]["file"] = "files/../../../etc/passwd"
    (backup / MANIFEST).write_text(json.dumps(manifest))
    assert "damaged" in _refused(backup, tmp_path)


def test_verify_only_checks_without_restoring(backup, tmp_path):
    target = tmp_path / "never.duckdb"
    result = run(target, "restore", str(backup), "--verify-only")
    assert result.exit_code == 0 and "every checksum matches" in result.output
    assert not target.exists()


@pytest.mark.slow  # several full backups and restores
def test_a_warehouse_in_use_is_not_overwritten_without_force(world, backup, tmp_path):
    other = tmp_path / "other.duckdb"
    assert run(other, "init").exit_code == 0  # an empty warehouse may be restored into
    assert run(other, "restore", str(backup)).exit_code == 0
    before = contents(other)
    result = run(other, "restore", str(backup))
    assert result.exit_code == 1 and "--force" in result.output
    assert contents(other) == before
    result = run(other, "restore", str(backup), "--force")
    assert result.exit_code == 0, result.output
    aside = list(tmp_path.glob("other.duckdb.before-restore-*"))
    assert len(aside) == 1 and str(aside[0]) in result.output
    assert contents(aside[0]) == before  # moved aside, not deleted
    assert contents(other)[0] == contents(world)[0]


def test_a_backup_never_overwrites_a_folder_with_files(world, tmp_path):
    target = tmp_path / "bk"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    result = run(world, "backup", str(target))
    assert result.exit_code == 1 and "not empty" in result.output
    assert (target / "keep.txt").read_text() == "mine"


def test_a_missing_warehouse_is_a_clear_error(tmp_path):
    result = run(tmp_path / "nothing.duckdb", "backup", str(tmp_path / "bk"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert not (tmp_path / "bk").exists()


@pytest.mark.slow
def test_backup_runs_while_another_process_reads(world, tmp_path):
    """The dashboard holds read-only connections; a backup shares the file with them."""
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True);"
         "print('open', flush=True); time.sleep(30)", str(world)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        result = run(world, "backup", str(tmp_path / "bk"))
        assert result.exit_code == 0, result.output
    finally:
        holder.kill()
        holder.wait()
    restored = tmp_path / "r.duckdb"
    assert run(restored, "restore", str(tmp_path / "bk")).exit_code == 0
    assert contents(restored)[0] == contents(world)[0]


def test_fingerprint_sees_a_changed_value(world, tmp_path):
    before = contents(world)[0]
    con = duckdb.connect(str(world))
    con.execute("UPDATE users SET display_name = 'x' WHERE username = 'ent1'")
    con.close()
    after = contents(world)[0]
    assert after["users"] != before["users"]
    assert {k: v for k, v in after.items() if k != "users"} == \
        {k: v for k, v in before.items() if k != "users"}


@pytest.mark.slow  # migrations run twice (scratch warehouse, emptiness check)
def test_an_empty_warehouse_round_trips(warehouse_path, tmp_path):
    """The smallest round trip, through the service functions."""
    from service.backup import create_backup, restore_backup

    manifest = create_backup(warehouse_path, tmp_path / "bk")
    assert manifest.uploads_included and not manifest.files
    report = restore_backup(tmp_path / "bk", tmp_path / "r.duckdb")
    assert report.moved_aside == [] and report.migrations_added == []
    assert contents(tmp_path / "r.duckdb") == contents(warehouse_path)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_postgres_warehouse_is_pointed_at_pg_dump_not_backed_up(backup, tmp_path, lang):
    """DuckDB's table export cannot read a server: backup and restore refuse before touching
    anything and name the server's tools; the password never appears (issue 15)."""
    url = "postgresql://parkghg:S3CRET@127.0.0.1:1/parkghg"
    out = tmp_path / "bk-pg"
    for args in (("backup", str(out)), ("restore", str(backup), "--force")):
        result = run(url, *args, lang=lang)  # type: ignore[arg-type]
        assert result.exit_code == 1, result.output
        assert "pg_dump" in result.output and "PARKGHG_FILES_DIR" in result.output
        assert "S3CRET" not in result.output and "parkghg:***@" in result.output
        assert "Traceback" not in result.output
    assert not out.exists()

"""``parkghg sample-data`` end to end at a small scale, through the real ingest pipeline."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from cli.main import cli
from sample_data.generator import SampleSpec, activity_frame

pytestmark = pytest.mark.slow  # builds sample warehouses through the CLI and the pipeline

ARGS = ["sample-data", "--parks", "2", "--enterprises-per-park", "2", "--start", "2024-01",
        "--end", "2024-08", "--seed", "11"]


def _run(db: Path, *extra: str, lang: str = "en"):
    return CliRunner().invoke(cli, ["--db", str(db), "--lang", lang, *ARGS, *extra])


def test_builds_a_warehouse_with_every_generated_row(tmp_path):
    db = tmp_path / "demo.duckdb"
    result = _run(db)
    assert result.exit_code == 0, result.output
    assert "2 parks, 4 enterprises, 4 files accepted" in result.output
    expected = activity_frame(SampleSpec(parks=2, enterprises_per_park=2, start="2024-01",
                                         end="2024-08", seed=11))
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM enterprises").fetchall() == [(4,)]
        assert con.execute("SELECT count(*) FROM activity_current").fetchall() == [
            (expected.height,)]
        statuses = con.execute("SELECT DISTINCT status FROM submissions").fetchall()
        assert statuses == [("accepted",)]
    finally:
        con.close()


def test_refuses_to_overwrite_without_force(tmp_path):
    db = tmp_path / "demo.duckdb"
    assert _run(db).exit_code == 0
    again = _run(db, lang="vi")
    assert again.exit_code == 1
    assert "--force" in again.output and "Đã có kho dữ liệu" in again.output
    forced = _run(db, "--force")
    assert forced.exit_code == 0, forced.output


def test_rejects_bad_month_range(tmp_path):
    db = tmp_path / "demo.duckdb"
    bad = CliRunner().invoke(cli, ["--db", str(db), "--lang", "en", "sample-data",
                                   "--start", "2024-05", "--end", "2024-01"])
    assert bad.exit_code == 1 and "after the end month" in bad.output
    future = CliRunner().invoke(cli, ["--db", str(db), "--lang", "en", "sample-data",
                                      "--end", "2999-01"])
    assert future.exit_code == 1 and "in the future" in future.output
    typo = CliRunner().invoke(cli, ["--db", str(db), "--lang", "en", "sample-data",
                                    "--start", "2024-13"])
    assert typo.exit_code == 2 and "YYYY-MM" in typo.output
    assert not db.exists()



def test_an_unreachable_postgres_server_is_named_not_mistaken_for_a_full_database():
    result = _run("postgresql://parkghg:S3CRET@127.0.0.1:1/parkghg")  # type: ignore[arg-type]
    assert result.exit_code == 1, result.output
    assert "Cannot open the PostgreSQL warehouse" in result.output
    assert "already holds" not in result.output and "S3CRET" not in result.output

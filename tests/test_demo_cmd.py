"""``parkghg demo`` prepares accounts on an existing warehouse without rebuilding it."""

from __future__ import annotations

import duckdb
import pytest
from click.testing import CliRunner

from cli.main import cli
from sample_data.generator import SampleSpec
from tests.worlds import sample

pytestmark = pytest.mark.slow  # builds a sample warehouse, then runs the demo command


def test_demo_without_serving_creates_one_account_per_role(tmp_path):
    db = sample(tmp_path / "demo.duckdb",
                SampleSpec(parks=1, enterprises_per_park=2, start="2024-01", end="2024-03"))
    runner = CliRunner()
    con = duckdb.connect(str(db), read_only=True)
    submissions_before = con.execute("SELECT count(*) FROM submissions").fetchall()[0][0]
    con.close()
    result = runner.invoke(cli, ["--db", str(db), "--lang", "en", "demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    for username in ("demo.enterprise", "demo.park", "demo.province", "demo.admin"):
        assert username in result.output
    con = duckdb.connect(str(db), read_only=True)
    roles = sorted(r[0] for r in con.execute("SELECT role FROM users").fetchall())
    submissions_after = con.execute("SELECT count(*) FROM submissions").fetchall()[0][0]
    con.close()
    assert roles == ["admin", "enterprise", "park", "province"]
    assert submissions_after == submissions_before  # an existing warehouse is not rebuilt
    again = runner.invoke(cli, ["--db", str(db), "demo", "--no-serve"])
    assert again.exit_code == 0, again.output  # idempotent

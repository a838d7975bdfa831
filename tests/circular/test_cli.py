"""The three commands end to end on a copy of the dashboard world (CliRunner, no subprocess)."""

from __future__ import annotations

import io

import polars as pl
import pytest
from click.testing import CliRunner

from cli.main import cli

pytestmark = [pytest.mark.slow, pytest.mark.both_backends]


def _run(db, *args: str):
    result = CliRunner().invoke(cli, ["--db", str(db), "--lang", "en", *args])
    assert result.exit_code == 0, result.output
    return result


def test_indicators_scorecard_targets(make_world, tmp_path) -> None:
    db = make_world("dashboard")
    out = _run(db, "indicators", "--year", "2025", "--format", "csv", "--out", "-").stdout_bytes
    table = pl.read_csv(io.BytesIO(out))
    assert {"indicator", "value", "unit", "formula", "enterprises_n", "months_n"} <= set(
        table.columns)
    xlsx = tmp_path / "ind.xlsx"
    _run(db, "indicators", "--year", "2025", "--park", "amata", "--format", "xlsx",
         "--out", str(xlsx))
    assert set(pl.read_excel(xlsx)["park_id"]) == {"amata"}
    card = tmp_path / "card.parquet"
    _run(db, "scorecard", "--year", "2025", "--format", "parquet", "--out", str(card))
    assert {"met", "missed", "unknown"} >= set(pl.read_parquet(card)["status"])
    rank = _run(db, "scorecard", "--year", "2025", "--ranking", "--out", "-").stdout_bytes
    assert pl.read_csv(io.BytesIO(rank))["rank"].to_list() == [1, 2]
    _run(db, "targets", "import", "--shipped", "--base-year", "2024")
    prog = _run(db, "targets", "progress", "--out", "-").stdout_bytes
    frame = pl.read_csv(io.BytesIO(prog))
    assert frame.height == 3 and frame["rule"].is_not_null().all()


def test_bad_target_file_is_a_bilingual_message_not_a_traceback(make_world, tmp_path) -> None:
    db = make_world("dashboard")
    bad = tmp_path / "t.csv"
    bad.write_text("target_id,level,subject_id,metric,base_year,target_year,reduction_pct\n"
                   "x,park,amata,absolute_tco2e,2024,2030,abc\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(db), "--lang", "vi", "targets", "import",
                                      str(bad)])
    assert result.exit_code == 1
    assert "Dòng 2, cột 'reduction_pct'" in result.output
    assert "Row 2, column 'reduction_pct'" in result.output
    assert "Traceback" not in result.output

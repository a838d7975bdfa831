"""``parkghg template --out DIR [--enterprise ID]``."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from click.testing import CliRunner

from cli.main import cli
from ingest.template import write_templates
from parkghg import contract
from parkghg.i18n import t


def _run(tmp_path: Path, *args: str) -> object:
    return CliRunner().invoke(cli, ["--db", str(tmp_path / "wh.duckdb"), *args])


def test_cli_writes_both_templates_and_prints_their_paths(tmp_path: Path) -> None:
    out = tmp_path / "out" / "nested"
    result = _run(tmp_path, "template", "--out", str(out))
    assert result.exit_code == 0, result.output
    csv_path = out / "parkghg_upload_template_v1.csv"
    xlsx_path = out / "parkghg_upload_template_v1.xlsx"
    assert csv_path.is_file() and xlsx_path.is_file()
    assert str(csv_path) in result.output and str(xlsx_path) in result.output
    assert "Đã ghi" in result.output  # Vietnamese by default
    assert tuple(pl.read_excel(xlsx_path).columns) == contract.COLUMNS


def test_cli_prefills_the_enterprise_and_speaks_english(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _run(tmp_path, "--lang", "en", "template", "--out", str(out),
                  "--enterprise", "0301234567")
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output
    xlsx_path = out / "parkghg_upload_template_v1_0301234567.xlsx"
    assert pl.read_excel(xlsx_path)["enterprise_id"].to_list() == ["0301234567"]
    assert (out / "parkghg_upload_template_v1_0301234567.csv").is_file()


def test_cli_refuses_an_unsafe_enterprise_id_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _run(tmp_path, "template", "--out", str(out), "--enterprise", "a,b")
    assert result.exit_code == 1
    assert t("template.invalid_enterprise_id", "vi", enterprise_id="a,b", max=50) in result.output
    assert not out.exists()


def test_write_templates_returns_the_paths(tmp_path: Path) -> None:
    paths = write_templates(tmp_path)
    assert [p.name for p in paths] == ["parkghg_upload_template_v1.csv",
                                       "parkghg_upload_template_v1.xlsx"]
    assert all(p.stat().st_size > 0 for p in paths)

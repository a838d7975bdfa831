"""``parkghg serve``: the right streamlit command line and environment, without starting it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import launch as serve_cmd
from cli.main import cli
from parkghg.i18n import t


def test_serve_runs_the_installed_app_headless_with_the_warehouse_and_demo_flag(
    writable_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse_path = writable_warehouse
    seen: dict = {}
    monkeypatch.setattr(serve_cmd, "run", lambda argv, env: seen.update(argv=argv, env=env))
    result = CliRunner().invoke(cli, ["--db", str(warehouse_path), "serve", "--port", "8600",
                                      "--demo"])
    assert result.exit_code == 0, result.output
    argv = seen["argv"]
    assert argv[1:4] == ["-m", "dashboard.server", "run"]  # Streamlit's CLI after the warm-up
    assert Path(argv[4]) == Path(serve_cmd.APP) and Path(argv[4]).name == "app.py"
    pairs = dict(zip(argv[5::2], argv[6::2], strict=True))
    assert pairs["--server.headless"] == "true"
    assert pairs["--browser.gatherUsageStats"] == "false"
    assert pairs["--server.fileWatcherType"] == "none"
    assert pairs["--server.port"] == "8600"
    assert pairs["--client.showErrorDetails"] == "none"
    assert seen["env"]["PARKGHG_DB"] == str(warehouse_path.resolve())
    assert seen["env"]["PARKGHG_DEMO"] == "1"
    # one demo account per role is ready, said in the default language (Vietnamese)
    assert t("dash.serve.demo", "vi", n=4) in result.output


def test_demo_on_a_warehouse_not_built_as_a_demo_says_what_to_do(
    warehouse_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10 item 7: demo accounts live only in a warehouse ``parkghg demo`` built."""
    monkeypatch.setattr(serve_cmd, "run", lambda argv, env: None)
    result = CliRunner().invoke(cli, ["--db", str(warehouse_path), "serve", "--demo"])
    assert result.exit_code == 1
    assert t("auth.demo_not_demo_warehouse", "vi") in result.output
    assert "Traceback" not in result.output


def test_serve_without_demo_clears_the_flag(warehouse_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict = {}
    monkeypatch.setenv("PARKGHG_DEMO", "1")
    monkeypatch.setattr(serve_cmd, "run", lambda argv, env: seen.update(env=env))
    result = CliRunner().invoke(cli, ["--db", str(warehouse_path), "serve"])
    assert result.exit_code == 0, result.output
    assert "PARKGHG_DEMO" not in seen["env"]


def test_serve_refuses_a_missing_warehouse(tmp_path: Path) -> None:
    missing = tmp_path / "none.duckdb"
    result = CliRunner().invoke(cli, ["--lang", "en", "--db", str(missing), "serve"])
    assert result.exit_code == 1
    assert t("common.warehouse_missing", "en", path=str(missing)) in result.output
    assert "parkghg init" in result.output

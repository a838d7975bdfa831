"""Start-up of the ``parkghg`` command (issue 9): what a process imports, not how long it takes.

Why modules and not seconds: timing depends on the machine and its load; which modules come in
does not, and importing polars, duckdb, pydantic or streamlit is what made ``parkghg --version``
slow. Each check runs in a fresh interpreter, since this test process has imported everything.
"""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

import parkghg
from cli.main import cli

ROOT = Path(__file__).resolve().parents[2]

#: Libraries no command needs just to start (each costs 0.1–0.7 s of CPU to import).
HEAVY = ("polars", "duckdb", "pydantic", "streamlit", "pyarrow", "numpy", "rich", "babel",
         "pandas", "sqlglot", "psycopg")


def _modules_after(code: str) -> set[str]:
    """Every module a fresh interpreter holds after running ``code``."""
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(name for name in modules if name.partition(".")[0] in HEAVY)


def test_importing_the_cli_imports_no_heavy_library() -> None:
    assert _heavy(_modules_after("import cli.main")) == []


def test_version_is_answered_without_heavy_libraries_or_package_metadata() -> None:
    code = ("import sys\nfrom cli.main import cli\nsys.argv = ['parkghg', '--version']\n"
            "try:\n    cli()\nexcept SystemExit:\n    pass")
    modules = _modules_after(code)
    assert _heavy(modules) == []
    assert "importlib.metadata" not in modules  # the version is a constant (parkghg.__version__)


@pytest.mark.slow
def test_one_file_ingest_command_leaves_rich_and_streamlit_alone() -> None:
    """``parkghg ingest`` of one file shows no progress bar, so it never imports rich."""
    modules = _modules_after("import cli.ingest_cmd")
    assert not {m for m in modules if m.partition(".")[0] in ("rich", "streamlit")}


def test_version_constant_matches_the_package() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert parkghg.__version__ == pyproject["project"]["version"]
    assert parkghg.__version__ == importlib.metadata.version("parkghg")
    result = CliRunner().invoke(cli, ["--version"], prog_name="parkghg")
    assert result.exit_code == 0
    assert result.output == f"parkghg, version {parkghg.__version__}\n"


def test_help_imports_no_command_module() -> None:
    code = ("import sys\nfrom cli.main import cli\nsys.argv = ['parkghg', '--help']\n"
            "try:\n    cli()\nexcept SystemExit:\n    pass")
    modules = _modules_after(code)
    assert _heavy(modules) == []
    assert sorted(m for m in modules if m.startswith("cli.") and m.endswith("_cmd")) == []


@pytest.mark.parametrize("width", [60, 80, 120])
def test_help_lists_every_command_as_click_would(width: int) -> None:
    """The listing from ``_SUMMARIES`` is exactly what click prints from the commands
    themselves (which imports them all), at any terminal width (lines are shortened)."""
    import click

    from cli.main import _COMMANDS, _SUMMARIES

    assert list(_SUMMARIES) == list(_COMMANDS)
    ctx = click.Context(cli, info_name="parkghg", terminal_width=width)
    ours, clicks = ctx.make_formatter(), ctx.make_formatter()
    cli.format_commands(ctx, ours)
    click.Group.format_commands(cli, ctx, clicks)
    assert ours.getvalue() == clicks.getvalue()
    assert ours.getvalue().count("\n") >= len(_COMMANDS)

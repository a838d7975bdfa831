"""The layer contracts in ``pyproject.toml`` pass, and catch an import against the flow.

Why a test beside ``lint-imports`` in ``./dev test``: a contract that cannot fail protects
nothing, so this copies the code to a temporary folder, adds one wrong-way import (the SQL layer
reaching up into the service layer) and proves that ``lint-imports`` then fails and names it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _root_packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["root_packages"]


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree, env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the packages and the contracts, which the tests may break."""
    dest = tmp_path_factory.mktemp("layers")
    for package in _root_packages():
        shutil.copytree(ROOT / package, dest / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.csv", "*.po", "*.sql"))
    shutil.copy(ROOT / "pyproject.toml", dest / "pyproject.toml")
    return dest


def test_every_root_package_is_declared_in_a_layer() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    named = {p.strip() for layer in layers["layers"] for p in layer.split("|")}
    assert named == set(_root_packages())
    top_level = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert top_level - {"tests", "benchmarks", "tools"} <= named


@pytest.mark.slow  # lint-imports in a subprocess on a copy of the tree
def test_contracts_hold_on_the_real_tree(tree: Path) -> None:
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.slow  # lint-imports in a subprocess on a copy of the tree
def test_a_wrong_way_import_fails_the_contracts(tree: Path) -> None:
    target = tree / "warehouse" / "db.py"
    original = target.read_text(encoding="utf-8")
    target.write_text(original + "\nimport service.inventory  # noqa: E402, F401\n",
                      encoding="utf-8")
    try:
        result = _lint(tree)
    finally:
        target.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert "warehouse is not allowed to import service" in result.stdout
    assert "warehouse.db -> service.inventory" in result.stdout

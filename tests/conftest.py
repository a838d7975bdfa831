"""Shared fixtures: every test gets its own warehouse under tmp_path, never ./data.

Worlds (small warehouses with known contents) come from ``tests/worlds.py``, built through
the public write path once per session and copied per test: ``make_world("access")``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # imported lazily: the xdist controller never builds a world
    from tests.worlds import WorldTemplates


# The modules with the longest single tests (docs/testing.md, measured on 2 workers), longest
# first. A module missing from the list only runs later; nothing is skipped.
LONGEST_MODULES = (
    "tests/cli/test_readme_tour.py",
    "tests/reliability/test_faults.py",
    "tests/test_benchmarks.py",
    "tests/dashboard/test_browser.py",
    "tests/reliability/test_upload_concurrency.py",
    "tests/ingest/test_concurrency.py",
    "tests/dashboard/test_browser_targets.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the modules holding slow tests first, the README tour first of all.

    Why: on 2 xdist workers the wall time is the busier worker's; a long test (the README tour,
    the SIGKILL campaign, the browser) collected late ends the run with one worker idle. Sent
    first, the long tests overlap and the many short ones fill the gaps at the end (longest
    processing time first: ``LONGEST_MODULES``, then every module with a slow test). Whole
    modules move, so module-scoped fixtures (the browser's server) are still set up once per
    module and worker; the order inside a module is kept. Selection (``-m``, ``-k``) is
    unaffected.
    """
    slow_modules = {item.nodeid.split("::")[0] for item in items
                    if item.get_closest_marker("slow")}

    def rank(item: pytest.Item) -> int:
        module = item.nodeid.split("::")[0]
        if module in LONGEST_MODULES:
            return LONGEST_MODULES.index(module)
        return len(LONGEST_MODULES) + (0 if module in slow_modules else 1)

    items.sort(key=rank)  # stable: collection order within each rank


@pytest.fixture(autouse=True)
def _isolate_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may touch a real warehouse or the user's log directory."""
    monkeypatch.setenv("PARKGHG_DB", str(tmp_path / "env-default.duckdb"))
    monkeypatch.setenv("PARKGHG_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("PARKGHG_LANG", raising=False)


@pytest.fixture(scope="session")
def world_templates(tmp_path_factory: pytest.TempPathFactory) -> WorldTemplates:
    """Every named world of ``tests/worlds.py``, each built at most once per run."""
    from tests.worlds import WorldTemplates

    shared = None
    if os.environ.get("PYTEST_XDIST_WORKER") and os.name == "posix":
        shared = tmp_path_factory.getbasetemp().parent / "worlds"  # one per run, all workers
        shared.mkdir(exist_ok=True)
    return WorldTemplates(tmp_path_factory.mktemp("worlds"), shared)


@pytest.fixture
def make_world(world_templates: WorldTemplates, tmp_path: Path) -> Callable[[str], Path]:
    """``make_world("inventory")`` -> a private copy of that world for this test."""

    def _make(name: str) -> Path:
        return world_templates.copy(name, tmp_path / f"{name}.duckdb")

    return _make


@pytest.fixture
def warehouse_path(world_templates: WorldTemplates, tmp_path: Path) -> Path:
    """A freshly migrated, empty warehouse file."""
    return world_templates.copy("empty", tmp_path / "wh.duckdb")

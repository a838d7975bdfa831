"""Fixtures for the dashboard tests: one small warehouse per session, copies for writers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from dash_world import build_small_warehouse


@pytest.fixture(scope="session")
def small_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared read-only test warehouse (never write to it; use ``writable_warehouse``)."""
    return build_small_warehouse(tmp_path_factory.mktemp("dash") / "small.duckdb")


@pytest.fixture
def writable_warehouse(small_warehouse: Path, tmp_path: Path) -> Path:
    """A private copy of the small warehouse for tests that upload or review."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(small_warehouse, copy)
    return copy

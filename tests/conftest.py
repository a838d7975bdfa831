"""Shared fixtures: every test gets its own warehouse under tmp_path, never ./data."""

from __future__ import annotations

from pathlib import Path

import pytest

from warehouse.migrate import migrate


@pytest.fixture(autouse=True)
def _isolate_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may touch a real warehouse or the user's log directory."""
    monkeypatch.setenv("PARKGHG_DB", str(tmp_path / "env-default.duckdb"))
    monkeypatch.setenv("PARKGHG_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("PARKGHG_LANG", raising=False)


@pytest.fixture
def warehouse_path(tmp_path: Path) -> Path:
    """A freshly migrated, empty warehouse file."""
    path = tmp_path / "wh.duckdb"
    migrate(path)
    return path

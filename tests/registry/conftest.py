"""Registry fixtures: an open connection on a fresh warehouse and a CSV writer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from registry_samples import ENTERPRISES_CSV, OPERATOR, PARKS_CSV, PROVINCES_CSV

from service.registry import import_registry_many
from warehouse.db import open_warehouse
from warehouse.migrate import migrate


@pytest.fixture
def con(warehouse_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection on a fresh, migrated warehouse."""
    with open_warehouse(warehouse_path) as connection:
        yield connection


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write ``text`` as a UTF-8 CSV named ``name`` under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture(scope="module")
def loaded_con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """One warehouse per module with the three base files imported.

    Shared on purpose: tests using it only try imports that must be rejected, so sharing it
    also checks that many rejected files in a row leave it exactly as it was.
    """
    root = tmp_path_factory.mktemp("registry")
    path = root / "wh.duckdb"
    migrate(path)
    files = []
    for name, text in (("v.csv", PROVINCES_CSV), ("p.csv", PARKS_CSV),
                       ("e.csv", ENTERPRISES_CSV)):
        (root / name).write_text(text, encoding="utf-8")
        files.append((root / name, None))
    with open_warehouse(path) as connection:
        import_registry_many(connection, files, actor=OPERATOR)
        yield connection

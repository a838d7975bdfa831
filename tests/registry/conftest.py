"""Registry fixtures: an open connection on a fresh warehouse and a CSV writer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from tests.registry.registry_samples import ENTERPRISES_CSV, PARKS_CSV, PROVINCES_CSV
from tests.worlds import import_registry, writing
from warehouse.db import open_warehouse


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


@pytest.fixture(scope="module",
                params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def loaded_backend(request: pytest.FixtureRequest) -> str:
    """The engine of ``loaded_con``: both, like the ``both_backends`` tests (issue 15)."""
    return request.param


@pytest.fixture(scope="module")
def loaded_con(loaded_backend: str, tmp_path_factory: pytest.TempPathFactory,
               request: pytest.FixtureRequest) -> Iterator[duckdb.DuckDBPyConnection]:
    """One warehouse per module and engine with the three base files imported.

    Shared on purpose: tests using it only try imports that must be rejected, so sharing it
    also checks that many rejected files in a row leave it exactly as it was.
    """
    root = tmp_path_factory.mktemp("registry")
    files = []
    for name, text in (("v.csv", PROVINCES_CSV), ("p.csv", PARKS_CSV),
                       ("e.csv", ENTERPRISES_CSV)):
        (root / name).write_text(text, encoding="utf-8")
        files.append((root / name, None))
    if loaded_backend == "postgres":
        worlds = request.getfixturevalue("pg_worlds")
        url = worlds.copy("empty")
        try:
            with open_warehouse(url) as connection:
                import_registry(connection, files)
                yield connection
        finally:
            worlds.drop_database(url)
        return
    with writing(root / "wh.duckdb") as connection:
        import_registry(connection, files)
        yield connection

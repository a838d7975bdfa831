"""Fixtures for the access-control tests; the world itself is built in ``access_world``."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from access_world import build_world, cheap_hasher

from warehouse import users as users_mod


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("access") / "world.duckdb"
    build_world(path)
    return path


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users_mod, "PASSWORD_HASHER", cheap_hasher())


@pytest.fixture
def world_path(world_template: Path, tmp_path: Path) -> Path:
    """A private copy of the world for one test."""
    path = tmp_path / "world.duckdb"
    shutil.copyfile(world_template, path)
    return path


@pytest.fixture
def con(world_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection on the test's own copy of the world."""
    connection = duckdb.connect(str(world_path))
    try:
        yield connection
    finally:
        connection.close()


@pytest.fixture
def actor(con: duckdb.DuckDBPyConnection):
    """``actor("park_a")`` -> that account's ``User`` (an actor for the write functions)."""

    def _get(username: str) -> users_mod.User:
        user = users_mod.get_user(con, username)
        assert user is not None
        return user

    return _get

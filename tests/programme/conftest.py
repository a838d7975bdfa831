"""Fixtures for the programme tests: a private copy of the access world and its accounts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from warehouse import users as users_mod
from warehouse.db import connect


@pytest.fixture
def world_path(make_world) -> Path:
    """A private copy of the access world (parks pa: E1, E2; pb: E3; one account per role)."""
    return make_world("access")


@pytest.fixture
def con(world_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(world_path)  # DuckDB file or PostgreSQL URL
    try:
        yield connection
    finally:
        connection.close()


@pytest.fixture
def actor(con: duckdb.DuckDBPyConnection):
    """``actor("park_a")`` -> that account's ``User``."""

    def _get(username: str) -> users_mod.User:
        user = users_mod.get_user(con, username)
        assert user is not None
        return user

    return _get

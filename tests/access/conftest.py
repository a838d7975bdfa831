"""Fixtures for the access-control tests; the world itself is ``tests.worlds``' access world."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.worlds import WorldTemplates, cheap_hasher, submission_ids
from warehouse import users as users_mod
from warehouse.db import connect


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users_mod, "PASSWORD_HASHER", cheap_hasher())


@pytest.fixture(scope="session")
def _sid_by_template() -> dict[str, dict[str, str]]:
    """``submission_ids`` of each built access world, read once per run (templates never change)."""
    return {}


@pytest.fixture
def access_template(world_templates: WorldTemplates, backend: str, request) -> str:
    """The worker's built access world (a file, or a PostgreSQL URL): read it, never write."""
    if backend == "postgres":
        return str(request.getfixturevalue("pg_worlds").template("access"))
    return str(world_templates.template("access"))


@pytest.fixture
def sid(access_template: str, _sid_by_template: dict[str, dict[str, str]]) -> dict[str, str]:
    """Upload label ("S1", "SXE1", …) -> its submission id in the access world.

    Every copy of the world has the template's ids (a file copy, or a database made from the
    template), so they are read once per template and worker, not once per test: opening a
    warehouse costs tens of milliseconds of CPU, and some 700 tests ask.
    """
    if access_template not in _sid_by_template:
        _sid_by_template[access_template] = submission_ids(access_template)
    return dict(_sid_by_template[access_template])  # a test may not change the shared one


@pytest.fixture
def label(sid: dict[str, str]) -> dict[str, str]:
    """Submission id -> upload label, to compare query results with the world's names."""
    return {v: k for k, v in sid.items()}


@pytest.fixture
def world_path(make_world) -> Path:
    """A private copy of the world for one test."""
    return make_world("access")


@pytest.fixture
def con(world_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection on the test's own copy of the world."""
    connection = connect(world_path)  # DuckDB file or PostgreSQL URL
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


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """Every test here that opens a warehouse runs on DuckDB and on PostgreSQL (issue 15)."""
    return request.param

"""Shared fixtures: every test gets its own warehouse under tmp_path, never ./data.

Worlds (small warehouses with known contents) come from ``tests/worlds.py``, built through
the public write path once per session and copied per test: ``make_world("access")``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # imported lazily: the xdist controller never builds a world
    from tests.pg_worlds import PgWorlds
    from tests.worlds import WorldTemplates

BACKENDS = ("duckdb", "postgres")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_backends: run the test on DuckDB and on PostgreSQL (the ``backend`` "
        "fixture; warehouse_path and make_world follow it)")
    config.addinivalue_line("markers", "postgres: the PostgreSQL case of a both_backends test")
    config.addinivalue_line(
        "markers", "read_only: the test only reads the worlds make_world gives it; on "
        "PostgreSQL they are the worker's shared copies, which refuse writes")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``both_backends`` tests that use a warehouse run once per engine."""
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
            "both_backends"):
        metafunc.parametrize("backend", [
            "duckdb", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)


@pytest.fixture(scope="session")
def files_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``PARKGHG_FILES_DIR`` for the whole run: PostgreSQL warehouses keep originals there."""
    return tmp_path_factory.mktemp("pg-files")


# The modules with the longest single tests (docs/testing.md, measured on 2 workers), longest
# first. A module missing from the list only runs later; nothing is skipped. The two browser
# modules stand together: they share one ``parkghg serve`` per worker (dashboard/conftest.py).
LONGEST_MODULES = (
    "tests/reliability/test_faults.py",
    "tests/cli/test_readme_tour.py",
    "tests/test_benchmarks.py",
    "tests/dashboard/test_browser.py",
    "tests/dashboard/test_browser_targets.py",
    "tests/ingest/test_concurrency.py",
    "tests/ingest/test_two_writers.py",
    "tests/reliability/test_upload_concurrency.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the modules holding slow tests first, the SIGKILL campaign first of all.

    Why: on 2 xdist workers the wall time is the busier worker's; a long test (the SIGKILL
    campaign, the README tour, the browser) collected late ends the run with one worker idle.
    ``--dist worksteal`` hands each worker a contiguous half of this order and an idle worker
    steals the tail of the other's queue, so with the long tests first (``LONGEST_MODULES``,
    then every module with a slow test) the first worker starts on them while the second runs
    the short tests, and both finish on short tests. Whole modules move, so the browser modules
    stay together and share one server; the order inside a module is kept. Selection (``-m``,
    ``-k``) is unaffected.
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
def _isolate_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                         files_root: Path) -> None:
    """No test may touch a real warehouse or the user's log directory."""
    monkeypatch.setenv("PARKGHG_DB", str(tmp_path / "env-default.duckdb"))
    monkeypatch.setenv("PARKGHG_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("PARKGHG_FILES_DIR", str(files_root))
    monkeypatch.delenv("PARKGHG_LANG", raising=False)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The engine this test runs on: ``duckdb`` unless a ``both_backends`` test's PG case."""
    return getattr(request, "param", "duckdb")


@pytest.fixture(scope="session")
def pg_worlds(tmp_path_factory: pytest.TempPathFactory, files_root: Path) -> Iterator[PgWorlds]:
    """One PostgreSQL server for the run (``tests/pg_worlds.py``); skips when there is none."""
    from tests.pg_worlds import REQUIRE_ENV, URL_ENV, PgWorlds, start_private_server

    os.environ["PARKGHG_FILES_DIR"] = str(files_root)  # the worlds are built before any test
    url = os.environ.get(URL_ENV)
    root = None
    if not url:
        import atexit

        from tools.pg_cluster import stop

        root = tmp_path_factory.mktemp("pg-cluster")
        url = start_private_server(root)
        # xdist workers were seen to leave their cluster running: stop it at exit as well
        # (``stop`` is idempotent).
        atexit.register(stop, root)
    if not url:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail("PostgreSQL is required (PARKGHG_REQUIRE_POSTGRES=1) but initdb/pg_ctl "
                        "were not found")
        pytest.skip("PostgreSQL server binaries not installed")
    worlds = PgWorlds(url)
    yield worlds
    worlds.drop_shared()
    if root is not None:
        stop(root)


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
def make_world(world_templates: WorldTemplates, tmp_path: Path, backend: str,
               request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
               ) -> Iterator[Callable[[str], Path]]:
    """``make_world("inventory")`` -> a private copy of that world for this test.

    On PostgreSQL (``backend``) the copy is a database and the value its URL (a ``str``). A
    test marked ``read_only`` gets the worker's shared copy instead (``PgWorlds.shared``),
    reached as a role that may only read it: a copy and its drop cost more than most
    PostgreSQL cases' own work. A write the server refuses there fails the test at teardown,
    even when the code under test caught the error: such a test must lose the mark. On DuckDB
    every test gets a private copy (a file copy costs milliseconds, and DuckDB has no
    read-only mode a test could not open past).
    """
    made: list[str] = []
    shared = backend == "postgres" and request.node.get_closest_marker("read_only") is not None
    refused = _record_refused_writes(monkeypatch) if shared else []

    def _make(name: str) -> Path:
        if shared:
            return request.getfixturevalue("pg_worlds").shared(name)
        if backend == "postgres":
            made.append(request.getfixturevalue("pg_worlds").copy(name))
            return made[-1]  # type: ignore[return-value]
        return world_templates.copy(name, tmp_path / f"{name}.duckdb")

    yield _make
    if made:
        worlds = request.getfixturevalue("pg_worlds")
        for url in made:
            worlds.drop_database(url)
    if refused:
        pytest.fail(f"a test marked read_only wrote to a shared world ({refused[0]})",
                    pytrace=False)


def _record_refused_writes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every write PostgreSQL refused for lack of privilege during this test (its first line).

    Why here: every psycopg error of the warehouse passes through ``warehouse.pg._duck_error``,
    including the ones the code under test catches (a walk that counts any exception as "could
    not call" would otherwise turn a write into a silent skip).
    """
    import psycopg

    from warehouse import pg

    refused: list[str] = []
    duck_error = pg._duck_error

    def _recording(exc: psycopg.Error):
        if isinstance(exc, psycopg.errors.InsufficientPrivilege):
            refused.append(str(exc).splitlines()[0])
        return duck_error(exc)

    monkeypatch.setattr(pg, "_duck_error", _recording)
    return refused


@pytest.fixture
def warehouse_path(world_templates: WorldTemplates, tmp_path: Path, backend: str,
                   make_world: Callable[[str], Path]) -> Path:
    """A freshly migrated, empty warehouse (a file, or a PostgreSQL database's URL)."""
    if backend == "postgres":
        return make_world("empty")
    return world_templates.copy("empty", tmp_path / "wh.duckdb")

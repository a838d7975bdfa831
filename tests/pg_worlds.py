"""PostgreSQL for the tests: one private server per run, a fresh database per test.

Why templates: building a world through the public write path takes seconds; PostgreSQL copies
a database with ``CREATE DATABASE … TEMPLATE`` in a fraction of that. Each world is built once
per run (per xdist worker) into ``pgw_<name>_<worker>`` and every test gets a copy, dropped at
its end. Tests that only read may share one read-only copy per worker instead (``shared``):
the copy and its drop (0.2–0.5 s of server CPU each) were the largest cost of a PostgreSQL
case. The server is ``PARKGHG_TEST_PG_URL`` when set (``.ci/run`` starts one for the whole
run with ``tools/pg_cluster.py``), else a cluster this process starts in a temporary folder.
Without PostgreSQL binaries the PostgreSQL cases skip, unless ``PARKGHG_REQUIRE_POSTGRES=1``
(CI), where a missing server is a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import psycopg

from tests.worlds import BUILDERS
from warehouse.filestore import store_dir

URL_ENV = "PARKGHG_TEST_PG_URL"
REQUIRE_ENV = "PARKGHG_REQUIRE_POSTGRES"
READER = "parkghg_reader"  # + the worker's tag: the role of the shared read-only copies


def with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` instead."""
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


def as_user(url: str, user: str) -> str:
    """``url`` signing in as ``user`` (no password: the test cluster trusts 127.0.0.1)."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{user}@{rest.rpartition('@')[2]}"


class PgWorlds:
    """Built worlds as template databases on one server; ``copy`` gives a test its own."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.tag = f"{worker}_{os.getpid()}"
        self._built: dict[str, str] = {}
        self._shared: dict[str, str] = {}

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(self.server_url, autocommit=True)

    def create_database(self, name: str, template: str | None = None) -> str:
        with self._admin() as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            con.execute(f'CREATE DATABASE "{name}"'
                        + (f' TEMPLATE "{template}" STRATEGY = FILE_COPY' if template else ""))
        return with_database(self.server_url, name)

    def drop_database(self, url: str) -> None:
        name = url.rpartition("/")[2]
        with self._admin() as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(store_dir(url), ignore_errors=True)

    def template(self, name: str) -> str:
        if name not in self._built:
            url = self.create_database(f"pgw_{name}_{self.tag}")
            BUILDERS[name](url)  # type: ignore[arg-type]
            self._built[name] = url
        return self._built[name]

    def copy(self, name: str) -> str:
        source = self.template(name)
        target = self.create_database(f"pgt_{uuid.uuid4().hex[:12]}",
                                      template=source.rpartition("/")[2])
        if store_dir(source).exists():
            shutil.copytree(store_dir(source), store_dir(target), dirs_exist_ok=True)
        return target

    def shared(self, name: str) -> str:
        """One copy of world ``name`` for this worker's read-only tests, reached as a role
        that may only read it.

        Why a role with ``SELECT`` alone (``READER``; the tests' own URL is a superuser's):
        a test that writes by mistake (an audit row, a login stamp, a cache) fails with
        ``InsufficientPrivilege`` instead of changing the world the next tests read, while a
        read may still use TEMP tables (``PgConnection.register``), which a read-only
        transaction (``default_transaction_read_only``) would refuse. ``make_world``
        (``tests/conftest.py``, tests marked ``read_only``) also fails a test whose refused
        write was caught.
        """
        if name not in self._shared:
            url = self.copy(name)
            reader = f"{READER}_{self.tag}"
            with self._admin() as con:
                exists = con.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                     [reader]).fetchone()
                if not exists:
                    con.execute(f'CREATE ROLE "{reader}" LOGIN')
            with psycopg.connect(url, autocommit=True) as con:
                con.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{reader}"')
            self._shared[name] = as_user(url, reader)
        return self._shared[name]

    def drop_shared(self) -> None:
        """Drop the shared copies and their reader role (at the end of the worker's run)."""
        for url in self._shared.values():
            self.drop_database(url)
        if self._shared:
            with self._admin() as con:
                con.execute(f'DROP ROLE IF EXISTS "{READER}_{self.tag}"')
        self._shared.clear()

    def empty_database(self) -> str:
        """A database with nothing in it (the target of ``migrate-warehouse``)."""
        return self.create_database(f"pgt_{uuid.uuid4().hex[:12]}")


def copy_database(url: str) -> str:
    """A new database copied from the one at ``url`` (with its original files); its URL."""
    worlds = PgWorlds(url.rpartition("/")[0] + "/postgres")
    target = worlds.create_database(f"pgt_{uuid.uuid4().hex[:12]}",
                                    template=url.rpartition("/")[2])
    if store_dir(url).exists():
        shutil.copytree(store_dir(url), store_dir(target), dirs_exist_ok=True)
    return target


def start_private_server(root: Path) -> str | None:
    """A private cluster under ``root`` (None when the binaries are not installed)."""
    from tools.pg_cluster import available, start

    if not available():
        return None
    return start(root)

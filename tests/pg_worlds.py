"""PostgreSQL for the tests: one private server per run, a fresh database per test.

Why templates: building a world through the public write path takes seconds; PostgreSQL copies
a database with ``CREATE DATABASE … TEMPLATE`` in a fraction of that. Each world is built once
per run (per xdist worker) into ``pgw_<name>_<worker>`` and every test gets a copy, dropped at
its end. The server is ``PARKGHG_TEST_PG_URL`` when set (``.ci/run`` starts one for the whole
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


def with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` instead."""
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


class PgWorlds:
    """Built worlds as template databases on one server; ``copy`` gives a test its own."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.tag = f"{worker}_{os.getpid()}"
        self._built: dict[str, str] = {}

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

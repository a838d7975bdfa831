"""Ordered, named schema migrations.

Each file ``warehouse/migrations/NNNN_name.sql`` runs once, in name order, inside its own
transaction, and is recorded in ``schema_migrations``. Re-running ``parkghg init`` on an
existing warehouse applies only what is new, so upgrading is the same command as creating.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from parkghg.log import get_logger
from warehouse import filestore
from warehouse.db import fetch_one, open_warehouse, transaction

log = get_logger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

#: Work outside SQL that must happen before a migration's SQL runs (a migration that drops
#: data first moves it somewhere safe). Each step is idempotent: a retried upgrade reruns it.
_BEFORE: dict[str, Callable[[duckdb.DuckDBPyConnection], object]] = {
    "0008_file_store_history": filestore.export_blobs,
}


def available_migrations() -> list[Path]:
    """Every migration shipped with this version, in the order they apply."""
    return sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql"))


def applied_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names already applied to this warehouse (empty for a new file)."""
    exists = fetch_one(
        con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    )
    if not exists or exists[0] == 0:
        return []
    return _recorded(con)


def _recorded(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The names in ``schema_migrations``, which must exist."""
    rows = con.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()
    return [r[0] for r in rows]


def migrate_connection(con: duckdb.DuckDBPyConnection, *, upto: str | None = None) -> list[str]:
    """Apply pending migrations on an open read-write connection; return their names.

    ``upto`` (a migration name such as ``0003_users_review``) stops after that migration, so
    the upgrade tests can build a warehouse as an older release left it.
    """
    if getattr(con, "engine", "duckdb") == "postgres":
        con.ensure_compat()  # type: ignore[attr-defined]
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    # The table exists now, so no catalogue lookup first: ``information_schema`` is the first
    # query of every ``parkghg ingest``'s connection and cost it 0.05–0.1 s (issue 9).
    done = set(_recorded(con))
    paths = available_migrations()
    if upto is not None and upto not in {p.stem for p in paths}:
        raise ValueError(f"no migration named {upto!r}")
    applied: list[str] = []
    for path in paths:
        name = path.stem
        if upto is not None and name > upto:
            break
        if name in done:
            continue
        if (before := _BEFORE.get(name)) is not None:
            before(con)
        with transaction(con):
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])
        log.info("applied migration %s", name)
        applied.append(name)
    return applied


def migrate(path: Path | str, *, upto: str | None = None) -> list[str]:
    """Create or upgrade the warehouse file at ``path`` (to ``upto``, else to the latest)."""
    with open_warehouse(path) as con:
        return migrate_connection(con, upto=upto)

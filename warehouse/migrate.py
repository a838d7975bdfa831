"""Ordered, named schema migrations.

Each file ``warehouse/migrations/NNNN_name.sql`` runs once, in name order, inside its own
transaction, and is recorded in ``schema_migrations``. Re-running ``parkghg init`` on an
existing warehouse applies only what is new, so upgrading is the same command as creating.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from parkghg.log import get_logger
from warehouse.db import fetch_one, open_warehouse, transaction

log = get_logger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


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
    rows = con.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()
    return [r[0] for r in rows]


def migrate_connection(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations on an open read-write connection; return their names."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    done = set(applied_migrations(con))
    applied: list[str] = []
    for path in available_migrations():
        name = path.stem
        if name in done:
            continue
        with transaction(con):
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])
        log.info("applied migration %s", name)
        applied.append(name)
    return applied


def migrate(path: Path | str) -> list[str]:
    """Create or upgrade the warehouse file at ``path``."""
    with open_warehouse(path) as con:
        return migrate_connection(con)


def pending_migrations(path: Path | str) -> list[str]:
    """Migrations this code has that the warehouse file has not applied yet."""
    with open_warehouse(path, read_only=True) as con:
        done = set(applied_migrations(con))
    return [p.stem for p in available_migrations() if p.stem not in done]

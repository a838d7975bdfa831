"""Opening, creating and upgrading the warehouse, for the front ends.

Why a module: the CLI and the dashboard open the same warehouse the same way (one read-write
process at a time, retried on the file lock; short read-only connections for pages), and
neither should reach into ``warehouse/`` to do it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from warehouse.audit import Actor
from warehouse.db import open_warehouse, warehouse_exists
from warehouse.filestore import remove_store, store_dir
from warehouse.migrate import applied_migrations, migrate_connection
from warehouse.target import display_name, is_postgres
from warehouse.version import data_version

if TYPE_CHECKING:  # duckdb is imported by the warehouse when a connection opens (fast start)
    import duckdb

__all__ = ["applied_migrations", "data_version", "display_name", "is_postgres", "migrate",
           "open_warehouse", "remove_store", "store_dir", "upgrade_connection",
           "warehouse_exists"]

#: The migration that added stored emissions; from it on, an upgrade also fills them.
_STORED_EMISSIONS = "0007_stored_emissions"


def migrate(path: Path | str, *, upto: str | None = None) -> list[str]:
    """Create or upgrade the warehouse at ``path``; return the migrations applied.

    After the schema, every accepted upload without stored emissions gets them
    (``service.emissions.backfill``): SQL migrations cannot run the engine, and a warehouse
    upgraded from an earlier release must read the same numbers as one built on this one.
    """
    # One connection for both steps: opening a 520-enterprise warehouse file costs DuckDB
    # 0.1–0.2 s, paid by every ``parkghg ingest`` (issue 9). Each migration still commits on
    # its own, and the backfill in chunks, as before.
    with open_warehouse(path) as con:
        return upgrade_connection(con, upto=upto)


def upgrade_connection(con: duckdb.DuckDBPyConnection, *, upto: str | None = None
                       ) -> list[str]:
    """:func:`migrate` on a connection the caller has open (read-write), so a command that
    goes on to write (``parkghg ingest``) opens the warehouse once."""
    from service.emissions import backfill  # the engine only when upgrading (fast CLI start)

    applied = migrate_connection(con, upto=upto)
    if upto is None or upto >= _STORED_EMISSIONS:
        backfill(con, actor=Actor.system("parkghg-init"))
    return applied

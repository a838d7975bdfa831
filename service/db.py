"""Opening, creating and upgrading the warehouse, for the front ends.

Why a module: the CLI and the dashboard open the same warehouse the same way (one read-write
process at a time, retried on the file lock; short read-only connections for pages), and
neither should reach into ``warehouse/`` to do it.
"""

from __future__ import annotations

from warehouse.db import open_warehouse
from warehouse.filestore import remove_store, store_dir
from warehouse.migrate import applied_migrations, migrate
from warehouse.version import data_version

__all__ = ["applied_migrations", "data_version", "migrate", "open_warehouse", "remove_store",
           "store_dir"]

"""Print SQL for a new migration from the schema registry (``parkghg/schema.py``).

Why a printer and not SQL generated when migrating: a shipped migration must never change (a
warehouse records only its name), while the registry keeps moving with later migrations. So
the SQL is generated once, pasted into ``warehouse/migrations/NNNN_name.sql``, reviewed and
committed; ``tests/schema/test_registry_matches_warehouse.py`` then proves that the migrated
warehouse equals the registry, whatever migration wrote each part.

Usage (run from the repository root)::

    uv run python tools/schema_sql.py create TABLE...           # CREATE TABLE statements
    uv run python tools/schema_sql.py rebuild SUFFIX TABLE...   # rename, create, check, copy, drop
    uv run python tools/schema_sql.py comments [TABLE...]       # COMMENT ON (all tables by default)
    uv run python tools/schema_sql.py fk-tables                 # tables with enforced foreign keys
"""

from __future__ import annotations

import sys

from parkghg import schema


def main(argv: list[str]) -> int:
    """Print the statements asked for; return the exit code."""
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    command, args = argv[0], argv[1:]
    if command == "create":
        print("\n\n".join(schema.create_sql(name) for name in args))
    elif command == "rebuild" and args:
        suffix, names = args[0], args[1:]
        for name in names:
            print(f"-- {name}")
            print("\n".join(schema.rebuild_sql(name, old_suffix=suffix)))
            print()
    elif command == "comments":
        names = args or [t.name for t in schema.stored_tables()]
        for name in names:
            print("\n".join(schema.comment_sql(name)))
            print()
    elif command == "fk-tables":
        print(" ".join(t.name for t in schema.stored_tables() if t.foreign_keys()))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

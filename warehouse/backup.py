"""The SQL of backup and restore: tables to Parquet and back, fingerprints, sequences.

Why generic (every base table found in the catalogue, not a hand-kept list): a table added by
a later migration is backed up without anyone remembering to add it here, and a restore
loads exactly what the backup's migrations created. The orchestration (manifest, checksums,
uploaded originals, where files go) lives in ``service/backup.py``; this module only talks
to DuckDB.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.db import fetch_one
from warehouse.migrate import applied_migrations, migrate_connection

#: The table that records migrations; restored from the backup, not from this release's run.
MIGRATIONS_TABLE = "schema_migrations"
#: The table of uploaded originals; left out by ``--without-uploads`` while it holds the bytes.
UPLOAD_BYTES_TABLE = "submission_files"


def _ident(name: str) -> str:
    """A quoted SQL identifier (table names come from the catalogue, never from a person)."""
    return '"' + name.replace('"', '""') + '"'


def base_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every base table of the main schema, by name (views are rebuilt by migrations)."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows]


def load_order(con: duckdb.DuckDBPyConnection, tables: list[str]) -> list[str]:
    """``tables`` with every foreign-key parent before its children (FKs are checked on insert)."""
    rows = con.execute(
        "SELECT table_name, referenced_table FROM duckdb_constraints()"
        " WHERE constraint_type = 'FOREIGN KEY' AND schema_name = 'main'"
    ).fetchall()
    parents: dict[str, set[str]] = {t: set() for t in tables}
    for child, parent in rows:
        if child in parents and parent in parents and parent != child:
            parents[child].add(parent)
    ordered: list[str] = []
    done: set[str] = set()
    while len(ordered) < len(tables):
        ready = sorted(t for t in tables if t not in done and parents[t] <= done)
        if not ready:  # a cycle cannot be loaded row by row; say which tables
            raise ValueError(f"foreign-key cycle among {sorted(set(tables) - done)}")
        ordered.extend(ready)
        done.update(ready)
    return ordered


def row_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Rows in ``table``."""
    row = fetch_one(con, f"SELECT count(*) FROM {_ident(table)}")  # noqa: S608 - catalogue name
    return int(row[0]) if row else 0


def fingerprint(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """An order-independent content hash of ``table``: row count and the sum of row hashes.

    Why a sum of hashes: it does not depend on row order (a restore inserts in file order, the
    original in upload order) yet changes when any value of any row changes. It is compared
    within one DuckDB version (backup and restore on the same release).
    """
    sql = f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM {_ident(table)} AS t"  # noqa: S608
    row = fetch_one(con, sql)
    assert row is not None
    return f"{int(row[0])}:{int(row[1])}"


def fingerprints(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """``fingerprint`` of every base table."""
    return {t: fingerprint(con, t) for t in base_tables(con)}


def export_table(con: duckdb.DuckDBPyConnection, table: str, target: Path) -> None:
    """Write ``table`` to one Parquet file (zstd), streaming, on any connection (read-only too)."""
    con.execute(
        f"COPY (SELECT * FROM {_ident(table)}) TO ? (FORMAT parquet, COMPRESSION zstd)",  # noqa: S608
        [str(target)],
    )


def import_table(con: duckdb.DuckDBPyConnection, table: str, source: Path) -> int:
    """Append the rows of one Parquet file to ``table`` by column name; return the rows added."""
    before = row_count(con, table)
    con.execute(f"INSERT INTO {_ident(table)} BY NAME SELECT * FROM read_parquet(?)",  # noqa: S608
                [str(source)])
    return row_count(con, table) - before


def clear_table(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Delete every row of ``table`` (rows seeded by migrations, before a restore loads)."""
    con.execute(f"DELETE FROM {_ident(table)}")  # noqa: S608 - catalogue name


def sequences(con: duckdb.DuckDBPyConnection) -> dict[str, int | None]:
    """Each sequence's last value (None when never used), so a restore continues the numbering."""
    rows = con.execute(
        "SELECT sequence_name, last_value FROM duckdb_sequences() WHERE schema_name = 'main'"
        " ORDER BY sequence_name"
    ).fetchall()
    return {name: (None if last is None else int(last)) for name, last in rows}


def set_sequence(con: duckdb.DuckDBPyConnection, name: str, last_value: int) -> None:
    """Make ``nextval(name)`` return ``last_value + 1``."""
    fetch_one(con, "SELECT setval(?, ?)", [name, last_value])


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Column names of ``table`` in order (to compare a backup file with today's schema)."""
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position", [table]
    ).fetchall()
    return [r[0] for r in rows]


def has_blob_column(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether ``table`` stores bytes (``submission_files`` did, before the file store)."""
    row = fetch_one(con, "SELECT count(*) FROM information_schema.columns WHERE table_schema ="
                    " 'main' AND table_name = ? AND data_type = 'BLOB'", [table])
    return bool(row and row[0])


def parquet_columns(con: duckdb.DuckDBPyConnection, source: Path) -> list[str]:
    """Column names stored in a Parquet file (top level, in order)."""
    cur = con.execute("SELECT * FROM read_parquet(?) LIMIT 0", [str(source)])
    names = [d[0] for d in cur.description or []]
    cur.fetchall()
    return names


def holds_data(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse holds anything beyond what its migrations seed (sectors).

    Compared with a fresh in-memory warehouse at the same migration, table by table, so a
    newly created (``parkghg init``) warehouse counts as empty and may be restored into.
    """
    applied = applied_migrations(con)
    fresh = duckdb.connect(":memory:")
    try:
        migrate_connection(fresh, upto=applied[-1] if applied else None)
        empty = fingerprints(fresh)
    finally:
        fresh.close()
    return any(fp != empty.get(t) for t, fp in fingerprints(con).items()
               if t != MIGRATIONS_TABLE)


def engine_version(con: duckdb.DuckDBPyConnection) -> str:
    """The DuckDB version writing or reading the backup (row hashes are compared within one)."""
    row = fetch_one(con, "SELECT version()")
    return str(row[0]) if row else "?"

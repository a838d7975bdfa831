"""The migrations and the schema registry describe the same warehouse, column for column.

A fresh warehouse is built by the migrations, and a second, in-memory database by executing
``parkghg.schema.create_sql`` for every registered table. DuckDB's own catalogue of both must
agree on everything: tables, column order, types, nullability, defaults, primary and unique
keys, CHECK constraints (as DuckDB normalises them) and foreign keys; and the migrated
warehouse's comments must be the registry's descriptions. A migration that adds a column
without the registry (or the reverse) fails here.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from parkghg import schema
from warehouse.db import connect
from warehouse.migrate import migrate

_COLUMNS = """
    SELECT table_name, column_index, column_name, data_type, is_nullable, column_default
    FROM duckdb_columns() WHERE schema_name = 'main' AND NOT internal
      AND table_name NOT IN (SELECT view_name FROM duckdb_views())
    ORDER BY ALL
"""
_CONSTRAINTS = """
    SELECT table_name, constraint_type, constraint_text, constraint_column_names,
           referenced_table, referenced_column_names
    FROM duckdb_constraints() WHERE schema_name = 'main'
    ORDER BY ALL
"""


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return [tuple(tuple(v) if isinstance(v, list) else v for v in row)
            for row in con.execute(sql).fetchall()]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("schema") / "fresh.duckdb"
    migrate(path)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def from_registry() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE SEQUENCE submission_reviews_seq; CREATE SEQUENCE audit_log_seq")
    for table in schema.stored_tables():  # parents first, so references resolve
        con.execute(schema.create_sql(table.name))
    yield con
    con.close()


def test_same_tables(migrated, from_registry) -> None:
    listed = "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1"
    assert _rows(migrated, listed) == _rows(from_registry, listed)
    assert {r[0] for r in _rows(migrated, listed)} == {t.name for t in schema.stored_tables()}


def test_same_columns_types_nullability_defaults(migrated, from_registry) -> None:
    assert _rows(migrated, _COLUMNS) == _rows(from_registry, _COLUMNS)


def test_same_keys_checks_and_foreign_keys(migrated, from_registry) -> None:
    assert _rows(migrated, _CONSTRAINTS) == _rows(from_registry, _CONSTRAINTS)


def test_every_enforced_reference_is_a_foreign_key(migrated) -> None:
    found = {
        (r[0], r[3], r[4], r[5]) for r in _rows(migrated, _CONSTRAINTS) if r[1] == "FOREIGN KEY"
    }
    declared = {(t.name, r.columns, r.table, r.to)
                for t in schema.stored_tables() for r in t.references if r.enforced}
    assert found == declared
    assert declared, "the registry declares foreign keys"


def test_comments_are_the_registry_descriptions(migrated) -> None:
    tables = dict(migrated.execute(
        "SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main'").fetchall())
    columns = {(r[0], r[1]): r[2] for r in migrated.execute(
        "SELECT table_name, column_name, comment FROM duckdb_columns()"
        " WHERE schema_name = 'main' AND table_name IN (SELECT table_name FROM duckdb_tables())"
    ).fetchall()}
    for table in schema.stored_tables():
        assert tables[table.name] == table.description, table.name
        for col in table.columns:
            assert columns[(table.name, col.name)] == schema.column_comment(col), (
                f"{table.name}.{col.name}")


def test_units_appear_in_comments(migrated) -> None:
    comment = migrated.execute(
        "SELECT comment FROM duckdb_columns() WHERE table_name = 'parks'"
        " AND column_name = 'area_ha'").fetchall()[0][0]
    assert comment == "Approved land area in hectares [ha]"


# ------------------------------------------------------------------ the same on PostgreSQL
# The migrations are translated per statement for PostgreSQL (warehouse/pg_sql.py); the
# server's own catalogue must describe the registry's tables too (issue 15).

#: The registry's DuckDB types as PostgreSQL's information_schema names them.
_PG_TYPES = {"VARCHAR": "text", "DOUBLE": "double precision", "INTEGER": "integer",
             "BIGINT": "bigint", "UINTEGER": "bigint", "BOOLEAN": "boolean", "DATE": "date",
             "TIMESTAMP": "timestamp without time zone", "BLOB": "bytea", "JSON": "json"}


@pytest.fixture(scope="module")
def pg_catalogue(pg_worlds) -> dict[str, list]:
    """Columns, primary keys and foreign keys of a migrated PostgreSQL warehouse."""
    url = pg_worlds.copy("empty")
    con = connect(url, read_only=True)
    try:
        columns = con.execute(
            "SELECT table_name, column_name, data_type, is_nullable"
            " FROM information_schema.columns WHERE table_schema = 'public'"
            " AND table_name IN (SELECT table_name FROM information_schema.tables"
            "  WHERE table_schema = 'public' AND table_type = 'BASE TABLE')"
            " ORDER BY table_name, ordinal_position").fetchall()
        keys = con.execute(
            "SELECT tc.table_name, tc.constraint_type, tc.constraint_name, kcu.column_name,"
            " kcu.ordinal_position FROM information_schema.table_constraints AS tc"
            " JOIN information_schema.key_column_usage AS kcu"
            "  ON kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name"
            " WHERE tc.table_schema = 'public'"
            " AND tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')"
            " ORDER BY tc.table_name, tc.constraint_name, kcu.ordinal_position").fetchall()
        targets = con.execute(
            "SELECT DISTINCT rc.constraint_name, ccu.table_name"
            " FROM information_schema.referential_constraints AS rc"
            " JOIN information_schema.constraint_column_usage AS ccu"
            "  ON ccu.constraint_name = rc.constraint_name"
            " WHERE rc.constraint_schema = 'public'").fetchall()
    finally:
        con.close()
        pg_worlds.drop_database(url)
    return {"columns": columns, "keys": keys, "targets": targets}


@pytest.mark.postgres
def test_postgres_has_the_registry_columns_types_and_nullability(pg_catalogue) -> None:
    found: dict[str, list[tuple]] = {}
    for table, column, data_type, nullable in pg_catalogue["columns"]:
        found.setdefault(table, []).append((column, data_type, nullable == "YES"))
    declared = {t.name: [(c.name, _PG_TYPES[c.sql_type], c.nullable
                          and c.name not in t.primary_key) for c in t.columns]
                for t in schema.stored_tables()}
    assert found == declared


@pytest.mark.postgres
def test_postgres_has_the_registry_keys_and_foreign_keys(pg_catalogue) -> None:
    target = dict(pg_catalogue["targets"])
    primary: dict[str, tuple] = {}
    foreign: dict[str, list] = {}
    for table, kind, name, column, _ in pg_catalogue["keys"]:
        if kind == "PRIMARY KEY":
            primary[table] = (*primary.get(table, ()), column)
        else:
            foreign.setdefault(name, [table, ()])[1] += (column,)
    declared_pk = {t.name: t.primary_key for t in schema.stored_tables() if t.primary_key}
    assert primary == declared_pk
    found_fk = {(table, cols, target[name]) for name, (table, cols) in foreign.items()}
    declared_fk = {(t.name, r.columns, r.table)
                   for t in schema.stored_tables() for r in t.references if r.enforced}
    assert found_fk == declared_fk and declared_fk

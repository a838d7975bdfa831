"""Reads for ``parkghg publish``: whole tables as frames, for the operator only.

Why a module: publishing copies the warehouse's shareable tables for other engines (Spark,
Trino, DuckDB elsewhere), never users, passwords, original files or contact details. The
list of what may leave is here, next to the SQL, so a new table is private until added.
"""

from __future__ import annotations

import duckdb
import polars as pl

from parkghg.schema import table

#: Table → columns that may be published. Enterprise contact e-mail and phone and the legal
#: representative's name are personal data and stay in the warehouse.
PUBLIC_COLUMNS: dict[str, tuple[str, ...]] = {
    "provinces": table("provinces").names,
    "parks": table("parks").names,
    "sectors": table("sectors").names,
    "enterprises": tuple(c for c in table("enterprises").names
                         if c not in ("contact_email", "contact_phone", "legal_representative")),
    "inventory_versions": table("inventory_versions").names,
}


def read_public_table(con: duckdb.DuckDBPyConnection, name: str) -> pl.DataFrame:
    """Every row of a publishable table, public columns only, in key order."""
    cols = ", ".join(PUBLIC_COLUMNS[name])  # names from the schema registry, not user input
    return con.sql(f"SELECT {cols} FROM {name} ORDER BY ALL").pl()  # noqa: S608


def read_version_rows(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The emission rows of every frozen inventory version, with the version's status."""
    return con.sql(
        "SELECT r.*, v.status AS version_status FROM inventory_version_rows AS r"
        " JOIN inventory_versions AS v USING (version_id) ORDER BY ALL"
    ).pl()

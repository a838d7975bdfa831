"""The SQL of copying a DuckDB warehouse into PostgreSQL, and of checking the copy.

Why here: only ``warehouse/`` runs SQL. The service (``service/warehouse_transfer.py``) decides
what may be copied and records it; this module reads a table from one engine, writes it into
the other (a TEMP table filled by COPY, then one ``INSERT … SELECT`` casting to the target's
column types, so JSON, lists and timestamps land as the schema says), continues the sequences,
and computes the same order-independent checksum of a table on either engine.

The checksum is computed on the rows each engine returns, after one normalisation (every value
as text, lists joined, NULL marked), as the sum modulo 2**64 of a 64-bit hash of each row: it
does not depend on row order, and any changed, lost or duplicated row changes it. It is not
DuckDB's ``hash()`` because that function exists on one engine only.
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import polars as pl

from warehouse.backup import MIGRATIONS_TABLE, base_tables, load_order, sequences

_NULL = "\x00"
_SEP = "\x1f"


def source_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The DuckDB warehouse's base tables, parents before children, without bookkeeping."""
    return load_order(con, [t for t in base_tables(con) if t != MIGRATIONS_TABLE])


#: Rows per chunk: a province's largest tables never sit in memory whole (twice).
CHUNK_ROWS = 100_000


def iter_table(con: duckdb.DuckDBPyConnection, table: str, columns: list[str],
               rows: int = CHUNK_ROWS) -> Iterator[pl.DataFrame]:
    """``table`` in frames of at most ``rows`` rows, on either engine (streamed, not loaded)."""
    cols = ", ".join(f'"{c}"' for c in columns)
    sql = f'SELECT {cols} FROM "{table}"'  # noqa: S608 - catalogue names
    if getattr(con, "engine", "duckdb") == "postgres":
        yield from con.iter_frames(sql, rows)  # type: ignore[attr-defined]
        return
    for batch in con.sql(sql).to_arrow_reader(rows):
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        yield frame


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Column names of ``table`` in order, on either engine."""
    if getattr(con, "engine", "duckdb") == "postgres":
        return con.columns_of(table)  # type: ignore[attr-defined]
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main'"
        " AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()
    return [r[0] for r in rows]


def write_table(pg: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Append ``frame`` to PostgreSQL ``table``, each column cast to the table's own type."""
    if frame.height == 0:
        return 0
    types = dict(pg.execute(
        "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
        " WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped",
        [table]).fetchall())
    pg.register("_transfer_in", frame)
    try:
        cols = ", ".join(f'"{c}"' for c in frame.columns)
        casts = ", ".join(f'CAST("{c}" AS {types[c]})' for c in frame.columns)
        sql = f'INSERT INTO "{table}" ({cols}) SELECT {casts} FROM _transfer_in'  # noqa: S608
        pg.raw.execute(sql)  # type: ignore[attr-defined]  # already PostgreSQL: no translation
    finally:
        pg.unregister("_transfer_in")
    return frame.height


def clear_table(pg: duckdb.DuckDBPyConnection, table: str) -> None:
    """Delete the rows a migration seeded (``sectors``) before the copy brings the source's."""
    pg.execute(f'DELETE FROM "{table}"')  # noqa: S608 - catalogue name


def continue_sequences(source: duckdb.DuckDBPyConnection, pg: duckdb.DuckDBPyConnection
                       ) -> dict[str, int | None]:
    """Give every PostgreSQL sequence the source's last value, so numbering carries on."""
    found = sequences(source)
    for name, last in found.items():
        if last is not None:
            pg.execute("SELECT setval(?, ?)", [name, last])
    return found


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    exprs = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if isinstance(dtype, pl.List):
            col = col.cast(pl.List(pl.String)).list.join(_SEP)
        elif dtype == pl.Binary:
            col = col.bin.encode("hex")
        elif dtype.is_float():
            col = col.cast(pl.Float64)
        elif dtype.is_integer():
            col = col.cast(pl.Int64)
        exprs.append(col.cast(pl.String).fill_null(_NULL).alias(name))
    return frame.select(exprs)


class Checksum:
    """Row count and the sum mod 2**64 of row hashes, added chunk by chunk (order-free).

    The row hash is polars' ``hash_rows`` over the rows as text, with a fixed seed: not stable
    across polars releases, which does not matter, since both sides are hashed in one process.
    """

    def __init__(self) -> None:
        self.rows = 0
        self.total = 0

    def add(self, frame: pl.DataFrame) -> None:
        self.rows += frame.height
        if not (frame.height and frame.width):
            return
        hashes = _as_text(frame).hash_rows(seed=20261128)
        parts = pl.DataFrame({"h": hashes}).select(
            high=(pl.col("h") // (1 << 32)).cast(pl.Int64).sum(),
            low=(pl.col("h") % (1 << 32)).cast(pl.Int64).sum())
        high, low = int(parts["high"][0]), int(parts["low"][0])
        self.total = (self.total + (high << 32) + low) % (1 << 64)

    def __str__(self) -> str:
        return f"{self.rows}:{self.total:016x}"


def checksum(frame: pl.DataFrame) -> str:
    """``<rows>:<sum of row hashes mod 2**64, hex>`` of one frame, independent of row order."""
    state = Checksum()
    state.add(frame)
    return str(state)


def table_checksum(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> Checksum:
    """The :class:`Checksum` of a whole table, streamed in chunks, on either engine."""
    state = Checksum()
    for frame in iter_table(con, table, columns):
        state.add(frame)
    return state

"""A PostgreSQL connection that speaks the part of DuckDB's connection API the warehouse uses.

Why a thin adapter and not a second copy of every warehouse module: the ~20 modules of
``warehouse/`` are written against ``duckdb.DuckDBPyConnection`` (``execute(sql, params)``,
``sql(q, params=...).pl()``, ``register(name, frame)``, ``begin/commit/rollback``). This class
offers those calls on psycopg 3, translates each statement once (``warehouse.pg_sql``), and
raises DuckDB's exception classes for the same failures (a missing table is
``duckdb.CatalogException``, a broken constraint ``duckdb.ConstraintException``), so the
modules' error handling means the same on both engines.

What differs, on purpose:

* ``register`` fills a TEMP table with ``COPY … FROM STDIN`` (CSV written by polars), where
  DuckDB scans the frame in place;
* every explicit transaction (``begin``) first takes one transaction-scoped advisory lock, so
  writers from many processes and servers are serialised the way DuckDB's single writer is
  (sequence-like ``max(seq) + 1`` numbering stays correct), while readers never wait;
* ``read_only`` is advisory: DuckDB's read-only mode is a file-lock mode, and PostgreSQL cannot
  create the TEMP tables ``register`` needs inside a read-only transaction. Give dashboards a
  role with SELECT grants if the server must enforce it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import duckdb
import polars as pl
import psycopg
from psycopg import errors as pg_errors
from psycopg.types.numeric import FloatLoader
from psycopg.types.string import TextLoader

from warehouse.pg_sql import parse_duckdb, translate
from warehouse.target import pg_url

#: The advisory lock every writing transaction holds (an arbitrary constant: "pkgh").
WRITE_LOCK_KEY = 0x706B6768

# PostgreSQL type OIDs → polars types, for empty results and stable column types.
_POLARS_TYPES: dict[int, pl.DataType] = {
    16: pl.Boolean(), 17: pl.Binary(), 20: pl.Int64(), 21: pl.Int16(), 23: pl.Int32(),
    25: pl.String(), 1043: pl.String(), 1042: pl.String(), 19: pl.String(), 114: pl.String(),
    3802: pl.String(), 700: pl.Float32(), 701: pl.Float64(), 1700: pl.Float64(),
    1082: pl.Date(), 1114: pl.Datetime("us"), 1184: pl.Datetime("us", "UTC"),
    1083: pl.Time(), 2950: pl.String(), 1009: pl.List(pl.String()), 1015: pl.List(pl.String()),
    1007: pl.List(pl.Int32()), 1016: pl.List(pl.Int64()), 1022: pl.List(pl.Float64()),
    1182: pl.List(pl.Date()), 1000: pl.List(pl.Boolean()), 1186: pl.Duration("us"),
}

_BOOL = 16
_JSON_OID = 114
#: Types PostgreSQL's CSV output and polars' CSV reader agree on exactly.
_CSV_SAFE = frozenset({16, 20, 21, 23, 25, 1043, 1042, 19, 114, 3802, 700, 701, 1700, 1082,
                       1114})

_EXCLUDE = re.compile(r"\*\s+EXCLUDE\s*\(([^)]*)\)\s+FROM\s+(\w+)", re.IGNORECASE)
_STAR_QUALIFY = re.compile(r"SELECT\s+\*\s+FROM\s+(\w+)\s+QUALIFY\b", re.IGNORECASE)
_BY_NAME = re.compile(
    r"^\s*INSERT\s+(OR\s+REPLACE\s+)?INTO\s+(\w+)\s+BY\s+NAME\s+SELECT\s+\*\s+FROM\s+(\w+)\s*$",
    re.IGNORECASE)


# DuckDB functions PostgreSQL lacks: ``error(msg)`` (an upgrade refusing bad data says why)
# and ``ends_with``. Created by ``warehouse.migrate`` before the migrations run.
_COMPAT_SQL = """
CREATE OR REPLACE FUNCTION error(msg text) RETURNS void LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION '%', msg; END $$;
CREATE OR REPLACE FUNCTION ends_with(s text, suffix text) RETURNS boolean LANGUAGE sql
IMMUTABLE AS $$ SELECT right(s, length(suffix)) = suffix $$;
"""


def _duck_error(exc: psycopg.Error) -> duckdb.Error:
    """The DuckDB exception class a caller written for DuckDB expects for this failure."""
    text = str(exc)
    if isinstance(exc, pg_errors.UndefinedTable | pg_errors.UndefinedColumn
                  | pg_errors.UndefinedFunction | pg_errors.UndefinedObject):
        return duckdb.CatalogException(text)
    if isinstance(exc, pg_errors.IntegrityError):
        return duckdb.ConstraintException(text)
    if isinstance(exc, pg_errors.LockNotAvailable | pg_errors.SerializationFailure
                  | pg_errors.DeadlockDetected):
        return duckdb.TransactionException(text)
    if isinstance(exc, pg_errors.DataError):
        return duckdb.InvalidInputException(text)
    if isinstance(exc, pg_errors.DiskFull):
        return duckdb.IOException(f"No space left on device: {text}")
    return duckdb.Error(text)


class PgResult:
    """A fully read result: rows, column names and types (DuckDB's result calls on it)."""

    def __init__(self, rows: list[tuple], description: Sequence[Any] | None,
                 drop_columns: Iterable[str] = ()) -> None:
        names = [d.name for d in description or []]
        oids = [d.type_code for d in description or []]
        keep = [i for i, n in enumerate(names) if n not in set(drop_columns)]
        if len(keep) != len(names):
            rows = [tuple(r[i] for i in keep) for r in rows]
        self._rows = rows
        self.columns = [names[i] for i in keep]
        self._oids = [oids[i] for i in keep]
        self.description = [(n, o) for n, o in zip(self.columns, self._oids, strict=True)]

    def fetchall(self) -> list[tuple]:
        return list(self._rows)

    def fetchone(self) -> tuple | None:
        return self._rows[0] if self._rows else None

    def pl(self) -> pl.DataFrame:
        """The result as a polars frame, column types from PostgreSQL's (not guessed)."""
        schema = {n: _POLARS_TYPES.get(o, pl.Object()) for n, o in zip(
            self.columns, self._oids, strict=True)}
        if any(isinstance(t, pl.Object) for t in schema.values()):
            frame = pl.DataFrame(self._rows, schema=self.columns, orient="row",
                                 infer_schema_length=None)
            return frame
        return pl.DataFrame(self._rows, schema=schema, orient="row")


class PgRelation:
    """What ``con.sql(q, params=…)`` returns: the result is fetched by the call that asks."""

    def __init__(self, con: PgConnection, query: str, params: Sequence[Any] | None) -> None:
        self._con, self._query, self._params = con, query, params

    def pl(self) -> pl.DataFrame:
        return self._con.frame(self._query, self._params)

    def fetchall(self) -> list[tuple]:
        return self._con.execute(self._query, self._params).fetchall()

    def fetchone(self) -> tuple | None:
        return self._con.execute(self._query, self._params).fetchone()


def _pg_type(dtype: pl.DataType) -> str:
    if dtype == pl.Boolean:
        return "BOOLEAN"
    if dtype.is_integer():
        return "BIGINT"
    if dtype.is_float() or dtype.is_decimal():
        return "DOUBLE PRECISION"
    if dtype == pl.Date:
        return "DATE"
    if isinstance(dtype, pl.Datetime):
        return "TIMESTAMP" if dtype.time_zone is None else "TIMESTAMPTZ"
    if dtype == pl.Binary:
        return "BYTEA"
    if isinstance(dtype, pl.List):
        return f"{_pg_type(dtype.inner)}[]"
    return "TEXT"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PgConnection:
    """One psycopg connection behind DuckDB's connection calls (see the module docstring)."""

    engine = "postgres"

    def __init__(self, target: str, *, read_only: bool = False, lock_wait_s: float = 30.0
                 ) -> None:
        self.target = pg_url(target)
        self.read_only = read_only
        self._registered: dict[str, list[str]] = {}
        options = f"-c lock_timeout={int(lock_wait_s * 1000)} -c TimeZone=UTC"
        try:
            self._con = psycopg.connect(self.target, autocommit=True, options=options)
        except psycopg.OperationalError as exc:
            raise duckdb.IOException(f"Could not connect to PostgreSQL: {exc}") from exc
        # DuckDB hands JSON back as text and sums as numbers: the same here.
        for name in ("json", "jsonb"):
            self._con.adapters.register_loader(name, TextLoader)
        self._con.adapters.register_loader("numeric", FloatLoader)

    # ---------------------------------------------------------------- statements
    def _expand(self, sql: str) -> str:
        """``SELECT * EXCLUDE``, ``SELECT * … QUALIFY`` and ``INSERT … BY NAME``: the tables'
        columns are needed to write them for PostgreSQL."""
        match = _EXCLUDE.search(sql)
        if match:
            drop = {c.strip().lower() for c in match.group(1).split(",")}
            keep = [c for c in self.columns_of(match.group(2)) if c.lower() not in drop]
            sql = sql[:match.start()] + ", ".join(map(_quote, keep)) + " FROM " + \
                match.group(2) + sql[match.end():]
        for match in reversed(list(_STAR_QUALIFY.finditer(sql))):
            # sqlglot turns QUALIFY into a sub-query with a helper column ``_w``; naming the
            # columns keeps ``_w`` out of the result (and out of views such as
            # ``custom_factors_current``).
            cols = ", ".join(map(_quote, self.columns_of(match.group(1))))
            named = f"SELECT {cols} FROM {match.group(1)} QUALIFY"  # noqa: S608 - catalogue
            sql = sql[:match.start()] + named + sql[match.end():]
        match = _BY_NAME.match(sql)
        if match:
            replace, table, source = match.groups()
            target_cols = {c.lower() for c in self.columns_of(table)}
            cols = [c for c in self.columns_of(source) if c.lower() in target_cols]
            col_list = ", ".join(map(_quote, cols))
            sql = f"INSERT INTO {table} ({col_list}) SELECT {col_list} FROM {source}"  # noqa: S608
            if replace:
                keys = self.primary_key(table)
                rest = [c for c in cols if c not in keys]
                sets = ", ".join(f"{_quote(c)} = excluded.{_quote(c)}" for c in rest)
                sql += f" ON CONFLICT ({', '.join(map(_quote, keys))}) " + (
                    f"DO UPDATE SET {sets}" if sets else "DO NOTHING")
            return sql
        return sql

    def _run(self, sql: str, params: Sequence[Any] | None) -> PgResult:
        upper = sql.upper()
        expand = ("BY NAME" in upper or _EXCLUDE.search(sql) is not None
                  or _STAR_QUALIFY.search(sql) is not None)
        if expand:  # per statement: needs the catalogue
            texts = [t.sql(dialect="duckdb")
                     for t in parse_duckdb(sql) if t is not None]
        else:
            texts = [sql]
        result: PgResult | None = None
        try:
            with self._con.cursor() as cur:
                for text in texts:
                    translated = translate(self._expand(text) if expand else text)
                    for statement, with_params, order_all in zip(
                            translated.statements, translated.has_params,
                            translated.order_by_all, strict=True):
                        args = list(params or []) if with_params else []
                        if order_all:
                            statement = self._order_by_every_column(cur, statement, args)
                        cur.execute(statement, args)
                        rows = cur.fetchall() if cur.description is not None else []
                        result = PgResult(rows, cur.description, translated.drop_columns)
        except psycopg.Error as exc:
            raise _duck_error(exc) from exc
        return result or PgResult([], None)

    @staticmethod
    def _order_by_every_column(cur: psycopg.Cursor, statement: str, args: list) -> str:
        """DuckDB's ``ORDER BY ALL`` after a ``*``: count the output columns, sort by each.

        A ``json`` column has no ordering operator in PostgreSQL (``could not identify an
        ordering operator for type json``, seen on ``SELECT * FROM audit_log ORDER BY ALL``);
        DuckDB's JSON sorts as its text, so it is sorted by its text here too.
        """
        cur.execute(f"SELECT * FROM ({statement}) AS _o LIMIT 0", args)  # noqa: S608
        columns = list(cur.description or [])
        cur.fetchall()
        keys = []
        for i, column in enumerate(columns):
            if column.type_code == _JSON_OID:
                name = column.name.replace('"', '""')
                keys.append(f'_o."{name}"::text')
            else:
                keys.append(str(i + 1))
        return f"SELECT * FROM ({statement}) AS _o ORDER BY {', '.join(keys)}"  # noqa: S608

    def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> PgResult:
        """Run one or more statements; the last one's rows (DuckDB returns them the same)."""
        return self._run(sql, parameters)

    def sql(self, query: str, params: Sequence[Any] | None = None) -> PgRelation:
        """A query run when its result is asked for (``.pl()`` streams it as CSV)."""
        return PgRelation(self, query, params)

    def frame(self, query: str, params: Sequence[Any] | None) -> pl.DataFrame:
        """A query's result as polars, through ``COPY (…) TO STDOUT`` where the types allow.

        Why: building a frame from psycopg's Python tuples costs about twice as much as
        letting PostgreSQL write CSV and polars parse it (measured on 1.9 million stored
        emission rows: 58 s → 29 s on a loaded 2-core machine). Parameters are bound on the
        client by psycopg (``mogrify``: its own literal quoting), since COPY takes none. Any
        type CSV cannot carry faithfully (arrays, bytes, time zones, intervals), or anything
        unexpected, falls back to the row path, so the answer never depends on the route.
        """
        upper = query.upper()
        if ("BY NAME" in upper or _EXCLUDE.search(query) or _STAR_QUALIFY.search(query)):
            return self._run(query, params).pl()
        translated = translate(query)
        if len(translated.statements) != 1 or translated.order_by_all[0]:
            return self._run(query, params).pl()
        statement = translated.statements[0]
        if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
            return self._run(query, params).pl()
        args = list(params or []) if translated.has_params[0] else []
        try:
            literal = psycopg.ClientCursor(self._con).mogrify(statement, args)
            with self._con.cursor() as cur:
                cur.execute(f"SELECT * FROM ({literal}) AS _d LIMIT 0")  # noqa: S608
                description = cur.description or []
                cur.fetchall()
                names = [d.name for d in description]
                oids = [d.type_code for d in description]
                if len(set(names)) != len(names) or not set(oids) <= _CSV_SAFE:
                    return self._run(query, params).pl()
                buf = io.BytesIO()
                with cur.copy(f"COPY ({literal}) TO STDOUT (FORMAT csv)") as copy:
                    for block in copy:
                        buf.write(block)
        except psycopg.Error as exc:
            raise _duck_error(exc) from exc
        schema = {n: _POLARS_TYPES[o] for n, o in zip(names, oids, strict=True)}
        bools = [n for n, o in zip(names, oids, strict=True) if o == _BOOL]
        read_as = {n: (pl.String() if n in bools else t) for n, t in schema.items()}
        if not buf.getbuffer().nbytes:
            frame = pl.DataFrame(schema=schema)
        else:
            try:
                frame = pl.read_csv(buf.getvalue(), has_header=False, new_columns=names,
                                    schema=read_as)
            except pl.exceptions.PolarsError:  # e.g. 'Infinity': take the row path
                return self._run(query, params).pl()
            frame = frame.with_columns([(pl.col(b) == "t").alias(b) for b in bools])
        hidden = [c for c in translated.drop_columns if c in frame.columns]
        return frame.drop(hidden) if hidden else frame

    def iter_frames(self, sql: str, rows: int) -> Iterator[pl.DataFrame]:
        """A PostgreSQL query's result in frames of ``rows`` rows (a server-side cursor)."""
        try:
            with self._con.transaction(), self._con.cursor(name="parkghg_stream") as cur:
                cur.execute(sql)
                while True:
                    chunk = cur.fetchmany(rows)
                    if not chunk:
                        break
                    yield PgResult(chunk, cur.description).pl()
        except psycopg.Error as exc:
            raise _duck_error(exc) from exc

    # ---------------------------------------------------------------- catalogue
    def columns_of(self, table: str) -> list[str]:
        """Column names of a table, view or registered frame, in order."""
        if table in self._registered:
            return list(self._registered[table])
        rows = self._con.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s)"
            " AND attnum > 0 AND NOT attisdropped ORDER BY attnum", [table]).fetchall()
        if not rows:
            raise duckdb.CatalogException(f"Table with name {table} does not exist!")
        return [r[0] for r in rows]

    def primary_key(self, table: str) -> list[str]:
        rows = self._con.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
            " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) AND i.indisprimary"
            " ORDER BY array_position(i.indkey, a.attnum)", [table]).fetchall()
        return [r[0] for r in rows]

    def ensure_compat(self) -> None:
        """DuckDB functions the migrations call that PostgreSQL lacks (``error(msg)``)."""
        self._con.execute(_COMPAT_SQL)

    # ---------------------------------------------------------------- transactions
    def begin(self) -> None:
        """Open a transaction holding the warehouse's one write lock (see module docstring)."""
        try:
            self._con.execute("BEGIN")
            self._con.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK_KEY])
        except psycopg.Error as exc:
            self._con.execute("ROLLBACK")
            raise _duck_error(exc) from exc

    def commit(self) -> None:
        try:
            self._con.execute("COMMIT")
        except psycopg.Error as exc:
            raise _duck_error(exc) from exc

    def rollback(self) -> None:
        self._con.execute("ROLLBACK")

    # ---------------------------------------------------------------- frames
    def register(self, name: str, data: Any) -> None:
        """A frame (polars or Arrow) as a TEMP table ``name``, filled with one COPY."""
        frame = data if isinstance(data, pl.DataFrame) else pl.from_arrow(data)
        assert isinstance(frame, pl.DataFrame)
        cols = ", ".join(f"{_quote(c)} {_pg_type(t)}" for c, t in frame.schema.items())
        try:
            self._con.execute(f"DROP TABLE IF EXISTS pg_temp.{_quote(name)}")
            self._con.execute(f"CREATE TEMP TABLE {_quote(name)} ({cols})")
            if frame.height:
                self._copy_in(name, frame)
        except psycopg.Error as exc:
            raise _duck_error(exc) from exc
        self._registered[name] = list(frame.columns)

    def _copy_in(self, name: str, frame: pl.DataFrame) -> None:
        plain = all(not isinstance(t, pl.List | pl.Binary | pl.Struct | pl.Object)
                    for t in frame.schema.values())
        with self._con.cursor() as cur:
            if plain:
                buf = io.BytesIO()
                frame.write_csv(buf, include_header=False, datetime_format="%Y-%m-%d %H:%M:%S%.f")
                with cur.copy(f"COPY {_quote(name)} FROM STDIN (FORMAT csv)") as copy:
                    copy.write(buf.getvalue())
            else:
                with cur.copy(f"COPY {_quote(name)} FROM STDIN") as copy:
                    for row in frame.iter_rows():
                        copy.write_row(row)

    def unregister(self, name: str) -> None:
        self._registered.pop(name, None)
        try:
            self._con.execute(f"DROP TABLE IF EXISTS pg_temp.{_quote(name)}")
        except psycopg.Error as exc:
            raise _duck_error(exc) from exc

    def close(self) -> None:
        self._con.close()

    @property
    def raw(self) -> psycopg.Connection:
        """The psycopg connection, for PostgreSQL-only work (copying a warehouse)."""
        return self._con

"""Opening the DuckDB warehouse safely from several processes.

DuckDB lets one process hold a read-write handle on a file, and that handle locks out every
other process, readers included (see ``../shared/reference/stack-notes.md``). So:

* writers (CLI ingest, registry import) open read-write only for the length of one batch and
  retry briefly while someone else holds the lock;
* the dashboard opens short-lived read-only handles per query and retries briefly too;
* if the lock does not come free in time, callers get ``WarehouseBusyError``, which the edge
  turns into a polite "try again" message instead of a traceback.
"""

from __future__ import annotations

import datetime as dt
import errno
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from parkghg.errors import WarehouseBusyError, WarehouseMissingError, WarehouseWriteError
from parkghg.log import get_logger
from warehouse.target import display_name, is_postgres

log = get_logger(__name__)

WRITE_WAIT_S = 30.0
READ_WAIT_S = 5.0
_RETRY_SLEEP_S = 0.05


def _is_lock_error(exc: duckdb.Error) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text


_DISK_FULL = ("no space left", "file too large", "disk quota", "disk is full")
_READ_ONLY = ("permission denied", "read-only file system", "operation not permitted")


def write_failure(exc: BaseException, path: Path | str) -> WarehouseWriteError | None:
    """The clear error for a disk-full or read-only failure of the engine, else None.

    Why by message: DuckDB reports a full disk (``ENOSPC``, ``EFBIG``) or a file it may not
    write as text inside an ``IOException`` or, at commit, a ``TransactionException``; an
    ``OSError`` (the original-file store) carries its ``errno``.
    """
    if isinstance(exc, OSError):
        path = exc.filename or path
        if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            return WarehouseWriteError("backup.reason_disk_full", path=str(path),
                                       code=errno.errorcode[exc.errno])
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return WarehouseWriteError("backup.reason_read_only", path=str(path),
                                       code=errno.errorcode[exc.errno])
        return None
    text = str(exc).lower()
    if any(marker in text for marker in _DISK_FULL):
        return WarehouseWriteError("backup.reason_disk_full", path=str(path), code="ENOSPC")
    if any(marker in text for marker in _READ_ONLY):
        return WarehouseWriteError("backup.reason_read_only", path=str(path), code="EACCES")
    return None


def connect(
    path: Path | str, *, read_only: bool = False, wait_s: float | None = None
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, retrying while another process holds the file lock.

    A ``postgresql://`` target opens PostgreSQL instead (``warehouse.pg``): no file lock there;
    a writing transaction waits up to ``wait_s`` for the one write lock.
    """
    if is_postgres(path):
        return _connect_postgres(path, read_only=read_only, wait_s=wait_s)
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseMissingError("common.warehouse_missing", path=str(path))
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + (
        wait_s if wait_s is not None else (READ_WAIT_S if read_only else WRITE_WAIT_S)
    )
    attempts = 0
    while True:
        attempts += 1
        try:
            con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc) or time.monotonic() >= deadline:
                if _is_lock_error(exc):
                    raise WarehouseBusyError("common.warehouse_busy", path=str(path)) from exc
                failure = write_failure(exc, path)
                if failure is None:
                    raise
                raise failure from exc
            time.sleep(_RETRY_SLEEP_S)
            continue
        if attempts > 1:
            log.debug("opened %s after %d attempts", path, attempts)
        return con


def _connect_postgres(target: Path | str, *, read_only: bool, wait_s: float | None):
    from warehouse.pg import PgConnection  # psycopg only for PostgreSQL deployments

    try:
        return PgConnection(str(target), read_only=read_only,
                            lock_wait_s=wait_s if wait_s is not None else WRITE_WAIT_S)
    except duckdb.IOException as exc:  # no server, no such database, refused credentials
        reason = str(exc).removeprefix("Could not connect to PostgreSQL: ").strip()
        raise WarehouseMissingError("backend.unreachable", target=display_name(target),
                                    reason=reason.splitlines()[0] if reason else "?") from exc


def warehouse_exists(target: Path | str) -> bool:
    """Whether the warehouse is there: the file exists, or the PostgreSQL server answers."""
    if not is_postgres(target):
        return Path(target).exists()
    try:
        connect(target, read_only=True).close()
    except WarehouseMissingError:
        return False
    return True


@contextmanager
def open_warehouse(
    path: Path | str, *, read_only: bool = False, wait_s: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection that is always closed, so the file lock is held only as long as needed."""
    con = connect(path, read_only=read_only, wait_s=wait_s)
    try:
        yield con
    except (duckdb.Error, OSError) as exc:
        # A read-only handle writes only files a query names (COPY TO): its caller knows which.
        # OSError: the original-file store beside the warehouse is written in the same block.
        failure = None if read_only else write_failure(exc, path)
        if failure is None:
            raise
        raise failure from exc
    finally:
        try:
            con.close()
        except duckdb.Error as exc:  # the closing checkpoint may hit the same full disk
            log.warning("closing %s: %s", path, exc)


# Connections (by id) with a transaction open through ``transaction``, and how deep.
_OPEN_TRANSACTIONS: dict[int, int] = {}


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All-or-nothing: commit when the block ends, roll back on any exception.

    Re-entrant: inside an open ``transaction`` on the same connection the block joins it (a
    bulk ingest writes a batch of uploads, each with its own ``record_*`` transaction block, as
    one commit); an exception still rolls the whole outer transaction back.
    """
    key = id(con)
    if key in _OPEN_TRANSACTIONS:
        _OPEN_TRANSACTIONS[key] += 1
        try:
            yield con
        finally:
            _OPEN_TRANSACTIONS[key] -= 1
        return
    try:
        con.begin()
    except duckdb.TransactionException as exc:  # PostgreSQL: the write lock did not come free
        raise WarehouseBusyError("common.warehouse_busy",
                                 path=display_name(getattr(con, "target", ""))) from exc
    _OPEN_TRANSACTIONS[key] = 1
    try:
        yield con
    except BaseException:
        del _OPEN_TRANSACTIONS[key]
        con.rollback()
        raise
    del _OPEN_TRANSACTIONS[key]
    con.commit()


def fetch_one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple | None:
    """The first row of a query, reading the result to its end.

    Why not ``.fetchone()``: DuckDB 2.0 treats a result that was not read to the end as still
    busy, and the next ``con.sql(...)`` on that connection raises ``ResourceInUseException``.
    """
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def utc_now() -> dt.datetime:
    """UTC wall time without tzinfo, the convention of every TIMESTAMP in the warehouse."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)

"""Original uploaded files, content-addressed beside the warehouse file.

Why not a BLOB column: DuckDB rewrites a table's blocks at every checkpoint, and with every
original file in ``submission_files`` each upload's connection close rewrote tens to hundreds
of megabytes (60–80 % of an upload's time at province scale). The bytes now live in

    <warehouse file>.files/<sha256[:2]>/<sha256>

(this exact layout: backups copy the directory next to the warehouse file), and the table keeps
only the hash, size and relative path. A file is written (temporary name, then an atomic
rename) *before* the database transaction that names it commits, so a committed submission
always has its file; a crash in between leaves at most an orphan file, which is harmless and
is reused when the same bytes arrive again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import duckdb

from parkghg.errors import StoredFileMissingError
from parkghg.settings import load_settings
from warehouse.target import database_name, is_postgres

FILES_SUFFIX = ".files"


def store_dir(warehouse_path: Path | str) -> Path:
    """The directory holding the original files of the warehouse at ``warehouse_path``.

    A PostgreSQL warehouse has no file to sit beside: its originals live in
    ``<PARKGHG_FILES_DIR>/<database>.files`` (a folder every app server mounts, see
    docs/postgresql.md), still content-addressed and still copied by backups.
    """
    if is_postgres(warehouse_path):
        root = load_settings().files_dir
        return root / (database_name(warehouse_path) + FILES_SUFFIX)
    path = Path(warehouse_path)
    return path.with_name(path.name + FILES_SUFFIX)


def relative_path(sha256: str) -> str:
    """Where the bytes with this hash live, relative to :func:`store_dir` (POSIX form)."""
    return f"{sha256[:2]}/{sha256}"


def warehouse_file(con: duckdb.DuckDBPyConnection) -> Path | str:
    """The file behind an open warehouse connection (an in-memory database has none).

    For PostgreSQL, the connection's URL (:func:`store_dir` knows where its files live).
    """
    if getattr(con, "engine", "duckdb") == "postgres":
        return con.target  # type: ignore[attr-defined]
    rows = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    if not rows or not rows[0][0]:
        raise ValueError("the original-file store needs a warehouse file, not :memory:")
    return Path(rows[0][0])


def put(warehouse_path: Path | str, content: bytes, sha256: str | None = None) -> tuple[str, str]:
    """Store ``content`` durably and return ``(sha256, relative path)``.

    Idempotent: bytes already stored are left alone (same hash, same bytes). The temporary
    file sits in the same directory, so the rename is atomic on every POSIX file system.
    """
    sha = sha256 or hashlib.sha256(content).hexdigest()
    rel = relative_path(sha)
    target = store_dir(warehouse_path) / rel
    if target.exists() and target.stat().st_size == len(content):
        return sha, rel
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp_name).replace(target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return sha, rel


#: Files written at once by :func:`put_many`: their fsyncs overlap, so the file system can
#: commit several in one journal flush instead of one flush per file.
PUT_THREADS = 8


def put_many(warehouse_path: Path | str, items: list[tuple[bytes, str | None]]
             ) -> list[tuple[str, str]]:
    """:func:`put` for a batch of ``(content, sha256 or None)``, in parallel; same order.

    Why threads: each file is made durable (fsync) before the transaction naming it commits,
    and one fsync after another cost about 30 ms a file on the project's machine.
    """
    if len(items) <= 1:
        return [put(warehouse_path, content, sha) for content, sha in items]
    from concurrent.futures import ThreadPoolExecutor  # lazy: only batches need it

    with ThreadPoolExecutor(max_workers=min(PUT_THREADS, len(items))) as pool:
        return list(pool.map(lambda item: put(warehouse_path, *item), items))


def get(warehouse_path: Path | str, rel: str, sha256: str) -> bytes:
    """The stored bytes, checked against their hash (a changed file is not served silently)."""
    path = store_dir(warehouse_path) / rel
    try:
        content = path.read_bytes()
    except FileNotFoundError as exc:
        raise StoredFileMissingError("files.missing", path=str(path)) from exc
    if hashlib.sha256(content).hexdigest() != sha256:
        raise StoredFileMissingError("files.corrupt", path=str(path))
    return content


def export_blobs(con: duckdb.DuckDBPyConnection) -> int:
    """Write every BLOB of the old ``submission_files.content`` column into the store.

    Run by ``warehouse.migrate`` just before migration 0008 drops the column; returns how many
    files were written. A warehouse that already has no such column writes nothing.
    """
    has_blobs = con.execute(
        "SELECT count(*) FROM information_schema.columns "
        "WHERE table_name = 'submission_files' AND column_name = 'content'"
    ).fetchall()[0][0]
    if not has_blobs:
        return 0
    ids = [r[0] for r in con.execute(
        "SELECT submission_id FROM submission_files ORDER BY submission_id").fetchall()]
    if not ids:
        return 0
    root = warehouse_file(con)
    for submission_id in ids:  # one blob in memory at a time
        content = con.execute("SELECT content FROM submission_files WHERE submission_id = ?",
                              [submission_id]).fetchall()[0][0]
        put(root, bytes(content))
    return len(ids)


def remove_store(warehouse_path: Path | str) -> None:
    """Delete the original-file store of a warehouse that is being deleted (``--force``)."""
    import shutil  # lazy: only the rare rebuild needs it

    shutil.rmtree(store_dir(warehouse_path), ignore_errors=True)

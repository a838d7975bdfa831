"""Backing the warehouse up to a folder and restoring it into a new warehouse.

A backup folder holds one Parquet file per table (``tables/<name>.parquet``), the uploaded
originals kept beside the warehouse (``files/...``, when that store exists) and
``manifest.json``: format version, parkghg and DuckDB versions, the migrations applied, and per
table its file's size and sha256, its row count and a content fingerprint; per original file
its size and sha256. The manifest is written last and the folder is renamed into place only
when complete, so an interrupted backup never looks like a backup.

Why a read-only connection: the dashboard keeps serving while a backup runs (DuckDB lets many
read-only processes share the file; only writers wait, with the usual retry). Why restore
only into a new file: a restore is checked end to end (checksums first, then row counts and
fingerprints after loading) in a scratch file that replaces the target only when it is
exact; a warehouse in use is never overwritten without ``force``, and then it is moved
aside, not deleted.

Backups hold password hashes, audit trails and (unless ``include_uploads=False``) every
uploaded file: see ``docs/backup.md`` for how to keep them.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import duckdb
from pydantic import BaseModel, ConfigDict, ValidationError

from parkghg.digest import sha256_file
from parkghg.errors import BackupError
from parkghg.log import get_logger
from service.db import migrate as service_migrate
from warehouse import backup as store
from warehouse.db import WRITE_WAIT_S, open_warehouse, utc_now, write_failure
from warehouse.filestore import store_dir as uploads_dir  # the originals beside the file
from warehouse.migrate import applied_migrations, available_migrations, migrate_connection
from warehouse.target import display_name, is_postgres

log = get_logger(__name__)

FORMAT = "parkghg-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TABLES_DIR = "tables"
FILES_DIR = "files"
#: How long a backup waits for a writer (an ingest batch) to let go of the warehouse.
BACKUP_WAIT_S = 2 * WRITE_WAIT_S
_CHUNK = 1 << 20
_SHA256_NAME = re.compile(r"^[0-9a-f]{64}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TableEntry(_Strict):
    """One table's Parquet file and what it must contain."""

    name: str
    file: str
    columns: list[str]
    rows: int
    bytes: int
    sha256: str
    fingerprint: str


class FileEntry(_Strict):
    """One uploaded original copied from the store beside the warehouse."""

    file: str
    bytes: int
    sha256: str


class Manifest(_Strict):
    """``manifest.json``: everything a restore checks before it trusts a backup."""

    format: Literal["parkghg-backup"]
    format_version: int
    created_at: dt.datetime
    parkghg_version: str
    duckdb_version: str
    source_name: str
    migrations: list[str]
    uploads_included: bool
    tables: list[TableEntry]
    sequences: dict[str, int | None]
    files: list[FileEntry]
    files_skipped: list[str]

    @property
    def total_rows(self) -> int:
        return sum(t.rows for t in self.tables)

    @property
    def total_bytes(self) -> int:
        return sum(t.bytes for t in self.tables) + sum(f.bytes for f in self.files)


class RestoreReport(_Strict):
    """What a restore did, for the front end's summary."""

    manifest: Manifest
    target: Path
    moved_aside: list[Path]
    migrations_added: list[str]


# ------------------------------------------------------------------------------ paths



def _parkghg_version() -> str:
    try:
        return importlib.metadata.version("parkghg")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - source checkout
        return "unknown"



def _copy_hashing(source: Path, target: Path) -> tuple[int, str]:
    """Copy ``source`` to ``target`` and return (bytes, sha256) of what was copied."""
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as src, target.open("xb") as dst:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            dst.write(chunk)
            size += len(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    return size, digest.hexdigest()


def _private(path: Path) -> None:
    """Owner-only permissions: a backup holds password hashes and uploads."""
    path.chmod(0o700 if path.is_dir() else 0o600)


def _is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


@contextmanager
def _os_errors(path: Path) -> Iterator[None]:
    """Disk full, read-only or missing folders become a clear ``BackupError``."""
    try:
        yield
    except OSError as exc:
        raise BackupError(_reason_key(exc), path=str(getattr(exc, "filename", None) or path),
                          code=errno.errorcode.get(exc.errno or 0, "?")) from exc
    except duckdb.Error as exc:
        failure = write_failure(exc, path)
        if failure is None:
            raise
        raise failure from exc


def _reason_key(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "backup.reason_disk_full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "backup.reason_read_only"
    return "backup.reason_os"


# ------------------------------------------------------------------------------ backup


def create_backup(db_path: Path | str, target: Path | str, *, include_uploads: bool = True,
                  wait_s: float = BACKUP_WAIT_S) -> Manifest:
    """Write a complete, checked backup of ``db_path`` into the new folder ``target``.

    ``include_uploads=False`` leaves out the uploaded originals (the store beside the warehouse,
    and ``submission_files`` while that table holds the bytes), for a copy that may travel
    further than the server.
    """
    if is_postgres(db_path):  # DuckDB's COPY … TO parquet: a PostgreSQL server has pg_dump
        raise BackupError("backend.backup_on_postgres", target=display_name(db_path))
    db_path, target = Path(db_path), Path(target)
    if target.exists() and not _is_empty_dir(target):
        raise BackupError("backup.target_not_empty", path=str(target))
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        with _os_errors(partial):
            manifest = _write_backup(db_path, partial, include_uploads, wait_s)
            if target.exists():
                target.rmdir()
            partial.rename(target)
    finally:
        if partial.exists():
            shutil.rmtree(partial, ignore_errors=True)
    log.info("backup of %s written to %s (%d tables, %d rows, %d files)", db_path, target,
             len(manifest.tables), manifest.total_rows, len(manifest.files))
    return manifest


def _write_backup(db_path: Path, out: Path, include_uploads: bool, wait_s: float) -> Manifest:
    out.mkdir(parents=True, mode=0o700)
    (out / TABLES_DIR).mkdir(mode=0o700)
    tables: list[TableEntry] = []
    with open_warehouse(db_path, read_only=True, wait_s=wait_s) as con:
        con.begin()  # one snapshot for every table
        migrations = applied_migrations(con)
        for table in store.base_tables(con):
            if table == store.UPLOAD_BYTES_TABLE and not include_uploads and \
                    store.has_blob_column(con, table):
                continue  # the bytes themselves; a table of hashes and paths stays
            file = out / TABLES_DIR / f"{table}.parquet"
            store.export_table(con, table, file)
            _private(file)
            tables.append(TableEntry(
                name=table, file=f"{TABLES_DIR}/{file.name}",
                columns=store.table_columns(con, table), rows=store.row_count(con, table),
                bytes=file.stat().st_size, sha256=sha256_file(file),
                fingerprint=store.fingerprint(con, table)))
        sequences = store.sequences(con)
        engine = store.engine_version(con)
        con.commit()
        # Originals are content-addressed and written before the row naming them commits, so
        # copying them while the snapshot's lock is still held misses none it names.
        files, skipped = (_copy_originals(uploads_dir(db_path), out / FILES_DIR)
                          if include_uploads else ([], []))
    manifest = Manifest(
        format=FORMAT, format_version=FORMAT_VERSION, created_at=utc_now(),
        parkghg_version=_parkghg_version(), duckdb_version=engine, source_name=db_path.name,
        migrations=migrations, uploads_included=include_uploads, tables=tables,
        sequences=sequences, files=files, files_skipped=skipped)
    manifest_path = out / MANIFEST
    manifest_path.write_text(manifest.model_dump_json(indent=2), encoding="utf-8")
    _private(manifest_path)
    return manifest


def _copy_originals(source: Path, out: Path) -> tuple[list[FileEntry], list[str]]:
    """Copy the store of originals, checking each file against the hash in its name."""
    if not source.is_dir():
        return [], []
    files: list[FileEntry] = []
    skipped: list[str] = []
    out.mkdir(mode=0o700)
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        relative = path.relative_to(source)
        if not _SHA256_NAME.match(path.name):  # a temporary file of a write in progress
            log.info("not an original (name is not a sha256): %s; left out", relative)
            skipped.append(relative.as_posix())
            continue
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        size, sha = _copy_hashing(path, target)
        if sha != path.name:
            # Being written right now, or damaged on disk: not something to restore from.
            log.warning("uploaded original %s does not match its name; left out", relative)
            target.unlink()
            skipped.append(relative.as_posix())
            continue
        _private(target)
        files.append(FileEntry(file=f"{FILES_DIR}/{relative.as_posix()}", bytes=size,
                               sha256=sha))
    return files, skipped


# ------------------------------------------------------------------------------ verify


def read_manifest(source: Path | str) -> Manifest:
    """The backup's manifest, or a ``BackupError`` saying why the folder is not a backup."""
    source = Path(source)
    if not source.is_dir():
        raise BackupError("backup.not_a_folder", path=str(source))
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError("backup.manifest_missing", path=str(source))
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError("backup.manifest_damaged", path=str(path)) from exc
    if isinstance(raw, dict) and raw.get("format") == FORMAT and \
            raw.get("format_version") != FORMAT_VERSION:
        raise BackupError("backup.format_unsupported", version=str(raw.get("format_version")),
                          supported=FORMAT_VERSION)
    try:
        return Manifest.model_validate(raw)
    except ValidationError as exc:
        raise BackupError("backup.manifest_damaged", path=str(path)) from exc


def verify_backup(source: Path | str) -> Manifest:
    """Check a backup folder completely before anything is restored from it.

    Refuses a backup made by a newer release (a migration this one does not know), and any
    file that is missing (a partial backup), has another size or another sha256 (damaged).
    """
    source = Path(source)
    manifest = read_manifest(source)
    known = {p.stem for p in available_migrations()}
    for name in manifest.migrations:
        if name not in known:
            raise BackupError("backup.newer_release", migration=name,
                              version=manifest.parkghg_version)
    for entry in [*manifest.tables, *manifest.files]:
        path = source / entry.file
        if ".." in Path(entry.file).parts or Path(entry.file).is_absolute():
            raise BackupError("backup.manifest_damaged", path=str(source / MANIFEST))
        if not path.is_file():
            raise BackupError("backup.file_missing", file=entry.file, path=str(source))
        size = path.stat().st_size
        if size != entry.bytes:
            raise BackupError("backup.file_size", file=entry.file, expected=entry.bytes,
                              actual=size)
        if sha256_file(path) != entry.sha256:
            raise BackupError("backup.file_checksum", file=entry.file)
    return manifest


# ------------------------------------------------------------------------------ restore


def _target_in_use(db_path: Path) -> bool:
    """Whether ``db_path`` holds data (or is not a warehouse at all, which counts as in use)."""
    if not db_path.exists():
        return False
    try:
        with open_warehouse(db_path, read_only=True, wait_s=WRITE_WAIT_S) as con:
            return store.holds_data(con)
    except duckdb.Error:
        return True


def restore_backup(source: Path | str, db_path: Path | str, *, force: bool = False
                   ) -> RestoreReport:
    """Restore the backup in ``source`` as the warehouse ``db_path``.

    The backup is verified first; the data is loaded into a scratch file beside the target,
    checked table by table against the manifest (rows and fingerprints) and only then moved
    into place. A target that holds data is refused unless ``force``, and then moved aside
    (``<name>.before-restore-<time>``), never deleted.
    """
    if is_postgres(db_path):
        raise BackupError("backend.backup_on_postgres", target=display_name(db_path))
    source, db_path = Path(source), Path(db_path)
    manifest = verify_backup(source)
    originals = uploads_dir(db_path)
    in_use = _target_in_use(db_path) or (originals.exists() and not _is_empty_dir(originals))
    if in_use and not force:
        raise BackupError("backup.warehouse_not_empty", path=str(db_path))
    scratch = db_path.with_name(f".{db_path.name}.restoring-{os.getpid()}")
    scratch_files = uploads_dir(scratch)
    _remove(scratch, scratch_files)
    moved: list[Path] = []
    try:
        with _os_errors(db_path.parent):
            db_path.parent.mkdir(parents=True, exist_ok=True)
            added = _load(source, manifest, scratch)
            _restore_originals(source, manifest, scratch_files)
            if in_use:
                moved = _move_aside(db_path)
            else:  # a new, empty warehouse (``parkghg init``) is simply replaced
                _remove(db_path, originals)
            scratch.rename(db_path)
            if scratch_files.exists():
                scratch_files.rename(originals)
    finally:
        _remove(scratch, scratch_files)
    # The schema is current already; this runs whatever the service layer does after an
    # upgrade (nothing, for a backup of this release).
    service_migrate(db_path)
    log.info("restored %s from %s (%d tables, %d rows)", db_path, source, len(manifest.tables),
             manifest.total_rows)
    return RestoreReport(manifest=manifest, target=db_path, moved_aside=moved,
                         migrations_added=added)


def _remove(db_file: Path, files_dir: Path) -> None:
    for path in (db_file, db_file.with_name(db_file.name + ".wal")):
        path.unlink(missing_ok=True)
    shutil.rmtree(files_dir, ignore_errors=True)


def _load(source: Path, manifest: Manifest, scratch: Path) -> list[str]:
    """Build the scratch warehouse from the backup; return migrations added after loading."""
    by_name = {t.name: t for t in manifest.tables}
    with open_warehouse(scratch) as con:
        migrate_connection(con, upto=manifest.migrations[-1] if manifest.migrations else None)
        schema = set(store.base_tables(con))
        optional = set() if manifest.uploads_included else {store.UPLOAD_BYTES_TABLE}
        for name in sorted(set(by_name) - schema):
            raise BackupError("backup.table_unknown", table=name)
        for name in sorted(schema - set(by_name) - optional):
            raise BackupError("backup.table_missing", table=name)
        for name, entry in by_name.items():
            stored = store.parquet_columns(con, source / entry.file)
            if set(stored) != set(store.table_columns(con, name)) or stored != entry.columns:
                raise BackupError("backup.columns_differ", table=name)
        order = store.load_order(con, sorted(schema))
        for name in reversed(order):  # migrations seed some tables (sectors): the backup wins
            store.clear_table(con, name)
        same_engine = store.engine_version(con) == manifest.duckdb_version
        for name in (n for n in order if n in by_name):
            entry = by_name[name]
            store.import_table(con, name, source / entry.file)
            actual = store.fingerprint(con, name)
            rows = int(actual.split(":", 1)[0])
            if rows != entry.rows or (same_engine and actual != entry.fingerprint):
                raise BackupError("backup.table_differs", table=name, expected=entry.rows,
                                  actual=rows)
        for name, last in manifest.sequences.items():
            if last is not None:
                store.set_sequence(con, name, last)
        return migrate_connection(con)


def _restore_originals(source: Path, manifest: Manifest, out: Path) -> None:
    for entry in manifest.files:
        relative = Path(entry.file).relative_to(FILES_DIR)
        target = out / relative
        if target.is_file() and sha256_file(target) == entry.sha256:
            continue  # already written by an upgrade migration that moved bytes out of tables
        target.unlink(missing_ok=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        size, sha = _copy_hashing(source / entry.file, target)
        if size != entry.bytes or sha != entry.sha256:  # changed after verification
            raise BackupError("backup.file_checksum", file=entry.file)


def _move_aside(db_path: Path) -> list[Path]:
    """Rename a forced-over warehouse (file, WAL, originals) to ``*.before-restore-<time>``."""
    try:
        with open_warehouse(db_path, wait_s=WRITE_WAIT_S):
            pass  # waits for other writers; closing checkpoints the WAL into the file
    except duckdb.Error:
        log.warning("%s is not a readable warehouse; moved aside as it is", db_path)
    stamp = utc_now().strftime("%Y%m%dT%H%M%S")
    moved = []
    for path in (db_path, db_path.with_name(db_path.name + ".wal"), uploads_dir(db_path)):
        if path.exists():
            aside = path.with_name(f"{path.name}.before-restore-{stamp}")
            path.rename(aside)
            moved.append(aside)
    return moved

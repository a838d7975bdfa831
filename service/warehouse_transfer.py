"""``migrate-warehouse``: copy a province's DuckDB warehouse into PostgreSQL and prove the copy.

Why a service: moving the system of record is the most consequential write there is. It is
allowed to the operator (system) and administrators only, refuses a target that already holds
a warehouse's data, copies every table (history, audit log, users, frozen inventory versions,
review decisions: everything ``parkghg init`` creates, found in the catalogue, not listed by
hand), continues the sequences, copies the original uploaded files, and then reads every table
back from both engines and compares row counts and an order-independent checksum
(``warehouse.transfer.checksum``). The copy commits in one PostgreSQL transaction: a failure
leaves the target as it was. An audit row on the target records who moved what.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from parkghg.errors import WarehouseTransferError
from parkghg.log import get_logger
from service.access import require_role
from warehouse import transfer
from warehouse.audit import Acting, write_audit
from warehouse.db import open_warehouse, transaction
from warehouse.filestore import store_dir
from warehouse.migrate import applied_migrations, available_migrations, migrate_connection
from warehouse.target import display_name, is_postgres

log = get_logger(__name__)

_ROLES = ("system", "admin")


class TableCheck(BaseModel):
    """One table: rows and checksum read from each engine after the copy."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    table: str
    source_rows: int
    target_rows: int
    source_checksum: str
    target_checksum: str

    @property
    def matches(self) -> bool:
        return (self.source_rows == self.target_rows
                and self.source_checksum == self.target_checksum)


class TransferReport(BaseModel):
    """What ``migrate_warehouse`` copied and what it verified."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    target: str
    tables: list[TableCheck]
    files_copied: int

    @property
    def total_rows(self) -> int:
        return sum(t.target_rows for t in self.tables)

    @property
    def verified(self) -> bool:
        return all(t.matches for t in self.tables)


def _check_source(source: Path) -> None:
    if is_postgres(source) or not Path(source).is_file():
        raise WarehouseTransferError("backend.source_not_a_file", path=str(source))
    with open_warehouse(source, read_only=True) as con:
        applied = applied_migrations(con)
    latest = [p.stem for p in available_migrations()]
    if applied != latest:
        raise WarehouseTransferError("backend.source_not_current", path=str(source))


def _copy_files(source: Path, target: str) -> int:
    src, dst = store_dir(source), store_dir(target)
    if not src.exists():
        return 0
    copied = 0
    for path in src.rglob("*"):
        if path.is_file() and not path.name.startswith(".tmp-"):
            out = dst / path.relative_to(src)
            out.parent.mkdir(parents=True, exist_ok=True)
            if not (out.exists() and out.stat().st_size == path.stat().st_size):
                shutil.copy2(path, out)
            copied += 1
    return copied


def migrate_warehouse(source: Path | str, target: str, *, actor: Acting) -> TransferReport:
    """Copy the DuckDB warehouse ``source`` into the PostgreSQL database ``target``; verify.

    Raises ``WarehouseTransferError`` (nothing written) when the source is not a current
    warehouse file, the target is not a PostgreSQL URL or already holds data, and after the
    copy (which then stays committed, for inspection) when any table does not match.
    """
    source = Path(source)
    if not is_postgres(target):
        raise WarehouseTransferError("backend.target_not_postgres", target=str(target))
    _check_source(source)
    with open_warehouse(source, read_only=True) as src, open_warehouse(target) as dst:
        require_role(src, actor, _ROLES, "backend.transfer_denied")
        if applied_migrations(dst):
            tables = [t for t in transfer.source_tables(src) if t != "sectors"]
            if any(dst.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0]  # noqa: S608
                   for t in tables):
                raise WarehouseTransferError("backend.target_not_empty",
                                             target=display_name(target))
        migrate_connection(dst)
        tables = transfer.source_tables(src)
        with transaction(dst):
            for table in tables:
                columns = transfer.table_columns(src, table)
                transfer.clear_table(dst, table)
                for chunk in transfer.iter_table(src, table, columns):
                    transfer.write_table(dst, table, chunk)
                log.info("copied %s", table)
            transfer.continue_sequences(src, dst)
        files = _copy_files(source, target)
        checks = []
        for table in tables:
            columns = transfer.table_columns(src, table)
            left = transfer.table_checksum(src, table, columns)
            right = transfer.table_checksum(dst, table, columns)
            checks.append(TableCheck(table=table, source_rows=left.rows, target_rows=right.rows,
                                     source_checksum=str(left), target_checksum=str(right)))
        report = TransferReport(source=str(source), target=display_name(target), tables=checks,
                                files_copied=files)
        with transaction(dst):
            write_audit(dst, actor, "warehouse_migrated", object_type="warehouse",
                        object_id=source.name,
                        details={"source": str(source), "tables": len(checks),
                                 "rows": report.total_rows, "files": files,
                                 "verified": report.verified})
    if not report.verified:
        bad = ", ".join(c.table for c in checks if not c.matches)
        raise WarehouseTransferError("backend.verify_failed", tables=bad)
    return report

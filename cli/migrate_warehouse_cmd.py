"""``parkghg migrate-warehouse --from FILE.duckdb --to postgresql://…``: move the system of record.

Why thin: the copy, the checks and the audit row are ``service.warehouse_transfer``; this
module parses the two places and prints each table's verified count and checksum.
"""

from __future__ import annotations

from pathlib import Path

import click

from cli.context import CliContext
from parkghg.i18n import fmt_number, t
from service.access import Actor
from service.warehouse_transfer import migrate_warehouse as copy_warehouse


@click.command("migrate-warehouse")
@click.option("--from", "source", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="The DuckDB warehouse file to copy.")
@click.option("--to", "target", required=True, metavar="URL",
              help="An empty PostgreSQL database: postgresql://user@host:port/db.")
@click.pass_obj
def migrate_warehouse(obj: CliContext, source: Path, target: str) -> None:
    """Copy a DuckDB warehouse into PostgreSQL and verify every table (counts and checksums).

    History, audit log, users, review decisions and frozen inventory versions are copied; the
    original uploaded files go to PARKGHG_FILES_DIR. The source file is only read.
    """
    report = copy_warehouse(source, target, actor=Actor.system())
    for check in report.tables:
        click.echo(t("backend.table_line", obj.lang, table=check.table,
                     rows=fmt_number(check.target_rows, obj.lang, 0),
                     checksum=check.target_checksum))
    click.echo(t("backend.done", obj.lang, tables=len(report.tables),
                 rows=fmt_number(report.total_rows, obj.lang, 0), files=report.files_copied,
                 source=report.source, target=report.target))

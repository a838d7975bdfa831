"""``parkghg factors``: export the effective factor library, import custom factors.

Why export then import the same format: an enterprise or the province edits the exported CSV
in Excel (adding its measured NCV or a Decision 2626 national value) and imports it back; the
import is validated whole and written all-or-nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cli.context import CliContext
from cli.options import scope_from, scope_options
from parkghg.i18n import t
from service.access import Actor
from service.db import open_warehouse
from service.factors import effective_library, import_factors, write_factor_csv


@click.group()
def factors() -> None:
    """Emission-factor library: export (shipped + custom) and import custom factors."""


@factors.command("export")
@click.option("--out", required=True, metavar="FILE.csv", help="Output CSV, or - for stdout.")
@scope_options
@click.pass_obj
def export_cmd(obj: CliContext, out: str, as_enterprise: str | None, as_park: str | None) -> None:
    """Write the effective library (shipped + current custom factors) as CSV.

    With ``--as-enterprise`` only national factors and that enterprise's own are included.
    """
    with open_warehouse(obj.db_path, read_only=True) as con:
        df = effective_library(con, scope_from(as_enterprise, as_park))
    if out == "-":
        write_factor_csv(df, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_factor_csv(df, path)
    click.echo(t("inventory.factors_exported", obj.lang, n=df.height, out=out))


@factors.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--by", "by", default=None,
              help="Who imports, for the audit log as cli:<name> (default: your login).")
@click.pass_obj
def import_cmd(obj: CliContext, file: Path, by: str | None) -> None:
    """Import custom factors from a file in the export format (all rows or none).

    CSV (UTF-8, UTF-16 or Windows-1258; ',', ';' or tab; decimal commas) or XLSX (first sheet).
    The operator at the server acts with full rights and is named in the audit log.
    """
    with open_warehouse(obj.db_path) as con:
        result = import_factors(con, file.read_bytes(), file.name, actor=Actor.system(by))
    key = "inventory.factors_unchanged" if result.unchanged else "inventory.factors_imported"
    click.echo(t(key, obj.lang, n=result.row_count, file=file.name, id=result.import_id))

"""``parkghg publish``: Hive-partitioned Parquet (year/park) with a manifest, for other engines.

Why a command: a national programme or a researcher reads a province's data with Spark,
Trino or DuckDB without access to the warehouse; the folder is self-describing (manifest with
column meanings, units, row counts and checksums) and never holds accounts or original files.
"""

from __future__ import annotations

from pathlib import Path

import click

from cli.context import CliContext
from parkghg.i18n import t
from service.access import Actor
from service.publish import publish as publish_data


@click.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--year", type=int, default=None, help="Only this year (default: every year).")
@click.option("--overwrite", is_flag=True, help="Replace a non-empty folder.")
@click.pass_obj
def publish(obj: CliContext, out_dir: Path, year: int | None, overwrite: bool) -> None:
    """Write registry, activity, emissions and inventory versions as Parquet + manifest."""
    made = publish_data(obj.db_path, Actor.system(), out_dir, year=year, overwrite=overwrite)
    click.echo(t("publish.done", obj.lang, files=made.files, datasets=len(made.datasets),
                 path=str(made.root)))

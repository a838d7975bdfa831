"""``parkghg targets``: import, list and measure progress toward reduction targets.

``import --shipped --base-year Y`` stores Dong Nai's Decision 385/QĐ-UBND targets (−20 % by
2030, −45 % by 2035, net zero by 2050) with the base year you choose: the decision's baseline is
not verified, so the platform does not pretend to know it.
"""

from __future__ import annotations

from pathlib import Path

import click

from cli.context import CliContext
from cli.options import calc_options, scope_from, scope_options, write_table_out
from exports.tables import TABLE_FORMATS
from metrics.inventory import CalcParams
from parkghg.i18n import t
from service.access import Actor
from service.db import open_warehouse
from service.targets import import_shipped_targets, import_targets, progress_table, target_table


@click.group()
def targets() -> None:
    """Emission-reduction targets (province, park, enterprise) and progress toward them."""


@targets.command("import")
@click.argument("file", required=False,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--shipped", is_flag=True, help="Decision 385/QĐ-UBND province targets.")
@click.option("--base-year", type=int, default=None, help="Base year for --shipped.")
@click.option("--by", "by", default=None, help="Who imports, for the audit log.")
@click.pass_obj
def import_cmd(obj: CliContext, file: Path | None, shipped: bool, base_year: int | None,
               by: str | None) -> None:
    """Import targets from a file (all rows or none), or the shipped Decision 385 targets."""
    actor = Actor.system(by)
    if shipped:
        if base_year is None:
            raise click.UsageError("--shipped needs --base-year")
        with open_warehouse(obj.db_path) as con:
            n = import_shipped_targets(con, actor=actor, base_year=base_year)
        click.echo(t("circular.cli.shipped_imported", obj.lang, n=n, base_year=base_year))
        return
    if file is None:
        raise click.UsageError(t("circular.cli.need_file_or_shipped", obj.lang))
    with open_warehouse(obj.db_path) as con:
        n = import_targets(con, file.read_bytes(), file.name, actor=actor)
    click.echo(t("circular.cli.targets_imported", obj.lang, n=n, file=file.name))


def _emit(obj: CliContext, table, fmt: str, out: str) -> None:
    if table.is_empty():
        click.echo(t("circular.cli.no_targets", obj.lang), err=True)
    write_table_out(obj.lang, table, fmt, out)


@targets.command("list")
@click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), default="csv",
              show_default=True)
@click.option("--out", default="-", show_default=True, metavar="PATH")
@scope_options
@click.pass_obj
def list_cmd(obj: CliContext, fmt: str, out: str, as_enterprise: str | None,
             as_park: str | None) -> None:
    """The current targets within reach."""
    with open_warehouse(obj.db_path, read_only=True) as con:
        table = target_table(con, scope_from(as_enterprise, as_park))
    _emit(obj, table, fmt, out)


@targets.command("progress")
@click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), default="csv",
              show_default=True)
@click.option("--out", default="-", show_default=True, metavar="PATH")
@calc_options
@scope_options
@click.pass_obj
def progress_cmd(obj: CliContext, fmt: str, out: str, gwp: str, basis: str,
                 as_enterprise: str | None, as_park: str | None) -> None:
    """Per target: latest actual, pathway, gap, projection with band, status and its rule."""
    params = CalcParams(gwp_set=gwp, scope2_basis=basis)  # type: ignore[arg-type]
    with open_warehouse(obj.db_path, read_only=True) as con:
        table = progress_table(con, scope_from(as_enterprise, as_park), params=params)
    _emit(obj, table, fmt, out)

"""``parkghg scorecard``: eco-industrial-park criteria per park (met / missed / unknown).

Also ``--ranking`` for the province view and ``set-threshold``/``facts`` for the data behind it
(admin threshold for an unverified criterion; park facts from a file), both audited.
"""

from __future__ import annotations

from pathlib import Path

import click

from cli.context import CliContext
from cli.options import scope_from, scope_options, write_table_out
from exports.tables import TABLE_FORMATS
from parkghg.i18n import t
from service.access import Actor
from service.circular import import_park_facts, readiness_table, scorecard_table, set_threshold
from service.db import open_warehouse


@click.group(invoke_without_command=True)
@click.option("--year", type=int, default=None, help="Calendar year (required for the table).")
@click.option("--park", "park_id", default=None, metavar="PARK", help="One park only.")
@click.option("--ranking", is_flag=True, help="Parks ranked by readiness instead of criteria.")
@click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), default="csv",
              show_default=True)
@click.option("--out", default=None, metavar="PATH", help="Output file, or - for stdout.")
@scope_options
@click.pass_context
def scorecard(ctx: click.Context, year: int | None, park_id: str | None, ranking: bool,
              fmt: str, out: str | None, as_enterprise: str | None,
              as_park: str | None) -> None:
    """Eco-park scorecard per park and year (Decree 35/2022 Art. 37, Circular 05/2025,
    EIP Framework v2.0); unverified thresholds are marked in every row."""
    if ctx.invoked_subcommand is not None:
        return
    if year is None or out is None:
        raise click.UsageError("--year and --out are required")
    obj: CliContext = ctx.obj
    scope = scope_from(as_enterprise, as_park)
    with open_warehouse(obj.db_path, read_only=True) as con:
        read = readiness_table if ranking else scorecard_table
        table = read(con, scope, year=year, park_id=park_id)
    write_table_out(obj.lang, table, fmt, out)


@scorecard.command("facts")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--by", "by", default=None, help="Who enters, for the audit log.")
@click.pass_obj
def facts_cmd(obj: CliContext, file: Path, by: str | None) -> None:
    """Import park facts (park_id, indicator, value, fact_date, evidence_note); all or none."""
    with open_warehouse(obj.db_path) as con:
        n = import_park_facts(con, file.read_bytes(), file.name, actor=Actor.system(by))
    click.echo(t("circular.cli.facts_imported", obj.lang, n=n, file=file.name))


@scorecard.command("set-threshold")
@click.argument("criterion")
@click.argument("value", type=float)
@click.option("--note", default=None, help="Why (decision, letter).")
@click.option("--by", "by", default=None, help="Who sets it, for the audit log.")
@click.pass_obj
def set_threshold_cmd(obj: CliContext, criterion: str, value: float, note: str | None,
                      by: str | None) -> None:
    """Set the province's threshold for an unverified criterion (audited)."""
    with open_warehouse(obj.db_path) as con:
        set_threshold(con, actor=Actor.system(by), criterion_id=criterion, threshold=value,
                      note=note)
    click.echo(t("circular.cli.threshold_set", obj.lang, criterion=criterion, value=value))

"""``parkghg indicators``: circular-economy and resource indicators as a data table.

Each row is one indicator of one park (or enterprise, or the province) for the year, with its
unit, formula and coverage, so the file explains itself (``metrics.circular``).
"""

from __future__ import annotations

import click

from cli.context import CliContext
from cli.options import scope_from, scope_options, write_table_out
from exports.tables import TABLE_FORMATS
from service.circular import indicator_table
from service.db import open_warehouse


@click.command()
@click.option("--year", type=int, required=True, help="Calendar year.")
@click.option("--park", "park_id", default=None, metavar="PARK", help="One park only.")
@click.option("--level", type=click.Choice(["enterprise", "park", "province"]), default="park",
              show_default=True, help="One row set per enterprise, park or the province.")
@click.option("--by", type=click.Choice(["year", "month"]), default="year", show_default=True)
@click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), default="csv",
              show_default=True)
@click.option("--out", required=True, metavar="PATH", help="Output file, or - for stdout.")
@scope_options
@click.pass_obj
def indicators(obj: CliContext, year: int, park_id: str | None, level: str, by: str, fmt: str,
               out: str, as_enterprise: str | None, as_park: str | None) -> None:
    """Waste, symbiosis, water and energy indicators with formula, unit and coverage."""
    with open_warehouse(obj.db_path, read_only=True) as con:
        table = indicator_table(con, scope_from(as_enterprise, as_park), year=year,
                                park_id=park_id, level=level, by=by)
    write_table_out(obj.lang, table, fmt, out)


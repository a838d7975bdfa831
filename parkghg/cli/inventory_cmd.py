"""``parkghg inventory``: export the inventory table, and freeze / list / compare versions.

Why one group: the everyday call (``parkghg inventory --year 2025 --format csv --out -``) and
the version workflow (freeze, recalc, compare) share the same options for years, GWP set and
scope, so they live side by side. The CLI runs as the server operator (full scope) unless
``--as-enterprise``/``--as-park`` narrows it to what that user may see.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import duckdb
import polars as pl
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from metrics.inventory import CalcParams
from parkghg.cli.context import CliContext
from parkghg.errors import AccessDeniedError
from parkghg.i18n import Lang, fmt_number, t
from warehouse import inventories as inv
from warehouse.db import open_warehouse
from warehouse.exports import inventory_table
from warehouse.scope import Scope

_ERR = Console(stderr=True)


def scope_from(as_enterprise: str | None, as_park: str | None) -> Scope:
    """The scope the command acts with: the operator's, or a narrower user's."""
    if as_enterprise:
        return Scope(role="enterprise", enterprise_id=as_enterprise)
    if as_park:
        return Scope(role="park", park_id=as_park)
    return Scope.system()


def scope_options(fn: Callable) -> Callable:
    """``--as-enterprise`` / ``--as-park``: act with that user's reach (exports stay inside it)."""
    fn = click.option("--as-park", default=None, metavar="PARK",
                      help="Act with a park user's scope.")(fn)
    return click.option("--as-enterprise", default=None, metavar="MST",
                        help="Act with an enterprise user's scope (own rows only).")(fn)


def calc_options(fn: Callable) -> Callable:
    """``--gwp`` and ``--basis``: how the inventory is calculated."""
    fn = click.option("--basis", type=click.Choice(["location", "market"]), default="location",
                      show_default=True, help="Scope 2 basis.")(fn)
    return click.option("--gwp", type=click.Choice(["AR4", "AR5", "AR6"]), default="AR5",
                        show_default=True, help="IPCC GWP set.")(fn)


_STEPS = 3  # open the warehouse → compute → write the file


@contextmanager
def progress(lang: Lang) -> Iterator[Callable[..., None]]:
    """A rich progress bar on stderr (stdout may carry the export itself).

    Each ``step(key)`` call moves the bar on one stage and names it; it disappears when the
    job is done so only the one-line summary stays on screen.
    """
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  TimeElapsedColumn(), console=_ERR, transient=True) as bar:
        task = bar.add_task(t("inventory.progress_start", lang), total=_STEPS)

        def step(key: str, **params: object) -> None:
            bar.update(task, advance=1, description=t(key, lang, **params))

        yield step
        bar.update(task, completed=_STEPS)


def check_visible(
    con: duckdb.DuckDBPyConnection, scope: Scope, enterprise: str | None, park: str | None
) -> None:
    """Refuse filters outside the scope instead of silently exporting nothing."""
    reg = inv.read_registry(con, scope)
    if enterprise and enterprise not in set(reg["enterprise_id"].to_list()):
        raise AccessDeniedError("inventory.error_enterprise_not_visible", enterprise_id=enterprise)
    if park and park not in set(reg["park_id"].to_list()):
        raise AccessDeniedError("inventory.error_park_not_visible", park_id=park)


@click.group(invoke_without_command=True)
@click.option("--year", type=int, default=None, help="First calendar year of the inventory.")
@click.option("--to-year", type=int, default=None, help="Last year (default: --year).")
@click.option("--park", default=None, help="Only this park.")
@click.option("--enterprise", default=None, metavar="MST", help="Only this enterprise.")
@calc_options
@click.option("--format", "fmt", type=click.Choice(inventory_table.FORMATS), default=None,
              help="Output format.")
@click.option("--out", default=None, metavar="PATH", help="Output file, or - for stdout.")
@click.option("--version", "version_id", default=None, help="Export this frozen version.")
@scope_options
@click.pass_context
def inventory(ctx: click.Context, year: int | None, to_year: int | None, park: str | None,
              enterprise: str | None, gwp: str, basis: str, fmt: str | None, out: str | None,
              version_id: str | None, as_enterprise: str | None, as_park: str | None) -> None:
    """Export the inventory table (one row per enterprise × year × scope × source × gas)."""
    if ctx.invoked_subcommand is not None:
        return
    obj = ctx.obj
    if fmt is None or out is None or (year is None and version_id is None):
        raise click.UsageError(t("inventory.usage_export", obj.lang))
    if out == "-" and fmt not in ("csv", "json"):
        raise click.UsageError(t("inventory.usage_stdout", obj.lang))
    scope = scope_from(as_enterprise, as_park)
    with progress(obj.lang) as step, open_warehouse(obj.db_path, read_only=True) as con:
        check_visible(con, scope, enterprise, park)
        step("inventory.progress_compute")
        if version_id:
            result = inv.read_version(con, scope, version_id)
        else:
            result = inv.compute_inventory(
                con, scope, year_from=year, year_to=to_year or year,
                params=CalcParams(gwp_set=gwp, scope2_basis=basis), park_id=park,
                enterprise_id=enterprise)
        table = inventory_table.table_for(result, inv.read_registry(con, scope))
        step("inventory.progress_write")
        inventory_table.write(table, inventory_table.metadata(result), fmt,
                              None if out == "-" else Path(out))
    click.echo(err=True, message=t("inventory.export_done", obj.lang, n=table.height, out=out,
                 total=fmt_number(result.total_tco2e, obj.lang, 3), gwp=result.params.gwp_set,
                 basis=result.params.scope2_basis))
    if result.provisional:
        click.echo(err=True, message=t("inventory.export_provisional", obj.lang))


@inventory.command()
@click.option("--enterprise", required=True, metavar="MST")
@click.option("--year", type=int, required=True)
@click.option("--to-year", type=int, default=None)
@calc_options
@click.option("--reason", required=True, help="Why this version is frozen.")
@click.option("--by", "by", default=None, help="Who accepts it (default: your login).")
@click.option("--draft", is_flag=True, help="Store as a draft instead of accepting it.")
@click.pass_obj
def freeze(obj: CliContext, enterprise: str, year: int, to_year: int | None, gwp: str, basis: str,
           reason: str, by: str | None, draft: bool) -> None:
    """Freeze an enterprise's inventory as a version (accepted unless --draft)."""
    who = by or getpass.getuser()
    with progress(obj.lang) as step, open_warehouse(obj.db_path) as con:
        step("inventory.progress_compute")
        version_id = inv.freeze_inventory(
            con, enterprise, year, to_year or year, CalcParams(gwp_set=gwp, scope2_basis=basis),
            None if draft else who, reason, created_by=who)
        meta = inv.list_versions(con, Scope.system(), enterprise).filter(
            pl.col("version_id") == version_id).row(0, named=True)
    click.echo(t("inventory.freeze_done", obj.lang, version=version_id, status=meta["status"],
                 total=fmt_number(meta["total_tco2e"], obj.lang, 3), n=meta["row_count"]))


@inventory.command()
@click.argument("version_id")
@click.option("--reason", required=True, help="Why it is recalculated (kept with the version).")
@click.option("--by", "by", default=None)
@click.pass_obj
def recalc(obj: CliContext, version_id: str, reason: str, by: str | None) -> None:
    """Recalculate a version with today's data and factors as a new accepted version."""
    with progress(obj.lang) as step, open_warehouse(obj.db_path) as con:
        step("inventory.progress_compute")
        new_id = inv.recalculate(con, version_id, reason, by or getpass.getuser())
        diff = inv.compare_versions(con, version_id, new_id, Scope.system())
    change = inv.total_difference(diff)
    click.echo(t("inventory.recalc_done", obj.lang, old=version_id, new=new_id,
                 diff=fmt_number(change, obj.lang, 3)))


@inventory.command()
@click.argument("version_id")
@click.option("--by", "by", default=None)
@click.pass_obj
def accept(obj: CliContext, version_id: str, by: str | None) -> None:
    """Accept a draft version."""
    with open_warehouse(obj.db_path) as con:
        inv.accept_version(con, version_id, by or getpass.getuser())
    click.echo(t("inventory.accept_done", obj.lang, version=version_id))


@inventory.command()
@click.option("--enterprise", default=None, metavar="MST")
@scope_options
@click.pass_obj
def versions(obj: CliContext, enterprise: str | None, as_enterprise: str | None,
             as_park: str | None) -> None:
    """List inventory versions (newest first)."""
    scope = scope_from(as_enterprise, as_park)
    with open_warehouse(obj.db_path, read_only=True) as con:
        df = inv.list_versions(con, scope, enterprise)
        changed = {v: inv.activity_changed(con, scope, v) for v in df["version_id"]}
    if df.height == 0:
        click.echo(t("inventory.versions_none", obj.lang))
        return
    table = Table(*(t(f"inventory.vcol_{c}", obj.lang) for c in (
        "version_id", "status", "years", "gwp", "total", "data", "reason", "by")))
    for column in table.columns[:3]:
        column.no_wrap = True
    for r in df.iter_rows(named=True):
        table.add_row(r["version_id"], r["status"], f"{r['year_from']}–{r['year_to']}",
                      f"{r['gwp_set']}/{r['scope2_basis']}",
                      fmt_number(r["total_tco2e"], obj.lang, 3),
                      t("inventory.data_changed" if changed[r["version_id"]]
                        else "inventory.data_same", obj.lang), r["reason"],
                      r["accepted_by"] or r["created_by"])
    Console().print(table)


@inventory.command()
@click.argument("version_a")
@click.argument("version_b")
@click.option("--out", default=None, metavar="FILE.csv", help="Also write the differences.")
@scope_options
@click.pass_obj
def compare(obj: CliContext, version_a: str, version_b: str, out: str | None,
            as_enterprise: str | None, as_park: str | None) -> None:
    """Differences between two versions by year, scope, source category and gas."""
    scope = scope_from(as_enterprise, as_park)
    with open_warehouse(obj.db_path, read_only=True) as con:
        diff = inv.compare_versions(con, version_a, version_b, scope)
    if out:
        inventory_table.write_csv(diff, Path(out))
    table = Table(*(t(f"inventory.ccol_{c}", obj.lang) for c in (
        "year", "scope", "source", "gas", "a", "b", "diff")))
    for r in diff.iter_rows(named=True):
        table.add_row(str(r["year"]), r["scope"], r["source_category"], r["gas"],
                      fmt_number(r["tco2e_a"], obj.lang, 3), fmt_number(r["tco2e_b"], obj.lang, 3),
                      fmt_number(r["tco2e_diff"], obj.lang, 3))
    Console().print(table)
    click.echo(t("inventory.compare_total", obj.lang,
                 diff=fmt_number(inv.total_difference(diff), obj.lang, 3)))

"""``parkghg inventory``: export the inventory table, and freeze / list / compare versions.

Why one group: the everyday call (``parkghg inventory --year 2025 --format csv --out -``) and
the version workflow (freeze, recalc, compare) share the same options for years, GWP set and
scope, so they live side by side. The CLI runs as the server operator (full scope) unless
``--as-enterprise``/``--as-park`` narrows it to what that user may see. Exports and version
writes go through the service layer (``service.reports``, ``service.inventory``) and are
audited as ``cli:<os user>``, like the dashboard's are under the signed-in user's name.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import polars as pl
from rich.console import Console
from rich.table import Table

from cli.context import CliContext
from cli.options import calc_options, progress, scope_from, scope_options
from exports import inventory_table
from exports.screening import SCREENING_FORMATS
from metrics.factors import GWP_SETS
from metrics.inventory import CalcParams
from parkghg.i18n import fmt_number, t
from service import inventory as inv
from service import reports
from service.access import Actor
from service.db import open_warehouse


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
    request = reports.ExportRequest(
        kind="table", fmt=fmt, year=year, to_year=to_year,
        params=CalcParams(gwp_set=gwp, scope2_basis=basis), park_id=park,
        enterprise_id=enterprise, version_id=version_id)
    target = sys.stdout.buffer if out == "-" else Path(out)
    with progress(obj.lang) as step:
        made = reports.export_file(obj.db_path, Actor.system(), request, out=target,
                                   scope=scope_from(as_enterprise, as_park), step=step)
    click.echo(err=True, message=t("inventory.export_done", obj.lang, n=made.rows, out=out,
                 total=fmt_number(made.total_tco2e, obj.lang, 3), gwp=made.gwp_set,
                 basis=t(f"cli.basis_{made.scope2_basis}", obj.lang)))
    if made.provisional:
        click.echo(err=True, message=t("inventory.export_provisional", obj.lang))


_BY_HELP = "A label kept in the audit row; the version records your login (cli:<user>)."


@inventory.command()
@click.option("--enterprise", required=True, metavar="MST")
@click.option("--year", type=int, required=True)
@click.option("--to-year", type=int, default=None)
@calc_options
@click.option("--reason", required=True, help="Why this version is frozen.")
@click.option("--by", "by", default=None, help=_BY_HELP)
@click.option("--draft", is_flag=True, help="Store as a draft instead of accepting it.")
@click.pass_obj
def freeze(obj: CliContext, enterprise: str, year: int, to_year: int | None, gwp: str, basis: str,
           reason: str, by: str | None, draft: bool) -> None:
    """Freeze an enterprise's inventory as a version (accepted unless --draft)."""
    actor = Actor.system()
    with progress(obj.lang) as step, open_warehouse(obj.db_path) as con:
        step("inventory.progress_compute")
        version_id = inv.freeze_inventory(
            con, enterprise, year, to_year or year, CalcParams(gwp_set=gwp, scope2_basis=basis),
            reason, actor=actor, draft=draft, label=by)
        meta = inv.list_versions(con, actor.scope, enterprise).filter(
            pl.col("version_id") == version_id).row(0, named=True)
    click.echo(t("inventory.freeze_done", obj.lang, version=version_id, status=meta["status"],
                 total=fmt_number(meta["total_tco2e"], obj.lang, 3), n=meta["row_count"]))


@inventory.command()
@click.argument("version_id")
@click.option("--reason", required=True, help="Why it is recalculated (kept with the version).")
@click.option("--by", "by", default=None, help=_BY_HELP)
@click.pass_obj
def recalc(obj: CliContext, version_id: str, reason: str, by: str | None) -> None:
    """Recalculate a version with today's data and factors as a new accepted version."""
    actor = Actor.system()
    with progress(obj.lang) as step, open_warehouse(obj.db_path) as con:
        step("inventory.progress_compute")
        new_id = inv.recalculate(con, version_id, reason, actor=actor, label=by)
        diff = inv.compare_versions(con, version_id, new_id, actor.scope)
    change = inv.total_difference(diff)
    click.echo(t("inventory.recalc_done", obj.lang, old=version_id, new=new_id,
                 diff=fmt_number(change, obj.lang, 3)))


@inventory.command()
@click.argument("version_id")
@click.option("--by", "by", default=None, help=_BY_HELP)
@click.pass_obj
def accept(obj: CliContext, version_id: str, by: str | None) -> None:
    """Accept a draft version."""
    with open_warehouse(obj.db_path) as con:
        inv.accept_version(con, version_id, actor=Actor.system(), label=by)
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


@inventory.command()
@click.option("--year", type=int, required=True, help="Calendar year screened.")
@click.option("--park", default=None, help="Only this park.")
@click.option("--gwp", type=click.Choice(GWP_SETS), default="AR5",
              show_default=True, help="IPCC GWP set.")
@click.option("--format", "fmt", type=click.Choice(SCREENING_FORMATS), default="csv",
              show_default=True, help="Output format.")
@click.option("--out", required=True, metavar="PATH", help="Output file, or - for stdout (csv).")
@scope_options
@click.pass_obj
def thresholds(obj: CliContext, year: int, park: str | None, gwp: str, fmt: str, out: str,
               as_enterprise: str | None, as_park: str | None) -> None:
    """Decree 06 list screening: one row per enterprise on the one screening basis.

    Scope 1+2 on the Circular 38 boundary with location-based Scope 2 and MOIT TOE, whatever
    basis other reports display; flags, provisional marker and factor ids on every row.
    """
    if out == "-" and fmt != "csv":
        raise click.UsageError(t("inventory.usage_stdout", obj.lang))
    request = reports.ExportRequest(kind="screening", fmt=fmt, year=year,  # type: ignore[arg-type]
                                    params=CalcParams(gwp_set=gwp), park_id=park)
    with progress(obj.lang) as step:
        made = reports.export_file(obj.db_path, Actor.system(), request,
                                   out=sys.stdout.buffer if out == "-" else Path(out),
                                   scope=scope_from(as_enterprise, as_park), step=step)
    click.echo(err=True, message=t("inventory.thresholds_done", obj.lang, n=made.rows,
                                   year=year, out=out, listed=made.over_threshold))
    if made.provisional:
        click.echo(err=True, message=t("inventory.export_provisional", obj.lang))

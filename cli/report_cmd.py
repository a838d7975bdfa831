"""``parkghg report``: the regulator workbooks (enterprise Form 06, province summary).

Why Form 06 prefers a frozen version: what an enterprise submits to the People's Committee
must be reproducible later, so when an accepted version exists for the two reporting years it
is used as is; otherwise the workbook is computed live and says so on its first sheet.
"""

from __future__ import annotations

from pathlib import Path

import click
import polars as pl

from cli.context import CliContext
from cli.options import calc_options, progress, scope_from, scope_options
from exports.form06 import covered_years, write_form06
from exports.province import write_province
from metrics.inventory import CalcParams
from parkghg.i18n import fmt_number, t
from service import inventory as inv
from service.db import open_warehouse


@click.group()
def report() -> None:
    """Regulator-ready workbooks (Form 06, province summary)."""


@report.command()
@click.option("--enterprise", required=True, metavar="MST")
@click.option("--year", type=int, required=True, help="Submission year (covers Y-2 and Y-1).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--version", "version_id", default=None, help="Use this frozen version.")
@click.option("--live", is_flag=True, help="Compute now even if an accepted version exists.")
@calc_options
@scope_options
@click.pass_obj
def form06(obj: CliContext, enterprise: str, year: int, out: Path, version_id: str | None,
           live: bool, gwp: str, basis: str, as_enterprise: str | None,
           as_park: str | None) -> None:
    """Enterprise Form 06 workbook (Decree 06 App. II) for the two years before --year."""
    scope = scope_from(as_enterprise, as_park)
    years = covered_years(year)
    with progress(obj.lang) as step, open_warehouse(obj.db_path, read_only=True) as con:
        step("inventory.progress_compute")
        result = inv.form06_inventory(con, scope, enterprise, years,
                                      CalcParams(gwp_set=gwp, scope2_basis=basis),
                                      version_id=version_id, live=live)
        version_id = (result.version or {}).get("version_id")
        registry = inv.read_registry(con, scope).filter(pl.col("enterprise_id") == enterprise)
        step("inventory.progress_write")
        out.parent.mkdir(parents=True, exist_ok=True)
        write_form06(result, registry.row(0, named=True), year, out)
    source = version_id or t("inventory.live", obj.lang)
    click.echo(t("inventory.form06_done", obj.lang, out=str(out), y1=years[0], y2=years[1],
                 source=source, total=fmt_number(result.total_tco2e, obj.lang, 3)))
    if result.emissions.height == 0:
        click.echo(err=True, message=t("inventory.form06_no_data", obj.lang,
                                       enterprise_id=enterprise, y1=years[0], y2=years[1]))
    if result.provisional:
        click.echo(err=True, message=t("inventory.export_provisional", obj.lang))


@report.command()
@click.option("--year", type=int, required=True, help="Inventory year to compile.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@calc_options
@scope_options
@click.pass_obj
def province(obj: CliContext, year: int, out: Path, gwp: str, basis: str, as_enterprise: str | None,
             as_park: str | None) -> None:
    """Province summary workbook: by park, by sector, by enterprise with threshold flags."""
    scope = scope_from(as_enterprise, as_park)
    with progress(obj.lang) as step, open_warehouse(obj.db_path, read_only=True) as con:
        step("inventory.progress_compute")
        result = inv.compute_inventory(con, scope, year_from=year, year_to=year,
                                       params=CalcParams(gwp_set=gwp, scope2_basis=basis),
                                       with_energy=True)
        registry = inv.read_registry(con, scope)
        flags = inv.screening_table(con, scope, year=year, gwp_set=gwp)
        step("inventory.progress_write")
        out.parent.mkdir(parents=True, exist_ok=True)
        ent = write_province(result, registry, year, out, screening=flags)
    click.echo(t("inventory.province_done", obj.lang, out=str(out), year=year, n=ent.height,
                 total=fmt_number(result.total_tco2e, obj.lang, 3),
                 over=int(ent["over_3000_tco2e"].sum() + 0) if ent.height else 0))

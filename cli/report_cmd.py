"""``parkghg report``: the regulator workbooks (enterprise Form 06, province summary).

Why Form 06 prefers a frozen version: what an enterprise submits to the People's Committee
must be reproducible later, so when an accepted version exists for the two reporting years it
is used as is; otherwise the workbook is computed live and says so on its first sheet.
"""

from __future__ import annotations

from pathlib import Path

import click

from cli.context import CliContext
from cli.options import calc_options, progress, scope_from, scope_options
from exports.form06 import covered_years
from metrics.inventory import CalcParams
from parkghg.i18n import fmt_number, t
from service import reports
from service.access import Actor


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
    years = covered_years(year)
    request = reports.ExportRequest(
        kind="form06", year=year, params=CalcParams(gwp_set=gwp, scope2_basis=basis),
        enterprise_id=enterprise, version_id=version_id, live=live)
    with progress(obj.lang) as step:
        made = reports.export_file(obj.db_path, Actor.system(), request, out=out,
                                   scope=scope_from(as_enterprise, as_park), step=step)
    source = made.version_id or t("inventory.live", obj.lang)
    click.echo(t("inventory.form06_done", obj.lang, out=str(out), y1=years[0], y2=years[1],
                 source=source, total=fmt_number(made.total_tco2e, obj.lang, 3)))
    if made.rows == 0:
        click.echo(err=True, message=t("inventory.form06_no_data", obj.lang,
                                       enterprise_id=enterprise, y1=years[0], y2=years[1]))
    if made.provisional:
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
    request = reports.ExportRequest(kind="province", year=year,
                                    params=CalcParams(gwp_set=gwp, scope2_basis=basis))
    with progress(obj.lang) as step:
        made = reports.export_file(obj.db_path, Actor.system(), request, out=out,
                                   scope=scope_from(as_enterprise, as_park), step=step)
    click.echo(t("inventory.province_done", obj.lang, out=str(out), year=year, n=made.rows,
                 total=fmt_number(made.total_tco2e, obj.lang, 3), over=made.over_threshold))

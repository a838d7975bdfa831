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
from parkghg.i18n import LANGS, Lang, fmt_number, t
from service import programme, reports
from service.access import Actor


@click.group()
def report() -> None:
    """Regulator workbooks (Form 06, province summary) and programme reports."""


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


def _doc_lang(obj: CliContext, lang: str | None) -> Lang:
    return lang or obj.lang  # type: ignore[return-value]


@report.command()
@click.option("--year", type=int, required=True, help="Programme year to present.")
@click.option("--park", "park_id", default=None, metavar="PARK",
              help="One park (default: province).")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write into.")
@click.option("--zip", "as_zip", is_flag=True, help="Write one ZIP instead of a folder.")
@click.option("--lang", "doc_lang", type=click.Choice(LANGS), default=None,
              help="Language of the pack (default: the command's language).")
@click.option("--activity", default=None, metavar="ID",
              help="Link the pack to this plan activity in the tracker.")
@click.pass_obj
def workshop(obj: CliContext, year: int, park_id: str | None, out: Path, as_zip: bool,
             doc_lang: str | None, activity: str | None) -> None:
    """Workshop pack: charts (PNG, SVG), their tables (XLSX) and a summary (DOCX)."""
    with progress(obj.lang) as step:
        made = programme.workshop_pack(obj.db_path, Actor.system(), year=year, out_dir=out,
                                       lang=_doc_lang(obj, doc_lang), park_id=park_id,
                                       as_zip=as_zip, activity_id=activity, step=step)
    click.echo(t("programme.cli.workshop_done", obj.lang, n=len(made.files), out=str(out),
                 total=fmt_number(made.total_tco2e, obj.lang, 0)))


@report.command()
@click.option("--year", type=int, required=True, help="Programme year to summarise.")
@click.option("--park", "park_id", default=None, metavar="PARK",
              help="One park (default: province).")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the DOCX and PDF into.")
@click.option("--lang", "doc_lang", type=click.Choice(LANGS), default=None,
              help="Language of the summary (default: the command's language).")
@click.option("--proposals", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Text file with the proposals section ('- ' lines are bullets).")
@click.option("--activity", default=None, metavar="ID",
              help="Link the summary to this plan activity in the tracker.")
@click.pass_obj
def annual(obj: CliContext, year: int, park_id: str | None, out: Path, doc_lang: str | None,
           proposals: Path | None, activity: str | None) -> None:
    """Annual programme summary as DOCX (to edit) and PDF, Vietnamese or English."""
    text = proposals.read_text(encoding="utf-8") if proposals else ""
    with progress(obj.lang) as step:
        made = programme.annual_report(obj.db_path, Actor.system(), year=year, out_dir=out,
                                       lang=_doc_lang(obj, doc_lang), park_id=park_id,
                                       proposals=text, activity_id=activity, step=step)
    for path in made.files:
        click.echo(str(path))
    click.echo(t("programme.cli.annual_done", obj.lang, year=year,
                 total=fmt_number(made.total_tco2e, obj.lang, 0)))

"""``parkghg jcm``: JCM candidate screening, methodologies, settings, projects, monitoring.

Why one group: the JCM pipeline reads the same way from the terminal as on the pages — screen
candidates from the monthly data, register a project, move it through its stages, and produce
a monitoring table. Everything goes through ``service.jcm`` (scoped reads, audited writes as
``cli:<os user>``); the conservative JCM grid factor is a setting the province sets here or on
the page, never the inventory's grid factor.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import click
import polars as pl
from rich.console import Console
from rich.table import Table

from cli.context import CliContext
from cli.options import scope_from, scope_options
from exports.jcm import CANDIDATE_FORMATS, write_candidates, write_monitoring
from metrics.jcm.registry import methodology, methodology_table
from metrics.jcm.screening import technology_fit
from metrics.jcm.stages import STAGES
from parkghg.i18n import fmt_number, t
from parkghg.schema import JCM_PARTICIPANT_ROLES, JCM_SETTING_KEYS, JCM_VERIFICATION
from parkghg.spreadsheet import neutralise_formulas
from service import jcm
from service.access import Actor
from service.db import open_warehouse

_OUT = Console()


def _month(value: str) -> dt.date:
    try:
        return dt.datetime.strptime(value.strip(), "%Y-%m").date()
    except ValueError:
        raise click.BadParameter(t("jcm.cli_bad_month", "en", value=value)) from None


def _period(value: str) -> tuple[dt.date, dt.date]:
    """``2025-01..2025-12``, or one month ``2025-03``."""
    first, _, last = value.partition("..")
    start, end = _month(first), _month(last or first)
    if end < start:
        raise click.BadParameter(t("jcm.cli_bad_period", "en", value=value))
    return start, end


def _assumptions(items: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """``TECH.NAME=VALUE`` options as overrides per technology."""
    out: dict[str, dict[str, float]] = {}
    for item in items:
        key, _, value = item.partition("=")
        tech, _, name = key.partition(".")
        try:
            out.setdefault(tech, {})[name] = float(value)
        except ValueError:
            raise click.BadParameter(t("jcm.cli_bad_assume", "en", value=item)) from None
        if not tech or not name:
            raise click.BadParameter(t("jcm.cli_bad_assume", "en", value=item))
    return out


def _print(df: pl.DataFrame, columns: list[str]) -> None:
    table = Table(show_lines=False)
    for c in columns:
        table.add_column(c)
    for row in df.select(columns).iter_rows():
        table.add_row(*("" if v is None else str(v) for v in row))
    _OUT.print(table)


@click.group(name="jcm")
def jcm_group() -> None:
    """JCM (Joint Crediting Mechanism): candidates, projects and monitoring."""


@jcm_group.command()
@click.option("--year", type=int, required=True, help="Year of monthly data to screen.")
@click.option("--park", default=None, help="Only this park.")
@click.option("--enterprise", default=None, metavar="MST", help="Only this enterprise.")
@click.option("--format", "fmt", type=click.Choice(CANDIDATE_FORMATS), default="csv",
              show_default=True)
@click.option("--out", required=True, metavar="PATH", help="Output file, or - for stdout.")
@click.option("--assume", multiple=True, metavar="TECH.NAME=VALUE",
              help="Change an assumption, e.g. rooftop_solar.yield_kwh_per_kwp=1300.")
@scope_options
@click.pass_obj
def screen(obj: CliContext, year: int, park: str | None, enterprise: str | None, fmt: str,
           out: str, assume: tuple[str, ...], as_enterprise: str | None,
           as_park: str | None) -> None:
    """Ranked JCM candidates (one row per candidate, with methodology and assumptions)."""
    with open_warehouse(obj.db_path, read_only=True) as con:
        table = jcm.screen(con, scope_from(as_enterprise, as_park), year=year, park_id=park,
                           enterprise_id=enterprise, overrides=_assumptions(assume))
    buf = io.BytesIO()
    write_candidates(table, fmt, buf, technology_fit(table))  # type: ignore[arg-type]
    content = buf.getvalue()
    with open_warehouse(obj.db_path) as con:
        jcm.record_jcm_export(con, "jcm_candidates", actor=Actor.system(),
                              n_bytes=len(content), year=year, park_id=park)
    if out == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        Path(out).write_bytes(content)
    total = table["er_tco2_per_year"].sum() if table.height else 0.0
    click.echo(err=True, message=t("jcm.cli_screen_done", obj.lang, n=table.height, out=out,
                                   total=fmt_number(total, obj.lang, 1)))
    if table.height and table["needs_setting"].is_not_null().any():
        click.echo(err=True, message=t("jcm.cli_needs_grid", obj.lang))


@jcm_group.command()
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table",
              show_default=True)
def methodologies(fmt: str) -> None:
    """The methodologies shipped, with every parameter, unit, default and verification."""
    df = methodology_table()
    if fmt == "csv":
        df.write_csv(sys.stdout.buffer, include_bom=True)
        return
    _print(df, ["methodology_id", "parameter_kind", "parameter", "unit", "default", "setting",
                "verification"])


@jcm_group.group()
def setting() -> None:
    """Settings the province fixes for the methodologies (the conservative JCM grid factor)."""


@setting.command("list")
@click.pass_obj
def setting_list(obj: CliContext) -> None:
    """Each setting and its current value (empty: not set, figures that need it stay empty)."""
    with open_warehouse(obj.db_path, read_only=True) as con:
        df = jcm.settings_table(con)
    _print(df, ["setting_key", "value", "unit", "verification", "source", "recorded_by",
                "recorded_at"])


@setting.command("set")
@click.argument("key", type=click.Choice(JCM_SETTING_KEYS))
@click.argument("value", type=float)
@click.option("--source", required=True, help="Where the value comes from.")
@click.option("--verification", type=click.Choice(JCM_VERIFICATION), default="UNVERIFIED",
              show_default=True)
@click.pass_obj
def setting_set(obj: CliContext, key: str, value: float, source: str,
                verification: str) -> None:
    """Set a JCM setting (audited)."""
    with open_warehouse(obj.db_path) as con:
        seq = jcm.set_setting(con, key, value, source=source, verification=verification,
                              actor=Actor.system())
    click.echo(t("jcm.cli_setting_done", obj.lang, key=key, value=value, seq=seq))


@jcm_group.group()
def project() -> None:
    """The JCM project register."""


@project.command("add")
@click.option("--enterprise", required=True, metavar="MST")
@click.option("--methodology", "methodology_id", required=True)
@click.option("--title", required=True)
@click.option("--date", "stage_date", default=None, metavar="YYYY-MM-DD",
              help="Date of the idea (default: today).")
@click.option("--technology", default=None)
@click.option("--expected-er", type=float, default=None, help="tCO2 a year.")
@click.option("--investment", type=float, default=None, help="USD.")
@click.option("--financing", type=float, default=None, help="JCM share, 0 to 0.5.")
@click.option("--japan-share", type=float, default=None, help="Share of credits to Japan.")
@click.option("--participant", multiple=True, metavar="NAME|ROLE|COUNTRY",
              help=f"Roles: {', '.join(JCM_PARTICIPANT_ROLES)}.")
@click.option("--assume", multiple=True, metavar="NAME=VALUE",
              help="A fixed value of the project (e.g. COP_PJ=6.2), or project_fuel_item=wood.")
@click.pass_obj
def project_add(obj: CliContext, enterprise: str, methodology_id: str, title: str,
                stage_date: str | None, technology: str | None, expected_er: float | None,
                investment: float | None, financing: float | None, japan_share: float | None,
                participant: tuple[str, ...], assume: tuple[str, ...]) -> None:
    """Register a project (stage: idea)."""
    parts = []
    for p in participant:
        name, _, rest = p.partition("|")
        role, _, country = rest.partition("|")
        parts.append((name.strip(), role.strip(), country.strip() or None))
    assumptions: dict[str, object] = {}
    for a in assume:
        k, _, v = a.partition("=")
        try:
            assumptions[k.strip()] = float(v)
        except ValueError:
            assumptions[k.strip()] = v.strip()
    day = dt.date.fromisoformat(stage_date) if stage_date else dt.date.today()
    with open_warehouse(obj.db_path) as con:
        pid = jcm.add_project(
            con, enterprise_id=enterprise, methodology_id=methodology_id, title=title,
            stage_date=day, actor=Actor.system(), technology_id=technology,
            assumptions=assumptions or None, expected_er_tco2_per_year=expected_er,
            investment_usd=investment, jcm_financing_frac=financing,
            japan_credit_share_frac=japan_share, participants=parts)
    click.echo(t("jcm.cli_project_added", obj.lang, project_id=pid))


@project.command("stage")
@click.argument("project_id")
@click.argument("stage", type=click.Choice(STAGES))
@click.option("--date", "stage_date", default=None, metavar="YYYY-MM-DD")
@click.option("--note", default=None)
@click.pass_obj
def project_stage(obj: CliContext, project_id: str, stage: str, stage_date: str | None,
                  note: str | None) -> None:
    """Move a project to its next stage (audited)."""
    day = dt.date.fromisoformat(stage_date) if stage_date else dt.date.today()
    with open_warehouse(obj.db_path) as con:
        jcm.change_stage(con, project_id, stage, stage_date=day, actor=Actor.system(),
                         note=note)
    click.echo(t("jcm.cli_stage_done", obj.lang, project_id=project_id, stage=stage))


@project.command("participant")
@click.argument("project_id")
@click.argument("name")
@click.option("--role", type=click.Choice(JCM_PARTICIPANT_ROLES), required=True)
@click.option("--country", default=None)
@click.pass_obj
def project_participant(obj: CliContext, project_id: str, name: str, role: str,
                        country: str | None) -> None:
    """Add a participant to a project (audited)."""
    with open_warehouse(obj.db_path) as con:
        jcm.add_participant(con, project_id, name, role, actor=Actor.system(), country=country)
    click.echo(t("jcm.cli_added", obj.lang, project_id=project_id, what=name))


@project.command("document")
@click.argument("project_id")
@click.argument("title")
@click.option("--link", default=None, help="URL or path where the document is kept.")
@click.pass_obj
def project_document(obj: CliContext, project_id: str, title: str, link: str | None) -> None:
    """Add a document (name and link) to a project (audited)."""
    with open_warehouse(obj.db_path) as con:
        jcm.add_document(con, project_id, title, actor=Actor.system(), link=link)
    click.echo(t("jcm.cli_added", obj.lang, project_id=project_id, what=title))


@project.command("credits")
@click.argument("project_id")
@click.option("--period", required=True, metavar="YYYY-MM..YYYY-MM")
@click.option("--issued", type=float, required=True, help="Credits issued (tCO2).")
@click.option("--to-japan", type=float, required=True, help="Of which to Japan (tCO2).")
@click.option("--note", default=None, help="Joint Committee notification reference.")
@click.pass_obj
def project_credits(obj: CliContext, project_id: str, period: str, issued: float,
                    to_japan: float, note: str | None) -> None:
    """Record credits issued for a monitoring period and Japan's part (audited)."""
    start, end = _period(period)
    with open_warehouse(obj.db_path) as con:
        jcm.record_credits(con, project_id, period_from=start, period_to=end,
                           issued_tco2=issued, to_japan_tco2=to_japan, actor=Actor.system(),
                           note=note)
    click.echo(t("jcm.cli_added", obj.lang, project_id=project_id, what=f"{issued:g} tCO2"))


@project.command("list")
@click.option("--park", default=None)
@click.option("--enterprise", default=None, metavar="MST")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table",
              show_default=True)
@scope_options
@click.pass_obj
def project_list(obj: CliContext, park: str | None, enterprise: str | None, fmt: str,
                 as_enterprise: str | None, as_park: str | None) -> None:
    """Projects with their current stage."""
    with open_warehouse(obj.db_path, read_only=True) as con:
        df = jcm.list_projects(con, scope_from(as_enterprise, as_park), park_id=park,
                               enterprise_id=enterprise)
    if fmt == "csv":
        neutralise_formulas(df).write_csv(sys.stdout.buffer, include_bom=True)
        return
    _print(df, ["project_id", "enterprise_id", "methodology_id", "title", "stage",
                "stage_date", "expected_er_tco2_per_year"])


@jcm_group.command("monitoring-upload")
@click.option("--project", "project_id", required=True)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def monitoring_upload(obj: CliContext, project_id: str, file: Path) -> None:
    """Store a project monitoring file (columns period, parameter, value, unit); audited."""
    with open_warehouse(obj.db_path) as con:
        n = jcm.import_monitoring(con, project_id, file.read_bytes(), file.name,
                                  actor=Actor.system())
    click.echo(t("jcm.cli_monitoring_stored", obj.lang, n=n, project_id=project_id))


@jcm_group.command("monitoring")
@click.option("--project", "project_id", required=True)
@click.option("--period", required=True, metavar="YYYY-MM..YYYY-MM")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@scope_options
@click.pass_obj
def monitoring_cmd(obj: CliContext, project_id: str, period: str, out: Path,
                   as_enterprise: str | None, as_park: str | None) -> None:
    """RE, PE and ER of a project for a monitoring period, as an XLSX monitoring table."""
    start, end = _period(period)
    with open_warehouse(obj.db_path, read_only=True) as con:
        res = jcm.monitoring(con, scope_from(as_enterprise, as_park), project_id,
                             period_from=start, period_to=end)
    buf = io.BytesIO()
    write_monitoring(res.project, methodology(res.project["methodology_id"]),
                     (start.strftime("%Y-%m"), end.strftime("%Y-%m")), res.monitored,
                     res.calculation, res.japan_credit_share_frac, buf)
    with open_warehouse(obj.db_path) as con:
        jcm.record_jcm_export(con, "jcm_monitoring", actor=Actor.system(),
                              n_bytes=len(buf.getvalue()), project_id=project_id)
    out.write_bytes(buf.getvalue())
    c = res.calculation
    click.echo(t("jcm.cli_monitoring_done", obj.lang, out=str(out),
                 re=fmt_number(c.re_tco2, obj.lang, 3), pe=fmt_number(c.pe_tco2, obj.lang, 3),
                 er=fmt_number(c.er_tco2, obj.lang, 3)))
    if c.indicative:
        click.echo(err=True, message=t("jcm.cli_indicative", obj.lang,
                                       values=", ".join(c.indicative_because)))


__all__ = ["jcm_group"]

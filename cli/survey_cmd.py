"""``parkghg survey``: the enterprise needs survey — questionnaire, answers template, import,
results.

Why a file path as well as the dashboard form: park boards often collect paper or Excel
questionnaires; an answers file passes the same checks as the form and is stored as a new
version of each enterprise's sheet.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import click
import polars as pl

from cli.context import CliContext
from parkghg.i18n import t
from parkghg.spreadsheet import excel_csv_bytes
from parkghg.survey import load_survey, parse_survey
from service import survey as survey_service
from service.access import Actor
from service.db import open_warehouse


@click.group()
def survey() -> None:
    """Enterprise needs survey (khảo sát nhu cầu doanh nghiệp)."""


@survey.command("show")
@click.pass_obj
def show(obj: CliContext) -> None:
    """Print the questionnaire with question ids and choice ids."""
    definition = load_survey()
    click.echo(f"{definition.title(obj.lang)} ({definition.id} v{definition.version}, "
               f"{definition.year})")
    for section in definition.sections:
        click.echo(f"\n## {section.title(obj.lang)}")
        for q in section.questions:
            mark = " *" if q.required else ""
            click.echo(f"- {q.id} [{q.type}]{mark}: {q.text(obj.lang)}")
            for c in q.choices:
                click.echo(f"    {c.id}: {c.label(obj.lang)}")


@survey.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def check(obj: CliContext, file: Path) -> None:
    """Validate an edited questionnaire file (TOML) before shipping it."""
    try:
        definition = parse_survey(file.read_text(encoding="utf-8"))
    except (ValueError, tomllib.TOMLDecodeError) as exc:  # pydantic errors are ValueErrors
        raise click.ClickException(t("programme.cli.survey_invalid", obj.lang,
                                     file=str(file), error=str(exc))) from exc
    click.echo(t("programme.cli.survey_valid", obj.lang, file=str(file),
                 n=len(definition.questions)))


@survey.command("template")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--enterprise", "enterprise_id", default="", metavar="MST",
              help="Pre-fill this enterprise id.")
@click.pass_obj
def template(obj: CliContext, out: Path, enterprise_id: str) -> None:
    """Write an answers file to fill in: one row per question (CSV, opens in Excel)."""
    definition = load_survey()
    rows = [{"enterprise_id": enterprise_id, "question_id": q.id, "answer": "",
             "question": q.text(obj.lang),
             "choices": "; ".join(f"{c.id} = {c.label(obj.lang)}" for c in q.choices)}
            for q in definition.questions]
    frame = pl.DataFrame(rows)
    out.write_bytes(excel_csv_bytes(frame.select("enterprise_id", "question_id", "answer")
                                    .with_columns(frame["question"], frame["choices"])))
    click.echo(t("programme.cli.template_done", obj.lang, out=str(out)))


@survey.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def import_(obj: CliContext, file: Path) -> None:
    """Import an answers file (enterprise_id, question_id, answer); all or nothing."""
    with open_warehouse(obj.db_path) as con:
        ids = survey_service.import_answers(con, Actor.system(), file.read_bytes(), file.name)
    click.echo(t("programme.cli.import_done", obj.lang, n=len(ids), file=file.name))


@survey.command("results")
@click.option("--park", "park_id", default=None, metavar="PARK")
@click.option("--out", default="-", type=click.Path(dir_okay=False, allow_dash=True),
              help="CSV file of the aggregated answers, or - for the screen.")
@click.pass_obj
def results(obj: CliContext, park_id: str | None, out: str) -> None:
    """Response rates and aggregated answers of the current survey round."""
    with open_warehouse(obj.db_path, read_only=True) as con:
        res = survey_service.survey_results(con, Actor.system().scope, park_id=park_id)
    click.echo(t("programme.cli.results_head", obj.lang, respondents=res.respondents,
                 rate="–" if res.response_rate_frac is None
                 else f"{res.response_rate_frac * 100:.1f} %"), err=out == "-")
    data = excel_csv_bytes(res.choices)
    if out == "-":
        click.echo(data.decode("utf-8-sig"), nl=False)
    else:
        Path(out).write_bytes(data)

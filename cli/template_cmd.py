"""``parkghg template``: write the monthly upload templates an enterprise fills in."""

from __future__ import annotations

from pathlib import Path

import click

from cli.context import CliContext
from parkghg.i18n import t
from service.templates import write_templates


@click.command()
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write the templates into (created if missing).",
)
@click.option(
    "--enterprise",
    "enterprise_id",
    default=None,
    help="Pre-fill this enterprise_id (kept as text, leading zeros included).",
)
@click.pass_obj
def template(obj: CliContext, out_dir: Path, enterprise_id: str | None) -> None:
    """Write the upload templates (CSV and XLSX with drop-downs and a bilingual guide)."""
    for path in write_templates(out_dir, enterprise_id):
        click.echo(t("template.cli_written", obj.lang, path=str(path)))

"""``parkghg init``: create or upgrade the warehouse."""

from __future__ import annotations

import click

from cli.context import CliContext
from parkghg.i18n import t
from service.db import display_name, migrate


@click.command()
@click.pass_obj
def init(obj: CliContext) -> None:
    """Create the warehouse file, or upgrade it by applying new migrations (safe to re-run)."""
    applied = migrate(obj.db_path)
    if applied:
        click.echo(t("cli.init_applied", obj.lang, n=len(applied), path=display_name(obj.db_path),
                     names=", ".join(applied)))
    else:
        click.echo(t("cli.init_up_to_date", obj.lang, path=display_name(obj.db_path)))

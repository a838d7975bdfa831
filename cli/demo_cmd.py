"""``parkghg demo``: the sample Dong Nai warehouse and the dashboard in one command.

What a new user, a workshop or a reviewer needs first: it builds the sample warehouse when the
file is missing (otherwise it only upgrades it), makes sure there is one demo account per role,
prints them, and serves the dashboard in demo mode, which lists the accounts on the sign-in page.

It never touches a warehouse it did not build: the file it builds is marked as a demo, and an
existing file without that mark is refused before anything is written (issue 10 item 7), since
demo accounts have published passwords.
"""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from cli.context import CliContext
from cli.launch import ensure_demo_accounts, serve_dashboard
from parkghg.i18n import t
from sample_data.generator import SampleSpec
from sample_data.load import build_sample, holds_warehouse
from service.accounts import UserError, is_demo_warehouse, mark_demo_warehouse
from service.db import migrate


@click.command()
@click.option("--port", default=8501, show_default=True, type=click.IntRange(1, 65535),
              help="TCP port to listen on.")
@click.option("--address", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--no-serve", is_flag=True, help="Prepare the warehouse and accounts, then stop.")
@click.pass_context
def demo(ctx: click.Context, port: int, address: str, no_serve: bool) -> None:
    """Build the sample warehouse if missing, create demo accounts and open the dashboard."""
    obj: CliContext = ctx.obj
    if holds_warehouse(obj.db_path):  # a file, or a PostgreSQL database holding data
        if not is_demo_warehouse(obj.db_path):
            raise UserError("auth.demo_not_demo_warehouse")
        migrate(obj.db_path)
    else:
        build_sample(obj.db_path, SampleSpec())
        mark_demo_warehouse(obj.db_path, "parkghg demo")
    accounts = ensure_demo_accounts(obj.db_path)
    table = Table(title=t("cli.demo_accounts", obj.lang))
    for column in ("role", "username", "password", "scope"):
        table.add_column(t(f"cli.demo_col_{column}", obj.lang))
    for account in accounts:
        table.add_row(account.role, account.username, account.password,
                      account.enterprise_id or account.park_id or "—")
    Console().print(table)
    if not no_serve:
        serve_dashboard(obj.db_path, obj.lang, port, address, demo=True)

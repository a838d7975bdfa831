"""``parkghg serve``: run the Streamlit dashboard on this machine.

Why a command and not ``streamlit run``: the dashboard must find the same warehouse as the
other commands (``--db`` / ``PARKGHG_DB``), run headless without telemetry or a file
watcher, and never show a traceback to a user; the command sets all of that in one place.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

import dashboard
from parkghg.cli.context import CliContext
from parkghg.errors import WarehouseMissingError
from parkghg.i18n import t
from warehouse.audit import Actor
from warehouse.db import open_warehouse
from warehouse.users import create_demo_accounts

APP = Path(dashboard.__file__).resolve().parent / "app.py"
THEME = {
    "theme.primaryColor": "#0f5257",
    "theme.base": "light",
}


def streamlit_command(port: int, address: str) -> list[str]:
    """The ``streamlit run`` command line for the installed dashboard."""
    options = {
        "server.headless": "true",
        "server.port": str(port),
        "server.address": address,
        "server.fileWatcherType": "none",
        "browser.gatherUsageStats": "false",
        "client.showErrorDetails": "none",
        "client.toolbarMode": "viewer",
        **THEME,
    }
    args = [arg for key, value in options.items() for arg in (f"--{key}", value)]
    return [sys.executable, "-m", "streamlit", "run", str(APP), *args]


def dashboard_env(db_path: Path, demo: bool) -> dict[str, str]:
    """The environment the dashboard reads: the warehouse path and the demo flag."""
    env = dict(os.environ)
    env["PARKGHG_DB"] = str(db_path.resolve())
    if demo:
        env["PARKGHG_DEMO"] = "1"
    else:
        env.pop("PARKGHG_DEMO", None)
    return env


@click.command()
@click.option("--port", default=8501, show_default=True, type=click.IntRange(1, 65535),
              help="TCP port to listen on.")
@click.option("--address", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface, behind a proxy).")
@click.option("--demo", is_flag=True,
              help="Show the demo accounts on the sign-in page (sample data only).")
@click.pass_obj
def serve(obj: CliContext, port: int, address: str, demo: bool) -> None:
    """Run the dashboard (Streamlit) in the foreground until Ctrl+C."""
    if not obj.db_path.exists():
        raise WarehouseMissingError("common.warehouse_missing", path=str(obj.db_path))
    click.echo(t("dash.serve.starting", obj.lang, url=f"http://{address}:{port}",
                 path=str(obj.db_path)))
    if demo:
        accounts = ensure_demo_accounts(obj.db_path)
        click.echo(t("dash.serve.demo", obj.lang, n=len(accounts)))
    sys.stdout.flush()
    run(streamlit_command(port, address), dashboard_env(obj.db_path, demo))


def ensure_demo_accounts(db_path: Path) -> list:
    """One demo account per role (created if missing; idempotent), for ``--demo``."""
    with open_warehouse(db_path) as con:
        return create_demo_accounts(con, Actor.system("serve-demo"))


def run(argv: list[str], env: dict[str, str]) -> None:
    """Become the Streamlit server (exec), so Ctrl+C and SIGTERM reach it directly."""
    os.execve(argv[0], argv, env)  # noqa: S606 - fixed argv built above

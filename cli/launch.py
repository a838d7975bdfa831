"""Starting the Streamlit dashboard as this process (shared by ``serve`` and ``demo``).

Why not ``streamlit run`` by hand: the dashboard must find the same warehouse as the other
commands (``--db`` / ``PARKGHG_DB``), run headless without telemetry or a file watcher, and never
show a traceback to a user; this module sets all of that in one place.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path

import click

import dashboard
from parkghg.errors import WarehouseMissingError
from parkghg.i18n import Lang, t
from parkghg.settings import DB_ENV_VAR, DEMO_ENV_VAR
from service.access import Actor
from service.accounts import create_demo_accounts
from service.db import display_name, open_warehouse, warehouse_exists
from service.uploads import UPLOAD_LIMIT_MB

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
        # The contract's file limit, not Streamlit's default 200 MB (issue 10 item 5); the
        # service refuses anything over the limit in bytes with a clear message anyway.
        "server.maxUploadSize": str(math.ceil(UPLOAD_LIMIT_MB)),
        "browser.gatherUsageStats": "false",
        "client.showErrorDetails": "none",
        "client.toolbarMode": "viewer",
        **THEME,
    }
    args = [arg for key, value in options.items() for arg in (f"--{key}", value)]
    # ``dashboard.server`` is Streamlit's own CLI preceded by the cache warm-up (issue 9)
    return [sys.executable, "-m", "dashboard.server", "run", str(APP), *args]


def dashboard_env(db_path: Path, demo: bool) -> dict[str, str]:
    """The environment the dashboard reads: the warehouse path and the demo flag."""
    env = dict(os.environ)
    env[DB_ENV_VAR] = str(db_path.resolve())
    if demo:
        env[DEMO_ENV_VAR] = "1"
    else:
        env.pop(DEMO_ENV_VAR, None)
    return env


def ensure_demo_accounts(db_path: Path) -> list:
    """One demo account per role (created if missing; idempotent), for ``--demo``."""
    with open_warehouse(db_path) as con:
        return create_demo_accounts(con, Actor.system("serve-demo"))


def run(argv: list[str], env: dict[str, str]) -> None:
    """Become the Streamlit server (exec), so Ctrl+C and SIGTERM reach it directly."""
    os.execve(argv[0], argv, env)  # noqa: S606 - fixed argv built above


def serve_dashboard(db_path: Path, lang: Lang, port: int, address: str, demo: bool) -> None:
    """Check the warehouse, say where the dashboard is, then become the Streamlit server."""
    if not warehouse_exists(db_path):
        raise WarehouseMissingError("common.warehouse_missing", path=display_name(db_path))
    click.echo(t("dash.serve.starting", lang, url=f"http://{address}:{port}",
                 path=display_name(db_path)))
    if demo:
        accounts = ensure_demo_accounts(db_path)
        click.echo(t("dash.serve.demo", lang, n=len(accounts)))
    sys.stdout.flush()
    run(streamlit_command(port, address), dashboard_env(db_path, demo))

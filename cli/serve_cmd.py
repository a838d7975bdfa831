"""``parkghg serve``: run the Streamlit dashboard on this machine (see ``cli.launch``)."""

from __future__ import annotations

import click

from cli import launch
from cli.context import CliContext


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
    launch.serve_dashboard(obj.db_path, obj.lang, port, address, demo)

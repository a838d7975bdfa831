"""Options and helpers every CLI command shares (scope, calculation, progress bar).

Why a module of its own: command modules never import each other, so what two commands share
lives here, and nothing here knows about a particular command.

Why the imports sit inside the helpers: every command that shares one helper imports this
module, so a module-level import here is paid by all of them (``parkghg ingest`` needs only
:func:`cli_uploader`, not rich's progress bar, the export writers or the access layer).
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from parkghg.i18n import Lang, t

if TYPE_CHECKING:
    import polars as pl

    from service.access import Scope


def os_user() -> str:
    """The operating-system account running the command, as the uploader of record.

    From the process's user id, not ``$USER``/``$LOGNAME`` (which anyone can set), so the
    history says who ran the CLI on the server (issue 10 item 10).
    """
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError, AttributeError):  # Windows, or a uid with no passwd entry
        try:
            return getpass.getuser()
        except OSError:
            return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def cli_uploader(label: str | None) -> str:
    """``cli:<os user>``, with the operator's free-text ``label`` after it in brackets."""
    label = " ".join((label or "").split())[:80]
    return f"cli:{os_user()}" + (f" [{label}]" if label else "")


def scope_from(as_enterprise: str | None, as_park: str | None) -> Scope:
    """The scope the command acts with: the operator's, or a narrower user's."""
    from service.access import Scope

    if as_enterprise:
        return Scope(role="enterprise", enterprise_id=as_enterprise)
    if as_park:
        return Scope(role="park", park_id=as_park)
    return Scope.system()


def scope_options(fn: Callable) -> Callable:
    """``--as-enterprise`` / ``--as-park``: act with that user's reach (exports stay inside it)."""
    fn = click.option("--as-park", default=None, metavar="PARK",
                      help="Act with a park user's scope.")(fn)
    return click.option("--as-enterprise", default=None, metavar="MST",
                        help="Act with an enterprise user's scope (own rows only).")(fn)


def calc_options(fn: Callable) -> Callable:
    """``--gwp`` and ``--basis``: how the inventory is calculated."""
    from metrics.factors import GWP_SETS

    fn = click.option("--basis", type=click.Choice(["location", "market"]), default="location",
                      show_default=True, help="Scope 2 basis.")(fn)
    return click.option("--gwp", type=click.Choice(GWP_SETS), default="AR5",
                        show_default=True, help="IPCC GWP set.")(fn)


_STEPS = 3  # open the warehouse → compute → write the file


@contextmanager
def progress(lang: Lang) -> Iterator[Callable[..., None]]:
    """A rich progress bar on stderr (stdout may carry the export itself).

    Each ``step(key)`` call moves the bar on one stage and names it; it disappears when the
    job is done so only the one-line summary stays on screen.
    """
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(t("inventory.progress_start", lang), total=_STEPS)

        def step(key: str, **params: object) -> None:
            bar.update(task, advance=1, description=t(key, lang, **params))

        yield step
        bar.update(task, completed=_STEPS)


def write_table_out(lang: Lang, table: pl.DataFrame, fmt: str, out: str) -> None:
    """Write a data table (``exports.tables``) to ``out`` (``-`` = stdout) and say so."""
    from exports.tables import write_table_file

    if out == "-":
        write_table_file(table, fmt, sys.stdout.buffer)  # type: ignore[arg-type]
        sys.stdout.buffer.flush()
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_table_file(table, fmt, fh)  # type: ignore[arg-type]
    click.echo(t("circular.cli.written", lang, n=table.height, out=out))

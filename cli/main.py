"""The ``parkghg`` console command: a thin router over the library.

Why a custom group: every command's domain errors become a one-line, translated message and
exit code 1 here, at the edge, and an unexpected crash becomes a short notice plus a log file
instead of a traceback (``--debug`` shows it for developers).
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import click

from cli.context import CliContext
from parkghg import __version__
from parkghg.errors import ParkGHGError
from parkghg.i18n import DEFAULT_LANG, LANGS, Lang, t

# Start-up budget (issue 9): this module is imported by every ``parkghg`` process, including
# ``parkghg --version``, so it imports only click and the ground floor's light modules
# (errors, i18n). Everything else (logging set-up, tracebacks, settings and pydantic, and each
# command's polars/duckdb/rich) is imported where it is used. tests/cli/test_startup.py
# checks that no heavy module comes in with it.

# Command name → "module:attribute" of its click command; a command lives in its own module,
# imported only when that command runs, so start-up stays fast.
_COMMANDS: dict[str, str] = {
    "init": "cli.init_cmd:init",
    "demo": "cli.demo_cmd:demo",
    "registry": "cli.registry_cmd:registry",
    "sample-data": "cli.sample_cmd:sample_data",
    "ingest": "cli.ingest_cmd:ingest",
    "user": "cli.user_cmd:user",
    "template": "cli.template_cmd:template",
    "inventory": "cli.inventory_cmd:inventory",
    "report": "cli.report_cmd:report",
    "factors": "cli.factors_cmd:factors",
    "serve": "cli.serve_cmd:serve",
    "jcm": "cli.jcm_cmd:jcm_group",
    "backup": "cli.backup_cmd:backup",
    "restore": "cli.backup_cmd:restore",
    "indicators": "cli.indicators_cmd:indicators",
    "scorecard": "cli.scorecard_cmd:scorecard",
    "targets": "cli.targets_cmd:targets",
    "survey": "cli.survey_cmd:survey",
    "plan": "cli.plan_cmd:plan",
    "publish": "cli.publish_cmd:publish",
    "migrate-warehouse": "cli.migrate_warehouse_cmd:migrate_warehouse",
}


#: Each command's first help paragraph, as its docstring says it: ``parkghg --help`` lists the
#: commands from here instead of importing every command module (and with them polars, duckdb,
#: pydantic and streamlit: seconds). tests/cli/test_startup.py checks each against its command.
_SUMMARIES: dict[str, str] = {
    "init": (
        "Create the warehouse file, or upgrade it by applying new migrations (safe to re-run)."),
    "demo": "Build the sample warehouse if missing, create demo accounts and open the dashboard.",
    "registry": "Registry of provinces, parks and enterprises (danh mục tỉnh, KCN, doanh nghiệp).",
    "sample-data": (
        "Create a demo warehouse: Dong Nai parks, fictional enterprises, monthly uploads."),
    "ingest": "Validate and load monthly upload files (CSV or XLSX) into the warehouse.",
    "user": "Manage sign-in accounts (Quản lý tài khoản đăng nhập).",
    "template": "Write the upload templates (CSV and XLSX with drop-downs and a bilingual guide).",
    "inventory": (
        "Export the inventory table (one row per enterprise × year × scope × source × gas)."),
    "report": "Regulator workbooks (Form 06, province summary) and programme reports.",
    "factors": "Emission-factor library: export (shipped + custom) and import custom factors.",
    "serve": "Run the dashboard (Streamlit) in the foreground until Ctrl+C.",
    "jcm": "JCM (Joint Crediting Mechanism): candidates, projects and monitoring.",
    "backup": (
        "Back the warehouse up into a new folder DIRECTORY (Parquet tables, manifest, checksums)."),
    "restore": "Restore the backup in DIRECTORY as the warehouse (--db), checked end to end.",
    "indicators": "Waste, symbiosis, water and energy indicators with formula, unit and coverage.",
    "scorecard": (
        "Eco-park scorecard per park and year (Decree 35/2022 Art. 37, Circular 05/2025, EIP "
        "Framework v2.0); unverified thresholds are marked in every row."),
    "targets": "Emission-reduction targets (province, park, enterprise) and progress toward them.",
    "survey": "Enterprise needs survey (khảo sát nhu cầu doanh nghiệp).",
    "plan": "Programme plan tracker (theo dõi kế hoạch triển khai).",
    "publish": "Write registry, activity, emissions and inventory versions as Parquet + manifest.",
    "migrate-warehouse": (
        "Copy a DuckDB warehouse into PostgreSQL and verify every table (counts and checksums)."),
}


def _load_command(name: str) -> click.Command:
    module_name, _, attr = _COMMANDS[name].partition(":")
    command = getattr(importlib.import_module(module_name), attr)
    if command.name != name:
        raise RuntimeError(f"_COMMANDS names {name!r} but the command is {command.name!r}")
    return command


def _default_lang() -> str:
    from parkghg.settings import load_settings  # lazy: pydantic stays off start-up

    return load_settings().lang


class Refusal(click.ClickException):
    """A translated refusal, shown as ``Lỗi: ...`` / ``Error: ...`` in the user's language
    (click's own prefix is always English)."""

    def __init__(self, message: str, lang: Lang) -> None:
        super().__init__(message)
        self.lang = lang

    def show(self, file: Any = None) -> None:
        click.echo(f"{t('cli.error_prefix', self.lang)}: {self.format_message()}", err=True,
                   file=file)


class ParkGHGGroup(click.Group):
    """Loads commands lazily and turns failures into friendly messages.

    Why lazy: importing every command's dependencies (polars, duckdb, pydantic, streamlit…)
    made ``parkghg --version`` take seconds; now only the command that runs is imported.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's command list, from ``_SUMMARIES`` instead of the imported commands.

        Each line is shortened exactly as click shortens the command's own help (a stand-in
        command carries the same text), so the listing is the one click would print.
        """
        from gettext import gettext

        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, click.Command(name, help=_SUMMARIES[name]).get_short_help_str(limit))
                for name in names]
        with formatter.section(gettext("Commands")):
            formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _COMMANDS:
            return None
        return _load_command(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader went away (``parkghg ingest f.csv | head -1``): whatever the command
            # wrote to the warehouse is committed, so say nothing rather than "no data was
            # changed"; point stdout at devnull so the exit flush cannot fail again.
            _silence_stdout()
            raise SystemExit(141) from None  # 128 + SIGPIPE, as a shell reports it
        except ParkGHGError as exc:
            lang = _lang_of(ctx)
            raise Refusal(exc.message(lang), lang) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except Exception as exc:
            lang = _lang_of(ctx)
            log_path = _write_crash_log(exc)
            if isinstance(ctx.obj, CliContext) and ctx.obj.debug:
                raise
            raise Refusal(t("common.internal_error", lang, log=str(log_path)), lang) from exc


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (tests' captured output)
        pass


def _lang_of(ctx: click.Context) -> Lang:
    obj = ctx.obj
    return obj.lang if isinstance(obj, CliContext) else DEFAULT_LANG


def _write_crash_log(exc: BaseException) -> Path:
    import traceback  # lazy: only a crash needs it (linecache, tokenize: ~0.05 s of start-up)

    from parkghg.settings import load_settings  # lazy: pydantic stays off start-up

    path = load_settings().log_dir / "crash.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("".join(traceback.format_exception(exc)))
    return path


@click.group(cls=ParkGHGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Warehouse file (default: $PARKGHG_DB or ./data/parkghg.duckdb).",
)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=_default_lang,
    show_default="vi, or $PARKGHG_LANG",
    help="Language of messages: vi (Tiếng Việt) or en.",
)
@click.option("--log-level", default="WARNING", show_default=True, help="Logging level.")
@click.option("--debug", is_flag=True, help="Show full tracebacks (for developers).")
@click.version_option(version=__version__)
@click.pass_context
def cli(ctx: click.Context, db: Path | None, lang: Lang, log_level: str, debug: bool) -> None:
    """parkghg: greenhouse-gas inventories for industrial parks (Dong Nai – Kobe).

    Quản lý kiểm kê khí nhà kính cho các khu công nghiệp.
    """
    from parkghg import log as plog  # lazy: ``--version`` and ``--help`` never get here
    from parkghg.settings import resolve_db_path  # lazy: pydantic stays off start-up

    plog.configure(log_level.upper())
    ctx.obj = CliContext(db_path=resolve_db_path(db), lang=lang, debug=debug)


def main() -> None:  # pragma: no cover - thin wrapper for ``python -m``
    cli(prog_name="parkghg")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

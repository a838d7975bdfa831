"""``parkghg ingest FILE...``: load monthly upload files, all-or-nothing per file.

The CLI is the server operator's tool: it acts with the system's full reach, so the uploader
of record is the operating-system account that ran it (``cli:<login>``); ``--uploaded-by`` is
only a label kept beside it (issue 10 item 10). Files are read no further than the size limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from cli.context import CliContext
from cli.options import cli_uploader
from parkghg.i18n import Lang, t
from service.uploads import IngestResult, ingest_many


@click.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--problems-out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every problem of rejected files to this CSV (UTF-8 with BOM).")
@click.option("--uploaded-by", default=None, metavar="LABEL",
              help="A label kept beside the uploader of record, which is always the "
                   "operating-system account running the command (cli:<login> [LABEL]).")
@click.pass_obj
def ingest(
    obj: CliContext, files: tuple[Path, ...], problems_out: Path | None,
    uploaded_by: str | None,
) -> None:
    """Validate and load monthly upload files (CSV or XLSX) into the warehouse.

    Each file is accepted whole or rejected whole; a rejected file writes no data. Exits
    with status 1 when any file is rejected.
    """
    with _progress(obj.lang, len(files)) as advance:  # upgrade: one open of the warehouse
        results = ingest_many(obj.db_path, files, uploaded_by=cli_uploader(uploaded_by),
                              progress=advance, upgrade=True)
    for result in results:
        _report(result, obj.lang)
    counts = {s: sum(r.status == s for r in results) for s in ("accepted", "unchanged", "rejected")}
    click.echo(t("ingest.files_summary", obj.lang, **counts))
    rejected = [r for r in results if r.status == "rejected"]
    if problems_out is not None and rejected:
        _write_problems(problems_out, rejected, obj.lang)
        click.echo(t("ingest.problems_written", obj.lang, path=str(problems_out)))
    if rejected:
        raise SystemExit(1)


@contextmanager
def _progress(lang: Lang, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for two files or more; for one file, nothing.

    Why not a disabled bar for one file: rich's progress machinery is about a tenth of a
    one-file ``parkghg ingest`` process's imports (issue 9), for a bar nobody would see.
    """
    if total < 2:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(TextColumn(t("ingest.progress", lang)), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("ingest", total=total)
        yield lambda n: bar.advance(task, n)


def _report(result: IngestResult, lang: Lang) -> None:
    click.echo(result.summary(lang))
    if result.read_notes(lang):
        click.echo(f"  {result.read_notes(lang)}")
    for issue in [*result.errors, *result.warnings][:50]:
        where = f"{issue.row or '-'}/{issue.column or '-'}"
        click.echo(f"  [{t('ingest.severity_' + issue.severity, lang)}] {where}: "
                   f"{issue.problem(lang)} → {issue.fix(lang)}")
    hidden = len(result.errors) + len(result.warnings) - 50
    if hidden > 0:
        click.echo(f"  … (+{hidden})")


def _write_problems(path: Path, results: list[IngestResult], lang: Lang) -> None:
    import polars as pl

    from parkghg.spreadsheet import excel_csv_bytes

    frames = [r.issues_frame(lang).insert_column(0, pl.lit(r.file_name).alias("file"))
              for r in results]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(excel_csv_bytes(pl.concat(frames)))

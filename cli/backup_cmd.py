"""``parkghg backup DIR`` and ``parkghg restore DIR``: the warehouse to a folder and back.

Why here and thin: the work (read-only snapshot, Parquet files, checksums, verifying and
loading into a scratch file) is ``service.backup``; this module parses options and prints
the outcome in the reader's language. The backup runs beside a live dashboard (it reads
only); a restore goes to a new warehouse path unless ``--force``.
"""

from __future__ import annotations

from pathlib import Path

import click

from cli.context import CliContext
from parkghg.i18n import fmt_number, t
from service.backup import Manifest, create_backup, restore_backup, verify_backup


def _counts(manifest: Manifest, lang: str) -> dict[str, str]:
    return {"tables": fmt_number(len(manifest.tables), lang, 0),  # type: ignore[arg-type]
            "rows": fmt_number(manifest.total_rows, lang, 0),  # type: ignore[arg-type]
            "files": fmt_number(len(manifest.files), lang, 0)}  # type: ignore[arg-type]


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--without-uploads", is_flag=True,
              help="Leave out the original files enterprises uploaded (and their bytes).")
@click.pass_obj
def backup(obj: CliContext, directory: Path, without_uploads: bool) -> None:
    """Back the warehouse up into a new folder DIRECTORY (Parquet tables, manifest, checksums).

    Runs beside a live dashboard (read-only). The backup holds password hashes and uploads:
    keep it private (docs/backup.md).
    """
    manifest = create_backup(obj.db_path, directory, include_uploads=not without_uploads)
    click.echo(t("backup.done", obj.lang, path=str(directory), **_counts(manifest, obj.lang),
                 size_mb=fmt_number(manifest.total_bytes / 1e6, obj.lang, 1)))
    if without_uploads:
        click.echo(t("backup.uploads_left_out", obj.lang))
    if manifest.files_skipped:
        click.echo(t("backup.files_skipped", obj.lang, n=len(manifest.files_skipped)), err=True)
    click.echo(t("backup.protect", obj.lang))


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Restore over a warehouse that holds data (it is moved aside, not deleted).")
@click.option("--verify-only", is_flag=True,
              help="Only check the backup's manifest and checksums; restore nothing.")
@click.pass_obj
def restore(obj: CliContext, directory: Path, force: bool, verify_only: bool) -> None:
    """Restore the backup in DIRECTORY as the warehouse (--db), checked end to end.

    Refuses a damaged or partial backup, and a target warehouse that holds data unless
    --force. Stop the dashboard before restoring over the warehouse it serves.
    """
    if verify_only:
        manifest = verify_backup(directory)
        click.echo(t("backup.verified", obj.lang, path=str(directory),
                     created=manifest.created_at.isoformat(timespec="seconds") + "Z",
                     **_counts(manifest, obj.lang)))
        return
    report = restore_backup(directory, obj.db_path, force=force)
    click.echo(t("backup.restored", obj.lang, path=str(report.target),
                 **_counts(report.manifest, obj.lang)))
    if not report.manifest.uploads_included:
        click.echo(t("backup.uploads_left_out", obj.lang))
    for path in report.moved_aside:
        click.echo(t("backup.moved_aside", obj.lang, path=str(path)))
    if report.migrations_added:
        click.echo(t("backup.migrations_added", obj.lang,
                     names=", ".join(report.migrations_added)))

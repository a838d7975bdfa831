"""``parkghg registry``: import the registry files (CSV or XLSX) and list what is in it."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from parkghg.errors import WarehouseMissingError
from parkghg.i18n import fmt_number, t
from service.access import Actor
from service.db import display_name, open_warehouse, warehouse_exists
from service.registry import KINDS, import_registry_many, list_parks


def _require_warehouse(path: Path) -> None:
    """Importing into a file without the schema would only fail later, less clearly."""
    if not warehouse_exists(path):
        raise WarehouseMissingError("common.warehouse_missing", path=display_name(path))


@click.group("registry")
def registry() -> None:
    """Registry of provinces, parks and enterprises (danh mục tỉnh, KCN, doanh nghiệp)."""


@registry.command("import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(KINDS), default=None,
              help="provinces | parks | enterprises (default: detected from the header).")
@click.pass_obj
def import_cmd(obj, files: tuple[Path, ...], kind: str | None) -> None:
    """Validate and import registry files in one transaction; re-import updates by id.

    Files are CSV (UTF-8, UTF-16 or Windows-1258; ',', ';' or tab; decimal commas) or XLSX
    (first sheet). The operator at the server acts as cli:<login> in the audit log.
    """
    _require_warehouse(obj.db_path)
    with open_warehouse(obj.db_path) as con:
        summaries = import_registry_many(con, [(f, kind) for f in files],  # type: ignore[misc]
                                         actor=Actor.system())
    for s in summaries:
        click.echo(t("registry.cli.imported", obj.lang, rows=s.rows, file=s.file,
                     kind=t(f"registry.kind.{s.kind}", obj.lang), inserted=s.inserted,
                     updated=s.updated))


@registry.command("list-parks")
@click.pass_obj
def list_parks_cmd(obj) -> None:
    """List the industrial parks with their area and number of enterprises."""
    with open_warehouse(obj.db_path, read_only=True) as con:
        parks = list_parks(con)
    if parks.is_empty():
        click.echo(t("registry.cli.no_parks", obj.lang))
        return
    lang = obj.lang
    table = Table(title=t("registry.cli.parks_title", lang))
    for key in ("park_id", "name", "area_ha", "operator", "n_enterprises"):
        table.add_column(t(f"registry.col.{key}", lang),
                         justify="right" if key in ("area_ha", "n_enterprises") else "left")
    name_col = "name_vi" if lang == "vi" else "name_en"
    for row in parks.iter_rows(named=True):
        table.add_row(row["park_id"], row[name_col], fmt_number(row["area_ha"], lang, 0),
                      row["operator"] or "", str(row["n_enterprises"]))
    Console().print(table)

"""Exports for people: the inventory table, the Form 06 workbook and the province summary.

Why one module: the CLI (``parkghg inventory`` / ``parkghg report``) and the dashboard's
Exports page hand out the same three files. Which inventory a file is built from (live, an
explicitly named version, or the accepted version a Form 06 must use), which registry labels it
carries, which writer renders it, and what the audit log records about it are decided here
once, so the two front ends cannot drift apart.

How a front end uses it:

* ``export_bytes(con, scope, request)`` builds the file on a read-only connection and returns
  its bytes with a summary (the dashboard caches this);
* ``record_export(db_path, actor, request, made)`` writes the ``export`` audit row on its own
  short read-write connection (an export changes no data, so it has no transaction of its own
  to share);
* ``export_file(db_path, actor, request, out=...)`` does both for the CLI: build, record, then
  write the file (or stdout), so nothing is handed out that the audit log does not show.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, Literal, TypeVar

import duckdb
import polars as pl
from pydantic import BaseModel, ConfigDict, model_validator

from exports import inventory_table
from exports.form06 import covered_years, write_form06
from exports.inventory_table import Format
from exports.province import write_province
from exports.screening import screening_table, write_screening
from metrics.inventory import CalcParams
from metrics.result import InventoryResult
from parkghg.errors import AccessDeniedError
from parkghg.log import get_logger
from service import inventory as inv
from warehouse.audit import Acting, write_audit
from warehouse.db import open_warehouse, transaction
from warehouse.inventories import read_identity
from warehouse.scope import Scope
from warehouse.users import require_active

__all__ = ["KINDS", "ExportFile", "ExportKind", "ExportRequest", "export_bytes",
           "export_file", "record_export"]

log = get_logger(__name__)

ExportKind = Literal["table", "form06", "province", "screening"]
KINDS: tuple[ExportKind, ...] = ("table", "form06", "province", "screening")
_WORKBOOKS = frozenset({"form06", "province"})
_T = TypeVar("_T")


class ExportRequest(BaseModel):
    """What to export. ``year`` is the first year of a table, the submission year of a Form 06
    (which covers the two years before it) and the year of a province summary."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    kind: ExportKind
    fmt: Format = "xlsx"
    year: int | None = None
    to_year: int | None = None
    params: CalcParams = CalcParams()
    park_id: str | None = None
    enterprise_id: str | None = None
    version_id: str | None = None
    live: bool = False

    @model_validator(mode="after")
    def _complete(self) -> ExportRequest:
        if self.kind in _WORKBOOKS and self.fmt != "xlsx":
            raise ValueError(f"a {self.kind} export is an xlsx workbook")
        if self.kind == "form06" and not (self.enterprise_id and self.year):
            raise ValueError("a Form 06 needs enterprise_id and year")
        if self.kind in ("province", "screening") and self.year is None:
            raise ValueError(f"a {self.kind} export needs year")
        if self.kind == "screening" and self.fmt not in ("csv", "xlsx"):
            raise ValueError("a screening list is csv or xlsx")
        if self.kind == "table" and self.year is None and self.version_id is None:
            raise ValueError("an inventory table needs year or version_id")
        return self


class ExportFile(BaseModel):
    """A rendered export and what the front ends say about it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    content: bytes
    rows: int  # table rows, emission rows of a Form 06, enterprises of a province summary
    total_tco2e: float
    provisional: bool
    version_id: str | None  # the frozen version it was built from; None when live
    gwp_set: str
    scope2_basis: str
    year_from: int
    year_to: int
    over_threshold: int = 0  # province summary / screening: enterprises meeting a threshold


def _rendered(write: Callable[[Path], _T]) -> tuple[bytes, _T]:
    """Run a writer that wants a file path; return what it wrote (parquet needs a path) and
    what it returned."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out"
        returned = write(path)
        return path.read_bytes(), returned


def _made(result: InventoryResult, content: bytes, rows: int, over: int = 0) -> ExportFile:
    return ExportFile(
        content=content, rows=rows, total_tco2e=result.total_tco2e,
        provisional=result.provisional,
        version_id=(result.version or {}).get("version_id"), gwp_set=result.params.gwp_set,
        scope2_basis=result.params.scope2_basis, year_from=result.year_from,
        year_to=result.year_to, over_threshold=over,
    )


def export_bytes(
    con: duckdb.DuckDBPyConnection, scope: Scope, request: ExportRequest
) -> ExportFile:
    """Build one export inside ``scope`` (a read-only connection is enough).

    Filters outside the scope are refused (``check_visible``), never answered with an empty
    file. A Form 06 follows the version rule of ``service.inventory.form06_inventory``.
    """
    inv.check_visible(con, scope, request.enterprise_id, request.park_id)
    registry = inv.read_registry(con, scope)
    if request.kind == "form06":
        assert request.enterprise_id is not None and request.year is not None  # validated
        result = inv.form06_inventory(
            con, scope, request.enterprise_id, covered_years(request.year), request.params,
            version_id=request.version_id, live=request.live)
        one = registry.filter(pl.col("enterprise_id") == request.enterprise_id).row(
            0, named=True) | read_identity(con, scope, request.enterprise_id)
        year = request.year
        content, _ = _rendered(lambda p: write_form06(result, one, year, p))
        return _made(result, content, result.emissions.height)
    if request.kind == "screening":
        return _screening(con, scope, request, registry)
    if request.version_id is not None:
        result = inv.read_version(con, scope, request.version_id)
    else:
        assert request.year is not None  # validated
        result = inv.compute_inventory(
            con, scope, year_from=request.year, year_to=request.to_year or request.year,
            params=request.params, park_id=request.park_id,
            enterprise_id=request.enterprise_id, with_energy=request.kind == "province")
    if request.kind == "province":
        year = request.year
        flags = inv.screening_table(con, scope, year=year, gwp_set=request.params.gwp_set,
                                    park_id=request.park_id)
        territory = inv.territorial_table(con, scope, year=year, params=request.params,
                                          park_id=request.park_id)
        content, ent = _rendered(lambda p: write_province(result, registry, year, p,
                                                          screening=flags, territory=territory))
        return _made(result, content, ent.height, int(ent["over_3000_tco2e"].sum() or 0))
    table = inventory_table.table_for(result, registry)
    meta = inventory_table.metadata(result)
    content, _ = _rendered(lambda p: inventory_table.write(table, meta, request.fmt, p))
    return _made(result, content, table.height)


def _screening(con: duckdb.DuckDBPyConnection, scope: Scope, request: ExportRequest,
               registry: pl.DataFrame) -> ExportFile:
    """The Decree 06 list screening (``service.inventory.screening_table``) as a file."""
    assert request.year is not None  # validated
    flags = inv.screening_table(con, scope, year=request.year,
                                gwp_set=request.params.gwp_set, park_id=request.park_id,
                                enterprise_id=request.enterprise_id)
    table = screening_table(flags, registry)
    content, _ = _rendered(lambda p: write_screening(table, request.fmt, p))  # type: ignore[arg-type]
    listed = int(table["meets_a_list_criterion"].sum()) if table.height else 0
    return ExportFile(
        content=content, rows=table.height,
        total_tco2e=float(table["screening_tco2e"].sum()) if table.height else 0.0,
        provisional=bool(table.height and table["provisional"].any()), version_id=None,
        gwp_set=request.params.gwp_set, scope2_basis="location", year_from=request.year,
        year_to=request.year, over_threshold=listed,
    )


def _reach(actor: Acting, scope: Scope | None) -> Scope:
    """The scope an export is built with: the actor's, or a narrower one it asks for.

    Why narrower: the operator at the CLI may export "as" one enterprise or park
    (``--as-enterprise``) to check what that user would get; only an actor who sees
    everything may do so, and never to widen its reach.
    """
    if scope is None or scope == actor.scope:
        return actor.scope
    if not actor.scope.sees_everything:
        raise AccessDeniedError("auth.outside_scope")
    return scope


def record_export(
    db_path: Path | str,
    actor: Acting,
    request: ExportRequest,
    made: ExportFile,
    *,
    scope: Scope | None = None,
) -> int:
    """Write the ``export`` audit row for a file handed to ``actor``; return its id.

    Checked like a write: the account must still be active and the filters inside its reach.
    The row carries the enterprise (or park) it is about, so that enterprise's own users and
    its park board can read who exported their data; ``scope`` is the narrower reach the file
    was built with, if any (kept in the details).
    """
    reach = _reach(actor, scope)
    with open_warehouse(db_path) as con, transaction(con):
        require_active(con, actor)
        inv.check_visible(con, reach, request.enterprise_id, request.park_id)
        details = {"format": request.fmt, "gwp_set": request.params.gwp_set,
                   "scope2_basis": request.params.scope2_basis, "bytes": len(made.content),
                   "to_year": request.to_year, "version_id": made.version_id,
                   "live": request.live or None,
                   "as": None if reach == actor.scope else reach.model_dump(exclude_none=True)}
        return write_audit(
            con, actor, "export", object_type=request.kind,
            object_id=str(request.year) if request.year else request.version_id,
            enterprise_id=request.enterprise_id or reach.enterprise_id,
            park_id=request.park_id or reach.park_id,
            details={k: v for k, v in details.items() if v is not None},
        )


def export_file(
    db_path: Path | str,
    actor: Acting,
    request: ExportRequest,
    *,
    out: Path | BinaryIO,
    scope: Scope | None = None,
    step: Callable[[str], None] | None = None,
) -> ExportFile:
    """Build an export inside the actor's reach (or the narrower ``scope``), audit it, then
    write it to ``out``.

    Why this order: the file is built on a short read-only connection (the dashboard keeps
    reading meanwhile), and it is handed out only once the audit row is committed. ``step``
    is called with a progress message key before each stage.
    """
    reach = _reach(actor, scope)
    if step:
        step("inventory.progress_compute")
    with open_warehouse(db_path, read_only=True) as con:
        made = export_bytes(con, reach, request)
    record_export(db_path, actor, request, made, scope=reach)
    if step:
        step("inventory.progress_write")
    if isinstance(out, Path):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(made.content)
    else:
        out.write(made.content)
        out.flush()
    log.info("%s exported %s (%s, %d bytes)", actor.username, request.kind, request.fmt,
             len(made.content))
    return made

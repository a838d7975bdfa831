"""``parkghg publish``: the warehouse's shareable data as Parquet for other engines.

What leaves: the registry (without contact details), current activity, the emission rows of
the live inventory on the Circular 38 reporting basis (AR5, location-based Scope 2 — the
basis of Form 06 and the province workbook) and every frozen inventory version. What never
leaves: users and password hashes, original uploaded files, submission problems, the audit
log. Only the operator (CLI) and the province or an admin may publish; each publication
writes an audit row.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import shutil
from pathlib import Path

import polars as pl
from pydantic import BaseModel, ConfigDict

from exports.publish import Dataset, write_dataset, write_manifest
from metrics.inventory import CalcParams
from parkghg.errors import ParkGHGError
from service.access import require_role
from service.inventory import compute_inventory
from warehouse.activity import read_current_activity
from warehouse.audit import Acting, write_audit
from warehouse.db import open_warehouse, transaction
from warehouse.publish import read_public_table, read_version_rows

PUBLISH_ROLES = ("province", "admin", "system")
EXCLUDED = ["users (accounts and password hashes)", "submission_files (original uploads)",
            "submission_issues", "audit_log",
            "enterprises.contact_email, contact_phone, legal_representative"]
PARTITIONS = ("year", "park_id")


class Published(BaseModel):
    """What ``publish`` wrote."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    root: Path
    datasets: dict[str, int]  # name → rows
    files: int


def _years(frame: pl.DataFrame, year: int | None) -> pl.DataFrame:
    return frame if year is None else frame.filter(pl.col("year") == year)


def publish(db_path: Path, actor: Acting, out_dir: Path, *, year: int | None = None,
            overwrite: bool = False) -> Published:
    """Write every dataset under ``out_dir`` with a manifest (replacing it with ``overwrite``)."""
    with open_warehouse(db_path, read_only=True) as con:
        require_role(con, actor, PUBLISH_ROLES, "publish.denied")
        scope = actor.scope
        registry = {n: read_public_table(con, n)
                    for n in ("provinces", "parks", "sectors", "enterprises")}
        parks = registry["enterprises"].select("enterprise_id", "park_id")
        activity = read_current_activity(con, scope)
        years = activity["period"].dt.year() if activity.height else pl.Series([], dtype=pl.Int32)
        first, last = (int(years.min()), int(years.max())) if activity.height else (0, -1)
        if year is not None:
            first = last = year
        emissions = (compute_inventory(con, scope, year_from=first, year_to=last,
                                       params=CalcParams()).emissions
                     if last >= first else pl.DataFrame())
        versions = read_public_table(con, "inventory_versions")
        version_rows = read_version_rows(con)
    if out_dir.exists() and any(out_dir.iterdir()):
        if not overwrite:
            raise ParkGHGError("publish.not_empty", path=str(out_dir))
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    activity = activity.with_columns(year=pl.col("period").dt.year().cast(pl.Int32))
    if "park_id" not in activity.columns:
        activity = activity.join(parks, on="enterprise_id", how="left")
    datasets: list[Dataset] = [
        write_dataset(frame, out_dir, f"registry/{name}", registry_table=name,
                      description=f"Registry: {name} (public columns)")
        for name, frame in registry.items()
    ]
    datasets += [
        write_dataset(_years(activity, year), out_dir, "activity", partition_by=PARTITIONS,
                      registry_table="activity_rows",
                      description="Current monthly activity (activity_current)"),
        write_dataset(emissions, out_dir, "emissions", partition_by=PARTITIONS,
                      registry_table="emissions",
                      description="Emission rows of the live inventory: AR5 GWPs, "
                                  "location-based Scope 2; headline = scopes 1+2 under the "
                                  "Circular 38 boundary, scope 3 beside it"),
        write_dataset(versions, out_dir, "inventory_versions", registry_table="inventory_versions",
                      description="Frozen inventory versions (draft, accepted, superseded)"),
        write_dataset(_years(version_rows, year), out_dir, "inventory_version_rows",
                      partition_by=PARTITIONS, registry_table="inventory_version_rows",
                      description="Emission rows of every frozen version, as frozen"),
    ]
    write_manifest(out_dir, datasets, version=importlib.metadata.version("parkghg"), year=year,
                   excluded=EXCLUDED)
    with open_warehouse(db_path) as con, transaction(con):
        write_audit(con, actor, "published", object_type="publication",
                    object_id=str(out_dir), details={
                        "year": year, "datasets": {d.name: d.rows for d in datasets},
                        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
    return Published(root=out_dir, datasets={d.name: d.rows for d in datasets},
                     files=sum(len(d.files) for d in datasets))

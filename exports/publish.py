"""Hive-partitioned Parquet datasets plus a manifest, for engines other than parkghg.

Why Hive partitions (``year=2025/park_id=amata/``): Spark, Trino, DuckDB and polars all prune
them without a catalogue, so a national analyst can read one province's files directly. The
manifest carries what the files cannot: each column's meaning and unit (from the schema
registry), row counts and SHA-256 checksums of every file, so a copy can be verified.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
from pydantic import BaseModel, ConfigDict

from parkghg.digest import sha256_file
from parkghg.schema import TABLES

MANIFEST = "manifest.json"


class FileEntry(BaseModel):
    """One Parquet file of a dataset."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str  # relative to the publish root, '/'-separated
    rows: int
    sha256: str


class Dataset(BaseModel):
    """One published dataset: its files, partitioning and column descriptions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    description: str
    partition_by: tuple[str, ...]
    rows: int
    columns: tuple[dict, ...]
    files: tuple[FileEntry, ...]



def _columns(frame: pl.DataFrame, registry_table: str | None) -> tuple[dict, ...]:
    described = {c.name: c for c in TABLES[registry_table].columns} if registry_table else {}
    out = []
    for name, dtype in frame.schema.items():
        col = described.get(name)
        out.append({"name": name, "type": str(dtype),
                    "unit": col.unit if col else None,
                    "description": col.description if col else None})
    return tuple(out)


def write_dataset(frame: pl.DataFrame, root: Path, name: str, *, description: str,
                  partition_by: tuple[str, ...] = (), registry_table: str | None = None
                  ) -> Dataset:
    """Write ``frame`` under ``root/name`` (Hive-partitioned by ``partition_by``)."""
    target = root / name
    target.mkdir(parents=True, exist_ok=True)
    if partition_by and frame.height:
        frame.write_parquet(target, partition_by=list(partition_by), mkdir=True)
    else:
        frame.write_parquet(target / "part-0.parquet")
    files = []
    for path in sorted(target.rglob("*.parquet")):
        rows = pl.scan_parquet(path, hive_partitioning=False).select(pl.len()).collect().item()
        files.append(FileEntry(path=path.relative_to(root).as_posix(), rows=rows,
                               sha256=sha256_file(path)))
    return Dataset(name=name, description=description, partition_by=partition_by,
                   rows=frame.height, columns=_columns(frame, registry_table),
                   files=tuple(files))


def write_manifest(root: Path, datasets: list[Dataset], *, version: str,
                   year: int | None, excluded: list[str]) -> Path:
    """``manifest.json`` beside the datasets."""
    body = {
        "generator": f"parkghg {version}",
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "year": year,
        "excluded": excluded,
        "datasets": [d.model_dump() for d in datasets],
    }
    path = root / MANIFEST
    path.write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def verify(root: Path) -> list[str]:
    """Problems with a published folder: files missing or changed since the manifest."""
    manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    problems = []
    for dataset in manifest["datasets"]:
        for entry in dataset["files"]:
            path = root / entry["path"]
            if not path.exists():
                problems.append(f"missing: {entry['path']}")
            elif sha256_file(path) != entry["sha256"]:
                problems.append(f"changed: {entry['path']}")
    return problems

"""Ingest benchmark at province scale: generate, load, re-upload and read back.

Run: ``uv run python benchmarks/bench_ingest.py --parks 52 --enterprises-per-park 10``
Writes ``benchmarks/results/ingest_<parks>x<enterprises>x<months>.json`` and prints a Markdown
row for ``docs/benchmarks.md``. Times are wall-clock on the machine it runs on; record the
machine with the result (2 cores / 24 GB for the figures in the docs).
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import tempfile
from pathlib import Path

import duckdb
from common import timed

from sample_data.generator import SampleSpec, enterprises_frame, monthly_upload_files, profiles
from sample_data.parks import park_seeds, parks_frame, provinces_frame
from service.access import Actor
from service.registry import import_registry_many
from service.uploads import ingest_many
from warehouse.activity import read_current_activity
from warehouse.db import open_warehouse
from warehouse.migrate import migrate
from warehouse.scope import Scope

log = logging.getLogger("bench")
RESULTS = Path(__file__).parent / "results"




def run(spec: SampleSpec, workdir: Path) -> dict[str, object]:
    """Every measured step, in order; returns the figures."""
    t: dict[str, float] = {}
    db = workdir / "bench.duckdb"
    with timed(t, "generate_s"):
        profs = profiles(spec)
        files = list(monthly_upload_files(spec, profs))
    rows_total = sum(f[1].count(b"\n") - 1 for f in files)
    with timed(t, "registry_import_s"):
        migrate(db)
        seeds = park_seeds(spec.parks, spec.seed)
        with open_warehouse(db) as con:
            import_registry_many(con, [(provinces_frame(), "provinces"),
                                       (parks_frame(seeds), "parks"),
                                       (enterprises_frame(profs), "enterprises")],
                                 actor=Actor.system("bench"))
    with timed(t, "ingest_all_s"):
        results = ingest_many(db, files, uploaded_by="bench")
    accepted = sum(r.status == "accepted" for r in results)
    with timed(t, "reupload_identical_10_s"):
        again = ingest_many(db, files[:10], uploaded_by="bench")
    assert all(r.status == "unchanged" for r in again)
    one_month = [(name, _first_month(content)) for name, content in files[:10]]
    with timed(t, "reupload_one_month_10_s"):
        replaced = ingest_many(db, one_month, uploaded_by="bench")
    assert all(r.status == "accepted" for r in replaced), [r.errors[:1] for r in replaced]
    with timed(t, "read_current_activity_s"):
        con = duckdb.connect(str(db), read_only=True)
        frame = read_current_activity(con, Scope.system())
        con.close()
    return {
        "scale": {"parks": len(seeds), "enterprises": len(profs), "start": spec.start,
                  "end": spec.end},
        "files": len(files), "rows": rows_total, "accepted": accepted,
        "rows_read_back": frame.height,
        "db_size_mb": round(db.stat().st_size / 1e6, 1),
        "ingest_rows_per_s": round(rows_total / t["ingest_all_s"]),
        "ingest_files_per_s": round(len(files) / t["ingest_all_s"], 1),
        "timings": t,
        "machine": {"python": platform.python_version(), "cpus": _cpus(),
                    "duckdb": duckdb.__version__},
    }


def _first_month(content: bytes) -> bytes:
    lines = content.decode("utf-8").splitlines()
    header, body = lines[0], lines[1:]
    month = body[0].split(",")[1]
    return ("\n".join([header, *[b for b in body if b.split(",")[1] == month]]) + "\n").encode()


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parks", type=int, default=None)
    parser.add_argument("--enterprises-per-park", type=int, default=5)
    parser.add_argument("--start", default="2022-01")
    parser.add_argument("--end", default="2025-12")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    spec = SampleSpec.of(parks=args.parks, enterprises_per_park=args.enterprises_per_park,
                         start=args.start, end=args.end)
    with tempfile.TemporaryDirectory() as tmp:
        figures = run(spec, Path(tmp))
    scale = figures["scale"]
    name = f"ingest_{scale['parks']}x{scale['enterprises']}_{spec.start}_{spec.end}.json"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / name).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    tm = figures["timings"]
    log.info("| %s parks × %s enterprises, %s–%s | %s files / %s rows | %.1f s | %s rows/s | "
             "%.2f s | %.2f s | %.2f s | %s MB |", scale["parks"], scale["enterprises"],
             spec.start, spec.end, figures["files"], figures["rows"], tm["ingest_all_s"],
             figures["ingest_rows_per_s"], tm["reupload_one_month_10_s"],
             tm["reupload_identical_10_s"], tm["read_current_activity_s"], figures["db_size_mb"])


if __name__ == "__main__":
    main()

"""The benchmark suite: every figure next to its floor, measured in the same run.

Run (from the repository root)::

    uv run python -m benchmarks.run --sizes 110,520 --out benchmarks/results/2026-11-28.json

For each size (enterprises) it builds a sample province with ``parkghg sample-data`` (timed:
that is the sample generator's figure), writes the same province's upload files, and then
measures, in interleaved rounds (platform, floor, platform, floor, …), each case against a
floor doing the least work that gives the same kind of answer on the same machine:

============== ================================== =========================================
case           platform                           floor
============== ================================== =========================================
inventory      ``service.inventory``: the whole   one hand-written DuckDB join of current
               province, all years, AR5/location  activity to a factor table + aggregate
               (``pandas`` variant: the same      (``pandas``: read + merge + groupby, kept
               floor in pandas, as context;       as context)
               ``postgres`` variant with
               ``--pg-url``: the same call on a
               PostgreSQL copy of the world made
               by ``parkghg migrate-warehouse``);
               every emission row with its trace
totals         ``service.inventory.inventory_     the same hand-written join + aggregate
               totals``: the province's sums per
               enterprise × year × scope × gas,
               computed in the warehouse engine
               (what pages and reports of totals
               need; ``postgres`` variant: the
               sums computed by PostgreSQL)
bulk_ingest    ``ingest_many`` of the files into  ``polars.read_csv`` of each file and one
               a fresh warehouse with registry    ``INSERT`` into a fresh DuckDB file
upload         one monthly upload in a warm       open the warehouse, read the CSV with
               process (``ingest_bytes``)         polars, insert, close
cli_ingest     a ``parkghg ingest FILE`` process  a Python process importing polars and
                                                  duckdb that reads, inserts and exits
version        ``parkghg --version``              ``python -c "import click"``
============== ================================== =========================================

Every (case, variant, round) runs in its own process, so its peak memory (``ru_maxrss`` from
``os.wait4``) is its own. Times are measured inside the worker around the measured call only
(after one warm-up where the case allows it), except for the two process cases, which are
timed from the outside because start-up is what they measure. The JSON holds each round, the
median, min, max and spread (max-min as a fraction of the median), the peak memory, and the
ratio platform/floor of the medians.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("bench")

ROOT = Path(__file__).resolve().parent.parent
CASES = ("inventory", "totals", "bulk_ingest", "upload", "cli_ingest", "version")
VARIANTS = {"inventory": ("platform", "floor", "pandas")}
PG_CASES = ("inventory", "totals")  # cases with a ``postgres`` variant when a server is given
PG_ENV = "BENCH_POSTGRES_URL"  # a PostgreSQL server: adds the inventory ``postgres`` variant


def variants(case: str) -> tuple[str, ...]:
    """The variants measured for ``case`` (``postgres`` only when a server was given)."""
    found = VARIANTS.get(case, DEFAULT_VARIANTS)
    if case in PG_CASES and os.environ.get(PG_ENV):
        found = (*found, "postgres")
    return found


def _pg_database(size: int) -> str:
    base = os.environ[PG_ENV].rpartition("/")[0]
    return f"{base}/bench_{size}"
DEFAULT_VARIANTS = ("platform", "floor")
TIME_BIN = "/usr/bin/time"  # GNU time: the peak memory of one child process
BULK_CAP = 520  # files per bulk-ingest round (the province size)
START, END = "2022-01", "2025-12"


# ------------------------------------------------------------------------- province set-up


def spec_args(size: int) -> tuple[int | None, int]:
    """``(parks, enterprises per park)`` for a size: the demo's 22 × 5, else 10 per park."""
    if size == 110:
        return None, 5
    per_park = min(10, max(1, size // 2))
    return max(1, round(size / per_park)), per_park


def _python() -> str:
    return sys.executable


def _parkghg() -> list[str]:
    return [str(Path(_python()).with_name("parkghg"))]


def _run_timed(cmd: list[str]) -> tuple[float, float, bytes]:
    """Run a process to its end: ``(wall seconds, peak RSS MB, stdout)``; fail on error."""
    seconds, peak, _, out = _run_measured(cmd)
    return seconds, peak, out


def _run_measured(cmd: list[str]) -> tuple[float, float, float, bytes]:
    """Run a process to its end: ``(wall s, peak RSS MB, CPU s, stdout)``; fail on error.

    The peak is the process's own maximum resident set and the CPU its user + system time,
    from GNU ``time -f "%M %U %S"`` (the ``getrusage`` of that one child), so rounds never
    share a figure. CPU time is what to read on a loaded machine: wall time there mostly
    measures the wait for a core (session 20: load average 9–11, wall 3× CPU).
    """
    with tempfile.NamedTemporaryFile(suffix=".rss") as rss:
        started = time.perf_counter()
        proc = subprocess.run([TIME_BIN, "-f", "%M %U %S", "-o", rss.name, *cmd], cwd=ROOT,
                              capture_output=True, check=False)
        seconds = time.perf_counter() - started
        peak_kb, user_s, system_s = Path(rss.name).read_text().strip().splitlines()[-1].split()
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return seconds, int(peak_kb) / 1024, float(user_s) + float(system_s), proc.stdout


def build_province(size: int, work: Path) -> dict[str, object]:
    """The world warehouse (through ``parkghg sample-data``), its files and a registry copy."""
    parks, per_park = spec_args(size)
    world = work / "world.duckdb"
    cmd = [*_parkghg(), "--db", str(world), "sample-data", "--force",
           "--enterprises-per-park", str(per_park), "--start", START, "--end", END]
    if parks is not None:
        cmd += ["--parks", str(parks)]
    seconds, peak, _ = _run_timed(cmd)
    log.info("size %d: sample-data built in %.1f s (peak %.0f MB)", size, seconds, peak)
    _run_timed([_python(), "-m", "benchmarks.run", "--prepare", str(size), "--work", str(work)])
    build = {"sample_data_s": round(seconds, 2), "sample_data_peak_mb": round(peak, 1),
             "parks": parks, "enterprises_per_park": per_park,
             "world_mb": round(world.stat().st_size / 1e6, 1)}
    if os.environ.get(PG_ENV):
        import psycopg

        with psycopg.connect(os.environ[PG_ENV], autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "bench_{size}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "bench_{size}"')
        moved, moved_peak, _ = _run_timed([*_parkghg(), "migrate-warehouse", "--from",
                                           str(world), "--to", _pg_database(size)])
        log.info("size %d: migrate-warehouse to PostgreSQL in %.1f s", size, moved)
        build.update(migrate_warehouse_s=round(moved, 2),
                     migrate_warehouse_peak_mb=round(moved_peak, 1))
    return build


def prepare(size: int, work: Path) -> None:
    """Upload files and a registry-only warehouse (run in a worker: imports the project)."""
    from sample_data.generator import (
        SampleSpec,
        enterprises_frame,
        monthly_upload_files,
        profiles,
    )
    from sample_data.parks import park_seeds, parks_frame, provinces_frame
    from service.access import Actor
    from service.db import migrate, open_warehouse
    from service.registry import import_registry_many

    parks, per_park = spec_args(size)
    spec = SampleSpec.of(parks=parks, enterprises_per_park=per_park, start=START, end=END)
    profs = profiles(spec)
    files = work / "files"
    files.mkdir(exist_ok=True)
    for i, (name, content) in enumerate(monthly_upload_files(spec, profs)):
        (files / f"{i:06d}_{name}").write_bytes(content)
    registry = work / "registry.duckdb"
    migrate(registry)
    with open_warehouse(registry) as con:
        import_registry_many(con, [(provinces_frame(), "provinces"),
                                   (parks_frame(park_seeds(spec.parks, spec.seed)), "parks"),
                                   (enterprises_frame(profs), "enterprises")],
                             actor=Actor.system("bench"))
    shutil.copy(work / "world.duckdb", work / "upload.duckdb")
    shutil.copytree(work / "world.duckdb.files", work / "upload.duckdb.files")


def month_file(work: Path, tag: int) -> Path:
    """One enterprise's one-month upload, quantities nudged by ``tag`` so it is never a no-op
    (and by the run's ``nonce``, so a later ``--reuse`` run's files differ from this one's)."""
    nonce_file = work / "nonce"
    nonce = int(nonce_file.read_text(encoding="utf-8")) if nonce_file.exists() else 0
    source = sorted((work / "files").iterdir())[tag % len(list((work / "files").iterdir()))]
    lines = source.read_text(encoding="utf-8").splitlines()
    header, body = lines[0], lines[1:]
    cols = header.split(",")
    i_period, i_qty = cols.index("period"), cols.index("quantity")
    month = body[-1].split(",")[i_period]
    out = [header]
    for line in body:
        cells = line.split(",")
        if cells[i_period] == month:
            nudge = (1 + tag / 1000) * (1 + nonce / 1e7)
            cells[i_qty] = f"{float(cells[i_qty]) * nudge:.6f}"
            out.append(",".join(cells))
    path = work / "months" / f"month_{tag}.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------------------- workers


def worker(case: str, variant: str, work: Path, tag: int) -> dict[str, float]:
    """Run one measured call in this process; return ``{"seconds": …}`` (plus case figures)."""
    return _WORKERS[(case, variant)](work, tag)


def _inventory_platform(work: Path, tag: int, db: Path | str | None = None
                        ) -> dict[str, float]:
    from metrics.inventory import CalcParams
    from service.access import Scope
    from service.db import open_warehouse
    from service.inventory import compute_inventory

    with open_warehouse(db or work / "world.duckdb", read_only=True) as con:
        first = con.execute("SELECT min(enterprise_id) FROM enterprises").fetchall()[0][0]
        compute_inventory(con, Scope.system(), year_from=int(END[:4]), year_to=int(END[:4]),
                          params=CalcParams(), enterprise_id=first)  # warm-up: library, units
        started = time.perf_counter()
        result = compute_inventory(con, Scope.system(), year_from=int(START[:4]),
                                   year_to=int(END[:4]), params=CalcParams())
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "emission_rows": result.emissions.height,
            "total_tco2e": result.total_tco2e}


def _pg_copy(work: Path) -> str:
    """The URL of the PostgreSQL copy of the world in ``work``."""
    size = int(work.name) if work.name.isdigit() else int(
        (work / "size").read_text(encoding="utf-8"))
    return _pg_database(size)


def _inventory_postgres(work: Path, tag: int) -> dict[str, float]:
    """The platform's inventory call on the PostgreSQL copy of the same world."""
    return _inventory_platform(work, tag, db=_pg_copy(work))


def _totals_platform(work: Path, tag: int, db: Path | str | None = None
                     ) -> dict[str, float]:
    """``service.inventory.inventory_totals``: what a page or report of province totals reads
    (sums per enterprise × year × scope × gas, computed in the warehouse's engine)."""
    from metrics.inventory import CalcParams
    from service.access import Scope
    from service.db import open_warehouse
    from service.inventory import inventory_totals

    with open_warehouse(db or work / "world.duckdb", read_only=True) as con:
        first = con.execute("SELECT min(enterprise_id) FROM enterprises").fetchall()[0][0]
        inventory_totals(con, Scope.system(), year_from=int(END[:4]), year_to=int(END[:4]),
                         params=CalcParams(), enterprise_id=first)  # warm-up
        started, cpu = time.perf_counter(), time.process_time()
        totals = inventory_totals(con, Scope.system(), year_from=int(START[:4]),
                                  year_to=int(END[:4]), params=CalcParams())
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"seconds": seconds, "cpu_s": cpu, "groups": totals.height,
            "total_tco2e": float(totals["tco2e"].sum())}


def _totals_postgres(work: Path, tag: int) -> dict[str, float]:
    """The same totals summed by PostgreSQL, on the copy ``parkghg migrate-warehouse`` made."""
    return _totals_platform(work, tag, db=_pg_copy(work))


_FLOOR_SQL = """
    SELECT a.enterprise_id, year(a.period) AS year, f.gas,
           sum(a.quantity_canonical * f.ef) AS t
    FROM activity_current AS a
    JOIN floor_factors AS f USING (category, item, unit_canonical)
    GROUP BY ALL
"""


def _floor_factors(con: object) -> object:
    """One made-up factor per key and gas (CO2, CH4, N2O): the join a real factor table needs."""
    import polars as pl

    keys = con.sql("SELECT DISTINCT category, item, unit_canonical FROM activity_rows").pl()
    gases = pl.DataFrame({"gas": ["CO2", "CH4", "N2O"], "ef": [2.5, 0.001, 0.0001]})
    return keys.join(gases, how="cross")


def _inventory_floor(work: Path, tag: int) -> dict[str, float]:
    import duckdb

    con = duckdb.connect(str(work / "world.duckdb"), read_only=True)
    try:
        con.register("floor_factors", _floor_factors(con))
        started, cpu = time.perf_counter(), time.process_time()
        frame = con.sql(_FLOOR_SQL).pl()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        con.close()
    return {"seconds": seconds, "cpu_s": cpu, "groups": frame.height}


def _inventory_pandas(work: Path, tag: int) -> dict[str, float]:
    import duckdb

    con = duckdb.connect(str(work / "world.duckdb"), read_only=True)
    try:
        factors = _floor_factors(con).to_pandas()
        started = time.perf_counter()
        activity = con.sql("SELECT enterprise_id, period, category, item, unit_canonical, "
                           "quantity_canonical FROM activity_current").df()
        merged = activity.merge(factors, on=["category", "item", "unit_canonical"])
        merged["year"] = merged["period"].dt.year
        merged["t"] = merged["quantity_canonical"] * merged["ef"]
        grouped = merged.groupby(["enterprise_id", "year", "gas"])["t"].sum()
        seconds = time.perf_counter() - started
    finally:
        con.close()
    return {"seconds": seconds, "groups": len(grouped)}


def _bulk_files(work: Path) -> list[Path]:
    return sorted((work / "files").iterdir())[:BULK_CAP]


def _bulk_platform(work: Path, tag: int) -> dict[str, float]:
    from service.uploads import ingest_many

    target = work / f"bulk_{tag}.duckdb"
    shutil.copy(work / "registry.duckdb", target)
    files = _bulk_files(work)
    try:
        started = time.perf_counter()
        results = ingest_many(target, ((p.name, p.read_bytes()) for p in files),
                              uploaded_by="bench")
        seconds = time.perf_counter() - started
    finally:
        target.unlink(missing_ok=True)
        shutil.rmtree(target.with_name(target.name + ".files"), ignore_errors=True)
    accepted = sum(r.status == "accepted" for r in results)
    return {"seconds": seconds, "files": len(files), "accepted": accepted,
            "files_per_s": len(files) / seconds}


def _bulk_floor(work: Path, tag: int) -> dict[str, float]:
    import duckdb
    import polars as pl

    target = work / f"bulk_floor_{tag}.duckdb"
    files = _bulk_files(work)
    try:
        started = time.perf_counter()
        frame = pl.concat([pl.read_csv(p, infer_schema_length=0) for p in files])
        con = duckdb.connect(str(target))
        con.register("frame_in", frame)
        con.execute("CREATE TABLE rows AS SELECT * FROM frame_in")
        con.close()
        seconds = time.perf_counter() - started
    finally:
        target.unlink(missing_ok=True)
    return {"seconds": seconds, "files": len(files), "files_per_s": len(files) / seconds}


def _upload_platform(work: Path, tag: int) -> dict[str, float]:
    from service.uploads import ingest_bytes

    db = work / "upload.duckdb"
    warm = month_file(work, 10_000 + tag)
    ingest_bytes(db, warm.read_bytes(), warm.name, uploaded_by="bench")  # warm-up
    path = month_file(work, tag + 1)
    content = path.read_bytes()
    started = time.perf_counter()
    result = ingest_bytes(db, content, path.name, uploaded_by="bench")
    seconds = time.perf_counter() - started
    if result.status != "accepted":
        raise RuntimeError(f"benchmark upload not accepted: {result.errors[:1]}")
    return {"seconds": seconds, "rows": result.row_count}


def _floor_insert(db: Path, path: Path) -> None:
    import duckdb
    import polars as pl

    frame = pl.read_csv(path, infer_schema_length=0)
    con = duckdb.connect(str(db))
    try:
        con.register("frame_in", frame)
        con.execute("CREATE TABLE IF NOT EXISTS bench_floor AS SELECT * FROM frame_in LIMIT 0")
        con.execute("INSERT INTO bench_floor SELECT * FROM frame_in")
    finally:
        con.close()


def _upload_floor(work: Path, tag: int) -> dict[str, float]:
    db = work / "floor.duckdb"
    _floor_insert(db, month_file(work, 10_000 + tag))  # warm-up, as for the platform
    path = month_file(work, tag + 1)
    started = time.perf_counter()
    _floor_insert(db, path)
    return {"seconds": time.perf_counter() - started}


_WORKERS = {
    ("inventory", "platform"): _inventory_platform,
    ("inventory", "floor"): _inventory_floor,
    ("inventory", "pandas"): _inventory_pandas,
    ("inventory", "postgres"): _inventory_postgres,
    ("totals", "platform"): _totals_platform,
    ("totals", "floor"): _inventory_floor,
    ("totals", "postgres"): _totals_postgres,
    ("bulk_ingest", "platform"): _bulk_platform,
    ("bulk_ingest", "floor"): _bulk_floor,
    ("upload", "platform"): _upload_platform,
    ("upload", "floor"): _upload_floor,
}

_FLOOR_PROCESS = """
import sys, duckdb, polars as pl
frame = pl.read_csv(sys.argv[2], infer_schema_length=0)
con = duckdb.connect(sys.argv[1])
con.register("frame_in", frame)
con.execute("CREATE TABLE IF NOT EXISTS bench_floor AS SELECT * FROM frame_in LIMIT 0")
con.execute("INSERT INTO bench_floor SELECT * FROM frame_in")
con.close()
"""


def measure(case: str, variant: str, work: Path, tag: int) -> dict[str, float]:
    """One round of one case and variant in a fresh process: seconds, peak MB and extras."""
    if case == "cli_ingest":
        path = month_file(work, 20_000 + tag)
        if variant == "platform":
            cmd = [*_parkghg(), "--db", str(work / "upload.duckdb"), "ingest", str(path)]
        else:
            cmd = [_python(), "-c", _FLOOR_PROCESS, str(work / "floor.duckdb"), str(path)]
        seconds, peak, cpu, _ = _run_measured(cmd)
        return {"seconds": seconds, "cpu_s": cpu, "peak_mb": peak}
    if case == "version":
        cmd = ([*_parkghg(), "--version"] if variant == "platform"
               else [_python(), "-c", "import click"])
        seconds, peak, cpu, _ = _run_measured(cmd)
        return {"seconds": seconds, "cpu_s": cpu, "peak_mb": peak}
    _, peak, out = _run_timed([_python(), "-m", "benchmarks.run", "--worker", case, variant,
                               "--work", str(work), "--tag", str(tag)])
    figures = json.loads(out.decode().strip().splitlines()[-1])
    figures["peak_mb"] = peak
    return figures


def summarise(rounds: list[dict[str, float]]) -> dict[str, object]:
    """Median, min, max and spread of the rounds' seconds, the peak memory and the rounds."""
    seconds = [r["seconds"] for r in rounds]
    median = statistics.median(seconds)
    extras = {k: v for k, v in rounds[-1].items() if k not in ("seconds", "peak_mb", "cpu_s")}
    if all("cpu_s" in r for r in rounds):  # CPU seconds: the figure to read under load
        cpu = [r["cpu_s"] for r in rounds]
        extras.update(cpu_median_s=round(statistics.median(cpu), 4),
                      cpu_rounds_s=[round(c, 4) for c in cpu])
    return {
        "median_s": round(median, 4), "min_s": round(min(seconds), 4),
        "max_s": round(max(seconds), 4),
        "spread_frac": round((max(seconds) - min(seconds)) / median, 3) if median else 0.0,
        "peak_mb": round(max(r["peak_mb"] for r in rounds), 1),
        "rounds_s": [round(s, 4) for s in seconds], **extras,
    }


def run_size(size: int, rounds: int, cases: tuple[str, ...], work: Path,
             on_round: Callable[[dict[str, object]], None] | None = None,
             reuse: bool = False) -> dict[str, object]:
    """Build the province of ``size`` enterprises and measure every case, interleaved.

    ``on_round`` receives the summary so far after each round, so a long run can be saved.
    ``reuse``: measure the province an earlier ``--keep`` run built in ``work`` (its
    ``build.json`` keeps the build figures), so a case added later runs without a rebuild.
    """
    done = work / "build.json"
    if reuse and done.exists():  # an earlier run's province, kept with --keep
        build = json.loads(done.read_text(encoding="utf-8"))
        log.info("size %d: reusing the province built in %s", size, work)
    else:
        build = build_province(size, work)
        done.write_text(json.dumps(build), encoding="utf-8")
    (work / "nonce").write_text(str(random.randint(1, 999_999)), encoding="utf-8")
    shutil.rmtree(work / "months", ignore_errors=True)
    raw: dict[str, dict[str, list[dict[str, float]]]] = {c: {} for c in cases}
    for r in range(rounds):
        for case in cases:
            for variant in variants(case):
                figures = measure(case, variant, work, r)
                raw[case].setdefault(variant, []).append(figures)
                log.info("size %d round %d %s/%s: %.3f s (CPU %s s), %.0f MB, load %.1f",
                         size, r + 1, case, variant, figures["seconds"],
                         f"{figures['cpu_s']:.3f}" if "cpu_s" in figures else "?",
                         figures["peak_mb"], os.getloadavg()[0])
        if on_round is not None:
            on_round(_summary(size, build, raw, r + 1))
    return _summary(size, build, raw, rounds)


def _summary(size: int, build: dict[str, object],
             raw: dict[str, dict[str, list[dict[str, float]]]], done: int) -> dict[str, object]:
    results: dict[str, object] = {}
    for case, variants in raw.items():
        summary = {v: summarise(rs) for v, rs in variants.items()}
        floor = summary["floor"]["median_s"]
        summary["ratio"] = round(summary["platform"]["median_s"] / floor, 2) if floor else None
        cpu_floor = summary["floor"].get("cpu_median_s")
        if cpu_floor and "cpu_median_s" in summary["platform"]:
            summary["cpu_ratio"] = round(summary["platform"]["cpu_median_s"] / cpu_floor, 2)
        results[case] = summary
    return {"enterprises": size, "rounds_done": done, "build": build, "cases": results,
            "load_avg_1m_now": round(os.getloadavg()[0], 2)}


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    import duckdb
    import polars as pl

    load = os.getloadavg()
    return {"python": platform.python_version(), "cpus": os.cpu_count(),
            "duckdb": duckdb.__version__, "polars": pl.__version__,
            "load_avg_1m_at_start": round(load[0], 2), "platform": platform.platform(),
            **bytecode_state()}


def bytecode_state() -> dict[str, bool]:
    """Whether imports read compiled bytecode: the process cases' largest hidden variable.

    Without ``.pyc`` files (``uv sync`` does not compile by default, and with
    ``PYTHONDONTWRITEBYTECODE`` set Python never writes them) every process compiles every
    module it imports from source: about half the CPU of a one-file ``parkghg ingest`` and of
    its floor (session 20, ``docs/benchmarks.md``).
    """
    import polars as pl

    cache = Path(pl.__file__).parent / "__pycache__"
    return {"dependencies_precompiled": cache.is_dir() and any(cache.glob("*.pyc")),
            "python_writes_bytecode": not (sys.dont_write_bytecode
                                           or bool(os.environ.get("PYTHONDONTWRITEBYTECODE")))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="parkghg benchmark suite (see module doc)")
    parser.add_argument("--sizes", default="110,520",
                        help="Comma-separated enterprise counts (110 = the demo sample).")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--keep", type=Path, default=None,
                        help="Work directory to keep (default: a temporary one).")
    parser.add_argument("--reuse", action="store_true",
                        help="With --keep: measure the provinces an earlier run built there.")
    parser.add_argument("--pg-url", default=None,
                        help="A PostgreSQL server URL (e.g. from tools/pg_cluster.py): adds "
                             "the inventory read on a PostgreSQL copy of each world.")
    parser.add_argument("--worker", nargs=2, metavar=("CASE", "VARIANT"), help=argparse.SUPPRESS)
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tag", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker[0], args.worker[1], args.work, args.tag)))
        return 0
    if args.prepare is not None:
        prepare(args.prepare, args.work)
        return 0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.pg_url:
        os.environ[PG_ENV] = args.pg_url  # the workers inherit it
    cases = tuple(c for c in args.cases.split(",") if c)
    unknown = set(cases) - set(CASES)
    if unknown:
        parser.error(f"unknown cases {sorted(unknown)}")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    report: dict[str, object] = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                                 "machine": machine(), "rounds": args.rounds,
                                 "period": [START, END], "bulk_cap_files": BULK_CAP,
                                 "sizes": []}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench{size}_") as tmp:
            work = args.keep / str(size) if args.keep else Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            (work / "size").write_text(str(size), encoding="utf-8")
            done: list[dict[str, object]] = report["sizes"]  # type: ignore[assignment]

            def save(partial: dict[str, object], done: list = done) -> None:
                if args.out:  # after every round, so a long run keeps what it has
                    args.out.parent.mkdir(parents=True, exist_ok=True)
                    args.out.write_text(json.dumps({**report, "sizes": [*done, partial]},
                                                   indent=2) + "\n", encoding="utf-8")

            done.append(run_size(size, args.rounds, cases, work, on_round=save,
                                 reuse=args.reuse))
    if not args.out:
        print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

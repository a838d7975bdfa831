"""Dashboard page times at province scale (issue 9): first view, warm, after a data change.

Run (from the repository root)::

    uv run python -m benchmarks.bench_dashboard --db /tmp/p520.duckdb --build 52x10 \\
        --out benchmarks/results/dashboard_520.json --label after

What it measures, each round in a **fresh process** (a fresh server: empty caches), signed in as
the province's demo reviewer, through ``streamlit.testing``'s ``AppTest`` (the whole script,
``app.py`` and the page, as a server runs it for one browser; no browser rendering):

``first``
    the landing page (the province overview) of a fresh process, as the first browser sees it.
    With ``--startup-warm`` the process first runs the server's start-up warm-up
    (``dashboard.data.warm_at_startup``) to its end, as ``parkghg serve`` does before a
    browser can have signed in; without it, the first view pays every read.
``first_page``
    every other page's first view in that process (some caches already filled by earlier
    pages, as when a person clicks through the menu).
``warm``
    every page again, nothing changed.
``after_change``
    every page right after **one new upload written by another process** (a ``parkghg
    ingest`` of one enterprise's one month, quantities nudged so it is never a no-op): the
    cost a reviewer sees after an enterprise has uploaded.

Figures are the medians over ``--rounds`` processes, with every round kept in the JSON. The
machine is 2 shared cores, so the load average is recorded with each run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

log = logging.getLogger("bench")

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
#: The province reviewer's pages, landing page first (``dashboard.menu.PAGES`` order).
PAGES = ("pages/overview.py", "pages/park.py", "pages/map.py", "pages/enterprise.py",
         "pages/targets.py", "pages/circular.py", "pages/scorecard.py", "pages/review.py",
         "pages/tracker.py", "pages/exports.py", "pages/jcm_candidates.py",
         "pages/jcm_projects.py", "pages/survey.py", "pages/programme.py", "pages/audit.py")


def _parkghg() -> str:
    return str(Path(sys.executable).with_name("parkghg"))


def build(db: Path, shape: str) -> None:
    """``parkghg sample-data`` of ``PARKSxPER_PARK`` (52x10 = 520 enterprises), if missing."""
    if db.exists():
        return
    parks, per_park = (int(x) for x in shape.split("x"))
    started = time.perf_counter()
    subprocess.run([_parkghg(), "--db", str(db), "sample-data", "--parks", str(parks),
                    "--enterprises-per-park", str(per_park)], check=True, cwd=ROOT)
    log.info("built %s in %.0f s", db, time.perf_counter() - started)


def prepare_accounts(db: Path) -> str:
    """Mark the benchmark warehouse as a demo and make the demo accounts; the province
    reviewer's username."""
    from cli.launch import ensure_demo_accounts
    from service.accounts import is_demo_warehouse, mark_demo_warehouse

    if not is_demo_warehouse(db):
        mark_demo_warehouse(db, "bench_dashboard")
    accounts = ensure_demo_accounts(db)
    return next(a.username for a in accounts if a.role == "province")


def month_file(db: Path, tag: int, out_dir: Path) -> Path:
    """One enterprise's latest month as an upload file, quantities nudged by ``tag``."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        ents = [r[0] for r in con.execute(
            "SELECT DISTINCT enterprise_id FROM activity_current ORDER BY 1").fetchall()]
        ent = ents[(tag * 37) % len(ents)]
        frame = con.sql(
            "SELECT enterprise_id, strftime(period, '%Y-%m') AS period, category, item,"
            " quantity, unit, use, treatment, counterparty, note, equipment"
            " FROM activity_current WHERE enterprise_id = ? AND period = ("
            "  SELECT max(period) FROM activity_current WHERE enterprise_id = ?)"
            " ORDER BY row_number", params=[ent, ent]).pl()
    finally:
        con.close()
    import polars as pl

    frame = frame.with_columns(pl.col("quantity") * (1 + (tag + 1) / 1000))
    path = out_dir / f"bench_month_{os.getpid()}_{tag}.csv"
    frame.write_csv(path)
    return path


def upload_elsewhere(db: Path, tag: int, out_dir: Path) -> float:
    """One upload by another process (``parkghg ingest``); its wall time."""
    path = month_file(db, tag, out_dir)
    started = time.perf_counter()
    proc = subprocess.run([_parkghg(), "--db", str(db), "ingest", str(path)], cwd=ROOT,
                          capture_output=True, check=False)
    seconds = time.perf_counter() - started
    path.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark upload failed: {proc.stderr.decode()[-1500:]}")
    return seconds


_CPU: dict[str, dict[str, float]] = {}
LANDING = "landing"  # the first view's key: the landing page, before any page switch


def _view(at, page: str | None, state: str = "first") -> tuple[float, int]:
    """Time one run of ``page`` (None: the current page); (seconds, problems shown).

    The process's CPU seconds (every thread: the script runs in one, DuckDB in others) are
    kept too, under ``_CPU[state][page]``: on a shared 2-core machine under load the wall
    time mostly measures the queue, the CPU time what the page itself costs.
    """
    if page is not None:
        at.switch_page(page)
    started, cpu = time.perf_counter(), time.process_time()
    at.run()
    seconds = time.perf_counter() - started
    _CPU.setdefault(state, {})[page or LANDING] = time.process_time() - cpu
    print(f"{state} {page or LANDING}: {seconds:.2f} s wall,"
          f" {time.process_time() - cpu:.2f} s CPU", file=sys.stderr, flush=True)
    problems = len(at.exception) + len(at.error)
    if problems:
        log.warning("%s showed %s", page, [getattr(e, "message", getattr(e, "value", e))
                                          for e in [*at.exception, *at.error]][:2])
    return seconds, problems


def session(db: Path, username: str, pages: tuple[str, ...], startup_warm: bool,
            work: Path) -> dict[str, object]:
    """One fresh process's figures (the worker)."""
    from parkghg.settings import DB_ENV_VAR, DEMO_ENV_VAR

    os.environ[DB_ENV_VAR] = str(db)
    os.environ[DEMO_ENV_VAR] = "1"
    from streamlit.testing.v1 import AppTest

    out: dict[str, object] = {"first_page": {}, "warm": {}, "after_change": {},
                              "upload_process_s": [], "problems": 0}
    started = time.perf_counter()
    if startup_warm:
        from dashboard import data

        data.warm_at_startup(wait=True)
    out["startup_warm_s"] = round(time.perf_counter() - started, 3)
    at = AppTest.from_file(str(APP), default_timeout=600)
    at.session_state["lang"] = "vi"
    at.session_state["signed_in_username"] = username
    first, problems = _view(at, None, "first")
    out["first"] = first
    out["problems"] += problems  # type: ignore[operator]
    for page in pages:
        if page != pages[0]:
            out["first_page"][page], p = _view(at, page, "first")  # type: ignore[index]
            out["problems"] += p  # type: ignore[operator]
    for page in pages:
        out["warm"][page], p = _view(at, page, "warm")  # type: ignore[index]
        out["problems"] += p  # type: ignore[operator]
    for i, page in enumerate(pages):
        out["upload_process_s"].append(upload_elsewhere(db, i, work))  # type: ignore[union-attr]
        out["after_change"][page], p = _view(at, page, "after_change")  # type: ignore[index]
        out["problems"] += p  # type: ignore[operator]
    out["cpu"] = _CPU
    return out


def _median(values: list[float]) -> dict[str, object]:
    return {"median_s": round(statistics.median(values), 3), "min_s": round(min(values), 3),
            "max_s": round(max(values), 3), "rounds_s": [round(v, 3) for v in values]}


def summarise(rounds: list[dict[str, object]], pages: tuple[str, ...]) -> dict[str, object]:
    """Per page and state: median, min, max and every round."""
    table: dict[str, dict[str, object]] = {}
    for page in pages:
        row: dict[str, object] = {}
        if page == pages[0]:
            row["first"] = _median([r["first"] for r in rounds])  # type: ignore[misc]
        else:
            row["first"] = _median([r["first_page"][page] for r in rounds])  # type: ignore[index]
        for state in ("warm", "after_change"):
            row[state] = _median([r[state][page] for r in rounds])  # type: ignore[index]
        for state in ("first", "warm", "after_change"):
            name = LANDING if state == "first" and page == pages[0] else page
            row[f"{state}_cpu"] = _median([r["cpu"][state][name] for r in rounds])  # type: ignore[index]
        table[page] = row
    return {"pages": table,
            "startup_warm_s": _median([r["startup_warm_s"] for r in rounds]),  # type: ignore[misc]
            "upload_process_s": _median([s for r in rounds
                                         for s in r["upload_process_s"]]),  # type: ignore[union-attr]
            "problems": sum(r["problems"] for r in rounds)}  # type: ignore[misc]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="dashboard page times (see module doc)")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--build", default=None, help="PARKSxPER_PARK: build if missing")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--startup-warm", action="store_true")
    parser.add_argument("--label", default="")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--user", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    pages = tuple(p for p in args.pages.split(",") if p)
    work = args.db.parent
    if args.worker:
        logging.basicConfig(level=logging.WARNING)
        print(json.dumps(session(args.db, args.user, pages, args.startup_warm, work)))
        return 0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.build:
        build(args.db, args.build)
    username = prepare_accounts(args.db)
    rounds = []
    for r in range(args.rounds):
        cmd = [sys.executable, "-m", "benchmarks.bench_dashboard", "--worker", "--db",
               str(args.db), "--user", username, "--pages", ",".join(pages)]
        if args.startup_warm:
            cmd.append("--startup-warm")
        proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"worker failed ({proc.returncode})")
        rounds.append(json.loads(proc.stdout.decode().strip().splitlines()[-1]))
        log.info("round %d: first view %.2f s", r + 1, rounds[-1]["first"])
    import duckdb

    con = duckdb.connect(str(args.db), read_only=True)
    try:
        enterprises = con.execute("SELECT count(*) FROM enterprises").fetchone()[0]  # type: ignore[index]
        rows = con.execute("SELECT count(*) FROM activity_current").fetchone()[0]  # type: ignore[index]
    finally:
        con.close()
    report = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
              "label": args.label, "enterprises": enterprises, "activity_rows": rows,
              "load_avg_1m_at_end": round(os.getloadavg()[0], 2), "cpus": os.cpu_count(),
              "startup_warm": args.startup_warm, "rounds": args.rounds,
              **summarise(rounds, pages), "raw": rounds}
    text = json.dumps(report, indent=2) + "\n"
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    for page, row in report["pages"].items():  # type: ignore[union-attr]
        log.info("%-28s first %6.2f (%5.2f CPU)  warm %6.2f (%5.2f)  after change %6.2f (%5.2f)",
                 page, row["first"]["median_s"], row["first_cpu"]["median_s"],
                 row["warm"]["median_s"], row["warm_cpu"]["median_s"],
                 row["after_change"]["median_s"], row["after_change_cpu"]["median_s"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

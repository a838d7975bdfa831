"""Stored emissions benchmark: a province inventory read from stored rows, beside the engine
and a hand-written DuckDB floor, in interleaved rounds on one warehouse.

Each measurement runs in its own child process (so its peak memory is its own) and the kinds
take turns within every round (so machine load hits them alike); medians and spreads are
reported. Build and upgrade a warehouse first::

    uv run parkghg --db /tmp/prov.duckdb sample-data --parks 52 --enterprises-per-park 10
    uv run parkghg --db /tmp/prov.duckdb init      # stores emissions if built before 0007
    uv run python benchmarks/bench_stored.py --db /tmp/prov.duckdb --rounds 5

``--before DIR`` adds the engine of an earlier release (``DIR`` holds its ``metrics/``
package, e.g. ``git archive <rev> metrics | tar -x -C DIR``) as ``engine_before``.

Kinds (AR5, location-based, every year):

* ``floor``: one DuckDB query joining current activity to the registry and a per-item factor
  table (built before the clock starts) and summing per enterprise × year × category (what
  the hardware can do);
* ``engine`` / ``engine_before``: read the current activity and run ``compute_emissions``;
* ``stored``: ``service.inventory.compute_inventory`` (stored rows, activity keys, library);
* ``stored_aggregate``: the SQL sum per enterprise × year × scope × gas a page needs.

Writes ``benchmarks/results/stored_<enterprises>.json`` and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
KINDS = ("floor", "engine", "stored", "stored_aggregate")

FLOOR_SQL = """
SELECT a.enterprise_id, e.park_id, e.sector_id, year(a.period) AS year, a.category,
       sum(a.quantity_canonical * f.ef) AS tco2e
FROM activity_current AS a
JOIN enterprises AS e USING (enterprise_id)
JOIN f USING (category, item)
GROUP BY ALL
"""


def _child(kind: str, db: str) -> dict[str, float]:
    """Run one measurement in this (child) process; wall seconds and peak RSS in MB."""
    import duckdb

    con = duckdb.connect(db, read_only=True)
    con.execute("SELECT count(*) FROM enterprises").fetchall()  # same untimed open for all
    if kind in ("engine", "engine_before"):
        from metrics.factors import load_factor_library
        from metrics.inventory import CalcParams, compute_emissions
        from warehouse.activity import read_current_activity
        from warehouse.factors_store import read_custom_factors
        from warehouse.scope import Scope

        custom = read_custom_factors(con, Scope.system())
        library = load_factor_library(custom=custom if custom.height else None)
        start = time.perf_counter()
        rows = compute_emissions(read_current_activity(con, Scope.system()), library,
                                 CalcParams()).height
    elif kind == "stored":
        from metrics.inventory import CalcParams
        from service.inventory import compute_inventory
        from warehouse.scope import Scope

        start = time.perf_counter()
        result = compute_inventory(con, Scope.system(), year_from=2000, year_to=2100,
                                   params=CalcParams())
        assert result.version is None
        rows = result.emissions.height
    elif kind == "stored_aggregate":
        from warehouse.scope import Scope
        from warehouse.stored_emissions import aggregate_stored_emissions

        start = time.perf_counter()
        rows = aggregate_stored_emissions(
            con, Scope.system(), by=("enterprise_id", "year", "scope", "gas")).height
    else:
        import polars as pl

        from parkghg.contract import ITEMS

        # the factor table (one made-up factor per contract item) is built untimed, from the
        # contract, so it does not warm the activity data before the clock starts
        pairs = pl.DataFrame([(i.category, i.item, 0.5) for i in ITEMS],
                             schema=["category", "item", "ef"], orient="row")
        con.register("f", pairs.to_arrow())
        start = time.perf_counter()
        rows = con.sql(FLOOR_SQL).pl().height
    wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"wall_s": wall, "peak_mb": peak_mb, "rows": rows}


def _measure(kind: str, db: Path, before: Path | None) -> dict[str, float]:
    env = dict(os.environ)
    if kind == "engine_before" and before is not None:
        env["PYTHONPATH"] = f"{before}{os.pathsep}{env.get('PYTHONPATH', '')}"
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--db", str(db)],
        check=True, capture_output=True, text=True, env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(db: Path, rounds: int, before: Path | None) -> dict[str, object]:
    """Interleaved rounds of every kind; per kind the median, spread and peak memory."""
    import duckdb

    kinds = (*KINDS, "engine_before") if before else KINDS
    samples: dict[str, list[dict[str, float]]] = {k: [] for k in kinds}
    for r in range(rounds):
        for kind in kinds:
            samples[kind].append(_measure(kind, db, before))
        print(f"round {r + 1}/{rounds}: " + ", ".join(
            f"{k} {samples[k][-1]['wall_s']:.3f}s" for k in kinds), file=sys.stderr)
    with duckdb.connect(str(db), read_only=True) as con:
        enterprises = con.execute("SELECT count(*) FROM enterprises").fetchone()[0]
        activity = con.execute("SELECT count(*) FROM activity_current").fetchone()[0]
        stored = con.execute("SELECT count(*) FROM stored_emissions").fetchone()[0]
    floor = statistics.median(s["wall_s"] for s in samples["floor"])
    out: dict[str, object] = {"enterprises": enterprises, "activity_rows": activity,
                              "stored_rows_all_variants": stored, "rounds": rounds,
                              "cpus": os.cpu_count(), "kinds": {}}
    for kind, got in samples.items():
        walls = [s["wall_s"] for s in got]
        out["kinds"][kind] = {  # type: ignore[index]
            "median_s": round(statistics.median(walls), 4),
            "min_s": round(min(walls), 4), "max_s": round(max(walls), 4),
            "ratio_to_floor": round(statistics.median(walls) / floor, 2),
            "peak_mb": round(max(s["peak_mb"] for s in got), 1),
            "rows": int(got[0]["rows"]),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", type=Path, default=None)
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, str(args.db))))
        return
    result = run(args.db, args.rounds, args.before)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"stored_{result['enterprises']}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"| kind | median s | min–max s | × floor | peak MB |  ({result['enterprises']} "
          f"enterprises, {result['activity_rows']:,} activity rows)")
    print("|---|---|---|---|---|")
    for kind, k in result["kinds"].items():  # type: ignore[union-attr]
        print(f"| {kind} | {k['median_s']:.3f} | {k['min_s']:.3f}–{k['max_s']:.3f} | "
              f"{k['ratio_to_floor']} | {k['peak_mb']:.0f} |")


if __name__ == "__main__":
    main()

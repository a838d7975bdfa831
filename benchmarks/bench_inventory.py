"""Inventory benchmark: a whole province's live inventory, roll-ups and exports.

Build a warehouse first, then time the read → calculate → export path on it:

    uv run parkghg --db /tmp/prov.duckdb sample-data --parks 52 --enterprises-per-park 10
    uv run python benchmarks/bench_inventory.py --db /tmp/prov.duckdb

Writes ``benchmarks/results/inventory_<enterprises>.json`` and prints a Markdown row for
``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import tempfile
from pathlib import Path

import duckdb
from common import timed

from exports import inventory_table, province
from metrics.inventory import CalcParams
from metrics.rollups import rollup, threshold_flags
from service.inventory import compute_inventory, read_registry
from warehouse.scope import Scope

log = logging.getLogger("bench")
RESULTS = Path(__file__).parent / "results"




def run(db: Path, year_from: int, year_to: int) -> dict[str, object]:
    """Time each step of a province inventory on the warehouse at ``db``."""
    t: dict[str, float] = {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        with timed(t, "compute_inventory_s"):
            result = compute_inventory(con, Scope.system(), year_from=year_from,
                                       year_to=year_to, params=CalcParams(), with_energy=True)
        with timed(t, "compute_inventory_market_ar6_s"):
            compute_inventory(con, Scope.system(), year_from=year_from, year_to=year_to,
                              params=CalcParams(gwp_set="AR6", scope2_basis="market"))
        registry = read_registry(con, Scope.system())
        n_activity = result.activity_keys.height
    finally:
        con.close()
    with timed(t, "thresholds_s"):
        flags = threshold_flags(result.emissions, result.energy)
    with timed(t, "rollup_park_month_s"):
        rollup(result.emissions, by=("park_id",), freq="month")
    with timed(t, "inventory_table_s"):
        table = inventory_table.table_for(result, registry)
    meta = inventory_table.metadata(result)
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("csv", "parquet", "xlsx"):
            with timed(t, f"export_{fmt}_s"):
                inventory_table.write(table, meta, fmt, Path(tmp) / f"inv.{fmt}")
        with timed(t, "province_workbook_s"):
            province.write_province(result, registry, year_to, io.BytesIO())
    return {
        "db": db.name, "years": [year_from, year_to], "activity_rows": n_activity,
        "emission_rows": result.emissions.height, "inventory_table_rows": table.height,
        "enterprises": registry.height, "enterprise_years_flagged": flags.height,
        "total_tco2e": round(result.total_tco2e, 1), "timings": t,
        "duckdb": duckdb.__version__,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--year-from", type=int, default=2022)
    parser.add_argument("--year-to", type=int, default=2025)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    figures = run(args.db, args.year_from, args.year_to)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"inventory_{figures['enterprises']}_enterprises.json"
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    tm = figures["timings"]
    log.info("| %s enterprises, %s–%s | %s activity → %s emission rows | %.2f s | %.2f s | "
             "%.2f s | %.2f s / %.2f s / %.2f s | %.2f s |", figures["enterprises"],
             args.year_from, args.year_to, figures["activity_rows"], figures["emission_rows"],
             tm["compute_inventory_s"], tm["thresholds_s"], tm["rollup_park_month_s"],
             tm["export_csv_s"], tm["export_parquet_s"], tm["export_xlsx_s"],
             tm["province_workbook_s"])


if __name__ == "__main__":
    main()

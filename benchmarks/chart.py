"""The Markdown table and the scale-curve chart of a ``benchmarks.run`` result, offline.

Run: ``uv run python -m benchmarks.chart benchmarks/results/2026-11-28.json``
Prints the table for ``docs/benchmarks.md`` and writes ``docs/img/benchmarks-scale.svg`` and
``.png`` (altair renders through vl-convert, no browser or network needed).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMG = ROOT / "docs" / "img"

LABELS = {
    "inventory": "full inventory (every row, with its factor trace)",
    "totals": "province totals (enterprise × year × scope × gas, summed in the engine)",
    "bulk_ingest": "bulk ingest",
    "upload": "one monthly upload (in process)",
    "cli_ingest": "one-file `parkghg ingest` process",
    "version": "`parkghg --version`",
}


def rows(report: dict) -> list[dict[str, object]]:
    """One row per size × case × variant: median, spread, peak memory."""
    out: list[dict[str, object]] = []
    for size in report["sizes"]:
        for case, variants in size["cases"].items():
            for variant, fig in variants.items():
                if not isinstance(fig, dict):  # "ratio", "cpu_ratio": a case's figures
                    continue
                label = LABELS.get(case, case).replace("`", "")
                out.append({"enterprises": size["enterprises"], "case": label,
                            "variant": variant, "median_s": fig["median_s"],
                            "spread": fig["spread_frac"], "peak_mb": fig["peak_mb"]})
    return out


def table(report: dict) -> str:
    """The Markdown table: platform and floor medians, ratio, spread and peak memory."""
    lines = ["| enterprises | measurement | platform (median, spread) | floor (median) | ratio "
             "| peak memory platform / floor |", "|---|---|---|---|---|---|"]
    for size in report["sizes"]:
        for case, v in size["cases"].items():
            p, f = v["platform"], v["floor"]
            extra = ""
            if "files" in p:
                extra = (f" ({p['files'] / p['median_s']:.1f} files/s vs "
                         f"{f['files'] / f['median_s']:.0f})")
            if "pandas" in v:
                extra = f" (pandas: {v['pandas']['median_s']:.3f} s)"
            if "postgres" in v:
                pg = v["postgres"]
                extra += (f" (PostgreSQL: {pg['median_s']:.3f} s ±{pg['spread_frac'] * 100:.0f} %,"
                          f" {pg['peak_mb']:.0f} MB)")
            lines.append(
                f"| {size['enterprises']:,} | {LABELS.get(case, case)} | "
                f"{p['median_s']:.3f} s ±{p['spread_frac'] * 100:.0f} %{extra} | "
                f"{f['median_s']:.3f} s | {v['ratio']}× | "
                f"{p['peak_mb']:.0f} / {f['peak_mb']:.0f} MB |")
        b = size["build"]
        lines.append(f"| {size['enterprises']:,} | `parkghg sample-data` (whole province) | "
                     f"{b['sample_data_s']:.1f} s | — | — | {b['sample_data_peak_mb']:.0f} MB |")
    return "\n".join(lines)


def chart(report: dict, stem: Path) -> list[Path]:
    """Median seconds against enterprises, one line per case, solid platform, dashed floor."""
    import altair as alt
    import polars as pl
    import vl_convert as vlc

    data = pl.DataFrame(rows(report)).filter(pl.col("variant").is_in(["platform", "floor"]))
    spec = (
        alt.Chart(data.to_arrow())
        .mark_line(point=True)
        .encode(
            x=alt.X("enterprises:Q", scale=alt.Scale(type="log"), title="enterprises"),
            y=alt.Y("median_s:Q", scale=alt.Scale(type="log"), title="median seconds"),
            color=alt.Color("case:N", title="measurement"),
            strokeDash=alt.StrokeDash("variant:N", title="platform / floor",
                                      scale=alt.Scale(domain=["platform", "floor"],
                                                      range=[[1, 0], [5, 4]])),
            tooltip=["case", "variant", "enterprises", "median_s", "peak_mb"],
        )
        .properties(width=560, height=340,
                    title="parkghg vs floors (same run, medians of interleaved rounds)")
    ).to_dict()
    stem.parent.mkdir(parents=True, exist_ok=True)
    svg, png = stem.with_suffix(".svg"), stem.with_suffix(".png")
    svg.write_text(vlc.vegalite_to_svg(spec), encoding="utf-8")
    png.write_bytes(vlc.vegalite_to_png(spec, scale=2))
    return [svg, png]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("result", type=Path)
    parser.add_argument("--img", type=Path, default=IMG / "benchmarks-scale")
    args = parser.parse_args(argv)
    report = json.loads(args.result.read_text(encoding="utf-8"))
    print(table(report))
    for path in chart(report, args.img):
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

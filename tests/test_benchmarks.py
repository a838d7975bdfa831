"""The benchmark runner works end to end at a tiny size (figures are not checked: no wall time).

Why a test: the suite is run by hand before releases; a refactor that breaks a case should fail
here, not at the next 40-minute run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import run
from benchmarks.chart import chart, table

pytestmark = pytest.mark.slow  # builds a tiny province and starts about a dozen processes


def test_runner_writes_every_case_with_its_floor(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    assert run.main(["--sizes", "2", "--rounds", "1", "--out", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["machine"]["cpus"] and report["rounds"] == 1
    (size,) = report["sizes"]
    assert size["enterprises"] == 2 and size["build"]["sample_data_s"] > 0
    assert set(size["cases"]) == set(run.CASES)
    for name, case in size["cases"].items():
        for variant in ("platform", "floor"):
            figures = case[variant]
            assert figures["median_s"] > 0 and figures["peak_mb"] > 0, (name, variant)
            assert len(figures["rounds_s"]) == 1
        assert case["ratio"] > 0, name
    assert size["cases"]["inventory"]["pandas"]["groups"] > 0
    assert size["cases"]["totals"]["platform"]["groups"] > 0
    # CPU seconds beside wall time where the runner can take them (session 20), and whether
    # the imports read compiled bytecode
    for name in ("cli_ingest", "version", "totals"):
        for variant in ("platform", "floor"):
            assert size["cases"][name][variant]["cpu_median_s"] >= 0, (name, variant)
    assert isinstance(report["machine"]["dependencies_precompiled"], bool)
    assert size["cases"]["bulk_ingest"]["platform"]["accepted"] == 2
    # the docs' table and chart render from it, offline
    assert len(table(report).splitlines()) == 2 + len(run.CASES) + 1  # heads, cases, build
    svg, png = chart(report, tmp_path / "scale")
    assert svg.read_text(encoding="utf-8").startswith("<svg") and png.stat().st_size > 0


def test_sizes_map_to_parks_and_enterprises() -> None:
    assert run.spec_args(110) == (None, 5)  # the demo sample: 22 real parks × 5
    parks, per_park = run.spec_args(520)
    assert parks * per_park == 520
    parks, per_park = run.spec_args(5000)
    assert parks * per_park == 5000

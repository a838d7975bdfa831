"""The demo makes the issue-12 pages meaningful: an eco-park that meets every Decree 35
criterion the data can judge and one that does not, symbiosis in some parks and not in others,
and park targets one park meets and another misses."""

from __future__ import annotations

import polars as pl
import pytest

from sample_data.generator import SampleSpec
from sample_data.load import build_sample
from sample_data.programme import FAILING_PARK, QUALIFYING_PARK
from service import circular, targets
from service.access import Scope
from service.db import open_warehouse

pytestmark = pytest.mark.slow  # builds a 9-park, 4-year sample


def test_sample_programme(tmp_path) -> None:
    path = tmp_path / "s.duckdb"
    build_sample(path, SampleSpec.of(parks=9, enterprises_per_park=3))
    with open_warehouse(path, read_only=True) as con:
        status = dict(targets.progress_table(con, Scope.system()).select(
            "target_id", "status").iter_rows())
        card = circular.scorecard_table(con, Scope.system(), year=2025)
        ind = circular.indicator_table(con, Scope.system(), year=2025)
    assert status["amata_intensity"] == "met"
    assert status["bien_hoa_2_absolute"] == "missed"
    assert {"dn385_2030", "dn385_2035", "dn385_2050"} <= set(status)
    d35 = card.filter(pl.col("framework") == "decree_35_2022")
    assert set(d35.filter(pl.col("park_id") == QUALIFYING_PARK)["status"]) == {"met"}
    assert d35.filter((pl.col("park_id") == FAILING_PARK)
                      & (pl.col("status") == "missed")).height >= 5
    links = dict(ind.filter(pl.col("indicator") == "symbiosis_links_n").select(
        "park_id", "value").iter_rows())
    assert links[QUALIFYING_PARK] > 0 and links[FAILING_PARK] == 0

"""The dashboard's shared frames (issue 9): one object for every rerun, patched after an
upload from another connection, read whole again after a factor import, equal to a cold read.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import data
from dashboard.frames import PatchedFrames
from metrics.inventory import CalcParams
from service.access import Actor
from service.factors import import_factors
from service.inventory import emissions_frame, energy_frame, screening_table
from tests.worlds import activity_csv, upload
from warehouse.activity import read_current_activity
from warehouse.db import open_warehouse
from warehouse.scope import Scope

PROVINCE = Scope(role="province")
HEADER = ("factor_id,library_version,kind,fuel_or_item,use,gas,value,unit,valid_from,valid_to,"
          "level,source,source_detail,verification,enterprise_id")
# A made-up national grid EF for 2025 (test value only, not a published figure)
GRID_2025 = ("TEST_grid_2025,custom,grid_ef,grid,,CO2e,0.7,t CO2e/MWh,2025-01-01,2025-12-31,"
             "national,Test value,not published,ESTIMATE,")


def _canonical(frame: pl.DataFrame) -> pl.DataFrame:
    out = frame.with_columns(pl.col(pl.Categorical).cast(pl.String))
    return out.sort(out.columns, nulls_last=True)


def _fresh(db: Path) -> dict[str, pl.DataFrame]:
    with open_warehouse(db, read_only=True) as con:
        return {
            "emissions": emissions_frame(con, PROVINCE, params=CalcParams(),
                                         with_factor_ids=True),
            "activity": read_current_activity(con, PROVINCE),
            "energy": energy_frame(con, PROVINCE),
            "thresholds": pl.concat([
                screening_table(con, PROVINCE, year=y, gwp_set="AR5") for y in (2024, 2025)]),
        }


def _shown() -> dict[str, pl.DataFrame]:
    return {"emissions": data.emissions(PROVINCE, "AR5", "location"),
            "activity": data.activity(PROVINCE), "energy": data.energy(PROVINCE),
            "thresholds": data.thresholds(PROVINCE, "AR5").drop("total_tco2e", "energy_toe")}


def _assert_equal_fresh(db: Path) -> None:
    fresh = _fresh(db)
    for kind, frame in _shown().items():
        assert_frame_equal(_canonical(frame), _canonical(fresh[kind]), check_dtypes=False)


def _upload_elsewhere(db: Path, enterprise_id: str, scale: float) -> None:
    import datetime as dt

    with open_warehouse(db) as con:  # another connection, as the CLI or another server would
        result = upload(con, activity_csv(enterprise_id, [dt.date(2025, 11, 1)], scale=scale),
                        f"{enterprise_id}_nov.csv", today=dt.date(2026, 1, 15))
    assert result.status == "accepted", result.errors[:3]


@pytest.mark.slow  # several province reads of the dashboard world
def test_reruns_share_one_frame_and_an_upload_patches_it(served: Path) -> None:
    first = data.emissions(PROVINCE, "AR5", "location")
    assert data.emissions(PROVINCE, "AR5", "location") is first  # no copy per rerun
    assert data.emissions(Scope(role="admin"), "AR5", "location") is first  # one copy for both
    _assert_equal_fresh(served)

    reads = data._STORE.counts["read"]
    _upload_elsewhere(served, "3600000002", 1.7)
    _assert_equal_fresh(served)
    assert data._STORE.counts["read"] == reads  # patched, not read again
    assert data._STORE.counts["refreshed"] == 4  # emissions, activity, energy, thresholds

    _upload_elsewhere(served, "3600000002", 0.4)  # the same month again
    _assert_equal_fresh(served)


@pytest.mark.slow  # several province reads of the dashboard world
def test_a_factor_import_reads_everything_again(served: Path) -> None:
    before = data.emissions(PROVINCE, "AR5", "location")
    with open_warehouse(served) as con:
        import_factors(con, f"{HEADER}\n{GRID_2025}\n".encode(), "grid.csv",
                       actor=Actor.system("admin"))
    after = data.emissions(PROVINCE, "AR5", "location")
    assert after is not before
    _assert_equal_fresh(served)
    assert not after.filter(pl.col("year") == 2025).equals(before.filter(pl.col("year") == 2025))


def test_the_store_drops_idle_and_surplus_entries() -> None:
    from contextlib import nullcontext

    store = PatchedFrames(max_entries=2)
    frames = {}
    for n in range(3):
        frames[n] = store.get(("db", "kind", n), "v1", nullcontext,
                              lambda con, n=n: ("mark", pl.DataFrame({"n": [n]})),
                              lambda con, mark, frame: (mark, frame))
    assert len(list(store.keys())) == 2
    assert ("db", "kind", 0) not in list(store.keys())


@pytest.mark.slow  # province reads and target progress on the dashboard world
def test_totals_summed_from_held_frames_equal_the_service_reads(served: Path) -> None:
    """Target progress and the territorial total are summed from the held (patched) frames;
    they equal the service's own reads, before and after an upload."""
    from service.inventory import territorial_table
    from service.targets import (
        decomposition,
        import_shipped_targets,
        progress_table,
        target_trajectory,
    )

    with open_warehouse(served) as con:
        import_shipped_targets(con, actor=Actor.system("t"), base_year=2024)
    for scale in (None, 2.5):
        if scale is not None:
            _upload_elsewhere(served, "3600000001", scale)
        shown_progress = data.target_progress(PROVINCE)
        shown_territory = data.territorial(PROVINCE, 2025, "AR5", "location")
        with open_warehouse(served, read_only=True) as con:
            progress = progress_table(con, PROVINCE, params=CalcParams())
            territory = territorial_table(con, PROVINCE, year=2025, params=CalcParams())
        assert progress.height > 0
        assert_frame_equal(shown_progress, progress)
        assert_frame_equal(shown_territory, territory)
        target_id = progress["target_id"][0]
        with open_warehouse(served, read_only=True) as con:
            path = target_trajectory(con, PROVINCE, target_id=target_id, params=CalcParams())
            waterfall = decomposition(con, PROVINCE, year=2025, params=CalcParams())
        assert_frame_equal(data.trajectory(PROVINCE, target_id), path)
        assert waterfall.height > 0
        assert_frame_equal(data.decomposition(PROVINCE, 2025), waterfall)


@pytest.mark.slow  # circular indicators and the scorecard on the dashboard world
def test_circular_figures_from_held_frames_equal_the_service_reads(served: Path) -> None:
    from service.circular import indicator_table, scorecard_table

    for scale in (None, 0.6):
        if scale is not None:
            _upload_elsewhere(served, "3600000003", scale)
        with open_warehouse(served, read_only=True) as con:
            indicators = indicator_table(con, PROVINCE, year=2025)
            card = scorecard_table(con, PROVINCE, year=2025)
        assert indicators.height > 0 and card.height > 0
        assert_frame_equal(data.circular_indicators(PROVINCE, 2025), indicators)
        assert_frame_equal(data.scorecard(PROVINCE, 2025), card)


@pytest.mark.slow  # province reads and JCM screening on the dashboard world
def test_jcm_candidates_from_held_activity_equal_the_service_read(served: Path) -> None:
    """The JCM candidates page screens the held (patched) activity; the list equals the
    service's own read, before and after uploads of several enterprises."""
    from service import jcm

    for scales in ((), ((("3600000001", 1.9), ("3600000002", 0.3)))):
        for enterprise_id, scale in scales:
            _upload_elsewhere(served, enterprise_id, scale)
        reads = data._STORE.counts["read"]
        shown = data.jcm_candidates(PROVINCE, 2025, None)
        if scales:  # re-screened for the changed enterprises' parks, not read whole
            assert data._STORE.counts["read"] == reads
        with open_warehouse(served, read_only=True) as con:
            fresh = jcm.screen(con, PROVINCE, year=2025)
        assert fresh.height > 0
        assert_frame_equal(shown, fresh)
    _assert_equal_fresh(served)  # and every held frame after the two enterprises' uploads


def test_one_connection_is_shared_by_a_runs_reads_and_closed_before_a_write(
        served: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside ``data.one_connection`` (one script run) reads share one connection; a write
    closes it first (DuckDB refuses a read-write handle beside a read-only one), and the
    next read opens a fresh one that sees the write."""
    import duckdb

    opened = []
    real = duckdb.connect

    def counting(*args, **kwargs):
        opened.append(kwargs.get("read_only"))
        return real(*args, **kwargs)

    monkeypatch.setattr(duckdb, "connect", counting)
    with data.one_connection():
        with data._reader() as first:
            pass
        with data._reader() as second:
            assert second is first
        with data._writer() as con:
            con.execute("CREATE TABLE one_connection_probe (x INTEGER)")
        with data._reader() as third:
            assert third is not first
            assert third.execute("SELECT count(*) FROM one_connection_probe").fetchall() == [(0,)]
    assert opened == [True, False, True]
    assert getattr(data._RUN, "held", None) is None  # closed with the block

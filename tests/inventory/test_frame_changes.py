"""Patched frames equal a fresh read (issue 9): after an upload, a re-upload, a restore, a
steam supplier's upload, and never patched across a factor import.

The dashboard keeps whole-scope frames and, after a data change, re-reads only the changed
enterprise-years (``service.frame_changes``). The reference is a cold read of the whole scope
on the same warehouse; a patched frame must equal it row for row (order aside).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from metrics.inventory import CalcParams
from service import frame_changes as fc
from service.access import Actor
from service.factors import import_factors
from service.inventory import emissions_frame, energy_frame, screening_table
from tests.worlds import ENT_A, ENT_B, ENT_C, TODAY, upload, upload_csv
from warehouse import review
from warehouse.activity import read_current_activity
from warehouse.db import open_warehouse
from warehouse.scope import Scope

pytestmark = pytest.mark.both_backends

SYSTEM = Scope.system()
PARAMS = CalcParams(gwp_set="AR5", scope2_basis="location")
HEADER = ("factor_id,library_version,kind,fuel_or_item,use,gas,value,unit,valid_from,valid_to,"
          "level,source,source_detail,verification,enterprise_id")
# A made-up national grid EF for 2025 (test value only, not a published figure)
GRID_2025 = ("TEST_grid_2025,custom,grid_ef,grid,,CO2e,0.7,t CO2e/MWh,2025-01-01,2025-12-31,"
             "national,Test value,not published,ESTIMATE,")


def _row(ent: str, period: str, category: str, item: str, quantity: float, unit: str,
         **extra: object) -> dict[str, object]:
    return {"enterprise_id": ent, "period": period, "category": category, "item": item,
            "quantity": quantity, "unit": unit, **extra}


def _upload(db: Path, rows: list[dict[str, object]], name: str) -> None:
    with open_warehouse(db) as con:
        result = upload(con, upload_csv(rows), name, today=TODAY)
    assert result.status == "accepted", result.errors[:3]


def _canonical(frame: pl.DataFrame) -> pl.DataFrame:
    """Order-free comparison form (a patched frame keeps no row order)."""
    out = frame.with_columns(pl.col(pl.Categorical).cast(pl.String))
    return out.sort(out.columns, nulls_last=True)


# Each kind of frame: (read the whole scope, read the rows of changed parts, year of a row)
Reader = Callable[[object], pl.DataFrame]


def _kinds(scope: Scope) -> dict[str, tuple[Reader, Callable, pl.Expr]]:
    def emissions_all(con):
        return emissions_frame(con, scope, params=PARAMS, with_factor_ids=True)

    def activity_all(con):
        return read_current_activity(con, scope)

    def energy_all(con):
        return energy_frame(con, scope)

    def screening_all(con):
        years = sorted(activity_all(con)["period"].dt.year().unique().to_list())
        return pl.concat([screening_table(con, scope, year=y, gwp_set="AR5") for y in years])

    def energy_parts(con, parts, schema):
        return fc.energy_parts(con, scope, fc.activity_parts(
            con, scope, parts, activity_all(con).schema), schema)

    return {
        "emissions": (emissions_all, lambda con, parts, schema: fc.emission_parts(
            con, scope, PARAMS, parts, schema), pl.col("year")),
        "activity": (activity_all, lambda con, parts, schema: fc.activity_parts(
            con, scope, parts, schema), pl.col("period").dt.year()),
        "energy": (energy_all, energy_parts, pl.col("period").dt.year()),
        "screening": (screening_all, lambda con, parts, schema: fc.screening_parts(
            con, scope, "AR5", parts, schema), pl.col("year")),
    }


def _snapshot(db: Path, scope: Scope = SYSTEM) -> tuple[fc.ChangeMark, dict[str, pl.DataFrame]]:
    with open_warehouse(db, read_only=True) as con:
        mark = fc.change_mark(con)
        return mark, {k: read(con) for k, (read, _, _) in _kinds(scope).items()}


def _patched_equal_fresh(db: Path, mark: fc.ChangeMark, frames: dict[str, pl.DataFrame],
                         scope: Scope = SYSTEM) -> pl.DataFrame:
    """Patch every frame since ``mark``, compare with a cold read; the parts re-read."""
    with open_warehouse(db, read_only=True) as con:
        _, parts = fc.changed_parts(con, scope, mark)
        assert parts is not None
        for kind, (read, read_parts, year) in _kinds(scope).items():
            old = frames[kind]
            patched = fc.patch(old, parts, read_parts(con, parts, old.schema), year)
            assert_frame_equal(_canonical(patched), _canonical(read(con)), check_dtypes=True)
    return parts


@pytest.mark.parametrize("few_parts", [16, 0], ids=["compared", "joined"])
def test_an_upload_rereads_only_its_enterprise_year(make_world, monkeypatch,
                                                    few_parts: int) -> None:
    monkeypatch.setattr(fc, "_FEW_PARTS", few_parts)  # both ways of finding stale rows
    db = make_world("inventory")
    mark, frames = _snapshot(db)
    _upload(db, [_row(ENT_C, "2025-04", "electricity", "grid", 420_000, "kWh")], "c_apr.csv")
    parts = _patched_equal_fresh(db, mark, frames)
    assert parts.rows() == [(ENT_C, 2025)]


def test_a_reupload_and_a_restore_patch_to_the_fresh_read(make_world) -> None:
    db = make_world("inventory")
    _upload(db, [_row(ENT_A, "2025-02", "electricity", "grid", 10_000, "kWh")], "a1.csv")
    mark, frames = _snapshot(db)
    # the same month again, different figures: the re-upload replaces the month
    _upload(db, [_row(ENT_A, "2025-02", "electricity", "grid", 99_000, "kWh"),
                 _row(ENT_A, "2025-02", "fuel", "diesel", 7000, "L", use="stationary")],
            "a2.csv")
    assert _patched_equal_fresh(db, mark, frames).rows() == [(ENT_A, 2025)]
    mark, frames = _snapshot(db)
    with open_warehouse(db) as con:  # back to the first of the two uploads
        history = review.restorable_submissions(con, SYSTEM, ENT_A, _date("2025-02"))
        earlier = history.filter(~pl.col("is_current")).sort("uploaded_at")["submission_id"]
        review.restore_submission(con, Actor.system("t"), ENT_A, _date("2025-02"), earlier[-1])
    assert _patched_equal_fresh(db, mark, frames).rows() == [(ENT_A, 2025)]


def test_a_steam_suppliers_upload_rereads_its_buyers_year(make_world) -> None:
    db = make_world("inventory")
    # ENT_B buys steam from ENT_A, a registry enterprise: priced with A's 2025 fuel mix
    _upload(db, [_row(ENT_B, "2025-03", "steam", "purchased_steam", 200, "t",
                      counterparty=ENT_A)], "b_steam.csv")
    mark, frames = _snapshot(db)
    _upload(db, [_row(ENT_A, "2025-02", "fuel", "diesel", 9000, "L", use="stationary"),
                 _row(ENT_A, "2025-02", "fuel", "coal_anthracite", 30, "t", use="stationary")],
            "a_fuel.csv")
    parts = _patched_equal_fresh(db, mark, frames)
    assert sorted(parts.rows()) == [(ENT_A, 2025), (ENT_B, 2025)]


def test_a_factor_import_asks_for_a_whole_read(make_world) -> None:
    db = make_world("inventory")
    mark, _ = _snapshot(db)
    with open_warehouse(db) as con:
        import_factors(con, f"{HEADER}\n{GRID_2025}\n".encode(), "grid.csv",
                       actor=Actor.system("admin"))
    with open_warehouse(db, read_only=True) as con:
        now, parts = fc.changed_parts(con, SYSTEM, mark)
        assert parts is None
        _, again = fc.changed_parts(con, SYSTEM, now)  # read again at the new mark: nothing
    assert again is not None and again.height == 0


def test_nothing_changed_and_other_parks_changes_read_nothing(make_world) -> None:
    db = make_world("inventory")
    with open_warehouse(db, read_only=True) as con:
        park_c = con.execute("SELECT park_id FROM enterprises WHERE enterprise_id = ?",
                             [ENT_C]).fetchall()[0][0]
    park_a = Scope(role="park", park_id=_park_of(db, ENT_A))
    mark, frames = _snapshot(db, park_a)
    with open_warehouse(db, read_only=True) as con:
        assert fc.changed_parts(con, park_a, mark)[1].height == 0
    assert park_c != park_a.park_id
    _upload(db, [_row(ENT_C, "2025-04", "electricity", "grid", 1000, "kWh")], "c.csv")
    assert _patched_equal_fresh(db, mark, frames, park_a).height == 0


def _park_of(db: Path, ent: str) -> str:
    with open_warehouse(db, read_only=True) as con:
        return con.execute("SELECT park_id FROM enterprises WHERE enterprise_id = ?",
                           [ent]).fetchall()[0][0]


def _date(period: str):
    import datetime as dt

    return dt.date.fromisoformat(f"{period}-01")


@pytest.mark.slow  # four uploads and five whole reads of the inventory world
def test_a_bulk_ingest_of_several_enterprises_and_years_patches_to_the_fresh_read(
        make_world, monkeypatch) -> None:
    """Several enterprises in two years in one commit (as a bulk ingest writes them): the
    parts are read one query per changed year, and every patched frame equals a cold read."""
    from warehouse.db import transaction

    db = make_world("inventory")
    mark, frames = _snapshot(db)
    reads: list[tuple[tuple[str, ...], int]] = []
    original = fc.emissions_frame

    def counting(con, scope, **kwargs):
        reads.append((tuple(kwargs["enterprise_ids"]), kwargs["year"]))
        return original(con, scope, **kwargs)

    monkeypatch.setattr(fc, "emissions_frame", counting)
    with open_warehouse(db) as con, transaction(con):
        for ent, period, name in ((ENT_A, "2024-06", "a_jun24.csv"),
                                  (ENT_C, "2024-07", "c_jul24.csv"),
                                  (ENT_B, "2025-05", "b_may25.csv"),
                                  (ENT_C, "2025-05", "c_may25.csv")):
            result = upload(con, upload_csv([_row(ent, period, "electricity", "grid", 31_000,
                                                  "kWh")]), name, today=TODAY)
            assert result.status == "accepted", result.errors[:3]
    parts = _patched_equal_fresh(db, mark, frames)
    assert {(ENT_A, 2024), (ENT_C, 2024), (ENT_B, 2025), (ENT_C, 2025)} <= set(parts.rows())
    assert sorted(reads) == sorted(
        (tuple(sorted(parts.filter(pl.col("year") == y)["enterprise_id"].to_list())), y)
        for y in parts["year"].unique().to_list())  # one read per year, all its enterprises

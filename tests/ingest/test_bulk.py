"""Bulk ingest in batches gives exactly what ingesting the files one by one gives.

Why: ``ingest_many`` validates a batch in worker threads and writes each group of files with no
enterprise (and no bytes) in common in one transaction (issue 9). Files for the same enterprise
must still apply in their order, identical bytes must still be "unchanged" the second time, and
a rejected file must not take its neighbours down with it.
"""

from __future__ import annotations

from pathlib import Path

from service import uploads
from tests.ingest.conftest import csv_bytes, row
from tests.worlds import ENT_A, ENT_B, ENT_C, TODAY, copy_warehouse
from warehouse.db import connect as wh_connect
from warehouse.db import open_warehouse, transaction


def _current(db: Path) -> list[tuple]:
    con = wh_connect(db, read_only=True)
    try:
        return con.execute("SELECT enterprise_id, period, item, quantity FROM activity_current "
                           "ORDER BY ALL").fetchall()
    finally:
        con.close()


_FILES = [
    ("a1.csv", csv_bytes([row(enterprise_id=ENT_A, period="2024-01", quantity=100)])),
    ("b.csv", csv_bytes([row(enterprise_id=ENT_B, period="2024-01", quantity=200)])),
    ("bad.csv", csv_bytes([row(enterprise_id=ENT_C, period="2024-01", quantity=-5)])),
    ("a2.csv", csv_bytes([row(enterprise_id=ENT_A, period="2024-01", quantity=150)])),
    ("b-again.csv", csv_bytes([row(enterprise_id=ENT_B, period="2024-01", quantity=200)])),
    ("c.csv", csv_bytes([row(enterprise_id=ENT_C, period="2024-02", quantity=300)])),
]


def test_groups_split_where_files_share_an_enterprise_or_bytes() -> None:
    prepared = [uploads._prepare(f) for f in _FILES]
    groups = [[p.file_name for p in g] for g in uploads._independent_groups(prepared)]
    assert groups == [["a1.csv", "b.csv", "bad.csv"], ["a2.csv", "b-again.csv", "c.csv"]]


def test_batched_ingest_equals_one_by_one(make_world, tmp_path: Path) -> None:
    batched = make_world("ingest_registry")
    single = (make_world("ingest_registry") if isinstance(batched, str)  # a second database
              else copy_warehouse(batched, tmp_path / "one_by_one.duckdb"))
    seen: list[int] = []
    many = uploads.ingest_many(batched, _FILES, uploaded_by="bulk", today=TODAY,
                               progress=seen.append, workers=2)
    ones = [uploads.ingest_bytes(single, content, name, uploaded_by="bulk", today=TODAY)
            for name, content in _FILES]
    assert [r.status for r in many] == [r.status for r in ones] == [
        "accepted", "accepted", "rejected", "accepted", "unchanged", "accepted"]
    assert [r.file_name for r in many] == [name for name, _ in _FILES]
    assert many[3].replaced_periods == ones[3].replaced_periods != []
    assert _current(batched) == _current(single)
    assert sum(seen) == len(_FILES)


def test_nested_transactions_join_the_outer_one(warehouse_path: Path) -> None:
    with open_warehouse(warehouse_path) as con:
        con.execute("CREATE TABLE t (x INTEGER)")
        try:
            with transaction(con):
                with transaction(con):
                    con.execute("INSERT INTO t VALUES (1)")
                raise RuntimeError("the outer block fails after the inner one ended")
        except RuntimeError:
            pass
        assert con.execute("SELECT count(*) FROM t").fetchall() == [(0,)]
        with transaction(con), transaction(con):
            con.execute("INSERT INTO t VALUES (2)")
        assert con.execute("SELECT count(*) FROM t").fetchall() == [(1,)]

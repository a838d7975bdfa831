"""Bulk ingest in batches gives exactly what ingesting the files one by one gives.

Why: ``ingest_many`` validates a batch in worker threads and writes each group of files with no
enterprise (and no bytes) in common in one transaction (issue 9). Files for the same enterprise
must still apply in their order, identical bytes must still be "unchanged" the second time, and
a rejected file must not take its neighbours down with it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from metrics.inventory import CalcParams
from service import uploads
from service.access import Actor, Scope
from service.inventory import compute_inventory
from tests.ingest.conftest import csv_bytes, row
from tests.inventory.test_stored_emissions import assert_stored_equals_engine
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


#: Steam bought from a registry supplier (ENT_A) in the same batch as the supplier's own fuel,
#: both re-uploaded later in the batch, and a rejected file between them.
_STEAM = dict(category="steam", item="purchased_steam", unit="t", counterparty=ENT_A)
_COAL = dict(category="fuel", item="coal_anthracite", unit="t", use="stationary")
_FILES_2 = [
    ("a-fuel.csv", csv_bytes([row(period="2024-01", quantity=100, **_COAL),
                              row(period="2024-02", quantity=90, **_COAL)])),
    ("b-steam.csv", csv_bytes([row(enterprise_id=ENT_B, period="2024-01", quantity=100,
                                   **_STEAM),
                               row(enterprise_id=ENT_B, period="2024-01", category="fuel",
                                   item="diesel", quantity=1000, unit="L", use="stationary")])),
    ("c-bad.csv", csv_bytes([row(enterprise_id=ENT_C, period="2024-01", quantity=-5)])),
    ("a-fix.csv", csv_bytes([row(period="2024-02", quantity=120, **_COAL),
                             row(period="2024-03", quantity=1000)])),
    ("c.csv", csv_bytes([row(enterprise_id=ENT_C, period="2024-02", quantity=300)])),
    ("b-fix.csv", csv_bytes([row(enterprise_id=ENT_B, period="2024-01", quantity=80,
                                 **_STEAM)])),
    ("a-fuel-again.csv", csv_bytes([row(period="2024-01", quantity=100, **_COAL),
                                    row(period="2024-02", quantity=90, **_COAL)])),
]


def _state(db: Path) -> dict[str, list[tuple]]:
    """Everything an upload writes, with generated ids replaced by the file names."""
    con = wh_connect(db, read_only=True)
    names = "(SELECT file_name FROM submissions AS s WHERE s.submission_id = {}.submission_id)"
    queries = {
        "submissions": "SELECT file_name, enterprise_id, status, row_count, error_count,"
                       " warning_count, period_first, period_last, file_sha256, file_size_bytes"
                       " FROM submissions",
        "files": f"SELECT {names.format('f')}, file_sha256, file_size_bytes, stored_path"
                 " FROM submission_files AS f",
        "issues": f"SELECT {names.format('i')}, issue_no, severity, row_number, code"
                  " FROM submission_issues AS i",
        "activity": f"SELECT {names.format('a')}, row_number, enterprise_id, period, item,"
                    " quantity, quantity_canonical FROM activity_rows AS a",
        "current": f"SELECT enterprise_id, period, {names.format('p')} FROM period_current AS p",
        "history": f"SELECT enterprise_id, period, {names.format('h')}, action"
                   " FROM period_history AS h ORDER BY "
                   + ("ctid" if isinstance(db, str) else "rowid"),  # insertion order, each engine
        "monthly": "SELECT * FROM history_monthly",
        "audit": "SELECT action, actor, object_type, enterprise_id, details::VARCHAR"
                 " FROM audit_log ORDER BY audit_id",
        "stored": f"SELECT {names.format('r')}, enterprise_id, period, scope, source_category,"
                  " item, gas, gwp_set, scope2_basis, tco2e, factor_ids"
                  " FROM stored_emissions AS r",
        "calculations": "SELECT trigger, submission_count, row_count, (SELECT file_name FROM"
                        " submissions WHERE submission_id = trigger_id)"
                        " FROM emission_calculations",
    }
    try:
        out = {}
        for key, sql in queries.items():
            rows = con.execute(sql).fetchall()
            out[key] = rows if "ORDER BY" in sql else sorted(rows, key=repr)
        return out
    finally:
        con.close()


def _inventory(db: Path) -> list[tuple]:
    with open_warehouse(db, read_only=True) as con:
        result = compute_inventory(con, Scope.system(), year_from=2024, year_to=2024,
                                   params=CalcParams())
    return sorted(result.emissions.select("enterprise_id", "period", "source_category",
                                          "gas", "tco2e").rows())


def test_a_batch_with_re_uploads_a_rejection_and_steam_equals_one_by_one(
        make_world, tmp_path: Path) -> None:
    """Re-uploads of the same enterprise-months later in the batch, a rejected file between
    accepted ones, steam bought from a supplier uploading in the same batch, and identical
    bytes sent again: every table is what one-at-a-time ingest writes."""
    batched = make_world("ingest_registry")
    single = copy_warehouse(batched, tmp_path / "one_by_one.duckdb")
    many = uploads.ingest_many(batched, _FILES_2, uploaded_by="bulk", today=TODAY, workers=2)
    ones = [uploads.ingest_bytes(single, content, name, uploaded_by="bulk", today=TODAY)
            for name, content in _FILES_2]
    assert [r.status for r in many] == [r.status for r in ones] == [
        "accepted", "accepted", "rejected", "accepted", "accepted", "accepted", "accepted"]
    assert [r.replaced_periods for r in many] == [r.replaced_periods for r in ones]
    assert [len(r.errors) for r in many] == [len(r.errors) for r in ones]
    state = _state(batched)
    assert state == _state(single)
    statuses = {s[0]: s[2] for s in state["submissions"]}
    assert statuses["b-steam.csv"] == statuses["a-fuel.csv"] == "superseded"
    assert _inventory(batched) == _inventory(single)
    assert assert_stored_equals_engine(batched) > 0


def test_batches_read_ahead_from_a_generator_equal_one_by_one(
        make_world, tmp_path: Path) -> None:
    """The next batch is read in another thread while one is written: with two-file batches
    from a generator the result is still what one-at-a-time ingest writes, and the generator
    is never more than one batch ahead of what has been written."""
    batched = make_world("ingest_registry")
    single = copy_warehouse(batched, tmp_path / "one_by_one.duckdb")
    taken: list[str] = []
    written: list[int] = []
    ahead: list[int] = []

    def files():
        for name, content in _FILES_2:
            ahead.append(len(taken) - sum(written))
            taken.append(name)
            yield name, content

    many = uploads.ingest_many(batched, files(), uploaded_by="bulk", today=TODAY, workers=2,
                               batch_size=2, progress=written.append)
    ones = [uploads.ingest_bytes(single, content, name, uploaded_by="bulk", today=TODAY)
            for name, content in _FILES_2]
    assert taken == [name for name, _ in _FILES_2]
    assert [r.file_name for r in many] == taken
    assert [r.status for r in many] == [r.status for r in ones]
    assert [r.replaced_periods for r in many] == [r.replaced_periods for r in ones]
    assert max(ahead) <= 2 * 2  # this batch and the next, never more
    assert _state(batched) == _state(single)


def test_one_group_with_the_same_enterprise_month_twice_equals_one_by_one(
        make_world, tmp_path: Path) -> None:
    """The set-based writer itself (not only ``ingest_many``'s grouping) applies a later file
    for the same enterprise-month after an earlier one in the same write."""
    grouped = make_world("ingest_registry")
    single = copy_warehouse(grouped, tmp_path / "one_by_one.duckdb")
    files = [_FILES_2[0], _FILES_2[3], _FILES_2[2]]
    actor = Actor(username="bulk", scope=Scope.system())
    with open_warehouse(grouped) as con:
        prepared = [uploads.prepare_upload(content, name) for name, content in files]
        plans = uploads._plans(con, prepared, actor.scope, TODAY)
        together = uploads._write_group(con, plans, [uploads._validated(p) for p in plans],
                                        actor)
    ones = [uploads.ingest_bytes(single, content, name, uploaded_by="bulk", today=TODAY)
            for name, content in files]
    assert [r.status for r in together] == [r.status for r in ones] == [
        "accepted", "accepted", "rejected"]
    assert together[1].replaced_periods == ones[1].replaced_periods == [dt.date(2024, 2, 1)]
    assert _state(grouped) == _state(single)
    assert assert_stored_equals_engine(grouped) > 0


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


def test_upgrade_migrates_on_the_first_batch_connection(tmp_path: Path, monkeypatch) -> None:
    """``parkghg ingest`` asks ``ingest_many`` to create or upgrade the warehouse: it does so
    on the connection that writes the first batch, so a one-file ingest opens the file once;
    with no file at all the warehouse is still created."""
    from service import db as service_db
    from warehouse.migrate import applied_migrations, available_migrations

    opened: list[str] = []
    for module in (uploads, service_db):
        real = module.open_warehouse

        def counting(path, *args, _real=real, **kwargs):
            opened.append(str(path))
            return _real(path, *args, **kwargs)

        monkeypatch.setattr(module, "open_warehouse", counting)
    everything = [p.stem for p in available_migrations()]
    fresh = tmp_path / "fresh.duckdb"
    [result] = uploads.ingest_many(fresh, [_FILES[0]], uploaded_by="cli", today=TODAY,
                                   upgrade=True)
    assert result.status == "rejected"  # an empty registry: the enterprise is unknown
    assert opened == [str(fresh)]
    with open_warehouse(fresh, read_only=True) as con:
        assert applied_migrations(con) == everything
    empty = tmp_path / "empty.duckdb"
    assert uploads.ingest_many(empty, [], upgrade=True) == []
    with open_warehouse(empty, read_only=True) as con:
        assert applied_migrations(con) == everything

"""``parkghg migrate-warehouse``: a DuckDB warehouse copied into PostgreSQL, table by table.

The access world holds uploads (accepted, rejected, superseded), review decisions, locks,
users with password hashes, audit rows and frozen inventory versions: all must arrive, with
the same row counts and checksums, and the copy must serve the same reads.
"""

from __future__ import annotations

import polars as pl
import pytest
from click.testing import CliRunner

from cli.main import cli
from parkghg.errors import AccessDeniedError, WarehouseTransferError
from service.access import Actor
from service.warehouse_transfer import migrate_warehouse
from warehouse.activity import read_current_activity
from warehouse.db import open_warehouse
from warehouse.scope import Scope
from warehouse.transfer import checksum
from warehouse.users import get_user

pytestmark = pytest.mark.slow  # builds the access world on DuckDB and copies it


def test_checksum_ignores_order_and_sees_any_change() -> None:
    frame = pl.DataFrame({"a": [1, 2, None], "b": ["x", None, "z"],
                          "c": [["p", "q"], [], None]})
    assert checksum(frame) == checksum(frame.reverse())
    assert checksum(frame) != checksum(frame.with_columns(pl.col("a").fill_null(0)))
    assert checksum(frame) != checksum(frame.head(2))
    assert checksum(frame) != checksum(pl.concat([frame, frame.head(1)]))


def test_cli_copies_every_table_and_verifies_it(make_world, pg_worlds) -> None:
    source = make_world("access")
    target = pg_worlds.empty_database()
    result = CliRunner().invoke(cli, ["--lang", "en", "migrate-warehouse", "--from",
                                      str(source), "--to", target])
    assert result.exit_code == 0, result.output
    assert "every table matches" in result.output
    for table in ("users", "audit_log", "inventory_versions", "submissions", "period_locks"):
        assert f"{table}: " in result.output
    with open_warehouse(source, read_only=True) as a, open_warehouse(target) as b:
        left = read_current_activity(a, Scope.system()).sort(pl.all())
        right = read_current_activity(b, Scope.system()).sort(pl.all())
        assert left.height > 0
        assert left.equals(right)
        for table in ("users", "inventory_versions", "submission_reviews"):
            sql = f"SELECT count(*) FROM {table}"
            assert a.execute(sql).fetchall() == b.execute(sql).fetchall()
        moved = b.execute("SELECT count(*) FROM audit_log WHERE action = 'warehouse_migrated'"
                          ).fetchall()[0][0]
        assert moved == 1
    # a second copy into the same (now full) database is refused, nothing overwritten
    with pytest.raises(WarehouseTransferError) as refused:
        migrate_warehouse(source, target, actor=Actor.system("tests"))
    assert refused.value.key == "backend.target_not_empty"
    pg_worlds.drop_database(target)


def test_only_the_operator_or_an_admin_may_move_the_warehouse(make_world, pg_worlds) -> None:
    source = make_world("access")
    target = pg_worlds.empty_database()
    with open_warehouse(source, read_only=True) as con:
        users = {name: get_user(con, name) for name in ("prov", "park_a", "admin")}
    for name in ("prov", "park_a"):
        with pytest.raises(AccessDeniedError):
            migrate_warehouse(source, target, actor=users[name])
    with open_warehouse(target) as con:  # refused before anything was created
        assert con.execute("SELECT count(*) FROM information_schema.tables"
                           " WHERE table_schema = 'public'").fetchall() == [(0,)]
    report = migrate_warehouse(source, target, actor=users["admin"])
    assert report.verified
    pg_worlds.drop_database(target)


def test_a_file_target_is_refused(make_world, tmp_path) -> None:
    with pytest.raises(WarehouseTransferError) as refused:
        migrate_warehouse(make_world("empty"), str(tmp_path / "x.duckdb"),
                          actor=Actor.system("tests"))
    assert refused.value.key == "backend.target_not_postgres"

"""Upgrading a used 0003 warehouse to 0004 (foreign keys, comments) keeps every row.

``parkghg init`` is the upgrade command; 0004 rebuilds fourteen tables to add foreign keys, so
this checks row by row that nothing was lost, reordered into other columns or changed, that the
views answer the same, that the sequences carry on, and that a warehouse whose rows point at
nothing is refused whole (left at 0003) with the relation named.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.schema.conftest import BEFORE_FKS, REVIEWER, cli_ok, table_contents
from warehouse import filestore, review
from warehouse.db import open_warehouse
from warehouse.migrate import applied_migrations, available_migrations, migrate
from warehouse.scope import Scope
from warehouse.submissions import original_file

pytestmark = pytest.mark.slow  # builds a warehouse through every write path at 0003

_VIEWS = ("activity_current", "custom_factors_current", "submission_review_state")


def _views(path: Path) -> dict[str, tuple[str, list[tuple]]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            name: (
                con.execute("SELECT sql FROM duckdb_views() WHERE view_name = ?",
                            [name]).fetchall()[0][0],
                con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall(),
            )
            for name in _VIEWS
        }
    finally:
        con.close()


@pytest.fixture
def v3_copy(world_v3: Path, tmp_path: Path) -> Path:
    path = tmp_path / "v3.duckdb"
    shutil.copy(world_v3, path)
    return path


def test_world_uses_every_table(world_v3: Path) -> None:
    """The upgrade is only proven for tables that hold rows."""
    empty = [name for name, rows in table_contents(world_v3).items() if not rows]
    assert empty == []


def test_init_upgrades_and_keeps_every_row(v3_copy: Path) -> None:
    before, views_before = table_contents(v3_copy), _views(v3_copy)
    out = cli_ok(v3_copy, "init")
    assert "0004_schema_registry" in out
    with open_warehouse(v3_copy, read_only=True) as con:
        assert applied_migrations(con) == [p.stem for p in available_migrations()]
    after = table_contents(v3_copy)
    later = [p.stem for p in available_migrations() if p.stem > BEFORE_FKS]
    assert [r[0] for r in after.pop("schema_migrations")] == [
        *(r[0] for r in before.pop("schema_migrations")), *later]
    # 0007: `parkghg init` filled the stored emissions of every upload (backfill)
    calculations = after.pop("emission_calculations")
    assert calculations and {r[1] for r in calculations} == {"backfill"}
    assert after.pop("emission_sources") and after.pop("stored_emissions")
    backfill_audit = [r for r in after["audit_log"] if r[4] == "emissions_recalculated"]
    assert len(backfill_audit) == len(calculations)  # one audit row per backfill chunk
    after["audit_log"] = [r for r in after["audit_log"] if r not in backfill_audit]
    _check_files_moved_out(v3_copy, before.pop("submission_files"), after.pop("submission_files"))
    _check_history_summary(v3_copy, after.pop("history_monthly"))
    created = set(after) - set(before)  # tables of later migrations (0011, 0013...) start empty
    assert all(after.pop(name) == [] for name in created), created
    assert {k: len(v) for k, v in after.items()} == {k: len(v) for k, v in before.items()}
    for name, rows in before.items():
        # Later migrations may append optional columns (0005: enterprise identity): the old
        # columns keep every value, the new ones start empty.
        width = len(rows[0]) if rows else 0
        assert [r[:width] for r in after[name]] == rows, name
        assert all(v is None for r in after[name] for v in r[width:]), name
    views_after = _views(v3_copy)
    for name, (sql, rows) in views_before.items():  # 0006 appends activity_rows.equipment
        width = len(rows[0]) if rows else 0
        assert views_after[name][0] == sql, name
        assert [r[:width] for r in views_after[name][1]] == rows, name
        assert all(v is None for r in views_after[name][1] for v in r[width:]), name
    assert "0004" not in cli_ok(v3_copy, "init")  # re-running is a no-op


def _check_files_moved_out(path: Path, before: list[tuple], after: list[tuple]) -> None:
    """0008 wrote every BLOB to <warehouse>.files/<sha[:2]>/<sha> and kept hash, size, path."""
    assert before and len(after) == len(before)
    blobs = {sub: bytes(content) for sub, content in before}
    for sub, sha, size, rel in after:
        content = blobs[sub]
        assert (sha, size, rel) == (hashlib.sha256(content).hexdigest(), len(content),
                                    f"{sha[:2]}/{sha}")
        assert (filestore.store_dir(path) / rel).read_bytes() == content
        with open_warehouse(path, read_only=True) as con:
            assert original_file(con, Scope.system(), sub)[1] == content


def _check_history_summary(path: Path, after: list[tuple]) -> None:
    """0008 filled history_monthly with the monthly totals of current activity."""
    with open_warehouse(path, read_only=True) as con:
        expected = con.execute(
            "SELECT enterprise_id, period, category, item, unit_canonical, use, treatment,"
            " sum(quantity_canonical) FROM activity_current GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    assert after and [r[:-1] for r in after] == [r[:-1] for r in expected]
    assert all(math.isclose(a[-1], e[-1], rel_tol=1e-12) for a, e in zip(after, expected,
                                                                         strict=True))


def test_sequences_carry_on_after_the_rebuild(world: Path) -> None:
    with open_warehouse(world) as con:
        top = con.execute("SELECT max(review_id) FROM submission_reviews").fetchall()[0][0]
        sub = con.execute("SELECT submission_id FROM submissions WHERE status = 'accepted'"
                          " ORDER BY submission_id LIMIT 1").fetchall()[0][0]
        decision = review.accept_submission(con, REVIEWER, sub)
    assert decision.review_id > top


def test_rows_pointing_at_nothing_refuse_the_whole_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "orphan.duckdb"
    migrate(path, upto=BEFORE_FKS)
    with open_warehouse(path) as con:
        con.execute("INSERT INTO period_locks VALUES ('0301234567', ?, 'someone', ?, NULL)",
                    [dt.date(2025, 1, 1), dt.datetime(2025, 2, 1)])
    with pytest.raises(duckdb.InvalidInputException,
                       match=r"period_locks\(enterprise_id\) -> enterprises\(enterprise_id\)"):
        migrate(path)
    with open_warehouse(path, read_only=True) as con:
        assert applied_migrations(con)[-1] == BEFORE_FKS
        assert con.execute("SELECT count(*) FROM period_locks").fetchall() == [(1,)]
        leftovers = con.execute("SELECT table_name FROM duckdb_tables()"
                                " WHERE table_name LIKE '\\_v3\\_%' ESCAPE '\\'").fetchall()
        assert leftovers == []
        views = {r[0] for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        assert set(_VIEWS) <= views


def test_upto_never_goes_past_its_migration(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    assert migrate(path, upto=BEFORE_FKS)[-1] == BEFORE_FKS
    assert migrate(path, upto=BEFORE_FKS) == []  # already there: nothing, not the rest
    with pytest.raises(ValueError, match="no migration"):
        migrate(path, upto="9999_nothing")
    assert migrate(path)[0] == "0004_schema_registry"


def test_later_migrations_can_still_add_columns(world: Path) -> None:
    """What the next capabilities will do most: a column on a table in a foreign key."""
    with open_warehouse(world) as con:
        con.begin()
        for table in ("enterprises", "submissions", "activity_rows", "inventory_versions"):
            con.execute(f"ALTER TABLE {table} ADD COLUMN later_note VARCHAR")
            con.execute(f"COMMENT ON COLUMN {table}.later_note IS 'added by a later migration'")
        con.commit()
        assert con.execute("SELECT count(*) FROM activity_rows WHERE later_note IS NULL"
                           ).fetchall()[0][0] > 0

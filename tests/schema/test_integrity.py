"""Referential integrity: every reference in the registry holds, enforced by DuckDB or not.

Foreign keys (``enforced=True``) are DuckDB's job; the relations DuckDB cannot enforce without
refusing legitimate writes (``enforced=False``, each with its reason in ``parkghg/schema.py``)
are checked here on a warehouse that has been through every write path, and again after the
writes that made those relations unenforceable: a registry re-import renaming parks, moving an
enterprise to another park and sector, moving a park to another province, then a re-upload, a
restore, locks, a freeze, an accept and a recalculation.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl
import pytest

from metrics.jcm.registry import methodology
from parkghg import schema
from sample_data.load import load_jcm_sample
from service import jcm
from service.access import Actor
from service.db import migrate as init_upgrade
from service.warehouse_transfer import migrate_warehouse
from tests.pg_worlds import copy_database
from tests.schema.conftest import REVIEWER, cli_ok
from warehouse import review
from warehouse.db import open_warehouse

pytestmark = pytest.mark.slow  # builds a warehouse through every write path at 0003

_ALL_REFERENCES = [
    pytest.param(t.name, r, id=f"{t.name}.{'+'.join(r.columns)}->{r.table}")
    for t in schema.stored_tables() for r in t.references
]


def orphans(con: duckdb.DuckDBPyConnection, table: str, ref: schema.Reference) -> list[tuple]:
    """Keys of ``table`` rows that point at no row of ``ref.table`` (nulls point nowhere)."""
    cols = ", ".join(f"c.{c}" for c in ref.columns)
    filled = " AND ".join(f"c.{c} IS NOT NULL" for c in ref.columns)
    match = " AND ".join(f"p.{t} = c.{c}" for c, t in zip(ref.columns, ref.to, strict=True))
    return con.execute(
        f"SELECT DISTINCT {cols} FROM {table} AS c WHERE {filled}"
        f" AND NOT EXISTS (SELECT 1 FROM {ref.table} AS p WHERE {match})"
    ).fetchall()


def _all_orphans(path: Path) -> dict[str, list[tuple]]:
    with open_warehouse(path, read_only=True) as con:
        found = {f"{t.name}({', '.join(r.columns)})": orphans(con, t.name, r)
                 for t in schema.stored_tables() for r in t.references}
    return {k: v for k, v in found.items() if v}


@pytest.fixture(scope="module")
def used_duckdb(world_v3: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One upgraded copy of the world for the read-only checks of this module."""
    path = tmp_path_factory.mktemp("integrity") / "used.duckdb"
    shutil.copy(world_v3, path)
    init_upgrade(path)  # as `parkghg init`: the schema, then the stored emissions it fills
    # Tables added after 0003 are filled through their own write paths once upgraded.
    load_jcm_sample(path)
    with open_warehouse(path) as con:
        pid = con.execute("SELECT min(project_id) FROM jcm_projects").fetchall()[0][0]
        jcm.record_credits(con, pid, period_from=dt.date(2025, 1, 1),
                           period_to=dt.date(2025, 6, 1), issued_tco2=10.0, to_japan_tco2=5.0,
                           actor=REVIEWER)
        jcm.add_participant(con, pid, "Partner KK", "jp_partner", actor=REVIEWER)
        method = con.execute("SELECT methodology_id FROM jcm_projects WHERE project_id = ?",
                             [pid]).fetchall()[0][0]
        first = methodology(method).monitoring[0]
        jcm.import_monitoring(
            con, pid, f"period,parameter,value,unit\n2025-01,{first.name},1,{first.unit}\n"
            .encode(), "monitoring.csv", actor=REVIEWER)
    return path


@pytest.fixture(scope="module")
def used_pg(used_duckdb: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The same warehouse on PostgreSQL, copied by ``parkghg migrate-warehouse`` (the way a
    province moves; building the 0003 world through PostgreSQL is not a path anyone takes)."""
    worlds = request.getfixturevalue("pg_worlds")
    url = worlds.empty_database()
    migrate_warehouse(used_duckdb, url, actor=Actor.system("tests"))
    yield url
    worlds.drop_database(url)


@pytest.fixture(scope="module",
                params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def used(request: pytest.FixtureRequest) -> Path | str:
    """The used warehouse on each engine (read-only checks)."""
    return request.getfixturevalue("used_duckdb" if request.param == "duckdb" else "used_pg")


@pytest.fixture
def any_world(backend: str, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A private, writable used warehouse on this test's engine (``world`` on DuckDB)."""
    if backend != "postgres":
        yield request.getfixturevalue("world")
        return
    worlds = request.getfixturevalue("pg_worlds")
    url = copy_database(request.getfixturevalue("used_pg"))
    yield url  # type: ignore[misc]
    worlds.drop_database(url)


@pytest.mark.parametrize(("table", "ref"), _ALL_REFERENCES)
def test_reference_holds_in_a_used_warehouse(used: Path, table: str,
                                             ref: schema.Reference) -> None:
    with open_warehouse(used, read_only=True) as con:
        rows = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        assert rows > 0, f"{table} is empty: nothing checked"
        assert orphans(con, table, ref) == []


@pytest.mark.both_backends
def test_the_check_finds_an_orphan(any_world: Path) -> None:
    """The audit log is not enforced; the check above must see a row that points nowhere."""
    with open_warehouse(any_world) as con:
        con.execute("INSERT INTO audit_log (logged_at, actor, actor_role, action, object_type,"
                    " enterprise_id) VALUES (now(), 'x', 'system', 'upload', 'submission',"
                    " '0000000000')")
    assert _all_orphans(any_world) == {"audit_log(enterprise_id)": [("0000000000",)]}


@pytest.mark.both_backends
@pytest.mark.parametrize(("sql", "params"), [
    ("INSERT INTO period_locks VALUES (?, ?, 'r', now(), NULL)",
     ["0000000000", dt.date(2025, 1, 1)]),
    ("INSERT INTO users (username, display_name, role, enterprise_id, created_at, created_by)"
     " VALUES ('ghost', 'Ghost', 'enterprise', ?, now(), ?)", ["0000000000", "t"]),
    ("INSERT INTO submission_files VALUES (?, ?, ?, ?)", ["no-such-submission", "x", 1, "x"]),
    ("INSERT INTO inventory_version_activity VALUES (?, ?, ?)",
     ["no-such-version", "no-such-submission", 2]),
])
def test_foreign_keys_refuse_rows_pointing_at_nothing(any_world: Path, sql: str,
                                                      params: list) -> None:
    with open_warehouse(any_world) as con, pytest.raises(duckdb.ConstraintException,
                                                      match="foreign key"):
        con.execute(sql, params)


def _registry_csv(path: Path, out: Path, table: str, **changes: pl.Expr) -> Path:
    with open_warehouse(path, read_only=True) as con:
        frame = con.sql(f"SELECT * FROM {table} ORDER BY 1").pl()
    frame.with_columns(**changes).write_csv(out / f"{table}.csv", null_value="")
    return out / f"{table}.csv"


@pytest.mark.both_backends
def test_registry_reimport_renames_and_moves_while_referenced(any_world: Path,
                                                              tmp_path: Path) -> None:
    """The writes that keep parks -> provinces and enterprises -> parks/sectors unenforced."""
    with open_warehouse(any_world, read_only=True) as con:
        parks = [r[0] for r in con.execute("SELECT park_id FROM parks ORDER BY 1").fetchall()]
        mover = con.execute(
            "SELECT e.enterprise_id FROM enterprises AS e JOIN activity_rows USING (enterprise_id)"
            " JOIN users USING (enterprise_id) LIMIT 1").fetchall()[0][0]
    (tmp_path / "prov.csv").write_text("province_id,name_vi,name_en\n"
                                       "binh_phuoc,Bình Phước,Binh Phuoc\n", encoding="utf-8")
    renamed = _registry_csv(any_world, tmp_path, "parks",
                            name_en=pl.col("name_en") + " (renamed)",
                            province_id=pl.when(pl.col("park_id") == parks[-1])
                            .then(pl.lit("binh_phuoc")).otherwise(pl.col("province_id")))
    moved = _registry_csv(any_world, tmp_path, "enterprises",
                          park_id=pl.when(pl.col("enterprise_id") == mover)
                          .then(pl.lit(parks[-1])).otherwise(pl.col("park_id")),
                          sector_id=pl.when(pl.col("enterprise_id") == mover)
                          .then(pl.lit("other")).otherwise(pl.col("sector_id")))
    cli_ok(any_world, "registry", "import", str(tmp_path / "prov.csv"), str(renamed), str(moved))
    with open_warehouse(any_world, read_only=True) as con:
        names = [r[0] for r in con.execute("SELECT name_en FROM parks").fetchall()]
        assert all(n.endswith(" (renamed)") for n in names)
        assert con.execute("SELECT province_id FROM parks WHERE park_id = ?",
                           [parks[-1]]).fetchall() == [("binh_phuoc",)]
        assert con.execute("SELECT park_id, sector_id FROM enterprises WHERE enterprise_id = ?",
                           [mover]).fetchall() == [(parks[-1], "other")]
    assert _all_orphans(any_world) == {}


@pytest.mark.both_backends
def test_write_paths_work_under_foreign_keys(any_world: Path, tmp_path: Path) -> None:
    """Re-upload, restore, lock/unlock, freeze, accept and recalculate on the upgraded world."""
    with open_warehouse(any_world, read_only=True) as con:
        ent, period, first = con.execute(
            "SELECT enterprise_id, period, submission_id FROM period_current"
            " WHERE enterprise_id NOT IN (SELECT enterprise_id FROM period_locks)"
            " ORDER BY enterprise_id, period DESC LIMIT 1").fetchall()[0]
        upload = con.sql("SELECT * FROM activity_current WHERE enterprise_id = ? AND period = ?",
                         params=[ent, period]).pl()
    path = tmp_path / "again.csv"
    upload.with_columns(pl.col("period").dt.strftime("%Y-%m"), pl.col("quantity") * 1.5).select(
        "enterprise_id", "period", "category", "item", "quantity", "unit", "use", "treatment",
        "counterparty", "note").write_csv(path, null_value="")
    cli_ok(any_world, "ingest", str(path), "--uploaded-by", "tester")
    with open_warehouse(any_world) as con:
        now = con.execute("SELECT submission_id FROM period_current WHERE enterprise_id = ?"
                          " AND period = ?", [ent, period]).fetchall()[0][0]
        assert now != first
        assert review.restore_submission(con, REVIEWER, ent, period, first, reason="undo")
        assert review.lock_period(con, REVIEWER, ent, period, reason="checked")
        assert review.unlock_period(con, REVIEWER, ent, period, reason="reopen")
        assert review.lock_period(con, REVIEWER, ent, period, reason="checked again")
        statuses = dict(con.execute("SELECT submission_id, status FROM submissions"
                                    " WHERE submission_id IN (?, ?)", [first, now]).fetchall())
    assert statuses == {first: "accepted", now: "superseded"}
    year = period.year
    cli_ok(any_world, "inventory", "freeze", "--enterprise", ent, "--year", str(year), "--reason",
           "draft", "--by", "tester", "--draft")
    cli_ok(any_world, "inventory", "accept", f"{ent}-{year}-{year}-v1", "--by", "tester")
    cli_ok(any_world, "inventory", "recalc", f"{ent}-{year}-{year}-v1", "--reason", "again",
           "--by", "tester")
    with open_warehouse(any_world, read_only=True) as con:
        chain = con.execute(
            "SELECT version_id, status, supersedes, superseded_by FROM inventory_versions"
            " WHERE enterprise_id = ? AND year_from = ? ORDER BY version_id",
            [ent, year]).fetchall()
    assert chain == [
        (f"{ent}-{year}-{year}-v1", "superseded", None, f"{ent}-{year}-{year}-v2"),
        (f"{ent}-{year}-{year}-v2", "accepted", f"{ent}-{year}-{year}-v1", None),
    ]
    assert _all_orphans(any_world) == {}


def test_duckdb_still_refuses_updating_a_referenced_rows_foreign_key() -> None:
    """Why some relations are documented, not enforced. If DuckDB ever allows this, the
    relations marked ``enforced=False`` for that reason can become foreign keys."""
    con = duckdb.connect()
    con.execute("CREATE TABLE a (id VARCHAR PRIMARY KEY);"
                "CREATE TABLE b (id VARCHAR PRIMARY KEY, a_id VARCHAR REFERENCES a (id),"
                " name VARCHAR);"
                "CREATE TABLE c (b_id VARCHAR REFERENCES b (id));"
                "INSERT INTO a VALUES ('x'); INSERT INTO b VALUES ('k', 'x', 'old');"
                "INSERT INTO c VALUES ('k')")
    con.execute("UPDATE b SET name = 'new' WHERE id = 'k'")  # other columns are fine
    with pytest.raises(duckdb.ConstraintException, match="still referenced"):
        con.execute("INSERT OR REPLACE INTO b VALUES ('k', 'x', 'newer')")

"""A warehouse that has used every write path, built as release 0003 left it.

Why built at migration 0003: the upgrade test (``test_upgrade.py``) applies 0004 to it and
checks that every row survives unchanged, and the integrity tests read the upgraded copy. It is
filled only through public paths: the sample generator's registry import and uploads, then the
CLI (accounts, a corrected re-upload, custom factors, frozen and recalculated inventories) and
the review functions (accept, return, lock, unlock, restore), so every table holds rows.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
from click.testing import CliRunner

from cli.main import cli
from metrics.factors import FACTOR_COLUMNS
from parkghg.contract import COLUMNS as UPLOAD_COLUMNS
from parkghg.schema import stored_tables
from sample_data import load as sample_load
from sample_data.generator import SampleSpec
from sample_data.load import load_sample
from service.uploads import ingest_bytes
from warehouse import review, submissions
from warehouse.audit import Actor
from warehouse.db import open_warehouse
from warehouse.migrate import applied_migrations, migrate
from warehouse.scope import Scope

BEFORE_FKS = "0003_users_review"
SPEC = SampleSpec.of(parks=2, enterprises_per_park=2, start="2024-01", end="2025-12")
PASSWORD = "correct-horse-battery-42"
REVIEWER = Actor(username="reviewer", scope=Scope.system())


def cli_ok(db: Path, *args: str, stdin: str | None = None) -> str:
    """Run a ``parkghg`` command on ``db`` and return its output; fail the test on an error."""
    result = CliRunner().invoke(cli, ["--db", str(db), "--lang", "en", *args], input=stdin)
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result.output


def _ids(db: Path) -> tuple[list[str], list[str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        ents = [r[0] for r in con.execute(
            "SELECT enterprise_id FROM enterprises ORDER BY park_id, enterprise_id").fetchall()]
        parks = [r[0] for r in con.execute("SELECT park_id FROM parks ORDER BY 1").fetchall()]
    finally:
        con.close()
    return ents, parks


def _reupload(db: Path, enterprise_id: str, month: dt.date, factor: float) -> str:
    """Upload one month of an enterprise again with every quantity times ``factor``.

    Doubling is a correction that is accepted; a negative factor gives a file that is
    rejected (its problems fill ``submission_issues``). Returns the upload's status.
    """
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.sql(
            "SELECT * FROM activity_current WHERE enterprise_id = ? AND period = ?",
            params=[enterprise_id, month],
        ).pl()
    finally:
        con.close()
    frame = rows.with_columns(
        pl.col("period").dt.strftime("%Y-%m"), (pl.col("quantity") * factor).alias("quantity"),
    ).select([c for c in UPLOAD_COLUMNS if c in rows.columns])  # 0003 had no equipment
    name = f"{enterprise_id}_{month:%Y-%m}_x{factor:g}.csv"
    # Not ``parkghg ingest``: it upgrades the warehouse first, and this one must stay at 0003.
    return ingest_bytes(db, frame.write_csv(null_value="").encode("utf-8"), name,
                        uploaded_by="sample-data").status


def _legacy_store_files(con: duckdb.DuckDBPyConnection, files: list[tuple[object, bytes]]
                        ) -> None:
    """Release 0003 kept the original file as a BLOB (moved out by migration 0008)."""
    for meta, content in files:
        con.execute("INSERT INTO submission_files VALUES (?, ?)",
                    [meta.submission_id, content])  # type: ignore[attr-defined]


def _legacy_history_stats(con: duckdb.DuckDBPyConnection, ids: list[str]) -> pl.DataFrame:
    """Release 0003 had no history_monthly (0008): the same statistics from activity_current."""
    return con.sql(
        "WITH monthly AS (SELECT enterprise_id, category, item, unit_canonical, use, treatment,"
        " period, sum(quantity_canonical) AS q FROM activity_current"
        " WHERE list_contains(?, enterprise_id) GROUP BY ALL)"
        " SELECT enterprise_id, category, item, unit_canonical, use, treatment,"
        " median(q) AS median_quantity, count(*) AS n_months FROM monthly GROUP BY ALL",
        params=[ids]).pl()


def _legacy_production_units(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, str]:
    rows = con.execute(
        "SELECT enterprise_id, arg_max(unit_canonical, period) FROM activity_current"
        " WHERE category = 'production' AND list_contains(?, enterprise_id) GROUP BY 1",
        [ids]).fetchall()
    return {r[0]: r[1] for r in rows}


_LEGACY_WRITES = {
    "_store_files": _legacy_store_files,
    "_refresh_history": lambda *args: None,
    "_refresh_history_batch": lambda *args: None,
    "history_stats": _legacy_history_stats,
    "production_units": _legacy_production_units,
}


def build_world(path: Path, tmp: Path) -> None:
    """Fill a warehouse at migration 0003 through every write path (see the module doc).

    Today's write code is patched back to release 0003's shapes where a later migration changed
    them (original files as BLOBs, no history summary), so the world is what 0003 left.
    """
    real = {name: getattr(submissions, name) for name in _LEGACY_WRITES}
    for name, legacy in _LEGACY_WRITES.items():
        setattr(submissions, name, legacy)
    try:
        _build_world(path, tmp)
    finally:
        for name, original in real.items():
            setattr(submissions, name, original)


def _build_world(path: Path, tmp: Path) -> None:
    assert migrate(path, upto=BEFORE_FKS)[-1] == BEFORE_FKS
    # Registry files of release 0003 had no identity columns (added by 0005).
    new_columns = ("address", "business_registration_no", "legal_representative",
                   "contact_email", "contact_phone")
    real_frame = sample_load.enterprises_frame
    sample_load.enterprises_frame = lambda profs: real_frame(profs).drop(new_columns)
    # activity_rows of release 0003 had no equipment column (added by 0006).
    real_insert = submissions.ACTIVITY_INSERT_COLUMNS
    submissions.ACTIVITY_INSERT_COLUMNS = tuple(c for c in real_insert if c != "equipment")
    try:
        load_sample(path, SPEC)
        _build_rest(path, tmp)
    finally:
        sample_load.enterprises_frame = real_frame
        submissions.ACTIVITY_INSERT_COLUMNS = real_insert


def _build_rest(path: Path, tmp: Path) -> None:
    ents, parks = _ids(path)
    e1, e2, e3 = ents[0], ents[1], ents[2]
    cli_ok(path, "user", "add", "admin.one", "--role", "admin", "--password-stdin",
           stdin=PASSWORD + "\n")
    cli_ok(path, "user", "add", "park.board", "--role", "park", "--park", parks[0],
           "--password-stdin", stdin=PASSWORD + "\n")
    cli_ok(path, "user", "add", "ent.user", "--role", "enterprise", "--enterprise", e1,
           "--no-password", "--email", "ent@example.com")
    jan, feb = dt.date(2025, 1, 1), dt.date(2025, 2, 1)
    assert _reupload(path, e1, jan, 2) == "accepted"  # supersedes January
    assert _reupload(path, e1, feb, -1) == "rejected"  # negative quantities
    factor = (f"{e1}_NCV_diesel,custom,ncv,diesel,,,42.6,GJ/t,2025-01-01,,enterprise,"
              f"Supplier certificate 2025,lab report no. 17,VERIFIED,{e1}\n")
    (tmp / "factors.csv").write_text(",".join(FACTOR_COLUMNS) + "\n" + factor,
                                     encoding="utf-8")
    cli_ok(path, "factors", "import", str(tmp / "factors.csv"), "--by", "admin.one")
    cli_ok(path, "inventory", "freeze", "--enterprise", e1, "--year", "2024", "--to-year",
           "2025", "--reason", "first inventory", "--by", "admin.one")
    cli_ok(path, "inventory", "recalc", f"{e1}-2024-2025-v1", "--reason", "factor updated",
           "--by", "admin.one")
    cli_ok(path, "inventory", "freeze", "--enterprise", e2, "--year", "2025", "--reason",
           "draft for review", "--by", "admin.one", "--draft")
    with open_warehouse(path) as con:
        subs = con.execute(
            "SELECT submission_id, enterprise_id FROM submissions WHERE status = 'accepted'"
            " ORDER BY enterprise_id, uploaded_at").fetchall()
        first_e1 = next(s for s, e in subs if e == e1)
        review.accept_submission(con, REVIEWER, next(s for s, e in subs if e == e2),
                                 lock_periods=True)
        review.return_submission(con, REVIEWER, next(s for s, e in subs if e == e3),
                                 comment="February electricity looks ten times too high")
        review.restore_submission(con, REVIEWER, e1, jan, first_e1, reason="fix was wrong")
        review.lock_period(con, REVIEWER, e1, feb, reason="checked")
        review.lock_park_year(con, REVIEWER, parks[-1], 2024, reason="year closed")
        review.unlock_park_year(con, REVIEWER, parks[-1], 2024, reason="reopened")
        assert applied_migrations(con)[-1] == BEFORE_FKS, "a step upgraded the warehouse"


@pytest.fixture(scope="session")
def world_v3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The filled warehouse at migration 0003 (never modify it: copy it)."""
    root = tmp_path_factory.mktemp("schema_world")
    path = root / "v3.duckdb"
    build_world(path, root)
    return path


@pytest.fixture
def world(world_v3: Path, tmp_path: Path) -> Path:
    """A private copy of the world, upgraded to the latest migration."""
    path = tmp_path / "world.duckdb"
    shutil.copy(world_v3, path)
    migrate(path)
    return path


def table_contents(path: Path) -> dict[str, list[tuple]]:
    """Every stored table's rows, in a stable order, for before/after comparisons."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        # Tables a later migration creates (0007: stored emissions, 0013: the JCM register)
        # are absent at 0003.
        present = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        return {t.name: con.execute(f"SELECT * FROM {t.name} ORDER BY ALL").fetchall()
                for t in stored_tables() if t.name in present}
    finally:
        con.close()

"""``parkghg demo`` prepares accounts only on a warehouse built as a demo (issue 10 item 7)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli.main import cli
from service.accounts import mark_demo_warehouse
from warehouse.db import connect

# slow: a sample warehouse (built once per run), then the demo command; on both engines (a
# PostgreSQL demo database holds data, so it is not "missing": the demo is not rebuilt)
pytestmark = [pytest.mark.slow, pytest.mark.both_backends]

# Each test gets its own copy of ``tests.worlds.SAMPLE_SMALL`` (one park, two enterprises,
# 2024-01..03), generated through the real pipeline once per run: ``make_world``.


def _snapshot(db) -> dict[str, list]:
    con = connect(db, read_only=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
            " AND table_schema IN ('main', 'public') ORDER BY table_name").fetchall()]
        return {n: sorted(map(repr, con.execute(f'SELECT * FROM "{n}"').fetchall()))
                for n in names}
    finally:
        con.close()


def test_demo_without_serving_creates_one_account_per_role(make_world):
    db = make_world("sample_small")
    mark_demo_warehouse(db, "test: as parkghg demo marks the warehouse it builds")
    runner = CliRunner()
    con = connect(db, read_only=True)
    submissions_before = con.execute("SELECT count(*) FROM submissions").fetchall()[0][0]
    con.close()
    result = runner.invoke(cli, ["--db", str(db), "--lang", "en", "demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    for username in ("demo.enterprise", "demo.park", "demo.province", "demo.admin"):
        assert username in result.output
    con = connect(db, read_only=True)
    roles = sorted(r[0] for r in con.execute("SELECT role FROM users").fetchall())
    submissions_after = con.execute("SELECT count(*) FROM submissions").fetchall()[0][0]
    con.close()
    assert roles == ["admin", "enterprise", "park", "province"]
    assert submissions_after == submissions_before  # an existing warehouse is not rebuilt
    again = runner.invoke(cli, ["--db", str(db), "demo", "--no-serve"])
    assert again.exit_code == 0, again.output  # idempotent


def test_demo_refuses_a_warehouse_not_built_as_a_demo(make_world, monkeypatch):
    """A real warehouse: no account added, not one byte of any table changed."""
    monkeypatch.setattr("cli.launch.run", lambda argv, env: None)  # never exec a server here
    db = make_world("sample_small")
    before = _snapshot(db)
    result = CliRunner().invoke(cli, ["--db", str(db), "--lang", "en", "demo", "--no-serve"])
    assert result.exit_code == 1
    assert "not built as a demo" in result.output
    assert _snapshot(db) == before
    serve = CliRunner().invoke(cli, ["--db", str(db), "--lang", "en", "serve", "--demo"])
    assert serve.exit_code == 1 and "not built as a demo" in serve.output
    assert _snapshot(db) == before


def test_demo_accounts_refuse_to_sign_in_outside_a_demo_warehouse(make_world):
    """Accounts with the published names (left from an old version) cannot sign in."""
    from tests.worlds import add_user
    from warehouse.users import DEMO_PASSWORDS, authenticate

    db = make_world("sample_small")
    username, password = DEMO_PASSWORDS["admin"]
    con = connect(db)
    add_user(con, username, "admin", password)
    assert authenticate(con, username, password) is None
    con.close()

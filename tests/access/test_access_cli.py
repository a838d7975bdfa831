"""``parkghg user …`` end to end through click, on the access-test world."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cli.main import cli
from parkghg.i18n import t
from tests.worlds import E1
from warehouse import users
from warehouse.db import connect as wh_connect


def _run(path: Path, *args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, ["--db", str(path), "--lang", "en", "user", *args],
                              input=stdin)


def test_user_add_list_disable_enable(world_path: Path, con) -> None:
    con.close()
    ok = _run(world_path, "add", "Ke.Toan", "--role", "enterprise", "--enterprise", E1,
              "--password-stdin", stdin="a-long-password\n")
    assert ok.exit_code == 0, ok.output
    assert "ke.toan" in ok.output
    dup = _run(world_path, "add", "ke.toan", "--role", "province", "--password-stdin",
               stdin="a-long-password\n")
    assert dup.exit_code == 1
    assert t("auth.duplicate_username", "en", username="ke.toan") in dup.output
    weak = _run(world_path, "add", "other", "--role", "province", "--password-stdin",
                stdin="short\n")
    assert weak.exit_code == 1
    assert t("auth.password_too_short", "en", min=10) in weak.output
    unknown = _run(world_path, "add", "other", "--role", "enterprise", "--enterprise", "42",
                   "--password-stdin", stdin="a-long-password\n")
    assert unknown.exit_code == 1
    assert t("auth.unknown_enterprise", "en", enterprise_id="42") in unknown.output
    prompted = _run(world_path, "add", "prompted", "--role", "admin",
                    stdin="a-long-password\na-long-password\n")
    assert prompted.exit_code == 0, prompted.output
    assert "a-long-password" not in prompted.output  # hidden input
    assert _run(world_path, "disable", "ke.toan").exit_code == 0
    listing = _run(world_path, "list")
    assert listing.exit_code == 0 and "ke.toan" in listing.output and "Disabled" in listing.output
    assert _run(world_path, "enable", "ke.toan").exit_code == 0
    assert _run(world_path, "password", "ke.toan", "--password-stdin",
                stdin="another-password\n").exit_code == 0
    check = wh_connect(world_path)
    try:
        assert users.authenticate(check, "ke.toan", "another-password") is not None
        actions = [r[0] for r in check.execute(
            "SELECT action FROM audit_log WHERE object_id = 'ke.toan' ORDER BY audit_id"
        ).fetchall()]
        assert actions[:4] == ["user_created", "user_disabled", "user_enabled",
                               "user_password_set"]
        assert all(r[0].startswith("cli:") for r in check.execute(
            "SELECT actor FROM audit_log WHERE action LIKE 'user_%'").fetchall())
    finally:
        check.close()


def test_user_commands_need_an_existing_warehouse(tmp_path: Path) -> None:
    result = _run(tmp_path / "missing.duckdb", "list")
    assert result.exit_code == 1
    assert t("common.warehouse_missing", "en", path=str(tmp_path / "missing.duckdb")) \
        in result.output
    assert not (tmp_path / "missing.duckdb").exists()

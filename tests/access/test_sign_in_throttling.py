"""Sign-in throttling (issue 10 item 8): a wait that grows per account, per client and per
account on one client; unknown names treated exactly like real ones; an owner never locked out
for long; common and trivial passwords refused; an admin can unlock."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from cli.main import cli
from parkghg.errors import AccessDeniedError
from tests.worlds import PASSWORD, SYSTEM
from warehouse import sign_in_guard, users
from warehouse.db import connect as wh_connect
from warehouse.users import (
    MAX_FAILED_SIGN_INS,
    SignInThrottledError,
    UserError,
    authenticate,
    check_password_rule,
)


def _later(monkeypatch, seconds: float) -> None:
    moved = sign_in_guard.utc_now() + dt.timedelta(seconds=seconds)
    monkeypatch.setattr(sign_in_guard, "utc_now", lambda: moved)
    monkeypatch.setattr(users, "utc_now", lambda: moved)


def _fail(con, name: str, n: int, client: str | None = None) -> None:
    for _ in range(n):
        assert authenticate(con, name, "wrong password", client=client) is None


def test_the_wait_grows_and_then_the_right_password_works(con, monkeypatch):
    _fail(con, "ent1", MAX_FAILED_SIGN_INS)
    with pytest.raises(SignInThrottledError) as first:
        authenticate(con, "ent1", PASSWORD)
    assert first.value.key == "auth.sign_in_wait"
    assert 1 <= int(first.value.params["seconds"]) <= sign_in_guard.BASE_DELAY_S
    _later(monkeypatch, sign_in_guard.BASE_DELAY_S + 1)
    assert authenticate(con, "ent1", "wrong again") is None  # the 6th failure: a longer wait
    with pytest.raises(SignInThrottledError) as second:
        authenticate(con, "ent1", PASSWORD)
    assert int(second.value.params["seconds"]) > int(first.value.params["seconds"])
    assert authenticate(con, "ent2", PASSWORD) is not None  # other accounts are unaffected


def test_nobody_can_lock_an_owner_out_for_long(con, monkeypatch):
    """100 wrong guesses from elsewhere: the owner waits at most the account cap."""
    for _ in range(100):
        sign_in_guard.record_failure(con, "ent1", "203.0.113.9")
    assert sign_in_guard.wait_seconds(con, "ent1", "198.51.100.7") <= sign_in_guard.ACCOUNT.cap_s
    _later(monkeypatch, sign_in_guard.ACCOUNT.cap_s + 1)
    assert authenticate(con, "ent1", PASSWORD, client="198.51.100.7") is not None
    with pytest.raises(SignInThrottledError):  # ... while the guessing client still waits
        authenticate(con, "ent1", PASSWORD, client="203.0.113.9")


def test_unknown_names_get_the_same_reply(con):
    for name in ("ent1", "nobody.here"):
        _fail(con, name, MAX_FAILED_SIGN_INS)
        with pytest.raises(SignInThrottledError) as caught:
            authenticate(con, name, PASSWORD)
        assert caught.value.key == "auth.sign_in_wait"


def test_one_client_spraying_many_accounts_is_slowed(con):
    client = "192.0.2.44"
    for i in range(sign_in_guard.CLIENT.free):
        assert authenticate(con, f"guess{i}", "Password123!", client=client) is None
    with pytest.raises(SignInThrottledError):
        authenticate(con, "ent2", PASSWORD, client=client)
    assert authenticate(con, "ent2", PASSWORD, client="192.0.2.45") is not None


def test_a_successful_sign_in_resets_the_account(con):
    _fail(con, "ent1", MAX_FAILED_SIGN_INS - 1)
    assert authenticate(con, "ent1", PASSWORD) is not None
    _fail(con, "ent1", MAX_FAILED_SIGN_INS - 1)
    assert authenticate(con, "ent1", PASSWORD) is not None


def test_admin_unlock_clears_the_wait_and_is_audited(con):
    for _ in range(MAX_FAILED_SIGN_INS + 3):
        sign_in_guard.record_failure(con, "ent1", "203.0.113.9")
    assert users.sign_in_waiting(con, "ent1")
    with pytest.raises(AccessDeniedError):
        users.unlock_sign_in(con, users.get_user(con, "ent2"), "ent1")
    assert users.unlock_sign_in(con, SYSTEM, "ent1") == 2  # account and pair keys
    assert not users.sign_in_waiting(con, "ent1")
    assert authenticate(con, "ent1", PASSWORD, client="203.0.113.10") is not None
    actions = [r[0] for r in con.execute(
        "SELECT action FROM audit_log WHERE object_id = 'ent1'").fetchall()]
    assert "sign_in_unlocked" in actions


def test_cli_user_unlock(world_path):

    con = wh_connect(world_path)
    for _ in range(MAX_FAILED_SIGN_INS + 2):
        sign_in_guard.record_failure(con, "ent1", None)
    con.close()
    result = CliRunner().invoke(cli, ["--db", str(world_path), "--lang", "en", "user",
                                      "unlock", "ent1"])
    assert result.exit_code == 0, result.output
    con = wh_connect(world_path)
    assert authenticate(con, "ent1", PASSWORD) is not None
    con.close()


@pytest.mark.parametrize("password", ["aaaaaaaaaa", "1234567890", "ababababab", "qwertyuiop",
                                      "Password123", "matkhau123", "0987654321"])
def test_common_and_trivial_passwords_are_refused(password):
    with pytest.raises(UserError) as caught:
        check_password_rule(password, "someone")
    assert caught.value.key in ("auth.password_common", "auth.password_trivial")


def test_a_reasonable_password_passes():
    check_password_rule("correct-horse-battery", "someone")

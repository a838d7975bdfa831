"""Accounts and sign-in: argon2 hashes, disabled users, roles -> scopes, demo accounts."""

from __future__ import annotations

import duckdb
import pytest
from argon2 import PasswordHasher

from parkghg.errors import AccessDeniedError
from parkghg.i18n import t
from tests.worlds import E1, PA, PASSWORD, SYSTEM, cheap_hasher
from warehouse import users
from warehouse.audit import read_audit_log
from warehouse.db import connect as wh_connect
from warehouse.scope import Scope


def test_correct_password_signs_in_and_records_it(con: duckdb.DuckDBPyConnection) -> None:
    user = users.authenticate(con, "ENT1 ", PASSWORD)
    assert user is not None and user.username == "ent1"
    assert user.scope == Scope(role="enterprise", enterprise_id=E1)
    assert user.last_login_at is not None
    log = read_audit_log(con, Scope.system(), actions=("sign_in",))
    assert log.filter(log["object_id"] == "ent1").height == 1


def test_wrong_password_and_unknown_user_fail(con: duckdb.DuckDBPyConnection) -> None:
    assert users.authenticate(con, "ent1", PASSWORD + "x") is None
    assert users.authenticate(con, "nobody", PASSWORD) is None
    assert users.authenticate(con, "ent1", "") is None
    failed = read_audit_log(con, Scope.system(), actions=("sign_in_failed",))
    assert failed["object_id"].to_list() == ["ent1", "ent1"]  # unknown names are not logged


def test_disabled_user_cannot_sign_in_until_enabled(con: duckdb.DuckDBPyConnection) -> None:
    users.disable_user(con, SYSTEM, "ent1")
    assert users.authenticate(con, "ent1", PASSWORD) is None
    assert users.get_user(con, "ent1") is None
    assert users.get_user(con, "ent1", include_disabled=True).disabled
    users.enable_user(con, SYSTEM, "ent1")
    assert users.authenticate(con, "ent1", PASSWORD) is not None


def test_passwords_are_stored_as_argon2_hashes_only(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT username, password_hash FROM users").fetchall()
    assert rows
    for _, stored in rows:
        assert stored.startswith("$argon2id$")
        assert PASSWORD not in stored
    dump = str(con.execute("SELECT * FROM users").fetchall())
    assert PASSWORD not in dump
    assert "password" not in users.User.model_fields
    assert "password_hash" not in users.User.model_fields


def test_hash_is_upgraded_when_parameters_change(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = con.execute("SELECT password_hash FROM users WHERE username = 'ent2'").fetchone()[0]
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    monkeypatch.setattr(users, "PASSWORD_HASHER", stronger)
    assert users.authenticate(con, "ent2", PASSWORD) is not None
    after = con.execute("SELECT password_hash FROM users WHERE username = 'ent2'").fetchone()[0]
    assert after != before and "m=2048,t=2" in after
    assert users.authenticate(con, "ent2", PASSWORD) is not None


def test_read_only_connection_still_authenticates(world_path, con) -> None:
    con.close()
    ro = wh_connect(world_path, read_only=True)
    try:
        assert users.authenticate(ro, "ent1", PASSWORD) is not None
        assert users.authenticate(ro, "ent1", "wrong-password") is None
    finally:
        ro.close()


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"username": "ent1", "role": "province"}, "auth.duplicate_username"),
        ({"username": "newbie", "role": "province", "password": "short"},
         "auth.password_too_short"),
        ({"username": "newbie", "role": "enterprise", "enterprise_id": "999"},
         "auth.unknown_enterprise"),
        ({"username": "newbie", "role": "park", "park_id": "PZ"}, "auth.unknown_park"),
        ({"username": "newbie", "role": "enterprise"}, "auth.enterprise_id_required"),
        ({"username": "newbie", "role": "province", "park_id": PA}, "auth.no_ids_for_role"),
        ({"username": "x", "role": "admin"}, "auth.username_invalid"),
        ({"username": "newbie", "role": "admin", "password": "newbie"},
         "auth.password_too_short"),
        ({"username": "newbie-user", "role": "admin", "password": "NEWBIE-USER"},
         "auth.password_is_username"),
    ],
)
def test_create_user_refuses_bad_requests(
    con: duckdb.DuckDBPyConnection, kwargs: dict, key: str
) -> None:
    kwargs = {"password": PASSWORD, **kwargs}
    with pytest.raises(users.UserError) as err:
        users.create_user(con, SYSTEM, **kwargs)
    assert err.value.key == key
    assert err.value.message("vi") and err.value.message("en")


@pytest.mark.parametrize("who", ["ent1", "park_a", "prov"])
def test_only_admins_manage_accounts(con, actor, who: str) -> None:
    with pytest.raises(AccessDeniedError):
        users.create_user(con, actor(who), username="intruder", role="admin", password=PASSWORD)
    with pytest.raises(AccessDeniedError):
        users.disable_user(con, actor(who), "admin")
    with pytest.raises(AccessDeniedError):
        users.set_password(con, actor(who), "admin", "new-password-123")
    assert users.get_user(con, "intruder") is None
    admin = actor("admin")
    created = users.create_user(con, admin, username="helper", role="province",
                                password=PASSWORD, display_name="Helper")
    assert created.role == "province" and created.created_by == "admin"


def test_user_may_change_own_password(con, actor) -> None:
    users.set_password(con, actor("ent1"), "ent1", "a-brand-new-secret")
    assert users.authenticate(con, "ent1", PASSWORD) is None
    assert users.authenticate(con, "ent1", "a-brand-new-secret") is not None


def test_disabled_user_object_cannot_act(con, actor) -> None:
    stale = actor("admin")
    users.create_user(con, stale, username="admin2", role="admin", password=PASSWORD)
    users.disable_user(con, actor("admin2"), "admin")
    with pytest.raises(AccessDeniedError):
        users.create_user(con, stale, username="late", role="admin", password=PASSWORD)


@pytest.mark.read_only  # reads only: one shared copy per worker on PostgreSQL
def test_scope_for_each_role(actor) -> None:
    assert users.scope_for(actor("ent1")) == Scope(role="enterprise", enterprise_id=E1)
    assert users.scope_for(actor("park_a")) == Scope(role="park", park_id=PA)
    assert users.scope_for(actor("prov")) == Scope(role="province")
    assert users.scope_for(actor("admin")) == Scope(role="admin")


@pytest.mark.read_only  # reads only: one shared copy per worker on PostgreSQL
def test_user_model_is_strict(actor) -> None:
    data = actor("ent1").model_dump()
    with pytest.raises(ValueError, match="extra"):
        users.User(**data, password_hash="x")
    with pytest.raises(ValueError, match="role"):
        users.User(**{**data, "role": "system"})


@pytest.mark.read_only  # reads only: one shared copy per worker on PostgreSQL
def test_list_users_is_scoped(con: duckdb.DuckDBPyConnection) -> None:
    names = lambda s: {u.username for u in users.list_users(con, s)}  # noqa: E731
    assert names(Scope(role="enterprise", enterprise_id=E1)) == {"ent1"}
    assert names(Scope(role="park", park_id=PA)) == {"park_a", "ent1", "ent2"}
    assert len(names(Scope(role="province"))) == 7


def test_user_changes_are_audited(con, actor) -> None:
    admin = actor("admin")
    users.create_user(con, admin, username="newent", role="enterprise", enterprise_id=E1,
                      password=PASSWORD)
    users.disable_user(con, admin, "newent")
    users.enable_user(con, admin, "newent")
    users.set_password(con, admin, "newent", "another-secret-1")
    log = read_audit_log(con, Scope.system(), enterprise_id=E1)
    newent = log.filter(log["object_id"] == "newent")
    assert sorted(newent["action"].to_list()) == sorted(
        ["user_created", "user_disabled", "user_enabled", "user_password_set"])
    assert set(newent["actor"]) == {"admin"}
    assert "another-secret-1" not in str(log.to_dicts())
    # the park board of E1 sees it, the other park does not
    assert "newent" in read_audit_log(con, Scope(role="park", park_id=PA))["object_id"]
    other = read_audit_log(con, Scope(role="park", park_id="PB"))
    assert "newent" not in other["object_id"].to_list()


def test_demo_accounts_use_warehouse_ids_and_sign_in(con: duckdb.DuckDBPyConnection) -> None:
    from warehouse.marks import mark_demo

    mark_demo(con, "test")  # what ``parkghg demo`` does to the warehouse it builds
    accounts = users.create_demo_accounts(con)
    assert [a.role for a in accounts] == ["enterprise", "park", "province", "admin"]
    ent = accounts[0]
    # E1 has the most current months, so it is the demo enterprise; its park is PA
    assert ent.enterprise_id == E1 and accounts[1].park_id == PA
    for account in accounts:
        assert len(account.password) >= users.MIN_PASSWORD_LENGTH
        user = users.authenticate(con, account.username, account.password)
        assert user is not None and user.role == account.role
    assert users.create_demo_accounts(con) == accounts  # idempotent
    assert users.demo_accounts(con) == accounts


def test_demo_mode_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    from parkghg.settings import demo_enabled

    monkeypatch.delenv("PARKGHG_DEMO", raising=False)
    assert not demo_enabled()
    for on in ("1", "true", "YES", " on "):  # one parse for the CLI, the dashboard and here
        monkeypatch.setenv("PARKGHG_DEMO", on)
        assert demo_enabled()
    monkeypatch.setenv("PARKGHG_DEMO", "0")
    assert not demo_enabled()


def test_identity_provider_mapping(con, actor) -> None:
    admin = actor("admin")
    users.create_user(con, admin, username="sonnmt.reviewer", role="province", password=None,
                      email="Reviewer@DongNai.gov.vn")
    assert users.authenticate(con, "sonnmt.reviewer", "") is None  # IdP-only: no password
    iss = "https://login.example.gov.vn"
    assert users.user_for_identity(con, issuer=iss, subject="abc", email="reviewer@dongnai.gov.vn",
                                   email_verified=False) is None
    first = users.user_for_identity(con, issuer=iss, subject="abc",
                                    email="reviewer@dongnai.gov.vn", email_verified=True)
    assert first is not None and first.username == "sonnmt.reviewer"
    # bound now: a changed e-mail at the IdP still maps by subject...
    again = users.user_for_identity(con, issuer=iss, subject="abc", email="new@x.vn")
    assert again is not None and again.username == "sonnmt.reviewer"
    # ...and another IdP account with the same e-mail does not take the row over
    assert users.user_for_identity(con, issuer=iss, subject="evil",
                                   email="reviewer@dongnai.gov.vn") is None
    users.disable_user(con, admin, "sonnmt.reviewer")
    assert users.user_for_identity(con, issuer=iss, subject="abc", email=None) is None


def test_all_auth_keys_exist_in_both_languages() -> None:
    import re
    from pathlib import Path

    from parkghg.i18n import catalogue

    vi = {k for k in catalogue("vi") if k.startswith("auth.")}
    en = {k for k in catalogue("en") if k.startswith("auth.")}
    assert vi == en and len(vi) > 30
    root = Path(__file__).parents[2]
    sources = [p for d in ("warehouse", "service", "cli", "dashboard")
               for p in (root / d).rglob("*.py")]
    used = {k for f in sources for k in re.findall(r'"(auth\.[a-z_]+)"', f.read_text())}
    assert used and used <= vi, used - vi
    for role in ("enterprise", "park", "province", "admin", "system"):
        assert f"auth.role_{role}" in vi
    assert t("auth.password_too_short", "vi", min=users.MIN_PASSWORD_LENGTH)


def test_cheap_hasher_is_only_for_tests() -> None:
    assert users.PASSWORD_HASHER.time_cost == cheap_hasher().time_cost  # autouse fixture

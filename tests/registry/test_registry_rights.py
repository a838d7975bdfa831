"""A registry import is a write: only the province, admins and the CLI operator may do it, and
an accepted import writes exactly one audit row, in the same transaction as its rows."""

from __future__ import annotations

import pytest

from parkghg.errors import AccessDeniedError
from service.accounts import create_user, disable_user
from service.registry import RegistryValidationError, import_registry, import_registry_many
from tests.registry.registry_samples import ENTERPRISES_CSV, OPERATOR, PARKS_CSV, PROVINCES_CSV

pytestmark = pytest.mark.both_backends

NEW_PARK = PARKS_CSV.splitlines()[0] + "\nho_nai,dong_nai,KCN Hố Nai,Ho Nai IP,497,,10.96,106.93\n"


def _snapshot(con) -> dict[str, list]:
    return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            for table in ("provinces", "parks", "enterprises", "audit_log")}


def _audit(con, action: str = "registry_imported") -> list[tuple]:
    return con.execute("SELECT actor, actor_role, object_id, details FROM audit_log"
                       " WHERE action = ? ORDER BY audit_id", [action]).fetchall()


@pytest.fixture
def world(con, write):
    """The base registry (imported by the operator) and one account per role."""
    import_registry_many(con, [(write("v.csv", PROVINCES_CSV), None),
                               (write("p.csv", PARKS_CSV), None),
                               (write("e.csv", ENTERPRISES_CSV), None)], actor=OPERATOR)
    users = {
        "enterprise": create_user(con, OPERATOR, username="dn_a", role="enterprise",
                                  password=None, enterprise_id="0312345678"),
        "park": create_user(con, OPERATOR, username="bql_amata", role="park", password=None,
                            park_id="amata"),
        "province": create_user(con, OPERATOR, username="so_ct", role="province",
                                password=None),
        "admin": create_user(con, OPERATOR, username="quan_tri", role="admin", password=None),
    }
    return con, users


@pytest.mark.parametrize("role", ["enterprise", "park"])
def test_enterprise_and_park_users_are_refused_and_nothing_is_written(world, write, role):
    con, users = world
    before = _snapshot(con)
    with pytest.raises(AccessDeniedError) as info:
        import_registry(con, write("new_park.csv", NEW_PARK), actor=users[role])
    assert info.value.key == "registry.import_denied"
    assert "province" in info.value.message("en") and "sở" in info.value.message("vi")
    assert _snapshot(con) == before


def test_a_disabled_province_account_is_refused(world, write):
    con, users = world
    disable_user(con, OPERATOR, "so_ct")
    before = _snapshot(con)
    with pytest.raises(AccessDeniedError):
        import_registry(con, write("new_park.csv", NEW_PARK), actor=users["province"])
    assert _snapshot(con) == before


@pytest.mark.parametrize("role", ["province", "admin"])
def test_an_accepted_import_writes_exactly_one_audit_row(world, write, role):
    con, users = world
    before = len(_audit(con))
    summary = import_registry(con, write("new_park.csv", NEW_PARK), actor=users[role])
    assert (summary.inserted, summary.updated) == (1, 0)
    rows = _audit(con)
    assert len(rows) == before + 1
    actor, actor_role, object_id, details = rows[-1]
    assert (actor, actor_role, object_id) == (users[role].username, role, "new_park.csv")
    assert '"kind": "parks"' in details and '"inserted": 1' in details


def test_one_call_with_several_files_is_one_audit_row(con, write):
    import_registry_many(con, [(write("v.csv", PROVINCES_CSV), None),
                               (write("p.csv", PARKS_CSV), None),
                               (write("e.csv", ENTERPRISES_CSV), None)], actor=OPERATOR)
    [(actor, role, object_id, _)] = _audit(con)
    assert (actor, role, object_id) == ("cli:tests", "system", "v.csv, p.csv, e.csv")


def test_a_rejected_file_writes_no_audit_row(world, write):
    con, users = world
    before = _snapshot(con)
    with pytest.raises(RegistryValidationError):
        import_registry(con, write("bad.csv", NEW_PARK.replace("497", "-1")),
                        actor=users["province"])
    assert _snapshot(con) == before


def test_a_failure_after_the_rows_leaves_neither_rows_nor_audit_row(world, write, monkeypatch):
    con, users = world
    before = _snapshot(con)

    def broken_audit(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("service.registry.write_audit", broken_audit)
    with pytest.raises(RuntimeError):
        import_registry(con, write("new_park.csv", NEW_PARK), actor=users["province"])
    assert _snapshot(con) == before  # the park upsert was rolled back with the audit row

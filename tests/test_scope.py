"""The scope predicate and the WHERE builder every scoped read uses."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from warehouse.scope import Scope, Where, scope_predicate


def test_where_starts_from_the_scope_and_only_narrows():
    where = (Where(scope_predicate(Scope(role="enterprise", enterprise_id="0301234567"), "a.e"))
             .narrow("a.p >= ?", "2024-01-01")
             .narrow("a.park = ?", None)  # not asked for: adds nothing
             .narrow("(x = ? OR y = ?)", "k", "k"))
    assert where.sql == "a.e = ? AND a.p >= ? AND (x = ? OR y = ?)"
    assert where.params == ["0301234567", "2024-01-01", "k", "k"]


@pytest.mark.parametrize("role", ["province", "admin", "system"])
def test_reviewers_see_everything(role):
    assert scope_predicate(Scope(role=role)) == ("TRUE", [])


def test_park_scope_is_limited_to_its_tenants():
    sql, params = scope_predicate(Scope(role="park", park_id="amata"), "s.enterprise_id")
    assert sql.startswith("s.enterprise_id IN (SELECT enterprise_id FROM enterprises")
    assert params == ["amata"]


@pytest.mark.parametrize("kwargs", [
    {"role": "enterprise"}, {"role": "park"},
    {"role": "province", "enterprise_id": "0301234567"}, {"role": "enterprise", "park_id": "x"},
    {"role": "admin", "extra": 1},
])
def test_inconsistent_scopes_are_refused(kwargs):
    with pytest.raises(ValidationError):
        Scope(**kwargs)

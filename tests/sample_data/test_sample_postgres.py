"""``parkghg sample-data`` on a PostgreSQL warehouse (issue 15: the same commands on both).

The generated sample itself is checked on PostgreSQL by every test using the ``sample_2x3``
world there (e.g. tests/inventory/test_inventory_totals.py); this checks the guard: a server
database is filled only when it is empty, and ``--force`` never deletes a server's data.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sample_data.generator import SampleSpec
from sample_data.load import SampleDataError, build_sample
from service.access import Scope
from service.db import open_warehouse
from service.registry import list_enterprises

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
@pytest.mark.parametrize("force", [False, True])
def test_a_database_holding_data_is_refused(make_world: Callable[[str], Path],
                                            force: bool) -> None:
    url = make_world("inventory")
    with open_warehouse(url, read_only=True) as con:
        before = list_enterprises(con, Scope.system()).height
    spec = SampleSpec(parks=1, enterprises_per_park=1, start="2024-01", end="2024-01")
    with pytest.raises(SampleDataError) as raised:
        build_sample(url, spec, force=force)
    assert raised.value.key == "backend.sample_not_empty"
    assert raised.value.params["target"].startswith("postgresql://")
    with open_warehouse(url, read_only=True) as con:
        assert list_enterprises(con, Scope.system()).height == before

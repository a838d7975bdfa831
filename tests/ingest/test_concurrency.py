"""A bulk ingest in another process while readers poll: nobody loses data or crashes."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from parkghg.errors import WarehouseBusyError
from tests.ingest.conftest import csv_bytes, row
from tests.worlds import ENT_A
from warehouse.activity import read_current_activity
from warehouse.db import open_warehouse
from warehouse.scope import Scope

MONTHS = [f"{2022 + i // 12}-{i % 12 + 1:02d}" for i in range(30)]

pytestmark = pytest.mark.slow  # a CLI bulk ingest in a subprocess while readers poll


def test_bulk_ingest_runs_while_the_dashboard_reads(registry_db, tmp_path):
    files = []
    for month in MONTHS:
        path = tmp_path / f"{month}.csv"
        path.write_bytes(csv_bytes([row(period=month, quantity=1000),
                                    row(period=month, category="fuel", item="diesel",
                                        quantity=50, unit="L")]))
        files.append(str(path))
    writer = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "--db", str(registry_db), "--lang", "en",
         "ingest", *files],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    reads, refused, seen = 0, 0, []
    while writer.poll() is None:
        try:
            with open_warehouse(registry_db, read_only=True, wait_s=0.2) as con:
                seen.append(read_current_activity(con, Scope.system()).height)
                reads += 1
        except WarehouseBusyError:
            refused += 1  # the page shows "busy, try again", never a traceback
        time.sleep(0.01)
    out, err = writer.communicate()
    assert writer.returncode == 0, out + err
    assert "30 file(s) accepted" in out
    with open_warehouse(registry_db, read_only=True) as con:
        final = read_current_activity(con, Scope.system())
    assert final.height == 2 * len(MONTHS)  # every row of every file arrived
    assert final["enterprise_id"].unique().to_list() == [ENT_A]
    assert reads > 0  # readers were served while the writer process ran, or refused politely
    assert seen == sorted(seen)  # readers only ever saw whole files, in order
    assert all(n % 2 == 0 for n in seen)  # never half a file

"""Two app-like writer processes upload into one PostgreSQL warehouse at once; nothing is lost.

Why: PostgreSQL is the backend for deployments with several app servers (issue 15). Each
process here is a real ``parkghg ingest`` (the CLI writer path, the same service calls the
dashboard's upload page makes), started together; afterwards every file is a submission and
every row of every file is current activity, with one audit row per accepted upload.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.ingest.conftest import csv_bytes, row
from tests.worlds import ENT_A, ENT_B, ENT_C
from warehouse.activity import read_current_activity
from warehouse.db import open_warehouse
from warehouse.scope import Scope

pytestmark = pytest.mark.slow  # two CLI processes
MONTHS = [f"2023-{m:02d}" for m in range(1, 13)]


@pytest.fixture
def backend() -> str:
    """PostgreSQL only: one DuckDB file admits one writing process by design."""
    return "postgres"


def _files(tmp_path, enterprise_id: str) -> list[str]:
    names = []
    for month in MONTHS:
        path = tmp_path / f"{enterprise_id}-{month}.csv"
        path.write_bytes(csv_bytes([
            row(period=month, quantity=1000, enterprise_id=enterprise_id),
            row(period=month, category="fuel", item="diesel", quantity=50, unit="L",
                enterprise_id=enterprise_id)]))
        names.append(str(path))
    return names


def test_two_writer_processes_lose_nothing(registry_db, tmp_path):
    batches = {ent: _files(tmp_path, ent) for ent in (ENT_A, ENT_B, ENT_C)}
    writers = [subprocess.Popen(
        [sys.executable, "-m", "cli.main", "--db", str(registry_db), "--lang", "en",
         "ingest", *files], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for files in batches.values()]
    outputs = [w.communicate(timeout=600) for w in writers]
    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, out + err
        assert f"{len(MONTHS)} file(s) accepted" in out
    with open_warehouse(registry_db, read_only=True) as con:
        current = read_current_activity(con, Scope.system())
        submissions = con.execute(
            "SELECT enterprise_id, count(*) FROM submissions WHERE status = 'accepted'"
            " GROUP BY enterprise_id ORDER BY enterprise_id").fetchall()
        audited = con.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'upload'").fetchall()[0][0]
    assert current.height == 2 * len(MONTHS) * len(batches)
    assert sorted(submissions) == sorted((ent, len(MONTHS)) for ent in batches)
    assert audited == len(MONTHS) * len(batches)

"""Dashboard uploads in threads beside a CLI bulk ingest: each lands, or gets "busy, retry".

The threads call ``dashboard.data.upload`` exactly as the upload page does (same in-process
read/write lock, same service call); the bulk ingest is the real CLI in its own process.
Figures (uploads held, busy replies, waits) are printed and recorded in docs/reliability.md.
"""

from __future__ import annotations

import re
import threading
import time

import pytest

from parkghg.errors import WarehouseBusyError
from service.access import Actor
from service.accounts import create_user, get_user
from tests.ingest.conftest import csv_bytes, row
from tests.reliability.faults import batch, check_invariants, cli_process, ingested_hashes
from tests.worlds import ENT_A, ENT_B, ENT_C
from warehouse.db import open_warehouse

pytestmark = pytest.mark.slow  # a CLI process and threads contending for the warehouse

MONTHS = 6  # per thread
UPLOADER = ("prov.uploader", "Xq7-concurrency-uploads-2026")
_COMMITTED = re.compile(r"INFO parkghg\.service\.uploads: (accepted|rejected) ")


def _upload_file(enterprise_id: str, month: int) -> bytes:
    return csv_bytes([row(enterprise_id=enterprise_id, period=f"2022-{month:02d}",
                          quantity=500 + month, counterparty=f"meter {i}")
                      for i in range(5)])


class _Person(threading.Thread):
    """One dashboard session uploading its months, pressing "retry" on a busy reply."""

    def __init__(self, data, user, enterprise_id: str) -> None:
        super().__init__(daemon=True)
        self.data, self.user, self.enterprise_id = data, user, enterprise_id
        self.statuses: list[str] = []
        self.waits: list[float] = []  # seconds until an upload returned a result
        self.busy_waits: list[float] = []  # seconds until a "busy, retry" reply
        self.failures: list[BaseException] = []

    def run(self) -> None:
        try:
            for month in range(1, MONTHS + 1):
                content = _upload_file(self.enterprise_id, month)
                name = f"web-{self.enterprise_id}-{month:02d}.csv"
                while True:
                    started = time.monotonic()
                    try:
                        result = self.data.upload(self.user, content, name)
                    except WarehouseBusyError:
                        self.busy_waits.append(time.monotonic() - started)
                        time.sleep(0.5)  # the person reads the message and presses retry
                        continue
                    self.waits.append(time.monotonic() - started)
                    self.statuses.append(result.status)
                    break
        except BaseException as exc:  # reported by the test
            self.failures.append(exc)


class _Reader(threading.Thread):
    """A page reading while everyone writes: served, or told the warehouse is busy."""

    def __init__(self, data) -> None:
        super().__init__(daemon=True)
        self.data = data
        self.stop = threading.Event()
        self.served = self.busy = 0
        self.failures: list[BaseException] = []

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.data.data_version()
                self.served += 1
            except WarehouseBusyError:
                self.busy += 1
            except BaseException as exc:  # reported by the test
                self.failures.append(exc)
                return
            time.sleep(0.05)


@pytest.mark.parametrize("waits", ["default", "short"])
def test_dashboard_uploads_beside_a_cli_bulk_ingest(make_world, tmp_path, monkeypatch, waits):
    db = make_world("ingest_registry")
    monkeypatch.setenv("PARKGHG_DB", str(db))
    with open_warehouse(db) as con:
        create_user(con, Actor.system("tests"), username=UPLOADER[0], role="province",
                    password=UPLOADER[1])
        user = get_user(con, UPLOADER[0])
    from dashboard import data

    if waits == "short":  # a server configured impatiently: many "busy, retry" replies
        monkeypatch.setattr("warehouse.db.WRITE_WAIT_S", 0.3)
        monkeypatch.setattr("warehouse.db.READ_WAIT_S", 0.3)
        monkeypatch.setattr(data._LOCK, "write_wait_s", 0.3)
        monkeypatch.setattr(data._LOCK, "read_wait_s", 0.3)
    files = batch(tmp_path / "files")
    cli = cli_process(db, "--log-level", "INFO", "ingest", *map(str, files))
    log_lines: list[str] = []
    first_commit = threading.Event()

    def drain() -> None:
        assert cli.stderr is not None
        for line in cli.stderr:
            log_lines.append(line)
            if _COMMITTED.search(line):
                first_commit.set()
        first_commit.set()

    drainer = threading.Thread(target=drain, daemon=True)
    drainer.start()
    first_commit.wait(timeout=300)  # the CLI holds the warehouse, mid-batch
    people = [_Person(data, user, ent) for ent in (ENT_A, ENT_B, ENT_C)]
    reader = _Reader(data)
    for thread in [*people, reader]:
        thread.start()
    for person in people:
        person.join(timeout=600)
    reader.stop.set()
    reader.join(timeout=60)
    out = cli.stdout.read() if cli.stdout else ""
    cli.wait(timeout=600)
    drainer.join(timeout=60)

    for thread in [*people, reader]:
        assert not thread.failures, thread.failures
        assert not thread.is_alive()
    assert cli.returncode == 1 and "48 file(s) accepted, 0 unchanged, 4 rejected" in out, out
    assert [p.statuses for p in people] == [["accepted"] * MONTHS] * 3  # every upload landed
    counts = check_invariants(db)
    assert counts["accepted"] == 48 + 3 * MONTHS and counts["rejected"] == 4
    assert len(ingested_hashes(db)) == len(files) + 3 * MONTHS
    waits_s = [w for p in people for w in p.waits]
    busy_s = [w for p in people for w in p.busy_waits]
    print(f"\n[{waits}] {len(waits_s)} dashboard uploads landed beside a {len(files)}-file CLI "
          f"ingest; {len(busy_s)} busy replies (each after "
          f"{max(busy_s, default=0):.1f} s at most); upload waits: median "
          f"{sorted(waits_s)[len(waits_s) // 2]:.1f} s, max {max(waits_s):.1f} s; reader "
          f"served {reader.served}, busy {reader.busy}")

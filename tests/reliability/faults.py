"""Helpers of the fault and concurrency tests: upload files, the CLI as a process, invariants.

Why invariants and not a fixed expected state: after a SIGKILL at a random instant the
warehouse may hold any prefix of the batch; what must hold whatever the instant is that each
upload is there whole or not at all, and that the period pointers agree with their history.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.ingest.conftest import csv_bytes, row
from tests.worlds import ENT_A, ENT_B, ENT_C

ROOT = Path(__file__).resolve().parents[2]
ROWS_PER_MONTH = 20


def month_file(enterprise_id: str, month: int, version: int) -> bytes:
    """One enterprise-month upload; ``version`` 2 revises version 1 (moves the pointer)."""
    rows = [row(enterprise_id=enterprise_id, period=f"2023-{month:02d}",
                quantity=1000 * version + i, counterparty=f"meter {i}",
                note=f"v{version} line {i}")
            for i in range(ROWS_PER_MONTH)]
    return csv_bytes(rows)


def bad_file(enterprise_id: str, month: int) -> bytes:
    """An upload with an unknown item: rejected whole, logged as a rejected submission."""
    return csv_bytes([row(enterprise_id=enterprise_id, period=f"2023-{month:02d}"),
                      row(enterprise_id=enterprise_id, period=f"2023-{month:02d}",
                          item="unobtainium")])


def big_file(enterprise_id: str, rows_per_month: int = 200) -> bytes:
    """A year of many distinct rows (a write of some hundred kB)."""
    return csv_bytes([row(enterprise_id=enterprise_id, period=f"2023-{month:02d}",
                          quantity=3000 + i, counterparty=f"meter {i}",
                          note=f"big {month} {i} " + "x" * 40)
                      for month in range(1, 13) for i in range(rows_per_month)])


def batch(folder: Path) -> list[Path]:
    """36 first uploads, 12 revisions of ENT_A and 4 bad files, in ingest order (52 files)."""
    folder.mkdir(parents=True, exist_ok=True)
    files: list[tuple[str, bytes]] = []
    for month in range(1, 13):
        for ent in (ENT_A, ENT_B, ENT_C):
            files.append((f"{ent}-{month:02d}-v1.csv", month_file(ent, month, 1)))
        if month % 3 == 0:
            files.append((f"{ENT_B}-{month:02d}-bad.csv", bad_file(ENT_B, month)))
    for month in range(1, 13):
        files.append((f"{ENT_A}-{month:02d}-v2.csv", month_file(ENT_A, month, 2)))
    paths = []
    for name, content in files:
        (folder / name).write_bytes(content)
        paths.append(folder / name)
    return paths


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli_process(db: Path, *args: str, preexec=None, prefix: tuple[str, ...] = ()
                ) -> subprocess.Popen:
    """``parkghg --db DB --lang en ARGS`` as its own process (as an operator runs it)."""
    return subprocess.Popen(
        [*prefix, sys.executable, "-m", "cli.main", "--db", str(db), "--lang", "en", *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=preexec, env=dict(os.environ))


def read_only(db: Path) -> duckdb.DuckDBPyConnection:
    """A plain read-only handle for checking (the test's own, not the app's)."""
    return duckdb.connect(str(db), read_only=True)


def ingested_hashes(db: Path) -> set[str]:
    """sha256 of every file the warehouse has a submission for (accepted or rejected)."""
    con = read_only(db)
    try:
        return {r[0] for r in con.execute("SELECT file_sha256 FROM submissions").fetchall()}
    finally:
        con.close()


def check_invariants(db: Path) -> dict[str, int]:
    """Whole uploads or nothing, pointers consistent with history; returns counts.

    * every accepted or superseded submission has exactly ``row_count`` activity rows, a
      rejected one none;
    * ``period_current`` holds exactly the keys ``period_history`` has, each pointing at the
      submission of that key's latest history entry, never at a rejected submission;
    * every current month has activity rows (from its current submission).
    """
    con = read_only(db)
    try:
        torn = con.execute("""
            SELECT s.submission_id, s.status, s.row_count, count(a.submission_id)
            FROM submissions s LEFT JOIN activity_rows a USING (submission_id)
            GROUP BY ALL
            HAVING (s.status <> 'rejected' AND count(a.submission_id) <> s.row_count)
                OR (s.status = 'rejected' AND count(a.submission_id) > 0)
        """).fetchall()
        assert not torn, f"uploads not whole: {torn}"
        drift = con.execute("""
            WITH latest AS (
                SELECT enterprise_id, period, arg_max(submission_id, changed_at) AS submission_id
                FROM period_history GROUP BY ALL)
            SELECT l.enterprise_id, l.period, l.submission_id, c.submission_id
            FROM latest l FULL OUTER JOIN period_current c USING (enterprise_id, period)
            WHERE l.submission_id IS DISTINCT FROM c.submission_id
        """).fetchall()
        assert not drift, f"pointers disagree with history: {drift}"
        bad_pointer = con.execute("""
            SELECT c.* FROM period_current c JOIN submissions s USING (submission_id)
            WHERE s.status = 'rejected'
        """).fetchall()
        assert not bad_pointer, bad_pointer
        empty = con.execute("""
            SELECT count(*) FROM period_current c WHERE NOT EXISTS (
                SELECT 1 FROM activity_current a
                WHERE a.enterprise_id = c.enterprise_id AND a.period = c.period)
        """).fetchall()[0][0]
        assert empty == 0, "a current month lost its rows"
        counts = con.execute("""
            SELECT (SELECT count(*) FROM submissions WHERE status <> 'rejected'),
                   (SELECT count(*) FROM submissions WHERE status = 'rejected'),
                   (SELECT count(*) FROM period_current),
                   (SELECT count(*) FROM period_history)
        """).fetchall()[0]
        return dict(zip(("accepted", "rejected", "current", "history"), counts, strict=True))
    finally:
        con.close()

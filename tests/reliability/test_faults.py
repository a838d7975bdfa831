"""Faults: SIGKILL during a batch ingest, a full disk, a read-only warehouse.

Each runs the real CLI in its own process (as an operator would) and then checks the
warehouse with a separate connection. Figures are in docs/reliability.md.
"""

from __future__ import annotations

import os
import random
import re
import resource
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.reliability.faults import (
    ROWS_PER_MONTH,
    batch,
    big_file,
    check_invariants,
    cli_process,
    ingested_hashes,
    read_only,
    sha256,
)
from tests.worlds import ENT_A, ENT_C
from warehouse.backup import fingerprints

pytestmark = pytest.mark.slow  # real CLI processes, killed and restarted

KILLS = 12  # bounded: each round is one CLI start (~1-2 s) plus part of a batch
SEED = 20261128


def _fingerprints(db: Path) -> dict[str, str]:
    con = read_only(db)
    try:
        return fingerprints(con)
    finally:
        con.close()


_COMMITTED = re.compile(r"INFO parkghg\.service\.uploads: (accepted|rejected) ")


def _kill_after(proc: subprocess.Popen, files_done: int, jitter_s: float) -> bool:
    """SIGKILL ``proc`` ``jitter_s`` after its log reports ``files_done`` stored files.

    Why the log and not a timer: on a loaded machine the CLI's start-up alone varies from 1 to
    10 s, so a timer mostly kills before the first file; counting the pipeline's own "accepted"
    / "rejected" lines lands the kill inside the batch (the jitter puts it mid-transaction).
    Returns whether the kill landed (the process was still running).
    """
    assert proc.stderr is not None
    seen = 0
    for line in proc.stderr:
        if _COMMITTED.search(line):
            seen += 1
            if seen >= files_done:
                break
    time.sleep(jitter_s)
    if proc.poll() is not None:
        return False
    proc.send_signal(signal.SIGKILL)
    return True


def _finish(db: Path, files: list[Path]) -> None:
    """Ingest what is still missing, with nobody killing it."""
    done = ingested_hashes(db)
    remaining = [str(p) for p in files if sha256(p) not in done]
    if remaining:
        out, err = cli_process(db, "ingest", *remaining).communicate(timeout=300)
        assert "Traceback" not in out + err


def _check_complete(db: Path, files: list[Path]) -> None:
    """A finished batch: every file exactly once, ENT_A's current months the revisions."""
    counts = check_invariants(db)
    assert counts == {"accepted": 48, "rejected": 4, "current": 36, "history": 48}
    assert ingested_hashes(db) == {sha256(p) for p in files}
    con = read_only(db)
    try:
        rows = con.execute("SELECT count(*), min(quantity) FROM activity_current "
                           "WHERE enterprise_id = ?", [ENT_A]).fetchall()[0]
    finally:
        con.close()
    assert rows == (12 * ROWS_PER_MONTH, 2000.0)


def test_sigkill_during_batch_ingest_leaves_whole_uploads_and_consistent_pointers(
        make_world, tmp_path):
    files = batch(tmp_path / "files")
    rng = random.Random(SEED)
    cycle = 0
    db = make_world("ingest_registry")
    kills = mid_batch = rounds = 0
    while kills < KILLS and rounds < 4 * KILLS:
        rounds += 1
        done = ingested_hashes(db)
        remaining = [str(p) for p in files if sha256(p) not in done]
        if not remaining:  # this batch is complete: check it, start another on a new copy
            _check_complete(db, files)
            cycle += 1
            db = make_world("ingest_registry").rename(tmp_path / f"cycle{cycle}.duckdb")
            continue
        proc = cli_process(db, "--log-level", "INFO", "ingest", *remaining)
        if _kill_after(proc, rng.randint(0, min(10, len(remaining) - 1)), rng.uniform(0, 0.2)):
            kills += 1
        proc.communicate()
        check_invariants(db)  # after every kill: whole uploads, pointers agree with history
        landed = len(ingested_hashes(db)) - len(done)
        if proc.returncode == -signal.SIGKILL and 0 < landed < len(remaining):
            mid_batch += 1
    _finish(db, files)
    _check_complete(db, files)
    assert kills == KILLS, f"only {kills} kills landed in {rounds} rounds"
    # ``mid_batch`` (kills after part of a batch had committed) is a figure, not a promise: a
    # bulk ingest that commits a whole batch at once makes every kill roll the batch back.
    print(f"\nSIGKILL campaign: {kills} kills ({mid_batch} after some files of the batch had "
          f"committed) in {rounds} rounds, {cycle + 1} batch(es) of {len(files)} files")


def _limit_file_size(limit_bytes: int):
    """For the child: files may not grow past ``limit_bytes`` (write() then fails with EFBIG)."""
    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write instead of dying
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
    return preexec


def test_a_full_disk_during_ingest_is_a_clear_error_and_changes_nothing(make_world, tmp_path):
    db = make_world("ingest_registry")
    files = batch(tmp_path / "files")
    big = tmp_path / "big.csv"  # its commit alone outgrows the limit below
    big.write_bytes(big_file(ENT_C))
    before = _fingerprints(db)
    # Every file the process writes (the WAL, the warehouse, a crash log) stops at 16 kB.
    proc = cli_process(db, "ingest", str(big), *map(str, files[:20]),
                       preexec=_limit_file_size(16_000))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, out + err
    assert "the disk is full" in err and "rolled back whole" in err
    assert "Traceback" not in out + err and "unexpected" not in err
    assert _fingerprints(db) == before  # nothing torn, nothing half-written
    assert check_invariants(db)["accepted"] == 0
    # Space again: the same batch goes in whole.
    proc = cli_process(db, "ingest", *map(str, files[:20]))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1 and "18 file(s) accepted, 0 unchanged, 2 rejected" in out
    check_invariants(db)


def test_a_full_disk_during_backup_is_a_clear_error_and_leaves_no_backup(make_world, tmp_path):
    db = make_world("access")
    before = _fingerprints(db)
    target = tmp_path / "bk"
    proc = cli_process(db, "backup", str(target), preexec=_limit_file_size(2_000))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, out + err
    assert "the disk is full" in err and "Traceback" not in out + err
    assert not target.exists() and not list(tmp_path.glob(".bk.partial*"))
    assert _fingerprints(db) == before


def test_a_full_disk_during_restore_is_a_clear_error_and_leaves_nothing(make_world, tmp_path):
    db = make_world("access")
    backup = tmp_path / "bk"
    out, err = cli_process(db, "backup", str(backup)).communicate(timeout=120)
    assert backup.is_dir(), out + err
    target = tmp_path / "restored" / "wh.duckdb"
    proc = cli_process(target, "restore", str(backup), preexec=_limit_file_size(64_000))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, out + err
    assert "the disk is full" in err and "Traceback" not in out + err
    assert not target.exists() and list(target.parent.iterdir()) == []  # no scratch left


def _without_root_powers() -> tuple[str, ...]:
    """A command prefix so file modes bind the CLI even when the tests run as root.

    Root ignores file modes through CAP_DAC_OVERRIDE; ``setpriv`` drops it (and its
    relatives) from the bounding set of the child only.
    """
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only file cannot be simulated")
    return (setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner")


def test_a_read_only_warehouse_is_a_clear_error_and_changes_nothing(make_world, tmp_path):
    prefix = _without_root_powers()
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "wh.duckdb"
    shutil.copyfile(make_world("ingest_registry"), db)
    files = batch(tmp_path / "files")
    db.chmod(0o444)
    folder.chmod(0o555)  # no WAL can be created beside it either
    try:
        digest = sha256(db)
        proc = cli_process(db, "ingest", str(files[0]), prefix=prefix)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 1, out + err
        assert "no write permission or a read-only disk" in err, err
        assert "Traceback" not in out + err and "unexpected" not in err
        assert sha256(db) == digest
        # Reading still works: a backup of a read-only warehouse.
        proc = cli_process(db, "backup", str(tmp_path / "bk"), prefix=prefix)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, out + err
        assert sha256(db) == digest
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)

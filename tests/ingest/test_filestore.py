"""Original files live beside the warehouse, and the upload history summary stays in step.

Why: the BLOB column made every checkpoint rewrite every original file (issue 9); the bytes
now sit at ``<warehouse>.files/<sha[:2]>/<sha>`` (the layout backups rely on). The upload
checks read ``history_monthly`` instead of scanning ``activity_current``; whatever moves a
month (a new upload, a replacement, a restore) must leave it equal to the monthly totals of
current activity.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pytest

from parkghg.errors import StoredFileMissingError
from service.uploads import ingest_bytes
from tests.ingest.conftest import csv_bytes, row
from tests.worlds import ENT_A, ENT_B, TODAY
from warehouse import filestore, review
from warehouse.audit import Actor
from warehouse.db import open_warehouse
from warehouse.scope import Scope
from warehouse.submissions import history_stats, original_file, production_units

_FILE = csv_bytes([row(period="2024-01", quantity=1000), row(period="2024-02", quantity=1100),
                   row(period="2024-01", category="production", item="output", quantity=5,
                       unit="t")])


def _ingest(db: Path, content: bytes, name: str = "upload.csv"):
    return ingest_bytes(db, content, name, uploaded_by="test", today=TODAY)


def test_the_bytes_are_stored_content_addressed_and_read_back(registry_db: Path) -> None:
    result = _ingest(registry_db, _FILE)
    assert result.status == "accepted", result.errors
    sha = hashlib.sha256(_FILE).hexdigest()
    stored = filestore.store_dir(registry_db) / sha[:2] / sha
    assert stored.read_bytes() == _FILE
    with open_warehouse(registry_db, read_only=True) as con:
        assert con.execute("SELECT file_sha256, file_size_bytes, stored_path FROM "
                           "submission_files WHERE submission_id = ?",
                           [result.submission_id]).fetchall() == [(sha, len(_FILE),
                                                                   f"{sha[:2]}/{sha}")]
        assert original_file(con, Scope.system(), result.submission_id) == ("upload.csv", _FILE)
        # outside the reader's scope: nothing, not even the file name
        stranger = Scope(role="enterprise", enterprise_id=ENT_B)
        assert original_file(con, stranger, result.submission_id) is None
    assert not list(stored.parent.glob(".tmp-*"))  # the temporary file was renamed


def test_rejected_files_are_kept_too_and_a_lost_file_is_a_clear_error(registry_db: Path) -> None:
    bad = csv_bytes([row(quantity=-1)])
    result = _ingest(registry_db, bad, "bad.csv")
    assert result.status == "rejected"
    sha = hashlib.sha256(bad).hexdigest()
    (filestore.store_dir(registry_db) / filestore.relative_path(sha)).unlink()
    with open_warehouse(registry_db, read_only=True) as con, \
            pytest.raises(StoredFileMissingError) as info:
        original_file(con, Scope.system(), result.submission_id)
    assert "bad" not in info.value.message("en") and ".files" in info.value.message("en")


def _history_equals_current(db: Path) -> None:
    with open_warehouse(db, read_only=True) as con:
        summary = con.execute("SELECT * FROM history_monthly ORDER BY ALL").fetchall()
        expected = con.execute(
            "SELECT enterprise_id, period, category, item, unit_canonical, use, treatment,"
            " sum(quantity_canonical) FROM activity_current GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    assert [r[:-1] for r in summary] == [r[:-1] for r in expected]
    assert all(math.isclose(s[-1], e[-1]) for s, e in zip(summary, expected, strict=True))


def test_history_summary_follows_uploads_replacements_and_restores(registry_db: Path) -> None:
    first = _ingest(registry_db, _FILE)
    _history_equals_current(registry_db)
    fix = _ingest(registry_db, csv_bytes([row(period="2024-01", quantity=2000)]), "fix.csv")
    assert fix.status == "accepted" and fix.replaced_periods
    _history_equals_current(registry_db)
    with open_warehouse(registry_db) as con:
        stats = history_stats(con, [ENT_A])
        jan_feb = stats.filter(item="grid").row(0, named=True)
        # January replaced (2,000 kWh), February kept (1,100 kWh): median 1.55 MWh over 2 months
        assert math.isclose(jan_feb["median_quantity"], 1.55) and jan_feb["n_months"] == 2
        assert production_units(con, [ENT_A]) == {}  # the fix dropped January's production
        review.restore_submission(con, Actor(username="reviewer", scope=Scope.system()), ENT_A,
                                  fix.periods[0], first.submission_id, reason="fix was wrong")
        assert production_units(con, [ENT_A, ENT_B]) == {ENT_A: "t"}
    _history_equals_current(registry_db)

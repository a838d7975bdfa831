"""The hostile corpus of issue 10 as tests: every file is rejected with its problem code, by
the real command line, without a traceback, and leaves every data table byte-identical.

"Data tables" are every table except the four that log the attempt itself (the rejected
submission, its kept bytes, its problems, its audit row). The corpus and how each file is
made live in ``tests/hostile/corpus.py``; its megabyte cases run in the slow lane.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from cli.main import cli
from service.uploads import REJECTED_PREFIX_BYTES
from tests.hostile.corpus import CORPUS, Hostile

#: Tables a rejection writes to on purpose (the attempt is logged, issue 7).
ATTEMPT_TABLES = frozenset({"submissions", "submission_files", "submission_issues",
                            "audit_log"})
#: English a library might put in a message; none of it may reach a Vietnamese answer.
LIBRARY_ENGLISH = ("calamine", "Error:", "error:", "Traceback", "codec", "field larger",
                   "ZIP", "zipfile", "Exception")


def fingerprint(path: Path) -> dict[str, str]:
    """SHA-256 of every row of every table, by table (row order does not matter)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return _fingerprint(con)
    finally:
        con.close()


def _fingerprint(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        " AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()]
    return {t: hashlib.sha256("\n".join(sorted(
        repr(r) for r in con.execute(f'SELECT * FROM "{t}"').fetchall())).encode()
    ).hexdigest() for t in tables}


@pytest.fixture(scope="module")
def registry_prints(world_templates) -> dict[str, str]:
    """The fingerprint of the ingest registry world, read once: each test's copy starts as a
    byte copy of it (opening a warehouse and hashing it costs more than most cases here)."""
    return fingerprint(world_templates.template("ingest_registry"))


def data_tables(prints: dict[str, str]) -> dict[str, str]:
    return {t: h for t, h in prints.items() if t not in ATTEMPT_TABLES}


def _param(case: Hostile):
    marks = [pytest.mark.slow] if case.big else []
    return pytest.param(case, id=case.name, marks=marks)


def test_the_corpus_is_large_and_varied() -> None:
    assert len(CORPUS) >= 60
    assert len({c.name for c in CORPUS}) == len(CORPUS)
    assert len({c.code for c in CORPUS}) >= 35


@pytest.mark.parametrize("case", [_param(c) for c in CORPUS])
def test_hostile_file_is_rejected_cleanly(make_world, tmp_path: Path, case: Hostile,
                                          registry_prints: dict[str, str]) -> None:
    db = make_world("ingest_registry")
    path = tmp_path / case.name
    path.write_bytes(case.make())
    before = registry_prints  # the copy's, before the ingest
    result = CliRunner().invoke(cli, ["--db", str(db), "--lang", "vi", "ingest", str(path)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert not any(text in result.output for text in LIBRARY_ENGLISH), result.output
    con = duckdb.connect(str(db), read_only=True)
    try:
        after = _fingerprint(con)
        [(sid, status, size)] = con.execute(
            "SELECT submission_id, status, file_size_bytes FROM submissions").fetchall()
        codes = {r[0] for r in con.execute(
            "SELECT code FROM submission_issues WHERE submission_id = ?", [sid]).fetchall()}
        [(kept,)] = con.execute("SELECT file_size_bytes FROM submission_files"
                                " WHERE submission_id = ?", [sid]).fetchall()
    finally:
        con.close()
    assert data_tables(after) == data_tables(before)
    assert status == "rejected"
    assert case.code in codes, (case.name, codes)
    assert size == path.stat().st_size
    assert kept <= max(REJECTED_PREFIX_BYTES, 20_000_000)
    if case.code == "file_too_large":
        assert kept == REJECTED_PREFIX_BYTES  # a bounded prefix, not the whole file

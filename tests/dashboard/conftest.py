"""Fixtures for the dashboard tests: one small warehouse per session, copies for writers, and
one ``parkghg serve`` for the real-browser tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard import data
from dashboard.frames import PatchedFrames
from tests.worlds import SYSTEM, WorldTemplates

SERVER_START_S = 180


@pytest.fixture(scope="session")
def small_warehouse(world_templates: WorldTemplates) -> Path:
    """The shared read-only test warehouse (never write to it; use ``writable_warehouse``)."""
    return world_templates.template("dashboard")


@pytest.fixture
def writable_warehouse(make_world) -> Path:
    """A private copy of the small warehouse for tests that upload or review."""
    return make_world("dashboard")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    """Poll Streamlit's health endpoint; between polls, wait on the process (it may exit)."""
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as resp:
                if resp.read() == b"ok":
                    return
        except OSError:
            pass
        try:
            proc.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            continue
        raise RuntimeError(f"streamlit exited early with code {proc.returncode}:\n"
                           f"{log.read_text(errors='replace')[-3000:]}")
    raise RuntimeError(f"streamlit was not healthy after {SERVER_START_S} s:\n"
                       f"{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory,
           world_templates: WorldTemplates) -> Iterator[str]:
    """``parkghg serve --demo`` on a free loopback port over a copy of the dashboard world with
    the Decision 385 targets, shared by the real-browser modules (``test_browser.py``,
    ``test_browser_targets.py``).

    Why one per session (per xdist worker): each server start imports Streamlit and the app in
    a new process and copies a world; the two modules run next to each other
    (``LONGEST_MODULES``), so one worker normally serves both from one process. The targets
    only add the Targets page and the overview's progress section; the other browser test
    never looks at them.
    """
    import duckdb

    from service import targets

    db = world_templates.copy("dashboard", tmp_path_factory.mktemp("browser") / "wh.duckdb")
    con = duckdb.connect(str(db))
    try:
        targets.import_shipped_targets(con, actor=SYSTEM, base_year=2024)
    finally:
        con.close()
    port = _free_port()
    env = dict(os.environ, PARKGHG_LOG_DIR=str(db.parent / "logs"))
    log = db.parent / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "--db", str(db), "serve", "--port", str(port),
             "--demo"],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def served(writable_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's data module pointed at a private warehouse, with an empty frame store."""
    monkeypatch.setenv("PARKGHG_DB", str(writable_warehouse))
    monkeypatch.setattr(data, "_STORE", PatchedFrames())
    return writable_warehouse

"""No lock without a timeout: a static audit of the code, and the dashboard lock's deadlines.

The audit walks every module of the product (and the test worlds) and fails on a wait that
can last for ever: ``wait``/``wait_for``/``acquire``/``join`` without a timeout, a blocking
``flock``, a ``duckdb.connect`` of a file outside ``warehouse/db.py`` (whose retry loop has
a deadline), and a ``with`` on a plain lock not listed below with the reason it cannot block.
"""

from __future__ import annotations

import ast
import threading
import time
from pathlib import Path

import pytest

from parkghg.errors import WarehouseBusyError

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("parkghg", "warehouse", "ingest", "metrics", "exports", "service", "dashboard",
            "cli", "sample_data")
EXTRA = ("tests/worlds.py",)
# Plain locks entered with ``with``: (module, name) -> why it needs no timeout.
BOUNDED_LOCKS = {
    ("dashboard/data.py", "_VERSION_LOCK"):
        "guards two dict operations on a memo; never held across I/O or another lock",
    ("dashboard/data.py", "_WARM_LOCK"):  # branch i9a: start the cache warmer once
        "guards a flag test-and-set; never held across I/O or another lock",
    ("dashboard/data.py", "_PARTS_LOCK"):  # session 19: changed parts asked once per version
        "guards one dict read, or a clear and a write; the change-log read is outside it",
    ("dashboard/chart_specs.py", "_SPECS_LOCK"):  # branch dash: remembered chart specs
        "guards one dict read or write; the spec is built outside it",
    ("parkghg/units.py", "_TABLE_LOCK"):  # branch i9b: the unit table built once per process
        "held while the unit table is read from its cache file or computed (bounded work, "
        "no other lock taken inside), so a waiter waits for that one build only",
}
_WAITS = {"wait", "wait_for", "acquire", "join"}


def _sources() -> list[Path]:
    files = [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")]
    return sorted(files + [ROOT / e for e in EXTRA])


def _has_timeout(call: ast.Call, positional: int) -> bool:
    return any(k.arg == "timeout" for k in call.keywords) or len(call.args) >= positional


def _problems(path: Path) -> list[str]:
    rel = path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            owner = ast.unparse(node.func.value)
            # Condition.wait_for(pred, timeout) takes it second; the others first.
            if name in _WAITS and owner not in {"proc", "holder", "self", "os"} and \
                    not _has_timeout(node, 2 if name == "wait_for" else 1):
                found.append(f"{rel}:{node.lineno} {owner}.{name}() without a timeout")
            if name == "flock" and "LOCK_NB" not in ast.unparse(node):
                found.append(f"{rel}:{node.lineno} blocking flock")
            in_memory = bool(node.args) and ast.unparse(node.args[0]) == "':memory:'"
            if name == "connect" and owner == "duckdb" and rel != "warehouse/db.py" and \
                    not in_memory:
                found.append(f"{rel}:{node.lineno} duckdb.connect outside warehouse/db.py")
        if isinstance(node, ast.With):
            for item in node.items:
                target = ast.unparse(item.context_expr)
                if target.lstrip("_").isupper() and (rel, target) not in BOUNDED_LOCKS:
                    found.append(f"{rel}:{node.lineno} `with {target}` (a plain lock?)")
    return found


def test_no_lock_waits_for_ever():
    problems = [p for path in _sources() for p in _problems(path)]
    assert not problems, "\n".join(problems)


def test_the_audit_bites(tmp_path):
    bad = ROOT / "dashboard" / "_audit_probe.py"
    bad.write_text("import threading\nc = threading.Condition()\n"
                   "def f():\n    with c:\n        c.wait_for(lambda: True)\n")
    try:
        assert any("without a timeout" in p for p in _problems(bad))
    finally:
        bad.unlink()


@pytest.fixture
def lock():
    from dashboard.data import _ReadWriteLock

    return _ReadWriteLock(read_wait_s=0.2, write_wait_s=0.2)


def _hold(ctx, release: threading.Event, entered: threading.Event) -> threading.Thread:
    def run() -> None:
        with ctx():
            entered.set()
            release.wait(timeout=10)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert entered.wait(timeout=10)
    return thread


def test_a_reader_behind_a_writer_is_told_busy(lock):
    release, entered = threading.Event(), threading.Event()
    holder = _hold(lock.write, release, entered)
    with pytest.raises(WarehouseBusyError), lock.read():
        pass
    release.set()
    holder.join(timeout=10)
    with lock.read():  # free again
        pass


def test_a_writer_behind_a_reader_is_told_busy(lock):
    release, entered = threading.Event(), threading.Event()
    holder = _hold(lock.read, release, entered)
    with pytest.raises(WarehouseBusyError), lock.write():
        pass
    release.set()
    holder.join(timeout=10)
    with lock.write():
        pass


def test_a_waiting_writer_holds_back_new_readers(lock):
    lock.write_wait_s = 5.0
    release, entered = threading.Event(), threading.Event()
    holder = _hold(lock.read, release, entered)
    wrote = threading.Event()

    def writer() -> None:
        with lock.write():
            wrote.set()
    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    time.sleep(0.05)  # the writer is now waiting for the reader
    with pytest.raises(WarehouseBusyError), lock.read():  # no jumping the queue
        pass
    release.set()
    holder.join(timeout=10)
    thread.join(timeout=10)
    assert wrote.is_set()

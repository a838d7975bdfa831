"""Start or stop a private, throw-away PostgreSQL cluster for tests and CI.

Why a tool: the PostgreSQL tests need a server nobody else uses, on 127.0.0.1, torn down after.
``initdb`` refuses to run as root, so when this runs as root (as CI does) the cluster belongs to
the unprivileged ``postgres`` account Debian's package creates (else ``nobody``) and every
server command runs through ``runuser``. Trust authentication on 127.0.0.1 only: the cluster
lives for one run in a temporary folder.

    uv run python tools/pg_cluster.py start DIR [--port N]   # prints the URL
    uv run python tools/pg_cluster.py stop DIR
"""

from __future__ import annotations

import argparse
import logging
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

log = logging.getLogger("pg_cluster")

_BIN_DIRS = ("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin",
             "/usr/lib/postgresql/15/bin", "/usr/local/bin", "/usr/bin")


def find_binary(name: str) -> str | None:
    """``initdb``/``pg_ctl`` on PATH or in Debian's versioned folder (not on PATH there)."""
    found = shutil.which(name)
    if found:
        return found
    for folder in _BIN_DIRS:
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def available() -> bool:
    return find_binary("initdb") is not None and find_binary("pg_ctl") is not None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_owner(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    owner = _owner()
    return ["runuser", "-u", owner, "--", *cmd]


def _owner() -> str:
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and no unprivileged account to own the cluster")


def start(root: Path, port: int | None = None) -> str:
    """initdb a cluster and start it on 127.0.0.1; return a superuser URL.

    The cluster itself lives in a fresh folder of the system's temporary directory (not inside
    ``root``: as root, ``root`` may sit below folders the ``postgres`` account cannot enter);
    ``root`` keeps its location and URL for :func:`stop`.
    """
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found")
    port = port or _free_port()
    root.mkdir(parents=True, exist_ok=True)
    cluster = Path(tempfile.mkdtemp(prefix="parkghg-pg-"))
    (root / "cluster").write_text(str(cluster), encoding="utf-8")
    data = cluster / "data"
    if os.geteuid() == 0:
        owner = pwd.getpwnam(_owner())
        os.chown(cluster, owner.pw_uid, owner.pw_gid)
    subprocess.run(_as_owner([initdb, "-D", str(data), "-U", "postgres", "-A", "trust",  # noqa: S603
                              "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                   check=True, capture_output=True, cwd="/")
    opts = (f"-h 127.0.0.1 -p {port} -k {cluster} -c fsync=off -c synchronous_commit=off"
            " -c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB")
    subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-o", opts,  # noqa: S603
                              "-l", str(cluster / "log"), "-w", "-t", "60", "start"]),
                   check=True, capture_output=True, cwd="/")
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    (root / "url").write_text(url, encoding="utf-8")
    return url


def stop(root: Path) -> None:
    """Stop the cluster started for ``root`` (fast shutdown) and remove its folders."""
    pg_ctl = find_binary("pg_ctl")
    marker = root / "cluster"
    if marker.exists():
        cluster = Path(marker.read_text(encoding="utf-8").strip())
        if pg_ctl and (cluster / "data" / "postmaster.pid").exists():
            subprocess.run(_as_owner([pg_ctl, "-D", str(cluster / "data"),  # noqa: S603
                                      "-m", "fast", "-w", "stop"]),
                           check=False, capture_output=True, cwd="/")
        shutil.rmtree(cluster, ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args(argv)
    if args.action == "start":
        sys.stdout.write(start(args.root, args.port) + "\n")
    else:
        stop(args.root)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

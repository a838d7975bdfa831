"""Whole-scope frames kept in memory and patched after a data change, never copied per rerun.

Why not ``st.cache_data``: it pickles and copies its return value on every call (hundreds of
thousands of rows at province scale, on every rerun of every session). Why not
``st.cache_resource`` keyed on the data version: any upload then misses every key and the whole
province is read again (issue 9). Here one entry per (warehouse, kind, scope, variant) holds
the frame, the data version it answers and the warehouse *mark* it was read at; when the
version moves, the entry's ``refresh`` re-reads only the enterprise-years changed since the
mark (``service.frame_changes`` through ``dashboard.data``) and patches the frame.

Every session receives the same frame object. Polars frames are never changed in place by the
pages, so sharing is safe. An entry is refreshed by one session at a time (others wait, with a
deadline, then see the refreshed frame).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from parkghg.errors import WarehouseBusyError
from parkghg.log import get_logger

log = get_logger(__name__)

#: (mark, frame) from a fresh read on an open connection.
Load = Callable[[Any], tuple[Any, pl.DataFrame]]
#: (mark, frame) brought up to date from (connection, old mark, old frame).
Refresh = Callable[[Any, Any, pl.DataFrame], tuple[Any, pl.DataFrame]]


@dataclass
class _Entry:
    lock: threading.Lock = field(default_factory=threading.Lock)
    version: str | None = None
    #: (mark, frame), replaced as one object so a reader never pairs one's mark with
    #: another's frame
    held: tuple[Any, pl.DataFrame] | None = None
    used_at: float = 0.0


class PatchedFrames:
    """The store: ``get`` returns the frame for a key at a data version, reading as little as
    the change since its last read allows."""

    def __init__(self, max_entries: int = 64, idle_s: float = 1800.0,
                 wait_s: float = 120.0) -> None:
        self._entries: dict[tuple, _Entry] = {}
        self.max_entries = max_entries
        self.idle_s = idle_s
        self.wait_s = wait_s
        #: How many whole reads and patches the store made (logs, tests).
        self.counts = {"read": 0, "refreshed": 0}

    def get(self, key: tuple, version: str,
            reader: Callable[[], AbstractContextManager[Any]],
            load: Load, refresh: Refresh) -> pl.DataFrame:
        """The frame of ``key`` as of ``version``: cached, patched by ``refresh`` since the
        entry's mark, or read by ``load`` (first use, or after the entry was dropped)."""
        return self.get_marked(key, version, reader, load, refresh)[1]

    def get_marked(self, key: tuple, version: str,
                   reader: Callable[[], AbstractContextManager[Any]],
                   load: Load, refresh: Refresh) -> tuple[Any, pl.DataFrame]:
        """(the mark the frame is current to, the frame) of ``key`` as of ``version``.

        The mark lets a frame derived from this one (``dashboard.data``'s monthly sums) say
        exactly which changes it has seen, whatever another session refreshes meanwhile."""
        entry = self._entries.get(key)
        held = entry.held if entry is not None else None
        if entry is not None and entry.version == version and held is not None:
            entry.used_at = time.monotonic()
            return held
        entry = self._entries.setdefault(key, _Entry())
        if not entry.lock.acquire(timeout=self.wait_s):
            raise WarehouseBusyError("common.warehouse_busy", path=str(key[0]))
        try:
            if entry.version != version or entry.held is None:
                started = time.perf_counter()
                with reader() as con:
                    if entry.held is None:
                        entry.held = load(con)
                        how = "read"
                    else:
                        entry.held = refresh(con, *entry.held)
                        how = "refreshed"
                entry.version = version
                self.counts[how] += 1
                log.info("%s %s: %d rows in %.3f s", how, key[1:], entry.held[1].height,
                         time.perf_counter() - started)
            entry.used_at = time.monotonic()
            held = entry.held
        finally:
            entry.lock.release()
        self._evict()
        return held

    def _evict(self) -> None:
        """Drop entries idle for ``idle_s`` and the least recently used beyond the cap."""
        now = time.monotonic()
        items = sorted(self._entries.items(), key=lambda kv: kv[1].used_at)
        for n, (key, entry) in enumerate(items):
            if now - entry.used_at > self.idle_s or len(items) - n > self.max_entries:
                self._entries.pop(key, None)

    def clear(self) -> None:
        """Forget every frame (tests; a restored backup is caught by the mark anyway)."""
        self._entries.clear()

    def keys(self) -> Iterator[tuple]:
        """The keys held now (tests, logs)."""
        return iter(list(self._entries))

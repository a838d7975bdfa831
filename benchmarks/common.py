"""What the benchmark scripts share: a timer that records into the results dict."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger("bench")


@contextmanager
def timed(results: dict[str, float], key: str) -> Iterator[None]:
    """Store the block's wall time in seconds under ``results[key]`` and log it."""
    start = time.perf_counter()
    yield
    results[key] = round(time.perf_counter() - start, 3)
    log.info("%s: %.2f s", key, results[key])

"""One namespaced logger, configured only at the entry points (CLI, dashboard)."""

from __future__ import annotations

import logging

_ROOT = "parkghg"


def get_logger(name: str) -> logging.Logger:
    """A child of the project logger, e.g. ``parkghg.service.uploads``."""
    return logging.getLogger(name if name.startswith(_ROOT) else f"{_ROOT}.{name}")


def configure(level: str | int = "INFO") -> None:
    """Set up console logging once; called by ``parkghg`` and ``dashboard/app.py`` only."""
    root = logging.getLogger(_ROOT)
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)

"""Which engine a warehouse target names: a DuckDB file path or a ``postgresql://`` URL.

Why a module: the target travels through settings, the CLI and the service layer as the one
value ``db`` (typed ``Path`` almost everywhere, since a file was the only kind). A URL that went
through ``Path()`` loses one slash (``postgresql:/user@host/db``); :func:`pg_url` puts it back,
so every caller keeps passing the value it has and only the warehouse looks inside it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_SCHEMES = ("postgresql:", "postgres:")
_COLLAPSED = re.compile(r"^(postgres(?:ql)?):/(?!/)")


def is_postgres(target: Path | str | object) -> bool:
    """True when ``target`` is a PostgreSQL URL (also after a trip through ``Path()``)."""
    return isinstance(target, str | os.PathLike) and str(target).startswith(_SCHEMES)


def pg_url(target: Path | str) -> str:
    """The libpq URL of a PostgreSQL target, with the slash ``Path()`` dropped restored."""
    return _COLLAPSED.sub(r"\1://", str(target))


def display_name(target: Path | str) -> str:
    """The target as shown to people and logs: a URL without its password."""
    if not is_postgres(target):
        return str(target)
    return re.sub(r"(//[^:/@]+):[^@/]*@", r"\1:***@", pg_url(target))


def database_name(target: Path | str) -> str:
    """The database name of a PostgreSQL URL (the last path segment, without a query)."""
    tail = pg_url(target).split("//", 1)[1]
    name = tail.split("/", 1)[1] if "/" in tail else ""
    return name.split("?", 1)[0] or "postgres"

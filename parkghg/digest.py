"""SHA-256 of a file, read in chunks.

Why one function: backups, restores and published datasets all state checksums of files that
may be hundreds of megabytes; each reads the file in chunks instead of into memory.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    """The hex SHA-256 of the file at ``path``."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()

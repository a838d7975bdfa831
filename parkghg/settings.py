"""Where the warehouse lives: ``--db`` beats ``PARKGHG_DB`` beats ``./data/parkghg.duckdb``."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB_PATH = Path("data") / "parkghg.duckdb"
DB_ENV_VAR = "PARKGHG_DB"


def resolve_db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The warehouse path to use, from the CLI option, the environment or the default."""
    if cli_value:
        return Path(cli_value)
    env = os.environ.get(DB_ENV_VAR)
    return Path(env) if env else DEFAULT_DB_PATH

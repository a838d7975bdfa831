"""Every setting parkghg reads from its environment, read in one place and typed.

Why one module: the CLI, the dashboard and the warehouse used to parse ``PARKGHG_*`` variables
each in their own way (``PARKGHG_DEMO=true`` counted in one place and not in another). Each
variable is named, documented and parsed here once; the README's settings table lists the same
names (a test checks they agree).

| variable | meaning | default |
|---|---|---|
| ``PARKGHG_DB`` | DuckDB file or PostgreSQL URL (``--db`` wins) | ``./data/parkghg.duckdb`` |
| ``PARKGHG_LANG`` | language of CLI messages, ``vi`` or ``en`` (``--lang`` beats it) | ``vi`` |
| ``PARKGHG_DEMO`` | ``1``, ``true``, ``yes`` or ``on``: demo mode (demo accounts) | off |
| ``PARKGHG_LOG_DIR`` | where crash logs are written | ``./data/logs`` |
| ``PARKGHG_FILES_DIR`` | PostgreSQL: where ``<db>.files/`` (uploads) live | ``./data/files`` |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from parkghg.i18n import DEFAULT_LANG, LANGS, Lang

DB_ENV_VAR = "PARKGHG_DB"
LANG_ENV_VAR = "PARKGHG_LANG"
DEMO_ENV_VAR = "PARKGHG_DEMO"
LOG_DIR_ENV_VAR = "PARKGHG_LOG_DIR"
FILES_DIR_ENV_VAR = "PARKGHG_FILES_DIR"
ENV_VARS: tuple[str, ...] = (DB_ENV_VAR, LANG_ENV_VAR, DEMO_ENV_VAR, LOG_DIR_ENV_VAR,
                             FILES_DIR_ENV_VAR)

DEFAULT_DB_PATH = Path("data") / "parkghg.duckdb"
DEFAULT_LOG_DIR = Path("data") / "logs"
DEFAULT_FILES_DIR = Path("data") / "files"
_TRUE = frozenset({"1", "true", "yes", "on"})


class Settings(BaseModel):
    """The environment as parkghg understands it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    db_path: Path
    lang: Lang
    demo: bool
    log_dir: Path
    files_dir: Path


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read every ``PARKGHG_*`` variable (an unknown language falls back to the default)."""
    env = os.environ if env is None else env
    lang = env.get(LANG_ENV_VAR, DEFAULT_LANG).strip().lower()
    return Settings(
        db_path=Path(env.get(DB_ENV_VAR) or DEFAULT_DB_PATH),
        lang=lang if lang in LANGS else DEFAULT_LANG,  # type: ignore[arg-type]
        demo=env.get(DEMO_ENV_VAR, "").strip().lower() in _TRUE,
        log_dir=Path(env.get(LOG_DIR_ENV_VAR) or DEFAULT_LOG_DIR),
        files_dir=Path(env.get(FILES_DIR_ENV_VAR) or DEFAULT_FILES_DIR),
    )


def resolve_db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The warehouse path to use: the CLI option, else ``PARKGHG_DB``, else the default."""
    return Path(cli_value) if cli_value else load_settings().db_path


def demo_enabled() -> bool:
    """Whether this process runs in demo mode (``PARKGHG_DEMO``)."""
    return load_settings().demo

"""The README's settings table and ``parkghg.settings`` agree (names, order and defaults).

Why a test: a setting added in code and not in the README is one an operator cannot find, and a
default changed in one place only misleads whoever reads the other.
"""

from __future__ import annotations

import re
from pathlib import Path

from parkghg import settings
from parkghg.settings import (
    DB_ENV_VAR,
    DEFAULT_DB_PATH,
    DEFAULT_FILES_DIR,
    DEFAULT_LOG_DIR,
    DEMO_ENV_VAR,
    ENV_VARS,
    FILES_DIR_ENV_VAR,
    LANG_ENV_VAR,
    LOG_DIR_ENV_VAR,
    load_settings,
)

README = Path(__file__).resolve().parents[1] / "README.md"
_ROW = re.compile(r"^\|\s*`+(PARKGHG_[A-Z_]+)`+\s*\|(.*)\|(.*)\|\s*$")


def table(text: str) -> dict[str, str]:
    """variable → default cell of every ``PARKGHG_*`` row of a markdown table."""
    return {m[1]: m[3].strip() for line in text.splitlines() if (m := _ROW.match(line))}


def readme_settings() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    return table(section)


def test_readme_lists_every_setting_in_order() -> None:
    assert list(readme_settings()) == list(ENV_VARS)
    # the module's own docstring table says the same
    assert list(table(settings.__doc__ or "")) == list(ENV_VARS)


def test_readme_defaults_are_the_real_ones() -> None:
    real = load_settings({})
    expected = {
        DB_ENV_VAR: f"./{DEFAULT_DB_PATH.as_posix()}",
        LANG_ENV_VAR: real.lang,
        DEMO_ENV_VAR: "on" if real.demo else "off",
        LOG_DIR_ENV_VAR: f"./{DEFAULT_LOG_DIR.as_posix()}",
        FILES_DIR_ENV_VAR: f"./{DEFAULT_FILES_DIR.as_posix()}",
    }
    assert set(expected) == set(ENV_VARS), "say here what the new setting's default is"
    for name, default in readme_settings().items():
        assert default.strip("`") == expected[name], name

"""What every subcommand receives as ``click``'s context object."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from parkghg.i18n import Lang


@dataclass
class CliContext:
    """The warehouse path, the reader's language, and whether to show tracebacks."""

    db_path: Path
    lang: Lang
    debug: bool

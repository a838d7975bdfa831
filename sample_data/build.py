"""Regenerate the committed sample files: ``python -m sample_data.build --committed``.

Why committed at all: people read ``parks.csv``/``enterprises.csv`` and the example uploads
on GitHub and use them as templates without running anything. Why regenerated: a test compares
them with ``committed_files()``, so they can never drift from the generator. The full monthly
sample is not committed; ``parkghg sample-data`` generates and loads it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from parkghg import log as plog
from sample_data.generator import SampleSpec, registry
from sample_data.uploads import example_uploads

SAMPLE_DIR = Path(__file__).parent
UPLOADS_DIR = "uploads"
REGISTRY_FILES = ("provinces.csv", "parks.csv", "enterprises.csv")

log = plog.get_logger("sample_data.build")


def registry_files(spec: SampleSpec | None = None) -> dict[str, bytes]:
    """The registry CSVs exactly as ``parkghg registry import`` reads them."""
    frames = registry(spec or SampleSpec())
    return {name: frame.write_csv(null_value="").encode("utf-8")
            for name, frame in zip(REGISTRY_FILES, frames, strict=True)}


def committed_files() -> dict[str, bytes]:
    """Relative path (under sample_data/) → bytes of every generated, committed file."""
    files = registry_files()
    files |= {f"{UPLOADS_DIR}/{name}": content for name, content in example_uploads().items()}
    return files


def write_committed(root: Path = SAMPLE_DIR) -> list[Path]:
    """Write every committed file under ``root``; return the paths written."""
    written = []
    for rel, content in committed_files().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
        log.info("wrote %s (%d bytes)", path, len(content))
    return written


def main(argv: list[str]) -> int:
    """``--committed`` rewrites the committed files (the flag keeps the intent explicit)."""
    plog.configure("INFO")
    if argv != ["--committed"]:
        log.error("usage: python -m sample_data.build --committed")
        return 2
    write_committed()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

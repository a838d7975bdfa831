"""Write a keyed catalogue pair (vi + en .po) from one Python table.

Why: keeping both languages of a message on one line of source makes it hard to add a key in
one language and forget the other. Usage: ``python tools/write_po.py ingest``, reading
``tools/catalogues/<domain>.py`` which defines ENTRIES = [(key, vi, en), ...].
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = (
    'msgid ""\nmsgstr ""\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: {lang}\\n"\n'
)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def write(domain: str, entries: list[tuple[str, str, str]]) -> None:
    """Write parkghg/locales/{vi,en}/<domain>.po from (key, vi, en) triples."""
    for index, lang in enumerate(("vi", "en")):
        lines = [HEADER.format(lang=lang)]
        for key, *texts in entries:
            if not key.startswith(f"{domain}."):
                raise SystemExit(f"key {key!r} does not start with {domain}.")
            lines.append(f'msgid "{key}"\nmsgstr "{_escape(texts[index])}"\n')
        out = ROOT / "parkghg" / "locales" / lang / f"{domain}.po"
        out.write_text("\n".join(lines), encoding="utf-8")


def main(domain: str) -> None:
    spec = importlib.util.spec_from_file_location(
        domain, ROOT / "tools" / "catalogues" / f"{domain}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    write(domain, module.ENTRIES)


if __name__ == "__main__":
    main(sys.argv[1])

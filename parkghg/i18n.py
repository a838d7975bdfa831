"""Translation catalogues (Vietnamese first, English second) and locale formatting.

Why keyed gettext catalogues: translators can use ordinary .po tools (Poedit, Weblate), and
pages and messages never hold user-facing literals. Each domain owns one file per language,
``parkghg/locales/<lang>/<domain>.po``, whose keys all start with ``<domain>.``, so work on
one part of the app never edits another part's catalogue. Babel reads the .po files (no
compile step) and formats numbers and dates per locale (``1.234,5`` in Vietnamese).
"""

from __future__ import annotations

import contextlib
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import datetime as dt

# json, hashlib and decimal are imported where they are used: every ``parkghg`` process imports
# this module (``parkghg --version`` included, issue 9), most never format a number.

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")
DEFAULT_LANG: Lang = "vi"
LOCALES_DIR = Path(__file__).parent / "locales"


class MissingTranslationError(KeyError):
    """A key asked for is not in the catalogue (a programming error, caught by tests)."""


#: The merged catalogue of one language as last parsed, beside its .po files (not in git):
#: ``{"sha256": <of the .po files>, "messages": {...}}``.
_PARSED_NAME = ".parsed-catalogue.json"


@cache
def catalogue(lang: Lang) -> dict[str, str]:
    """Every key → message for one language, merged over all domain files.

    Why a parsed copy: Babel's .po reader takes about 0.15 s of CPU for the two languages,
    paid by every command-line process that prints a message (a tenth of a one-file
    ``parkghg ingest``). The merged result is kept as JSON beside the .po files and used while
    the .po files' digest matches, so an edited catalogue is read afresh; where the folder is
    read-only the .po files are simply parsed each time.
    """
    import hashlib
    import json

    folder = LOCALES_DIR / lang
    paths = sorted(folder.glob("*.po"))
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    parsed = folder / _PARSED_NAME
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        kept = json.loads(parsed.read_text(encoding="utf-8"))
        if kept["sha256"] == digest.hexdigest():
            return dict(kept["messages"])
    messages = _read_po_files(paths)
    with contextlib.suppress(OSError):  # a read-only install: parse next time as well
        tmp = parsed.with_name(f"{parsed.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"sha256": digest.hexdigest(), "messages": messages},
                                  ensure_ascii=False), encoding="utf-8")
        tmp.replace(parsed)  # atomic: a concurrent reader sees the old or the new file
    return messages


def _read_po_files(paths: list[Path]) -> dict[str, str]:
    from babel.messages.pofile import read_po  # lazy: kept off CLI start-up

    messages: dict[str, str] = {}
    for path in paths:
        with path.open("rb") as fh:
            for message in read_po(fh):
                if message.id:
                    messages[str(message.id)] = str(message.string)
    return messages


def t(key: str, lang: Lang = DEFAULT_LANG, /, **params: object) -> str:
    """The message for ``key`` in ``lang`` with ``{placeholders}`` filled from ``params``."""
    try:
        template = catalogue(lang)[key]
    except KeyError as exc:
        raise MissingTranslationError(f"{key!r} missing from the {lang} catalogue") from exc
    return template.format(**params) if params else template


#: The app's languages' number symbols (CLDR, as Babel has them): group, decimal.
_SEPARATORS = {"en": None, "vi": str.maketrans(",.", ".,")}


def fmt_number(value: float | int | None, lang: Lang = DEFAULT_LANG, digits: int = 1) -> str:
    """A number in the reader's locale: ``1.234,5`` (vi) or ``1,234.5`` (en).

    Exactly Babel's ``format_decimal`` with the pattern ``#,##0.0…`` (the number read as
    ``Decimal(str(value))``, rounded half to even; a test compares the two), written here for
    the app's two languages because Babel's pattern machinery cost about 0.5 ms a number and
    a JCM candidate list formats thousands of them (issue 9). Other languages, and values
    that are not finite, go through Babel.
    """
    if value is None:
        return "–"
    import decimal  # a no-op after the first number: the module is then in sys.modules

    if lang in _SEPARATORS and digits >= 0:
        number = decimal.Decimal(str(value))
        if number.is_finite():
            try:
                rounded = number.quantize(decimal.Decimal(1).scaleb(-digits),
                                          rounding=decimal.ROUND_HALF_EVEN)
            except decimal.InvalidOperation:  # beyond Decimal's precision: Babel decides
                pass
            else:
                text = format(rounded, ",f")
                table = _SEPARATORS[lang]
                return text if table is None else text.translate(table)
    from babel.numbers import format_decimal  # lazy: kept off CLI start-up

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=lang)


def fmt_date(value: dt.date, lang: Lang = DEFAULT_LANG) -> str:
    """A date in the reader's locale (``23/11/2026`` in Vietnamese)."""
    from babel.dates import format_date  # lazy: kept off CLI start-up

    return format_date(value, format="short" if lang == "vi" else "medium", locale=lang)

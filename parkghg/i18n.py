"""Translation catalogues (Vietnamese first, English second) and locale formatting.

Why keyed gettext catalogues: translators can use ordinary .po tools (Poedit, Weblate), and
pages and messages never hold user-facing literals. Each domain owns one file per language,
``parkghg/locales/<lang>/<domain>.po``, whose keys all start with ``<domain>.``, so work on
one part of the app never edits another part's catalogue. Babel reads the .po files (no
compile step) and formats numbers and dates per locale (``1.234,5`` in Vietnamese).
"""

from __future__ import annotations

import datetime as dt
import decimal
from functools import cache
from pathlib import Path
from typing import Literal

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")
DEFAULT_LANG: Lang = "vi"
LOCALES_DIR = Path(__file__).parent / "locales"


class MissingTranslationError(KeyError):
    """A key asked for is not in the catalogue (a programming error, caught by tests)."""


@cache
def catalogue(lang: Lang) -> dict[str, str]:
    """Every key → message for one language, merged over all domain files."""
    from babel.messages.pofile import read_po  # lazy: kept off CLI start-up

    messages: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.po")):
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

"""Header normalisation: which uploaded column is which contract column.

Rules, in order (so a header written by hand or by Vietnamese Excel still matches):

* Unicode NFC (cp1258 files spell Vietnamese with combining tone marks), trim, lower-case,
  collapse inner whitespace; a trailing "(...)" hint such as ``quantity (số lượng)`` is dropped;
* the contract's English names match exactly after that;
* the Vietnamese aliases of ``parkghg.contract.HEADER_ALIASES_VI`` match, with or without
  diacritics-insensitive fallback (never: only exact alias text, to avoid false friends);
* an unnamed column that is empty in every row (Excel's trailing separators) is ignored;
* anything else is an error, never silently dropped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial

from parkghg.contract import COLUMNS, HEADER_ALIASES_VI, REQUIRED_COLUMNS
from parkghg.problems import Problem, problem

upload_problem = partial(problem, "upload")
_HINT = re.compile(r"\s*[\(\[].*[\)\]]\s*$")


def normalise_header(raw: str) -> str:
    """The comparison form of a header cell."""
    text = unicodedata.normalize("NFC", raw or "").strip().lower()
    text = " ".join(text.split())
    stripped = _HINT.sub("", text)
    return stripped or text


def canonical_name(raw: str) -> str | None:
    """The contract column a header means, or None when it is not one."""
    key = normalise_header(raw)
    if key in COLUMNS:
        return key
    return HEADER_ALIASES_VI.get(key)


def map_headers(
    headers: list[str], empty_columns: set[int]
) -> tuple[dict[int, str], list[Problem]]:
    """Map column positions to contract names; return every header problem found.

    ``empty_columns`` are positions whose cells are all empty; an unnamed one is ignored.
    """
    mapping: dict[int, str] = {}
    issues: list[Problem] = []
    allowed = ", ".join(COLUMNS)
    for index, raw in enumerate(headers):
        name = canonical_name(raw)
        if name is None:
            if not normalise_header(raw) and index in empty_columns:
                continue
            issues.append(
                upload_problem("header_unknown", row=1, column=raw, value=raw, allowed=allowed)
            )
        elif name in mapping.values():
            issues.append(upload_problem("header_duplicate", row=1, column=raw, value=name))
        else:
            mapping[index] = name
    for required in REQUIRED_COLUMNS:
        if required not in mapping.values():
            issues.append(upload_problem("header_missing", row=1, column=required,
                                     value=required))
    return mapping, issues

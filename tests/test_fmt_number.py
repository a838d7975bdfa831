"""``parkghg.i18n.fmt_number``'s own formatting equals Babel's ``format_decimal`` (issue 9:
written out for speed, it must not change a single printed figure)."""

from __future__ import annotations

import random

import pytest
from babel.numbers import format_decimal

from parkghg.i18n import fmt_number

EDGES = [0, 0.0, -0.0, 1, -1, 0.5, 1.5, 2.5, -2.5, 0.05, 0.15, 0.25, 0.35, 2.675, 1.005,
         -0.04, -0.05, 999.95, 999_999.5, 1234.5678, -1234.5678, 1e-7, -1e-7, 1e15, 1.5e16,
         123456789012345678, 1e21, 3.0e-5, 0.999, 9.995, 10**6, -(10**9), 7]


def _babel(value, lang: str, digits: int) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("digits", [0, 1, 2, 3, 4])
def test_equals_babel_on_edges_and_random_values(lang: str, digits: int) -> None:
    rng = random.Random(digits * 7 + len(lang))
    values = [*EDGES,
              *(rng.uniform(-1e6, 1e6) for _ in range(300)),
              *(round(rng.uniform(-100, 100), rng.randint(0, 5)) for _ in range(300)),
              *(rng.randint(-10**12, 10**12) for _ in range(100))]
    for value in values:
        assert fmt_number(value, lang, digits) == _babel(value, lang, digits), value  # type: ignore[arg-type]


def test_none_and_not_finite() -> None:
    assert fmt_number(None, "vi") == "–"
    for value in (float("nan"), float("inf"), float("-inf")):
        assert fmt_number(value, "en", 1) == _babel(value, "en", 1)

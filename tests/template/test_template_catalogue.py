"""Every text of the templates comes from the ``template`` catalogue, in both languages."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import ingest.template as tpl
from cli import template_cmd
from parkghg import i18n

LANGS = ("vi", "en")


def _po(lang: str) -> dict[str, str]:
    path = i18n.LOCALES_DIR / lang / "template.po"
    with path.open("rb") as fh:
        return {str(m.id): str(m.string) for m in read_po(fh) if m.id}


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.fixture(scope="module")
def used_keys() -> set[str]:
    """Keys asked for while building every output, plus the literal keys in the sources."""
    seen: set[str] = set()
    real_t = tpl.t

    def recording_t(key: str, lang: i18n.Lang = "vi", /, **params: object) -> str:
        seen.add(key)
        return real_t(key, lang, **params)

    mp = pytest.MonkeyPatch()
    mp.setattr(tpl, "t", recording_t)
    try:
        for enterprise in (None, "0301234567"):
            tpl.xlsx_template_bytes(enterprise)
            tpl.csv_template_bytes(enterprise)
        for lang in LANGS:
            tpl.example_rows(lang=lang)
    finally:
        mp.undo()
    for module in (tpl, template_cmd):
        source = Path(module.__file__).read_text(encoding="utf-8")
        seen |= set(re.findall(r'"(template\.[a-z_.]+[a-z_])"', source))
    return seen


def test_vi_and_en_have_the_same_keys_and_placeholders() -> None:
    vi, en = _po("vi"), _po("en")
    assert set(vi) == set(en)
    assert all(key.startswith("template.") for key in vi)
    for key in vi:
        assert vi[key].strip() and en[key].strip(), key
        assert _fields(vi[key]) == _fields(en[key]), key


def test_every_key_used_exists_in_both_catalogues(used_keys: set[str]) -> None:
    for lang in LANGS:
        missing = used_keys - set(i18n.catalogue(lang))
        assert not missing, (lang, sorted(missing))


def test_no_unused_keys_in_the_catalogue(used_keys: set[str]) -> None:
    assert set(_po("vi")) - used_keys == set()


def test_every_contract_unit_and_column_has_texts() -> None:
    from parkghg import contract

    cat = i18n.catalogue("vi")
    for unit in contract.all_units():
        assert f"template.unit.{unit}" in cat, unit
    for column in contract.COLUMNS:
        for part in ("title", "content", "hint", "example"):
            assert f"template.col.{column}.{part}" in cat, (column, part)

"""Every message exists in Vietnamese and English, with the same placeholders."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from parkghg.i18n import LOCALES_DIR, catalogue, fmt_number, t


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def domains() -> list[str]:
    return sorted({p.stem for lang in ("vi", "en") for p in (LOCALES_DIR / lang).glob("*.po")})


@pytest.mark.parametrize("domain", domains())
def test_domain_has_both_languages_with_the_same_keys(domain):
    vi_file = LOCALES_DIR / "vi" / f"{domain}.po"
    en_file = LOCALES_DIR / "en" / f"{domain}.po"
    assert vi_file.exists() and en_file.exists()
    vi = {k: v for k, v in catalogue("vi").items() if k.startswith(f"{domain}.")}
    en = {k: v for k, v in catalogue("en").items() if k.startswith(f"{domain}.")}
    assert vi.keys() == en.keys()
    for key in vi:
        assert vi[key].strip() and en[key].strip(), f"{key} is empty"
        assert placeholders(vi[key]) == placeholders(en[key]), key


def test_every_key_is_prefixed_by_its_file():
    for lang in ("vi", "en"):
        for path in (LOCALES_DIR / lang).glob("*.po"):
            text = Path(path).read_text(encoding="utf-8")
            keys = [line.split('"')[1] for line in text.splitlines() if line.startswith("msgid ")]
            assert all(k.startswith(f"{path.stem}.") for k in keys if k), path


def test_numbers_follow_the_locale():
    assert fmt_number(1234.5, "vi") == "1.234,5"
    assert fmt_number(1234.5, "en") == "1,234.5"
    assert fmt_number(None, "vi") == "–"


def test_placeholders_are_filled():
    assert "diesel" in t("ingest.unit_not_allowed", "en", value="gal", item="diesel")


def test_the_parsed_copy_follows_an_edited_catalogue(tmp_path, monkeypatch) -> None:
    """The JSON kept beside the .po files is used only while they are unchanged."""
    import shutil

    from parkghg import i18n

    shutil.copytree(i18n.LOCALES_DIR, tmp_path / "locales",
                    ignore=shutil.ignore_patterns(i18n._PARSED_NAME))
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path / "locales")
    i18n.catalogue.cache_clear()
    try:
        first = i18n.catalogue("en")
        assert (tmp_path / "locales" / "en" / i18n._PARSED_NAME).exists()
        i18n.catalogue.cache_clear()
        assert i18n.catalogue("en") == first  # from the parsed copy
        po = tmp_path / "locales" / "en" / "sample.po"
        po.write_text(po.read_text(encoding="utf-8").replace(
            'msgstr "Sample', 'msgstr "Edited sample', 1), encoding="utf-8")
        i18n.catalogue.cache_clear()
        edited = i18n.catalogue("en")
        assert edited != first and any(v.startswith("Edited sample") for v in edited.values())
        (tmp_path / "locales" / "en" / i18n._PARSED_NAME).write_text("{broken",
                                                                       encoding="utf-8")
        i18n.catalogue.cache_clear()
        assert i18n.catalogue("en") == edited  # a damaged copy is parsed afresh
    finally:
        i18n.catalogue.cache_clear()

"""The dash catalogue: same keys in both languages, every key the code asks for exists, and
pages hold no user-facing text of their own."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from parkghg.i18n import LOCALES_DIR, catalogue

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
SOURCES = sorted(DASHBOARD.rglob("*.py"))


def _keys(lang: str) -> dict[str, str]:
    with (LOCALES_DIR / lang / "dash.po").open("rb") as fh:
        return {str(m.id): str(m.string) for m in read_po(fh) if m.id}


def test_vietnamese_and_english_have_the_same_keys_and_no_empty_message() -> None:
    vi, en = _keys("vi"), _keys("en")
    assert set(vi) == set(en)
    assert all(k.startswith("dash.") for k in vi)
    assert not [k for k, v in {**vi, **en}.items() if not v.strip()]


def test_placeholders_match_between_languages() -> None:
    vi, en = _keys("vi"), _keys("en")
    names = re.compile(r"{(\w+)}")
    assert {k: set(names.findall(vi[k])) for k in vi} == {k: set(names.findall(en[k])) for k in en}


def _literal_keys(tree: ast.AST) -> set[str]:
    return {
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and re.fullmatch(r"dash\.[a-z0-9_.]*[a-z0-9]", node.value)
    }


def _prefixes(tree: ast.AST) -> set[str]:
    """``f"dash.role.{role}"`` → ``dash.role.`` (keys built from data)."""
    return {
        node.values[0].value for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr) and node.values
        and isinstance(node.values[0], ast.Constant)
        and str(node.values[0].value).startswith("dash.")
    }


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_every_key_the_code_uses_exists_in_both_languages(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for lang in ("vi", "en"):
        known = catalogue(lang)
        assert not sorted(_literal_keys(tree) - set(known)), lang
        for prefix in _prefixes(tree):
            assert any(k.startswith(prefix) for k in known), prefix


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


LAYOUT = [*sorted((DASHBOARD / "pages").glob("*.py")),
          DASHBOARD / "app.py", DASHBOARD / "sections.py", DASHBOARD / "chrome.py"]


@pytest.mark.parametrize("path", LAYOUT, ids=lambda p: p.name)
def test_pages_hold_no_user_facing_literals(path: Path) -> None:
    """A literal with a word followed by a space, or with Vietnamese letters, is prose."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    prose = [
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in skip
        and (re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", node.value)
             or re.search(r"[^\x00-\x7f·–]", node.value))
    ]
    assert not prose, prose

"""Rules the CLI and the dashboard share are written once (issue 7).

Why a source scan: these duplicates crept in as literals (a second ``("1", "2", "3")``, a
fourth GWP list, a second parse of ``PARKGHG_DEMO``), and a literal cannot be caught by an
import contract. Each check names the one home of the rule; everything else imports it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("parkghg", "ingest", "warehouse", "metrics", "exports", "service", "dashboard",
            "sample_data", "cli", "tools", "benchmarks")


def _sources() -> dict[str, str]:
    return {
        path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
        for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
        if "catalogues" not in path.parts  # message texts, not code
    }


# (what, pattern, the only files allowed to match it)
RULES = [
    ("the GWP-set list", r"""["']AR4["']\s*,\s*["']AR5["']\s*,\s*["']AR6["']""",
     {"metrics/factors.py"}),
    ("TOTAL_SCOPES (the scopes summed into a total)",
     r"""TOTAL_SCOPES\s*(:[^=\n]*)?=|[\[(]\s*["']1["']\s*,\s*["']2["']\s*,\s*["']3["']\s*[\])]""",
     {"metrics/result.py"}),
    ("the scope list", r"""\bSCOPES\s*(:[^=\n]*)?=|["']3["']\s*,\s*["']outside["']""",
     {"metrics/inventory.py"}),
    ("a PARKGHG_* environment variable's name",
     r"""(environ|getenv)\b[^\n]*PARKGHG_|["']PARKGHG_[A-Z_]+["']""", {"parkghg/settings.py"}),
    ("the 'is this enterprise visible' refusal", r"error_enterprise_not_visible",
     {"service/inventory.py"}),
]


@pytest.mark.parametrize(("what", "pattern", "homes"), RULES, ids=[r[0] for r in RULES])
def test_written_once(what: str, pattern: str, homes: set[str]) -> None:
    found = {name for name, text in _sources().items() if re.search(pattern, text)}
    assert found == homes, (
        f"{what} is defined in {sorted(found - homes)}; import it from {sorted(homes)} instead")

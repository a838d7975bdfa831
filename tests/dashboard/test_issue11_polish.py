"""Issue 11, problem 8: the polish users notice.

* One term per language for CO2-equivalent tonnes, everywhere (dashboard, CLI, exports):
  "tCO2tđ" in Vietnamese, "tCO2e" in English.
* No Python ``None`` in a table cell, production units in the reader's language, and
  Vietnamese CLI refusals say "Lỗi:" (not click's English "Error:") and name the Scope 2
  basis in Vietnamese.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from click.testing import CliRunner

from cli.main import cli
from dashboard import cells
from parkghg.i18n import catalogue, t

DOMAINS_WITH_UNITS = ("dash", "export", "inventory", "cli")


@pytest.mark.parametrize(("lang", "term", "other"), [("vi", "tCO2tđ", "tCO2e"),
                                                      ("en", "tCO2e", "tCO2tđ")])
def test_one_term_per_language_for_co2_equivalent(lang: str, term: str, other: str) -> None:
    texts = {k: v for k, v in catalogue(lang).items() if k.split(".")[0] in DOMAINS_WITH_UNITS}
    assert any(term in v for v in texts.values())
    assert not {k for k, v in texts.items() if other in v}


def test_table_cells_never_show_none_and_speak_the_language_they_are_given() -> None:
    frame = pl.DataFrame({"v": [1825.94, None], "note": [None, "x"],
                          "at": [dt.datetime(2026, 1, 5, 8, 30), None]})
    shown = frame.select(cells.number("v", "en", 1), cells.text("note"), cells.when("at", "vi"))
    assert shown.rows() == [("1,825.9", "–", "05/01/2026 08:30"), ("–", "x", "–")]
    assert frame.select(cells.number("v", "vi", 1)).item(0, 0) == "1.825,9"


def test_production_units_are_translated_in_vietnamese() -> None:
    assert t("dash.intensity.tco2e_per_output", "vi", unit=t("dash.prod_unit.pair", "vi")) \
        == "tCO2tđ/đôi sản phẩm"


def test_vietnamese_cli_refusal_is_prefixed_in_vietnamese(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.duckdb"), "user", "list"])
    assert result.exit_code == 1
    assert result.output.startswith("Lỗi: ") and "Error:" not in result.output
    assert t("cli.basis_location", "vi") == "theo vị trí (location-based)"


def test_province_notes_write_figures_in_each_languages_format() -> None:
    from exports.province import _localised

    params = {"total": 6015.046, "pct": 12.34, "n": 110}
    assert _localised(params, "vi") == {"total": "6.015,046", "pct": "12,3", "n": 110}
    assert _localised(params, "en") == {"total": "6,015.046", "pct": "12.3", "n": 110}

"""Values not verified in /work/shared/reference say so where they are used (issue 8)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from metrics.factors import load_factor_library
from metrics.uncertainty import uncertainty_defaults
from parkghg.i18n import t

README = Path(__file__).resolve().parents[2] / "metrics" / "factors" / "README.md"


def test_hazardous_incineration_states_its_assumed_dry_matter() -> None:
    row = load_factor_library().factors().filter(
        pl.col("factor_id") == "IPCC06_V5_EQ5.1_CO2_hazardous@hazardous:incineration"
    ).row(0, named=True)
    assert row["verification"] == "ESTIMATE"  # results that use it are provisional
    assert "UNVERIFIED" in row["source_detail"] and "dm 1.0" in row["source_detail"]


def test_gross_to_net_ratio_is_flagged_in_the_factor_and_the_template() -> None:
    row = load_factor_library().factors().filter(
        pl.col("factor_id") == "CONV_natural_gas_NCV_per_GCV").row(0, named=True)
    assert row["value"] == 0.9 and row["verification"] == "SECONDARY"
    assert "UNVERIFIED" in row["source_detail"]
    assert "UNVERIFIED" in t("template.unit.GJ_gcv", "en")
    assert "CHƯA KIỂM CHỨNG" in t("template.unit.MMBtu_gcv", "vi")


def test_uncertainty_defaults_are_tagged() -> None:
    d = uncertainty_defaults()
    assert set(d["verification"].unique()) <= {"UNVERIFIED", "SECONDARY", "SINGLE_SOURCE",
                                               "VERIFIED"}
    assert (d["verification"] == "UNVERIFIED").sum() > 0


def test_readme_says_no_decision_2626_value_is_verified() -> None:
    text = README.read_text(encoding="utf-8")
    assert "no Decision 2626/QĐ-BTNMT value is VERIFIED" in text
    assert "Only values read from the decision itself" in text
    shipped = load_factor_library().factors()
    assert shipped.filter(pl.col("source").str.contains("2626")).height == 0

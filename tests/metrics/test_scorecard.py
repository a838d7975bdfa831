"""Scorecard thresholds come from the criteria file; province values override; statuses."""

from __future__ import annotations

import polars as pl
import pytest

from metrics.scorecard import effective_thresholds, load_criteria, readiness, score


def _crit(cid: str, table: pl.DataFrame) -> dict:
    return table.filter(pl.col("criterion_id") == cid).row(0, named=True)


def test_thresholds_read_from_the_data_file() -> None:
    crit = load_criteria()
    eff = effective_thresholds(crit)
    # verified threshold from the file
    row = _crit("d35_legal_compliance", eff)
    assert (row["threshold_used"], row["threshold_basis"]) == (3.0, "verified")
    # unverified with a Decree 82/2018 fallback: the fallback, labelled
    row = _crit("d35_recp_applying", eff)
    assert row["verification"] == "UNVERIFIED"
    assert (row["threshold_used"], row["threshold_basis"]) == (0.20, "fallback_decree_82_2018")
    assert "82/2018" in row["fallback_source"]
    # unverified, no fallback: no threshold, so the criterion cannot be judged
    row = _crit("eip_waste_recovery", eff)
    assert row["threshold_used"] is None and row["threshold_basis"] == "none"
    # every criterion names its legal source
    assert crit["legal_source"].is_not_null().all()


def test_province_value_overrides_only_settable_criteria() -> None:
    overrides = pl.DataFrame({"criterion_id": ["d35_recp_applying", "d35_legal_compliance"],
                              "threshold": [0.3, 10.0]})
    eff = effective_thresholds(load_criteria(), overrides)
    assert _crit("d35_recp_applying", eff)["threshold_used"] == 0.3
    assert _crit("d35_recp_applying", eff)["threshold_basis"] == "province_set"
    assert _crit("d35_legal_compliance", eff)["threshold_used"] == 3.0  # not settable


def test_met_missed_by_how_much_and_unknown() -> None:
    eff = effective_thresholds(load_criteria(),
                               pl.DataFrame({"criterion_id": ["eip_hazardous_share"],
                                             "threshold": [0.1]}))
    values = pl.DataFrame({
        "park_id": ["a", "a", "a", "b"], "year": [2024] * 4,
        "indicator": ["recp_applying_frac", "legal_compliance_years",
                      "waste_hazardous_share_frac", "recp_applying_frac"],
        "value": [0.25, 2.0, 0.15, 0.05], "evidence": ["fact", "fact", "computed", "fact"],
    })
    s = score(eff, values)
    a = s.filter(pl.col("park_id") == "a")
    assert _crit("d35_recp_applying", a)["status"] == "met"
    miss = _crit("d35_legal_compliance", a)
    assert miss["status"] == "missed" and miss["shortfall"] == pytest.approx(1.0)
    hz = _crit("eip_hazardous_share", a)  # ≤ criterion: 0.15 vs 0.10 → missed by 0.05
    assert hz["status"] == "missed" and hz["shortfall"] == pytest.approx(0.05)
    assert _crit("d35_green_infra_land", a)["status"] == "unknown"  # no fact entered
    ranks = readiness(s)
    assert ranks.filter(pl.col("rank") == 1)["park_id"][0] == "a"


def test_every_criterion_has_a_name_in_both_languages() -> None:
    from parkghg.i18n import t

    for cid in load_criteria()["criterion_id"]:
        assert t(f"circular.crit.{cid}", "vi") and t(f"circular.crit.{cid}", "en")

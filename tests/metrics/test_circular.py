"""Circular-economy indicators on small frames whose answers are worked out by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from metrics.circular import INDICATORS, indicators, symbiosis_flows, wide
from tests.metrics.conftest import activity_row, frame

A, B, C = "3600000001", "3600000002", "3600000003"
JAN, FEB = dt.date(2024, 1, 1), dt.date(2024, 2, 1)
REGISTRY = pl.DataFrame({"enterprise_id": [A, B, C], "park_id": ["p1", "p1", "p2"]})


def _rows() -> pl.DataFrame:
    return frame([
        # A (p1): 10 t waste: 4 t plastic reused by B, 1 t hazardous incinerated, 5 t landfilled
        activity_row("waste", "plastic", 4, "t", treatment="reuse", counterparty=B,
                     enterprise_id=A, park_id="p1", period=JAN),
        activity_row("waste", "hazardous", 1000, "kg", treatment="incineration",
                     enterprise_id=A, park_id="p1", period=JAN),
        activity_row("waste", "general", 5, "t", treatment="landfill", counterparty="URENCO",
                     enterprise_id=A, park_id="p1", period=FEB),
        # A: water 900 municipal + 100 groundwater, 250 recycled; 2e9 VND revenue; 50 t output
        activity_row("water", "municipal", 900, "m3", enterprise_id=A, park_id="p1", period=JAN),
        activity_row("water", "groundwater", 100, "m3", enterprise_id=A, park_id="p1",
                     period=JAN),
        activity_row("water", "recycled", 250, "m3", enterprise_id=A, park_id="p1", period=JAN),
        activity_row("finance", "revenue", 2000, "million_VND", enterprise_id=A, park_id="p1",
                     period=JAN),
        activity_row("production", "output", 50, "t", enterprise_id=A, park_id="p1", period=JAN),
        # A: electricity 80 MWh grid + 20 MWh solar, 30 MWh RECs retired
        activity_row("electricity", "grid", 80, "MWh", enterprise_id=A, park_id="p1", period=JAN),
        activity_row("electricity", "onsite_solar", 20, "MWh", enterprise_id=A, park_id="p1",
                     period=JAN),
        activity_row("electricity", "rec_retired", 30, "MWh", enterprise_id=A, park_id="p1",
                     period=JAN),
        # B (p1): 2 t scrap recycled by C in another park; C (p2) only electricity
        activity_row("waste", "scrap_metal", 2, "t", treatment="recycling", counterparty=C,
                     enterprise_id=B, park_id="p1", period=JAN),
        activity_row("electricity", "grid", 10, "MWh", enterprise_id=C, park_id="p2",
                     period=JAN),
    ])


def _value(table: pl.DataFrame, indicator: str, **where: object) -> float | None:
    rows = table.filter(pl.col("indicator") == indicator)
    for col, val in where.items():
        rows = rows.filter(pl.col(col) == val)
    assert rows.height == 1, (indicator, where, rows)
    return rows["value"][0]


def test_enterprise_waste_water_energy_by_hand() -> None:
    out = indicators(_rows(), REGISTRY, level="enterprise")
    a = {"enterprise_id": A}
    assert _value(out, "waste_generated_t", **a) == pytest.approx(10.0)
    assert _value(out, "waste_hazardous_share_frac", **a) == pytest.approx(0.1)
    assert _value(out, "waste_reuse_frac", **a) == pytest.approx(0.4)
    assert _value(out, "waste_recovery_frac", **a) == pytest.approx(0.4)
    assert _value(out, "waste_landfill_frac", **a) == pytest.approx(0.5)
    assert _value(out, "waste_incineration_frac", **a) == pytest.approx(0.1)
    assert _value(out, "waste_per_billion_vnd_t", **a) == pytest.approx(5.0)  # 10 t / 2 bn
    assert _value(out, "waste_per_output_t", **a) == pytest.approx(0.2)  # 10 t / 50 t
    assert _value(out, "water_withdrawal_m3", **a) == pytest.approx(1000.0)
    assert _value(out, "water_recycled_frac", **a) == pytest.approx(0.2)  # 250 / 1250
    assert _value(out, "water_per_billion_vnd_m3", **a) == pytest.approx(500.0)
    assert _value(out, "electricity_mwh", **a) == pytest.approx(100.0)
    # 20 solar + min(30 RECs, 80 grid) = 50 of 100 MWh
    assert _value(out, "renewable_share_frac", **a) == pytest.approx(0.5)
    # coverage: A has waste rows in 2 months, water in 1
    waste_row = out.filter((pl.col("indicator") == "waste_generated_t")
                           & (pl.col("enterprise_id") == A))
    assert waste_row["months_n"][0] == 2 and waste_row["enterprises_n"][0] == 1
    water_row = out.filter((pl.col("indicator") == "water_withdrawal_m3")
                           & (pl.col("enterprise_id") == A))
    assert water_row["months_n"][0] == 1


def test_no_basis_is_null_not_zero() -> None:
    out = indicators(_rows(), REGISTRY, level="enterprise")
    # C reported no waste: a rate over zero tonnes is unknown, not 0 %
    assert _value(out, "waste_recovery_frac", enterprise_id=C) is None
    assert _value(out, "waste_generated_t", enterprise_id=C) == 0.0


def test_park_symbiosis_by_hand() -> None:
    out = indicators(_rows(), REGISTRY, level="park")
    p1 = {"park_id": "p1"}
    assert _value(out, "symbiosis_t", **p1) == pytest.approx(6.0)  # 4 t A→B + 2 t B→C
    assert _value(out, "symbiosis_links_n", **p1) == 2
    assert _value(out, "symbiosis_links_inside_park_n", **p1) == 1
    assert _value(out, "symbiosis_links_across_parks_n", **p1) == 1
    # A and B report in p1 and both take part
    assert _value(out, "symbiosis_participation_frac", **p1) == pytest.approx(1.0)
    # p2: C receives from p1 (attributed to the giver's park), so p2 has no link of its own
    assert _value(out, "symbiosis_links_n", park_id="p2") == 0
    assert _value(out, "symbiosis_participation_frac", park_id="p2") == pytest.approx(0.0)
    # waste to a collector that is not an enterprise is recycling, never symbiosis
    assert _value(out, "waste_generated_t", **p1) == pytest.approx(12.0)


def test_province_and_month_levels() -> None:
    out = indicators(_rows(), REGISTRY, level="province", by="month")
    assert _value(out, "waste_generated_t", period=JAN) == pytest.approx(7.0)
    assert _value(out, "waste_generated_t", period=FEB) == pytest.approx(5.0)
    assert out["park_id"].is_null().all()


def test_every_row_carries_unit_and_formula() -> None:
    out = indicators(_rows(), REGISTRY, level="park")
    assert set(out["indicator"].unique()) == {i.id for i in INDICATORS}
    assert out["unit"].is_not_null().all() and out["formula"].is_not_null().all()
    assert wide(out).height == 2


def test_flows() -> None:
    flows = symbiosis_flows(_rows(), REGISTRY)
    assert flows.select("from_enterprise_id", "to_enterprise_id", "tonnes_t",
                        "inside_park").rows() == [(A, B, 4.0, True), (B, C, 2.0, False)]


def test_energy_from_energy_use(library) -> None:
    from metrics.inventory import energy_use

    rows = _rows()
    energy = energy_use(rows, library)
    out = indicators(rows, REGISTRY, energy=energy, level="enterprise")
    # electricity 80 grid + 20 solar = 100 MWh × 3.6 GJ/MWh = 360 GJ (RECs are not energy)
    assert _value(out, "energy_gj", enterprise_id=A) == pytest.approx(360.0)
    assert _value(out, "energy_per_billion_vnd_gj", enterprise_id=A) == pytest.approx(180.0)


def test_every_indicator_has_a_name_in_both_languages() -> None:
    from parkghg.i18n import t

    for ind in INDICATORS:
        assert t(f"circular.ind.{ind.id}", "vi") and t(f"circular.ind.{ind.id}", "en")

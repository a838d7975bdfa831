"""Target status rules, pathway and projection on hand-made series."""

from __future__ import annotations

import polars as pl
import pytest

from metrics.targets import FALLBACK_BAND_FRAC, STATUS_RULES, pathway_value, progress, trajectory


def _series(values: dict[int, float]) -> pl.DataFrame:
    return pl.DataFrame({"year": list(values), "value": list(values.values())},
                        schema={"year": pl.Int32, "value": pl.Float64})


def test_pathway_straight_line() -> None:
    # −20 % from 2020 to 2030: half way (2025) is −10 %
    assert pathway_value(1000, 2020, 2030, 0.2, 2025) == pytest.approx(900)
    assert pathway_value(1000, 2020, 2030, 0.2, 2030) == pytest.approx(800)


def test_on_track_when_the_trend_reaches_the_target() -> None:
    # falls 30/yr from 1000 → 2030 projection 700 ≤ 800
    p = progress(_series({2020: 1000, 2021: 970, 2022: 940, 2023: 910}), base_year=2020,
                 target_year=2030, reduction_frac=0.2)
    assert p.status == "on_track" and p.rule == STATUS_RULES["on_track"]
    assert p.projected == pytest.approx(700)
    assert p.gap == pytest.approx(910 - 940)  # pathway 2023 = 1000 × (1 − 0.2 × 0.3) = 940


def test_off_track_when_emissions_grow() -> None:
    p = progress(_series({2020: 1000, 2021: 1050, 2022: 1100, 2023: 1160}), base_year=2020,
                 target_year=2030, reduction_frac=0.2)
    assert p.status == "off_track"
    assert p.projected_low > p.target_value


def test_at_risk_when_only_the_band_reaches() -> None:
    # noisy, slightly falling: central above 800, band low below
    p = progress(_series({2020: 1000, 2021: 900, 2022: 1050, 2023: 920, 2024: 960}),
                 base_year=2020, target_year=2030, reduction_frac=0.2)
    assert p.projected > p.target_value >= p.projected_low
    assert p.status == "at_risk"


def test_met_and_missed_once_the_target_year_has_data() -> None:
    met = progress(_series({2020: 100, 2025: 75}), base_year=2020, target_year=2025,
                   reduction_frac=0.2)
    missed = progress(_series({2020: 100, 2025: 85}), base_year=2020, target_year=2025,
                      reduction_frac=0.2)
    assert (met.status, missed.status) == ("met", "missed")


def test_insufficient_data() -> None:
    assert progress(_series({2021: 5}), base_year=2020, target_year=2030,
                    reduction_frac=0.2).status == "insufficient_data"
    assert progress(_series({2020: 5}), base_year=2020, target_year=2030,
                    reduction_frac=0.2).status == "insufficient_data"


def test_two_years_use_the_fallback_band() -> None:
    p = progress(_series({2020: 1000, 2021: 990}), base_year=2020, target_year=2030,
                 reduction_frac=0.2)
    assert p.projected_high - p.projected == pytest.approx(FALLBACK_BAND_FRAC * 990)


def test_fixed_base_value_and_trajectory_rows() -> None:
    tr = trajectory(_series({2022: 500, 2023: 480}), base_year=2020, target_year=2030,
                    reduction_frac=0.45, base_value=600)
    assert set(tr["series"]) == {"actual", "pathway", "projection"}
    assert tr.filter(pl.col("series") == "pathway").height == 11

"""Every calculation variant in one pass equals the engine run once per variant.

Why: the stored emissions (``service.emissions``) hold every GWP set × Scope 2 basis the
platform offers, computed in one pass; the one-variant engine stays the reference.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from polars.testing import assert_frame_equal

from metrics.factors import GWP_SETS
from metrics.inventory import CalcParams, compute_emission_variants, compute_emissions
from tests.metrics.conftest import activity_row, frame

_ALL = [CalcParams(gwp_set=g, scope2_basis=b) for g in GWP_SETS for b in ("location", "market")]


def _mixed_activity() -> pl.DataFrame:
    rows = []
    for month in (dt.date(2023, 5, 1), dt.date(2023, 6, 1)):
        rows += [
            activity_row("fuel", "diesel", 1200, "L", use="stationary", period=month),
            activity_row("fuel", "diesel", 0.3, "t", use="stationary", period=month),
            activity_row("fuel", "diesel", 500, "L", use="mobile", period=month),
            activity_row("fuel", "wood", 20, "t", period=month),
            activity_row("refrigerant", "r22", 3, "kg", period=month),
            activity_row("refrigerant", "r410a", 2, "kg", period=month),
            activity_row("electricity", "grid", 150, "MWh", period=month),
            activity_row("electricity", "rec_retired", 40, "MWh", period=month),
            activity_row("electricity", "dppa_renewable", 20, "MWh", period=month),
            activity_row("steam", "purchased_steam", 100, "t", period=month),
            activity_row("waste", "food_organic", 5, "t", treatment="composting", period=month),
            activity_row("waste", "general", 5, "t", treatment="landfill", period=month),
        ]
    return frame(rows)


def test_one_pass_equals_one_run_per_variant(library) -> None:
    activity = _mixed_activity()
    together = compute_emission_variants(activity, library, _ALL)
    assert together.select("gwp_set", "scope2_basis").unique().height == len(_ALL)
    for params in _ALL:
        alone = compute_emissions(activity, library, params)
        part = together.filter((pl.col("gwp_set") == params.gwp_set)
                               & (pl.col("scope2_basis") == params.scope2_basis))
        assert alone.height > 0
        assert_frame_equal(part, alone)


def test_a_subset_of_variants_is_only_those(library) -> None:
    pair = [CalcParams(gwp_set="AR6", scope2_basis="market"),
            CalcParams(gwp_set="AR4", scope2_basis="location")]
    out = compute_emission_variants(_mixed_activity(), library, pair)
    got = set(out.select("gwp_set", "scope2_basis").unique().iter_rows())
    assert got == {("AR6", "market"), ("AR4", "location")}

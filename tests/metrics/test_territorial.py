"""Province totals count energy sold between enterprises once (issue 8).

Worked example: enterprise B buys 100 t of steam from enterprise A, which makes it in its own
diesel boiler (A's Scope 1 already holds that fuel). B's Scope 2 for the steam is the Circular
38 purchased-steam formula (2,776 kJ/kg ÷ 0.85 boiler efficiency × 74,100 kg CO2/TJ, the
Circular's check case, 0.242 tCO2/t as corrected by Decision 334/QĐ-BCT): 100 t × 0.242 =
24.2 tCO2. The sum of the two inventories holds it twice; the territorial total holds it once.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from metrics.factors import load_factor_library
from metrics.inventory import CalcParams, compute_emissions
from metrics.territorial import territorial_totals

A, B, OUTSIDE = "3600000001", "3600000002", "0100000000"


def _activity(counterparty: str | None) -> pl.DataFrame:
    rows = [
        (A, "fuel", "diesel", 50.0, "m3", "stationary", None),
        (B, "steam", "purchased_steam", 100.0, "t", None, counterparty),
        (B, "electricity", "grid", 10.0, "MWh", None, None),
    ]
    return pl.DataFrame(
        [{"enterprise_id": e, "park_id": "p", "sector_id": "s", "period": dt.date(2023, 5, 1),
          "category": c, "item": i, "quantity": q, "unit": u, "quantity_canonical": q,
          "unit_canonical": u, "use": use, "treatment": None, "counterparty": cp, "note": None,
          "submission_id": "s1", "row_number": n}
         for n, (e, c, i, q, u, use, cp) in enumerate(rows, start=2)],
        schema_overrides={c: pl.String for c in ("use", "treatment", "counterparty", "note")})


@pytest.mark.parametrize(("seller", "expected_overlap"), [(A, 24.2), (OUTSIDE, 0.0), (None, 0.0)])
def test_steam_bought_inside_the_territory_is_counted_once(seller, expected_overlap) -> None:
    library = load_factor_library()
    params = CalcParams()
    activity = _activity(seller)
    em = compute_emissions(activity, library, params)
    out = territorial_totals(activity, em, library, params, {A, B}).row(0, named=True)
    steam = em.filter(pl.col("source_category") == "steam")["tco2e"].sum()
    assert steam == pytest.approx(24.2, abs=0.05)  # the Circular 38 check case, 0.242 t/t
    assert out["internal_energy_transfers_tco2e"] == pytest.approx(
        steam if expected_overlap else 0.0)
    assert out["territorial_tco2e"] == pytest.approx(
        out["sum_of_inventories_tco2e"] - out["internal_energy_transfers_tco2e"])
    assert out["transfers"] == (1 if expected_overlap else 0)

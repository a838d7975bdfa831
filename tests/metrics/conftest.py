"""Fixtures for the pure metrics tests: the shipped library and an activity-row builder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl
import pytest

from metrics.factors import FactorLibrary, load_factor_library
from parkghg.units import canonical_unit, convert

ACTIVITY_SCHEMA: dict[str, pl.DataType] = {
    "enterprise_id": pl.String(), "park_id": pl.String(), "sector_id": pl.String(),
    "period": pl.Date(), "category": pl.String(), "item": pl.String(),
    "quantity": pl.Float64(), "unit": pl.String(), "quantity_canonical": pl.Float64(),
    "unit_canonical": pl.String(), "use": pl.String(), "treatment": pl.String(),
    "counterparty": pl.String(), "note": pl.String(), "submission_id": pl.String(),
    "row_number": pl.Int32(),
}


def activity_row(
    category: str,
    item: str,
    quantity: float,
    unit: str,
    *,
    use: str | None = None,
    treatment: str | None = None,
    enterprise_id: str = "3600000001",
    park_id: str = "nhon_trach_1",
    sector_id: str = "food",
    period: dt.date = dt.date(2023, 6, 1),
    counterparty: str | None = None,
) -> dict[str, object]:
    """One activity row as ``read_current_activity`` returns it (canonicalised with pint)."""
    target = canonical_unit(category, item, unit)
    return {
        "enterprise_id": enterprise_id, "park_id": park_id, "sector_id": sector_id,
        "period": period, "category": category, "item": item, "quantity": float(quantity),
        "unit": unit, "quantity_canonical": convert(float(quantity), unit, target),
        "unit_canonical": target, "use": use, "treatment": treatment,
        "counterparty": counterparty, "note": None, "submission_id": "sub-1", "row_number": 2,
    }


def frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    """Activity rows → a frame with the warehouse's column types."""
    return pl.DataFrame(rows, schema=ACTIVITY_SCHEMA)


@pytest.fixture(scope="session")
def library() -> FactorLibrary:
    return load_factor_library()


@pytest.fixture
def make_activity() -> Callable[[list[dict[str, object]]], pl.DataFrame]:
    return frame

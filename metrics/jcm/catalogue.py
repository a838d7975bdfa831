"""The technology catalogue a workshop shows: what each technology saves, costs and fits.

Why data: the partner companies' continuing studies add technologies and revise cost ranges;
that is an edit of ``data/technologies.csv`` (technology, methodology, typical savings, cost
range per capacity unit, applicable sectors — ``*`` for any —, lifetime, source and
verification), not of code. Screening reads it.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from metrics.jcm.base import DATA_DIR
from metrics.jcm.registry import METHODOLOGIES

CATALOGUE_CSV = DATA_DIR / "technologies.csv"
CATALOGUE_SCHEMA: dict[str, pl.DataType] = {
    "technology_id": pl.String(), "methodology_id": pl.String(), "name_en": pl.String(),
    "name_vi": pl.String(), "applicable_sectors": pl.String(), "typical_saving": pl.String(),
    "capacity_unit": pl.String(), "cost_low_usd_per_unit": pl.Float64(),
    "cost_high_usd_per_unit": pl.Float64(), "lifetime_years": pl.Int32(),
    "source": pl.String(), "verification": pl.String(),
}


@cache
def technology_catalogue() -> pl.DataFrame:
    """The shipped catalogue; every methodology it names must be registered."""
    df = pl.read_csv(CATALOGUE_CSV, schema=CATALOGUE_SCHEMA)
    unknown = set(df["methodology_id"]) - set(METHODOLOGIES)
    if unknown:
        raise ValueError(f"technologies.csv names unknown methodologies {sorted(unknown)}")
    return df


@cache
def _rows_by_id() -> dict[str, dict]:
    """Catalogue rows by technology id (an id listed twice is left out: ``technology`` then
    refuses it, as a lookup that is not one row)."""
    ids = technology_catalogue()["technology_id"]
    once = set(ids.filter(ids.is_unique()).to_list())
    return {r["technology_id"]: r for r in technology_catalogue().iter_rows(named=True)
            if r["technology_id"] in once}


def technology(technology_id: str) -> dict:
    """One catalogue row as a dict (a fresh copy the caller may change).

    Why a dictionary lookup: screening asks for a row per enterprise and technology (about
    3,000 lookups at province scale); filtering the catalogue frame each time was most of the
    JCM candidates page's time (issue 9).
    """
    found = _rows_by_id().get(technology_id)
    if found is None:
        raise KeyError(technology_id)
    return dict(found)


def fits(technology_id: str, sector_id: str | None) -> bool:
    """Whether the technology applies to the sector (``*`` applies to every sector)."""
    sectors = technology(technology_id)["applicable_sectors"]
    return sectors == "*" or (sector_id is not None and sector_id in sectors.split(";"))

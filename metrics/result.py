"""An inventory as the exports and pages receive it: emission rows plus what they rest on.

Why here, below the service layer: the exports (``exports/``) render an inventory and the
service layer produces one, so the model belongs to the pure layer both can import. It holds
frames only; where they came from (live calculation or a frozen version) is the service's job.
"""

from __future__ import annotations

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from metrics.factors import LIBRARY_VERSION
from metrics.inventory import CalcParams

# Scopes that add up to the reported total (as ``metrics.rollups.annual_totals``); "outside"
# (biogenic CO2) and "memo" (Montreal gases such as R-22) are shown but never summed in, as the
# GHG Protocol and DESNZ do. The Decree 06 list threshold uses scopes 1+2 (``threshold_flags``).
TOTAL_SCOPES: tuple[str, ...] = ("1", "2", "3")


def total_tco2e(emissions: pl.DataFrame) -> float:
    """Scopes 1+2+3 in tCO2e (biogenic and memo rows excluded)."""
    if emissions.height == 0:
        return 0.0
    kept = emissions.filter(pl.col("scope").is_in(TOTAL_SCOPES))
    return float(kept["tco2e"].fill_null(0).sum())


class InventoryResult(BaseModel):
    """An inventory ready to show or export: live (``version`` is None) or a frozen version."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    emissions: pl.DataFrame
    factors: pl.DataFrame
    params: CalcParams
    year_from: int
    year_to: int
    energy: pl.DataFrame | None = None
    version: dict | None = None
    activity_keys: pl.DataFrame = Field(default_factory=pl.DataFrame)
    library_version: str = LIBRARY_VERSION
    library_sha256: str | None = None

    @property
    def provisional(self) -> bool:
        """True when any row rests on a provisional factor (e.g. a grid EF not yet published)."""
        return bool(self.emissions.height and self.emissions["provisional"].any())

    @property
    def total_tco2e(self) -> float:
        """Scopes 1+2+3 in tCO2e, the inventory total every export states."""
        return total_tco2e(self.emissions)

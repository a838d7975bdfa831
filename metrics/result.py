"""An inventory as the exports and pages receive it: emission rows plus what they rest on.

Why here, below the service layer: the exports (``exports/``) render an inventory and the
service layer produces one, so the model belongs to the pure layer both can import. It holds
frames only; where they came from (live calculation or a frozen version) is the service's job.
"""

from __future__ import annotations

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from metrics.boundary import (
    DEFAULT_BOUNDARY,
    SEPARATE_SCOPES,
    apply_boundary,
    headline_scopes,
    headline_tco2e,
)
from metrics.factors import LIBRARY_VERSION
from metrics.inventory import CalcParams

#: The scopes of the headline total under the report boundary (Circular 38: Scope 1 + 2, with
#: HCFC refrigerants in Scope 1), read on a frame passed through ``apply_boundary``. Scope 3
#: (waste sent off site) is reported beside it, never in it (``metrics.boundary``).
TOTAL_SCOPES: tuple[str, ...] = headline_scopes(DEFAULT_BOUNDARY)


def total_tco2e(emissions: pl.DataFrame) -> float:
    """The headline total in tCO2e: Scope 1 + 2 on the Circular 38 boundary."""
    return headline_tco2e(emissions, DEFAULT_BOUNDARY)


def separate_tco2e(emissions: pl.DataFrame) -> float:
    """Scope 3 in tCO2e: reported next to the headline, never inside it."""
    if emissions.height == 0:
        return 0.0
    rows = apply_boundary(emissions, DEFAULT_BOUNDARY)
    return float(rows.filter(pl.col("scope").is_in(SEPARATE_SCOPES))["tco2e"].fill_null(0).sum())


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
    # Every version of the same enterprise and years (any status), when a report needs to state
    # its recalculations (Form 06 III.4, Circular 38 Art. 22).
    history: pl.DataFrame | None = None
    activity_keys: pl.DataFrame = Field(default_factory=pl.DataFrame)
    # Circular 38 table 2.2 (``metrics.equipment.equipment_register``), when a report lists it.
    equipment: pl.DataFrame | None = None
    library_version: str = LIBRARY_VERSION
    library_sha256: str | None = None

    @property
    def provisional(self) -> bool:
        """True when any row rests on a provisional factor (e.g. a grid EF not yet published)."""
        return bool(self.emissions.height and self.emissions["provisional"].any())

    @property
    def total_tco2e(self) -> float:
        """The headline every export states: Scope 1 + 2, Circular 38 boundary, in tCO2e."""
        return total_tco2e(self.emissions)

    @property
    def scope3_tco2e(self) -> float:
        """Scope 3 in tCO2e, stated separately from the headline."""
        return separate_tco2e(self.emissions)

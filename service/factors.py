"""Emission factors for people: the effective library, its CSV, and custom-factor imports."""

from __future__ import annotations

from warehouse.factors_store import (
    FactorFileRejectedError,
    effective_library,
    import_factors,
    write_factor_csv,
)

__all__ = ["FactorFileRejectedError", "effective_library", "import_factors", "write_factor_csv"]

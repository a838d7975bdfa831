"""Unit handling for the upload contract, backed by pint.

Why pint: conversions come from one well-kept registry instead of scattered constants. The
contract's units are mapped to pint expressions once; ``conversion_table()`` turns that into a
small polars frame (unit → canonical unit, multiplier) that ingest joins onto whole columns,
so no row-by-row Python is needed.

Only *exact* conversions within one physical dimension live here (kWh→MWh, L→m3, kg→t,
MMBtu→GJ, million VND→VND). Conversions that need a physical property of a fuel (density,
calorific value) are emission-factor data with a source, and belong to ``metrics/``.
"""

from __future__ import annotations

from functools import cache

import pint
import polars as pl

from parkghg.contract import ITEMS

# Units pint does not ship, defined with their source.
_DEFINITIONS = (
    # 1 MMBtu = 10 therm = 1.0550559 GJ (UK DESNZ 2025 'Conversions'; factor CONV_MMBtu_GJ).
    "MMBtu = 1.0550559 * GJ",
    # Gross-calorific-value energy (natural-gas invoices) is its own dimension: it is never
    # converted into (net) GJ by a unit conversion; metrics/ applies the sourced GCV→NCV ratio.
    "GJ_gcv = [gross_calorific_energy]",
    "MMBtu_gcv = 1.0550559 * GJ_gcv",
    # COD mass removed by on-site wastewater treatment (kept apart from plain kg).
    "kg_COD = [cod_mass]",
    # Gas volumes at reference conditions. Sm3 (15 °C) and Nm3 (0 °C) are *not* the same
    # amount of gas, so they get their own dimensions and can never be converted into each
    # other or into plain m3 by accident.
    "Sm3 = [standard_gas_volume]",
    "Nm3 = [normal_gas_volume]",
    "piece = [product_piece]",
    "pair = [product_pair]",
    "VND = [currency_vnd]",
    "million_VND = 1e6 * VND",
    "billion_VND = 1e9 * VND",
)

# Contract spelling → pint expression (only where they differ).
_PINT_NAME: dict[str, str] = {"L": "liter", "m3": "meter**3", "m2": "meter**2", "t": "tonne"}


@cache
def registry() -> pint.UnitRegistry:
    """The project's unit registry (built once per process).

    Why pint's definition cache: parsing pint's default definitions took most of a one-file
    ``parkghg ingest`` process (about 0.5 s idle, seconds on a loaded machine); pint keeps the
    parsed form in the user's cache folder and reloads it in a fraction of that. Where that
    folder cannot be written, the registry is simply built without it.
    """
    try:
        ureg = pint.UnitRegistry(cache_folder=":auto:")
    except OSError:
        ureg = pint.UnitRegistry()
    for line in _DEFINITIONS:
        ureg.define(line)
    return ureg


def _quantity(value: float, unit: str) -> pint.Quantity:
    return registry().Quantity(value, _PINT_NAME.get(unit, unit))


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert a scalar between two contract units (raises pint.DimensionalityError)."""
    return float(_quantity(value, from_unit).to(_PINT_NAME.get(to_unit, to_unit)).magnitude)


def same_dimension(unit_a: str, unit_b: str) -> bool:
    """True when the two contract units measure the same physical dimension."""
    return _quantity(1, unit_a).dimensionality == _quantity(1, unit_b).dimensionality


def canonical_unit(category: str, item: str, unit: str) -> str:
    """The canonical unit that ``unit`` is normalised to for this item."""
    spec = next(s for s in ITEMS if s.category == category and s.item == item)
    return next(c for c in spec.canonical_units if same_dimension(unit, c))


@cache
def conversion_table() -> pl.DataFrame:
    """One row per (category, item, unit): canonical unit and multiplier.

    ``unit_key`` is the unit lower-cased, because the contract compares units
    case-insensitively; ``unit`` keeps the contract's own spelling.
    """
    rows = []
    for spec in ITEMS:
        for unit in spec.units:
            target = canonical_unit(spec.category, spec.item, unit)
            rows.append(
                {
                    "category": spec.category,
                    "item": spec.item,
                    "unit_key": unit.lower(),
                    "unit": unit,
                    "unit_canonical": target,
                    "to_canonical_mult": convert(1.0, unit, target),
                }
            )
    return pl.DataFrame(rows)

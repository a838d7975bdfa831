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

import hashlib
import os
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from parkghg.contract import ITEMS
from parkghg.log import get_logger

if TYPE_CHECKING:
    import pint

log = get_logger(__name__)

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
    import pint  # lazy: a process that finds the conversion table cached never imports pint

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

    Why a file cache: importing pint and loading its registry was most of the start-up of a
    one-file ``parkghg ingest`` process. The table is computed with pint once and kept in the
    user's cache folder under a key made of everything it depends on (the contract's items,
    the definitions above, pint's version), so a changed contract or pint gives a new file.
    """
    with _TABLE_LOCK:  # bulk ingest validates in threads: build (and write) it once
        return _cached_or_computed_table()


_TABLE_LOCK = threading.Lock()


def _cached_or_computed_table() -> pl.DataFrame:
    path = _table_cache_path()
    if path is not None and path.exists():
        try:
            return pl.read_parquet(path)
        except Exception:  # a damaged cache file is recomputed, never trusted
            log.warning("unit conversion cache %s unreadable; recomputing", path)
    table = computed_conversion_table()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            table.write_parquet(tmp)
            tmp.replace(path)
        except OSError as exc:
            log.info("unit conversion cache not written (%s)", exc)
    return table


def computed_conversion_table() -> pl.DataFrame:
    """The conversion table computed with pint (what the cache file holds)."""
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


def _table_cache_path() -> Path | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        pint_version = version("pint")
    except PackageNotFoundError:
        return None
    key = hashlib.sha256(
        repr((ITEMS, _DEFINITIONS, sorted(_PINT_NAME.items()), pint_version)).encode()
    ).hexdigest()[:16]
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "parkghg" / f"unit-conversions-{key}.parquet"

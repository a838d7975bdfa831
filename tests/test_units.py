"""Unit conversions come from pint and match the published conversion factors."""

from __future__ import annotations

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkghg.contract import ITEMS
from parkghg.units import canonical_unit, conversion_table, convert


@pytest.mark.parametrize(
    ("value", "src", "dst", "expected"),
    [
        (1000, "kWh", "MWh", 1),
        (1, "L", "m3", 0.001),
        (1500, "kg", "t", 1.5),
        # 1 MMBtu = 10 therm = 1.0550559 GJ (UK DESNZ 2025 'Conversions', CONV_MMBtu_GJ)
        (1, "MMBtu", "GJ", 1.0550559),
        (3, "billion_VND", "million_VND", 3000),
        (2, "million_VND", "VND", 2_000_000),
    ],
)
def test_published_conversions(value, src, dst, expected):
    assert convert(value, src, dst) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("a", "b"), [("Sm3", "Nm3"), ("Sm3", "m3"), ("piece", "pair"),
                                      ("kg", "L"), ("VND", "t")])
def test_different_dimensions_never_convert(a, b):
    with pytest.raises(pint.DimensionalityError):
        convert(1, a, b)


def test_every_contract_unit_has_exactly_one_canonical_target():
    table = conversion_table()
    expected_rows = sum(len(s.units) for s in ITEMS)
    assert table.height == expected_rows
    for spec in ITEMS:
        for unit in spec.units:
            assert canonical_unit(spec.category, spec.item, unit) in spec.canonical_units


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False),
       st.sampled_from([("kWh", "MWh"), ("L", "m3"), ("kg", "t"), ("MMBtu", "GJ")]))
def test_round_trip_returns_the_input(value, pair):
    src, dst = pair
    assert convert(convert(value, src, dst), dst, src) == pytest.approx(value, rel=1e-12, abs=1e-9)


def test_conversion_table_cache_matches_pint_and_survives_damage(tmp_path, monkeypatch):
    """The cached table (kept so a CLI process need not import pint) equals pint's answer."""
    from parkghg import units

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    units.conversion_table.cache_clear()
    try:
        first = units.conversion_table()  # computed and written
        path = units._table_cache_path()
        assert path is not None and path.is_relative_to(tmp_path) and path.exists()
        units.conversion_table.cache_clear()
        assert units.conversion_table().equals(units.computed_conversion_table())
        assert first.equals(units.computed_conversion_table())
        path.write_bytes(b"not parquet")  # damaged: recomputed, not trusted
        units.conversion_table.cache_clear()
        assert units.conversion_table().equals(first)
    finally:
        units.conversion_table.cache_clear()

"""Property test (issue 10): malformed rows never crash the reader or the validator, and
nothing non-finite, implausible or undated is ever accepted.

Rows mix valid cells with hostile ones (overflowing numbers, year 0, control characters,
quotes, separators, injection strings); each file is written with Python's csv writer, so
the quoting is what Excel would write, and read back through the real reader.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.read import FileRejected, read_upload
from ingest.validate import ValidationContext, plausible_bounds_frame, validate
from parkghg.contract import COLUMNS
from tests.hostile.corpus import ENT

CTX = ValidationContext(known_enterprises=frozenset({ENT}), today=dt.date(2026, 11, 1))
HOSTILE_TEXT = st.sampled_from([
    "", " ", "0000-01", "01/0000", "2024-13", "1.75e308", "1e300", "-0", "inf", "NaN",
    '"', '""', "a\x00b", "\x1b", "=1+1", "'; DROP TABLE activity_rows;--", "12,345.6",
    "1.234,5", "1,234", "\n", "\r\n", "\ufeff", "x" * 600, "sep=,", "2024-01-01 00:00:00",
])
PERIOD = st.one_of(HOSTILE_TEXT, st.sampled_from(["2024-01", "01/2024", "2024/02"]),
                   st.text(max_size=12))
QUANTITY = st.one_of(HOSTILE_TEXT, st.floats(allow_nan=True, allow_infinity=True).map(repr),
                     st.integers(min_value=-10**400, max_value=10**400).map(str),
                     st.text(alphabet="0123456789.,-e+ ", max_size=15))
ITEM = st.sampled_from([("electricity", "grid", "kWh"), ("electricity", "grid", "MWh"),
                        ("fuel", "natural_gas", "MMBtu"), ("fuel", "diesel", "L"),
                        ("finance", "revenue", "billion_VND"), ("water", "municipal", "m3"),
                        ("waste", "plastic", "t"), ("bogus", "x", "kg")])
ROW = st.tuples(st.one_of(st.just(ENT), HOSTILE_TEXT), PERIOD, ITEM, QUANTITY,
                st.one_of(st.just(""), HOSTILE_TEXT, st.text(max_size=30)))


def _file(rows: list[tuple]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for ent, period, (cat, item, unit), qty, note in rows:
        writer.writerow([ent, period, cat, item, qty, unit, "", "", "", note])
    return buf.getvalue().encode("utf-8")


@pytest.mark.slow  # ~25 s: 150 generated files through the reader and the validator
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ROW, min_size=1, max_size=6))
def test_malformed_rows_never_crash_and_never_accept_nonsense(rows: list[tuple]) -> None:
    try:
        raw = read_upload(_file(rows), "prop.csv")
    except FileRejected as rejected:
        assert rejected.problems and all(p.code for p in rejected.problems)
        return
    result = validate(raw, CTX)
    if result.errors:
        assert result.rows is None
        assert all(p.row is None or p.row >= 2 for p in result.errors)
        return
    accepted = result.rows
    assert accepted is not None and accepted.height > 0
    for value in accepted["quantity_canonical"].to_list():
        assert math.isfinite(value) and value >= 0
    assert accepted["period"].is_not_null().all()
    assert all(p.year >= 2000 for p in accepted["period"].to_list())
    capped = accepted.join(plausible_bounds_frame(), on=["category", "unit_canonical"])
    assert capped.height == accepted.height
    assert capped.filter(pl.col("quantity_canonical") > pl.col("_max")).is_empty()
    for note in accepted["note"].drop_nulls().to_list():
        assert "\x00" not in note and "\n" not in note

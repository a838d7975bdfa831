"""``FactorLibrary.select`` remembers its choices (issue 9: a monthly upload's fixed cost).

The library is immutable, so a key's winning factor never changes; a remembered choice must
give exactly what a fresh library chooses — for keys seen before, new keys, a mix of both,
enterprises with a factor of their own, and several threads (dashboard sessions) at once.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import polars as pl
from polars.testing import assert_frame_equal

from metrics.factors import FactorLibrary, load_factor_library

OWN = "3600123456"
CUSTOM = pl.DataFrame({
    "factor_id": ["ent_diesel_co2"], "kind": ["co2_ef"], "fuel_or_item": ["diesel"],
    "gas": ["CO2"], "value": [70_000.0], "unit": ["kg/TJ"], "use": [None],
    "level": ["enterprise"], "enterprise_id": [OWN], "valid_from": [dt.date(2024, 1, 1)],
    "valid_to": [None], "source": ["supplier test certificate (test)"],
    "verification": ["VERIFIED"], "library_version": ["custom"], "source_detail": [None],
})


def _needs(items: list[str], months: list[int], ents: list[str], use: str = "stationary"
           ) -> pl.DataFrame:
    rows = [(e, dt.date(2024, m, 1), i, use) for e in ents for m in months for i in items]
    frame = pl.DataFrame(rows, schema={"enterprise_id": pl.String, "period": pl.Date,
                                       "fuel_or_item": pl.String, "use": pl.String},
                         orient="row")
    return frame.with_row_index("_rid")


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort("_rid", "factor_id")


def _fresh(custom: bool) -> FactorLibrary:
    return load_factor_library(CUSTOM if custom else None)


def test_remembered_choices_equal_a_fresh_library() -> None:
    for custom in (False, True):
        lib = _fresh(custom)
        first = _needs(["diesel", "lpg"], [1, 2], ["0301234567", OWN])
        mixed = _needs(["diesel", "fuel_oil"], [2, 3], [OWN, "0309999999"])
        for needs in (first, first, mixed, first):  # seen, seen again, half new, seen
            for kind in ("co2_ef", "ch4_ef", "ncv"):
                got = lib.select(needs, kind)
                assert_frame_equal(_sorted(got), _sorted(_fresh(custom).select(needs, kind)))
                assert got.height == needs.height  # every need finds its factor


def test_the_enterprise_factor_wins_for_its_owner_only() -> None:
    lib = _fresh(True)
    needs = _needs(["diesel"], [6], [OWN, "0301234567"])
    for _ in range(2):
        got = lib.select(needs, "co2_ef").sort("_rid")
        assert got["factor_id"][0] == "ent_diesel_co2"
        assert got["factor_id"][1] != "ent_diesel_co2"


def test_threads_selecting_at_once_record_each_key_once() -> None:
    lib = _fresh(False)
    needs = _needs(["diesel", "lpg", "fuel_oil"], list(range(1, 13)), ["0301234567"])
    want = _sorted(_fresh(False).select(needs, "co2_ef"))
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: lib.select(needs, "co2_ef"), range(16)))
    for got in results:
        assert_frame_equal(_sorted(got), want)
    (seen, winners), = lib._chosen.values()
    assert seen.height == seen.unique().height == needs.height
    assert winners.height == needs.height

"""``validate_many`` gives, file by file, exactly what ``validate`` gives.

Why: bulk ingest and the sample build validate a group of files in one shared pass (issue 9);
that is only allowed because every check is per row or keyed by enterprise. These cases hold
clean files with planted ×10 typos (outlier warnings), files with errors between clean ones
(each then validated alone), a decimal-comma file (read differently: its own pass), two files
naming the same enterprise (never checked together), and a history that turns the outlier
baseline from the file to the warehouse for one enterprise only.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from polars.testing import assert_frame_equal

from ingest import validate as validate_module
from ingest.read import read_upload
from ingest.validate import ValidationContext, validate, validate_many
from sample_data.generator import SampleSpec, monthly_upload_files, profiles
from sample_data.uploads import bad_files, vn_excel_csv
from tests.ingest.conftest import csv_bytes, row
from tests.worlds import ENT_A, ENT_B

TODAY = dt.date(2026, 6, 15)
SPEC = SampleSpec.of(parks=2, enterprises_per_park=4, start="2024-01", end="2025-12")


def _files() -> list[tuple[str, bytes]]:
    files = list(monthly_upload_files(SPEC))
    one = pl.read_csv(files[0][1], infer_schema=False)
    broken = bad_files(one.with_columns(pl.col("quantity").cast(pl.Float64)))
    return [
        *files[:3],
        ("bad_unit.csv", broken["bad_wrong_unit.csv"]),
        *files[3:5],
        ("negative.csv", broken["bad_negative_quantity.csv"]),
        ("vn.csv", vn_excel_csv(pl.read_csv(files[5][1], infer_schema=False))),
        *files[6:],
        ("two_enterprises.csv", csv_bytes([row(enterprise_id=ENT_A), row(
            enterprise_id=ENT_B)])),
        ("b-year.csv", csv_bytes([row(enterprise_id=ENT_B, period=f"2025-{m:02d}",
                                       quantity=20_000 if m == 7 else 1000)
                                   for m in range(1, 8)])),
        ("a.csv", csv_bytes([row(enterprise_id=ENT_A, period="2025-01")])),
        ("a-again.csv", csv_bytes([row(enterprise_id=ENT_A, period="2025-02", quantity=9)])),
    ]


def _context(known: frozenset[str], history: pl.DataFrame | None,
             units: dict[str, str]) -> ValidationContext:
    return ValidationContext(known_enterprises=known, today=TODAY, history=history,
                             production_units=units)


def test_validate_many_equals_validate_file_by_file(monkeypatch) -> None:
    files = _files()
    raws = [read_upload(content, name) for name, content in files]
    known = frozenset({p.enterprise_id for p in profiles(SPEC)} | {ENT_A, ENT_B})
    first = profiles(SPEC)[0].enterprise_id
    history = pl.DataFrame({  # six months of grid power at 1 kWh for one enterprise only
        "enterprise_id": [first], "category": ["electricity"], "item": ["grid"],
        "unit_canonical": ["kWh"], "use": [None], "treatment": [None],
        "median_quantity": [1.0], "n_months": [6]},
        schema_overrides={"use": pl.String, "treatment": pl.String,
                          "n_months": pl.Int64})
    shared_known = known
    contexts = [_context(shared_known, history if i == 0 else None,
                         {first: "t"} if i == 1 else {}) for i in range(len(raws))]
    alone_names: list[str] = []

    def counted(raw, ctx):
        alone_names.append(raw.file_name)
        return validate(raw, ctx)

    monkeypatch.setattr(validate_module, "validate", counted)
    together = validate_many(list(zip(raws, contexts, strict=True)))
    monkeypatch.undo()
    # the clean sample files went through the shared pass; the rest were validated alone (the
    # first sample file too: the broken files are copies of it, for the same enterprise)
    assert sorted(alone_names) == sorted([
        files[0][0], "bad_unit.csv", "negative.csv", "vn.csv", "two_enterprises.csv", "b-year.csv",
        "a.csv", "a-again.csv"])
    alone = [validate(raw, ctx) for raw, ctx in zip(raws, contexts, strict=True)]
    assert len(together) == len(alone)
    n_warnings = 0
    for name, many, one in zip([n for n, _ in files], together, alone, strict=True):
        assert many.errors == one.errors, name
        assert many.warnings == one.warnings, name
        n_warnings += len(one.warnings)
        if one.rows is None:
            assert many.rows is None, name
        else:
            assert many.rows is not None, name
            assert_frame_equal(many.rows, one.rows)
    assert sum(1 for one in alone if one.errors) >= 3  # the broken files are in the test
    assert n_warnings > 0  # b-year's July (and any planted ×10 typo) warns

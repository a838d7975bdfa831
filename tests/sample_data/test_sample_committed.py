"""Committed sample files can never drift from the generator, and they load."""

from __future__ import annotations

from pathlib import Path

import pytest

from sample_data.build import SAMPLE_DIR, committed_files
from tests.worlds import import_registry, upload
from warehouse.db import open_warehouse

pytestmark = pytest.mark.slow  # generates the whole Dong Nai sample and loads its files


@pytest.fixture(scope="module")
def expected() -> dict[str, bytes]:
    return committed_files()


def test_committed_files_equal_generator_output(expected):
    for rel, content in expected.items():
        path = SAMPLE_DIR / rel
        assert path.exists(), f"{rel} missing: run python -m sample_data.build --committed"
        assert path.read_bytes() == content, (
            f"{rel} differs from the generator: run python -m sample_data.build --committed")


def test_no_stray_files_in_uploads(expected):
    on_disk = {f"uploads/{p.name}" for p in (SAMPLE_DIR / "uploads").iterdir()}
    assert on_disk == {k for k in expected if k.startswith("uploads/")}


def test_example_uploads_behave_as_the_readme_says(warehouse_path: Path):
    uploads = sorted((SAMPLE_DIR / "uploads").iterdir())
    with open_warehouse(warehouse_path) as con:
        import_registry(con, [(SAMPLE_DIR / f, None) for f in
                              ("provinces.csv", "parks.csv", "enterprises.csv")])
        results = [upload(con, p.read_bytes(), p.name, by="test", today=None) for p in uploads]
    by_name = {r.file_name: r for r in results}
    for name in ("good_utf8.csv", "good_vn_excel_cp1258.csv", "good_excel.xlsx"):
        assert by_name[name].status == "accepted", (name, by_name[name].errors[:3])
        assert by_name[name].row_count > 10
    expected_errors = {
        "bad_unknown_item.csv": (3, "item"),
        "bad_wrong_unit.csv": (2, "unit"),
        "bad_negative_quantity.csv": (4, "quantity"),
        "bad_period.csv": (14, "period"),
        "bad_missing_column.csv": (1, "unit"),
    }
    for name, (row, column) in expected_errors.items():
        result = by_name[name]
        assert result.status == "rejected", name
        assert (result.errors[0].row, result.errors[0].column) == (row, column), name
    with open_warehouse(warehouse_path, read_only=True) as con:
        names = con.execute(
            "SELECT DISTINCT counterparty FROM activity_rows WHERE counterparty LIKE 'PC %'"
        ).fetchall()
    assert ("PC Đồng Nai (EVN)",) in names  # cp1258 text came back as the same Vietnamese

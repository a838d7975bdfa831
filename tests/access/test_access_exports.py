"""Exports built by ``service.reports`` stay inside the reader's scope, whatever the format.

Why here and not in the scoped-read walk: an export returns file bytes (CSV, JSON, a zipped
XLSX), which the generic leak detector cannot look inside, so these tests open the files.
"""

from __future__ import annotations

import io
import json
import zipfile

import duckdb
import polars as pl
import pytest

from parkghg.errors import AccessDeniedError
from service import reports
from tests.worlds import E1, E2, E3, PB
from tests.worlds import access_scope as scope_of

OUTSIDE = {"ent1": {E2, E3}, "park_a": {E3}}


def _text_of(content: bytes) -> str:
    """Every string in an export: the file itself, or every XML part of a workbook."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "".join(book.read(n).decode("utf-8") for n in book.namelist()
                           if n.endswith(".xml"))
    return content.decode("utf-8-sig")


@pytest.mark.parametrize("who", ["ent1", "park_a"])
@pytest.mark.parametrize(("kind", "fmt"), [("table", "csv"), ("table", "json"),
                                           ("table", "xlsx"), ("province", "xlsx")])
def test_export_holds_only_the_scope(con: duckdb.DuckDBPyConnection, who: str, kind: str,
                                     fmt: str) -> None:
    made = reports.export_bytes(con, scope_of(who), reports.ExportRequest(
        kind=kind, fmt=fmt, year=2024))  # type: ignore[arg-type]
    text = _text_of(made.content)
    assert E1 in text
    assert not [e for e in OUTSIDE[who] if e in text]
    if fmt == "csv":
        ids = pl.read_csv(io.BytesIO(made.content), schema_overrides={"enterprise_id": pl.String})
        assert set(ids["enterprise_id"]) <= {E1, E2} - OUTSIDE[who]
    if fmt == "json":
        rows = json.loads(made.content)["rows"]
        assert {r["enterprise_id"] for r in rows} <= {E1, E2} - OUTSIDE[who]


@pytest.mark.parametrize("request_", [
    reports.ExportRequest(kind="table", fmt="csv", year=2024, enterprise_id=E3),
    reports.ExportRequest(kind="table", fmt="csv", year=2024, park_id=PB),
    reports.ExportRequest(kind="form06", year=2025, enterprise_id=E3),
    reports.ExportRequest(kind="province", year=2024, park_id=PB),
], ids=["table-E3", "table-PB", "form06-E3", "province-PB"])
@pytest.mark.parametrize("who", ["ent1", "park_a"])
def test_export_naming_someone_else_is_refused(con: duckdb.DuckDBPyConnection, who: str,
                                               request_: reports.ExportRequest) -> None:
    with pytest.raises(AccessDeniedError):
        reports.export_bytes(con, scope_of(who), request_)


def test_own_form06_has_no_other_enterprise(con: duckdb.DuckDBPyConnection) -> None:
    made = reports.export_bytes(con, scope_of("ent1"), reports.ExportRequest(
        kind="form06", year=2025, enterprise_id=E1))
    text = _text_of(made.content)
    assert E1 in text and E2 not in text and E3 not in text
    assert made.version_id is None  # no accepted 2023-2024 version: computed live

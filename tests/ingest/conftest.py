"""Fixtures for ingest tests: a small registry and helpers that write real upload files."""

from __future__ import annotations

from pathlib import Path

import pytest

from parkghg.contract import COLUMNS
from tests.worlds import ENT_A
from warehouse.db import connect as wh_connect


@pytest.fixture
def registry_db(make_world) -> Path:
    """Two parks and three enterprises, no activity yet (``tests.worlds``' ingest registry)."""
    return make_world("ingest_registry")


def csv_bytes(rows: list[dict[str, object]], *, sep: str = ",", header: list[str] | None = None,
              encoding: str = "utf-8", bom: bool = False) -> bytes:
    """A real CSV file as an enterprise would send it."""
    header = header or list(COLUMNS)
    lines = [sep.join(header)]
    for row in rows:
        lines.append(sep.join("" if row.get(c) is None else str(row.get(c)) for c in header))
    text = "\n".join(lines) + "\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def row(period: str = "2024-01", category: str = "electricity", item: str = "grid",
        quantity: object = 1000, unit: str = "kWh", enterprise_id: str = ENT_A,
        **extra: object) -> dict[str, object]:
    """One upload row with sensible defaults."""
    return {"enterprise_id": enterprise_id, "period": period, "category": category, "item": item,
            "quantity": quantity, "unit": unit, **extra}


def table_snapshot(db: Path) -> dict[str, list]:
    """Every row of every table, to prove a failed ingest changed nothing."""
    con = wh_connect(db, read_only=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
            "AND table_schema IN ('main', 'public') "
            "ORDER BY table_name").fetchall()]
        return {n: sorted(map(repr, con.execute(f'SELECT * FROM "{n}"').fetchall())) for n in names}
    finally:
        con.close()


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_bytes(text: str) -> bytes:
    """Encode like Vietnamese Windows: precomposed base letters, combining tone marks."""
    import unicodedata

    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONES))
        out.append(base + "".join(m for m in parts if m in _TONES))
    return "".join(out).encode("cp1258")


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """Every test here that opens a warehouse runs on DuckDB and on PostgreSQL (issue 15)."""
    return request.param

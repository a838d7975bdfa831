"""Fixtures for ingest tests: a small registry and helpers that write real upload files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from parkghg.contract import COLUMNS

ENT_A = "0301234567"  # leading zero on purpose
ENT_B = "3600123456-001"  # 13-digit branch form
ENT_C = "3600999999"  # another park
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def registry_db(warehouse_path: Path) -> Path:
    """Two parks and three enterprises, no activity yet."""
    con = duckdb.connect(str(warehouse_path))
    con.execute("INSERT INTO provinces VALUES ('dong_nai', 'Đồng Nai', 'Dong Nai')")
    con.executemany("INSERT INTO parks VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
        ("amata", "dong_nai", "KCN Amata", "Amata IP", 494, "Amata", 10.95, 106.87),
        ("nhon_trach_2", "dong_nai", "KCN Nhơn Trạch 2", "Nhon Trach 2 IP", 347, "Sonadezi",
         10.73, 106.93),
    ])
    con.executemany("INSERT INTO enterprises VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
        (ENT_A, "Dệt Sông Xanh (fictional)", "amata", "textiles_garments", "13", 5000, 300, False),
        (ENT_B, "Giày Lá Phong (fictional)", "amata", "footwear", "15", 8000, 900, True),
        (ENT_C, "Nhựa Đồng Xanh (fictional)", "nhon_trach_2", "rubber_plastics", "22", 3000, 150,
         False),
    ])
    con.close()
    return warehouse_path


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
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
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

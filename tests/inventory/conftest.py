"""A small hand-built warehouse for inventory, version and export tests.

Two parks, three enterprises and a few months of 2024 and 2025 activity, loaded through the
real registry import and the real ingest pipeline (so the tests see exactly what production
sees). The warehouse is built once per session and copied for each test, which keeps every
test isolated and the module fast.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl
import pytest

from parkghg.contract import COLUMNS
from service.access import Actor
from service.registry import import_registry_many
from service.uploads import ingest_bytes
from warehouse.db import open_warehouse
from warehouse.migrate import migrate

ENT_A = "0301234567"  # Amata, textiles: boiler on diesel and wood, chillers, grid power
ENT_B = "3600123456-001"  # Amata, footwear: forklifts on diesel, purchased steam, grid power
ENT_C = "3600999999"  # Nhon Trach 2, plastics: natural gas, grid; name looks like a formula
NAME_C = "=HYPERLINK(\"http://x.example\",\"Nhựa Đồng Xanh\")"
TODAY = dt.date(2026, 11, 23)

PROVINCES = pl.DataFrame({"province_id": ["dong_nai"], "name_vi": ["Đồng Nai"],
                          "name_en": ["Dong Nai"]})
PARKS = pl.DataFrame({
    "park_id": ["amata", "nhon_trach_2"], "province_id": ["dong_nai", "dong_nai"],
    "name_vi": ["KCN Amata", "KCN Nhơn Trạch 2"], "name_en": ["Amata IP", "Nhon Trach 2 IP"],
})
ENTERPRISES = pl.DataFrame({
    "enterprise_id": [ENT_A, ENT_B, ENT_C],
    "name": ["Dệt Sông Xanh (fictional)", "Giày Lá Phong (fictional)", NAME_C],
    "park_id": ["amata", "amata", "nhon_trach_2"],
    "sector_id": ["textiles_garments", "footwear", "rubber_plastics"],
    "vsic_code": ["1311", "1520", "2220"],
})


def upload_csv(rows: list[dict[str, object]]) -> bytes:
    """A monthly upload file exactly as an enterprise would send it."""
    lines = [",".join(COLUMNS)]
    for row in rows:
        lines.append(",".join("" if row.get(c) is None else str(row[c]) for c in COLUMNS))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _r(ent: str, period: str, category: str, item: str, quantity: float, unit: str,
       **extra: object) -> dict[str, object]:
    return {"enterprise_id": ent, "period": period, "category": category, "item": item,
            "quantity": quantity, "unit": unit, **extra}


def uploads() -> list[tuple[str, bytes]]:
    """One file per enterprise and year."""
    files = []
    for year in (2024, 2025):
        a = []
        for m in (1, 2, 3):
            p = f"{year}-{m:02d}"
            a += [
                _r(ENT_A, p, "electricity", "grid", 150_000 + 1000 * m, "kWh"),
                _r(ENT_A, p, "fuel", "diesel", 4000, "L", use="stationary"),
                _r(ENT_A, p, "fuel", "wood", 12, "t", use="stationary"),
            ]
        a += [_r(ENT_A, f"{year}-02", "refrigerant", "r410a", 8, "kg"),
              _r(ENT_A, f"{year}-03", "refrigerant", "r22", 3, "kg")]
        files.append((f"{ENT_A}_{year}.csv", upload_csv(a)))
    b = []
    for m in (1, 2):
        p = f"2025-{m:02d}"
        b += [
            _r(ENT_B, p, "electricity", "grid", 80_000, "kWh"),
            _r(ENT_B, p, "fuel", "diesel", 1500, "L", use="mobile"),
            _r(ENT_B, p, "steam", "purchased_steam", 120, "t"),
        ]
    files.append((f"{ENT_B}_2025.csv", upload_csv(b)))
    c = []
    for m in (1, 2, 3):
        p = f"2025-{m:02d}"
        c += [
            _r(ENT_C, p, "electricity", "grid", 500_000, "kWh"),
            _r(ENT_C, p, "fuel", "natural_gas", 90_000, "Sm3", use="stationary"),
        ]
    files.append((f"{ENT_C}_2025.csv", upload_csv(c)))
    return files


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("inventory") / "template.duckdb"
    migrate(path)
    with open_warehouse(path) as con:
        import_registry_many(con, [(PROVINCES, "provinces"), (PARKS, "parks"),
                                   (ENTERPRISES, "enterprises")], actor=Actor.system("fixture"))
    for name, content in uploads():
        result = ingest_bytes(path, content, name, uploaded_by="fixture", today=TODAY)
        assert result.status == "accepted", (name, result.errors)
    return path


@pytest.fixture
def inv_db(_template_db: Path, tmp_path: Path) -> Path:
    """A private copy of the inventory warehouse for one test."""
    path = tmp_path / "inv.duckdb"
    shutil.copy(_template_db, path)
    return path

"""Every test world, built only through the public write path.

Why one module: the suites need small warehouses with known contents (the access world, the
dashboard world, the inventory world, the ingest registry). Each is built the way production
builds one: registry import of small frames, monthly uploads of CSV bytes through the ingest
pipeline, accounts through the accounts service, frozen inventories through the inventory
service. So a world can never hold a state real users could not reach, and a new validation
rule or a new foreign key shows up here first, as a failed build with its reason.

The write functions are called only in the "write path" section below. When a service
signature changes (an ``actor=`` keyword, say), that section is the one place to adapt.

Worlds are built once per test run (shared by the xdist workers) by ``WorldTemplates`` and
copied for each test (``make_world`` in ``tests/conftest.py``), so every test may write freely.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from argon2 import PasswordHasher

from metrics.inventory import CalcParams
from parkghg.contract import COLUMNS
from sample_data.generator import SampleSpec
from sample_data.load import build_sample
from service.access import Actor, Scope
from service.accounts import create_demo_accounts, create_user
from service.db import migrate, open_warehouse
from service.inventory import freeze_inventory
from service.registry import import_registry_many
from service.review import lock_period, upload_history
from service.uploads import IngestResult, ingest_with_connection
from warehouse import users as _users  # only to swap the password hasher while building
from warehouse.filestore import store_dir
from warehouse.marks import mark_demo

SYSTEM = Actor.system("tests")
UPLOAD_HEADER = ",".join(COLUMNS)

# ===================================================================== the write path
# The only calls into the service layer's writes. Keep them thin: a signature change is a
# one-line fix here, and every world below follows. All but ``new_warehouse`` and ``sample``
# work on one open read-write connection (``writing``), so a world opens its file once.


def new_warehouse(path: Path) -> Path:
    """An empty, migrated warehouse (what ``parkghg init`` makes)."""
    migrate(path)
    return path


@contextmanager
def writing(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A new warehouse at ``path``, open read-write while a world is written into it."""
    new_warehouse(path)
    with open_warehouse(path) as con:
        yield con


def import_registry(con: duckdb.DuckDBPyConnection,
                    sources: Sequence[tuple[Any, str | None]]) -> None:
    """Provinces, parks and enterprises (frames or files) in one registry import."""
    import_registry_many(con, list(sources), actor=SYSTEM)


def upload(con: duckdb.DuckDBPyConnection, content: bytes, file_name: str, *,
           by: str = "fixture", scope: Scope | None = None,
           today: dt.date | None) -> IngestResult:
    """One monthly upload through the ingest pipeline, accepted or rejected like a real one.

    ``today`` fixes the date the checks compare months with (None: the real today).
    """
    return ingest_with_connection(con, content, file_name, uploaded_by=by,
                                  scope=scope or Scope.system(), today=today)


def upload_all(con: duckdb.DuckDBPyConnection, files: Iterable[tuple[str, bytes]], *,
               by: str = "fixture", scope: Scope | None = None,
               today: dt.date) -> list[IngestResult]:
    """Many uploads, in order, that must all be accepted (a world never starts with a surprise)."""
    results = [upload(con, content, name, by=by, scope=scope, today=today)
               for name, content in files]
    refused = [(r.file_name, r.summary("en"), r.errors[:3]) for r in results
               if r.status != "accepted"]
    assert not refused, refused
    return results


def add_user(con: duckdb.DuckDBPyConnection, username: str, role: str, password: str | None,
             *, enterprise_id: str | None = None, park_id: str | None = None,
             display_name: str | None = None) -> None:
    """One account, created by the operator through the accounts service."""
    create_user(con, SYSTEM, username=username, role=role,  # type: ignore[arg-type]
                password=password, enterprise_id=enterprise_id, park_id=park_id,
                display_name=display_name)


def add_demo_accounts(con: duckdb.DuckDBPyConnection) -> None:
    """One demo account per role (what ``parkghg demo`` creates, in the warehouse it marks)."""
    mark_demo(con, "tests.worlds")
    create_demo_accounts(con)


def freeze(con: duckdb.DuckDBPyConnection, enterprise_id: str, year_from: int, year_to: int,
           *, accepted_by: str | None, reason: str, params: CalcParams | None = None) -> str:
    """Freeze an enterprise's inventory as a version through the inventory service."""
    return freeze_inventory(con, enterprise_id, year_from, year_to, params or CalcParams(),
                            reason, actor=SYSTEM, draft=accepted_by is None, label=accepted_by)


def lock(con: duckdb.DuckDBPyConnection, enterprise_id: str, period: dt.date) -> None:
    """A reviewer's lock on one enterprise-month, through the review service."""
    assert lock_period(con, SYSTEM, enterprise_id, period, reason="test world")


def sample(path: Path, spec: SampleSpec) -> Path:
    """The generated sample (registry + monthly uploads) for ``spec``, as ``sample-data``."""
    build_sample(path, spec)
    return path


# ===================================================================== shared helpers


def cheap_hasher() -> PasswordHasher:
    """Fast argon2 parameters: the tests check behaviour, not hashing cost."""
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@contextmanager
def password_hasher(hasher: PasswordHasher) -> Iterator[None]:
    """Create accounts with ``hasher`` (the stored hash records its own parameters)."""
    saved = _users.PASSWORD_HASHER
    _users.PASSWORD_HASHER = hasher
    try:
        yield
    finally:
        _users.PASSWORD_HASHER = saved


def registry_frame(columns: dict[str, list[Any]]) -> pl.DataFrame:
    """A registry file as text columns, the way a spreadsheet hands it over."""
    return pl.DataFrame({k: [None if v is None else str(v) for v in vals]
                         for k, vals in columns.items()}, schema=dict.fromkeys(columns, pl.String))


def upload_csv(rows: list[dict[str, object]]) -> bytes:
    """A monthly upload file exactly as an enterprise would send it (template columns)."""
    lines = [UPLOAD_HEADER]
    for row in rows:
        lines.append(",".join("" if row.get(c) is None else str(row[c]) for c in COLUMNS))
    return ("\n".join(lines) + "\n").encode("utf-8")


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    """First-of-month dates from ``first`` to ``last`` inclusive."""
    return pl.date_range(first, last, "1mo", eager=True).to_list()


def submission_ids(path: Path) -> dict[str, str]:
    """Upload label (file name without ``.csv``) -> submission id, read back like a reviewer.

    Why: submission ids are generated by the pipeline, so a world names its uploads by file
    name and tests look the ids up instead of hard-coding them.
    """
    with open_warehouse(path, read_only=True) as con:
        history = upload_history(con, Scope.system())
    return {name.removesuffix(".csv"): sid
            for name, sid in history.select("file_name", "submission_id").iter_rows()}


DONG_NAI = registry_frame({"province_id": ["dong_nai"], "name_vi": ["Đồng Nai"],
                           "name_en": ["Dong Nai"]})


# ===================================================================== the access world
# A small two-park, three-enterprise warehouse for the access-control tests.
#
#     park PA: enterprises E1, E2        park PB: enterprise E3
#     E1: S1 (Jan+Feb 2024), S1B (Jan 2024 again -> current for Jan; S1 still current for Feb)
#     E2: S2 (Jan 2024)      E3: S3 (Jan 2024)
#     rejected uploads without an enterprise id: SXE1 by ent1, SXE3 by ent3
#     frozen, accepted 2024 inventories of E1, E2, E3; one account per role (ACCESS_ACCOUNTS)

PA, PB = "pa", "pb"
E1, E2, E3 = "3600000001", "3600000002", "3700000003"
PARK_OF = {E1: PA, E2: PA, E3: PB}
JAN, FEB = dt.date(2024, 1, 1), dt.date(2024, 2, 1)
ACCESS_TODAY = dt.date(2024, 3, 1)
# Frozen 2024 inventories of every enterprise: E1's own, and two it must never read.
VERSION_OF = {ent: f"{ent}-2024-2024-v1" for ent in (E1, E2, E3)}
PASSWORD = "correct-horse-battery"

# username -> (role, enterprise_id, park_id)
ACCESS_ACCOUNTS: dict[str, tuple[str, str | None, str | None]] = {
    "admin": ("admin", None, None),
    "prov": ("province", None, None),
    "park_a": ("park", None, PA),
    "park_b": ("park", None, PB),
    "ent1": ("enterprise", E1, None),
    "ent2": ("enterprise", E2, None),
    "ent3": ("enterprise", E3, None),
}
# label -> (enterprise, months, uploader); in upload order (S1B after S1 takes over January)
ACCESS_UPLOADS: dict[str, tuple[str, list[dt.date], str]] = {
    "S1": (E1, [JAN, FEB], "ent1"),
    "S1B": (E1, [JAN], "ent1"),
    "S2": (E2, [JAN], "ent2"),
    "S3": (E3, [JAN], "ent3"),
}
# label -> uploader of a file the pipeline cannot attribute to any enterprise
ACCESS_ORPHANS = {"SXE1": "ent1", "SXE3": "ent3"}


def access_scope(username: str) -> Scope:
    """The scope of an access-world account."""
    role, ent, park = ACCESS_ACCOUNTS[username]
    return Scope(role=role, enterprise_id=ent, park_id=park)  # type: ignore[arg-type]


def _electricity(enterprise_id: str, periods: list[dt.date], label: str) -> bytes:
    return upload_csv([{"enterprise_id": enterprise_id, "period": p.strftime("%Y-%m"),
                        "category": "electricity", "item": "grid", "quantity": 1000,
                        "unit": "kWh", "note": label} for p in periods])


def build_access_world(path: Path) -> Path:
    """Registry, accounts, uploads and frozen versions (see the comment above)."""
    with writing(path) as con:
        _write_access_world(con)
    return path


def _write_access_world(con: duckdb.DuckDBPyConnection) -> None:
    import_registry(con, [
        (registry_frame({"province_id": ["dn"], "name_vi": ["Đồng Nai"],
                         "name_en": ["Dong Nai"]}), "provinces"),
        (registry_frame({"park_id": [PA, PB], "province_id": ["dn", "dn"],
                         "name_vi": ["KCN PA", "KCN PB"], "name_en": ["Park PA", "Park PB"]}),
         "parks"),
        (registry_frame({"enterprise_id": list(PARK_OF),
                         "name": [f"Công ty {e}" for e in PARK_OF],
                         "park_id": list(PARK_OF.values()), "sector_id": ["food"] * 3,
                         "vsic_code": ["10"] * 3}), "enterprises"),
    ])
    with password_hasher(cheap_hasher()):
        for username, (role, ent, park) in ACCESS_ACCOUNTS.items():
            add_user(con, username, role, PASSWORD, enterprise_id=ent, park_id=park)
    for label, (ent, periods, by) in ACCESS_UPLOADS.items():
        result = upload(con, _electricity(ent, periods, label), f"{label}.csv", by=by,
                        scope=access_scope(by), today=ACCESS_TODAY)
        assert result.status == "accepted", (label, result.errors)
    for label, by in ACCESS_ORPHANS.items():
        # Not a monthly upload at all, ingested by the operator on the user's behalf
        # (``parkghg ingest --uploaded-by ent1``): no enterprise id can be read from it.
        content = f"ghi_chu,so_lieu\n{label},1000\n".encode()
        result = upload(con, content, f"{label}.csv", by=by, today=ACCESS_TODAY)
        assert result.status == "rejected" and result.enterprise_id is None, (label, result)
    for ent in PARK_OF:
        version = freeze(con, ent, 2024, 2024, accepted_by="reviewer", reason="access world")
        assert version == VERSION_OF[ent], version


# ===================================================================== the dashboard world
# Two parks, five fictional enterprises, monthly uploads for 2024-2025 (one enterprise stops
# after June 2025 so completeness and "reporting on time" have something to show), one demo
# account per role, a province reviewer and a second enterprise user.

DASH_PARKS = registry_frame({
    "park_id": ["amata", "nhon_trach_2"],
    "province_id": ["dong_nai", "dong_nai"],
    "name_vi": ["KCN Amata", "KCN Nhơn Trạch 2"],
    "name_en": ["Amata IP", "Nhon Trach 2 IP"],
    "area_ha": ["513", "347"],
    "latitude": ["10.948", "10.741"],
    "longitude": ["106.870", "106.921"],
})
DASH_ENTERPRISES = registry_frame({
    "enterprise_id": ["3600000001", "3600000002", "3600000003", "3600000004", "3600000005"],
    "name": ["Công ty May Sông Xanh", "Công ty Điện tử Bình Minh", "Công ty Thực phẩm Đồng Lúa",
             "Công ty Nhựa Phú Hòa", "Công ty Thép Long Thành"],
    "park_id": ["amata", "amata", "amata", "nhon_trach_2", "nhon_trach_2"],
    "sector_id": ["textiles_garments", "electronics", "food", "rubber_plastics", "metal"],
    "vsic_code": ["14", "26", "10", "22", "24"],
    "on_national_list": ["false", "false", "false", "false", "true"],
})
# Monthly size of each enterprise (MWh of grid electricity); the steel maker crosses 3,000 t.
DASH_SIZE_MWH = {"3600000001": 180.0, "3600000002": 420.0, "3600000003": 90.0,
                 "3600000004": 150.0, "3600000005": 700.0}
DASH_STOPS_AFTER = {"3600000003": dt.date(2025, 6, 1)}
DASH_TODAY = dt.date(2026, 1, 15)
PROVINCE_USER = ("province.reviewer", "province-pass-2024")
OTHER_ENTERPRISE_USER = ("ent.bluefactory", "enterprise-pass-2024")


def activity_csv(enterprise_id: str, periods: list[dt.date], scale: float = 1.0) -> bytes:
    """A valid monthly upload for one dashboard-world enterprise (template v1 columns)."""
    mwh = DASH_SIZE_MWH.get(enterprise_id, 100.0) * scale
    lines = ["enterprise_id,period,category,item,quantity,unit,use,treatment,counterparty,note"]
    for i, p in enumerate(periods):
        season = 1.0 + 0.1 * ((p.month % 6) - 3) / 3
        ym = p.strftime("%Y-%m")
        lines += [
            f"{enterprise_id},{ym},electricity,grid,{mwh * season * 1000:.0f},kWh,,,EVN,",
            f"{enterprise_id},{ym},fuel,diesel,{mwh * 8 * season:.0f},L,stationary,,,",
            f"{enterprise_id},{ym},fuel,lpg,{mwh * 2:.0f},kg,stationary,,,",
            f"{enterprise_id},{ym},fuel,diesel,{mwh * 1.5:.0f},L,mobile,,,",
            f"{enterprise_id},{ym},waste,general,{mwh / 40:.2f},t,,landfill,URENCO,",
            f"{enterprise_id},{ym},production,output,{mwh * 3:.0f},t,,,,",
        ]
        if enterprise_id == "3600000005":
            lines.append(f"{enterprise_id},{ym},fuel,coal_anthracite,{mwh * 0.6:.1f},t,"
                         "stationary,,,")
        if i % 6 == 0:
            lines.append(f"{enterprise_id},{ym},refrigerant,r410a,{mwh / 50:.1f},kg,,,,")
    return ("\n".join(lines) + "\n").encode()


def bad_csv(enterprise_id: str) -> bytes:
    """An upload with two problems: an unknown item and a negative quantity."""
    return (
        "enterprise_id,period,category,item,quantity,unit,use,treatment,counterparty,note\n"
        f"{enterprise_id},2025-11,electricity,grid,120000,kWh,,,EVN,\n"
        f"{enterprise_id},2025-11,fuel,unobtainium,10,L,stationary,,,\n"
        f"{enterprise_id},2025-11,fuel,diesel,-5,L,stationary,,,\n"
    ).encode()


def demo_login(role: str) -> tuple[str, str]:
    """(username, password) of the demo account for ``role``."""
    return _users.DEMO_PASSWORDS[role]  # type: ignore[index]


def build_dashboard_world(path: Path) -> Path:
    """Migrate, import the registry, ingest two years of uploads and create the accounts."""
    files = []
    for ent in DASH_ENTERPRISES["enterprise_id"]:
        last = DASH_STOPS_AFTER.get(ent, dt.date(2025, 12, 1))
        for year in (2024, 2025):
            span = months(dt.date(year, 1, 1), min(dt.date(year, 12, 1), last))
            if span:
                files.append((f"{ent}_{year}.csv", activity_csv(ent, span)))
    with writing(path) as con:
        import_registry(con, [(DONG_NAI, "provinces"), (DASH_PARKS, "parks"),
                              (DASH_ENTERPRISES, "enterprises")])
        upload_all(con, files, today=DASH_TODAY)
        add_demo_accounts(con)
        add_user(con, PROVINCE_USER[0], "province", PROVINCE_USER[1],
                 display_name="Sở NN&MT Đồng Nai")
        add_user(con, OTHER_ENTERPRISE_USER[0], "enterprise", OTHER_ENTERPRISE_USER[1],
                 display_name="Blue factory", enterprise_id="3600000004")
    return path


# ===================================================================== the inventory world
# Two parks, three enterprises and a few months of 2024 and 2025 activity, for inventory,
# version, report and export tests.

ENT_A = "0301234567"  # Amata, textiles: boiler on diesel and wood, chillers, grid power
ENT_B = "3600123456-001"  # Amata, footwear: forklifts on diesel, purchased steam, grid power
ENT_C = "3600999999"  # Nhon Trach 2, plastics: natural gas, grid; name looks like a formula
NAME_C = "=HYPERLINK(\"http://x.example\",\"Nhựa Đồng Xanh\")"
TODAY = dt.date(2026, 11, 23)  # "today" for the inventory and ingest worlds' uploads

TWO_PARKS = registry_frame({
    "park_id": ["amata", "nhon_trach_2"], "province_id": ["dong_nai", "dong_nai"],
    "name_vi": ["KCN Amata", "KCN Nhơn Trạch 2"], "name_en": ["Amata IP", "Nhon Trach 2 IP"],
})
INVENTORY_ENTERPRISES = registry_frame({
    "enterprise_id": [ENT_A, ENT_B, ENT_C],
    "name": ["Dệt Sông Xanh (fictional)", "Giày Lá Phong (fictional)", NAME_C],
    "park_id": ["amata", "amata", "nhon_trach_2"],
    "sector_id": ["textiles_garments", "footwear", "rubber_plastics"],
    "vsic_code": ["1311", "1520", "2220"],
})


def _r(ent: str, period: str, category: str, item: str, quantity: float, unit: str,
       **extra: object) -> dict[str, object]:
    return {"enterprise_id": ent, "period": period, "category": category, "item": item,
            "quantity": quantity, "unit": unit, **extra}


def inventory_uploads() -> list[tuple[str, bytes]]:
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


def build_inventory_world(path: Path) -> Path:
    """The inventory registry and its uploads, each file accepted by the real pipeline."""
    with writing(path) as con:
        import_registry(con, [(DONG_NAI, "provinces"), (TWO_PARKS, "parks"),
                              (INVENTORY_ENTERPRISES, "enterprises")])
        upload_all(con, inventory_uploads(), today=TODAY)
    return path


# ===================================================================== the steam supplier
# June 2023: supplier A (ENT_A) burns 100 t of anthracite (IPCC 2006 Vol. 2 Tables 1.2/1.4:
# NCV 26.7 GJ/t, 98,300 kg CO2/TJ), so its fuel-mix factor is 98,300 kg CO2/TJ. Buyer B
# (ENT_B) takes 100 t of steam from A: 100 t × 2.776 GJ/t / 0.85 = 0.326588 TJ of fuel ×
# 98,300 / 1000 = 32.1036 t CO2 (the Circular 38 default diesel boiler: 24.2002 t; README
# "Purchased steam"). The buyer's diesel keeps CH4/N2O GWPs among a frozen version's factors.

STEAM_SUPPLIER, STEAM_BUYER = ENT_A, ENT_B
STEAM_FROM_SUPPLIER_T = 0.2776 / 0.85 * 98_300 / 1000


def steam_supplier_uploads() -> list[tuple[str, bytes]]:
    return [
        ("a.csv", upload_csv([_r(STEAM_SUPPLIER, "2023-06", "fuel", "coal_anthracite", 100,
                                 "t", use="stationary")])),
        ("b.csv", upload_csv([_r(STEAM_BUYER, "2023-06", "steam", "purchased_steam", 100, "t",
                                 counterparty=STEAM_SUPPLIER),
                              _r(STEAM_BUYER, "2023-06", "fuel", "diesel", 1000, "L",
                                 use="stationary")])),
    ]


def build_steam_supplier_world(path: Path) -> Path:
    """The inventory registry; a supplier's fuel and a buyer's steam bought from it."""
    with writing(path) as con:
        import_registry(con, [(DONG_NAI, "provinces"), (TWO_PARKS, "parks"),
                              (INVENTORY_ENTERPRISES, "enterprises")])
        upload_all(con, steam_supplier_uploads(), today=TODAY)
    return path


# ===================================================================== the ingest registry
# The same two parks and three enterprises (ENT_A..ENT_C) with every optional registry column
# filled, and no activity yet: the ingest tests upload into it.

INGEST_PARKS = registry_frame({
    "park_id": ["amata", "nhon_trach_2"], "province_id": ["dong_nai", "dong_nai"],
    "name_vi": ["KCN Amata", "KCN Nhơn Trạch 2"], "name_en": ["Amata IP", "Nhon Trach 2 IP"],
    "area_ha": [494, 347], "operator": ["Amata", "Sonadezi"],
    "latitude": [10.95, 10.73], "longitude": [106.87, 106.93],
})
INGEST_ENTERPRISES = registry_frame({
    "enterprise_id": [ENT_A, ENT_B, ENT_C],  # a leading zero; the 13-digit branch form
    "name": ["Dệt Sông Xanh (fictional)", "Giày Lá Phong (fictional)",
             "Nhựa Đồng Xanh (fictional)"],
    "park_id": ["amata", "amata", "nhon_trach_2"],
    "sector_id": ["textiles_garments", "footwear", "rubber_plastics"],
    "vsic_code": ["13", "15", "22"], "roof_area_m2": [5000, 8000, 3000],
    "employees": [300, 900, 150], "on_national_list": ["false", "true", "false"],
})


def build_ingest_registry(path: Path) -> Path:
    """Two parks and three enterprises, no activity yet."""
    with writing(path) as con:
        import_registry(con, [(DONG_NAI, "provinces"), (INGEST_PARKS, "parks"),
                              (INGEST_ENTERPRISES, "enterprises")])
    return path


# ===================================================================== generated samples
# Small generated provinces (``parkghg sample-data`` at a small scale), built once per run and
# copied per test like every world: several tests read the same sample, and a build runs
# the whole ingest pipeline for every enterprise-month.

#: One park, two enterprises, three months: the demo-command tests.
SAMPLE_SMALL = SampleSpec(parks=1, enterprises_per_park=2, start="2024-01", end="2024-03")
#: Two parks of three enterprises, one year: the stored-emissions tests.
SAMPLE_2X3 = SampleSpec.of(parks=2, enterprises_per_park=3, start="2024-01", months=12)


def build_sample_small(path: Path) -> Path:
    return sample(path, SAMPLE_SMALL)


def build_sample_2x3(path: Path) -> Path:
    return sample(path, SAMPLE_2X3)


# ===================================================================== templates and copies

BUILDERS: dict[str, Callable[[Path], Path]] = {
    "empty": new_warehouse,
    "access": build_access_world,
    "dashboard": build_dashboard_world,
    "inventory": build_inventory_world,
    "steam_supplier": build_steam_supplier_world,
    "ingest_registry": build_ingest_registry,
    "sample_small": build_sample_small,
    "sample_2x3": build_sample_2x3,
}


WORLD_BUILD_WAIT_S = 900.0  # another worker building a world (slow machine, big world)


class WorldTemplates:
    """Each named world built at most once under ``root``; tests get copies.

    With ``shared`` (a folder every xdist worker of this run sees), a world is built once per
    run: the first worker to need it builds it under a file lock, the others wait and copy it
    into their own ``root``, so each worker still has private templates.
    """

    def __init__(self, root: Path, shared: Path | None = None) -> None:
        self.root = root
        self.shared = shared
        self._built: dict[str, Path] = {}

    def template(self, name: str) -> Path:
        """The worker's built world ``name`` (never write to it: use ``copy``)."""
        if name not in self._built:
            target = self.root / f"{name}.duckdb"
            if self.shared is None:
                BUILDERS[name](target)
            else:
                copy_warehouse(self._shared_build(name), target)
            self._built[name] = target
        return self._built[name]

    def _shared_build(self, name: str) -> Path:
        import fcntl  # POSIX only; without it (``shared`` None) each worker builds its own

        assert self.shared is not None
        built = self.shared / f"{name}.duckdb"
        with (self.shared / f"{name}.lock").open("w") as lock:
            deadline = time.monotonic() + WORLD_BUILD_WAIT_S
            while True:  # released when the file closes; no lock waits for ever
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"world {name!r} still being built after "
                                           f"{WORLD_BUILD_WAIT_S:.0f} s") from None
                    time.sleep(0.2)
            if not built.exists():
                partial = self.shared / f"{name}.{os.getpid()}.partial"
                BUILDERS[name](partial)
                partial.rename(built)
                if store_dir(partial).exists():
                    store_dir(partial).rename(store_dir(built))
        return built

    def copy(self, name: str, target: Path) -> Path:
        """A private copy of world ``name`` at ``target``."""
        return copy_warehouse(self.template(name), target)


def copy_warehouse(source: Path, target: Path) -> Path:
    """Copy a warehouse file with its original-file store (``<file>.files/``) beside it.

    A PostgreSQL source (a URL) is copied into a new database instead, whose URL is returned.
    """
    if str(source).startswith("postgresql:"):
        from tests.pg_worlds import copy_database

        return copy_database(str(source))  # type: ignore[return-value]
    shutil.copyfile(source, target)
    if store_dir(source).exists():
        shutil.copytree(store_dir(source), store_dir(target), dirs_exist_ok=True)
    return target

"""The dashboard tests' small warehouse, built only through public APIs.

Two parks, five fictional enterprises, monthly uploads for 2024–2025 (one enterprise stops
after June 2025 so completeness and "reporting on time" have something to show), and one
demo account per role. Built once per test session; tests that write (uploads, reviews) get
their own copy.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from service.access import Actor
from service.registry import import_registry_many
from service.uploads import ingest_many
from warehouse.db import open_warehouse
from warehouse.migrate import migrate
from warehouse.scope import Scope
from warehouse.users import DEMO_PASSWORDS, create_demo_accounts, create_user

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")

PARKS = pl.DataFrame({
    "park_id": ["amata", "nhon_trach_2"],
    "province_id": ["dong_nai", "dong_nai"],
    "name_vi": ["KCN Amata", "KCN Nhơn Trạch 2"],
    "name_en": ["Amata IP", "Nhon Trach 2 IP"],
    "area_ha": ["513", "347"],
    "latitude": ["10.948", "10.741"],
    "longitude": ["106.870", "106.921"],
})
ENTERPRISES = pl.DataFrame({
    "enterprise_id": ["3600000001", "3600000002", "3600000003", "3600000004", "3600000005"],
    "name": ["Công ty May Sông Xanh", "Công ty Điện tử Bình Minh", "Công ty Thực phẩm Đồng Lúa",
             "Công ty Nhựa Phú Hòa", "Công ty Thép Long Thành"],
    "park_id": ["amata", "amata", "amata", "nhon_trach_2", "nhon_trach_2"],
    "sector_id": ["textiles_garments", "electronics", "food", "rubber_plastics", "metal"],
    "vsic_code": ["14", "26", "10", "22", "24"],
    "on_national_list": ["false", "false", "false", "false", "true"],
})
# Monthly size of each enterprise (MWh of grid electricity); the steel maker crosses 3,000 t.
SIZE_MWH = {"3600000001": 180.0, "3600000002": 420.0, "3600000003": 90.0,
            "3600000004": 150.0, "3600000005": 700.0}
STOPS_AFTER = {"3600000003": dt.date(2025, 6, 1)}
PROVINCE_USER = ("province.reviewer", "province-pass-2024")
OTHER_ENTERPRISE_USER = ("ent.bluefactory", "enterprise-pass-2024")


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    """First-of-month dates from ``first`` to ``last`` inclusive."""
    return pl.date_range(first, last, "1mo", eager=True).to_list()


def activity_csv(enterprise_id: str, periods: list[dt.date], scale: float = 1.0) -> bytes:
    """A valid monthly upload for one enterprise (template v1 columns)."""
    mwh = SIZE_MWH.get(enterprise_id, 100.0) * scale
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


def build_small_warehouse(path: Path) -> Path:
    """Migrate, import the registry, ingest two years of uploads and create the accounts."""
    migrate(path)
    provinces = pl.DataFrame({"province_id": ["dong_nai"], "name_vi": ["Đồng Nai"],
                              "name_en": ["Dong Nai"]})
    with open_warehouse(path) as con:
        import_registry_many(con, [(provinces, "provinces"), (PARKS, "parks"),
                                   (ENTERPRISES, "enterprises")], actor=Actor.system("fixture"))
    files = []
    for ent in ENTERPRISES["enterprise_id"]:
        last = STOPS_AFTER.get(ent, dt.date(2025, 12, 1))
        for year in (2024, 2025):
            span = months(dt.date(year, 1, 1), min(dt.date(year, 12, 1), last))
            if span:
                files.append((f"{ent}_{year}.csv", activity_csv(ent, span)))
    results = ingest_many(path, files, uploaded_by="fixture", scope=Scope.system(),
                          today=dt.date(2026, 1, 15))
    bad = [r for r in results if r.status != "accepted"]
    assert not bad, [r.summary("en") for r in bad]
    with open_warehouse(path) as con:
        create_demo_accounts(con)
        create_user(con, _system(), username=PROVINCE_USER[0], role="province",
                    password=PROVINCE_USER[1], display_name="Sở NN&MT Đồng Nai")
        create_user(con, _system(), username=OTHER_ENTERPRISE_USER[0], role="enterprise",
                    password=OTHER_ENTERPRISE_USER[1], display_name="Blue factory",
                    enterprise_id="3600000004")
    return path


def _system():
    from warehouse.audit import Actor

    return Actor.system("tests")


def demo_login(role: str) -> tuple[str, str]:
    """(username, password) of the demo account for ``role``."""
    return DEMO_PASSWORDS[role]  # type: ignore[index]

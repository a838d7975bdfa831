"""The data fingerprint moves with displayed data, not with bookkeeping (on both engines: the
PostgreSQL fingerprint hashes rows with ``hashtextextended``)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from service.uploads import ingest_bytes
from tests.worlds import import_registry, registry_frame
from warehouse.audit import Actor, write_audit
from warehouse.db import connect, open_warehouse
from warehouse.version import data_version

pytestmark = pytest.mark.both_backends

CSV = (b"enterprise_id,period,category,item,quantity,unit\n"
       b"0301234567,2024-01,electricity,grid,5,MWh\n")


def _version(db) -> str:
    con = connect(db, read_only=True)
    try:
        return data_version(con)
    finally:
        con.close()


def _enterprise(employees: int) -> pl.DataFrame:
    return registry_frame({"enterprise_id": ["0301234567"], "name": ["X (fictional)"],
                           "park_id": ["p1"], "sector_id": ["textiles_garments"],
                           "vsic_code": ["13"], "roof_area_m2": [100], "employees": [employees],
                           "on_national_list": ["false"]})


def test_version_changes_on_data_but_not_on_audit_rows(warehouse_path):
    with open_warehouse(warehouse_path) as con:
        import_registry(con, [
            (registry_frame({"province_id": ["dn"], "name_vi": ["Đồng Nai"],
                             "name_en": ["Dong Nai"]}), "provinces"),
            (registry_frame({"park_id": ["p1"], "province_id": ["dn"], "name_vi": ["KCN 1"],
                             "name_en": ["Park 1"], "area_ha": [100], "operator": ["op"],
                             "latitude": [10.9], "longitude": [106.8]}), "parks"),
            (_enterprise(10), "enterprises"),
        ])
    start = _version(warehouse_path)

    con = connect(warehouse_path)
    write_audit(con, Actor.system("t"), "export", object_type="inventory")
    con.close()
    assert _version(warehouse_path) == start

    ingest_bytes(warehouse_path, CSV, "a.csv", uploaded_by="t", today=dt.date(2026, 1, 1))
    after_upload = _version(warehouse_path)
    assert after_upload != start

    with open_warehouse(warehouse_path) as con:
        import_registry(con, [(_enterprise(11), "enterprises")])  # the registry file changed
    assert _version(warehouse_path) != after_upload

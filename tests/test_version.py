"""The data fingerprint moves with displayed data, not with bookkeeping."""

from __future__ import annotations

import datetime as dt

import duckdb

from service.uploads import ingest_bytes
from warehouse.audit import Actor, write_audit
from warehouse.version import data_version

CSV = (b"enterprise_id,period,category,item,quantity,unit\n"
       b"0301234567,2024-01,electricity,grid,5,MWh\n")


def _version(db) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return data_version(con)
    finally:
        con.close()


def test_version_changes_on_data_but_not_on_audit_rows(warehouse_path):
    con = duckdb.connect(str(warehouse_path))
    con.execute("INSERT INTO provinces VALUES ('dn', 'Đồng Nai', 'Dong Nai')")
    con.execute("INSERT INTO parks VALUES ('p1', 'dn', 'KCN 1', 'Park 1', 100, 'op', 10.9, 106.8)")
    con.execute("INSERT INTO enterprises VALUES ('0301234567', 'X (fictional)', 'p1',"
                " 'textiles_garments', '13', 100, 10, false)")
    con.close()
    start = _version(warehouse_path)

    con = duckdb.connect(str(warehouse_path))
    write_audit(con, Actor.system("t"), "export", object_type="inventory")
    con.close()
    assert _version(warehouse_path) == start

    ingest_bytes(warehouse_path, CSV, "a.csv", uploaded_by="t", today=dt.date(2026, 1, 1))
    after_upload = _version(warehouse_path)
    assert after_upload != start

    con = duckdb.connect(str(warehouse_path))
    con.execute("UPDATE enterprises SET employees = 11")
    con.close()
    assert _version(warehouse_path) != after_upload

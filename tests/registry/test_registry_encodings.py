"""A registry file saved by Vietnamese Excel imports exactly like the UTF-8 one (issue 7).

Vietnamese Excel saves "CSV" as Windows-1258 with tone marks as combining characters, ';' as
the separator and decimal commas (``1.234,5``). The registry reads files with the same reader
as monthly uploads, so such a file gives the same rows as the plain UTF-8 file it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from service.registry import RegistryValidationError, import_registry_many
from tests.ingest.conftest import cp1258_bytes
from tests.registry.registry_samples import OPERATOR, PROVINCES_CSV
from warehouse.db import open_warehouse
from warehouse.migrate import migrate

PARKS_UTF8 = (
    "park_id,province_id,name_vi,name_en,area_ha,operator,latitude,longitude\n"
    "amata,dong_nai,KCN Amata Biên Hòa,Amata IP,1234.5,Amata,10.948,106.872\n"
    "long_duc,dong_nai,KCN Long Đức,Long Duc IP,123.5,,10.803,106.962\n"
)
# The same file as Vietnamese Excel saves it.
PARKS_EXCEL_VN = (
    "park_id;province_id;name_vi;name_en;area_ha;operator;latitude;longitude\r\n"
    "amata;dong_nai;KCN Amata Biên Hòa;Amata IP;1.234,5;Amata;10,948;106,872\r\n"
    "long_duc;dong_nai;KCN Long Đức;Long Duc IP;123,5;;10,803;106,962\r\n"
)
ENTERPRISES_UTF8 = (
    "enterprise_id,name,park_id,sector_id,vsic_code,roof_area_m2,employees,on_national_list\n"
    "0312345678,Công ty Dệt Sông Xanh (fictional),amata,food,1010,1200.5,50,true\n"
    "3600123456-001,Công ty Giày Lá Phong (fictional),long_duc,electronics,2610,,800,false\n"
)
ENTERPRISES_EXCEL_VN = (
    "enterprise_id;name;park_id;sector_id;vsic_code;roof_area_m2;employees;on_national_list\r\n"
    "0312345678;Công ty Dệt Sông Xanh (fictional);amata;food;1010;1.200,5;50;có\r\n"
    "3600123456-001;Công ty Giày Lá Phong (fictional);long_duc;electronics;2610;;800;không\r\n"
)


@pytest.fixture
def new_warehouse(backend: str, tmp_path: Path, make_world) -> Callable[[str], Path]:
    """``new_warehouse(name)``: another empty, migrated warehouse on this test's engine."""

    def _new(name: str) -> Path:
        if backend == "postgres":
            return make_world("empty")
        db = tmp_path / f"{name}.duckdb"
        migrate(db)
        return db

    return _new


def _import(new_warehouse: Callable[[str], Path], tmp_path: Path, name: str,
            files: dict[str, bytes]) -> dict[str, list[tuple]]:
    """A fresh warehouse holding ``files`` (imported in one call), and its registry rows."""
    db = new_warehouse(name)
    paths = []
    for file_name, content in files.items():
        (tmp_path / name).mkdir(exist_ok=True)
        path = tmp_path / name / file_name
        path.write_bytes(content)
        paths.append((path, None))
    with open_warehouse(db) as con:
        import_registry_many(con, paths, actor=OPERATOR)
        return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
                for table in ("provinces", "parks", "enterprises")}


@pytest.mark.both_backends  # text with tone marks stored and read back
def test_cp1258_semicolon_decimal_comma_imports_exactly_like_utf8(tmp_path, new_warehouse):
    utf8 = _import(new_warehouse, tmp_path, "utf8", {"provinces.csv": PROVINCES_CSV.encode(),
                                      "parks.csv": PARKS_UTF8.encode(),
                                      "enterprises.csv": ENTERPRISES_UTF8.encode()})
    excel = _import(new_warehouse, tmp_path, "excel", {"provinces.csv": cp1258_bytes(PROVINCES_CSV),
                                        "parks.csv": cp1258_bytes(PARKS_EXCEL_VN),
                                        "enterprises.csv": cp1258_bytes(ENTERPRISES_EXCEL_VN)})
    assert excel == utf8
    parks = {row[0]: row for row in excel["parks"]}
    assert parks["amata"][4] == 1234.5 and parks["long_duc"][4] == 123.5  # "1.234,5", "123,5"
    assert parks["long_duc"][2] == "KCN Long Đức"  # NFC, as typed, not combining marks
    assert excel["enterprises"][0][:2] == ("0312345678", "Công ty Dệt Sông Xanh (fictional)")


@pytest.mark.both_backends
def test_utf16_tab_separated_unicode_text_imports_like_utf8(tmp_path, new_warehouse):
    utf8 = _import(new_warehouse, tmp_path, "utf8", {"provinces.csv": PROVINCES_CSV.encode(),
                                      "parks.csv": PARKS_UTF8.encode()})
    unicode_text = PARKS_UTF8.replace(",", "\t").encode("utf-16")
    utf16 = _import(new_warehouse, tmp_path, "utf16", {"provinces.csv": PROVINCES_CSV.encode(),
                                        "parks.txt": unicode_text})
    assert utf16 == utf8


def test_problems_in_an_excel_file_show_the_cells_as_typed(tmp_path, new_warehouse):
    bad = PARKS_EXCEL_VN.replace("123,5", "-1,5").replace("10,803", "91,5")
    with pytest.raises(RegistryValidationError) as info:
        _import(new_warehouse, tmp_path, "bad", {"provinces.csv": PROVINCES_CSV.encode(),
                                  "parks_vn.csv": cp1258_bytes(bad)})
    found = {(p.file, p.row, p.column, p.value, p.code) for p in info.value.problems}
    assert found == {("parks_vn.csv", 3, "area_ha", "-1,5", "not_positive"),
                     ("parks_vn.csv", 3, "latitude", "91,5", "out_of_range")}


def test_an_ambiguous_decimal_mark_is_refused_not_guessed(tmp_path, new_warehouse):
    # ';' and no decimal comma anywhere: "1.234" may be 1.234 or 1234 (as for uploads).
    text = ("park_id;province_id;name_vi;name_en;area_ha\n"
            "amata;dong_nai;KCN Amata;Amata IP;1.234\n")
    with pytest.raises(RegistryValidationError) as info:
        _import(new_warehouse, tmp_path, "amb", {"provinces.csv": PROVINCES_CSV.encode(),
                                  "parks.csv": text.encode()})
    [p] = info.value.problems
    assert (p.code, p.file, p.column, p.value) == ("decimal_ambiguous", "parks.csv", "area_ha",
                                                   "1.234")
    assert "1234" in info.value.message("en") and "1234" in info.value.message("vi")

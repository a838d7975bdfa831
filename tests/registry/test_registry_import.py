"""Registry import: happy path, upsert, id preservation, every validation rule, atomicity."""

from __future__ import annotations

import polars as pl
import pytest

from service.registry import (
    RegistryValidationError,
    detect_kind,
    import_registry,
    import_registry_many,
)
from tests.registry.registry_samples import ENTERPRISES_CSV, OPERATOR, PARKS_CSV, PROVINCES_CSV
from warehouse.registry import list_parks
from warehouse.submissions import all_enterprise_ids

pytestmark = pytest.mark.both_backends


def _count(con, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def _load_base(con, write) -> None:
    import_registry_many(con, [(write("provinces.csv", PROVINCES_CSV), None),
                               (write("parks.csv", PARKS_CSV), None),
                               (write("enterprises.csv", ENTERPRISES_CSV), None)],
                         actor=OPERATOR)


def test_happy_path_imports_all_three_kinds_in_dependency_order(con, write):
    # Given in the "wrong" order on purpose: enterprises need parks need the province.
    summaries = import_registry_many(con, [(write("e.csv", ENTERPRISES_CSV), None),
                                           (write("p.csv", PARKS_CSV), None),
                                           (write("v.csv", PROVINCES_CSV), None)],
                                     actor=OPERATOR)
    assert [s.kind for s in summaries] == ["provinces", "parks", "enterprises"]
    assert (_count(con, "provinces"), _count(con, "parks"), _count(con, "enterprises")) == (1, 2, 3)
    parks = list_parks(con)
    assert parks.filter(pl.col("park_id") == "amata")["n_enterprises"].item() == 2
    row = con.execute("SELECT roof_area_m2, employees, on_national_list FROM enterprises "
                      "WHERE enterprise_id = '3600999999'").fetchone()
    assert row == (300.5, None, False)  # optional empty cells: null, flag defaults to false


def test_reimport_updates_rows_and_never_duplicates(con, write):
    _load_base(con, write)
    changed = PARKS_CSV.replace("KCN Amata,Amata IP,494", "KCN Amata Biên Hòa,Amata IP,513")
    summary = import_registry(con, write("parks2.csv", changed), actor=OPERATOR)
    assert (summary.rows, summary.inserted, summary.updated) == (2, 0, 2)
    assert _count(con, "parks") == 2
    assert con.execute("SELECT name_vi, area_ha FROM parks WHERE park_id = 'amata'"
                       ).fetchone() == ("KCN Amata Biên Hòa", 513.0)


def test_leading_zeros_and_branch_codes_are_kept_as_text(con, write):
    _load_base(con, write)
    assert all_enterprise_ids(con) == {"0312345678", "3600123456-001", "3600999999"}


def test_frames_are_accepted_like_files(con, write):
    _load_base(con, write)
    frame = pl.DataFrame({"enterprise_id": ["0100000001"], "name": ["D (fictional)"],
                          "park_id": ["amata"], "sector_id": ["wood"], "vsic_code": ["1610"],
                          "employees": [12], "on_national_list": [True]})
    summary = import_registry(con, frame, actor=OPERATOR)
    assert summary.kind == "enterprises" and summary.inserted == 1
    assert con.execute("SELECT employees, on_national_list FROM enterprises "
                       "WHERE enterprise_id = '0100000001'").fetchone() == (12, True)


def test_semicolon_separated_excel_csv_with_bom_and_decimal_commas(con, write, tmp_path):
    import_registry(con, write("v.csv", PROVINCES_CSV), actor=OPERATOR)
    path = tmp_path / "parks_vn.csv"
    text = ("park_id;province_id;name_vi;name_en;area_ha;latitude;longitude\r\n"
            "ho_nai;dong_nai;KCN Hố Nai;Ho Nai IP;497,5;10,966;106,936\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    import_registry(con, path, actor=OPERATOR)
    assert con.execute("SELECT area_ha, latitude FROM parks").fetchone() == (497.5, 10.966)


PARKS_HEADER = "park_id,province_id,name_vi,name_en,area_ha,operator,latitude,longitude\n"
ENT_HEADER = ("enterprise_id,name,park_id,sector_id,vsic_code,roof_area_m2,employees,"
              "on_national_list\n")

# (file content, expected Excel row, column, problem code)
RULES = [
    pytest.param(PARKS_HEADER + "x1,dong_nai,A,A,0,,10.9,106.9\n", 2, "area_ha", "not_positive",
                 id="area-not-positive"),
    pytest.param(PARKS_HEADER + "x1,dong_nai,A,A,abc,,10.9,106.9\n", 2, "area_ha",
                 "not_a_number", id="area-not-a-number"),
    pytest.param(PARKS_HEADER + "x1,dong_nai,A,A,10,,106.9,10.9\n", 2, "latitude",
                 "out_of_range", id="latitude-swapped"),
    pytest.param(PARKS_HEADER + "x1,dong_nai,A,A,10,,10.9,190\n", 2, "longitude",
                 "out_of_range", id="longitude-out-of-range"),
    pytest.param(PARKS_HEADER + "x1,dong_nai,,A,10,,10.9,106.9\n", 2, "name_vi", "required",
                 id="required-empty"),
    pytest.param(PARKS_HEADER + "Nhơn Trạch,dong_nai,A,A,10,,10.9,106.9\n", 2, "park_id",
                 "bad_slug", id="park-id-not-a-slug"),
    pytest.param(PARKS_HEADER + "x1,ha_noi,A,A,10,,10.9,106.9\n", 2, "province_id",
                 "unknown_province", id="unknown-province"),
    pytest.param(PARKS_HEADER + "x1,dong_nai,A,A,10,,10.9,106.9\nx1,dong_nai,B,B,10,,10.9,106.9\n",
                 3, "park_id", "duplicate_id", id="duplicate-id"),
    pytest.param("park_id,province_id,name_vi,name_en,area\nx1,dong_nai,A,A,1\n", 1, "area",
                 "unknown_column", id="unknown-column"),
    pytest.param("park_id,province_id,name_vi\nx1,dong_nai,A\n", 1, "name_en", "missing_column",
                 id="missing-column"),
    pytest.param(ENT_HEADER + "312345678,A,amata,food,1010,,1,false\n", 2, "enterprise_id",
                 "bad_enterprise_id", id="tax-code-lost-leading-zero"),
    pytest.param(ENT_HEADER + "3.6E+09,A,amata,food,1010,,1,false\n", 2, "enterprise_id",
                 "bad_enterprise_id", id="tax-code-in-scientific-notation"),
    pytest.param(ENT_HEADER + "3600123456-1,A,amata,food,1010,,1,false\n", 2, "enterprise_id",
                 "bad_enterprise_id", id="branch-suffix-too-short"),
    pytest.param(ENT_HEADER + "3600123456,A,nhon_trach_9,food,1010,,1,false\n", 2, "park_id",
                 "unknown_park", id="unknown-park"),
    pytest.param(ENT_HEADER + "3600123456,A,amata,textile,1311,,1,false\n", 2, "sector_id",
                 "unknown_sector", id="unknown-sector"),
    pytest.param(ENT_HEADER + "3600123456,A,amata,food,C10,,1,false\n", 2, "vsic_code",
                 "bad_vsic", id="bad-vsic"),
    pytest.param(ENT_HEADER + "3600123456,A,amata,food,1010,-5,1,false\n", 2, "roof_area_m2",
                 "negative", id="negative-roof"),
    pytest.param(ENT_HEADER + "3600123456,A,amata,food,1010,,12.5,false\n", 2, "employees",
                 "not_an_integer", id="employees-not-integer"),
    pytest.param(ENT_HEADER + "3600123456,A,amata,food,1010,,1,maybe\n", 2, "on_national_list",
                 "not_a_bool", id="bad-bool"),
    pytest.param("park_id,park_id,province_id\nx,y,z\n", 1, "park_id", "duplicate_column",
                 id="duplicate-column"),
]


@pytest.mark.parametrize(("content", "row", "column", "code"), RULES)
def test_each_rule_rejects_with_row_column_and_bilingual_text(loaded_con, write, content, row,
                                                              column, code):
    con = loaded_con
    before = (_count(con, "parks"), _count(con, "enterprises"))
    with pytest.raises(RegistryValidationError) as info:
        import_registry(con, write("bad.csv", content), actor=OPERATOR)
    problem = next(p for p in info.value.problems if p.code == code)
    assert (problem.row, problem.column) == (row, column)
    vi, en = problem.render("vi"), problem.render("en")
    assert vi != en
    assert f"Dòng {row}" in vi and f"Row {row}" in en
    assert "Cách sửa" in vi and "Fix" in en
    assert "bad.csv" in info.value.message("en")
    assert (_count(con, "parks"), _count(con, "enterprises")) == before == (2, 3)


def test_every_problem_is_reported_not_just_the_first(loaded_con, write):
    con = loaded_con
    content = ENT_HEADER + "".join(
        f"36000000{i:02d},A,nowhere,food,1010,,1,false\n" for i in range(60))
    with pytest.raises(RegistryValidationError) as info:
        import_registry(con, write("many.csv", content), actor=OPERATOR)
    assert len(info.value.problems) == 60
    assert [p.row for p in info.value.problems] == list(range(2, 62))
    message = info.value.message("en")
    assert "and 10 more" in message  # capped on screen, complete on the exception


def test_a_bad_file_in_a_batch_leaves_every_table_unchanged(con, write):
    bad_enterprises = ENTERPRISES_CSV + "999,Bad,amata,food,1010,,1,false\n"
    with pytest.raises(RegistryValidationError) as info:
        import_registry_many(con, [(write("v.csv", PROVINCES_CSV), None),
                                   (write("p.csv", PARKS_CSV), None),
                                   (write("e.csv", bad_enterprises), None)],
                             actor=OPERATOR)
    assert [p.row for p in info.value.problems] == [5]
    assert (_count(con, "provinces"), _count(con, "parks"), _count(con, "enterprises")) == (0, 0, 0)


def test_a_bad_reimport_keeps_the_earlier_rows(loaded_con, write):
    con = loaded_con
    broken = PARKS_CSV.replace("494", "-1").replace("KCN Long Đức", "Renamed")
    with pytest.raises(RegistryValidationError):
        import_registry(con, write("p.csv", broken), actor=OPERATOR)
    assert con.execute("SELECT name_vi FROM parks WHERE park_id = 'long_duc'").fetchone() == (
        "KCN Long Đức",)


def test_unreadable_empty_and_unknown_kind_are_file_level_problems(loaded_con, write, tmp_path):
    con = loaded_con
    garbled = tmp_path / "garbled.csv"  # 0x81 is neither UTF-8 nor Windows-1258
    garbled.write_bytes(b"province_id,name_vi,name_en\nx,\x81\x81,Dong Nai\n")
    cases = {garbled: "file_unreadable", write("empty.csv", ""): "file_empty",
             write("header.csv", "province_id,name_vi,name_en\n"): "no_rows",
             write("kind.csv", "a,b\n1,2\n"): "kind_unknown"}
    for path, code in cases.items():
        with pytest.raises(RegistryValidationError) as info:
            import_registry(con, path, actor=OPERATOR)
        assert [p.code for p in info.value.problems] == [code]
        assert info.value.problems[0].render("vi") != info.value.problems[0].render("en")


def test_kind_is_detected_from_the_most_specific_id_column():
    assert detect_kind(["province_id", "name_vi"]) == "provinces"
    assert detect_kind(["park_id", "province_id"]) == "parks"
    assert detect_kind(["enterprise_id", "park_id"]) == "enterprises"
    assert detect_kind(["name"]) is None

"""Registries kept in Excel import directly: first sheet, ids as text, Excel row numbers."""

from __future__ import annotations

import io

import pytest
import xlsxwriter

from service.registry import RegistryValidationError, import_registry
from tests.registry.registry_samples import OPERATOR, PARKS_CSV, PROVINCES_CSV

pytestmark = pytest.mark.both_backends


def _xlsx(path, header, rows, trailing_blank_rows=3):
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    ws = wb.add_worksheet("enterprises")
    text = wb.add_format({"num_format": "@"})
    ws.write_row(0, 0, header)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            if isinstance(value, str):
                ws.write_string(r, c, value, text)
            elif value is not None:
                ws.write(r, c, value)
    for r in range(len(rows) + 1, len(rows) + 1 + trailing_blank_rows):
        ws.write_blank(r, 0, None, text)  # formatted but empty rows, as Excel leaves them
    wb.close()
    path.write_bytes(buf.getvalue())
    return path


HEADER = ["enterprise_id", "name", "park_id", "sector_id", "vsic_code", "roof_area_m2",
          "employees", "on_national_list"]


def test_enterprises_from_xlsx_keep_text_ids(con, write, tmp_path):
    import_registry(con, write("prov.csv", PROVINCES_CSV), actor=OPERATOR)
    import_registry(con, write("parks.csv", PARKS_CSV), actor=OPERATOR)
    park = con.execute("SELECT park_id FROM parks ORDER BY park_id LIMIT 1").fetchall()[0][0]
    path = _xlsx(tmp_path / "ent.xlsx", HEADER, [
        ["0301234567", "Dệt Thử (fictional)", park, "textiles_garments", "13", 1200, 80, "false"],
        ["3600123456-001", "Giày Thử (fictional)", park, "footwear", "15", None, 400, "true"],
    ])
    import_registry(con, path, actor=OPERATOR)
    rows = con.execute("SELECT enterprise_id, on_national_list FROM enterprises "
                       "ORDER BY enterprise_id").fetchall()
    assert rows == [("0301234567", False), ("3600123456-001", True)]


def test_xlsx_problems_name_the_excel_row(con, write, tmp_path):
    import_registry(con, write("prov.csv", PROVINCES_CSV), actor=OPERATOR)
    import_registry(con, write("parks.csv", PARKS_CSV), actor=OPERATOR)
    path = _xlsx(tmp_path / "bad.xlsx", HEADER, [
        ["0301234567", "OK (fictional)", "no_such_park", "textiles_garments", "13", 1, 1, "false"],
    ])
    with pytest.raises(RegistryValidationError) as info:
        import_registry(con, path, actor=OPERATOR)
    assert [(p.row, p.column) for p in info.value.problems] == [(2, "park_id")]
    assert con.execute("SELECT count(*) FROM enterprises").fetchall()[0][0] == 0

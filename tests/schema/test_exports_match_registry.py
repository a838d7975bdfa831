"""Export headings name registry columns, and the frames behind them have the registry's types.

Each sheet of the exports (inventory table, province workbook, Form 06) is a frame in the
schema registry whose columns carry the catalogue key of their bilingual heading. The exports
keep their own column lists (with number formats and widths); this test pins them to the
registry: same fields, same order, same heading keys. So the visible headings are unchanged,
and a heading can only name a documented column. The frames the exports build from a real
inventory are then checked against the registry's polars dtypes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from exports import form06, inventory_table, province
from metrics.inventory import CalcParams
from parkghg import schema
from parkghg.i18n import t
from service.inventory import compute_inventory, read_registry
from warehouse.db import open_warehouse
from warehouse.migrate import migrate
from warehouse.scope import Scope

_F06 = {code: columns for code, _sheet, _title, _build, columns in form06._TABLES}
_SHEETS = {
    "inventory_table": inventory_table._XLSX_COLUMNS,
    "province_parks": province._PARK_COLUMNS,
    "province_sectors": province._SECTOR_COLUMNS,
    "province_enterprises": province._ENTERPRISE_COLUMNS,
    "province_factor_sources": province._SOURCE_COLUMNS,
    "form06_stationary": _F06["1.1"],
    "form06_mobile": _F06["1.2"],
    "form06_refrigerant": _F06["2.1"],
    "form06_equipment": form06._EQUIPMENT_COLUMNS,
    "form06_electricity": _F06["4.1"],
    "form06_steam": _F06["4.2"],
    "form06_results": form06._RESULT_COLUMNS,
    "form06_factors": form06._FACTOR_COLUMNS,
}


@pytest.mark.parametrize("frame", sorted(_SHEETS))
def test_headings_are_the_registry_columns(frame: str) -> None:
    written = [(c.field, c.label_key) for c in _SHEETS[frame]]
    registered = [(c.name, c.heading) for c in schema.table(frame).columns]
    assert written == registered


def test_every_sheet_is_covered() -> None:
    assert len(_F06) == 5
    sheets = {t.name for t in schema.TABLES.values()
              if not t.stored and any(c.heading for c in t.columns)}
    assert sheets - set(_SHEETS) <= {"emissions", "factors"}  # engine frames, no sheet


def test_every_heading_has_both_languages() -> None:
    for table in schema.TABLES.values():
        for col in table.columns:
            if col.heading:
                assert col.label("vi") == t(col.heading, "vi"), col.heading
                assert col.label("en") == t(col.heading, "en"), col.heading
            else:
                assert col.label("en") == col.description


@pytest.fixture(scope="module")
def result_and_registry(world_v3: Path, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("exports") / "w.duckdb"
    shutil.copy(world_v3, path)
    migrate(path)
    with open_warehouse(path, read_only=True) as con:
        result = compute_inventory(con, Scope.system(), year_from=2025, year_to=2025,
                                   params=CalcParams(), with_energy=True)
        registry = read_registry(con, Scope.system())
    assert result.emissions.height
    return result, registry


def _dtypes(frame: pl.DataFrame, name: str) -> tuple[dict, dict]:
    fields = schema.column_names(name)
    return dict(frame.select(fields).schema), schema.polars_schema(name)


@pytest.mark.slow  # builds the sample warehouse
def test_export_frames_have_the_registry_types(result_and_registry) -> None:
    result, registry = result_and_registry
    em = result.emissions
    assert dict(em.schema) == schema.polars_schema("emissions")
    assert dict(result.factors.select(schema.column_names("factors")).schema) == \
        schema.polars_schema("factors")
    ent = province.by_enterprise(result, registry)
    built = {
        "inventory_table": inventory_table.table_for(result, registry),
        "province_enterprises": ent,
        "province_parks": province._group(ent, ["park_id", "park_name_vi", "park_name_en"]),
        "province_sectors": province._group(ent, ["sector_id", "sector_name_vi",
                                                  "sector_name_en"]),
        "province_factor_sources": result.factors.group_by("source", "level").agg(
            pl.len().alias("n")),
        "form06_stationary": form06._table_1_1(em, 2025, result.factors),
        "form06_mobile": form06._table_1_2(em, 2025, result.factors),
        "form06_refrigerant": form06._table_2_1(em, 2025, result.factors),
        "form06_electricity": form06._table_4_1(em, 2025, result.factors),
        "form06_steam": form06._table_4_2(em, 2025, result.factors),
        "form06_results": form06.results_by_source(em, 2025),
        # form06_factors: the factor frame above; the sheet only prints the dates as text
    }
    for name, frame in built.items():
        got, want = _dtypes(frame, name)
        assert got == want, name

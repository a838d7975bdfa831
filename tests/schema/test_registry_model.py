"""The schema registry's own rules, and the lists that are derived from it."""

from __future__ import annotations

import polars as pl
import pytest
from pydantic import ValidationError

from metrics.factors import FACTOR_COLUMNS
from metrics.inventory import EMISSIONS_SCHEMA
from parkghg import schema
from parkghg.schema import Column, Reference, Table
from sample_data.generator import ENTERPRISE_COLUMNS
from warehouse.audit import AUDIT_COLUMNS
from warehouse.registry import COLUMNS, KINDS
from warehouse.submissions import ACTIVITY_INSERT_COLUMNS


def _col(**kw: object) -> Column:
    return Column(**{"name": "x", "sql_type": "DOUBLE", "description": "d", **kw})


@pytest.mark.parametrize(("kw", "sql"), [
    ({}, None),
    ({"minimum": 0}, "x IS NULL OR x >= 0"),
    ({"minimum": 0, "nullable": False}, "x >= 0"),
    ({"minimum": 0, "minimum_exclusive": True}, "x IS NULL OR x > 0"),
    ({"minimum": -90, "maximum": 90}, "x IS NULL OR x BETWEEN -90 AND 90"),
    ({"maximum": 1.5, "nullable": False}, "x <= 1.5"),
    ({"sql_type": "VARCHAR", "allowed": ("a", "it's"), "nullable": False},
     "x IN ('a', 'it''s')"),
])
def test_check_sql(kw: dict, sql: str | None) -> None:
    assert _col(**kw).check_sql() == sql


def test_column_ddl_and_dtype() -> None:
    col = _col(sql_type="VARCHAR", nullable=False, default="'vi'", allowed=("vi", "en"))
    assert col.ddl() == "x VARCHAR NOT NULL DEFAULT 'vi' CHECK (x IN ('vi', 'en'))"
    assert col.dtype == pl.String()
    assert _col(sql_type="TIMESTAMP").dtype == pl.Datetime("us")


def test_models_are_strict() -> None:
    with pytest.raises(ValidationError):
        _col(colour="red")
    with pytest.raises(ValidationError, match="unknown columns"):
        Table(name="t", description="d", columns=(_col(),), primary_key=("y",))
    with pytest.raises(ValidationError, match="duplicate"):
        Table(name="t", description="d", columns=(_col(), _col()))
    with pytest.raises(ValidationError, match="frame has no keys"):
        Table(name="t", description="d", columns=(_col(),), stored=False, primary_key=("x",))


def test_every_relation_is_explained_and_points_at_a_key() -> None:
    for table in schema.stored_tables():
        for ref in table.references:
            assert isinstance(ref, Reference) and ref.why, (table.name, ref.columns)
            if not ref.enforced:
                assert "not enforced" in ref.why and "test_integrity" in ref.why
            parent = schema.table(ref.table)
            assert parent.stored
            assert ref.to == parent.primary_key or ref.to in parent.unique, (table.name, ref)


def test_every_column_is_described() -> None:
    for table in schema.TABLES.values():
        assert table.description
        for col in table.columns:
            assert col.description.strip(), f"{table.name}.{col.name}"


def test_frozen_rows_and_engine_frame_are_one_list() -> None:
    rows = schema.polars_schema("inventory_version_rows", exclude=("version_id", "row_no"))
    assert rows == EMISSIONS_SCHEMA == schema.polars_schema("emissions")
    assert schema.column_names("inventory_version_factors", exclude=("version_id",)) \
        == FACTOR_COLUMNS
    assert set(FACTOR_COLUMNS) <= set(schema.column_names("custom_factors"))


def test_derived_lists() -> None:
    assert schema.column_names("activity_rows") == ACTIVITY_INSERT_COLUMNS
    assert schema.column_names("audit_log") == AUDIT_COLUMNS
    assert schema.column_names("enterprises") == ENTERPRISE_COLUMNS


def test_registry_import_checks_come_from_the_registry() -> None:
    """Spot checks of the derivation rules (the full behaviour is in tests/registry/)."""
    for kind in KINDS:
        assert tuple(c.name for c in COLUMNS[kind]) == schema.column_names(kind)
    spec = {c.name: c for c in COLUMNS["enterprises"]}
    assert not spec["on_national_list"].required  # NOT NULL, but defaults to false
    assert spec["on_national_list"].dtype == "bool"
    assert spec["enterprise_id"].pattern_code == "bad_enterprise_id"
    assert spec["sector_id"].dtype == "id" and spec["name"].dtype == "text"
    assert spec["employees"].dtype == "int" and spec["employees"].min_value == 0
    parks = {c.name: c for c in COLUMNS["parks"]}
    assert parks["area_ha"].min_exclusive and parks["latitude"].max_value == 90
    assert [c.name for c in COLUMNS["parks"] if c.required] == [
        "park_id", "province_id", "name_vi", "name_en"]

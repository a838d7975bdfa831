"""The province summary workbook for the People's Committee compilation.

Why: Decree 06 Art. 11(6) as amended by Decree 119 has the provincial People's Committee
receive, review and compile facility results and send them on before 30 June. The compilers
need the same numbers cut three ways (by park, by sector, by enterprise with the Decree 06
list thresholds) plus a note of the method and factors, and the three cuts must add up to the
same provincial total, which the sheet states once.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import xlsxwriter
from xlsxwriter.workbook import Workbook

from exports.common import Column, Styles, bilingual_inline, new_sheet, write_table
from metrics.inventory import (
    ENERGY_SCHEMA,
)
from metrics.result import InventoryResult
from metrics.rollups import (
    THRESHOLD_TCO2E,
    THRESHOLD_TOE,
    annual_totals,
    threshold_flags,
)
from parkghg.i18n import t

_T = '#,##0.000" tCO2e"'
_VALUE_COLS = ("scope1_tco2e", "scope2_tco2e", "scope3_tco2e", "scope1_2_tco2e", "total_tco2e",
               "outside_tco2e", "memo_tco2e")
_FLAG_COLS = ("energy_toe", "over_3000_tco2e", "over_1000_toe")


def by_enterprise(result: InventoryResult, registry: pl.DataFrame) -> pl.DataFrame:
    """One row per enterprise in the registry: the engine's annual totals and list flags.

    Enterprises without data stay in the list with zeros, so the compiler sees who is missing.
    Flags follow the engine (scope 1+2 against 3,000 tCO2e; energy against 1,000 TOE).
    """
    em = result.emissions
    totals = annual_totals(em).drop("park_id", "sector_id", "year", "gwp_set", "scope2_basis") \
        if em.height else pl.DataFrame(schema={"enterprise_id": pl.String})
    energy = result.energy if result.energy is not None else pl.DataFrame(schema=ENERGY_SCHEMA)
    flags = threshold_flags(em, energy).select("enterprise_id", *_FLAG_COLS) if em.height \
        else pl.DataFrame(schema={"enterprise_id": pl.String})
    df = registry.join(totals, on="enterprise_id", how="left").join(
        flags, on="enterprise_id", how="left")
    for c in (*_VALUE_COLS, "energy_toe"):
        df = df.with_columns((pl.col(c) if c in df.columns else pl.lit(None)).cast(pl.Float64)
                             .fill_null(0.0).alias(c))
    for c in ("over_3000_tco2e", "over_1000_toe", "provisional"):
        df = df.with_columns((pl.col(c) if c in df.columns else pl.lit(None)).cast(pl.Boolean)
                             .fill_null(False).alias(c))
    if "months" not in df.columns:
        df = df.with_columns(pl.lit(0, dtype=pl.Int32).alias("months"))
    return df.with_columns(pl.col("months").fill_null(0)).sort("park_id", "enterprise_id")


def _group(ent: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    return (
        ent.group_by(keys)
        .agg(pl.len().alias("enterprises"), *(pl.col(c).sum() for c in _VALUE_COLS),
             pl.col("over_3000_tco2e").sum().alias("n_over_3000_tco2e"),
             pl.col("over_1000_toe").sum().alias("n_over_1000_toe"))
        .sort(keys)
    )


def _value_columns() -> tuple[Column, ...]:
    return (
        Column("scope1_tco2e", "export.col_scope1_tco2e", _T, 18),
        Column("scope2_tco2e", "export.col_scope2_tco2e", _T, 18),
        Column("scope3_tco2e", "export.col_scope3_tco2e", _T, 16),
        Column("scope1_2_tco2e", "export.col_scope1_2_tco2e", _T, 18),
        Column("total_tco2e", "export.col_total_tco2e", _T, 18),
        Column("outside_tco2e", "export.col_biogenic_co2_t", '#,##0.000" t"', 18),
        Column("memo_tco2e", "export.col_memo_tco2e", _T, 18),
    )


_PARK_COLUMNS = (
    Column("park_id", "export.col_park_id", None, 12),
    Column("park_name_vi", "export.col_park_name_vi", None, 28),
    Column("park_name_en", "export.col_park_name_en", None, 28),
    Column("enterprises", "export.col_enterprises", "0", 12),
    *_value_columns(),
    Column("n_over_3000_tco2e", "export.col_n_over_3000", "0", 14),
    Column("n_over_1000_toe", "export.col_n_over_1000_toe", "0", 14),
)
_SECTOR_COLUMNS = (
    Column("sector_id", "export.col_sector_id", None, 18),
    Column("sector_name_vi", "export.col_sector_name_vi", None, 28),
    Column("sector_name_en", "export.col_sector_name_en", None, 28),
    Column("enterprises", "export.col_enterprises", "0", 12),
    *_value_columns(),
    Column("n_over_3000_tco2e", "export.col_n_over_3000", "0", 14),
    Column("n_over_1000_toe", "export.col_n_over_1000_toe", "0", 14),
)
_ENTERPRISE_COLUMNS = (
    Column("enterprise_id", "export.col_enterprise_id", None, 14),
    Column("enterprise_name", "export.col_enterprise_name", None, 30),
    Column("park_id", "export.col_park_id", None, 12),
    Column("sector_id", "export.col_sector_id", None, 18),
    *_value_columns(),
    Column("months", "export.col_months", "0", 10),
    Column("energy_toe", "export.col_energy_toe", '#,##0.0" TOE"', 14),
    Column("over_3000_tco2e", "export.col_over_3000", None, 14),
    Column("over_1000_toe", "export.col_over_1000_toe", None, 14),
    Column("on_national_list", "export.col_on_national_list", None, 14),
    Column("provisional", "export.col_provisional", None, 12),
)

_SOURCE_COLUMNS = (
    Column("source", "export.fac_source", None, 70),
    Column("level", "export.fac_level", None, 70),
    Column("n", "export.col_factor_count", "0", 10),
)


def _sheet(wb: Workbook, styles: Styles, name_key: str, title_key: str, df: pl.DataFrame,
           columns: tuple[Column, ...], year: int, provisional_field: str | None = None) -> None:
    ws = new_sheet(wb, t(name_key, "vi"))
    ws.write_string(0, 0, t(title_key, "vi", year=year), styles.title)
    ws.write_string(1, 0, t(title_key, "en", year=year), styles.subtitle)
    end = write_table(ws, styles, 3, df, columns, provisional_field=provisional_field)
    ws.write_string(end, 0, bilingual_inline("export.total_row"), styles.label)
    for c, col in enumerate(columns):
        if col.field in (*_VALUE_COLS, "enterprises", "energy_toe"):
            ws.write_number(end, c, float(df[col.field].sum()) if df.height else 0.0,
                            styles.total)
    ws.freeze_panes(4, 2)


def _notes_sheet(wb: Workbook, styles: Styles, result: InventoryResult, year: int,
                 ent: pl.DataFrame) -> None:
    ws = new_sheet(wb, t("export.prov_sheet_notes", "vi"))
    ws.set_column(0, 1, 70)
    ws.write_string(0, 0, t("export.prov_title", "vi", year=year), styles.title)
    ws.write_string(1, 0, t("export.prov_title", "en", year=year), styles.subtitle)
    total = float(ent["total_tco2e"].sum()) if ent.height else 0.0
    lines = [
        ("export.prov_note_total", {"total": round(total, 3), "n": ent.height}),
        ("export.prov_note_method", {"gwp": result.params.gwp_set,
                                     "basis": result.params.scope2_basis}),
        ("export.prov_note_thresholds", {"tco2e": THRESHOLD_TCO2E, "toe": THRESHOLD_TOE}),
        ("export.prov_note_boundary", {}),
        ("export.prov_note_factors", {"n": result.factors.height}),
    ]
    if result.provisional:
        lines.append(("export.provisional_banner", {}))
    row = 3
    for key, params in lines:
        ws.write_string(row, 0, t(key, "vi", **params), styles.text)
        ws.write_string(row, 1, t(key, "en", **params), styles.text)
        row += 1
    row += 1
    sources = (
        result.factors.group_by("source", "level").agg(pl.len().alias("n")).sort("source")
        if result.factors.height else pl.DataFrame(schema={"source": pl.String,
                                                          "level": pl.String, "n": pl.UInt32})
    )
    write_table(ws, styles, row, sources, _SOURCE_COLUMNS)


def write_province(
    result: InventoryResult, registry: pl.DataFrame, year: int, out: Path | io.BytesIO
) -> pl.DataFrame:
    """Write the province workbook; return the by-enterprise frame (for the CLI summary)."""
    ent = by_enterprise(result, registry)
    with xlsxwriter.Workbook(out, {"in_memory": True}) as wb:
        styles = Styles(wb)
        _notes_sheet(wb, styles, result, year, ent)
        _sheet(wb, styles, "export.prov_sheet_park", "export.prov_park_title",
               _group(ent, ["park_id", "park_name_vi", "park_name_en"]), _PARK_COLUMNS, year)
        _sheet(wb, styles, "export.prov_sheet_sector", "export.prov_sector_title",
               _group(ent, ["sector_id", "sector_name_vi", "sector_name_en"]), _SECTOR_COLUMNS,
               year)
        _sheet(wb, styles, "export.prov_sheet_enterprise", "export.prov_enterprise_title", ent,
               _ENTERPRISE_COLUMNS, year, provisional_field="provisional")
    return ent

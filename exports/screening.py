"""The Decree 06 list-screening table a department works from (CSV or XLSX).

Why its own file: the department that compiles the provincial list needs one row per
enterprise with the two figures on the one screening basis (``metrics.screening``), each flag,
whether the figure rests on provisional factors, and the factor ids it used, so a reviewer can
trace any row back to activity × factor. Names of enterprises and parks come from the registry.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Literal

import polars as pl
import xlsxwriter

from exports.common import (
    ENTERPRISE_YEAR_COLUMNS,
    Column,
    Styles,
    bilingual_inline,
    new_sheet,
    write_table,
)
from metrics.rollups import THRESHOLD_TCO2E, THRESHOLD_TOE
from parkghg.i18n import t
from parkghg.spreadsheet import neutralise_formulas

ScreeningFormat = Literal["csv", "xlsx"]
SCREENING_FORMATS: tuple[ScreeningFormat, ...] = ("csv", "xlsx")

TABLE_COLUMNS: tuple[str, ...] = (
    "enterprise_id", "enterprise_name", "park_id", "sector_id", "year", "screening_tco2e",
    "energy_toe_moit", "over_3000_tco2e", "over_1000_toe", "meets_a_list_criterion",
    "on_national_list", "provisional", "toe_basis", "boundary", "scope2_basis", "gwp_set",
    "factor_ids",
)
_XLSX_COLUMNS = (
    *ENTERPRISE_YEAR_COLUMNS,
    Column("screening_tco2e", "export.col_screening_tco2e", '#,##0.000" tCO2e"', 18),
    Column("energy_toe_moit", "export.col_energy_toe_moit", '#,##0.0" TOE"', 16),
    Column("over_3000_tco2e", "export.col_over_3000", None, 12),
    Column("over_1000_toe", "export.col_over_1000_toe", None, 12),
    Column("meets_a_list_criterion", "export.col_meets_a_list_criterion", None, 14),
    Column("on_national_list", "export.col_on_national_list", None, 14),
    Column("provisional", "export.col_provisional", None, 12),
    Column("toe_basis", "export.col_toe_basis", None, 14),
    Column("boundary", "export.col_reporting_boundary", None, 12),
    Column("scope2_basis", "export.col_scope2_basis", None, 12),
    Column("gwp_set", "export.col_gwp_set", None, 9),
    Column("factor_ids", "export.col_factor_ids", None, 60),
)


def screening_table(screening: pl.DataFrame, registry: pl.DataFrame) -> pl.DataFrame:
    """``metrics.screening`` rows with names and the national-list flag, largest first."""
    names = registry.select("enterprise_id", "enterprise_name", "on_national_list")
    return (
        screening.join(names, on="enterprise_id", how="left")
        .select(TABLE_COLUMNS)
        .sort(["meets_a_list_criterion", "screening_tco2e"], descending=True)
    )


def write_screening(table: pl.DataFrame, fmt: ScreeningFormat,
                    out: Path | io.BufferedIOBase | io.BytesIO) -> None:
    """CSV (UTF-8 with BOM, formula-safe) or an XLSX with bilingual headings and a note."""
    if fmt == "csv":
        neutralise_formulas(table).write_csv(out, include_bom=True)
        return
    with xlsxwriter.Workbook(out, {"in_memory": True}) as wb:
        styles = Styles(wb)
        ws = new_sheet(wb, t("export.screening_sheet", "vi"))
        ws.write_string(0, 0, bilingual_inline("export.screening_title"), styles.title)
        ws.write_string(1, 0, bilingual_inline("export.prov_note_thresholds",
                                               tco2e=THRESHOLD_TCO2E, toe=THRESHOLD_TOE),
                        styles.subtitle)
        end = write_table(ws, styles, 3, table, _XLSX_COLUMNS, provisional_field="provisional")
        ws.freeze_panes(4, 2)
        ws.autofilter(3, 0, max(end - 1, 4), len(_XLSX_COLUMNS) - 1)

"""JCM workbooks: the candidate list for workshops and a project's monitoring table.

Why its own module: the candidate list is what the province takes to workshops with the park
investors and Japanese partners (one row per candidate with its methodology, every assumption,
the estimated reduction and the money), and the monitoring table is laid out like a JCM
monitoring spreadsheet — inputs (monitored values), values fixed ex ante, calculations, result
— so the project participants can check it line by line against the methodology's own sheet.
(The official sheet names are UNVERIFIED, regulation.md §3.5; the sections follow §3.3.)
Rendering only: every number arrives computed (``metrics.jcm``).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import polars as pl
import xlsxwriter

from exports.common import Column, Styles, bilingual_inline, new_sheet, write_table
from metrics.jcm.base import Calculation, Methodology
from parkghg.spreadsheet import neutralise_formulas, neutralise_text

CandidateFormat = Literal["csv", "xlsx"]
CANDIDATE_FORMATS: tuple[CandidateFormat, ...] = ("csv", "xlsx")
Out = Path | io.BufferedIOBase | io.BytesIO

_T = '#,##0.0" tCO2"'
_USD = '#,##0" USD"'
CANDIDATE_COLUMNS: tuple[Column, ...] = (
    Column("rank_in_province", "jcm.col_rank_province", "0", 8),
    Column("rank_in_park", "jcm.col_rank_park", "0", 8),
    Column("enterprise_id", "export.col_enterprise_id", None, 14),
    Column("enterprise_name", "export.col_enterprise_name", None, 30),
    Column("park_id", "export.col_park_id", None, 12),
    Column("sector_id", "export.col_sector_id", None, 14),
    Column("year", "export.col_year", "0", 7),
    Column("technology_id", "jcm.col_technology", None, 20),
    Column("methodology_id", "jcm.col_methodology", None, 20),
    Column("basis_vi", "jcm.col_basis_vi", None, 45),
    Column("basis_en", "jcm.col_basis_en", None, 45),
    Column("capacity", "jcm.col_capacity", "#,##0", 10),
    Column("capacity_unit", "jcm.col_capacity_unit", None, 10),
    Column("er_tco2_per_year", "jcm.col_er_per_year", _T, 14),
    Column("lifetime_years", "jcm.col_lifetime", "0", 8),
    Column("er_tco2_lifetime", "jcm.col_er_lifetime", _T, 14),
    Column("investment_usd_low", "jcm.col_investment_low", _USD, 14),
    Column("investment_usd_high", "jcm.col_investment_high", _USD, 14),
    Column("jcm_financing_frac", "jcm.col_financing_frac", "0%", 9),
    Column("jcm_financing_usd", "jcm.col_financing_usd", _USD, 14),
    Column("cost_usd_per_tco2", "jcm.col_cost_per_t", '#,##0.0" USD/t"', 12),
    Column("jcm_cost_usd_per_tco2", "jcm.col_jcm_cost_per_t", '#,##0.0" USD/t"', 12),
    Column("needs_setting", "jcm.col_needs_setting", None, 12),
    Column("indicative", "jcm.col_indicative", None, 10),
    Column("assumptions", "jcm.col_assumptions", None, 60),
)
TECHNOLOGY_COLUMNS: tuple[Column, ...] = (
    Column("technology_id", "jcm.col_technology", None, 20),
    Column("name_vi", "jcm.col_name_vi", None, 34),
    Column("name_en", "jcm.col_name_en", None, 34),
    Column("typical_saving", "jcm.col_typical_saving", None, 34),
    Column("enterprises", "jcm.col_enterprises", "0", 10),
    Column("er_tco2_per_year", "jcm.col_er_per_year", _T, 14),
    Column("investment_usd", "jcm.col_investment", _USD, 14),
    Column("source", "jcm.col_source", None, 40),
    Column("verification", "jcm.col_verification", None, 12),
)
CSV_COLUMNS: tuple[str, ...] = (*(c.field for c in CANDIDATE_COLUMNS), "investment_usd")


def write_candidates(table: pl.DataFrame, fmt: CandidateFormat, out: Out,
                     technologies: pl.DataFrame | None = None) -> None:
    """CSV (UTF-8 with BOM, formula-safe) or XLSX (ranked list, then the technology sheet)."""
    if fmt == "csv":
        neutralise_formulas(table.select(CSV_COLUMNS)).write_csv(out, include_bom=True)
        return
    with xlsxwriter.Workbook(out, {"in_memory": True}) as wb:
        styles = Styles(wb)
        ws = new_sheet(wb, "JCM")
        ws.write_string(0, 0, bilingual_inline("jcm.candidates_title"), styles.title)
        ws.write_string(1, 0, bilingual_inline("jcm.indicative_note"), styles.warning)
        end = write_table(ws, styles, 3, table, CANDIDATE_COLUMNS)
        ws.freeze_panes(4, 4)
        ws.autofilter(3, 0, max(end - 1, 4), len(CANDIDATE_COLUMNS) - 1)
        if technologies is not None:
            tws = new_sheet(wb, "Technologies")
            tws.write_string(0, 0, bilingual_inline("jcm.technologies_title"), styles.title)
            write_table(tws, styles, 2, technologies, TECHNOLOGY_COLUMNS)


def _label_value(ws: Any, styles: Styles, row: int, key: str, value: object) -> int:
    ws.write_string(row, 0, bilingual_inline(key), styles.label)
    if isinstance(value, int | float):
        ws.write_number(row, 1, value)
    else:
        ws.write_string(row, 1, str(neutralise_text(str(value))))
    return row + 1


def write_monitoring(project: Mapping[str, Any], method: Methodology,
                     period: tuple[str, str], monitored: pl.DataFrame, calc: Calculation,
                     japan_credit_share_frac: float | None, out: Out) -> None:
    """The monitoring table: project header, then the four sections of a JCM sheet."""
    with xlsxwriter.Workbook(out, {"in_memory": True}) as wb:
        styles = Styles(wb)
        ws = new_sheet(wb, "Monitoring")
        ws.set_column(0, 0, 34)
        ws.set_column(1, 5, 18)
        ws.write_string(0, 0, bilingual_inline("jcm.monitoring_title"), styles.title)
        row = 2
        for key, value in (
            ("jcm.col_project", f"{project['project_id']} — {project['title']}"),
            ("export.col_enterprise_id", project["enterprise_id"]),
            ("jcm.col_methodology", f"{method.name} ({method.version})"),
            ("jcm.col_period", f"{period[0]} – {period[1]}"),
        ):
            row = _label_value(ws, styles, row, key, value)
        if calc.indicative:
            ws.write_string(row, 0, bilingual_inline(
                "jcm.indicative_because", values=", ".join(calc.indicative_because)),
                styles.warning)
            row += 1
        row += 1
        ws.write_string(row, 0, bilingual_inline("jcm.section_inputs"), styles.section)
        row = write_table(ws, styles, row + 1, monitored.with_columns(
            pl.col("period").cast(pl.String)), (
            Column("period", "jcm.col_month", None, 34),
            Column("parameter", "jcm.col_parameter", None, 18),
            Column("value", "jcm.col_value", "#,##0.000", 18),
            Column("unit", "jcm.col_unit", None, 18),
            Column("source", "jcm.col_data_source", None, 18),
        ))
        steps = pl.DataFrame([s.model_dump() for s in calc.steps])
        for section, key in (("input", "jcm.section_input_totals"),
                             ("fixed", "jcm.section_fixed"),
                             ("calculation", "jcm.section_calculations"),
                             ("result", "jcm.section_result")):
            row += 1
            ws.write_string(row, 0, bilingual_inline(key), styles.section)
            part = steps.filter(pl.col("section") == section)
            row = write_table(ws, styles, row + 1, part, (
                Column("name", "jcm.col_parameter", None, 34),
                Column("value", "jcm.col_value", "#,##0.000", 18),
                Column("unit", "jcm.col_unit", None, 18),
                Column("formula", "jcm.col_formula", None, 18),
                Column("verification", "jcm.col_verification", None, 18),
            ))
        row += 1
        ws.write_string(row, 0, bilingual_inline("jcm.section_credits"), styles.section)
        row += 1
        if japan_credit_share_frac is not None:
            row = _label_value(ws, styles, row, "jcm.credits_to_japan",
                               calc.er_tco2 * japan_credit_share_frac)
            row = _label_value(ws, styles, row, "jcm.credits_to_viet_nam",
                               calc.er_tco2 * (1 - japan_credit_share_frac))
        ws.write_string(row, 0, bilingual_inline("jcm.beside_not_subtracted"), styles.subtitle)

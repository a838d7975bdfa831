"""The province summary workbook for the People's Committee compilation.

Why: Decree 06 Art. 11(6) as amended by Decree 119 has the provincial People's Committee
receive, review and compile facility results and send them on before 30 June. The compilers
need the same numbers cut three ways (by park, by sector, by enterprise with the Decree 06
list thresholds) plus a note of the method and factors, and the three cuts must add up to the
same provincial total, which the sheet states once.

Boundary and basis: totals are the Circular 38 headline (Scope 1 + 2, R-22 in Scope 1) in the
GWP set and Scope 2 basis the user chose; Scope 3 and biogenic CO2 are columns of their own and
never summed in. The list flags come from ``metrics.screening`` (one fixed basis: location-based
Scope 2, Circular 38 boundary, MOIT TOE), handed in by the service layer, so a choice of display
basis or a certificate never moves an enterprise below a threshold.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import xlsxwriter
from xlsxwriter.workbook import Workbook

from exports.common import Column, Styles, bilingual_inline, new_sheet, write_table
from metrics.result import InventoryResult
from metrics.rollups import THRESHOLD_TCO2E, THRESHOLD_TOE, headline_totals
from metrics.uncertainty import combined_uncertainty
from parkghg.i18n import fmt_number, t

_T = '#,##0.000" tCO2e"'
_VALUE_COLS = ("scope1_tco2e", "scope2_tco2e", "total_tco2e", "scope3_tco2e", "outside_tco2e",
               "screening_tco2e", "energy_toe_moit")
_FLAG_COLS = ("screening_tco2e", "energy_toe_moit", "over_3000_tco2e", "over_1000_toe")


def by_enterprise(result: InventoryResult, registry: pl.DataFrame,
                  screening: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per enterprise in the registry: Circular 38 totals and the list screening.

    Enterprises without data stay in the list with zeros, so the compiler sees who is missing.
    ``total_tco2e`` is the headline (Scope 1 + 2); ``screening`` is ``metrics.screening`` for the
    year (its own fixed basis); without it the flags stay empty rather than guessed.
    """
    em = result.emissions
    totals = (
        headline_totals(em).select("enterprise_id", "scope1_tco2e", "scope2_tco2e",
                                   "scope3_tco2e", "outside_tco2e", "months", "provisional",
                                   total_tco2e="headline_tco2e")
        if em.height else pl.DataFrame(schema={"enterprise_id": pl.String})
    )
    flags = (screening.select("enterprise_id", *_FLAG_COLS,
                              screening_provisional="provisional")
             if screening is not None and screening.height
             else pl.DataFrame(schema={"enterprise_id": pl.String}))
    unc = (combined_uncertainty(em, by=("enterprise_id",)).select("enterprise_id",
                                                                   "uncertainty_pct")
           if em.height else pl.DataFrame(schema={"enterprise_id": pl.String,
                                                  "uncertainty_pct": pl.Float64}))
    df = registry.join(totals, on="enterprise_id", how="left").join(
        flags, on="enterprise_id", how="left").join(unc, on="enterprise_id", how="left")
    if "screening_provisional" in df.columns:
        df = df.with_columns(pl.col("provisional").fill_null(False)
                             | pl.col("screening_provisional").fill_null(False)
                             ).drop("screening_provisional")
    for c in _VALUE_COLS:
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
        Column("total_tco2e", "export.col_total_tco2e", _T, 18),
        Column("scope3_tco2e", "export.col_scope3_separate", _T, 18),
        Column("outside_tco2e", "export.col_biogenic_co2_t", '#,##0.000" t"', 18),
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
    Column("uncertainty_pct", "export.col_uncertainty_pct", '"±"0.0"%"', 12),
    Column("screening_tco2e", "export.col_screening_tco2e", _T, 18),
    Column("energy_toe_moit", "export.col_energy_toe_moit", '#,##0.0" TOE"', 14),
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
        if col.field in (*_VALUE_COLS, "enterprises"):
            ws.write_number(end, c, float(df[col.field].sum()) if df.height else 0.0,
                            styles.total)
    ws.freeze_panes(4, 2)


_ONE_DECIMAL = frozenset({"pct", "abs"})


def _localised(params: dict[str, object], lang: str) -> dict[str, object]:
    """Figures in the notes in each language's number format (6.015,046 / 6,015.046)."""
    return {k: fmt_number(v, lang, 1 if k in _ONE_DECIMAL else 3) if isinstance(v, float) else v
            for k, v in params.items()}


def _notes_sheet(wb: Workbook, styles: Styles, result: InventoryResult, year: int,
                 ent: pl.DataFrame, territory: pl.DataFrame | None = None) -> None:
    ws = new_sheet(wb, t("export.prov_sheet_notes", "vi"))
    ws.set_column(0, 1, 70)
    ws.write_string(0, 0, t("export.prov_title", "vi", year=year), styles.title)
    ws.write_string(1, 0, t("export.prov_title", "en", year=year), styles.subtitle)
    total = float(ent["total_tco2e"].sum()) if ent.height else 0.0
    lines = [
        ("export.prov_note_total", {"total": round(total, 3), "n": ent.height,
                                    "scope3": round(result.scope3_tco2e, 3)}),
        ("export.prov_note_method", {"gwp": result.params.gwp_set,
                                     "basis": result.params.scope2_basis}),
        ("export.prov_note_thresholds", {"tco2e": THRESHOLD_TCO2E, "toe": THRESHOLD_TOE}),
        ("export.prov_note_boundary", {}),
        ("export.prov_note_factors", {"n": result.factors.height}),
    ]
    if result.emissions.height:
        u = combined_uncertainty(result.emissions, by=("year",)).filter(pl.col("year") == year)
        if u.height and u["uncertainty_pct"][0] is not None:
            lines.append(("export.prov_note_uncertainty", {
                "pct": round(u["uncertainty_pct"][0], 1),
                "abs": round(u["uncertainty_tco2e"][0], 1)}))
    if territory is not None and territory.height:
        terr = territory.filter(pl.col("year") == year)
        if terr.height:
            r = terr.row(0, named=True)
            lines.append(("export.prov_note_territorial", {
                "territorial": round(r["territorial_tco2e"], 3),
                "overlap": round(r["internal_energy_transfers_tco2e"], 3),
                "n": r["transfers"]}))
    if result.provisional:
        lines.append(("export.provisional_banner", {}))
    row = 3
    for key, params in lines:
        ws.write_string(row, 0, t(key, "vi", **_localised(params, "vi")), styles.text)
        ws.write_string(row, 1, t(key, "en", **_localised(params, "en")), styles.text)
        row += 1
    row += 1
    sources = (
        result.factors.group_by("source", "level").agg(pl.len().alias("n")).sort("source")
        if result.factors.height else pl.DataFrame(schema={"source": pl.String,
                                                          "level": pl.String, "n": pl.UInt32})
    )
    write_table(ws, styles, row, sources, _SOURCE_COLUMNS)


def write_province(
    result: InventoryResult, registry: pl.DataFrame, year: int, out: Path | io.BytesIO,
    *, screening: pl.DataFrame | None = None, territory: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Write the province workbook; return the by-enterprise frame (for the CLI summary).

    ``territory`` is ``metrics.territorial.territorial_totals`` for the year: the notes state
    the territorial total beside the sum of inventories, and why they differ.
    """
    ent = by_enterprise(result, registry, screening)
    with xlsxwriter.Workbook(out, {"in_memory": True}) as wb:
        styles = Styles(wb)
        _notes_sheet(wb, styles, result, year, ent, territory)
        _sheet(wb, styles, "export.prov_sheet_park", "export.prov_park_title",
               _group(ent, ["park_id", "park_name_vi", "park_name_en"]), _PARK_COLUMNS, year)
        _sheet(wb, styles, "export.prov_sheet_sector", "export.prov_sector_title",
               _group(ent, ["sector_id", "sector_name_vi", "sector_name_en"]), _SECTOR_COLUMNS,
               year)
        _sheet(wb, styles, "export.prov_sheet_enterprise", "export.prov_enterprise_title", ent,
               _ENTERPRISE_COLUMNS, year, provisional_field="provisional")
    return ent

"""The enterprise's Form 06 report workbook (Decree 06/2022 Appendix II, Circular 38 tables).

Why a workbook and these sheets: Form 06 itself is a narrative with headings and no tables
(regulation.md §1.7), while Circular 38 Appendix II Sec. 1 fixes the activity-data tables a
reviewer expects (1.1 stationary fuel in TJ with the NCV, 1.2 mobile fuel, 2.1 refrigerant
recharge, 2.2 the refrigeration and electrical equipment register, 4.1 electricity in MWh by
source, 4.2 steam). Since Decree 119/2025 the report covers the **two years before the
submission year**, so every table is repeated per year. Headings are
Vietnamese with the English alongside, because the People's Committee reads the Vietnamese and
the Kobe partners the English. Provisional results (e.g. a grid EF not yet published for the
year) are shaded and called out on the first sheet.

Boundary: Circular 38 (``metrics.boundary``). The headline is Scope 1 + Scope 2 with HCFC
refrigerants such as R-22 in Scope 1 (Circular 38 App. II Sec. 2 covers "HFC and HCFC");
Scope 3 (waste sent off site) and biogenic CO2 are stated separately, never added in.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import xlsxwriter
from xlsxwriter.workbook import Workbook

from exports.common import (
    Column,
    Styles,
    bilingual,
    bilingual_inline,
    join_ids,
    new_sheet,
    wrapped_lines,
    write_table,
)
from metrics.boundary import DEFAULT_BOUNDARY, apply_boundary
from metrics.boundary import SEPARATE_SCOPES as _SEPARATE
from metrics.result import TOTAL_SCOPES, InventoryResult
from metrics.uncertainty import combined_uncertainty
from parkghg.contract import ITEMS
from parkghg.i18n import fmt_number, t

_M3_TO_L = 1000.0
# What Form 06 states beside the headline, never inside it: Scope 3 and biogenic CO2.
SEPARATE_SCOPES: tuple[str, ...] = (*_SEPARATE, "outside")
_ELECTRICITY_SOURCE = {
    "grid": "export.elec_source_grid",
    "dppa_renewable": "export.elec_source_direct",
    "dppa_private_line": "export.elec_source_private_line",
    "onsite_solar": "export.elec_source_self",
    "rec_retired": "export.elec_source_rec",
}


def covered_years(submission_year: int) -> tuple[int, int]:
    """Decree 06 Art. 11(1)(e) as amended by Decree 119: the two years before submission."""
    return submission_year - 2, submission_year - 1


def activity_by_item(emissions: pl.DataFrame, category: str) -> pl.DataFrame:
    """Yearly activity per item and unit for one source category.

    The engine writes one row per gas for the same activity, so quantities are summed per gas
    and then taken once (every gas of an activity row carries the same quantity).
    """
    rows = emissions.filter(pl.col("source_category") == category)
    if rows.height == 0:
        return pl.DataFrame(schema={"year": pl.Int32, "item": pl.String,
                                    "activity_unit": pl.String, "activity_quantity": pl.Float64,
                                    "energy_tj": pl.Float64, "provisional": pl.Boolean})
    return (
        rows.group_by("year", "item", "activity_unit", "gas")
        .agg(pl.col("activity_quantity").sum(), pl.col("energy_tj").sum(),
             pl.col("provisional").any())
        .group_by("year", "item", "activity_unit")
        .agg(pl.col("activity_quantity").max(), pl.col("energy_tj").max(),
             pl.col("provisional").any())
        .sort("year", "item", "activity_unit")
    )


def _numbered(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_row_index("no", offset=1).with_columns(pl.col("no").cast(pl.Int64))


def _table_1_1(em: pl.DataFrame, year: int, factors: pl.DataFrame) -> pl.DataFrame:
    df = activity_by_item(em, "stationary_combustion").filter(pl.col("year") == year)
    return _numbered(df.with_columns(
        pl.when(pl.col("activity_quantity") > 0)
        .then(pl.col("energy_tj") / pl.col("activity_quantity")).alias("ncv_tj_per_unit"),
        _item_label("fuel").alias("item_label"),
    ))


def _table_1_2(em: pl.DataFrame, year: int, factors: pl.DataFrame) -> pl.DataFrame:
    # Off-road machinery (forklifts, excavators) is mobile fuel use in Circular 38's Table 1.2.
    df = pl.concat([activity_by_item(em, "mobile_combustion"),
                    activity_by_item(em, "offroad_combustion")]).filter(pl.col("year") == year)
    litres = pl.col("activity_unit") == "m3"
    return _numbered(df.with_columns(
        pl.when(litres).then(pl.col("activity_quantity") * _M3_TO_L)
        .otherwise(pl.col("activity_quantity")).alias("consumption"),
        pl.when(litres).then(pl.lit("L")).otherwise(pl.col("activity_unit")).alias("unit"),
        _item_label("fuel").alias("item_label"),
        pl.lit(None, dtype=pl.String).alias("vehicle_type"),
        pl.lit(None, dtype=pl.String).alias("vehicle_info"),
        pl.lit(None, dtype=pl.Float64).alias("distance_km"),
    ))


def _table_2_1(em: pl.DataFrame, year: int, factors: pl.DataFrame) -> pl.DataFrame:
    df = activity_by_item(em, "refrigerant_recharge").filter(pl.col("year") == year)
    return _numbered(df.with_columns(pl.col("item").str.to_uppercase().alias("item_label")))


def table_2_2(equipment: pl.DataFrame | None, year: int) -> pl.DataFrame:
    """Circular 38 table 2.2: the equipment register of one year (``metrics.equipment``)."""
    if equipment is None or equipment.height == 0:
        return _numbered(pl.DataFrame(schema={
            "equipment_label": pl.String, "item_label": pl.String, "charge_kg": pl.Float64,
            "tco2e": pl.Float64, "provisional": pl.Boolean}))
    unnamed = bilingual_inline("export.f06_equipment_unnamed")
    df = equipment.filter(pl.col("year") == year).sort("equipment", "item", nulls_last=True)
    return _numbered(df.select(
        pl.col("equipment").fill_null(unnamed).alias("equipment_label"),
        pl.col("item").str.to_uppercase().alias("item_label"),
        "charge_kg", "tco2e", "provisional",
    ))


_EQUIPMENT_COLUMNS = (
    Column("no", "export.f06_col_no", "0", 6),
    Column("equipment_label", "export.f06_col_equipment", None, 36),
    Column("item_label", "export.f06_col_refrigerant", None, 16),
    Column("charge_kg", "export.f06_col_recharge_kg", '#,##0.00" kg"', 18),
    Column("tco2e", "export.col_tco2e", '#,##0.000" tCO2e"', 18),
)


def _equipment_sheet(wb: Workbook, styles: Styles, equipment: pl.DataFrame | None,
                     years: tuple[int, int]) -> None:
    ws = new_sheet(wb, t("export.f06_sheet_2_2", "vi"))
    ws.write_string(0, 0, t("export.f06_table_2_2", "vi"), styles.title)
    ws.write_string(1, 0, t("export.f06_table_2_2", "en"), styles.subtitle)
    row = 3
    for year in years:
        ws.write_string(row, 0, bilingual_inline("export.f06_year", year=year), styles.section)
        row += 1
        df = table_2_2(equipment, year)
        row = write_table(ws, styles, row, df, _EQUIPMENT_COLUMNS, provisional_field="provisional")
        if df.height == 0:
            ws.write_string(row, 0, bilingual_inline("export.f06_no_data"), styles.subtitle)
            row += 1
        row += 1
    ws.write_string(row, 0, bilingual_inline("export.f06_equipment_note"), styles.subtitle)
    ws.freeze_panes(3, 0)


def _table_4_1(em: pl.DataFrame, year: int, factors: pl.DataFrame) -> pl.DataFrame:
    df = activity_by_item(em, "electricity").filter(pl.col("year") == year)
    source = {item: bilingual_inline(key) for item, key in _ELECTRICITY_SOURCE.items()}
    return _numbered(df.with_columns(
        pl.col("item").replace_strict(source, default=pl.col("item")).alias("source_label"),
        pl.lit(None, dtype=pl.String).alias("notes"),
    ))


def steam_assumptions(em: pl.DataFrame, factors: pl.DataFrame) -> dict[str, float | str | None]:
    """The enthalpy and boiler assumptions actually applied to purchased steam.

    Read from the factor rows the steam emission rows name in ``factor_ids`` (so a supplier's or
    enterprise's own factor shows when it was used, and the Circular 38 default otherwise).
    """
    steam = em.filter(pl.col("source_category") == "steam")
    ids = set()
    for cell in steam["factor_ids"].drop_nulls().to_list():
        ids.update(i.strip() for i in cell.split(";") if i.strip())
    used = factors.filter(pl.col("factor_id").is_in(sorted(ids)))

    def first(kind: str) -> dict | None:
        rows = used.filter(pl.col("kind") == kind)
        return rows.row(0, named=True) if rows.height else None

    enthalpy, eff, fuel = (first(k) for k in ("steam_enthalpy", "boiler_efficiency",
                                              "steam_fuel_co2_ef"))
    mix = None
    if fuel is not None:
        mix = (f"{fuel['fuel_or_item']}: {fuel['value']:g} {fuel['unit']} ({fuel['factor_id']})"
               + (f"; η = {eff['value']:g}" if eff is not None else ""))
    return {"enthalpy_kj_per_kg": enthalpy["value"] if enthalpy else None, "fuel_mix": mix}


def _table_4_2(em: pl.DataFrame, year: int, factors: pl.DataFrame) -> pl.DataFrame:
    df = activity_by_item(em, "steam").filter(pl.col("year") == year)
    applied = steam_assumptions(em.filter(pl.col("year") == year), factors) if df.height else {}
    return _numbered(df.with_columns(
        *(pl.lit(None, dtype=pl.String).alias(c) for c in ("pressure", "temperature_c")),
        pl.lit(applied.get("enthalpy_kj_per_kg"), dtype=pl.Float64).alias("enthalpy_kj_per_kg"),
        pl.lit(applied.get("fuel_mix"), dtype=pl.String).alias("fuel_mix"),
    ))


def _item_label(kind: str) -> pl.Expr:
    """Contract item → 'vi / en' label; unknown items keep their code."""
    labels = {s.item: f"{s.meaning_vi} / {s.meaning_en}" for s in ITEMS if s.category == kind}
    return pl.col("item").replace_strict(labels, default=pl.col("item"))


_TABLES = (
    ("1.1", "export.f06_sheet_1_1", "export.f06_table_1_1", _table_1_1, (
        Column("no", "export.f06_col_no", "0", 6),
        Column("item_label", "export.f06_col_fuel_type", None, 40),
        Column("activity_quantity", "export.f06_col_consumption", "#,##0.000", 16),
        Column("activity_unit", "export.f06_col_unit_fuel", None, 16),
        Column("ncv_tj_per_unit", "export.f06_col_ncv", "0.000000000", 16),
        Column("energy_tj", "export.f06_col_total_tj", '#,##0.0000" TJ"', 16),
    )),
    ("1.2", "export.f06_sheet_1_2", "export.f06_table_1_2", _table_1_2, (
        Column("no", "export.f06_col_no", "0", 6),
        Column("vehicle_type", "export.f06_col_vehicle_type", None, 18),
        Column("vehicle_info", "export.f06_col_vehicle_info", None, 24),
        Column("item_label", "export.f06_col_fuel_mobile", None, 34),
        Column("consumption", "export.f06_col_consumption_l", "#,##0.0", 16),
        Column("unit", "export.f06_col_unit", None, 8),
        Column("energy_tj", "export.f06_col_total_tj", '#,##0.0000" TJ"', 14),
        Column("distance_km", "export.f06_col_distance_km", '#,##0" km"', 16),
    )),
    ("2.1", "export.f06_sheet_2_1", "export.f06_table_2_1", _table_2_1, (
        Column("no", "export.f06_col_no", "0", 6),
        Column("item_label", "export.f06_col_refrigerant", None, 20),
        Column("activity_quantity", "export.f06_col_recharge_kg", '#,##0.00" kg"', 18),
    )),
    ("4.1", "export.f06_sheet_4_1", "export.f06_table_4_1", _table_4_1, (
        Column("no", "export.f06_col_no", "0", 6),
        Column("activity_quantity", "export.f06_col_electricity_mwh", '#,##0.000" MWh"', 20),
        Column("source_label", "export.f06_col_electricity_source", None, 40),
        Column("notes", "export.f06_col_notes", None, 30),
    )),
    ("4.2", "export.f06_sheet_4_2", "export.f06_table_4_2", _table_4_2, (
        Column("no", "export.f06_col_no", "0", 6),
        Column("pressure", "export.f06_col_pressure", None, 12),
        Column("temperature_c", "export.f06_col_temperature", None, 14),
        Column("activity_quantity", "export.f06_col_steam_mass", "#,##0.000", 16),
        Column("activity_unit", "export.f06_col_unit", None, 8),
        Column("enthalpy_kj_per_kg", "export.f06_col_enthalpy", "#,##0.0", 16),
        Column("fuel_mix", "export.f06_col_fuel_mix", None, 44),
    )),
)

_RESULT_COLUMNS = (
    Column("scope_label", "export.col_scope", None, 26),
    Column("source_label", "export.col_source_category", None, 34),
    Column("gas", "export.col_gas", None, 10),
    Column("gas_t", "export.col_gas_t", '#,##0.000000" t"', 16),
    Column("gwp", "export.col_gwp", "#,##0.0", 9),
    Column("tco2e", "export.col_tco2e", '#,##0.000" tCO2e"', 18),
    Column("provisional", "export.col_provisional", None, 12),
    Column("factor_ids", "export.col_factor_ids", None, 44),
)

_FACTOR_COLUMNS = (
    Column("factor_id", "export.fac_factor_id", None, 34),
    Column("kind", "export.fac_kind", None, 20),
    Column("fuel_or_item", "export.fac_item", None, 18),
    Column("gas", "export.col_gas", None, 8),
    Column("value", "export.fac_value", "General", 14),
    Column("unit", "export.fac_unit", None, 18),
    Column("valid_from", "export.fac_valid_from", None, 12),
    Column("valid_to", "export.fac_valid_to", None, 12),
    Column("level", "export.fac_level", None, 14),
    Column("source", "export.fac_source", None, 34),
    Column("source_detail", "export.fac_source_detail", None, 50),
    Column("verification", "export.fac_verification", None, 16),
)


def _label_map(prefix: str, values: list[str]) -> dict[str, str]:
    out = {}
    for v in values:
        try:
            out[v] = bilingual_inline(f"{prefix}{v}")
        except KeyError:
            out[v] = v
    return out


def results_by_source(em: pl.DataFrame, year: int) -> pl.DataFrame:
    """Yearly results per scope × source category × gas on the Circular 38 boundary."""
    rows = apply_boundary(em, DEFAULT_BOUNDARY).filter(pl.col("year") == year)
    df = rows.group_by("scope", "source_category", "gas").agg(
        pl.when(pl.col("gas_t").is_not_null().any()).then(pl.col("gas_t").sum())
            .alias("gas_t"),
        pl.when(pl.col("gwp").n_unique() == 1).then(pl.col("gwp").first()).alias("gwp"),
        pl.col("tco2e").sum(),
        pl.col("provisional").any(),
        join_ids(),
    ).sort("scope", "source_category", "gas")
    scopes = _label_map("export.scope_", df["scope"].unique().to_list())
    sources = _label_map("export.source_", df["source_category"].unique().to_list())
    return df.with_columns(
        pl.col("scope").replace_strict(scopes).alias("scope_label"),
        pl.col("source_category").replace_strict(sources).alias("source_label"),
    )


def _facility_sheet(wb: Workbook, styles: Styles, result: InventoryResult, enterprise: dict,
                    years: tuple[int, int], history: pl.DataFrame | None) -> None:
    ws = new_sheet(wb, t("export.f06_sheet_facility", "vi"))
    ws.set_column(0, 0, 46)
    ws.set_column(1, 1, 46)
    ws.set_column(2, 2, 60)
    y1, y2 = years
    # Header block of an official Vietnamese form: issuer (the facility) on the left, the
    # national motto on the right, then the form number and the title.
    ws.write_string(0, 0, str(enterprise.get("enterprise_name") or "").upper(), styles.section)
    ws.write_string(0, 2, t("export.f06_motto_1", "vi"), styles.section)
    ws.write_string(1, 2, t("export.f06_motto_2", "vi"), styles.label)
    ws.write_string(2, 2, bilingual_inline("export.f06_form_number"), styles.subtitle)
    ws.write_string(4, 0, t("export.f06_title", "vi", y1=y1, y2=y2), styles.title)
    ws.write_string(5, 0, t("export.f06_title", "en", y1=y1, y2=y2), styles.subtitle)
    row = 7
    if result.provisional:
        ws.merge_range(row, 0, row, 2, bilingual_inline("export.provisional_banner"),
                       styles.warning)
        row += 2
    for key, value in _facility_rows(result, enterprise, years, history):
        label_vi, label_en = t(key, "vi"), t(key, "en")
        if value is _SECTION:
            ws.write_string(row, 0, label_vi, styles.section)
            ws.write_string(row, 1, label_en, styles.section)
        else:
            ws.write_string(row, 0, label_vi, styles.label)
            ws.write_string(row, 1, label_en, styles.label)
            if isinstance(value, str):  # a string cell, never a formula: no visible '
                ws.write_string(row, 2, value, styles.text)
            elif value is not None:
                ws.write(row, 2, value, styles.text)
            # xlsxwriter cannot autofit wrapped rows; size them so nothing is hidden in print.
            lines = max(wrapped_lines(label_vi, 46), wrapped_lines(label_en, 46),
                        wrapped_lines(str(value or ""), 60))
            ws.set_row(row, 15 * lines)
        row += 1
    row += 2
    ws.write_string(row, 2, bilingual("export.f06_signature"), styles.label)


_SECTION = object()


def _both(key: str, numbers: dict[str, tuple[float, int]], **params: object) -> str:
    """``key`` in Vietnamese then English, numbers in each language's format (1.234,5 / 1,234.5)."""
    return "\n".join(
        t(key, lang, **params, **{k: fmt_number(v, lang, d) for k, (v, d) in numbers.items()})
        for lang in ("vi", "en"))


def _registry_field(ent: dict, field: str) -> str:
    value = ent.get(field)
    return str(value) if value not in (None, "") else bilingual_inline("export.f06_not_in_registry")


def _qc_lines(result: InventoryResult, years: tuple[int, int],
              history: pl.DataFrame | None) -> str:
    """III.4: completeness, what is reported apart or rests on estimates, recalculations and
    the combined uncertainty (IPCC 2006 Vol. 1 ch. 3, Approach 1; ``metrics.uncertainty``)."""
    em = result.emissions
    lines: list[str] = []
    unc = combined_uncertainty(em, by=("year",)) if em.height else pl.DataFrame()
    for y in years:
        year_em = em.filter(pl.col("year") == y)
        lines.append(bilingual_inline("export.f06_months_line", year=y,
                                      n=year_em["period"].n_unique()))
        lines.append(_both("export.f06_separate_line", {
            "scope3": (_year_scopes(em, y, ("3",)), 3),
            "biogenic": (_year_scopes(em, y, ("outside",)), 3)}, year=y))
        n_prov = int(year_em["provisional"].sum()) if year_em.height else 0
        if n_prov:
            lines.append(bilingual_inline("export.f06_provisional_rows", year=y, n=n_prov))
        found = unc.filter(pl.col("year") == y) if unc.height else unc
        if found.height and found["uncertainty_pct"][0] is not None:
            r = found.row(0, named=True)
            lines.append(_both("export.f06_uncertainty_line", {
                "pct": (r["uncertainty_pct"], 1), "abs": (r["uncertainty_tco2e"], 1)}, year=y))
            if r["uncertainty_provisional"]:
                lines.append(bilingual_inline("export.f06_uncertainty_provisional"))
    lines.extend(_recalculation_lines(history))
    return "\n".join(lines)


def _recalculation_lines(history: pl.DataFrame | None) -> list[str]:
    """Recalculations in the version history (Circular 38 Art. 22: each with its reason)."""
    if history is None or history.height == 0:
        return [bilingual_inline("export.f06_recalc_none")]
    recalcs = history.filter(pl.col("supersedes").is_not_null()).sort("created_at")
    if recalcs.height == 0:
        return [bilingual_inline("export.f06_recalc_none")]
    return [bilingual_inline("export.f06_recalc_line", new=r["version_id"], old=r["supersedes"],
                             reason=r["reason"], by=r["created_by"],
                             at=str(r["created_at"])[:16])
            for r in recalcs.iter_rows(named=True)]


def _facility_rows(result: InventoryResult, ent: dict, years: tuple[int, int],
                   history: pl.DataFrame | None) -> list:
    em = result.emissions
    v = result.version
    version_text = (
        t("export.f06_version_frozen", "vi", version=v["version_id"], status=v["status"],
          by=v["accepted_by"] or v["created_by"], reason=v["reason"])
        + "\n" + t("export.f06_version_frozen", "en", version=v["version_id"],
                   status=v["status"], by=v["accepted_by"] or v["created_by"],
                   reason=v["reason"])
        if v else bilingual("export.f06_version_live")
    )
    sources = sorted(em["source_category"].unique().to_list()) if em.height else []
    identity = "\n".join([
        f"{ent['enterprise_name']} — MST {ent['enterprise_id']}",
        bilingual_inline("export.f06_address") + ": " + _registry_field(ent, "address"),
        bilingual_inline("export.f06_licence") + ": " + _registry_field(
            ent, "business_registration_no"),
    ])
    return [
        ("export.f06_sec_I", _SECTION),
        ("export.f06_I_1", identity),
        ("export.f06_I_1_park",
         f"{ent.get('park_name_vi') or ''} / {ent.get('park_name_en') or ''}"),
        ("export.f06_I_2", _registry_field(ent, "legal_representative")),
        ("export.f06_I_3", f"{ent.get('sector_name_vi') or ''} / {ent.get('sector_name_en') or ''}"
                           f" (VSIC {ent.get('vsic_code') or ''})"),
        ("export.f06_sec_II", _SECTION),
        ("export.f06_II_1", bilingual("export.f06_boundary_text")),
        ("export.f06_II_2", None),
        ("export.f06_II_3", "\n".join(bilingual_inline(f"export.source_{s}") for s in sources)),
        ("export.f06_II_4", bilingual("export.f06_data_system_text")),
        ("export.f06_sec_III", _SECTION),
        ("export.f06_III_1", bilingual("export.f06_method_text", gwp=result.params.gwp_set,
                                       basis=result.params.scope2_basis)),
        ("export.f06_III_2", bilingual("export.f06_see_tables")),
        ("export.f06_III_3", "\n".join(
            _both("export.f06_total_line", {"total": (_year_total(em, y), 3)}, year=y)
            for y in years)),
        ("export.f06_III_4", _qc_lines(result, years, history)
            + ("\n" + bilingual_inline("export.provisional_banner") if result.provisional
               else "")),
        ("export.f06_gwp_set", result.params.gwp_set),
        ("export.f06_scope2_basis", result.params.scope2_basis),
        ("export.f06_version", version_text),
    ]


def _year_scopes(em: pl.DataFrame, year: int, scopes: tuple[str, ...]) -> float:
    """tCO2e of ``scopes`` in ``year`` on the Circular 38 boundary."""
    kept = apply_boundary(em, DEFAULT_BOUNDARY).filter(
        (pl.col("year") == year) & pl.col("scope").is_in(scopes))
    return float(kept["tco2e"].sum()) if kept.height else 0.0


def _year_total(em: pl.DataFrame, year: int) -> float:
    """The headline of one year: Scope 1 + 2, Circular 38 boundary."""
    return _year_scopes(em, year, TOTAL_SCOPES)


def _activity_sheets(
    wb: Workbook, styles: Styles, em: pl.DataFrame, years: tuple[int, int],
    factors: pl.DataFrame, equipment: pl.DataFrame | None = None,
) -> None:
    for code, sheet_key, title_key, build, columns in _TABLES:
        if code == "4.1":  # table 2.2 comes from the upload rows, not the emission rows
            _equipment_sheet(wb, styles, equipment, years)
        ws = new_sheet(wb, t(sheet_key, "vi"))
        ws.write_string(0, 0, t(title_key, "vi"), styles.title)
        ws.write_string(1, 0, t(title_key, "en"), styles.subtitle)
        row = 3
        for year in years:
            ws.write_string(row, 0, bilingual_inline("export.f06_year", year=year),
                            styles.section)
            row += 1
            df = build(em, year, factors)
            row = write_table(ws, styles, row, df, columns, provisional_field="provisional")
            if df.height == 0:
                ws.write_string(row, 0, bilingual_inline("export.f06_no_data"), styles.subtitle)
                row += 1
            row += 1
        ws.freeze_panes(3, 0)


def _results_sheet(
    wb: Workbook, styles: Styles, em: pl.DataFrame, years: tuple[int, int]
) -> None:
    ws = new_sheet(wb, t("export.f06_sheet_results", "vi"))
    ws.write_string(0, 0, t("export.f06_results_title", "vi"), styles.title)
    ws.write_string(1, 0, t("export.f06_results_title", "en"), styles.subtitle)
    row = 3
    for year in years:
        ws.write_string(row, 0, bilingual_inline("export.f06_year", year=year), styles.section)
        row += 1
        row = write_table(ws, styles, row, results_by_source(em, year), _RESULT_COLUMNS,
                          provisional_field="provisional")
        for scope in ("1", "2"):
            ws.write_string(row, 0, bilingual_inline(f"export.scope_total_{scope}"), styles.label)
            ws.write_number(row, 5, _year_scopes(em, year, (scope,)), styles.total)
            row += 1
        ws.write_string(row, 0, bilingual_inline("export.total_headline_c38"), styles.label)
        ws.write_number(row, 5, _year_total(em, year), styles.total)
        row += 2
        for scope in SEPARATE_SCOPES:  # stated separately, never added to the headline
            ws.write_string(row, 0, bilingual_inline(f"export.scope_separate_{scope}"),
                            styles.label)
            ws.write_number(row, 5, _year_scopes(em, year, (scope,)), styles.total)
            row += 1
        row += 1
    ws.freeze_panes(3, 0)


def _factors_sheet(wb: Workbook, styles: Styles, factors: pl.DataFrame) -> None:
    ws = new_sheet(wb, t("export.f06_sheet_factors", "vi"))
    ws.write_string(0, 0, t("export.f06_factors_title", "vi"), styles.title)
    ws.write_string(1, 0, t("export.f06_factors_title", "en"), styles.subtitle)
    df = factors.with_columns(pl.col("valid_from", "valid_to").cast(pl.String))
    write_table(ws, styles, 3, df, _FACTOR_COLUMNS)
    ws.freeze_panes(4, 1)


def write_form06(
    result: InventoryResult, enterprise: dict, submission_year: int, out: Path | io.BytesIO,
    *, history: pl.DataFrame | None = None,
) -> None:
    """Write the Form 06 workbook for one enterprise and the two years before submission.

    ``history`` is the enterprise's inventory versions for these years (any status), so III.4
    can state the recalculations since the last accepted version (Circular 38 Art. 22).
    """
    years = covered_years(submission_year)
    history = result.history if history is None else history
    with xlsxwriter.Workbook(out, {"in_memory": True}) as wb:
        styles = Styles(wb)
        _facility_sheet(wb, styles, result, enterprise, years, history)
        _activity_sheets(wb, styles, result.emissions, years, result.factors,
                         result.equipment)
        _results_sheet(wb, styles, result.emissions, years)
        _factors_sheet(wb, styles, result.factors)

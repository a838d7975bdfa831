"""The inventory table: one row per enterprise × year × scope × source category × gas.

Why this grain: it is the smallest table from which every regulator view (Form 06 results,
the province compilation, a partner's Scope 1/2 split) can be summed without the monthly
detail, and it keeps each gas's mass next to its tCO2e so a reviewer can redo the GWP step.
Biogenic CO2 and Montreal-Protocol gases stay in the table, clearly marked as outside the
scopes, because Circular 38 asks for them to be reported but not added to the total.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Literal

import polars as pl
import xlsxwriter

from exports.common import (
    ENTERPRISE_YEAR_COLUMNS,
    Column,
    Styles,
    bilingual_inline,
    join_ids,
    new_sheet,
)
from exports.common import write_table as _write_table
from metrics.boundary import DEFAULT_BOUNDARY, apply_boundary
from metrics.inventory import SCOPES
from metrics.result import TOTAL_SCOPES, InventoryResult
from metrics.uncertainty import combined_uncertainty
from parkghg.i18n import t
from parkghg.schema import column_names
from parkghg.spreadsheet import neutralise_formulas

Format = Literal["csv", "xlsx", "parquet", "json"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "parquet", "json")

_GROUP = ("enterprise_id", "park_id", "sector_id", "year", "scope", "source_category", "gas")
TABLE_COLUMNS: tuple[str, ...] = column_names("inventory_table")  # parkghg/schema.py
_BOUNDARY = pl.col("scope").replace_strict(
    {"1": "scope_1", "2": "scope_2", "3": "scope_3", "outside": "outside_scopes_biogenic",
     "memo": "memo_montreal_gases"},
    default="other",
)


def build_table(
    emissions: pl.DataFrame, registry: pl.DataFrame, version_id: str | None = None,
    boundary: str = DEFAULT_BOUNDARY,
) -> pl.DataFrame:
    """Aggregate monthly emission rows to the inventory-table grain.

    Scopes are read on ``boundary`` (Circular 38 by default: R-22 in Scope 1); ``in_total``
    marks the rows of the headline (Scope 1 + 2), never Scope 3 or biogenic CO2.
    """
    names = registry.select("enterprise_id", "enterprise_name")
    emissions = apply_boundary(emissions, boundary) if emissions.height else emissions
    if emissions.height == 0:
        agg = pl.DataFrame(schema={c: pl.String for c in _GROUP})
        agg = agg.with_columns(pl.col("year").cast(pl.Int32))
        extra = {"gas_t": pl.Float64, "gwp": pl.Float64, "tco2e": pl.Float64,
                 "gwp_set": pl.String, "scope2_basis": pl.String, "provisional": pl.Boolean,
                 "factor_ids": pl.String}
        agg = agg.with_columns(pl.lit(None, dtype=d).alias(c) for c, d in extra.items())
    else:
        agg = emissions.group_by(list(_GROUP)).agg(
            pl.when(pl.col("gas_t").is_not_null().any()).then(pl.col("gas_t").sum())
            .alias("gas_t"),
            pl.when(pl.col("gwp").n_unique() == 1).then(pl.col("gwp").first()).alias("gwp"),
            pl.col("tco2e").sum(),
            pl.col("gwp_set").first(),
            pl.col("scope2_basis").first(),
            pl.col("provisional").any(),
            join_ids(),
        )
    return (
        _with_uncertainty(agg, emissions, boundary)
        .join(names, on="enterprise_id", how="left")
        .with_columns(
            _BOUNDARY.alias("reporting_boundary"),
            pl.col("scope").is_in(TOTAL_SCOPES).alias("in_total"),
            pl.lit(version_id, dtype=pl.String).alias("version_id"),
            pl.col("year").cast(pl.Int32),
        )
        .select(TABLE_COLUMNS)
        .sort("enterprise_id", "year", "scope", "source_category", "gas")
    )


def _with_uncertainty(agg: pl.DataFrame, emissions: pl.DataFrame, boundary: str) -> pl.DataFrame:
    """Each row's combined uncertainty, and its enterprise-year headline's (IPCC Approach 1)."""
    if emissions.height == 0:
        return agg.with_columns(
            pl.lit(None, dtype=pl.Float64).alias("uncertainty_pct"),
            pl.lit(None, dtype=pl.Float64).alias("enterprise_uncertainty_pct"),
            pl.lit(None, dtype=pl.Boolean).alias("uncertainty_provisional"))
    by_row = combined_uncertainty(emissions, by=_GROUP, boundary=boundary, scopes=SCOPES).select(
        *_GROUP, "uncertainty_pct", "uncertainty_provisional")
    headline = combined_uncertainty(emissions, by=("enterprise_id", "year"), boundary=boundary
                                    ).select("enterprise_id", "year",
                                             enterprise_uncertainty_pct="uncertainty_pct")
    return (agg.join(by_row, on=list(_GROUP), how="left", nulls_equal=True)
            .join(headline, on=["enterprise_id", "year"], how="left"))


def table_for(result: InventoryResult, registry: pl.DataFrame) -> pl.DataFrame:
    """The inventory table of a live or frozen inventory."""
    version_id = result.version["version_id"] if result.version else None
    return build_table(result.emissions, registry, version_id)


def metadata(result: InventoryResult) -> dict[str, object]:
    """What a reader of a data file needs to interpret it (carried in json/parquet/xlsx)."""
    return {
        "generator": "parkghg",
        "generated_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "year_from": result.year_from,
        "year_to": result.year_to,
        "gwp_set": result.params.gwp_set,
        "scope2_basis": result.params.scope2_basis,
        "provisional": result.provisional,
        "version_id": result.version["version_id"] if result.version else None,
        "version_status": result.version["status"] if result.version else "live",
        "boundary": DEFAULT_BOUNDARY,
        "total_tco2e": result.total_tco2e,
        "scope3_tco2e": result.scope3_tco2e,
    }


def write_csv(table: pl.DataFrame, out: Path | io.BufferedIOBase) -> None:
    """UTF-8 with BOM so Excel shows Vietnamese; risky text cells neutralised."""
    neutralise_formulas(table).write_csv(out, include_bom=True)


def write_json(table: pl.DataFrame, meta: dict[str, object], out: Path | io.BufferedIOBase) -> None:
    """``{"metadata": {...}, "rows": [...]}``, UTF-8, readable by any JSON tool."""
    payload = {"metadata": meta, "rows": table.to_dicts()}
    data = json.dumps(payload, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    if isinstance(out, Path):
        out.write_bytes(data)
    else:
        out.write(data)


def write_parquet(table: pl.DataFrame, meta: dict[str, object], out: Path) -> None:
    """Typed columns for analysts; metadata goes into the file's key-value metadata."""
    table.write_parquet(out, metadata={k: json.dumps(v, default=str) for k, v in meta.items()})


_XLSX_COLUMNS = (
    *ENTERPRISE_YEAR_COLUMNS,
    Column("scope", "export.col_scope", None, 10),
    Column("reporting_boundary", "export.col_reporting_boundary", None, 22),
    Column("in_total", "export.col_in_total", None, 12),
    Column("source_category", "export.col_source_category", None, 22),
    Column("gas", "export.col_gas", None, 10),
    Column("gas_t", "export.col_gas_t", '#,##0.000000" t"', 16),
    Column("gwp", "export.col_gwp", "#,##0.0", 9),
    Column("tco2e", "export.col_tco2e", '#,##0.000" tCO2e"', 18),
    Column("gwp_set", "export.col_gwp_set", None, 9),
    Column("scope2_basis", "export.col_scope2_basis", None, 12),
    Column("provisional", "export.col_provisional", None, 12),
    Column("factor_ids", "export.col_factor_ids", None, 40),
    Column("version_id", "export.col_version_id", None, 22),
    Column("uncertainty_pct", "export.col_uncertainty_pct", '"±"0.0"%"', 12),
    Column("enterprise_uncertainty_pct", "export.col_enterprise_uncertainty_pct",
           '"±"0.0"%"', 14),
    Column("uncertainty_provisional", "export.col_uncertainty_provisional", None, 14),
)


def write_xlsx(table: pl.DataFrame, meta: dict[str, object], out: Path | io.BytesIO) -> None:
    """A workbook with the table (bilingual headers, units in number formats) and its notes."""
    with xlsxwriter.Workbook(out, {"in_memory": True}) as wb:
        styles = Styles(wb)
        ws = new_sheet(wb, "inventory")
        _write_table(ws, styles, 0, table, _XLSX_COLUMNS, provisional_field="provisional")
        ws.freeze_panes(1, 2)
        ws.autofilter(0, 0, max(table.height, 1), len(_XLSX_COLUMNS) - 1)
        notes = new_sheet(wb, "notes")
        notes.set_column(0, 0, 34)
        notes.set_column(1, 1, 60)
        notes.write_string(0, 0, bilingual_inline("export.inventory_title"), styles.title)
        row = 2
        for key, value in meta.items():
            notes.write_string(row, 0, bilingual_inline(f"export.meta_{key}"), styles.label)
            if isinstance(value, str) or value is None:  # text stays text, never a formula
                notes.write_string(row, 1, value or "", styles.text)
            else:
                notes.write(row, 1, value, styles.text)
            row += 1
        row += 1
        for key in ("export.note_boundary", "export.note_provisional", "export.note_gwp",
                    "export.note_uncertainty"):
            notes.write_string(row, 0, t(key, "vi"), styles.text)
            notes.write_string(row, 1, t(key, "en"), styles.text)
            row += 1


def write(table: pl.DataFrame, meta: dict[str, object], fmt: Format, out: Path) -> None:
    """Write ``table`` in ``fmt`` to the file ``out`` (the service layer streams it onward)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    {
        "csv": lambda: write_csv(table, out),
        "json": lambda: write_json(table, meta, out),
        "parquet": lambda: write_parquet(table, meta, out),
        "xlsx": lambda: write_xlsx(table, meta, out),
    }[fmt]()

"""Monitoring a JCM project: monitored parameters per month, and RE/PE/ER for the period.

Where the monthly uploads already hold a parameter it is taken from them, so an enterprise does
not report the same meter twice: a PV project's ``EG_pv_mwh`` is its ``onsite_solar`` rows; a
boiler project's ``FC_PJ_tj`` is the energy of its project fuel (``project_fuel_item`` in the
project's assumptions), from the inventory engine's NCVs. Anything else comes from the
project's own monitoring upload, which wins where both exist (it is the project's meter).

The period's calculation sums each monitored parameter over the months (all are quantities in
the period: MWh, TJ) and applies the methodology once, as a JCM monitoring spreadsheet does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import polars as pl

from metrics.factors import FactorLibrary
from metrics.inventory import CalcParams, compute_emissions
from metrics.jcm import registry
from metrics.jcm.base import Calculation, JcmError, Methodology, Verification
from parkghg.problems import ROW_COL, Problem, problem
from parkghg.spreadsheet import parse_decimal

MONITORED_SCHEMA: dict[str, pl.DataType] = {
    "period": pl.Date(), "parameter": pl.String(), "value": pl.Float64(), "unit": pl.String(),
    "source": pl.String(),
}
SOURCE_MONTHLY = "monthly_upload"
SOURCE_PROJECT = "project_upload"


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=MONITORED_SCHEMA)


def monitored_from_activity(method_id: str, activity: pl.DataFrame, library: FactorLibrary,
                            assumptions: Mapping[str, object]) -> pl.DataFrame:
    """Monitored parameters the monthly uploads supply (``MONITORED_SCHEMA``)."""
    if activity.height == 0:
        return _empty()
    if method_id == "vn_am007_solar_pv":
        rows = activity.filter((pl.col("category") == "electricity")
                               & (pl.col("item") == "onsite_solar"))
        out = rows.group_by("period").agg(value=pl.col("quantity_canonical").sum())
        return out.select(
            "period", parameter=pl.lit("EG_pv_mwh"), value="value", unit=pl.lit("MWh"),
            source=pl.lit(SOURCE_MONTHLY)).cast(MONITORED_SCHEMA).sort("period")
    fuel = assumptions.get("project_fuel_item")
    if method_id == "boiler_fuel_switch" and isinstance(fuel, str):
        rows = activity.filter((pl.col("category") == "fuel") & (pl.col("item") == fuel))
        if rows.height == 0:
            return _empty()
        em = compute_emissions(rows, library, CalcParams())
        em = em.filter((pl.col("source_category") == "stationary_combustion")
                       & (pl.col("gas") == "CO2"))
        out = em.group_by("period").agg(value=pl.col("energy_tj").sum())
        return out.select(
            "period", parameter=pl.lit("FC_PJ_tj"), value="value", unit=pl.lit("TJ"),
            source=pl.lit(SOURCE_MONTHLY)).cast(MONITORED_SCHEMA).sort("period")
    return _empty()


def combine(from_activity: pl.DataFrame, from_project: pl.DataFrame) -> pl.DataFrame:
    """Both sources, the project's own upload winning per month and parameter."""
    project = from_project.select(list(MONITORED_SCHEMA)).cast(MONITORED_SCHEMA)
    keep = from_activity.join(project, on=["period", "parameter"], how="anti")
    return pl.concat([keep, project]).sort("period", "parameter")


def period_calculation(method_id: str, monitored: pl.DataFrame,
                       fixed: Mapping[str, float | None],
                       verification: Mapping[str, Verification] | None = None
                       ) -> Calculation:
    """RE, PE and ER of the whole monitoring period from the monthly monitored values.

    A monitoring parameter with no value in any month is refused (``JcmError``) rather than
    taken as zero: a missing meter reading is not a zero reading.
    """
    method = registry.methodology(method_id)
    totals = {r["parameter"]: r["value"] for r in monitored.group_by("parameter").agg(
        pl.col("value").sum()).iter_rows(named=True)}
    values: dict[str, float | None] = dict(fixed)
    for p in method.monitoring:
        if p.name not in totals:
            raise JcmError("jcm.error_no_monitoring", parameter=p.name, methodology=method_id)
        values[p.name] = totals[p.name]
    return registry.compute(method_id, values, verification)


#: Columns of a project monitoring file: one row per month and monitored parameter.
MONITORING_FILE_COLUMNS: tuple[str, ...] = ("period", "parameter", "value", "unit")
_MONTH_RE = r"^\d{4}-(0[1-9]|1[0-2])$"


def check_monitoring_frame(frame: pl.DataFrame, method: Methodology,
                           decimal_mark: str = ".") -> tuple[pl.DataFrame, list[Problem]]:
    """Typed rows (``period``, ``parameter``, ``value``, ``unit``) of a monitoring file and
    every problem in it, each naming row, column, value and fix.

    Rules: every column present and no other; ``period`` is ``YYYY-MM``; ``parameter`` is a
    monitoring parameter of the project's methodology; ``value`` a number ≥ 0; ``unit`` the
    parameter's unit; one row per month and parameter.
    """
    problems: list[Problem] = []
    for col in MONITORING_FILE_COLUMNS:
        if col not in frame.columns:
            problems.append(problem("jcm", "missing_column", column=col))
    allowed = ", ".join(MONITORING_FILE_COLUMNS)
    for col in frame.columns:
        if col != ROW_COL and col not in MONITORING_FILE_COLUMNS:
            problems.append(problem("jcm", "unknown_column", column=col, allowed=allowed))
    if problems:
        return pl.DataFrame(), problems
    units = {p.name: p.unit for p in method.monitoring}
    typed = frame.with_columns(
        _value=parse_decimal(pl.col("value").fill_null(""), decimal_mark),  # type: ignore[arg-type]
        _period=pl.col("period").str.strip_chars().str.to_date("%Y-%m", strict=False),
    )
    for rec in typed.iter_rows(named=True):
        problems += _row_problems(rec, units, method.id)
    if problems:
        return pl.DataFrame(), problems
    out = typed.select(period="_period", parameter=pl.col("parameter").str.strip_chars(),
                       value="_value", unit=pl.col("unit").str.strip_chars(), row=ROW_COL)
    dup = out.filter(pl.struct("period", "parameter").is_duplicated())
    for rec in dup.iter_rows(named=True):
        problems.append(problem("jcm", "duplicate_row", row=rec["row"], column="parameter",
                                value=rec["parameter"], period=f"{rec['period']:%Y-%m}"))
    return (pl.DataFrame(), problems) if problems else (out.drop("row"), [])


def _row_problems(rec: dict, units: Mapping[str, str], method_id: str) -> list[Problem]:
    """The problems of one monitoring-file row (already parsed into ``_period``/``_value``)."""
    out: list[Problem] = []
    row = rec[ROW_COL]
    period = (rec["period"] or "").strip()
    if rec["_period"] is None or not re.match(_MONTH_RE, period):
        out.append(problem("jcm", "bad_period", row=row, column="period", value=rec["period"]))
    param = (rec["parameter"] or "").strip()
    if param not in units:
        out.append(problem("jcm", "unknown_parameter", row=row, column="parameter",
                           value=rec["parameter"], methodology=method_id,
                           allowed=", ".join(units)))
    elif (rec["unit"] or "").strip() != units[param]:
        out.append(problem("jcm", "wrong_unit", row=row, column="unit", value=rec["unit"],
                           unit=units[param], parameter=param))
    if rec["_value"] is None:
        out.append(problem("jcm", "not_a_number", row=row, column="value", value=rec["value"]))
    elif rec["_value"] < 0:
        out.append(problem("jcm", "negative", row=row, column="value", value=rec["value"]))
    return out

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

from collections.abc import Mapping

import polars as pl

from metrics.factors import FactorLibrary
from metrics.inventory import CalcParams, compute_emissions
from metrics.jcm import registry
from metrics.jcm.base import Calculation, JcmError, Verification

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

"""Keeping a reader's whole-scope frames current by re-reading only what changed (issue 9).

Why: the dashboard holds the province's emission rows, activity, energy and screening in
memory. After one enterprise uploads one month, reading the whole province again cost seconds;
re-reading that enterprise's year costs milliseconds. This module answers *which*
enterprise-years a reader must re-read since its mark (``warehouse.change_log``), reads exactly
those, and patches a frame; a change that is not a set of uploads or restores (a factor import,
a registry edit, a restored backup) answers None and the reader reads everything again.

Why enterprise-*years* and not months: steam bought from a registry supplier is priced with the
supplier's fuel mix of the whole year (``metrics.steam_supplier``), so one month of a supplier
moves its buyers' steam rows of that year; the buyers' years are added to the parts. Reading
whole years also makes a patched frame equal a fresh read row for row (tests prove it).
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import polars as pl

from metrics.inventory import CalcParams
from metrics.screening import SCREENING_SCHEMA, screening
from service.inventory import emissions_frame, energy_frame, scope_library, screening_table
from warehouse.activity import read_current_activity
from warehouse.change_log import ChangeMark, change_mark, moves_since
from warehouse.scope import Scope

__all__ = ["PARTS_SCHEMA", "ChangeMark", "activity_parts", "change_mark", "changed_parts",
           "emission_parts", "energy_parts", "in_parts", "patch", "screening_of",
           "screening_parts"]

#: Up to this many changed enterprise-years, a patch finds their rows by comparison.
_FEW_PARTS = 16
#: One enterprise-year to re-read.
PARTS_SCHEMA = {"enterprise_id": pl.String, "year": pl.Int32}


def changed_parts(
    con: duckdb.DuckDBPyConnection, scope: Scope, since: ChangeMark
) -> tuple[ChangeMark, pl.DataFrame | None]:
    """(the mark now, the enterprise-years inside ``scope`` to re-read since ``since``), or
    None for the parts when everything must be read again.

    The parts are the years of every moved enterprise-month, plus the same years of every
    enterprise in scope that buys steam from a moved enterprise (its price moved with it).
    """
    now, moved = moves_since(con, scope, since)
    if moved is None:
        return now, None
    parts = moved.select("enterprise_id", year=pl.col("period").dt.year().cast(pl.Int32))
    if moved.height:
        parts = pl.concat([parts, _steam_buyers(con, scope, parts)])
    return now, parts.unique().sort("enterprise_id", "year")


def _steam_buyers(con: duckdb.DuckDBPyConnection, scope: Scope,
                  sellers: pl.DataFrame) -> pl.DataFrame:
    """Enterprise-years inside ``scope`` whose steam names one of ``sellers`` in that year."""
    years = sellers["year"].unique().to_list()
    steam = read_current_activity(con, scope, categories=("steam",),
                                  period_from=_first_day(min(years)),
                                  period_to=_first_day(max(years), 12))
    if steam.height == 0:
        return pl.DataFrame(schema=PARTS_SCHEMA)
    bought = steam.select(
        "enterprise_id", year=pl.col("period").dt.year().cast(pl.Int32),
        seller=pl.col("counterparty").str.strip_chars())
    return (bought.join(sellers.rename({"enterprise_id": "seller"}), on=["seller", "year"],
                        how="semi")
            .select("enterprise_id", "year").unique())


def _first_day(year: int, month: int = 1):
    import datetime as dt

    return dt.date(year, month, 1)


def _by_year(parts: pl.DataFrame, read: Callable[[tuple[str, ...], int], pl.DataFrame],
             schema: pl.Schema | None) -> pl.DataFrame:
    """The parts' rows, read one year at a time for every enterprise changed in that year (one
    read per changed year, not per enterprise-year: a bulk ingest touches hundreds of
    enterprises in the same few years), cast to the held frame's ``schema`` so they can be
    patched in (None: as read)."""
    frames = []
    for (year,), ents in parts.group_by("year", maintain_order=True):
        ids = tuple(sorted(ents["enterprise_id"].unique().to_list()))
        found = read(ids, int(year))  # type: ignore[arg-type]
        if found.height:
            frames.append(found if schema is None else found.cast(schema))
    if not frames:
        return pl.DataFrame(schema=schema)
    return pl.concat(frames, how="vertical_relaxed")


def emission_parts(con: duckdb.DuckDBPyConnection, scope: Scope, params: CalcParams,
                   parts: pl.DataFrame, schema: pl.Schema | None = None,
                   *, with_factor_ids: bool = True) -> pl.DataFrame:
    """The current emission rows of ``parts`` (as ``emissions_frame`` reads them)."""
    return _by_year(parts, lambda ids, year: emissions_frame(
        con, scope, params=params, with_factor_ids=with_factor_ids, enterprise_ids=ids,
        year=year), schema)


def activity_parts(con: duckdb.DuckDBPyConnection, scope: Scope,
                   parts: pl.DataFrame, schema: pl.Schema | None = None) -> pl.DataFrame:
    """The current activity rows of ``parts`` (as ``read_current_activity`` reads them)."""
    return _by_year(parts, lambda ids, year: read_current_activity(
        con, scope, enterprise_ids=ids, period_from=_first_day(year),
        period_to=_first_day(year, 12)), schema)


def energy_parts(con: duckdb.DuckDBPyConnection, scope: Scope, activity: pl.DataFrame,
                 schema: pl.Schema | None = None) -> pl.DataFrame:
    """Energy use (``energy_frame``) of the activity rows of the changed parts."""
    if activity.height == 0:
        return pl.DataFrame(schema=schema)
    energy = energy_frame(con, scope, activity)
    return energy if schema is None else energy.cast(schema)


def screening_parts(con: duckdb.DuckDBPyConnection, scope: Scope, gwp_set: str,
                    parts: pl.DataFrame, schema: pl.Schema | None = None) -> pl.DataFrame:
    """The Decree 06 screening rows (``screening_table``) of ``parts``."""
    return _by_year(parts, lambda ids, year: screening_table(
        con, scope, year=year, gwp_set=gwp_set, enterprise_ids=ids), schema)


def screening_of(con: duckdb.DuckDBPyConnection, scope: Scope, gwp_set: str,
                 activity: pl.DataFrame, emissions: pl.DataFrame) -> pl.DataFrame:
    """Decree 06 screening of every year in ``activity`` from frames the caller holds: the
    current activity and its emission rows in ``gwp_set``, location-based (what
    ``screening_table`` reads, year by year, for the same scope). Rows equal its rows."""
    library = scope_library(con, scope)
    years = sorted(activity["period"].dt.year().unique().to_list())
    frames = []
    for year in years:
        em = emissions.filter(pl.col("year") == year)
        if em.schema.get("factor_ids") != pl.String:
            em = em.with_columns(pl.col("factor_ids").cast(pl.String))
        frames.append(screening(activity, library, gwp_set, year, emissions=em))
    if not frames:
        return pl.DataFrame(schema=SCREENING_SCHEMA)
    return pl.concat(frames, how="vertical")


def in_parts(frame: pl.DataFrame, parts: pl.DataFrame, year: pl.Expr) -> pl.DataFrame:
    """The rows of ``frame`` that belong to ``parts`` (enterprise-years)."""
    return frame.join(parts, how="semi", left_on=["enterprise_id", year.cast(pl.Int32)],
                      right_on=["enterprise_id", "year"])


def patch(frame: pl.DataFrame, parts: pl.DataFrame, fresh: pl.DataFrame,
          year: pl.Expr) -> pl.DataFrame:
    """``frame`` with the rows of ``parts`` (enterprise-years; ``year`` computes a row's year)
    replaced by ``fresh``. Row order is not kept: readers group, filter and sort."""
    if parts.height == 0:
        return frame
    if parts.height <= _FEW_PARTS:  # the usual case, one upload: comparisons, no join
        stale = pl.lit(False)
        for ent, yr in parts.select("enterprise_id", "year").rows():
            stale = stale | ((pl.col("enterprise_id") == ent) & (year == yr))
        kept = frame.filter(~stale)
    else:
        mask = frame.select("enterprise_id", year.cast(pl.Int32).alias("year")).join(
            parts.with_columns(_stale=pl.lit(True)), on=["enterprise_id", "year"], how="left",
            maintain_order="left")["_stale"].is_not_null()
        kept = frame.filter(~mask)
    if fresh.height == 0:
        return kept
    return pl.concat([kept, fresh.select(frame.columns).cast(frame.schema)], how="vertical")

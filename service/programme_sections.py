"""The annual summary's sections from the other engines: targets, eco-park scorecards,
circular-economy indicators and JCM (issues 12 and 13), as ``ExtraSection``s.

Why a module of its own: the report renders any frame with its headings; what each engine's
frame means and which of its columns a People's Committee reader needs is decided here, once.
"""

from __future__ import annotations

import duckdb
import polars as pl

from exports.documents.programme import ExtraColumn, ExtraSection
from parkghg.i18n import t
from service.circular import indicator_table, readiness_table
from service.jcm import list_projects, screen
from service.targets import progress_table
from warehouse.scope import Scope

TOP_CANDIDATES = 10
#: Province-level indicators worth a line in the summary (metrics/circular.py names).
SUMMARY_INDICATORS = ("waste_recycled_frac", "waste_hazardous_frac", "symbiosis_links_n",
                      "symbiosis_participation_frac", "water_withdrawal_m3",
                      "energy_renewable_frac", "energy_toe")


def _c(column: str, key: str, kind: str = "text", prefix: str = "") -> ExtraColumn:
    return ExtraColumn(column=column, vi=t(key, "vi"), en=t(key, "en"),
                       kind=kind, prefix=prefix)  # type: ignore[arg-type]


def _section(key: str, frame: pl.DataFrame, columns: tuple[ExtraColumn, ...]) -> ExtraSection:
    return ExtraSection(key=key, title_vi=t(f"programme.r.h.{key}", "vi"),
                        title_en=t(f"programme.r.h.{key}", "en"),
                        intro_vi=t(f"programme.x.{key}_intro", "vi"),
                        intro_en=t(f"programme.x.{key}_intro", "en"),
                        frame=frame, columns=columns)


def extra_sections(con: duckdb.DuckDBPyConnection, scope: Scope, *, year: int,
                   park_id: str | None) -> tuple[ExtraSection, ...]:
    """Targets, scorecards, circular indicators and JCM for ``year``, inside ``scope``."""
    targets = progress_table(con, scope)
    if park_id is not None and targets.height:
        targets = targets.filter((pl.col("level") == "province")
                                 | (pl.col("subject_id") == park_id))
    ready = readiness_table(con, scope, year=year, park_id=park_id)
    indicators = indicator_table(con, scope, year=year, park_id=park_id,
                                 level="park" if park_id else "province")
    indicators = indicators.filter(pl.col("indicator").is_in(SUMMARY_INDICATORS))
    candidates = screen(con, scope, year=year, park_id=park_id)
    candidates = candidates.sort("er_tco2_per_year", descending=True, nulls_last=True).head(
        TOP_CANDIDATES)
    projects = list_projects(con, scope, park_id=park_id)
    jcm = pl.concat([
        candidates.select(pl.lit("candidate").alias("kind"), "enterprise_name", "technology_id",
                          pl.lit(None, pl.String).alias("stage"), "er_tco2_per_year",
                          "survey_jcm_interest"),
        projects.select(pl.lit("project").alias("kind"), "enterprise_name", "technology_id",
                        "stage", pl.col("expected_er_tco2_per_year").alias("er_tco2_per_year"),
                        pl.lit(None, pl.String).alias("survey_jcm_interest")),
    ], how="vertical_relaxed")
    return (
        _section("targets", targets, (
            _c("target_id", "programme.x.col.target"),
            _c("target_year", "programme.x.col.target_year"),
            _c("reduction_frac", "programme.x.col.reduction", "pct"),
            _c("latest_value", "programme.x.col.latest", "number"),
            _c("pathway_at_latest", "programme.x.col.pathway", "number"),
            _c("gap", "programme.x.col.gap", "number"),
            _c("status", "programme.x.col.status", "key", "circular.status."),
            _c("status", "programme.x.col.rule", "key", "circular.rule."))),
        _section("scorecard", ready, (
            _c("rank", "programme.x.col.rank", "int"), _c("park_id", "programme.r.col.park"),
            _c("met_n", "programme.x.col.met", "int"),
            _c("missed_n", "programme.x.col.missed", "int"),
            _c("unknown_n", "programme.x.col.unknown", "int"),
            _c("readiness_frac", "programme.x.col.readiness", "pct"))),
        _section("circular", indicators, (
            _c("indicator", "programme.x.col.indicator"),
            _c("value", "programme.x.col.value", "number"),
            _c("unit", "programme.x.col.unit"),
            _c("enterprises_n", "programme.x.col.enterprises", "int"),
            _c("months_n", "programme.x.col.months", "int"))),
        _section("jcm", jcm, (
            _c("kind", "programme.x.col.kind"), _c("enterprise_name", "programme.x.col.enterprise"),
            _c("technology_id", "programme.x.col.technology"), _c("stage", "programme.x.col.stage"),
            _c("er_tco2_per_year", "programme.x.col.er", "number"),
            _c("survey_jcm_interest", "programme.x.col.interest"))),
    )

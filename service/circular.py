"""Circular-economy indicators, symbiosis flows, park facts and the eco-park scorecard.

Why a service module: the CLI, the exports and the dashboard ask the same questions ("what
are Amata's indicators for 2024", "is it ready for eco-park certification"), so the reads are
scoped here once and the writes checked and audited here once:

* **reads** take a ``Scope``; activity is read through it, so an enterprise sees its own
  indicators, a park board its park's. Symbiosis counterparties are matched against the whole
  registry (a transfer to another park is still symbiosis), but a receiver outside the scope is
  shown only as "another enterprise" of its park, never by tax code;
* **park facts** may be written by a park board for its own park, by the province and by an
  admin (and the CLI operator); **thresholds** for unverified criteria only by an admin. Each
  write stores its rows and its audit row in one transaction.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl

from ingest.circular import check_park_facts
from ingest.read import PARK_FACTS, FileRejected, read_file
from metrics.circular import indicators, symbiosis_flows, waste_emissions_by_route
from metrics.inventory import CalcParams
from metrics.scorecard import CURRENT_VERSION, effective_thresholds, load_criteria, readiness, score
from metrics.survey import park_recp_values
from parkghg.errors import AccessDeniedError
from parkghg.log import get_logger
from parkghg.problems import BilingualProblemsError, Problem, problem
from service.access import require_role
from service.inventory import check_visible, compute_inventory
from service.survey import survey_results
from warehouse import circular as store
from warehouse.activity import read_current_activity
from warehouse.audit import Acting, write_audit
from warehouse.db import transaction
from warehouse.inventories import read_registry
from warehouse.registry import registry_ids
from warehouse.scope import Scope

log = get_logger(__name__)

FACT_ROLES: tuple[str, ...] = ("park", "province", "admin", "system")
THRESHOLD_ROLES: tuple[str, ...] = ("admin", "system")
#: Indicators the scorecard reads from the park-level circular indicators.
_COMPUTED_LEVEL = "park"


class CircularFileRejectedError(BilingualProblemsError):
    """A park-fact or target file failed its checks; nothing was written."""

    max_shown = 30
    more_key = "circular.error.more"

    def __init__(self, file_name: str, problems: list[Problem]) -> None:
        super().__init__("circular.error.rejected", problems, file=file_name, n=len(problems))


# ------------------------------------------------------------------------------ indicators


def _all_enterprises(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every registered enterprise and its park: only to recognise a counterparty's tax code
    (never returned to a caller as such)."""
    return read_registry(con, Scope.system()).select("enterprise_id", "park_id")


def indicator_table(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    *,
    year: int,
    park_id: str | None = None,
    level: str = "park",
    by: str = "year",
    frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame] | None = None,
) -> pl.DataFrame:
    """The circular-economy indicators of ``year`` inside ``scope`` (``metrics.circular``),
    long, with unit, formula and coverage per row; Scope 3 category 5 emissions by route are
    appended as ``waste_scope3_<route>_tco2e`` rows. ``frames``: the scope's emission rows
    (AR5, location-based), current activity and energy use, all years, when the caller holds
    them (the dashboard): the year is taken from them instead of read and computed."""
    check_visible(con, scope, None, park_id)
    if frames is None:
        result = compute_inventory(con, scope, year_from=year, year_to=year,
                                   params=CalcParams(), park_id=park_id, with_energy=True)
        emissions, energy = result.emissions, result.energy
        activity = read_current_activity(con, scope, period_from=dt.date(year, 1, 1),
                                         period_to=dt.date(year, 12, 1), park_id=park_id)
    else:
        keep = pl.col("period").dt.year() == year
        if park_id is not None:
            keep = keep & (pl.col("park_id") == park_id)
        emissions, activity, energy = (f.filter(keep) for f in frames)
    out = indicators(activity, _all_enterprises(con), energy=energy,
                     level=level, by=by)  # type: ignore[arg-type]
    if by == "year" and emissions.height:
        out = pl.concat([out, _route_rows(emissions, level, year)], how="vertical_relaxed")
    return out


def _route_rows(emissions: pl.DataFrame, level: str, year: int) -> pl.DataFrame:
    routes = waste_emissions_by_route(emissions, level)  # type: ignore[arg-type]
    keys = {"enterprise": ["park_id", "enterprise_id"], "park": ["park_id"], "province": []}
    cov = emissions.filter(pl.col("source_category") == "waste").group_by(keys[level]
                                                                          or pl.lit(1)).agg(
        enterprises_n=pl.col("enterprise_id").n_unique().cast(pl.Int64),
        months_n=pl.struct("enterprise_id", "period").n_unique().cast(pl.Int64))
    if keys[level]:
        routes = routes.join(cov, on=keys[level], how="left")
    else:
        routes = routes.with_columns(enterprises_n=cov["enterprises_n"][0] if cov.height else 0,
                                     months_n=cov["months_n"][0] if cov.height else 0)
    return routes.select(
        level=pl.lit(level),
        park_id=pl.col("park_id") if "park_id" in keys[level] else pl.lit(None, pl.String),
        enterprise_id=(pl.col("enterprise_id") if "enterprise_id" in keys[level]
                       else pl.lit(None, pl.String)),
        year=pl.col("year").cast(pl.Int32), period=pl.lit(dt.date(year, 1, 1)),
        domain=pl.lit("waste"),
        indicator=pl.format("waste_scope3_{}_tco2e", pl.col("route")),
        value=pl.col("tco2e"), unit=pl.lit("tCO2e"),
        formula=pl.format("Σ tco2e of waste rows with route {} (Scope 3 cat. 5, reported "
                          "separately from the Circular 38 headline)", pl.col("route")),
        enterprises_n=pl.col("enterprises_n"), months_n=pl.col("months_n"),
    )


def symbiosis_flow_table(
    con: duckdb.DuckDBPyConnection, scope: Scope, *, year: int, park_id: str | None = None,
) -> pl.DataFrame:
    """Who passed what to whom in ``year`` (tonnes), from the scope's own waste rows. A receiver
    outside the scope keeps its park but not its tax code (``to_enterprise_id`` is null)."""
    check_visible(con, scope, None, park_id)
    activity = read_current_activity(con, scope, period_from=dt.date(year, 1, 1),
                                     period_to=dt.date(year, 12, 1), park_id=park_id,
                                     categories=("waste",))
    flows = symbiosis_flows(activity, _all_enterprises(con))
    visible = read_registry(con, scope)["enterprise_id"].implode()
    return flows.with_columns(
        to_enterprise_id=pl.when(pl.col("to_enterprise_id").is_in(visible))
        .then(pl.col("to_enterprise_id")),
    )


# ------------------------------------------------------------------------------ park facts


def _writable_parks(con: duckdb.DuckDBPyConnection, actor: Acting) -> set[str]:
    if actor.scope.role == "park":
        return {actor.scope.park_id} if actor.scope.park_id else set()
    return registry_ids(con, "parks")


def fact_indicators(version: str = CURRENT_VERSION) -> list[str]:
    """The indicators park facts may carry (the criteria's ``park_fact`` rows)."""
    crit = load_criteria(version)
    return crit.filter(pl.col("source") == "park_fact")["indicator"].unique().sort().to_list()


def _store_facts(con: duckdb.DuckDBPyConnection, facts: pl.DataFrame, actor: Acting,
                 origin: str) -> int:
    with transaction(con):
        ids = store.insert_park_facts(con, facts, entered_by=actor.username,
                                      entered_role=actor.scope.role)
        for park in facts["park_id"].unique().sort():
            rows = facts.filter(pl.col("park_id") == park)
            write_audit(con, actor, "park_facts_entered", object_type="park_facts",
                        object_id=ids[0], park_id=park,
                        details={"origin": origin, "rows": rows.height,
                                 "indicators": rows["indicator"].to_list()})
    log.info("%s entered %d park facts (%s)", actor.username, facts.height, origin)
    return facts.height


def import_park_facts(con: duckdb.DuckDBPyConnection, content: bytes, file_name: str, *,
                      actor: Acting) -> int:
    """Check and store a park-fact file (all rows or none, audited); rows written."""
    require_role(con, actor, FACT_ROLES, "circular.error.facts_denied")
    try:
        raw = read_file(content, file_name, PARK_FACTS)
    except FileRejected as rejected:
        raise CircularFileRejectedError(Path(file_name).name, rejected.problems) from rejected
    facts, problems = check_park_facts(raw, parks=_writable_parks(con, actor),
                                       indicators=fact_indicators())
    if problems:
        raise CircularFileRejectedError(Path(file_name).name, problems)
    return _store_facts(con, facts, actor, Path(file_name).name)


def add_park_fact(con: duckdb.DuckDBPyConnection, *, actor: Acting, park_id: str,
                  indicator: str, value: float, fact_date: dt.date,
                  evidence_note: str | None = None) -> int:
    """Store one fact typed in a form (the same checks as a file, audited)."""
    require_role(con, actor, FACT_ROLES, "circular.error.facts_denied")
    problems: list[Problem] = []
    if park_id not in _writable_parks(con, actor):
        problems.append(problem("circular", "unknown_park", row=None, column="park_id",
                                value=park_id))
    if indicator not in fact_indicators():
        problems.append(problem("circular", "not_allowed", column="indicator", value=indicator,
                                allowed=", ".join(fact_indicators())))
    if value < 0:
        problems.append(problem("circular", "out_of_range", column="value", value=value,
                                low="0", high="1000000"))
    if problems:
        if actor.scope.role == "park" and park_id != actor.scope.park_id:
            raise AccessDeniedError("circular.error.facts_denied")
        raise CircularFileRejectedError("form", problems)
    facts = pl.DataFrame({"park_id": [park_id], "indicator": [indicator],
                          "value": [float(value)], "fact_date": [fact_date],
                          "evidence_note": [evidence_note]},
                         schema={"park_id": pl.String, "indicator": pl.String,
                                 "value": pl.Float64, "fact_date": pl.Date,
                                 "evidence_note": pl.String})
    return _store_facts(con, facts, actor, "form")


def park_fact_table(con: duckdb.DuckDBPyConnection, scope: Scope, *,
                    park_id: str | None = None, history: bool = False) -> pl.DataFrame:
    """Current park facts (or every entry) inside ``scope``."""
    return store.read_park_facts(con, scope, park_id=park_id, history=history)


# ------------------------------------------------------------------------------ thresholds


def set_threshold(con: duckdb.DuckDBPyConnection, *, actor: Acting, criterion_id: str,
                  threshold: float, note: str | None = None,
                  version: str = CURRENT_VERSION) -> str:
    """Set the province's threshold for an unverified, province-settable criterion (admin)."""
    require_role(con, actor, THRESHOLD_ROLES, "circular.error.threshold_denied")
    crit = load_criteria(version).filter(pl.col("criterion_id") == criterion_id)
    if crit.is_empty() or not crit["province_settable"][0]:
        raise AccessDeniedError("circular.error.threshold_not_settable", criterion=criterion_id)
    with transaction(con):
        setting_id = store.insert_threshold(con, criteria_version=version,
                                            criterion_id=criterion_id, threshold=threshold,
                                            note=note, set_by=actor.username)
        write_audit(con, actor, "eco_park_threshold_set", object_type="eco_park_threshold",
                    object_id=criterion_id,
                    details={"version": version, "threshold": threshold, "note": note})
    return setting_id


def criteria_table(con: duckdb.DuckDBPyConnection, version: str = CURRENT_VERSION
                   ) -> pl.DataFrame:
    """The criteria with the threshold used and its basis (province value, verified, Decree
    82/2018 fallback or none). Public: the same for every reader."""
    return effective_thresholds(load_criteria(version), store.read_thresholds(con, version))


# ------------------------------------------------------------------------------ scorecard


def _scorecard_values(con: duckdb.DuckDBPyConnection, scope: Scope, year: int,
                      park_id: str | None, frames=None) -> pl.DataFrame:
    computed = indicator_table(con, scope, year=year, park_id=park_id, level=_COMPUTED_LEVEL,
                               frames=frames)
    computed = computed.filter(pl.col("park_id").is_not_null()).select(
        "park_id", "year", "indicator", "value",
        evidence=pl.format("computed: {} enterprises, {} months", "enterprises_n", "months_n"))
    facts = store.read_park_facts(con, scope, park_id=park_id, as_of_year=year)
    facts = facts.select("park_id", pl.lit(year, pl.Int32).alias("year"), "indicator", "value",
                         evidence=pl.format("{} ({}): {}", "fact_date", "entered_by",
                                            pl.col("evidence_note").fill_null("–")))
    surveyed = _survey_values(con, scope, year, park_id, facts)
    return pl.concat([computed, facts, surveyed], how="vertical_relaxed")


def _survey_values(con: duckdb.DuckDBPyConnection, scope: Scope, year: int,
                   park_id: str | None, facts: pl.DataFrame) -> pl.DataFrame:
    """RECP awareness and application from the needs survey, for parks without a park fact.

    Why a fallback and not a source of its own: a park fact is entered by the park board with
    evidence; the survey is what enterprises said. The survey round counts for its own year
    and the year before (it asks about measures in place).
    """
    empty = facts.clear()
    results = survey_results(con, scope, park_id=park_id)
    if not results.responses.height or not (results.year - 1 <= year <= results.year):
        return empty
    registry = results.responses.select("enterprise_id", "park_id")
    values = park_recp_values(results.definition, results.responses, registry)
    known = set(facts.select("park_id", "indicator").iter_rows())
    values = values.filter(~pl.struct("park_id", "indicator").map_elements(
        lambda r: (r["park_id"], r["indicator"]) in known, return_dtype=pl.Boolean))
    return values.select(
        "park_id", pl.lit(year, pl.Int32).alias("year"), "indicator", "value",
        evidence=pl.format("needs survey {}: {} enterprises answered", pl.lit(results.year),
                           "respondents"))


def scorecard_table(con: duckdb.DuckDBPyConnection, scope: Scope, *, year: int,
                    park_id: str | None = None, frames=None) -> pl.DataFrame:
    """Per park × criterion for ``year``: value, threshold used and basis, met / missed (with
    the shortfall) / unknown, legal source and evidence (``metrics.scorecard``).
    ``frames``: as for :func:`indicator_table`."""
    check_visible(con, scope, None, park_id)
    values = _scorecard_values(con, scope, year, park_id, frames)
    return score(criteria_table(con), values)


def readiness_table(con: duckdb.DuckDBPyConnection, scope: Scope, *, year: int,
                    park_id: str | None = None) -> pl.DataFrame:
    """Parks ranked by readiness for eco-park certification in ``year``."""
    return readiness(scorecard_table(con, scope, year=year, park_id=park_id))


__all__ = ["FACT_ROLES", "THRESHOLD_ROLES", "CircularFileRejectedError", "add_park_fact",
           "criteria_table", "fact_indicators", "import_park_facts", "indicator_table",
           "park_fact_table", "readiness_table", "scorecard_table", "set_threshold",
           "symbiosis_flow_table"]

"""Reduction targets: store them (audited), measure progress, explain the change (LMDI).

Who may write (checked here, not by hiding a page):

* an **admin** (and the CLI operator) may set any target, the province's included;
* a **park board** may set targets for its own park and its park's enterprises;
* nobody else. Each import writes its rows and one audit row in one transaction; a target is
  never edited in place (a new revision supersedes it, ``active = false`` withdraws it).

Actuals: the Circular 38 headline (Scope 1 + 2, ``metrics.result.total_tco2e``) per year of the
target's subject (the whole scope for a province target, a park, an enterprise), or that
divided by revenue in billion VND for an intensity target. A province target is measured on the
platform's boundary (the reporting enterprises of the industrial parks), which is narrower than
the province's territory: the pages and exports say so with the target's note.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl

from ingest.circular import check_targets
from ingest.read import TARGETS, FileRejected, read_file
from metrics.boundary import DEFAULT_BOUNDARY, apply_boundary, headline_scopes
from metrics.inventory import CalcParams
from metrics.lmdi import lmdi, lmdi_frame
from metrics.targets import progress, shipped_targets, trajectory
from parkghg.errors import AccessDeniedError
from parkghg.log import get_logger
from service.access import require_role
from service.circular import CircularFileRejectedError
from service.inventory import check_visible, compute_inventory
from warehouse import circular as store
from warehouse.activity import read_current_activity
from warehouse.audit import Acting, write_audit
from warehouse.db import transaction
from warehouse.inventories import read_registry
from warehouse.registry import registry_ids
from warehouse.scope import Scope

log = get_logger(__name__)

TARGET_ROLES: tuple[str, ...] = ("park", "admin", "system")
_FIRST_YEAR = 2000
#: Pseudo-sector of the emissions of enterprises that reported no revenue in a year; LMDI
#: reports its change as ``unexplained_no_activity`` (``metrics.lmdi``).
NO_REVENUE_SECTOR = "__no_revenue__"
_BILLION = 1e9


def _subjects(con: duckdb.DuckDBPyConnection, actor: Acting) -> dict[str, set[str]]:
    """Which subjects the actor may set targets for, per level."""
    if actor.scope.role == "park":
        ents = read_registry(con, actor.scope)["enterprise_id"].to_list()
        return {"province": set(), "park": {actor.scope.park_id or ""}, "enterprise": set(ents)}
    return {"province": {"*"}, "park": registry_ids(con, "parks"),
            "enterprise": registry_ids(con, "enterprises")}


def _store(con: duckdb.DuckDBPyConnection, targets: pl.DataFrame, actor: Acting,
           origin: str) -> int:
    with transaction(con):
        store.insert_targets(con, targets, created_by=actor.username)
        parks = targets.filter(pl.col("level") == "park")["subject_id"].unique().to_list()
        write_audit(con, actor, "targets_set", object_type="targets",
                    object_id=",".join(targets["target_id"].to_list())[:200],
                    park_id=parks[0] if len(parks) == 1 else None,
                    details={"origin": origin, "rows": targets.height,
                             "target_ids": targets["target_id"].to_list()})
    log.info("%s set %d targets (%s)", actor.username, targets.height, origin)
    return targets.height


def import_targets(con: duckdb.DuckDBPyConnection, content: bytes, file_name: str, *,
                   actor: Acting) -> int:
    """Check and store a target file (all rows or none, audited); rows written."""
    require_role(con, actor, TARGET_ROLES, "circular.error.targets_denied")
    try:
        raw = read_file(content, file_name, TARGETS)
    except FileRejected as rejected:
        raise CircularFileRejectedError(Path(file_name).name, rejected.problems) from rejected
    targets, problems = check_targets(raw, subjects=_subjects(con, actor))
    if problems:
        raise CircularFileRejectedError(Path(file_name).name, problems)
    return _store(con, targets, actor, Path(file_name).name)


def import_shipped_targets(con: duckdb.DuckDBPyConnection, *, actor: Acting,
                           base_year: int) -> int:
    """Store the Decision 385/QĐ-UBND province targets with ``base_year`` (admin; the
    decision's baseline is UNVERIFIED, so the base year is the operator's choice)."""
    require_role(con, actor, ("admin", "system"), "circular.error.targets_denied")
    return _store(con, shipped_targets(base_year), actor, f"decision_385 base {base_year}")


def target_table(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """The current targets the scope may read (province targets for everyone)."""
    return store.read_targets(con, scope)


# ------------------------------------------------------------------------------ actuals


#: (emission rows in the variant asked for, current activity) of the whole scope, when the
#: caller already holds them (the dashboard): totals are then summed from them, no reads.
Frames = tuple[pl.DataFrame, pl.DataFrame]


#: The emission columns ``_yearly`` reads (with those the boundary reads).
_YEARLY_COLUMNS = ("enterprise_id", "park_id", "period", "year", "scope", "gas",
                   "source_category", "tco2e", "provisional")


def _yearly(con: duckdb.DuckDBPyConnection, scope: Scope, params: CalcParams,
            park_id: str | None, enterprise_id: str | None,
            frames: Frames | None = None) -> pl.DataFrame:
    """Per year: headline tCO2e (Circular 38 Scope 1 + 2) and revenue in VND."""
    if frames is None:
        emissions = compute_inventory(
            con, scope, year_from=_FIRST_YEAR, year_to=dt.date.today().year, params=params,
            park_id=park_id, enterprise_id=enterprise_id).emissions
    else:  # only the columns summed below: filtering a province's rows copies every column
        held = frames[0].select([c for c in _YEARLY_COLUMNS if c in frames[0].columns])
        emissions = _subject(held, park_id, enterprise_id).filter(
            pl.col("year").is_between(_FIRST_YEAR, dt.date.today().year))
    em = apply_boundary(emissions, DEFAULT_BOUNDARY).filter(
        pl.col("scope").is_in(headline_scopes(DEFAULT_BOUNDARY)))
    tot = em.group_by("year").agg(
        tco2e=pl.col("tco2e").fill_null(0).sum(),
        provisional_tco2e=pl.col("tco2e").filter(pl.col("provisional")).fill_null(0).sum(),
        enterprises_n=pl.col("enterprise_id").n_unique().cast(pl.Int64),
        months_n=pl.struct("enterprise_id", "period").n_unique().cast(pl.Int64),
    )
    if frames is None:
        act = read_current_activity(con, scope, park_id=park_id, enterprise_id=enterprise_id,
                                    categories=("finance",))
    else:
        act = _subject(frames[1], park_id, enterprise_id).filter(
            pl.col("category") == "finance")
    rev = act.filter(pl.col("item") == "revenue").group_by(
        year=pl.col("period").dt.year().cast(pl.Int32)).agg(
        revenue_vnd=pl.col("quantity_canonical").sum())
    return tot.with_columns(pl.col("year").cast(pl.Int32)).join(
        rev, on="year", how="left").sort("year")


def _subject(frame: pl.DataFrame, park_id: str | None, enterprise_id: str | None
             ) -> pl.DataFrame:
    if park_id is not None:
        frame = frame.filter(pl.col("park_id") == park_id)
    if enterprise_id is not None:
        frame = frame.filter(pl.col("enterprise_id") == enterprise_id)
    return frame


def _actuals(con: duckdb.DuckDBPyConnection, scope: Scope, target: dict,
             params: CalcParams, memo: dict | None = None,
             frames: Frames | None = None) -> pl.DataFrame:
    """Per year: ``value`` in the target's metric, plus what it rests on (``enterprises_n``,
    ``months_n`` enterprise-months, ``provisional_frac`` of the tCO2e on provisional factors)."""
    park_id = target["subject_id"] if target["level"] == "park" else None
    ent = target["subject_id"] if target["level"] == "enterprise" else None
    key = (park_id, ent)
    if memo is None or key not in memo:
        yearly = _yearly(con, scope, params, park_id, ent, frames)
        if memo is not None:
            memo[key] = yearly
    else:
        yearly = memo[key]  # several targets of one subject share one inventory
    quality = (pl.col("enterprises_n"), pl.col("months_n"),
               pl.when(pl.col("tco2e") > 0).then(pl.col("provisional_tco2e") / pl.col("tco2e"))
               .alias("provisional_frac"))
    if target["metric"] == "absolute_tco2e":
        return yearly.select("year", *quality, value=pl.col("tco2e"))
    return yearly.select("year", *quality, value=pl.when(pl.col("revenue_vnd") > 0)
                         .then(pl.col("tco2e") / (pl.col("revenue_vnd") / _BILLION)))


def _one(con: duckdb.DuckDBPyConnection, scope: Scope, target_id: str) -> dict:
    rows = store.read_targets(con, scope).filter(pl.col("target_id") == target_id)
    if rows.is_empty():
        raise AccessDeniedError("circular.error.unknown_target", target=target_id)
    return rows.row(0, named=True)


def progress_table(con: duckdb.DuckDBPyConnection, scope: Scope, *,
                   params: CalcParams | None = None,
                   frames: Frames | None = None) -> pl.DataFrame:
    """One row per target in reach: the target, latest actual, pathway, gap, projection with
    its band, status and the rule behind the status. ``frames``: the scope's emission rows
    (in ``params``) and activity, when the caller holds them (summed instead of read)."""
    params = params or CalcParams()
    rows = []
    memo: dict = {}
    for target in store.read_targets(con, scope).iter_rows(named=True):
        actuals = _actuals(con, scope, target, params, memo, frames)
        p = progress(actuals.select("year", "value"), base_year=target["base_year"],
                     target_year=target["target_year"],
                     reduction_frac=target["reduction_frac"], base_value=target["base_value"])
        latest = actuals.filter(pl.col("year") == p.latest_year)
        quality = (latest.select("enterprises_n", "months_n", "provisional_frac")
                   .row(0, named=True) if latest.height else
                   {"enterprises_n": None, "months_n": None, "provisional_frac": None})
        rows.append({**{k: target[k] for k in (
            "target_id", "level", "subject_id", "metric", "boundary", "base_year",
            "target_year", "reduction_frac", "verification", "source", "note")},
            **p.model_dump(), **{f"latest_{k}": v for k, v in quality.items()}})
    if not rows:
        return pl.DataFrame()
    return pl.DataFrame(rows, infer_schema_length=None)


def target_trajectory(con: duckdb.DuckDBPyConnection, scope: Scope, *, target_id: str,
                      params: CalcParams | None = None,
                      frames: Frames | None = None) -> pl.DataFrame:
    """Chart rows for one target: actual, pathway and projection (with its band).
    ``frames``: as for :func:`progress_table`."""
    target = _one(con, scope, target_id)
    actuals = _actuals(con, scope, target, params or CalcParams(),
                       frames=frames).select("year", "value")
    return trajectory(actuals, base_year=target["base_year"], target_year=target["target_year"],
                      reduction_frac=target["reduction_frac"], base_value=target["base_value"])


def decomposition(con: duckdb.DuckDBPyConnection, scope: Scope, *, year: int,
                  park_id: str | None = None, params: CalcParams | None = None,
                  frames: Frames | None = None) -> pl.DataFrame:
    """LMDI waterfall rows (``step``, ``tco2e``, ``kind``) for the change from ``year − 1`` to
    ``year`` of the scope's (or one park's) headline emissions, by sector, revenue as activity.
    Empty when either year has no emissions. ``frames``: as for :func:`progress_table`."""
    check_visible(con, scope, None, park_id)
    params = params or CalcParams()
    if frames is None:
        emissions = compute_inventory(con, scope, year_from=year - 1, year_to=year,
                                      params=params, park_id=park_id).emissions
        act = read_current_activity(con, scope, period_from=dt.date(year - 1, 1, 1),
                                    period_to=dt.date(year, 12, 1), park_id=park_id,
                                    categories=("finance",))
    else:
        emissions = _subject(frames[0], park_id, None).filter(
            pl.col("year").is_between(year - 1, year))
        act = _subject(frames[1], park_id, None).filter(
            (pl.col("category") == "finance")
            & pl.col("period").is_between(dt.date(year - 1, 1, 1), dt.date(year, 12, 1)))
    em = apply_boundary(emissions, DEFAULT_BOUNDARY).filter(
        pl.col("scope").is_in(headline_scopes(DEFAULT_BOUNDARY)))
    frames = {}
    for y in (year - 1, year):
        # per enterprise, so that emissions of an enterprise that reported no revenue that year
        # are not divided by its sector's revenue: they go to their own "no activity" term
        e = em.filter(pl.col("year") == y).group_by("enterprise_id", "sector_id").agg(
            tco2e=pl.col("tco2e").fill_null(0).sum())
        q = act.filter((pl.col("period").dt.year() == y) & (pl.col("item") == "revenue")) \
            .group_by("enterprise_id").agg(activity=pl.col("quantity_canonical").sum() / _BILLION)
        both = e.join(q, on="enterprise_id", how="left").with_columns(
            activity=pl.col("activity").fill_null(0.0))
        frames[y] = both.with_columns(
            sector_id=pl.when(pl.col("activity") > 0).then(pl.col("sector_id"))
            .otherwise(pl.lit(NO_REVENUE_SECTOR)),
        ).group_by("sector_id").agg(pl.col("tco2e", "activity").sum())
    if frames[year - 1]["tco2e"].sum() <= 0 or frames[year]["tco2e"].sum() <= 0:
        return pl.DataFrame(schema={"step": pl.String, "tco2e": pl.Float64, "kind": pl.String})
    return lmdi_frame(lmdi(frames[year - 1], frames[year]))


__all__ = ["TARGET_ROLES", "decomposition", "import_shipped_targets", "import_targets",
           "progress_table", "target_table", "target_trajectory"]

"""JCM for people: candidate screening, the project register, settings and monitoring.

The arithmetic is ``metrics.jcm`` (pure), the storage ``warehouse.jcm`` (SQL); this module owns
the rules:

* every read is scoped: an enterprise sees its own candidates and projects, a park board its
  park's, the province and admins everything;
* projects (add, stage change, participants, documents, monitoring values) are written by the
  province, admins, the CLI operator, and a park board for its own park's enterprises; an
  enterprise reads its own but does not write (a JCM project is registered with the province
  as its counterpart);
* settings (the conservative JCM grid factor) and issued credits are the province's, admins'
  and the operator's only. Every write checks the role, then writes its audit row in the same
  transaction;
* the conservative JCM grid factor is a setting: unset, grid-based figures stay empty and say
  so; it is never replaced by the inventory's grid factor;
* reductions and credits are shown *beside* the inventory, never subtracted from it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import polars as pl
from pydantic import BaseModel, ConfigDict

from ingest.read import FileRejected, read_file, table_kind
from metrics.factors import FactorLibrary, load_factor_library
from metrics.jcm import registry
from metrics.jcm.base import Calculation, JcmError, Verification
from metrics.jcm.monitoring import (
    MONITORED_SCHEMA,
    MONITORING_FILE_COLUMNS,
    SOURCE_PROJECT,
    check_monitoring_frame,
    combine,
    monitored_from_activity,
    period_calculation,
)
from metrics.jcm.screening import (
    JCM_FINANCING_CAP_FRAC,
    SettingValue,
    jcm_candidates,
    rank_candidates,
)
from metrics.jcm.stages import FIRST_STAGE, check_move
from parkghg.errors import AccessDeniedError
from parkghg.log import get_logger
from parkghg.problems import Problem, ProblemsError
from parkghg.schema import JCM_PARTICIPANT_ROLES, JCM_SETTING_KEYS, JCM_VERIFICATION
from service.access import require_role
from service.inventory import check_visible, screening_table
from service.survey import survey_results
from warehouse import jcm as store
from warehouse.activity import read_current_activity
from warehouse.audit import Acting, write_audit
from warehouse.db import transaction
from warehouse.factors_store import read_custom_factors
from warehouse.inventories import enterprise_park
from warehouse.registry import list_enterprises
from warehouse.scope import Scope

log = get_logger(__name__)

#: Who may write projects (a park board only for its own park's enterprises).
PROJECT_ROLES = ("province", "admin", "system", "park")
#: Who may set the JCM settings and record issued credits.
PROVINCE_ROLES = ("province", "admin", "system")
SETTING_UNITS = {"grid_ef": "tCO2/MWh", "diesel_genset_ef": "tCO2/MWh"}
DIESEL_SOURCE = "diesel_genset"

__all__ = [
    "MONITORING_FILE",
    "PROJECT_ROLES",
    "PROVINCE_ROLES",
    "MonitoringFileRejectedError",
    "MonitoringResult",
    "add_document",
    "add_participant",
    "add_project",
    "change_stage",
    "credits_beside_inventory",
    "import_monitoring",
    "list_projects",
    "monitoring",
    "project_detail",
    "record_credits",
    "screen",
    "set_setting",
    "settings_map",
    "settings_table",
]


# ------------------------------------------------------------------------------ settings


def settings_table(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every setting key with its current value (null when unset), for pages and the CLI."""
    current = store.current_settings(con)
    keys = pl.DataFrame({"setting_key": list(JCM_SETTING_KEYS)})
    return keys.join(current, on="setting_key", how="left")


def settings_map(con: duckdb.DuckDBPyConnection) -> dict[str, SettingValue]:
    """The settings that are set, as the calculations take them."""
    return {r["setting_key"]: SettingValue(value=r["value"], verification=r["verification"])
            for r in store.current_settings(con).iter_rows(named=True)}


def set_setting(con: duckdb.DuckDBPyConnection, key: str, value: float, *, source: str,
                verification: str = "UNVERIFIED", actor: Acting) -> int:
    """Record a new value of a JCM setting (province, admin or operator); its version."""
    require_role(con, actor, PROVINCE_ROLES, "jcm.error_setting_denied")
    if key not in JCM_SETTING_KEYS:
        raise JcmError("jcm.error_unknown_setting", setting=key,
                       known=", ".join(JCM_SETTING_KEYS))
    if verification not in JCM_VERIFICATION:
        raise JcmError("jcm.error_verification", value=verification,
                       known=", ".join(JCM_VERIFICATION))
    if not (0 < value < 2):  # tCO2/MWh: no grid or genset lies outside this
        raise JcmError("jcm.error_setting_range", setting=key, value=value)
    if not source.strip():
        raise JcmError("jcm.error_setting_source", setting=key)
    with transaction(con):
        seq = store.insert_setting(con, key, value, SETTING_UNITS[key], source.strip(),
                                   verification, actor.username)
        write_audit(con, actor, "jcm_setting_set", object_type="jcm_setting", object_id=key,
                    details={"value": value, "unit": SETTING_UNITS[key], "source": source,
                             "verification": verification, "seq": seq})
    log.info("%s set JCM %s = %s (%s)", actor.username, key, value, verification)
    return seq


# ------------------------------------------------------------------------------ screening


def _library(con: duckdb.DuckDBPyConnection, scope: Scope) -> FactorLibrary:
    custom = read_custom_factors(con, scope)
    return load_factor_library(custom=custom if custom.height else None)


def screen(con: duckdb.DuckDBPyConnection, scope: Scope, *, year: int,
           park_id: str | None = None, enterprise_id: str | None = None,
           overrides: Mapping[str, Mapping[str, float]] | None = None,
           activity: pl.DataFrame | None = None, park_ids: Sequence[str] | None = None,
           kept: pl.DataFrame | None = None) -> pl.DataFrame:
    """Ranked JCM candidates inside ``scope`` for ``year``, with enterprise names.

    ``activity``: the scope's current activity rows when the caller already holds them (the
    dashboard, all years, patched after each upload), so the year is not read again; they
    must have been read through the same ``scope``. ``park_ids`` narrows to those parks'
    enterprises. With ``kept`` (an earlier result of this call for the same scope, year,
    filters, settings and overrides) only ``park_ids`` are screened again and every other
    park's candidates are taken from ``kept``, then all are ranked again: the dashboard after
    an upload (a park, not an enterprise, because a by-product candidate names the park's
    largest fuel user). The result equals a screening of everything."""
    check_visible(con, scope, enterprise_id, park_id)
    keep = pl.col("period").is_between(dt.date(year, 1, 1), dt.date(year, 12, 1))
    parks = list(park_ids) if park_ids is not None else None
    if activity is None:
        activity = read_current_activity(
            con, scope, period_from=dt.date(year, 1, 1), period_to=dt.date(year, 12, 1),
            park_id=park_id, enterprise_id=enterprise_id)
    if park_id is not None:
        keep = keep & (pl.col("park_id") == park_id)
    if enterprise_id is not None:
        keep = keep & (pl.col("enterprise_id") == enterprise_id)
    if parks is not None:
        keep = keep & pl.col("park_id").is_in(parks)
    activity = activity.filter(keep)
    profile = list_enterprises(con, scope)
    if park_id:
        profile = profile.filter(pl.col("park_id") == park_id)
    if enterprise_id:
        profile = profile.filter(pl.col("enterprise_id") == enterprise_id)
    if parks is not None:
        profile = profile.filter(pl.col("park_id").is_in(parks))
    cands = jcm_candidates(activity, profile, _library(con, scope), settings_map(con), year,
                           overrides)
    names = profile.select("enterprise_id", enterprise_name="name")
    out = cands.join(names, on="enterprise_id", how="left").select(
        "enterprise_id", "enterprise_name", *[c for c in cands.columns if c != "enterprise_id"])
    if kept is not None and parks is not None:
        others = kept.filter(~pl.col("park_id").is_in(parks)).select(out.columns)
        out = rank_candidates(pl.concat([others, out.cast(others.schema)], how="vertical"))
    return _with_survey(con, scope, out)


#: Technology of a candidate → the needs survey's planned-investment choice that confirms it.
SURVEY_PLANNED_CHOICE = {
    "rooftop_solar": "solar", "high_efficiency_chiller": "chiller", "inverter_hvac": "chiller",
    "biomass_boiler": "boiler", "gas_boiler": "boiler", "boiler_efficiency": "boiler",
    "byproduct_biomass": "waste_to_energy",
}


def _with_survey(con: duckdb.DuckDBPyConnection, scope: Scope, cands: pl.DataFrame
                 ) -> pl.DataFrame:
    """Candidates with what the enterprise said in the needs survey (issue 14): its interest
    in JCM financing and whether it plans the candidate's kind of investment. A "yes" and a
    matching plan confirm a candidate; the ranking (by estimated reduction) is unchanged."""
    signals = survey_results(con, scope).signals.select(
        "enterprise_id", survey_jcm_interest="jcm_interest",
        _planned="planned_technologies")
    out = cands.join(signals, on="enterprise_id", how="left")
    planned = pl.col("technology_id").replace_strict(SURVEY_PLANNED_CHOICE, default=None)
    return out.with_columns(
        survey_plans_it=pl.when(pl.col("_planned").is_null()).then(None).otherwise(
            pl.col("_planned").str.split(";").list.contains(planned)),
    ).drop("_planned")


# ------------------------------------------------------------------------------ projects


def _require_project_writer(con: duckdb.DuckDBPyConnection, actor: Acting,
                            enterprise_id: str) -> None:
    require_role(con, actor, PROJECT_ROLES, "jcm.error_write_denied")
    check_visible(con, actor.scope, enterprise_id, None)


def _project(con: duckdb.DuckDBPyConnection, scope: Scope, project_id: str) -> dict:
    rows = store.list_projects(con, scope, project_id=project_id)
    if rows.height == 0:
        raise AccessDeniedError("jcm.error_project_not_visible", project_id=project_id)
    return rows.row(0, named=True)


def add_project(con: duckdb.DuckDBPyConnection, *, enterprise_id: str, methodology_id: str,
                title: str, stage_date: dt.date, actor: Acting,
                technology_id: str | None = None, assumptions: dict[str, Any] | None = None,
                expected_er_tco2_per_year: float | None = None,
                investment_usd: float | None = None, jcm_financing_frac: float | None = None,
                japan_credit_share_frac: float | None = None,
                participants: Sequence[tuple[str, str, str | None]] = ()) -> str:
    """Register a project at stage ``idea`` with its participants; its id."""
    _require_project_writer(con, actor, enterprise_id)
    registry.methodology(methodology_id)
    if not title.strip():
        raise JcmError("jcm.error_title")
    if jcm_financing_frac is not None and not 0 <= jcm_financing_frac <= JCM_FINANCING_CAP_FRAC:
        raise JcmError("jcm.error_financing", value=jcm_financing_frac)
    if japan_credit_share_frac is not None and not 0 <= japan_credit_share_frac <= 1:
        raise JcmError("jcm.error_share", value=japan_credit_share_frac)
    for _, role, _ in participants:
        if role not in JCM_PARTICIPANT_ROLES:
            raise JcmError("jcm.error_participant_role", role=role,
                           known=", ".join(JCM_PARTICIPANT_ROLES))
    park = enterprise_park(con, enterprise_id)
    with transaction(con):
        pid = store.insert_project(
            con, enterprise_id=enterprise_id, methodology_id=methodology_id,
            technology_id=technology_id, title=title.strip(), assumptions=assumptions,
            expected_er_tco2_per_year=expected_er_tco2_per_year, investment_usd=investment_usd,
            jcm_financing_frac=jcm_financing_frac,
            japan_credit_share_frac=japan_credit_share_frac, by=actor.username)
        store.insert_stage(con, pid, FIRST_STAGE, stage_date, None, actor.username)
        for name, role, country in participants:
            store.insert_participant(con, pid, name, role, country, actor.username)
        write_audit(con, actor, "jcm_project_added", object_type="jcm_project", object_id=pid,
                    enterprise_id=enterprise_id, park_id=park,
                    details={"methodology_id": methodology_id, "title": title,
                             "stage": FIRST_STAGE, "stage_date": stage_date})
    log.info("%s added JCM project %s for %s", actor.username, pid, enterprise_id)
    return pid


def change_stage(con: duckdb.DuckDBPyConnection, project_id: str, stage: str, *,
                 stage_date: dt.date, actor: Acting, note: str | None = None) -> int:
    """Move a project to ``stage`` if the cycle allows it; audited."""
    proj = _project(con, actor.scope, project_id)
    _require_project_writer(con, actor, proj["enterprise_id"])
    check_move(proj["stage"], proj["stage_date"], stage, stage_date)
    with transaction(con):
        seq = store.insert_stage(con, project_id, stage, stage_date, note, actor.username)
        write_audit(con, actor, "jcm_stage_changed", object_type="jcm_project",
                    object_id=project_id, enterprise_id=proj["enterprise_id"],
                    park_id=proj["park_id"],
                    details={"from": proj["stage"], "to": stage, "stage_date": stage_date,
                             "note": note})
    return seq


def add_participant(con: duckdb.DuckDBPyConnection, project_id: str, name: str, role: str, *,
                    actor: Acting, country: str | None = None) -> int:
    """Add a participant (Vietnamese enterprise, Japanese partner, …); audited."""
    proj = _project(con, actor.scope, project_id)
    _require_project_writer(con, actor, proj["enterprise_id"])
    if role not in JCM_PARTICIPANT_ROLES:
        raise JcmError("jcm.error_participant_role", role=role,
                       known=", ".join(JCM_PARTICIPANT_ROLES))
    with transaction(con):
        seq = store.insert_participant(con, project_id, name, role, country, actor.username)
        write_audit(con, actor, "jcm_participant_added", object_type="jcm_project",
                    object_id=project_id, enterprise_id=proj["enterprise_id"],
                    park_id=proj["park_id"], details={"name": name, "role": role})
    return seq


def add_document(con: duckdb.DuckDBPyConnection, project_id: str, title: str, *,
                 actor: Acting, link: str | None = None) -> int:
    """Add a document reference (name and link); audited."""
    proj = _project(con, actor.scope, project_id)
    _require_project_writer(con, actor, proj["enterprise_id"])
    with transaction(con):
        seq = store.insert_document(con, project_id, title, link, actor.username)
        write_audit(con, actor, "jcm_document_added", object_type="jcm_project",
                    object_id=project_id, enterprise_id=proj["enterprise_id"],
                    park_id=proj["park_id"], details={"title": title, "link": link})
    return seq


def record_credits(con: duckdb.DuckDBPyConnection, project_id: str, *, period_from: dt.date,
                   period_to: dt.date, issued_tco2: float, to_japan_tco2: float,
                   actor: Acting, note: str | None = None) -> int:
    """Record credits issued for a period and the part that went to Japan; audited."""
    require_role(con, actor, PROVINCE_ROLES, "jcm.error_credits_denied")
    proj = _project(con, actor.scope, project_id)
    if not 0 <= to_japan_tco2 <= issued_tco2 or period_to < period_from:
        raise JcmError("jcm.error_credits", issued=issued_tco2, japan=to_japan_tco2)
    with transaction(con):
        seq = store.insert_credits(con, project_id, period_from=period_from,
                                   period_to=period_to, issued_tco2=issued_tco2,
                                   to_japan_tco2=to_japan_tco2, note=note, by=actor.username)
        write_audit(con, actor, "jcm_credits_recorded", object_type="jcm_project",
                    object_id=project_id, enterprise_id=proj["enterprise_id"],
                    park_id=proj["park_id"],
                    details={"issued_tco2": issued_tco2, "to_japan_tco2": to_japan_tco2,
                             "period_from": period_from, "period_to": period_to})
    return seq


def list_projects(con: duckdb.DuckDBPyConnection, scope: Scope, *, park_id: str | None = None,
                  enterprise_id: str | None = None) -> pl.DataFrame:
    """Projects inside ``scope`` with their current stage."""
    check_visible(con, scope, enterprise_id, park_id)
    return store.list_projects(con, scope, park_id=park_id, enterprise_id=enterprise_id)


def project_detail(con: duckdb.DuckDBPyConnection, scope: Scope, project_id: str) -> dict:
    """One project inside ``scope``: its row, stage history, participants and documents."""
    proj = _project(con, scope, project_id)
    return {"project": proj, "stages": store.stage_history(con, scope, project_id),
            "participants": store.participants(con, scope, project_id),
            "documents": store.documents(con, scope, project_id)}


# ------------------------------------------------------------------------------ monitoring

#: A project monitoring file: read by the one intake path (``ingest.read``).
MONITORING_FILE = table_kind("jcm", MONITORING_FILE_COLUMNS, numeric=("value",))


class MonitoringFileRejectedError(ProblemsError):
    """A project monitoring file failed its checks; nothing was written."""

    max_shown = 20
    more_key = "jcm.problems_more"

    def __init__(self, file_name: str, problems: list[Problem]) -> None:
        super().__init__("jcm.monitoring_rejected", problems, file=file_name, n=len(problems))


def import_monitoring(con: duckdb.DuckDBPyConnection, project_id: str, content: bytes,
                      file_name: str, *, actor: Acting) -> int:
    """Check and store a project's monitoring file (all rows or none); rows written.

    A later file for the same month and parameter supersedes the earlier value (both kept).
    """
    import hashlib

    proj = _project(con, actor.scope, project_id)
    _require_project_writer(con, actor, proj["enterprise_id"])
    try:
        raw = read_file(content, file_name, MONITORING_FILE)
    except FileRejected as rejected:
        raise MonitoringFileRejectedError(file_name, rejected.problems) from None
    values, problems = check_monitoring_frame(
        raw.frame, registry.methodology(proj["methodology_id"]), raw.decimal_mark)
    if problems:
        raise MonitoringFileRejectedError(
            file_name, [p.model_copy(update={"file": file_name}) for p in problems])
    sha = hashlib.sha256(content).hexdigest()
    with transaction(con):
        n = store.insert_monitoring_values(con, project_id, values, file_name, sha,
                                           actor.username)
        write_audit(con, actor, "jcm_monitoring_uploaded", object_type="jcm_project",
                    object_id=project_id, enterprise_id=proj["enterprise_id"],
                    park_id=proj["park_id"],
                    details={"file": file_name, "sha256": sha, "rows": n})
    return n



class MonitoringResult(BaseModel):
    """A project's monitoring period: monthly monitored values and the period's calculation."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    project: dict[str, Any]
    period_from: dt.date
    period_to: dt.date
    monitored: pl.DataFrame
    calculation: Calculation
    japan_credit_share_frac: float | None


def _fixed_values(con: duckdb.DuckDBPyConnection, method_id: str, assumptions: dict[str, Any]
                  ) -> tuple[dict[str, float | None], dict[str, Verification]]:
    """Fixed values: the project's own (its PDD's) over the defaults; settings from the
    province, never from the project or the inventory."""
    settings = settings_map(con)
    values: dict[str, float | None] = {}
    verification: dict[str, Verification] = {}
    for p in registry.methodology(method_id).fixed:
        if p.setting:
            key = p.setting
            if method_id == "vn_am007_solar_pv" and \
                    assumptions.get("displaced_source") == DIESEL_SOURCE:
                key = "diesel_genset_ef"
            s = settings.get(key)
            if s is None:
                raise JcmError("jcm.error_setting_missing", methodology=method_id,
                               parameter=p.name, setting=key)
            values[p.name], verification[p.name] = s.value, s.verification
        elif isinstance(assumptions.get(p.name), (int, float)):
            values[p.name] = float(assumptions[p.name])
            verification[p.name] = "UNVERIFIED"  # a project's own value, not checked here
    return values, verification


def monitoring(con: duckdb.DuckDBPyConnection, scope: Scope, project_id: str, *,
               period_from: dt.date, period_to: dt.date) -> MonitoringResult:
    """RE, PE and ER of a project for a monitoring period (months ``period_from``..``to``)."""
    proj = _project(con, scope, project_id)
    assumptions = json.loads(proj["assumptions"]) if proj["assumptions"] else {}
    method_id = proj["methodology_id"]
    activity = read_current_activity(con, scope, period_from=period_from, period_to=period_to,
                                     enterprise_id=proj["enterprise_id"])
    from_act = monitored_from_activity(method_id, activity, _library(con, scope), assumptions)
    uploaded = store.monitoring_values(con, scope, project_id, period_from, period_to)
    from_proj = uploaded.select("period", "parameter", "value", "unit").with_columns(
        source=pl.lit(SOURCE_PROJECT)) if uploaded.height else pl.DataFrame(
        schema=MONITORED_SCHEMA)
    monitored = combine(from_act, from_proj)
    fixed, verification = _fixed_values(con, method_id, assumptions)
    calc = period_calculation(method_id, monitored, fixed, verification)
    return MonitoringResult(project=proj, period_from=period_from, period_to=period_to,
                            monitored=monitored, calculation=calc,
                            japan_credit_share_frac=proj["japan_credit_share_frac"])


# ------------------------------------------------------------------------------ exports

JCM_EXPORTS = ("jcm_candidates", "jcm_monitoring")


def record_jcm_export(con: duckdb.DuckDBPyConnection, kind: str, *, actor: Acting,
                      n_bytes: int, year: int | None = None, park_id: str | None = None,
                      project_id: str | None = None) -> int:
    """Write the ``export`` audit row for a JCM file handed to ``actor``; its id.

    Like every export (``service.reports.record_export``): the account must still be active
    and the park or project inside its reach.
    """
    if kind not in JCM_EXPORTS:
        raise JcmError("jcm.error_export_kind", kind=kind)
    require_role(con, actor, ("enterprise", "park", "province", "admin", "system"),
                 "jcm.error_write_denied")
    enterprise_id = None
    if project_id is not None:
        proj = _project(con, actor.scope, project_id)
        enterprise_id, park_id = proj["enterprise_id"], proj["park_id"]
    else:
        check_visible(con, actor.scope, None, park_id)
    with transaction(con):
        return write_audit(con, actor, "export", object_type=kind,
                           object_id=project_id or (str(year) if year else None),
                           enterprise_id=enterprise_id or actor.scope.enterprise_id,
                           park_id=park_id or actor.scope.park_id,
                           details={"bytes": n_bytes, "year": year})


# ---------------------------------------------------------------- beside the inventory


def credits_beside_inventory(con: duckdb.DuckDBPyConnection, scope: Scope, *, year: int,
                             gwp_set: str = "AR5", park_id: str | None = None,
                             screening: pl.DataFrame | None = None) -> pl.DataFrame:
    """Per enterprise with a project: its gross inventory (unchanged), its projects' expected
    reductions and the credits issued in ``year`` with the part that went to Japan.

    Why beside and not subtracted: a JCM credit shared with Japan counts toward Japan's target
    for its share; taking reductions off the enterprise's inventory would count them twice.
    ``screening``: the scope's screening rows (``screening_table``, every year, ``gwp_set``)
    when the caller holds them (the dashboard), instead of computing the year's again.
    """
    projects = list_projects(con, scope, park_id=park_id)
    cols = {"enterprise_id": pl.String, "gross_inventory_tco2e": pl.Float64,
            "projects": pl.UInt32, "expected_er_tco2_per_year": pl.Float64,
            "credits_issued_tco2": pl.Float64, "credits_to_japan_tco2": pl.Float64,
            "credits_to_viet_nam_tco2": pl.Float64}
    if projects.height == 0:
        return pl.DataFrame(schema=cols)
    per = projects.group_by("enterprise_id").agg(
        projects=pl.len(), expected_er_tco2_per_year=pl.col("expected_er_tco2_per_year").sum())
    cred = store.credits(con, scope, park_id=park_id).filter(
        pl.col("period_to").dt.year() == year).group_by("enterprise_id").agg(
        credits_issued_tco2=pl.col("issued_tco2").sum(),
        credits_to_japan_tco2=pl.col("to_japan_tco2").sum(),
        credits_to_viet_nam_tco2=pl.col("to_viet_nam_tco2").sum())
    if screening is None:
        screening = screening_table(con, scope, year=year, gwp_set=gwp_set, park_id=park_id)
    else:
        screening = screening.filter(pl.col("year") == year)
        if park_id is not None:
            screening = screening.filter(pl.col("park_id") == park_id)
    gross = screening.select("enterprise_id", gross_inventory_tco2e="screening_tco2e")
    out = per.join(gross, on="enterprise_id", how="left").join(cred, on="enterprise_id",
                                                               how="left")
    return out.with_columns(pl.col("^credits_.*$").fill_null(0.0)).select(list(cols)).cast(
        cols).sort("enterprise_id")


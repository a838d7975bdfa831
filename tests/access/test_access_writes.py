"""Every write, walked with every role (issue 7; issue 10 item 3).

Why introspection: issue 10 found a write (the factor import) that any signed-in user could
call because only the dashboard's menu hid it. Here every public function in ``service/`` and
``warehouse/`` that takes an ``actor`` is found, and each must have a case below (or a stated
reason to be exempt), so a new write cannot be added without being walked.

Each case is called as an enterprise user, a park board, a province reviewer and an admin on a
private copy of the access world, and as an admin whose account was disabled meanwhile:

* a refused call raises ``AccessDeniedError`` and leaves every table byte-identical, the audit
  log included;
* an allowed call writes at least one audit row naming the actor;
* an upload outside the uploader's reach is not an exception but a logged rejection: no
  activity row moves, and the attempt's audit row names the uploader.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import importlib.util
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

import service
import warehouse
from metrics.inventory import CalcParams
from parkghg.contract import COLUMNS
from parkghg.errors import AccessDeniedError
from parkghg.plan import load_plan
from service import (
    accounts,
    jcm,
    plan,
    programme,
    publish,
    reports,
    review,
    survey,
    uploads,
)
from service import inventory as inv
from service.access import Scope
from tests.worlds import E1, E2, E3, FEB, JAN, PA, PB, SYSTEM, submission_ids
from warehouse import users as users_mod
from warehouse.db import connect as wh_connect
from warehouse.marks import mark_demo

ROLES = ("ent1", "park_a", "prov", "admin")  # enterprise (E1, park PA), park PA, province, admin
STALE = "admin.gone"  # an admin whose account is disabled after the page read it
EVERYONE = frozenset(ROLES)
REVIEWERS = frozenset({"park_a", "prov", "admin"})
PROVINCE = frozenset({"prov", "admin"})
ADMIN = frozenset({"admin"})
NOBODY: frozenset[str] = frozenset()

# Public functions taking an actor that are not writes of their own.
EXEMPT = {
    "service.warehouse_transfer.migrate_warehouse": "copies into another database (PostgreSQL) "
                                                    "and audits there: its refusals are tested "
                                                    "in tests/test_migrate_warehouse.py",
    "warehouse.users.require_active": "the check every write makes first, not a write",
    "service.access.require_role": "the role check the imports make first, not a write",
    "warehouse.audit.write_audit": "the audit primitive; each caller checks rights and calls "
                                   "it inside the transaction of its change",
    "warehouse.submissions.record_uploads": "the upload pipeline's storage step (a batch of "
                                            "accepted and rejected files), after "
                                            "service.uploads checked the uploader (walked)",
    "service.emissions.store_upload_emissions": "derived rows stored inside the accepted "
                                                "upload's transaction (the upload is walked)",
    "service.emissions.recalculate_for_factors": "derived rows recomputed inside a factor "
                                                 "import's transaction (the import is walked)",
    "service.emissions.backfill": "derived rows filled by `parkghg init` as the server's "
                                  "operator; no person's write",
    "service.programme.gather": "a read (the figures of a report); refuses the enterprise "
                                "role, tested in tests/programme/test_programme_reports.py",
    "service.programme.annual_document": "the same read, as a document preview",
}
ACTIVITY_TABLES = ("activity_rows", "period_current", "period_history")
SPAN = (2023, 2024)  # no version of this span exists in the world: freezing it replaces nothing


@dataclass
class World:
    """A private copy of the access world and connections that are closed after each use."""

    path: Path
    tmp: Path
    #: upload label -> submission id: the same in every copy of the world (the ``sid`` fixture)
    ids: dict[str, str] = field(default_factory=dict)

    @contextmanager
    def con(self) -> Iterator[duckdb.DuckDBPyConnection]:
        connection = wh_connect(self.path)
        try:
            yield connection
        finally:
            connection.close()

    def user(self, username: str) -> users_mod.User:
        with self.con() as con:
            found = users_mod.get_user(con, username)
        assert found is not None
        return found


@dataclass(frozen=True)
class Case:
    """How to call one write; ``allowed`` names the roles that may."""

    target: str  # module.function as defined, e.g. "warehouse.review.accept_submission"
    variant: str
    call: Callable[[World, object], object]
    allowed: frozenset[str]
    setup: Callable[[World], None] | None = None
    logged_rejection: bool = False  # uploads: a refusal is stored as a rejected submission
    pending: str | None = None  # the signature this case needs is not in this branch yet

    @property
    def id(self) -> str:
        return f"{self.target.rsplit('.', 1)[1]}-{self.variant}"


def _with_con(fn: Callable[..., object], *args: object, **kwargs: object):
    """A case body that runs ``fn(con, *args, **kwargs)`` on a fresh connection.

    Upload labels of the world ("S1", "S3", …) stand for their generated submission ids
    (``World.ids``: read once per run from the world, which every copy shares).
    """
    def call(world: World, actor: object) -> object:
        args_ = [world.ids.get(a, a) if isinstance(a, str) else a for a in _fill(args, actor)]
        with world.con() as con:
            return fn(con, *args_, **_fill_kw(kwargs, actor))
    return call


class _Actor:
    """Placeholder for the walking actor inside a case's arguments."""


ACTOR = _Actor()


def _fill(args: tuple, actor: object) -> list:
    return [actor if a is ACTOR else a for a in args]


def _fill_kw(kwargs: dict, actor: object) -> dict:
    return {k: actor if v is ACTOR else v for k, v in kwargs.items()}


# --------------------------------------------------------------------------- setups


def _system(fn: Callable[..., object], *args: object, **kwargs: object):
    def setup(world: World) -> None:
        with world.con() as con:
            fn(con, *args, **kwargs)
    return setup


def _freeze_by(username: str | None, ent: str, *, draft: bool):
    def setup(world: World) -> None:
        actor = SYSTEM if username is None else world.user(username)
        with world.con() as con:
            inv.freeze_inventory(con, ent, *SPAN, CalcParams(), "walk setup", actor=actor,
                                 draft=draft)
    return setup


# --------------------------------------------------------------------------- uploads


def upload_csv(enterprise_id: str, period: str = "2024-03") -> bytes:
    row = {"enterprise_id": enterprise_id, "period": period, "category": "electricity",
           "item": "grid", "quantity": "1200", "unit": "kWh"}
    lines = [",".join(COLUMNS), ",".join(row.get(c, "") for c in COLUMNS)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _ingest_bytes(world: World, actor: object):
    return uploads.ingest_bytes(world.path, upload_csv(E3), "walk.csv", actor=actor,
                                today=dt.date(2024, 6, 1))


def _ingest_prepared(world: World, actor: object):
    prepared = uploads.prepare_upload(upload_csv(E3), "walk.csv")
    return uploads.ingest_prepared(world.path, prepared, actor=actor, today=dt.date(2024, 6, 1))


def _ingest_many(world: World, actor: object):
    [result] = uploads.ingest_many(world.path, [("walk.csv", upload_csv(E3))], actor=actor,
                                   today=dt.date(2024, 6, 1))
    return result


# --------------------------------------------------------------------------- exports

FORM06_E3 = reports.ExportRequest(kind="form06", year=2025, enterprise_id=E3)


def _made() -> reports.ExportFile:
    return reports.ExportFile(content=b"walk", rows=0, total_tco2e=0.0, provisional=False,
                              version_id=None, gwp_set="AR5", scope2_basis="location",
                              year_from=2023, year_to=2024)


def _export_file(enterprise_id: str):
    def call(world: World, actor: object) -> object:
        request = reports.ExportRequest(kind="table", fmt="csv", year=2024,
                                        enterprise_id=enterprise_id)
        return reports.export_file(world.path, actor, request,  # type: ignore[arg-type]
                                   out=world.tmp / "walk.csv")
    return call


# --------------------------------------------------------------------------- intake (pending)

# A national grid factor of 50 tCO2e/MWh for 2024 (issue 10 item 3 used the same kind of row).
GRID_50 = (
    b"factor_id,library_version,kind,fuel_or_item,use,gas,value,unit,valid_from,valid_to,level,"
    b"source,source_detail,verification,enterprise_id\n"
    b"VN_GRID_EF_2024_hostile,custom,grid_ef,grid,,CO2e,50,t CO2e/MWh,2024-01-01,2024-12-31,"
    b"national,hostile test,hypothetical,VERIFIED,\n"
)



PARK_A_UP = frozenset({"park_a", "prov", "admin"})
FACTS_PA = (b"park_id,indicator,value,fact_date,evidence_note\n"
            + f"{PA},green_infra_land_frac,0.27,2024-06-30,land-use plan\n".encode())
TARGETS_PA = (b"target_id,level,subject_id,metric,base_year,target_year,reduction_pct\n"
              + f"pa_2030,park,{PA},absolute_tco2e,2024,2030,25\n".encode())


def _circular(name: str, *args: object, **kwargs: object):
    def call(world: World, actor: object):
        from service import circular

        with world.con() as con:
            return getattr(circular, name)(con, *args, actor=actor, **kwargs)
    return call


def _targets(name: str, *args: object, **kwargs: object):
    def call(world: World, actor: object):
        from service import targets

        with world.con() as con:
            return getattr(targets, name)(con, *args, actor=actor, **kwargs)
    return call


def _import_factors(world: World, actor: object):
    from service.factors import import_factors

    with world.con() as con:
        return import_factors(con, GRID_50, "grid.csv", actor=actor)  # type: ignore[call-arg]


def _import_registry(world: World, actor: object):
    import polars as pl

    from service.registry import import_registry_many

    frame = pl.DataFrame({"province_id": ["binh_phuoc"], "name_vi": ["Bình Phước"],
                          "name_en": ["Binh Phuoc"]})
    with world.con() as con:
        return import_registry_many(con, [(frame, "provinces")],  # type: ignore[call-arg]
                                    actor=actor)


def _import_one_registry_file(world: World, actor: object):
    import polars as pl

    from service.registry import import_registry

    frame = pl.DataFrame({"province_id": ["lam_dong"], "name_vi": ["Lâm Đồng"],
                          "name_en": ["Lam Dong"]})
    with world.con() as con:
        return import_registry(con, frame, "provinces", actor=actor)


# --------------------------------------------------------------------------- JCM (issue 13)


def _jcm_project(ent: str):
    """Setup: a JCM project of ``ent`` added by the operator."""
    return _system(jcm.add_project, enterprise_id=ent, methodology_id="vn_am007_solar_pv",
                   title="walk setup", stage_date=JAN, actor=SYSTEM)


def _on_jcm_project(fn: Callable[..., object], *args: object, **kwargs: object):
    """A case body calling ``fn(con, <the world's one JCM project id>, *args, **kwargs)``."""
    def call(world: World, actor: object) -> object:
        with world.con() as con:
            pid = con.execute("SELECT project_id FROM jcm_projects").fetchall()[0][0]
            return fn(con, pid, *_fill(args, actor), **_fill_kw(kwargs, actor))
    return call


# --------------------------------------------------------------------------- programme

SURVEY_ANSWERS = {"energy_saving": "some", "rooftop_solar": "no", "recp": "aware",
                  "jcm_interest": "yes"}
SURVEY_FILE_E1 = "\n".join(
    ["enterprise_id,question_id,answer",
     *(f"{E1},{q},{a}" for q, a in SURVEY_ANSWERS.items())]).encode("utf-8") + b"\n"
PLAN_EDIT = load_plan().activities[2].model_copy(update={"status": "done"})

# --------------------------------------------------------------------------- the cases

CASES: list[Case] = [
    # review: reviewers within their reach; restore also by the enterprise for its own months
    Case("warehouse.review.accept_submission", "E1", _with_con(
        review.accept_submission, ACTOR, "S1"), REVIEWERS),
    Case("warehouse.review.return_submission", "E3", _with_con(
        review.return_submission, ACTOR, "S3", comment="fix"), PROVINCE),
    Case("warehouse.review.lock_period", "E2", _with_con(
        review.lock_period, ACTOR, E2, JAN), REVIEWERS),
    Case("warehouse.review.unlock_period", "E2", _with_con(
        review.unlock_period, ACTOR, E2, JAN), REVIEWERS,
        setup=_system(review.lock_period, SYSTEM, E2, JAN)),
    Case("warehouse.review.lock_park_year", "PB", _with_con(
        review.lock_park_year, ACTOR, PB, 2023), PROVINCE),
    Case("warehouse.review.unlock_park_year", "PB", _with_con(
        review.unlock_park_year, ACTOR, PB, 2023), PROVINCE,
        setup=_system(review.lock_park_year, SYSTEM, PB, 2023)),
    Case("warehouse.review.restore_submission", "E1", _with_con(
        review.restore_submission, ACTOR, E1, JAN, "S1"), EVERYONE),
    # accounts: admins only (a user may change its own password and language)
    Case("warehouse.users.create_user", "new", _with_con(
        accounts.create_user, ACTOR, username="walk.new", role="enterprise", enterprise_id=E1,
        password="walk-password-1"), ADMIN),
    Case("warehouse.users.disable_user", "ent2", _with_con(
        accounts.disable_user, ACTOR, "ent2"), ADMIN),
    Case("warehouse.users.enable_user", "ent2", _with_con(
        accounts.enable_user, ACTOR, "ent2"), ADMIN,
        setup=_system(accounts.disable_user, SYSTEM, "ent2")),
    Case("warehouse.users.set_password", "ent2", _with_con(
        accounts.set_password, ACTOR, "ent2", "another-walk-pw-2"), ADMIN),
    Case("warehouse.users.set_language", "ent2", _with_con(
        accounts.set_language, ACTOR, "ent2", "en"), ADMIN),
    Case("warehouse.users.create_demo_accounts", "all", _with_con(
        accounts.create_demo_accounts, ACTOR), ADMIN,
        setup=_system(lambda con: mark_demo(con, "walk"))),
    Case("warehouse.users.unlock_sign_in", "ent2", _with_con(
        accounts.unlock_sign_in, ACTOR, "ent2"), ADMIN),
    # inventory versions (service/inventory.py module docstring)
    Case("service.inventory.freeze_inventory", "draft-E1", _with_con(
        inv.freeze_inventory, E1, *SPAN, CalcParams(), "walk", actor=ACTOR, draft=True),
        EVERYONE),
    Case("service.inventory.freeze_inventory", "accepted-E3", _with_con(
        inv.freeze_inventory, E3, *SPAN, CalcParams(), "walk", actor=ACTOR), PROVINCE),
    Case("service.inventory.freeze_inventory", "over-the-operator", _with_con(
        inv.freeze_inventory, E1, 2024, 2024, CalcParams(), "walk", actor=ACTOR), NOBODY),
    Case("service.inventory.accept_version", "draft-E1", _with_con(
        inv.accept_version, f"{E1}-{SPAN[0]}-{SPAN[1]}-v1", actor=ACTOR), REVIEWERS,
        setup=_freeze_by(None, E1, draft=True)),
    Case("service.inventory.recalculate", "province-accepted-E2", _with_con(
        inv.recalculate, f"{E2}-{SPAN[0]}-{SPAN[1]}-v1", "walk", actor=ACTOR), PROVINCE,
        setup=_freeze_by("prov", E2, draft=False)),
    # exports: anyone, inside their reach
    Case("service.reports.export_file", "E1", _export_file(E1), EVERYONE),
    Case("service.reports.export_file", "E3", _export_file(E3), PROVINCE),
    Case("service.reports.record_export", "E3", lambda world, actor: reports.record_export(
        world.path, actor, FORM06_E3, _made()), PROVINCE),  # type: ignore[arg-type]
    # uploads: a file for E3 (park PB)
    Case("service.uploads.ingest_with_connection", "E3", _with_con(
        uploads.ingest_with_connection, upload_csv(E3), "walk.csv", actor=ACTOR,
        today=dt.date(2024, 6, 1)), PROVINCE, logged_rejection=True),
    Case("service.uploads.ingest_bytes", "E3", _ingest_bytes, PROVINCE, logged_rejection=True),
    Case("service.uploads.ingest_many", "E3", _ingest_many, PROVINCE, logged_rejection=True),
    Case("service.uploads.ingest_prepared", "E3", _ingest_prepared, PROVINCE,
         logged_rejection=True),
    # intake (factor and registry files): the intended signatures, flipped on at merge
    Case("service.factors.import_factors", "national-grid", _import_factors, PROVINCE),
    Case("service.registry.import_registry_many", "provinces", _import_registry, PROVINCE),
    Case("service.registry.import_registry", "provinces", _import_one_registry_file, PROVINCE),
    # JCM (service/jcm.py): settings and credits by the province; projects by the province
    # and by a park board for its own park's enterprises; enterprises read only
    Case("service.jcm.set_setting", "grid", _with_con(
        jcm.set_setting, "grid_ef", 0.6, source="walk", actor=ACTOR), PROVINCE),
    Case("service.jcm.add_project", "E1", _with_con(
        jcm.add_project, enterprise_id=E1, methodology_id="vn_am007_solar_pv", title="walk",
        stage_date=JAN, actor=ACTOR), REVIEWERS),
    Case("service.jcm.add_project", "E3", _with_con(
        jcm.add_project, enterprise_id=E3, methodology_id="vn_am007_solar_pv", title="walk",
        stage_date=JAN, actor=ACTOR), PROVINCE),
    Case("service.jcm.change_stage", "E1", _on_jcm_project(
        jcm.change_stage, "feasibility_study", stage_date=FEB, actor=ACTOR), REVIEWERS,
        setup=_jcm_project(E1)),
    Case("service.jcm.change_stage", "E3", _on_jcm_project(
        jcm.change_stage, "feasibility_study", stage_date=FEB, actor=ACTOR), PROVINCE,
        setup=_jcm_project(E3)),
    Case("service.jcm.add_participant", "E1", _on_jcm_project(
        jcm.add_participant, "Walk KK", "jp_partner", actor=ACTOR, country="JP"), REVIEWERS,
        setup=_jcm_project(E1)),
    Case("service.jcm.add_document", "E3", _on_jcm_project(
        jcm.add_document, "PDD", actor=ACTOR, link="https://example.org/pdd"), PROVINCE,
        setup=_jcm_project(E3)),
    Case("service.jcm.import_monitoring", "E3", _on_jcm_project(
        jcm.import_monitoring, b"period,parameter,value,unit\n2024-01,EG_pv_mwh,5,MWh\n",
        "m.csv", actor=ACTOR), PROVINCE, setup=_jcm_project(E3)),
    Case("service.jcm.record_jcm_export", "candidates-PB", _with_con(
        jcm.record_jcm_export, "jcm_candidates", actor=ACTOR, n_bytes=1, year=2024,
        park_id=PB), PROVINCE),
    Case("service.jcm.record_jcm_export", "monitoring-E1", _on_jcm_project(
        lambda con, pid, **kw: jcm.record_jcm_export(con, "jcm_monitoring", project_id=pid,
                                                    **kw), actor=ACTOR, n_bytes=1),
        EVERYONE, setup=_jcm_project(E1)),
    Case("service.jcm.record_credits", "E1", _on_jcm_project(
        jcm.record_credits, period_from=JAN, period_to=FEB, issued_tco2=10.0,
        to_japan_tco2=5.0, actor=ACTOR), PROVINCE, setup=_jcm_project(E1)),
    # issue 12: park facts (park board for its own park, province, admin), thresholds (admin),
    # targets (park board for its own park, admin)
    Case("service.circular.add_park_fact", "PA", _circular("add_park_fact", park_id=PA,
         indicator="recp_applying_frac", value=0.3, fact_date=JAN), PARK_A_UP),
    Case("service.circular.add_park_fact", "PB", _circular("add_park_fact", park_id=PB,
         indicator="recp_applying_frac", value=0.3, fact_date=JAN), PROVINCE),
    Case("service.circular.import_park_facts", "PA", _circular(
        "import_park_facts", FACTS_PA, "facts.csv"), PARK_A_UP),
    Case("service.circular.set_threshold", "recp", _circular(
        "set_threshold", criterion_id="d35_recp_applying", threshold=0.25), ADMIN),
    Case("service.targets.import_targets", "PA", _targets(
        "import_targets", TARGETS_PA, "targets.csv"), frozenset({"park_a", "admin"})),
    Case("service.targets.import_shipped_targets", "385", _targets(
        "import_shipped_targets", base_year=2024), ADMIN),
    # programme (issue 14): survey answers, plan tracker, programme reports
    Case("service.survey.submit_answers", "E1", _with_con(
        survey.submit_answers, ACTOR, E1, SURVEY_ANSWERS), EVERYONE),
    Case("service.survey.submit_answers", "E3", _with_con(
        survey.submit_answers, ACTOR, E3, SURVEY_ANSWERS), PROVINCE),
    Case("service.survey.import_answers", "E1", _with_con(
        survey.import_answers, ACTOR, SURVEY_FILE_E1, "answers.csv"), EVERYONE),
    Case("service.plan.update_activity", "survey", _with_con(
        plan.update_activity, ACTOR, PLAN_EDIT), REVIEWERS),
    Case("service.plan.link_output", "survey", _with_con(
        plan.link_output, ACTOR, "needs_survey", "survey", "2026"), REVIEWERS),
    Case("service.programme.annual_report", "province", lambda world, actor:
         programme.annual_report(world.path, actor, year=2024, out_dir=world.tmp / "annual",
                                 lang="vi"), REVIEWERS),
    Case("service.programme.workshop_pack", "province", lambda world, actor:
         programme.workshop_pack(world.path, actor, year=2024, out_dir=world.tmp / "pack",
                                 lang="en", as_zip=True), REVIEWERS),
    # publishing Parquet for other engines (issue 15): the province's whole data
    Case("service.publish.publish", "all", lambda world, actor: publish.publish(
        world.path, actor, world.tmp / "published"), PROVINCE),
]


# --------------------------------------------------------------------------- helpers


def discovered() -> dict[str, Callable]:
    """Every public function of ``service/`` and ``warehouse/`` with an ``actor`` parameter."""
    found: dict[str, Callable] = {}
    for package in (service, warehouse):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(info.name)
            for name, obj in vars(module).items():
                if name.startswith("_") or not inspect.isfunction(obj):
                    continue
                if obj.__module__.split(".")[0] not in ("service", "warehouse"):
                    continue
                if "actor" in inspect.signature(obj).parameters:
                    found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return found


def fingerprint(path: Path) -> dict[str, str]:
    """A digest of every row of every table (the audit log included)."""
    con = wh_connect(path)
    try:
        return _fingerprint(con)
    finally:
        con.close()


def _fingerprint(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema IN ('main', 'public')"  # DuckDB's schema, PostgreSQL's
        " AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()]
    return {
        table: hashlib.sha256(repr(sorted(
            repr(row) for row in con.execute(f'SELECT * FROM "{table}"').fetchall()
        )).encode()).hexdigest()
        for table in tables
    }


def audit_rows_by(path: Path, username: str) -> int:
    con = wh_connect(path)
    try:
        return _audit_rows_by(con, username)
    finally:
        con.close()


def _audit_rows_by(con: duckdb.DuckDBPyConnection, username: str) -> int:
    return con.execute("SELECT count(*) FROM audit_log WHERE actor = ?",
                       [username]).fetchall()[0][0]


def state(path: Path, username: str) -> tuple[dict[str, str], int]:
    """``fingerprint`` and ``audit_rows_by`` through one connection.

    Why one: opening a warehouse costs tens of milliseconds of CPU, and the walk reads this
    state before and after each of its ~260 calls.
    """
    con = wh_connect(path)
    try:
        return _fingerprint(con), _audit_rows_by(con, username)
    finally:
        con.close()


def _stale_admin(world: World) -> users_mod.User:
    """An admin ``User`` as a page holds it, whose account was then disabled."""
    with world.con() as con:
        accounts.create_user(con, SYSTEM, username=STALE, role="admin",
                             password="stale-admin-pw-1")
    user = world.user(STALE)
    with world.con() as con:
        accounts.disable_user(con, SYSTEM, STALE)
    return user


def _params(case: Case, who: str):
    marks = [pytest.mark.xfail(strict=True, reason=case.pending)] if case.pending else []
    if _refusal_only(case, who):
        marks.append(pytest.mark.read_only)
    return pytest.param(case, who, id=f"{case.id}-{who}", marks=marks)


def _refusal_only(case: Case, who: str) -> bool:
    """The call is refused with nothing written before it (no setup, no stale admin created,
    no logged rejection), and the case asserts every table is left as it was: on PostgreSQL
    it may run on the worker's shared read-only copy of the world (``read_only``)."""
    return (who in ROLES and who not in case.allowed and case.setup is None
            and not case.logged_rejection)


# --------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def _walkers_by_template() -> dict[str, dict[str, users_mod.User]]:
    return {}


@pytest.fixture
def walkers(access_template: str, _walkers_by_template) -> dict[str, users_mod.User]:
    """The ``User`` of each role in ``ROLES``, as a page holds it after sign-in.

    Read once per template and worker: every copy of the world has the template's accounts,
    and the walk makes some 500 calls (a warehouse opening costs tens of ms of CPU).
    """
    if access_template not in _walkers_by_template:
        con = wh_connect(access_template, read_only=True)
        try:
            found = {who: users_mod.get_user(con, who) for who in ROLES}
        finally:
            con.close()
        assert all(found.values()), found
        _walkers_by_template[access_template] = found  # type: ignore[assignment]
    return _walkers_by_template[access_template]


def test_every_write_with_an_actor_is_walked() -> None:
    found = discovered()
    walked = {case.target for case in CASES}
    missing = set(found) - walked - set(EXEMPT)
    assert not missing, f"writes taking an actor without a case in this file: {sorted(missing)}"
    gone = {c.target for c in CASES if not c.pending} - set(found)
    assert not gone, f"cases for functions that no longer take an actor: {sorted(gone)}"
    for expected in ("service.inventory.freeze_inventory", "warehouse.review.lock_period",
                     "warehouse.users.create_user", "service.reports.record_export"):
        assert expected in found


@pytest.mark.slow  # ~140 cases on private world copies; the discovery check stays fast
@pytest.mark.parametrize(("case", "who"), [_params(c, w) for c in CASES
                                           for w in (*ROLES, STALE)])
def test_write_walked_with_every_role(world_path: Path, tmp_path: Path, sid: dict[str, str],
                                      walkers: dict[str, users_mod.User], case: Case,
                                      who: str) -> None:
    world = World(world_path, tmp_path, sid)
    actor = _stale_admin(world) if who == STALE else walkers[who]
    if case.setup is not None:
        case.setup(world)
    before, audit_before = state(world_path, actor.username)
    if who in case.allowed:
        result = case.call(world, actor)
        assert getattr(result, "status", "accepted") == "accepted", result
        assert audit_rows_by(world_path, actor.username) > audit_before, (
            f"{case.target} as {who} wrote no audit row naming {actor.username}")
        return
    if case.logged_rejection and who != STALE:
        result = case.call(world, actor)
        after, audit_after = state(world_path, actor.username)
        assert result.status == "rejected", result
        assert {t: after[t] for t in ACTIVITY_TABLES} == {t: before[t] for t in ACTIVITY_TABLES}
        assert audit_after == audit_before + 1
        return
    with pytest.raises(AccessDeniedError):
        case.call(world, actor)
    assert fingerprint(world_path) == before, f"{case.target} as {who} changed data"
    assert not (tmp_path / "walk.csv").exists()  # a refused export hands nothing out


def test_the_walk_sees_a_change(world_path: Path) -> None:
    """The fingerprint notices one changed cell (so "nothing changed" means something)."""
    before = fingerprint(world_path)
    con = wh_connect(world_path)
    con.execute("UPDATE parks SET name_en = 'Park PA!' WHERE park_id = ?", [PA])
    con.close()
    assert fingerprint(world_path) != before


# --------------------------------------------------------------------------- issue 10 item 3


def test_enterprise_user_cannot_import_a_national_grid_factor(
    world_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signed in as an enterprise user, the dashboard's data function and the service's
    factor import both refuse a national grid factor, and the province total stays put."""
    from dashboard import data
    from service.factors import import_factors

    world = World(world_path, tmp_path)
    ent1 = world.user("ent1")

    def province_total() -> float:
        with world.con() as con:
            return inv.compute_inventory(con, Scope(role="province"), year_from=2024,
                                         year_to=2024, params=CalcParams()).total_tco2e

    before_total, before = province_total(), fingerprint(world_path)
    with world.con() as con, pytest.raises(AccessDeniedError):
        import_factors(con, GRID_50, "grid.csv", actor=ent1)  # type: ignore[call-arg]
    monkeypatch.setenv("PARKGHG_DB", str(world_path))
    with pytest.raises(AccessDeniedError):
        data.import_factor_file(ent1, GRID_50, "grid.csv")
    assert province_total() == before_total
    assert fingerprint(world_path) == before
    # ... while the province may import it, audited, and the total then moves
    with world.con() as con:
        import_factors(con, GRID_50, "grid.csv", actor=world.user("prov"))  # type: ignore[call-arg]
    assert province_total() > before_total
    assert audit_rows_by(world_path, "prov") >= 1


def test_cases_cover_every_role_answer() -> None:
    """Each kind of answer occurs, so the walk is not vacuous."""
    kinds = {(who in c.allowed) for c in CASES for who in ROLES}
    assert kinds == {True, False}
    assert any(c.logged_rejection for c in CASES)


# --------------------------------------------------------------------------- writes without actor

#: Public functions of ``service/`` and ``warehouse/`` that write SQL but take no ``actor``:
#: each is a storage step called only after a caller checked the actor, or bookkeeping that
#: belongs to no one. A new one fails ``test_every_write_without_an_actor_is_known``.
STORAGE_STEPS = {
    "warehouse.transfer.write_table": "service.warehouse_transfer.migrate_warehouse (tested in "
                                      "tests/test_migrate_warehouse.py)",
    "warehouse.transfer.clear_table": "the same copy, before it loads a migration's seed table",
    "warehouse.factors_store.store_factor_import": "service.factors.import_factors (walked)",
    "warehouse.inventories.store_version": "service.inventory.freeze_inventory (walked)",
    "warehouse.inventories.supersede_others": "service.inventory.accept_version (walked)",
    "warehouse.inventories.mark_accepted": "service.inventory.accept_version (walked)",
    "warehouse.inventories.mark_superseded": "service.inventory.recalculate (walked)",
    "warehouse.submissions.move_periods": "warehouse.review.restore_submission (walked)",
    "warehouse.marks.mark_demo": "only parkghg demo, on the warehouse it has just built",
    "warehouse.migrate.migrate_connection": "schema upgrades by the operator",
    "warehouse.sign_in_guard.record_failure": "sign-in bookkeeping: there is no actor yet",
    "warehouse.sign_in_guard.record_success": "sign-in bookkeeping: there is no actor yet",
    "warehouse.sign_in_guard.unlock": "warehouse.users.unlock_sign_in (walked)",
    "warehouse.users.authenticate": "sign-in itself: last login, rehash, audit",
    "warehouse.users.user_for_identity": "binds an IdP identity at sign-in (audited)",
    # issue 10's restore: the operator's CLI loads a backup into a new scratch warehouse
    "warehouse.backup.import_table": "service.backup.restore_backup (operator, new file)",
    "warehouse.backup.clear_table": "service.backup.restore_backup (operator, new file)",
    # issue 13's JCM store (merged from main): each called by the service.jcm function of
    # the same name that takes an actor, checks its role and writes the audit row
    **{f"warehouse.jcm.insert_{what}": "service.jcm (actor checked, audited)"
       for what in ("setting", "project", "stage", "participant", "document",
                    "monitoring_values", "credits")},
    # issue 12's store: each called by the service.circular / service.targets function that
    # takes the actor, checks its role and writes the audit row (walked above)
    "warehouse.circular.insert_park_facts": "service.circular.add_park_fact / import_park_facts",
    "warehouse.circular.insert_targets": "service.targets.import_targets (walked)",
    "warehouse.circular.insert_threshold": "service.circular.set_threshold (walked)",
    # issue 14's store: called by service.survey / service.plan functions that take the actor
    "warehouse.programme.insert_response": "service.survey.submit_answers / import_answers",
    "warehouse.programme.insert_plan_edit": "service.plan.update_activity (walked)",
    # issue 11's sign-in sessions (merged from main): written at sign-in / sign-out for the
    # person signing in, who is not yet (or no longer) an actor
    "warehouse.sessions.start_session": "sign-in itself: a session token's hash for the user",
    "warehouse.sessions.revoke_session": "sign-out: revokes the caller's own session token",
    # issue 9's stored emissions: derived rows written by service.emissions inside an accepted
    # upload's or a factor import's transaction (both walked), or by `parkghg init`'s backfill
    # (audited as the operator)
    **{f"warehouse.stored_emissions.{what}": "service.emissions (inside an audited write)"
       for what in ("start_calculation", "replace_submission_rows", "finish_calculation",
                    "store_upload_rows")},
}
_WRITES_SQL = re.compile(r"\b(INSERT INTO|UPDATE \w+ SET|DELETE FROM|DROP TABLE|ALTER TABLE)\b")


def test_every_write_without_an_actor_is_known() -> None:
    found = set()
    for package in (service, warehouse):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(info.name)
            for name, obj in vars(module).items():
                if (name.startswith("_") or not inspect.isfunction(obj)
                        or obj.__module__ != info.name
                        or "actor" in inspect.signature(obj).parameters):
                    continue
                if _WRITES_SQL.search(inspect.getsource(obj)):
                    found.add(f"{info.name}.{name}")
    assert found <= set(STORAGE_STEPS), (
        f"new writes without an actor: {sorted(found - set(STORAGE_STEPS))}")
    present = {name for name in STORAGE_STEPS
               if importlib.util.find_spec(name.rsplit(".", 1)[0]) is not None}
    assert present <= found, f"listed but gone: {sorted(present - found)}"


def test_dashboard_write_functions_refuse_an_enterprise_user(
    world_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every write the dashboard's data module offers checks the role below the menu."""
    from dashboard import data

    monkeypatch.setenv("PARKGHG_DB", str(world_path))
    ent1 = World(world_path, tmp_path).user("ent1")
    before = fingerprint(world_path)
    refused = {
        "import_factor_file": lambda: data.import_factor_file(ent1, GRID_50, "grid.csv"),
        "create_account": lambda: data.create_account(
            ent1, username="sneaky.admin", role="admin", password="sneaky-admin-pw-1"),
        "set_disabled": lambda: data.set_disabled(ent1, "prov", True),
        "unlock_sign_in": lambda: data.unlock_sign_in(ent1, "prov"),
        "lock_park_year": lambda: data.lock_park_year(ent1, PB, 2024, True),
        "lock_period": lambda: data.lock_period(ent1, E2, JAN, True),
        "accept": lambda: data.accept(ent1, submission_ids(world_path)["S3"], None, False),
    }
    for name, call in refused.items():
        with pytest.raises(AccessDeniedError):
            call()
        assert fingerprint(world_path) == before, name

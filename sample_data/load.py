"""Build a sample warehouse through the public write path (registry import, then uploads).

Why through the real pipeline: the demo warehouse and every test world must hold exactly what
real uploads would produce (submissions, warnings for the planted ×10 typos, history), so every
generated monthly file goes through ``service.uploads.ingest_many`` like an enterprise's upload.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from parkghg.errors import ParkGHGError
from parkghg.log import get_logger
from sample_data.generator import SampleSpec, enterprises_frame, monthly_upload_files, profiles
from sample_data.parks import park_seeds, parks_frame, provinces_frame
from sample_data.programme import load_programme
from service import jcm
from service.access import Actor, Scope
from service.activity import read_current_activity
from service.db import (
    applied_migrations,
    display_name,
    is_postgres,
    migrate,
    open_warehouse,
    remove_store,
)
from service.registry import import_registry_many
from service.uploads import IngestResult, ingest_many

log = get_logger(__name__)

UPLOADED_BY = "sample-data"
#: Files per write batch. Larger than an operator's bulk ingest (``ingest_many``'s default):
#: a freshly built warehouse has no reader to let in between, and each batch costs one engine
#: pass and one INSERT per table whatever its size (issue 9: 5,000 enterprises in minutes).
SAMPLE_BATCH_FILES = 250


class SampleDataError(ParkGHGError):
    """The sample could not be built as asked (existing warehouse, bad range, rejected file)."""


def _holds_no_data(path: Path) -> bool:
    """True for a warehouse with no registry and no upload yet (``parkghg init`` only)."""
    from service import registry, review
    from service.access import Scope
    from service.db import open_warehouse as _open

    if is_postgres(path):
        with _open(path, read_only=True) as con:  # an unreachable server says so, as itself
            if not applied_migrations(con):
                return True  # a database made by ``createdb``, no warehouse in it yet
    try:
        with _open(path, read_only=True) as con:
            system = Scope.system()
            return (registry.list_enterprises(con, system).is_empty()
                    and review.upload_history(con, system).is_empty())
    except Exception:  # not a warehouse we can read: keep refusing
        return False


def holds_warehouse(path: Path) -> bool:
    """Whether ``path`` already holds a warehouse to keep: the file exists, or the PostgreSQL
    database holds warehouse data (an empty database made by ``createdb`` does not)."""
    if is_postgres(path):
        return not _holds_no_data(path)
    return path.exists()


def fresh_warehouse(path: Path, force: bool) -> None:
    """A new, migrated warehouse file; never overwrites one silently (it may hold real uploads).

    On PostgreSQL (a ``postgresql://`` target) the database must be empty or hold only what
    ``parkghg init`` made: ``--force`` deletes a file, never a server's data (drop and create
    the database for that, as its administrator). It is checked before anything is written
    (then upgraded, as ``parkghg init`` does, and filled).
    """
    if is_postgres(path):
        if holds_warehouse(path):
            raise SampleDataError("backend.sample_not_empty", target=display_name(path))
        migrate(path)
        return
    if path.exists() and not force and _holds_no_data(path):
        migrate(path)  # what ``parkghg init`` made: fill it (nothing to lose)
        return
    if path.exists():
        if not force:
            raise SampleDataError("sample.exists", path=str(path))
        path.unlink()
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
        remove_store(path)
    migrate(path)


def load_sample(
    path: Path,
    spec: SampleSpec,
    *,
    on_start: Callable[[int], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int, list[IngestResult]]:
    """Import the registry, then every enterprise's uploads; returns (parks, enterprises, results).

    ``on_start(n_enterprises)`` is called once the work is known, ``progress(n)`` after each
    batch, so a front end can draw a progress bar.
    """
    profs = profiles(spec)
    seeds = park_seeds(spec.parks, spec.seed)
    registry_frames = [
        (provinces_frame(), "provinces"),
        (parks_frame(seeds), "parks"),
        (enterprises_frame(profs), "enterprises"),
    ]
    with open_warehouse(path) as con:
        import_registry_many(con, registry_frames,  # type: ignore[arg-type]
                             actor=Actor.system(UPLOADED_BY))
    if on_start:
        on_start(len(profs))
    results = ingest_many(path, monthly_upload_files(spec, profs), uploaded_by=UPLOADED_BY,
                          progress=progress, batch_size=SAMPLE_BATCH_FILES)
    log.info("sample: %d parks, %d enterprises, %d files", len(seeds), len(profs), len(results))
    return len(seeds), len(profs), results


def build_sample(
    path: Path,
    spec: SampleSpec,
    *,
    force: bool = False,
    on_start: Callable[[int], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int, list[IngestResult]]:
    """A fresh warehouse at ``path`` holding the sample described by ``spec``."""
    fresh_warehouse(path, force)
    result = load_sample(path, spec, on_start=on_start, progress=progress)
    load_jcm_sample(path)
    load_programme(path, spec, {s.park_id for s in park_seeds(spec.parks, spec.seed)})
    return result


#: The sample's conservative JCM grid factor: an illustrative number so the demo pages show
#: figures, labelled as such. It is NOT the VN_AM007 value (UNVERIFIED, regulation.md §3.4);
#: a real warehouse starts with the setting empty until the province sets it.
SAMPLE_JCM_GRID_EF = 0.5
SAMPLE_JCM_SOURCE = "SAMPLE DATA: illustrative value, not the VN_AM007 spreadsheet figure"


def load_jcm_sample(path: Path) -> list[str]:
    """A sample grid-factor setting and up to two JCM projects; their ids.

    A rooftop-PV project in monitoring for the first enterprise with on-site solar (its
    ``onsite_solar`` rows are the monitored output), and a boiler fuel switch at feasibility
    study for the first enterprise burning fuel oil or coal in a boiler. Kept out of
    ``load_sample`` so a warehouse built at an older migration (tests/schema) can still load
    the monthly sample.
    """
    actor = Actor.system(UPLOADED_BY)
    ids: list[str] = []
    with open_warehouse(path) as con:
        jcm.set_setting(con, "grid_ef", SAMPLE_JCM_GRID_EF, source=SAMPLE_JCM_SOURCE,
                        verification="UNVERIFIED", actor=actor)
        act = read_current_activity(con, Scope.system(), categories=("electricity", "fuel"))
        solar = act.filter(act["item"] == "onsite_solar")["enterprise_id"].unique().sort()
        boiler = act.filter(act["item"].is_in(["fuel_oil", "coal_anthracite",
                                               "coal_bituminous"])
                            & (act["use"] == "stationary"))["enterprise_id"].unique().sort()
        first = act["period"].min()
        if solar.len() and first is not None:
            pid = jcm.add_project(
                con, enterprise_id=solar[0], methodology_id="vn_am007_solar_pv",
                technology_id="rooftop_solar", title="Rooftop solar PV (sample)",
                stage_date=first, actor=actor, expected_er_tco2_per_year=None,
                jcm_financing_frac=0.5, japan_credit_share_frac=0.5,
                participants=[(solar[0], "vn_enterprise", "VN"),
                              ("Japanese engineering consultancy (fictional)", "jp_partner",
                               "JP")])
            for i, stage in enumerate(("feasibility_study", "proposal", "validation",
                                       "registered", "monitoring"), start=1):
                jcm.change_stage(con, pid, stage, stage_date=first.replace(
                    year=first.year + (first.month + i - 1) // 12,
                    month=(first.month + i - 1) % 12 + 1), actor=actor)
            jcm.add_document(con, pid, "PDD (sample)", actor=actor,
                             link="https://example.org/jcm/sample-pdd.pdf")
            ids.append(pid)
        if boiler.len() and first is not None:
            pid = jcm.add_project(
                con, enterprise_id=boiler[0], methodology_id="boiler_fuel_switch",
                technology_id="biomass_boiler", title="Biomass boiler replacing FO/coal (sample)",
                stage_date=first, actor=actor, jcm_financing_frac=0.5,
                assumptions={"project_fuel_item": "wood"},
                participants=[(boiler[0], "vn_enterprise", "VN"),
                              ("Long Duc park investor (fictional)", "jp_partner", "JP")])
            jcm.change_stage(con, pid, "feasibility_study", stage_date=first, actor=actor)
            ids.append(pid)
    log.info("sample JCM: %d project(s)", len(ids))
    return ids

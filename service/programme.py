"""Programme reports: the workshop pack and the annual programme summary, from held data.

Why in the service layer: the CLI command and the dashboard button must produce the same
files from the same figures, scoped the same way (a park board reports on its own park), and
both leave an audit row; and a report can be linked to the plan activity it was made for.
Figures come from ``metrics`` (inventory, programme, survey); documents from
``exports.documents``.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import polars as pl
import xlsxwriter
from pydantic import BaseModel, ConfigDict

from exports.documents.docx_writer import docx_bytes
from exports.documents.model import Document
from exports.documents.pdf_writer import pdf_bytes
from exports.documents.programme import (
    ExtraSection,
    ProgrammeInputs,
    annual_summary,
    figures,
    workbook_sheets,
    workshop_summary,
)
from metrics.inventory import CalcParams
from metrics.programme import (
    by_group,
    completeness_frac,
    enterprise_year_totals,
    provisional_frac,
    trend,
)
from parkghg.errors import AccessDeniedError
from parkghg.i18n import Lang, t
from parkghg.log import get_logger
from parkghg.plan import load_plan
from parkghg.spreadsheet import neutralise_formulas
from service import plan as plan_service
from service import survey as survey_service
from service.access import require_role
from service.inventory import check_visible, compute_inventory, screening_table
from service.programme_sections import extra_sections
from warehouse.audit import Acting, write_audit
from warehouse.db import open_warehouse, transaction
from warehouse.inventories import read_registry
from warehouse.registry import list_parks

log = get_logger(__name__)

REPORT_ROLES = ("park", "province", "admin", "system")
Step = Callable[[str], None]
TREND_YEARS = 4  # the report year and the three before it


class ReportFiles(BaseModel):
    """What a report command wrote."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    files: tuple[Path, ...]
    total_tco2e: float
    year: int


def _reach(actor: Acting, park_id: str | None) -> str | None:
    """The park a report covers: a park board's own park, whatever it asked for."""
    scope = actor.scope
    if scope.role == "park":
        if park_id not in (None, scope.park_id):
            raise AccessDeniedError("programme.denied_report")
        return scope.park_id
    return park_id


def gather(con: duckdb.DuckDBPyConnection, actor: Acting, *, year: int,
           park_id: str | None = None, proposals: str = "",
           extras: tuple[ExtraSection, ...] = (), today: dt.date | None = None
           ) -> ProgrammeInputs:
    """Every figure a programme report quotes, for the province or one park."""
    require_role(con, actor, REPORT_ROLES, "programme.denied_report")
    park_id = _reach(actor, park_id)
    scope = actor.scope
    check_visible(con, scope, None, park_id)
    today = today or dt.date.today()
    first = year - TREND_YEARS + 1
    emissions = compute_inventory(con, scope, year_from=first, year_to=year,
                                  params=CalcParams(), park_id=park_id).emissions
    registry = read_registry(con, scope)
    if park_id is not None:
        registry = registry.filter(pl.col("park_id") == park_id)
    totals = enterprise_year_totals(emissions)
    listed = screening_table(con, scope, year=year, gwp_set="AR5", park_id=park_id)
    survey = survey_service.survey_results(con, scope, park_id=park_id)
    parks = list_parks(con)
    if park_id is not None:
        row = parks.filter(pl.col("park_id") == park_id).row(0, named=True)
        area_vi, area_en = row["name_vi"], row["name_en"] or row["name_vi"]
    else:
        area_vi, area_en = t("programme.r.area_province", "vi"), t("programme.r.area_province",
                                                                    "en")
    if not extras:
        extras = extra_sections(con, scope, year=year, park_id=park_id)
    return ProgrammeInputs(
        year=year, area_vi=area_vi, area_en=area_en, made_on=today,
        by_park=by_group(totals, registry, year, "park_id"),
        by_sector=by_group(totals, registry, year, "sector_id"),
        trend=trend(totals, list(range(first, year + 1))),
        enterprises=registry.height,
        completeness_frac=completeness_frac(totals, registry, year),
        provisional_frac=provisional_frac(totals, year),
        over_threshold=int(listed["meets_a_list_criterion"].sum()) if listed.height else 0,
        survey=survey.definition, survey_rates=survey.rates_by_park,
        survey_choices=survey.choices, plan=load_plan(),
        tracker=plan_service.tracker(con, today), extras=extras, proposals=proposals,
    )


def _audit(con: duckdb.DuckDBPyConnection, actor: Acting, kind: str, inp: ProgrammeInputs,
           files: list[Path], park_id: str | None, activity_id: str | None) -> None:
    with transaction(con):
        write_audit(con, actor, "report_made", object_type="programme_report",
                    object_id=f"{kind}-{inp.year}", park_id=park_id,
                    details={"kind": kind, "year": inp.year,
                             "files": [f.name for f in files]})
    if activity_id:
        plan_service.link_output(con, actor, activity_id, kind,
                                 f"{kind}-{inp.year}" + (f"-{park_id}" if park_id else ""))


def _total(inp: ProgrammeInputs) -> float:
    row = inp.trend.filter(pl.col("year") == inp.year)
    return float(row["headline_tco2e"][0]) if row.height else 0.0


def annual_report(db_path: Path, actor: Acting, *, year: int, out_dir: Path, lang: Lang,
                  park_id: str | None = None, proposals: str = "",
                  extras: tuple[ExtraSection, ...] = (), activity_id: str | None = None,
                  step: Step | None = None) -> ReportFiles:
    """Write the year's programme summary as DOCX and PDF into ``out_dir``."""
    _step = step or (lambda _label: None)
    _step("programme.progress.gather")
    with open_warehouse(db_path, read_only=True) as con:
        inp = gather(con, actor, year=year, park_id=park_id, proposals=proposals,
                     extras=extras)
    _step("programme.progress.document")
    doc = annual_summary(inp, lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"parkghg_annual_{year}" + (f"_{park_id}" if park_id else "") + f"_{lang}"
    docx_path, pdf_path = out_dir / f"{stem}.docx", out_dir / f"{stem}.pdf"
    docx_path.write_bytes(docx_bytes(doc))
    _step("programme.progress.pdf")
    pdf_path.write_bytes(pdf_bytes(doc))
    files = [docx_path, pdf_path]
    with open_warehouse(db_path) as con:
        _audit(con, actor, "annual_report", inp, files, _reach(actor, park_id), activity_id)
    log.info("annual summary %s written to %s", year, out_dir)
    return ReportFiles(files=tuple(files), total_tco2e=_total(inp), year=year)


def annual_document(con: duckdb.DuckDBPyConnection, actor: Acting, *, year: int, lang: Lang,
                    park_id: str | None = None, proposals: str = "") -> Document:
    """The summary as a block model (for previews and tests), without writing files."""
    return annual_summary(gather(con, actor, year=year, park_id=park_id,
                                 proposals=proposals), lang)


def workshop_pack(db_path: Path, actor: Acting, *, year: int, out_dir: Path, lang: Lang,
                  park_id: str | None = None, as_zip: bool = False, proposals: str = "",
                  activity_id: str | None = None, step: Step | None = None) -> ReportFiles:
    """Write a workshop pack: charts (PNG + SVG), their tables (XLSX) and a summary (DOCX).

    With ``as_zip`` the same files go into one ZIP in ``out_dir`` (what a button downloads).
    """
    _step = step or (lambda _label: None)
    _step("programme.progress.gather")
    with open_warehouse(db_path, read_only=True) as con:
        inp = gather(con, actor, year=year, park_id=park_id, proposals=proposals)
    _step("programme.progress.charts")
    content = workshop_files(inp, lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"parkghg_workshop_{year}" + (f"_{park_id}" if park_id else "") + f"_{lang}"
    written: list[Path] = []
    if as_zip:
        path = out_dir / f"{stem}.zip"
        path.write_bytes(zip_bytes(content))
        written.append(path)
    else:
        root = out_dir / stem
        for name, data in content.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
    with open_warehouse(db_path) as con:
        _audit(con, actor, "workshop_pack", inp, written, _reach(actor, park_id), activity_id)
    return ReportFiles(files=tuple(written), total_tco2e=_total(inp), year=year)


def workshop_files(inp: ProgrammeInputs, lang: Lang) -> dict[str, bytes]:
    """The pack's files by relative path: ``charts/*.png|svg``, ``tables.xlsx``,
    ``summary.docx``."""
    files: dict[str, bytes] = {}
    for fig in figures(inp, lang):
        files[f"charts/{fig.name}.png"] = fig.png
        files[f"charts/{fig.name}.svg"] = fig.svg.encode("utf-8")
    files["tables.xlsx"] = _workbook(workbook_sheets(inp, lang))
    files["summary.docx"] = docx_bytes(workshop_summary(inp, lang))
    return files


def _workbook(sheets: dict[str, pl.DataFrame]) -> bytes:
    buf = io.BytesIO()
    with xlsxwriter.Workbook(buf, {"in_memory": True}) as wb:
        for name, frame in sheets.items():
            neutralise_formulas(frame).write_excel(wb, worksheet=name[:31], autofit=True)
    return buf.getvalue()


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """Files by relative path, as one ZIP."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(files.items()):
            zf.writestr(name, data)
    return buf.getvalue()

"""The annual programme summary and the workshop pack's summary, as ``Document`` blocks.

Why every quoted figure is also a table cell: the People's Committee and the Kobe side read
the text, the departments check the tables; they must agree. Each sentence takes its numbers
from the "key figures" table, formatted by the same function (``_num``/``_pct``), and the
report tests check that every number in the text is a cell of a table.

Sections other engines of parkghg provide (targets, eco-park scorecards, circular-economy
indicators, JCM) arrive as ``ExtraSection``s: a frame plus its column headings, so this
module renders them without depending on how they were computed.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict

from exports.documents.charts import bar_figure, share_figure, trend_figure
from exports.documents.model import (
    Block,
    Bullets,
    Document,
    Figure,
    Heading,
    Paragraph,
    Table,
)
from parkghg.i18n import Lang, fmt_number, t
from parkghg.plan import Plan
from parkghg.survey import SurveyDefinition

ColumnKind = Literal["text", "number", "int", "pct", "key"]


class ExtraColumn(BaseModel):
    """One column of an extra section's table: frame column, headings, how to format it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    column: str
    vi: str
    en: str
    kind: ColumnKind = "text"
    prefix: str = ""  # kind "key": the cell is the catalogue text of prefix + value


class ExtraSection(BaseModel):
    """A section computed elsewhere (targets, scorecards, circular economy, JCM)."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    key: str  # "targets", "scorecard", "circular", "jcm"
    title_vi: str
    title_en: str
    intro_vi: str = ""
    intro_en: str = ""
    frame: pl.DataFrame
    columns: tuple[ExtraColumn, ...]


class ProgrammeInputs(BaseModel):
    """Every frame a programme report quotes (built by ``service.programme``)."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    year: int
    area_vi: str
    area_en: str
    made_on: dt.date
    by_park: pl.DataFrame  # metrics.programme.by_group(..., "park_id")
    by_sector: pl.DataFrame  # metrics.programme.by_group(..., "sector_id")
    trend: pl.DataFrame  # metrics.programme.trend
    enterprises: int
    completeness_frac: float | None
    provisional_frac: float | None
    over_threshold: int
    survey: SurveyDefinition
    survey_rates: pl.DataFrame  # metrics.survey.response_rates by park
    survey_choices: pl.DataFrame  # metrics.survey.choice_counts
    plan: Plan
    tracker: pl.DataFrame  # service.plan.tracker
    extras: tuple[ExtraSection, ...] = ()
    proposals: str = ""


# ----------------------------------------------------------------------------- formatting


def _num(value: float | None, lang: Lang, digits: int = 0) -> str:
    return fmt_number(value, lang, digits)


def _pct(value: float | None, lang: Lang) -> str:
    return "–" if value is None else fmt_number(value * 100, lang, 1) + " %"


def _cell(value: object, kind: ColumnKind, lang: Lang, prefix: str = "") -> str:
    if value is None:
        return "–"
    if kind == "key":
        return t(f"{prefix}{value}", lang)
    if kind == "number":
        return _num(float(value), lang, 1)
    if kind == "int":
        return _num(float(value), lang, 0)
    if kind == "pct":
        return _pct(float(value), lang)
    if isinstance(value, bool):
        return t("programme.yes" if value else "programme.no", lang)
    return str(value)


def _name(row: dict, stem: str, lang: Lang) -> str:
    return row.get(f"{stem}_name_{lang}") or row.get(f"{stem}_id") or "–"


# ------------------------------------------------------------------------------ sections


def key_figures(inp: ProgrammeInputs, lang: Lang) -> dict[str, str]:
    """The figures the text quotes, formatted once (key → text)."""
    this = inp.trend.filter(pl.col("year") == inp.year)
    total = float(this["headline_tco2e"][0]) if this.height else 0.0
    change = this["change_frac"][0] if this.height else None
    reporting = int(this["reporting"][0]) if this.height else 0
    rate = inp.survey_rates.filter(pl.col("group") == "*")
    overdue = int(inp.tracker["overdue"].sum()) if inp.tracker.height else 0
    return {
        "total": _num(total, lang),
        "change": _pct(change, lang),
        "parks": _num(inp.by_park.height, lang),
        "enterprises": _num(inp.enterprises, lang),
        "reporting": _num(reporting, lang),
        "completeness": _pct(inp.completeness_frac, lang),
        "provisional": _pct(inp.provisional_frac, lang),
        "over_threshold": _num(inp.over_threshold, lang),
        "respondents": _num(int(rate["responded"][0]) if rate.height else 0, lang),
        "response_rate": _pct(rate["response_rate_frac"][0] if rate.height else None, lang),
        "activities": _num(inp.tracker.height, lang),
        "overdue": _num(overdue, lang),
    }


def _key_table(figs: dict[str, str], lang: Lang) -> Table:
    return Table(title=t("programme.r.key_table", lang),
                 header=(t("programme.r.indicator", lang), t("programme.r.value", lang)),
                 rows=tuple((t(f"programme.r.key.{k}", lang), v) for k, v in figs.items()),
                 numeric=(False, True))


def _park_table(inp: ProgrammeInputs, lang: Lang) -> Table:
    rows = tuple((
        _name(r, "park", lang), _num(r["enterprises"], lang), _num(r["reporting"], lang),
        _num(r["headline_tco2e"], lang), _pct(r["share_frac"], lang),
        _num(r["scope3_tco2e"], lang), _pct(r["completeness_frac"], lang),
    ) for r in inp.by_park.iter_rows(named=True))
    return Table(title=t("programme.r.by_park", lang, year=inp.year),
                 header=tuple(t(f"programme.r.col.{c}", lang) for c in (
                     "park", "enterprises", "reporting", "headline", "share", "scope3",
                     "completeness")),
                 rows=rows, numeric=(False, *(True,) * 6),
                 note=t("programme.r.boundary_note", lang))


def _sector_table(inp: ProgrammeInputs, lang: Lang) -> Table:
    rows = tuple((
        _name(r, "sector", lang), _num(r["enterprises"], lang), _num(r["reporting"], lang),
        _num(r["headline_tco2e"], lang), _pct(r["share_frac"], lang),
    ) for r in inp.by_sector.iter_rows(named=True))
    return Table(title=t("programme.r.by_sector", lang, year=inp.year),
                 header=tuple(t(f"programme.r.col.{c}", lang) for c in (
                     "sector", "enterprises", "reporting", "headline", "share")),
                 rows=rows, numeric=(False, True, True, True, True))


def _trend_table(inp: ProgrammeInputs, lang: Lang) -> Table:
    rows = tuple((str(r["year"]), _num(r["reporting"], lang), _num(r["headline_tco2e"], lang),
                  _pct(r["change_frac"], lang)) for r in inp.trend.iter_rows(named=True))
    return Table(title=t("programme.r.trend", lang),
                 header=tuple(t(f"programme.r.col.{c}", lang) for c in (
                     "year", "reporting", "headline", "change")),
                 rows=rows, numeric=(False, True, True, True),
                 note=t("programme.r.trend_note", lang))


def _survey_blocks(inp: ProgrammeInputs, lang: Lang, figs: dict[str, str]) -> list[Block]:
    rates = inp.survey_rates.filter(pl.col("group") != "*")
    parks = {r["park_id"]: r for r in inp.by_park.iter_rows(named=True)}
    blocks: list[Block] = [
        Heading(text=t("programme.r.h.survey", lang)),
        Paragraph(text=t("programme.r.survey_text", lang, title=inp.survey.title(lang),
                         respondents=figs["respondents"], enterprises=figs["enterprises"],
                         rate=figs["response_rate"])),
        Table(title=t("programme.r.survey_rates", lang),
              header=tuple(t(f"programme.r.col.{c}", lang) for c in (
                  "park", "enterprises", "respondents", "rate")),
              rows=tuple((_name(parks.get(r["group"], {"park_id": r["group"]}), "park", lang),
                          _num(r["enterprises"], lang), _num(r["responded"], lang),
                          _pct(r["response_rate_frac"], lang))
                         for r in rates.iter_rows(named=True)),
              numeric=(False, True, True, True)),
    ]
    choices = inp.survey_choices
    rows = []
    for q in inp.survey.questions:
        for r in choices.filter(pl.col("question_id") == q.id).iter_rows(named=True):
            label = (t("programme.yes" if r["choice_id"] == "yes" else "programme.no", lang)
                     if q.type == "bool" else q.choice(r["choice_id"]).label(lang))
            rows.append((q.text(lang), label, _num(r["chosen"], lang), _num(r["answered"], lang),
                         _pct(r["share_frac"], lang)))
    blocks.append(Table(title=t("programme.r.survey_answers", lang),
                        header=tuple(t(f"programme.r.col.{c}", lang) for c in (
                            "question", "answer", "chosen", "answered", "share")),
                        rows=tuple(rows), numeric=(False, False, True, True, True),
                        note=t("programme.r.survey_note", lang)))
    return blocks


def _plan_table(inp: ProgrammeInputs, lang: Lang) -> Table:
    rows = tuple((
        r[f"title_{lang}"], inp.plan.agency(r["lead"], lang), r["due_month"],
        t(f"programme.status.{r['status']}", lang),
        t("programme.yes" if r["overdue"] else "programme.no", lang),
        r["output_ref"] or "",
    ) for r in inp.tracker.iter_rows(named=True))
    return Table(title=t("programme.r.plan", lang),
                 header=tuple(t(f"programme.r.col.{c}", lang) for c in (
                     "activity", "lead", "due", "status", "overdue", "output")),
                 rows=rows, numeric=(False,) * 6,
                 note="" if inp.plan.due_months_verified else t("programme.r.plan_note", lang))


def _extra_blocks(extra: ExtraSection, lang: Lang) -> list[Block]:
    intro = extra.intro_vi if lang == "vi" else extra.intro_en
    blocks: list[Block] = [Heading(text=extra.title_vi if lang == "vi" else extra.title_en)]
    if intro:
        blocks.append(Paragraph(text=intro))
    if extra.frame.height == 0:
        blocks.append(Paragraph(text=t("programme.r.no_rows", lang)))
        return blocks
    cols = extra.columns
    blocks.append(Table(
        title=extra.title_vi if lang == "vi" else extra.title_en,
        header=tuple(c.vi if lang == "vi" else c.en for c in cols),
        rows=tuple(tuple(_cell(r.get(c.column), c.kind, lang, c.prefix) for c in cols)
                   for r in extra.frame.iter_rows(named=True)),
        numeric=tuple(c.kind not in ("text", "key") for c in cols)))
    return blocks


def _proposal_blocks(inp: ProgrammeInputs, lang: Lang) -> list[Block]:
    text = inp.proposals.strip() or default_proposals(inp, lang)
    blocks: list[Block] = [Heading(text=t("programme.r.h.proposals", lang))]
    bullets: list[str] = []
    for para in text.split("\n"):
        line = para.strip()
        if line.startswith(("- ", "• ", "* ")):
            bullets.append(line[2:].strip())
            continue
        if bullets:
            blocks.append(Bullets(items=tuple(bullets)))
            bullets = []
        if line:
            blocks.append(Paragraph(text=line))
    if bullets:
        blocks.append(Bullets(items=tuple(bullets)))
    return blocks


def default_proposals(inp: ProgrammeInputs, lang: Lang) -> str:
    """A first draft of the proposals, from the data, for the user to edit."""
    lines = [t("programme.r.proposals_intro", lang)]
    weak = inp.by_park.filter(pl.col("completeness_frac") < 0.75)
    if weak.height:
        names = ", ".join(_name(r, "park", lang) for r in weak.head(5).iter_rows(named=True))
        lines.append("- " + t("programme.r.prop_completeness", lang, parks=names))
    interested = inp.survey_choices.filter((pl.col("question_id") == "jcm_interest")
                                           & (pl.col("choice_id") == "yes"))
    if interested.height and interested["chosen"][0]:
        lines.append("- " + t("programme.r.prop_jcm", lang,
                              n=_num(interested["chosen"][0], lang)))
    if inp.tracker.height and inp.tracker["overdue"].any():
        lines.append("- " + t("programme.r.prop_overdue", lang))
    lines.append("- " + t("programme.r.prop_next_year", lang, year=inp.year + 1))
    return "\n".join(lines)


# ------------------------------------------------------------------------------- figures


def figures(inp: ProgrammeInputs, lang: Lang) -> list[Figure]:
    """The report's charts (also the workshop pack's PNG/SVG files)."""
    unit = t("programme.r.unit_tco2e", lang)
    figs = []
    if inp.by_park.height:
        parks = inp.by_park.with_columns(
            label=pl.coalesce(pl.col(f"park_name_{lang}"), pl.col("park_id")))
        figs.append(bar_figure(parks, label="label", value="headline_tco2e",
                               name="emissions_by_park",
                               title=t("programme.r.fig_by_park", lang, year=inp.year),
                               axis_label=unit, label_title=t("programme.r.col.park", lang)))
    if inp.by_sector.height:
        sectors = inp.by_sector.with_columns(
            label=pl.coalesce(pl.col(f"sector_name_{lang}"), pl.col("sector_id")))
        figs.append(bar_figure(sectors, label="label", value="headline_tco2e",
                               name="emissions_by_sector",
                               title=t("programme.r.fig_by_sector", lang, year=inp.year),
                               axis_label=unit, label_title=t("programme.r.col.sector", lang)))
    figs.append(trend_figure(inp.trend, year="year", value="headline_tco2e", series=None,
                             name="emissions_trend", title=t("programme.r.fig_trend", lang),
                             axis_label=unit, year_label=t("programme.r.col.year", lang)))
    support = inp.survey.question("support_wanted")
    rows = inp.survey_choices.filter(pl.col("question_id") == "support_wanted")
    if support is not None and rows.height and rows["answered"][0]:
        rows = rows.with_columns(label=pl.col("choice_id").replace_strict(
            {c.id: c.label(lang) for c in support.choices}))
        figs.append(share_figure(rows, label="label", share="share_frac",
                                 name="survey_support_wanted", title=support.text(lang),
                                 axis_label=t("programme.r.col.share", lang)))
    return figs


# ------------------------------------------------------------------------------ documents


def annual_summary(inp: ProgrammeInputs, lang: Lang) -> Document:
    """The year's programme summary for the People's Committee and the Kobe side."""
    figs = key_figures(inp, lang)
    charts = {f.name: f for f in figures(inp, lang)}
    blocks: list[Block] = [
        Heading(text=t("programme.r.h.overview", lang)),
        Paragraph(text=t("programme.r.overview_text", lang, year=inp.year, **figs)),
        _key_table(figs, lang),
        Heading(text=t("programme.r.h.inventory", lang)),
        Paragraph(text=t("programme.r.inventory_text", lang, year=inp.year, **figs)),
        _park_table(inp, lang),
    ]
    blocks += [charts[n] for n in ("emissions_by_park",) if n in charts]
    blocks += [_sector_table(inp, lang)]
    blocks += [charts[n] for n in ("emissions_by_sector",) if n in charts]
    blocks += [_trend_table(inp, lang), charts["emissions_trend"]]
    extras = {e.key: e for e in inp.extras}
    for key in ("targets", "scorecard", "circular", "jcm"):
        if key in extras:
            blocks += _extra_blocks(extras[key], lang)
        else:
            blocks += [Heading(text=t(f"programme.r.h.{key}", lang)),
                       Paragraph(text=t("programme.r.not_available", lang), note=True)]
    blocks += _survey_blocks(inp, lang, figs)
    if "survey_support_wanted" in charts:
        blocks.append(charts["survey_support_wanted"])
    blocks += [
        Heading(text=t("programme.r.h.quality", lang)),
        Paragraph(text=t("programme.r.quality_text", lang, **figs)),
        Heading(text=t("programme.r.h.plan", lang)),
        Paragraph(text=t("programme.r.plan_text", lang, **figs)),
        _plan_table(inp, lang),
    ]
    blocks += _proposal_blocks(inp, lang)
    return Document(
        lang=lang, title=t("programme.r.annual_title", lang, year=inp.year),
        subtitle=t("programme.r.subtitle", lang,
                   area=inp.area_vi if lang == "vi" else inp.area_en),
        footer=t("programme.r.footer", lang, date=inp.made_on.isoformat()),
        blocks=tuple(blocks))


def workshop_summary(inp: ProgrammeInputs, lang: Lang) -> Document:
    """The short summary document of a workshop pack (key figures, tables, proposals)."""
    figs = key_figures(inp, lang)
    blocks: list[Block] = [
        Paragraph(text=t("programme.r.overview_text", lang, year=inp.year, **figs)),
        _key_table(figs, lang),
        _park_table(inp, lang),
        _trend_table(inp, lang),
        *_survey_blocks(inp, lang, figs)[1:],
        *_proposal_blocks(inp, lang),
    ]
    return Document(
        lang=lang, title=t("programme.r.workshop_title", lang, year=inp.year),
        subtitle=t("programme.r.subtitle", lang,
                   area=inp.area_vi if lang == "vi" else inp.area_en),
        footer=t("programme.r.footer", lang, date=inp.made_on.isoformat()),
        blocks=tuple(blocks))


def workbook_sheets(inp: ProgrammeInputs, lang: Lang) -> dict[str, pl.DataFrame]:
    """The tables behind the charts, as numbers (not formatted text), one sheet each.

    Column names keep their units (``_tco2e``, ``_frac``) so a workshop analyst can compute
    with them; the first sheet holds the key figures as the summary quotes them.
    """
    figs = key_figures(inp, lang)
    key = pl.DataFrame({"indicator": [t(f"programme.r.key.{k}", lang) for k in figs],
                        "value": list(figs.values())})
    return {
        "key_figures": key,
        "by_park": inp.by_park,
        "by_sector": inp.by_sector,
        "trend": inp.trend,
        "survey_rates": inp.survey_rates,
        "survey_answers": inp.survey_choices,
        "plan": inp.tracker.drop("changed_at"),
        **{f"extra_{e.key}": e.frame for e in inp.extras},
    }

"""The enterprise needs survey: answering (form or file), and the results reviewers read.

Why answers are versioned like uploads: an enterprise may revise its sheet after a workshop,
and the programme summary must say what was answered, not what the form shows today. The
form and the answers file pass the same checks (``parkghg.survey``); a file is accepted or
rejected whole, with every problem named by row, column, value and fix in both languages.

Who may answer: an enterprise for itself; a park board for its park's enterprises (it often
collects paper questionnaires); the province, an admin or the CLI operator for anyone. Every
accepted sheet writes an audit row (``survey_answered``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import duckdb
import polars as pl
from pydantic import BaseModel, ConfigDict

from ingest.read import FileRejected, read_file, table_kind
from metrics.survey import choice_counts, feed_signals, number_summary, response_rates
from parkghg.errors import AccessDeniedError
from parkghg.problems import ROW_COL, BilingualProblemsError, Problem, problem
from parkghg.survey import Answer, SurveyDefinition, answer_problem, load_survey, parse_answer_text
from service.access import require_role
from warehouse.audit import Acting, write_audit
from warehouse.db import transaction
from warehouse.inventories import read_registry
from warehouse.programme import insert_response, read_responses
from warehouse.registry import registry_ids
from warehouse.scope import Scope

ANSWER_ROLES = ("enterprise", "park", "province", "admin", "system")
#: The long layout of an answers file: one row per enterprise and question.
ANSWERS_FILE = table_kind("programme", ("enterprise_id", "question_id", "answer"))


class SurveyAnswersError(BilingualProblemsError):
    """Answers were refused; nothing was written."""

    more_key = "programme.more"

    max_shown = 20

    def __init__(self, problems: Sequence[Problem], file: str = "") -> None:
        key = "programme.answers_invalid" if file else "programme.answers_invalid_form"
        super().__init__(key, list(problems), n=len(problems), file=file)


class SurveyResults(BaseModel):
    """Everything a reviewer's survey page, a workshop pack or a report shows of one round."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    definition: SurveyDefinition
    year: int
    responses: pl.DataFrame
    rates_by_park: pl.DataFrame
    rates_by_sector: pl.DataFrame
    choices: pl.DataFrame
    numbers: pl.DataFrame
    signals: pl.DataFrame

    @property
    def respondents(self) -> int:
        """Enterprises with a current answer sheet."""
        return self.responses.height

    @property
    def response_rate_frac(self) -> float | None:
        """Respondents over the enterprises in scope (None when the scope has none)."""
        total = self.rates_by_park.filter(pl.col("group") == "*")
        return total["response_rate_frac"][0] if total.height else None


def _may_answer_for(con: duckdb.DuckDBPyConnection, actor: Acting, enterprise_id: str) -> None:
    scope = actor.scope
    if scope.role == "enterprise" and scope.enterprise_id != enterprise_id:
        raise AccessDeniedError("programme.denied_other_enterprise")
    if scope.role == "park":
        row = con.execute("SELECT park_id FROM enterprises WHERE enterprise_id = ?",
                          [enterprise_id]).fetchall()
        if not row or row[0][0] != scope.park_id:
            raise AccessDeniedError("programme.denied_other_enterprise")


def check_answers(definition: SurveyDefinition, answers: dict[str, Answer | None],
                  *, row: int | None = None) -> list[Problem]:
    """Problems of one answer sheet (unknown questions, missing required ones, bad values)."""
    problems: list[Problem] = []
    for key in answers:
        if definition.question(key) is None:
            problems.append(problem("programme", "unknown_question", row=row,
                                    column="question_id", value=key))
    for q in definition.questions:
        code = answer_problem(q, answers.get(q.id))
        if code:
            problems.append(problem("programme", code, row=row, column=q.id,
                                    value=answers.get(q.id), limit=q.max or ""))
    return problems


def submit_answers(con: duckdb.DuckDBPyConnection, actor: Acting, enterprise_id: str,
                   answers: dict[str, Answer | None], *,
                   definition: SurveyDefinition | None = None) -> str:
    """Store one answer sheet from the dashboard form as the enterprise's next version."""
    definition = definition or load_survey()
    require_role(con, actor, ANSWER_ROLES, "programme.denied")
    _may_answer_for(con, actor, enterprise_id)
    if enterprise_id not in registry_ids(con, "enterprises"):
        raise SurveyAnswersError([problem("programme", "unknown_enterprise",
                                          column="enterprise_id", value=enterprise_id)])
    clean = {k: v for k, v in answers.items() if v not in (None, "", [])}
    problems = check_answers(definition, clean)
    if problems:
        raise SurveyAnswersError(problems)
    with transaction(con):
        response_id = insert_response(
            con, survey_id=definition.id, survey_version=definition.version,
            year=definition.year, enterprise_id=enterprise_id, answers=clean, source="form",
            file_name=None, submitted_by=actor.username)
        write_audit(con, actor, "survey_answered", object_type="survey_response",
                    object_id=response_id, enterprise_id=enterprise_id,
                    details={"survey": definition.id, "year": definition.year,
                             "source": "form"})
    return response_id


def import_answers(con: duckdb.DuckDBPyConnection, actor: Acting, content: bytes,
                   file_name: str, *, definition: SurveyDefinition | None = None) -> list[str]:
    """Store every enterprise's sheet from an answers file, all or nothing.

    The file has the columns ``enterprise_id, question_id, answer`` (one row per answer; a
    multi-choice answer separates choices with ``;``). The same checks as the form apply.
    """
    definition = definition or load_survey()
    require_role(con, actor, ANSWER_ROLES, "programme.denied")
    try:
        raw = read_file(content, file_name, ANSWERS_FILE)
    except FileRejected as exc:
        raise SurveyAnswersError(exc.problems, file=file_name) from exc
    frame = raw.frame
    problems = [problem("programme", "missing_column", row=1, column=c)
                for c in ("enterprise_id", "question_id", "answer") if c not in frame.columns]
    if problems:
        raise SurveyAnswersError(problems, file=file_name)
    sheets = _sheets(con, actor, definition, frame, problems)
    if problems:
        raise SurveyAnswersError(problems, file=file_name)
    ids = []
    with transaction(con):
        for ent, sheet in sheets.items():
            clean = {k: v for k, v in sheet.items() if v not in (None, "", [])}
            response_id = insert_response(
                con, survey_id=definition.id, survey_version=definition.version,
                year=definition.year, enterprise_id=ent, answers=clean, source="file",
                file_name=Path(file_name).name, submitted_by=actor.username)
            write_audit(con, actor, "survey_answered", object_type="survey_response",
                        object_id=response_id, enterprise_id=ent,
                        details={"survey": definition.id, "year": definition.year,
                                 "source": "file", "file": Path(file_name).name})
            ids.append(response_id)
    return ids


def _sheets(con: duckdb.DuckDBPyConnection, actor: Acting, definition: SurveyDefinition,
            frame: pl.DataFrame, problems: list[Problem]) -> dict[str, dict[str, Answer | None]]:
    """An answers file's rows grouped into one sheet per enterprise; problems appended."""
    known = registry_ids(con, "enterprises")
    sheets: dict[str, dict[str, Answer | None]] = {}
    first_row: dict[str, int] = {}
    for rec in frame.iter_rows(named=True):
        row, ent = rec[ROW_COL], (rec["enterprise_id"] or "").strip()
        qid = (rec["question_id"] or "").strip()
        try:  # before the registry check, so a file never tells whether an id exists
            _may_answer_for(con, actor, ent)
        except AccessDeniedError:
            problems.append(problem("programme", "not_yours", row=row,
                                    column="enterprise_id", value=ent))
            continue
        if ent not in known:
            problems.append(problem("programme", "unknown_enterprise", row=row,
                                    column="enterprise_id", value=ent))
            continue
        question = definition.question(qid)
        if question is None:
            problems.append(problem("programme", "unknown_question", row=row,
                                    column="question_id", value=qid))
            continue
        sheet = sheets.setdefault(ent, {})
        first_row.setdefault(ent, row)
        if qid in sheet:
            problems.append(problem("programme", "duplicate_answer", row=row,
                                    column="question_id", value=qid))
            continue
        value, code = parse_answer_text(question, rec["answer"] or "")
        if code and code != "required":
            problems.append(problem("programme", code, row=row, column="answer",
                                    value=rec["answer"], limit=question.max or ""))
        sheet[qid] = value
    for ent, sheet in sheets.items():
        for q in definition.questions:
            if q.required and sheet.get(q.id) in (None, "", []):
                problems.append(problem("programme", "required", row=first_row[ent],
                                        column=q.id, value=ent))
    return sheets


def survey_results(con: duckdb.DuckDBPyConnection, scope: Scope, *,
                   definition: SurveyDefinition | None = None,
                   park_id: str | None = None) -> SurveyResults:
    """The current answer sheets the scope may see, with rates and aggregated answers."""
    definition = definition or load_survey()
    registry = read_registry(con, scope)
    responses = read_responses(con, scope, survey_id=definition.id, year=definition.year)
    if park_id is not None:
        registry = registry.filter(pl.col("park_id") == park_id)
        responses = responses.filter(pl.col("park_id") == park_id)
    return SurveyResults(
        definition=definition, year=definition.year, responses=responses,
        rates_by_park=response_rates(registry, responses, "park_id"),
        rates_by_sector=response_rates(registry, responses, "sector_id"),
        choices=choice_counts(definition, responses),
        numbers=number_summary(definition, responses),
        signals=feed_signals(definition, responses),
    )


def current_answers(con: duckdb.DuckDBPyConnection, scope: Scope, enterprise_id: str, *,
                    definition: SurveyDefinition | None = None) -> dict | None:
    """The enterprise's current answer sheet (None if it has not answered, or is not visible)."""
    definition = definition or load_survey()
    rows = read_responses(con, scope, survey_id=definition.id, year=definition.year)
    rows = rows.filter(pl.col("enterprise_id") == enterprise_id)
    return json.loads(rows["answers"][0]) if rows.height else None

"""Upload problems: what is wrong, where, and how to fix it, in Vietnamese and English.

Why a structured record instead of a message string: the dashboard shows them as a table,
the CLI writes them as a CSV, the warehouse stores them with the submission, and tests assert
on ``code``/``row_number``/``column`` rather than on wording.
"""

from __future__ import annotations

from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict

from parkghg.i18n import Lang, t

Severity = Literal["error", "warning"]

ISSUE_COLUMNS = (
    "severity", "code", "row_number", "column", "value",
    "problem_vi", "fix_vi", "problem_en", "fix_en",
)


class UploadIssue(BaseModel):
    """One problem in an upload. ``row_number`` is the row as Excel shows it (header = 1)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    severity: Severity
    code: str
    row_number: int | None = None
    column: str | None = None
    value: str | None = None
    problem_vi: str
    problem_en: str
    fix_vi: str
    fix_en: str

    def problem(self, lang: Lang) -> str:
        """The problem text for a reader of ``lang``."""
        return self.problem_vi if lang == "vi" else self.problem_en

    def fix(self, lang: Lang) -> str:
        """The fix text for a reader of ``lang``."""
        return self.fix_vi if lang == "vi" else self.fix_en


def make_issue(
    code: str,
    *,
    severity: Severity = "error",
    row_number: int | None = None,
    column: str | None = None,
    value: object = None,
    **params: object,
) -> UploadIssue:
    """Build an issue from the ``ingest.<code>`` / ``ingest.<code>.fix`` catalogue entries."""
    shown = "" if value is None else str(value)
    fill = {"value": shown, "column": column or "", **params}
    return UploadIssue(
        severity=severity,
        code=code,
        row_number=row_number,
        column=column,
        value=None if value is None else shown,
        problem_vi=t(f"ingest.{code}", "vi", **fill),
        problem_en=t(f"ingest.{code}", "en", **fill),
        fix_vi=t(f"ingest.{code}.fix", "vi", **fill),
        fix_en=t(f"ingest.{code}.fix", "en", **fill),
    )


def issues_frame(issues: list[UploadIssue]) -> pl.DataFrame:
    """All issues as a frame with both languages (what the warehouse stores)."""
    schema = {c: pl.String for c in ISSUE_COLUMNS} | {"row_number": pl.Int64}
    return pl.DataFrame([i.model_dump() for i in issues], schema=schema).select(ISSUE_COLUMNS)


def issues_table(issues: list[UploadIssue], lang: Lang) -> pl.DataFrame:
    """The problem table a user reads: row, column, value, problem, fix in one language."""
    frame = pl.DataFrame(
        {
            "severity": [t(f"ingest.severity_{i.severity}", lang) for i in issues],
            "row": [i.row_number for i in issues],
            "column": [i.column for i in issues],
            "value": [i.value for i in issues],
            "problem": [i.problem(lang) for i in issues],
            "fix": [i.fix(lang) for i in issues],
        },
        schema={"severity": pl.String, "row": pl.Int64, "column": pl.String,
                "value": pl.String, "problem": pl.String, "fix": pl.String},
    )
    return frame.rename({c: t(f"ingest.col_{c}", lang) for c in frame.columns})


class UploadRejected(Exception):
    """Raised inside ingest when a file-level problem stops reading; carries the issues."""

    def __init__(self, issues: list[UploadIssue]) -> None:
        self.issues = issues
        super().__init__("; ".join(i.problem_en for i in issues))

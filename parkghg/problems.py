"""One coded, bilingual problem record for every file a person hands the platform.

Why one type on the ground floor: monthly uploads (``ingest``), registry files (``service``) and
factor files (rules in ``metrics``) are all checked cell by cell, and every layer that checks
must be able to say what is wrong without producing text that someone later parses back. A
``Problem`` is data — a code, where it is (file, Excel row, column, the value as typed) and the
parameters of its message — and is turned into Vietnamese or English only when shown, through
the translation catalogue of the kind of file it belongs to.

Catalogue keys: ``<prefix><code>`` is the problem text and ``<prefix><code>.fix`` the fix text
(optional), where the prefix comes from ``CATALOGUES``. A new kind of file (targets, surveys,
JCM monitoring) adds one row there and its texts to its domain's catalogue.
"""

from __future__ import annotations

from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict

from parkghg.errors import ParkGHGError
from parkghg.i18n import Lang, t
from parkghg.i18n import catalogue as _messages

Severity = Literal["error", "warning"]
Catalogue = Literal["upload", "registry", "factors", "jcm", "circular", "programme"]

#: Column of a frame read from a file holding each row's Excel row number (header = row 1).
ROW_COL = "_row"
#: The problems of a file as stored with it (``submission_issues``): both languages.
PROBLEM_COLUMNS = (
    "severity", "code", "row_number", "column", "value",
    "problem_vi", "fix_vi", "problem_en", "fix_en",
)


class CatalogueKeys(BaseModel):
    """Where one kind of file keeps its problem texts and its one-line layouts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prefix: str  # problem text = prefix + code, fix text = prefix + code + ".fix"
    row_line: str  # "Row {row}, column '{column}' …: {problem} {fix}"
    file_line: str  # a problem about the whole file: "{problem} {fix}"


CATALOGUES: dict[Catalogue, CatalogueKeys] = {
    "upload": CatalogueKeys(prefix="ingest.", row_line="ingest.problem_line",
                            file_line="ingest.problem_line_file"),
    "registry": CatalogueKeys(prefix="registry.problem.", row_line="registry.problem_line",
                              file_line="registry.problem_line_file"),
    "factors": CatalogueKeys(prefix="inventory.fp_", row_line="inventory.factors_problem_row",
                             file_line="inventory.fp_line_file"),
    "jcm": CatalogueKeys(prefix="jcm.problem.", row_line="jcm.problem_line",
                         file_line="jcm.problem_line_file"),
    "circular": CatalogueKeys(prefix="circular.problem.", row_line="circular.problem_line",
                              file_line="circular.problem_line_file"),
    "programme": CatalogueKeys(prefix="programme.problem.", row_line="programme.problem_line",
                               file_line="programme.problem_line_file"),
}


class Problem(BaseModel):
    """One thing wrong with a file, located as the user sees it in Excel.

    ``row`` is the Excel row (header = 1, first data row = 2), or None for the whole file;
    ``value`` is the cell as typed; ``params`` fill the message's other placeholders.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    catalogue: Catalogue
    code: str
    severity: Severity = "error"
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: dict[str, str] = {}

    @property
    def key(self) -> str:
        """The catalogue key of the problem text."""
        return CATALOGUES[self.catalogue].prefix + self.code

    def _fill(self) -> dict[str, object]:
        return {"column": self.column or "", "value": self.value or "",
                "row": "" if self.row is None else self.row, **self.params}

    def problem(self, lang: Lang) -> str:
        """What is wrong, in ``lang``."""
        return t(self.key, lang, **self._fill())

    def fix(self, lang: Lang) -> str:
        """How to fix it, in ``lang`` ("" when the catalogue has no fix text for this code)."""
        fix_key = f"{self.key}.fix"
        if fix_key not in _messages(lang):
            return ""
        return t(fix_key, lang, **self._fill())

    def render(self, lang: Lang) -> str:
        """One line: where, what, how to fix — in the layout of its kind of file."""
        keys = CATALOGUES[self.catalogue]
        line = keys.row_line if self.row is not None else keys.file_line
        fill = self._fill() | {"problem": self.problem(lang), "fix": self.fix(lang)}
        return t(line, lang, **fill)


def problem(
    catalogue: Catalogue,
    code: str,
    *,
    severity: Severity = "error",
    file: str | None = None,
    row: int | None = None,
    column: str | None = None,
    value: object = None,
    **params: object,
) -> Problem:
    """A ``Problem`` with ``value`` and ``params`` turned into the text the message shows."""
    return Problem(
        catalogue=catalogue, code=code, severity=severity, file=file, row=row, column=column,
        value=None if value is None else str(value),
        params={k: "" if v is None else str(v) for k, v in params.items()},
    )


def problems_frame(problems: list[Problem]) -> pl.DataFrame:
    """Problems with their texts in both languages (what the warehouse stores with a file)."""
    schema = {c: pl.String for c in PROBLEM_COLUMNS} | {"row_number": pl.Int64}
    rows = [
        {"severity": p.severity, "code": p.code, "row_number": p.row, "column": p.column,
         "value": p.value, "problem_vi": p.problem("vi"), "fix_vi": p.fix("vi"),
         "problem_en": p.problem("en"), "fix_en": p.fix("en")}
        for p in problems
    ]
    return pl.DataFrame(rows, schema=schema).select(PROBLEM_COLUMNS)


def problems_table(problems: list[Problem], lang: Lang) -> pl.DataFrame:
    """The problem table a user reads: row, column, value, problem, fix in one language.

    Headings and severities use the ``ingest.col_*`` / ``ingest.severity_*`` texts, shared by
    every kind of file.
    """
    frame = pl.DataFrame(
        {
            "severity": [t(f"ingest.severity_{p.severity}", lang) for p in problems],
            "row": [p.row for p in problems],
            "column": [p.column for p in problems],
            "value": [p.value for p in problems],
            "problem": [p.problem(lang) for p in problems],
            "fix": [p.fix(lang) for p in problems],
        },
        schema={"severity": pl.String, "row": pl.Int64, "column": pl.String,
                "value": pl.String, "problem": pl.String, "fix": pl.String},
    )
    return frame.rename({c: t(f"ingest.col_{c}", lang) for c in frame.columns})


class ProblemsError(ParkGHGError):
    """A file (or set of files) was refused; carries every problem found, nothing was written.

    ``message`` is the headline (``key``) and one line per problem, capped so that a broken
    file does not flood a screen; the exception keeps them all.
    """

    max_shown = 50
    more_key: str  # "… and {n} more", in the domain's catalogue; set by each subclass

    def __init__(self, key: str, problems: list[Problem], /, **params: object) -> None:
        super().__init__(key, **params)
        self.problems = list(problems)

    def message(self, lang: Lang = "en") -> str:
        """Headline plus one line per problem, in ``lang``."""
        lines = [super().message(lang)]
        lines += [f"  - {p.render(lang)}" for p in self.problems[: self.max_shown]]
        if len(self.problems) > self.max_shown:
            lines.append(t(self.more_key, lang, n=len(self.problems) - self.max_shown))
        return "\n".join(lines)


class BilingualProblemsError(ProblemsError):
    """Problems of a file shown in both languages, the reader's first.

    Why: files the province imports (factors, park facts, survey answers) are often prepared by
    one person and fixed by another; each line carries both languages so either can act on it.
    """

    def message(self, lang: Lang = "en") -> str:
        """Headline in both languages, then each problem in ``lang`` with the other below it."""
        other: Lang = "en" if lang == "vi" else "vi"
        lines = [t(self.key, lang, **self.params), t(self.key, other, **self.params)]
        for p in self.problems[: self.max_shown]:
            lines += [f"  • {p.render(lang)}", f"    ({p.render(other)})"]
        if len(self.problems) > self.max_shown:
            lines.append(t(self.more_key, lang, n=len(self.problems) - self.max_shown))
        return "\n".join(lines)


__all__ = [
    "CATALOGUES",
    "PROBLEM_COLUMNS",
    "ROW_COL",
    "BilingualProblemsError",
    "Catalogue",
    "CatalogueKeys",
    "Problem",
    "ProblemsError",
    "Severity",
    "problem",
    "problems_frame",
    "problems_table",
]

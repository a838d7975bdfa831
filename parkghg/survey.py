"""The enterprise needs survey as data: its definition, and the rules an answer must follow.

Why a data file and strict models: the province changes questions, choices and wording from
one survey year to the next without a programmer, and a typo in the file (a choice given
twice, a question with no choices, an unknown answer type) must stop at ``survey check``
rather than turn up as a broken form in front of enterprises. Answers are checked here, once,
whether they come from the dashboard form or from a file, so both paths accept the same things.
"""

from __future__ import annotations

import math
import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from parkghg.i18n import Lang, t

SURVEYS_DIR = Path(__file__).parent / "surveys"
#: The questionnaire shipped with parkghg (the first round of the programme).
DEFAULT_SURVEY = SURVEYS_DIR / "needs_v1.toml"

AnswerType = Literal["single", "multi", "bool", "number", "scale", "text"]
#: Separator of several choices in one cell of an answers file.
MULTI_SEPARATOR = ";"
_TRUE = ("true", "yes", "y", "1", "có", "co", "x")
_FALSE = ("false", "no", "n", "0", "không", "khong")
Answer = str | bool | float | list[str]


class Choice(BaseModel):
    """One answer option: a stable id (stored) and its wording in both languages."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    vi: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def label(self, lang: Lang) -> str:
        """The choice as the reader sees it."""
        return self.vi if lang == "vi" else self.en


class Question(BaseModel):
    """One question. ``min``/``max`` bound numbers (and the length of a text answer)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    type: AnswerType
    text_vi: str = Field(min_length=1)
    text_en: str = Field(min_length=1)
    required: bool = False
    choices: tuple[Choice, ...] = ()
    min: float | None = None
    max: float | None = None
    unit: str | None = None  # as Vietnamese readers write it
    unit_en: str | None = None  # as English readers write it (defaults to ``unit``)
    feeds: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.type in ("single", "multi"):
            if len(self.choices) < 2:
                raise ValueError(f"question {self.id!r}: a {self.type} question needs 2+ choices")
            ids = [c.id for c in self.choices]
            if len(set(ids)) != len(ids):
                raise ValueError(f"question {self.id!r}: a choice id is given twice")
        elif self.choices:
            raise ValueError(f"question {self.id!r}: only single/multi questions have choices")
        if self.type == "scale" and (self.min is None or self.max is None):
            raise ValueError(f"question {self.id!r}: a scale needs min and max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"question {self.id!r}: min is above max")
        return self

    def text(self, lang: Lang) -> str:
        """The question as the reader sees it."""
        return self.text_vi if lang == "vi" else self.text_en

    def unit_in(self, lang: Lang) -> str | None:
        """The unit in the reader's language."""
        return (self.unit_en or self.unit) if lang == "en" else self.unit

    def choice(self, choice_id: str) -> Choice | None:
        """The choice with this id, if the question has it."""
        return next((c for c in self.choices if c.id == choice_id), None)


class Section(BaseModel):
    """A titled group of questions (one block of the form)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    title_vi: str
    title_en: str
    questions: tuple[Question, ...] = Field(min_length=1)

    def title(self, lang: Lang) -> str:
        """The section title as the reader sees it."""
        return self.title_vi if lang == "vi" else self.title_en


class SurveyDefinition(BaseModel):
    """A whole questionnaire for one survey year."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    version: int = Field(ge=1)
    year: int = Field(ge=2000, le=2100)
    title_vi: str
    title_en: str
    intro_vi: str = ""
    intro_en: str = ""
    sections: tuple[Section, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_questions(self) -> SurveyDefinition:
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("a question id is used twice in the survey")
        return self

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question in form order."""
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, question_id: str) -> Question | None:
        """The question with this id, if any."""
        return next((q for q in self.questions if q.id == question_id), None)

    def title(self, lang: Lang) -> str:
        """The survey title as the reader sees it."""
        return self.title_vi if lang == "vi" else self.title_en

    def feeding(self, prefix: str) -> tuple[Question, ...]:
        """Questions whose ``feeds`` start with ``prefix`` (e.g. ``"jcm:"``)."""
        return tuple(q for q in self.questions if any(f.startswith(prefix) for f in q.feeds))


def parse_survey(text: str) -> SurveyDefinition:
    """A definition from TOML text (``tomllib`` and pydantic errors propagate to the caller)."""
    return SurveyDefinition.model_validate(tomllib.loads(text))


@cache
def load_survey(path: Path = DEFAULT_SURVEY) -> SurveyDefinition:
    """The questionnaire in ``path`` (the shipped one by default)."""
    return parse_survey(path.read_text(encoding="utf-8"))


def answer_problem(question: Question, value: Answer | None) -> str | None:
    """The problem code of one typed answer, or None when it is acceptable.

    Codes: ``required``, ``bad_choice``, ``bad_bool``, ``not_number``, ``out_of_range``,
    ``too_long`` — each has a bilingual text in the ``programme`` catalogue.
    """
    if value is None or value == "" or value == []:
        return "required" if question.required else None
    match question.type:
        case "single":
            return None if isinstance(value, str) and question.choice(value) else "bad_choice"
        case "multi":
            if not isinstance(value, list) or not all(
                    isinstance(v, str) and question.choice(v) for v in value):
                return "bad_choice"
            return None
        case "bool":
            return None if isinstance(value, bool) else "bad_bool"
        case "number" | "scale":
            if isinstance(value, bool) or not isinstance(value, int | float):
                return "not_number"
            if not math.isfinite(value):
                return "not_number"
            low = -math.inf if question.min is None else question.min
            high = math.inf if question.max is None else question.max
            return None if low <= value <= high else "out_of_range"
        case "text":
            if not isinstance(value, str):
                return "not_text"
            limit = int(question.max) if question.max is not None else 2000
            return "too_long" if len(value) > limit else None
    return None  # pragma: no cover - every type is handled above


def parse_answer_text(question: Question, text: str) -> tuple[Answer | None, str | None]:
    """A cell of an answers file → (typed answer, problem code or None).

    Choices may be given by id or by their Vietnamese or English wording (what a person types
    into Excel); several choices are separated by ``;``; yes/no in either language.
    """
    raw = text.strip()
    if not raw:
        return None, answer_problem(question, None)
    value: Answer
    match question.type:
        case "single":
            value = _choice_id(question, raw) or raw
        case "multi":
            parts = [p.strip() for p in raw.split(MULTI_SEPARATOR) if p.strip()]
            value = [_choice_id(question, p) or p for p in parts]
        case "bool":
            low = raw.lower()
            if low in _TRUE:
                value = True
            elif low in _FALSE:
                value = False
            else:
                return None, "bad_bool"
        case "number" | "scale":
            try:
                value = float(raw.replace(",", ".")) if raw.count(",") == 1 and "." not in raw \
                    else float(raw)
            except ValueError:
                return None, "not_number"
        case _:
            value = raw
    return value, answer_problem(question, value)


def _choice_id(question: Question, text: str) -> str | None:
    low = text.casefold()
    for c in question.choices:
        if low in (c.id, c.vi.casefold(), c.en.casefold()):
            return c.id
    return None


def answer_label(question: Question, value: Answer | None, lang: Lang) -> str:
    """An answer as the reader sees it (choice wording, yes/no, the number)."""
    if value is None or value == [] or value == "":
        return ""
    if question.type == "single" and isinstance(value, str):
        choice = question.choice(value)
        return choice.label(lang) if choice else value
    if question.type == "multi" and isinstance(value, list):
        return "; ".join(c.label(lang) if (c := question.choice(v)) else v for v in value)
    if question.type == "bool":
        return t("programme.yes" if value else "programme.no", lang)
    return str(value)

"""The programme's implementation plan as data: activities, agencies, due months, status.

Why data and versions: the plan changes as the cooperation goes (a workshop moves, an
activity is added), the People's Committee and the Kobe side read the same tracker, and who
changed a due month when must be answerable. The shipped TOML file is each activity's first
version; every edit in the tracker is a new, audited version stored in the warehouse.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from parkghg.i18n import Lang

PLANS_DIR = Path(__file__).parent / "plans"
DEFAULT_PLAN = PLANS_DIR / "dong_nai_kobe_2025_2027.toml"

Status = Literal["planned", "in_progress", "done", "cancelled"]
STATUSES: tuple[Status, ...] = ("planned", "in_progress", "done", "cancelled")
OutputKind = Literal["survey", "workshop_pack", "annual_report", "jcm_project"]
OUTPUT_KINDS: tuple[OutputKind, ...] = ("survey", "workshop_pack", "annual_report", "jcm_project")
_MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class Agency(BaseModel):
    """An agency's name in both languages."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vi: str
    en: str


class Activity(BaseModel):
    """One activity of the plan (one version of it)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    title_vi: str = Field(min_length=1)
    title_en: str = Field(min_length=1)
    lead: str
    partners: tuple[str, ...] = ()
    due: str = Field(pattern=_MONTH)
    status: Status = "planned"
    output_kind: OutputKind | None = None
    output_ref: str | None = None
    note: str = ""

    def title(self, lang: Lang) -> str:
        """The activity as the reader sees it."""
        return self.title_vi if lang == "vi" else self.title_en

    def due_date(self) -> dt.date:
        """The last day of the due month (an activity is overdue the day after)."""
        year, month = (int(x) for x in self.due.split("-"))
        first_next = dt.date(year + month // 12, month % 12 + 1, 1)
        return first_next - dt.timedelta(days=1)

    def overdue(self, today: dt.date) -> bool:
        """Not done or cancelled, and its due month has ended."""
        return self.status not in ("done", "cancelled") and today > self.due_date()


class Plan(BaseModel):
    """The shipped plan: activities and the agencies they name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title_vi: str
    title_en: str
    due_months_verified: bool = False
    activities: tuple[Activity, ...] = Field(min_length=1)
    agencies: dict[str, Agency] = {}

    @model_validator(mode="after")
    def _agencies_known(self) -> Plan:
        ids = [a.id for a in self.activities]
        if len(set(ids)) != len(ids):
            raise ValueError("an activity id is used twice")
        for a in self.activities:
            for code in (a.lead, *a.partners):
                if code not in self.agencies:
                    raise ValueError(f"activity {a.id!r} names unknown agency {code!r}")
        return self

    def agency(self, code: str, lang: Lang) -> str:
        """An agency's name, or the code itself for one added in the tracker."""
        agency = self.agencies.get(code)
        if agency is None:
            return code
        return agency.vi if lang == "vi" else agency.en


@cache
def load_plan(path: Path = DEFAULT_PLAN) -> Plan:
    """The plan in ``path`` (the shipped one by default)."""
    return Plan.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))

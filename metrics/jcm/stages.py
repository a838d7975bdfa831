"""The JCM project cycle as allowed stage moves (regulation.md §3.5).

idea → feasibility study → proposal → validation (third-party entity) → registered (Joint
Committee) → monitoring → verified (TPE) → credits issued (on JC notification). Verification
and issuance repeat for each monitoring period, so a verified or credited project goes back to
monitoring for the next period; a proposal can return from validation for rework; any stage
before registration may be withdrawn. Dates may not run backwards.
"""

from __future__ import annotations

import datetime as dt

from metrics.jcm.base import JcmError
from parkghg.schema import JCM_STAGES

STAGES: tuple[str, ...] = JCM_STAGES
FIRST_STAGE = "idea"
_WITHDRAWABLE = ("idea", "feasibility_study", "proposal", "validation")

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "idea": ("feasibility_study", "proposal"),
    "feasibility_study": ("proposal",),
    "proposal": ("validation",),
    "validation": ("registered", "proposal"),
    "registered": ("monitoring",),
    "monitoring": ("verified",),
    "verified": ("credits_issued", "monitoring"),
    "credits_issued": ("monitoring",),
    "withdrawn": (),
}
TRANSITIONS = {s: (*nxt, "withdrawn") if s in _WITHDRAWABLE else nxt
               for s, nxt in TRANSITIONS.items()}


def allowed_next(stage: str | None) -> tuple[str, ...]:
    """Stages a project in ``stage`` may move to (a new project starts at ``idea``)."""
    if stage is None:
        return (FIRST_STAGE,)
    return TRANSITIONS.get(stage, ())


def check_move(current: str | None, current_date: dt.date | None, new: str,
               new_date: dt.date) -> None:
    """Refuse a move the cycle does not allow, or a date before the current stage's."""
    if new not in STAGES:
        raise JcmError("jcm.error_unknown_stage", stage=new, known=", ".join(STAGES))
    if new not in allowed_next(current):
        raise JcmError("jcm.error_stage_move", current=current or "-", stage=new,
                       allowed=", ".join(allowed_next(current)) or "-")
    if current_date is not None and new_date < current_date:
        raise JcmError("jcm.error_stage_date", stage=new, date=new_date.isoformat(),
                       current_date=current_date.isoformat())

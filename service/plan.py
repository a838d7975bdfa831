"""The programme plan tracker: the plan's activities as they stand, and audited edits.

Why the shipped file plus stored edits: the plan file is the agreed starting point; each edit
in the dashboard or CLI is a new version with its author, so the tracker shows the current
state and the history can say who moved what. The tracker is programme-wide: every role reads
it (the People's Committee and the Kobe side see the same list); park boards, the province and
admins edit it.
"""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import polars as pl

from parkghg.errors import ParkGHGError
from parkghg.plan import Activity, Plan, load_plan
from service.access import require_role
from warehouse.audit import Acting, write_audit
from warehouse.db import transaction
from warehouse.programme import insert_plan_edit, plan_edits

EDIT_ROLES = ("park", "province", "admin", "system")

TRACKER_SCHEMA = {
    "activity_id": pl.String, "title_vi": pl.String, "title_en": pl.String, "lead": pl.String,
    "partners": pl.String, "due_month": pl.String, "status": pl.String,
    "output_kind": pl.String, "output_ref": pl.String, "note": pl.String,
    "version": pl.Int64, "changed_by": pl.String, "changed_at": pl.Datetime("us"),
    "overdue": pl.Boolean,
}


def current_activities(con: duckdb.DuckDBPyConnection, plan: Plan | None = None
                       ) -> list[tuple[Activity, int, str | None, dt.datetime | None]]:
    """(activity, version, changed_by, changed_at) of every activity, in plan order.

    Version 0 is the shipped file; activities added in the tracker follow the plan's own.
    """
    plan = plan or load_plan()
    edits = plan_edits(con, plan.id)
    latest: dict[str, dict] = {}
    for rec in edits.iter_rows(named=True):
        latest[rec["activity_id"]] = rec  # sorted by version: the last one wins
    out = []
    order = [a.id for a in plan.activities] + sorted(set(latest) - {a.id for a in plan.activities})
    shipped = {a.id: a for a in plan.activities}
    for activity_id in order:
        rec = latest.get(activity_id)
        if rec is None:
            out.append((shipped[activity_id], 0, None, None))
            continue
        activity = Activity(
            id=activity_id, title_vi=rec["title_vi"], title_en=rec["title_en"],
            lead=rec["lead"], partners=tuple(json.loads(rec["partners"])),
            due=rec["due_month"], status=rec["status"], output_kind=rec["output_kind"],
            output_ref=rec["output_ref"], note=rec["note"] or "")
        out.append((activity, rec["version"], rec["changed_by"], rec["changed_at"]))
    return out


def tracker(con: duckdb.DuckDBPyConnection, today: dt.date, plan: Plan | None = None
            ) -> pl.DataFrame:
    """The tracker as a frame: one row per activity, with ``overdue`` as of ``today``."""
    rows = [{
        "activity_id": a.id, "title_vi": a.title_vi, "title_en": a.title_en, "lead": a.lead,
        "partners": ", ".join(a.partners), "due_month": a.due, "status": a.status,
        "output_kind": a.output_kind, "output_ref": a.output_ref, "note": a.note,
        "version": version, "changed_by": by, "changed_at": at, "overdue": a.overdue(today),
    } for a, version, by, at in current_activities(con, plan)]
    return pl.DataFrame(rows, schema=TRACKER_SCHEMA)


def update_activity(con: duckdb.DuckDBPyConnection, actor: Acting, activity: Activity,
                    plan: Plan | None = None) -> int:
    """Store ``activity`` (new or edited) as its next version, with an audit row."""
    plan = plan or load_plan()
    require_role(con, actor, EDIT_ROLES, "programme.denied_plan")
    with transaction(con):
        version = insert_plan_edit(con, plan.id, activity.model_dump(), actor.username)
        write_audit(con, actor, "plan_updated", object_type="plan_activity",
                    object_id=f"{plan.id}/{activity.id}",
                    park_id=actor.scope.park_id,
                    details={"version": version, "status": activity.status,
                             "due": activity.due, "output_kind": activity.output_kind,
                             "output_ref": activity.output_ref})
    return version


def link_output(con: duckdb.DuckDBPyConnection, actor: Acting, activity_id: str,
                output_kind: str, output_ref: str, plan: Plan | None = None) -> int:
    """Record what the platform produced for an activity (a survey round, a report file)."""
    current = {a.id: a for a, *_ in current_activities(con, plan)}
    if activity_id not in current:
        raise ParkGHGError("programme.unknown_activity", activity=activity_id)
    changed = current[activity_id].model_copy(update={"output_kind": output_kind,
                                                      "output_ref": output_ref})
    return update_activity(con, actor, Activity.model_validate(changed.model_dump()), plan)

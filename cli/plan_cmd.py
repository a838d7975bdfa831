"""``parkghg plan``: the programme plan tracker — list activities, edit one, add one.

Why the CLI too: the province's secretariat keeps the tracker current from the same server
that runs the dashboard; every edit is a new version with an audit row either way.
"""

from __future__ import annotations

import datetime as dt

import click

from cli.context import CliContext
from parkghg.i18n import t
from parkghg.plan import OUTPUT_KINDS, STATUSES, Activity, load_plan
from service import plan as plan_service
from service.access import Actor
from service.db import open_warehouse


@click.group()
def plan() -> None:
    """Programme plan tracker (theo dõi kế hoạch triển khai)."""


@plan.command("list")
@click.pass_obj
def list_(obj: CliContext) -> None:
    """Every activity with its lead agency, due month, status and output."""
    shipped = load_plan()
    with open_warehouse(obj.db_path, read_only=True) as con:
        frame = plan_service.tracker(con, dt.date.today())
    for r in frame.iter_rows(named=True):
        late = " ⚠ " + t("programme.r.col.overdue", obj.lang) if r["overdue"] else ""
        click.echo(f"{r['activity_id']:<24} {r['due_month']}  "
                   f"{t('programme.status.' + r['status'], obj.lang):<16} "
                   f"{r['title_' + obj.lang]} — {shipped.agency(r['lead'], obj.lang)}{late}")


@plan.command("set")
@click.argument("activity_id")
@click.option("--status", type=click.Choice(STATUSES), default=None)
@click.option("--due", default=None, metavar="YYYY-MM")
@click.option("--note", default=None)
@click.option("--output-kind", type=click.Choice(OUTPUT_KINDS), default=None)
@click.option("--output-ref", default=None)
@click.option("--title-vi", default=None)
@click.option("--title-en", default=None)
@click.option("--lead", default=None)
@click.pass_obj
def set_(obj: CliContext, activity_id: str, **changes: str | None) -> None:
    """Change an activity (or add one: give --title-vi, --title-en, --lead and --due)."""
    fields = {"due" if k == "due" else k: v for k, v in changes.items() if v is not None}
    with open_warehouse(obj.db_path) as con:
        current = {a.id: a for a, *_ in plan_service.current_activities(con)}
        base = current[activity_id].model_dump() if activity_id in current else {
            "id": activity_id}
        try:
            activity = Activity.model_validate(base | fields)
        except ValueError as exc:
            raise click.ClickException(t("programme.cli.plan_invalid", obj.lang,
                                         error=str(exc))) from exc
        version = plan_service.update_activity(con, Actor.system(), activity)
    click.echo(t("programme.cli.plan_done", obj.lang, activity=activity_id, version=version))

"""Audit trail: who did what, when, to which enterprise; filter and export (province, admin)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from dashboard import auth, cells, data
from dashboard.ui import csv_bytes, lang, num, page_guard, tr
from parkghg.i18n import catalogue, t
from service.access import User

ANY = "__any__"
DEFAULT_DAYS = 90


def _action_label(action: str, lg: str) -> str:
    key = f"dash.audit.action.{action}"
    return t(key, lg) if key in catalogue(lg) else action  # type: ignore[arg-type]


def _filters(user: User) -> tuple[str | None, dt.date, dt.date]:
    ents = data.enterprises(user.scope)
    labels = dict(zip(ents["enterprise_id"], ents["name"], strict=True))
    lg = lang()
    with st.sidebar:
        st.subheader(tr("dash.filters.title"))
        ent = st.selectbox(tr("dash.col.enterprise"), [ANY, *labels], key="audit_ent",
                           format_func=lambda e: t("dash.audit.any", lg) if e == ANY
                           else f"{labels[e]} · {e}")
        today = data.today()
        start, end = today - dt.timedelta(days=DEFAULT_DAYS), today
        picked = st.date_input(tr("dash.audit.dates"), (start, end), key="audit_dates",
                               format="DD/MM/YYYY" if lg == "vi" else "YYYY-MM-DD")
    if isinstance(picked, tuple) and len(picked) == 2:
        start, end = picked
    return (None if ent == ANY else ent), start, end


def main(user: User) -> None:
    st.title(tr("dash.audit.title"))
    st.caption(tr("dash.audit.caption"))
    enterprise_id, start, end = _filters(user)
    trail = data.audit_trail(user, enterprise_id, dt.datetime.combine(start, dt.time.min),
                             dt.datetime.combine(end, dt.time.max))
    lg = lang()
    left, right = st.columns(2)
    people = sorted(trail["actor"].unique().to_list()) if trail.height else []
    who = left.multiselect(tr("dash.audit.person"), people, key="audit_people")
    actions = sorted(trail["action"].unique().to_list()) if trail.height else []
    what = right.multiselect(tr("dash.audit.action"), actions, key="audit_actions",
                             format_func=lambda a: _action_label(a, lg))
    if who:
        trail = trail.filter(pl.col("actor").is_in(who))
    if what:
        trail = trail.filter(pl.col("action").is_in(what))
    st.caption(tr("dash.audit.count", n=num(trail.height)))
    labels = {a: _action_label(a, lg) for a in actions}
    shown = trail.select(
        cells.when("logged_at", lg).alias("logged_at"), cells.text("actor"),
        cells.label("actor_role", "dash.role.", lg).alias("actor_role"),
        pl.col("action").replace_strict(labels, default=pl.col("action")).alias("action"),
        cells.text("object_id"), cells.text("enterprise_id"), cells.text("park_id"),
        pl.col("details").cast(pl.String).fill_null(cells.DASH).alias("details"),
    )
    heads = {"logged_at": tr("dash.audit.when"), "actor": tr("dash.audit.person"),
             "actor_role": tr("dash.col.role"), "action": tr("dash.audit.action"),
             "object_id": tr("dash.audit.object"), "enterprise_id": tr("dash.col.enterprise_id"),
             "park_id": tr("dash.col.park"), "details": tr("dash.audit.details")}
    st.dataframe(shown, hide_index=True, width="stretch", key="audit_table",
                 column_config=heads)
    st.download_button(tr("dash.audit.export"), csv_bytes(shown.rename(heads)),
                       file_name=f"audit_{start:%Y%m%d}_{end:%Y%m%d}.csv", mime="text/csv",
                       key="audit_export", icon=":material/download:",
                       disabled=shown.is_empty())


with page_guard():
    main(auth.require_user())

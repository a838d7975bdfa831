"""Programme: the plan tracker (overdue activities first), edits, and the programme reports
(workshop pack, annual summary) as downloads."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from dashboard import auth, data
from dashboard.cells import when_text
from dashboard.ui import action_guard, lang, page_guard, tr
from parkghg.i18n import t
from parkghg.plan import STATUSES, Activity, load_plan
from service.access import User

READY_KEY = "programme_ready"
FLASH_KEY = "programme_flash"
EDITORS = ("park", "province", "admin")
MIME = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".pdf": "application/pdf", ".zip": "application/zip"}


def _tracker() -> pl.DataFrame:
    plan = load_plan()
    lg = lang()  # cells are formatted in polars' threads, which cannot see the session
    frame = data.plan_tracker()
    overdue = frame.filter(pl.col("overdue"))
    if overdue.height:
        st.warning(tr("programme.dash.overdue", n=overdue.height), icon=":material/schedule:")
    shown = frame.select(
        pl.col(f"title_{lg}").alias("activity"),
        pl.col("lead").map_elements(lambda c: plan.agency(c, lg), return_dtype=pl.String),
        "due_month",
        pl.col("status").map_elements(lambda s: t(f"programme.status.{s}", lg),
                                      return_dtype=pl.String),
        pl.col("overdue").map_elements(lambda v: t("programme.yes", lg) if v else "",
                                       return_dtype=pl.String),
        pl.col("output_ref").fill_null(""),
        pl.col("changed_at").map_elements(lambda v: when_text(v, lg), return_dtype=pl.String),
    )
    st.dataframe(shown, hide_index=True, width="stretch", key="plan_table", column_config={
        "activity": tr("programme.r.col.activity"), "lead": tr("programme.r.col.lead"),
        "due_month": tr("programme.r.col.due"), "status": tr("programme.r.col.status"),
        "overdue": tr("programme.r.col.overdue"), "output_ref": tr("programme.r.col.output"),
        "changed_at": tr("programme.dash.changed_at"),
    })
    if not plan.due_months_verified:
        st.caption(tr("programme.r.plan_note"))
    return frame


def _edit(user: User, frame: pl.DataFrame) -> None:
    st.subheader(tr("programme.dash.edit_title"))
    ids = frame["activity_id"].to_list()
    titles = dict(zip(ids, frame[f"title_{lang()}"], strict=True))
    chosen = st.selectbox(tr("programme.r.col.activity"), ids, format_func=titles.get,
                          key="plan_pick")
    row = frame.filter(pl.col("activity_id") == chosen).row(0, named=True)
    with st.form("plan_edit", border=False, clear_on_submit=True):
        status = st.selectbox(tr("programme.r.col.status"), STATUSES,
                              index=STATUSES.index(row["status"]),
                              format_func=lambda s: tr(f"programme.status.{s}"))
        year, month = (int(x) for x in row["due_month"].split("-"))
        due = st.date_input(tr("programme.r.col.due"), value=dt.date(year, month, 1),
                            format="DD/MM/YYYY")
        note = st.text_input(tr("programme.dash.note"), value=row["note"] or "")
        saved = st.form_submit_button(tr("programme.dash.save"), type="primary")
    if saved:
        with action_guard():
            activity = Activity(
                id=chosen, title_vi=row["title_vi"], title_en=row["title_en"],
                lead=row["lead"], partners=tuple(p.strip() for p in row["partners"].split(",")
                                                 if p.strip()),
                due=f"{due:%Y-%m}", status=status, output_kind=row["output_kind"],
                output_ref=row["output_ref"], note=note)
            version = data.update_plan(user, activity)
            st.session_state[FLASH_KEY] = tr("programme.dash.plan_saved", v=version)
            st.rerun()


def _reports(user: User) -> None:
    st.subheader(tr("programme.dash.reports_title"))
    st.caption(tr("programme.dash.reports_help"))
    this_year = dt.date.today().year
    c1, c2 = st.columns(2)
    year = c1.selectbox(tr("programme.r.col.year"), list(range(this_year, this_year - 6, -1)),
                        index=1, key="report_year")
    doc_lang = c2.segmented_control(tr("programme.dash.doc_lang"), ["vi", "en"], default=lang(),
                                    required=True, key="report_lang")
    proposals = st.text_area(tr("programme.dash.proposals"), key="report_proposals",
                             placeholder=tr("programme.dash.proposals_help"))
    ready = st.session_state.setdefault(READY_KEY, {})
    request = (year, doc_lang, proposals, user.park_id)
    b1, b2 = st.columns(2)
    if b1.button(tr("programme.dash.make_annual"), icon=":material/description:",
                 key="make_annual"):
        with st.spinner(tr("programme.progress.document")), action_guard():
            ready["annual"] = (request, data.annual_report(user, year, doc_lang, user.park_id,
                                                           proposals))
    if b2.button(tr("programme.dash.make_workshop"), icon=":material/slideshow:",
                 key="make_workshop"):
        with st.spinner(tr("programme.progress.charts")), action_guard():
            ready["workshop"] = (request, data.workshop_pack(user, year, doc_lang,
                                                             user.park_id))
    for kind in ("annual", "workshop"):
        stored = ready.get(kind)
        if stored is None or stored[0] != request:
            continue
        for name, content in stored[1].items():
            suffix = name[name.rfind("."):]
            st.download_button(tr("programme.dash.download", file=name), content,
                               file_name=name, mime=MIME.get(suffix), on_click="ignore",
                               icon=":material/download:", key=f"dl_{name}")


def main(user: User) -> None:
    st.title(tr("programme.dash.title"))
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")
    frame = _tracker()
    if user.role in EDITORS:
        with st.container(border=True):
            _edit(user, frame)
        with st.container(border=True):
            _reports(user)


with page_guard():
    main(auth.require_user())

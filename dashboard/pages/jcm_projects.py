"""JCM projects: the register, stages, documents, monitoring results and credits.

Reductions and credits are shown beside the gross inventory, never subtracted from it.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from dashboard import auth, data
from dashboard.filters import for_user
from dashboard.ui import action_guard, num, page_guard, tr
from service.access import User

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WRITERS = ("park", "province", "admin")
#: Stages at which a project has monitoring periods to compute.
MONITORED = ("monitoring", "verified", "credits_issued")


def _add_form(user: User) -> None:
    from metrics.jcm.registry import METHODOLOGIES

    ents = data.enterprises(user.scope)
    labels = dict(zip(ents["enterprise_id"], ents["name"], strict=True))
    if not labels:
        return
    with st.expander(tr("jcm.page.add_project"), icon=":material/add:"), \
            st.form("jcm_add_form"):
        ent = st.selectbox(tr("jcm.page.enterprise"), list(labels), key="jcm_add_ent",
                           format_func=lambda e: f"{labels[e]} · {e}")
        method = st.selectbox(tr("jcm.col_methodology"), list(METHODOLOGIES),
                              key="jcm_add_method")
        title = st.text_input(tr("jcm.col_project"), key="jcm_add_title")
        day = st.date_input(tr("jcm.page.date"), value=dt.date.today(), key="jcm_add_date")
        if st.form_submit_button(tr("jcm.page.save")):
            with action_guard():
                pid = data.jcm_add_project(user, enterprise_id=ent, methodology_id=method,
                                           title=title, stage_date=day)
                st.success(tr("jcm.cli_project_added", project_id=pid))


def _detail(user: User, project_id: str, year: int) -> None:
    from metrics.jcm.stages import allowed_next

    d = data.jcm_project(user.scope, project_id)
    proj = d["project"]
    st.subheader(f"{proj['title']} · {proj['enterprise_id']}")
    st.dataframe(d["stages"].select("stage", "stage_date", "note", "recorded_by"),
                 hide_index=True, width="stretch")
    if d["participants"].height:
        st.dataframe(d["participants"].select("name", "role", "country"), hide_index=True)
    if d["documents"].height:
        st.dataframe(d["documents"].select("title", "link"), hide_index=True)
    if user.role in WRITERS:
        nxt = list(allowed_next(proj["stage"]))
        with st.form("jcm_stage_form"):
            stage = st.selectbox(tr("jcm.page.next_stage"), nxt, key="jcm_next_stage")
            day = st.date_input(tr("jcm.page.date"), value=dt.date.today(), key="jcm_stage_d")
            note = st.text_input(tr("jcm.page.note"), key="jcm_stage_note")
            if st.form_submit_button(tr("jcm.page.save")) and stage:
                with action_guard():
                    data.jcm_change_stage(user, project_id, stage, day, note or None)
                    st.success(tr("jcm.cli_stage_done", project_id=project_id, stage=stage))
    if user.role in WRITERS:
        _writer_tools(user, project_id)
    if proj["stage"] in MONITORED:
        _monitoring(user, project_id, year)
    else:
        st.caption(tr("jcm.page.not_monitoring"))


def _writer_tools(user: User, project_id: str) -> None:
    """Add a document; upload the project's own monitoring file."""
    with st.expander(tr("jcm.page.add_document"), icon=":material/description:"), \
            st.form("jcm_doc_form"):
        title = st.text_input(tr("jcm.col_project"), key="jcm_doc_title")
        link = st.text_input(tr("jcm.page.link"), key="jcm_doc_link")
        if st.form_submit_button(tr("jcm.page.save")) and title.strip():
            with action_guard():
                data.jcm_add_document(user, project_id, title.strip(), link or None)
                st.success(tr("jcm.page.saved"))
    uploaded = st.file_uploader(tr("jcm.page.upload_monitoring"), type=["csv", "xlsx"],
                                key=f"jcm_mon_file_{project_id}")
    done = st.session_state.setdefault("jcm_mon_done", set())
    if uploaded is not None and (project_id, uploaded.file_id) not in done:
        with action_guard():
            n = data.jcm_import_monitoring(user, project_id, uploaded.getvalue(),
                                           uploaded.name)
            done.add((project_id, uploaded.file_id))
            st.success(tr("jcm.cli_monitoring_stored", n=n, project_id=project_id))


def _monitoring(user: User, project_id: str, year: int) -> None:
    """RE, PE and ER for a period (the sidebar's year by default)."""
    st.subheader(tr("jcm.monitoring_title"))
    left, right = st.columns(2)
    start = left.date_input(tr("jcm.page.from"), value=dt.date(year, 1, 1),
                            key="jcm_mon_from")
    end = right.date_input(tr("jcm.page.to"), value=dt.date(year, 12, 1),
                           key="jcm_mon_to")
    with action_guard():
        res = data.jcm_monitoring(user.scope, project_id, start.replace(day=1),
                                  end.replace(day=1))
        c = res.calculation
        cols = st.columns(3)
        cols[0].metric("RE", num(c.re_tco2, 1))
        cols[1].metric("PE", num(c.pe_tco2, 1))
        cols[2].metric("ER", num(c.er_tco2, 1))
        if c.indicative:
            st.warning(tr("jcm.indicative_because", values=", ".join(c.indicative_because)))
        st.dataframe(pl.DataFrame([s.model_dump() for s in c.steps]), hide_index=True,
                     width="stretch")
        request = (project_id, start, end)
        ready = st.session_state.setdefault("jcm_ready", {})
        if st.button(tr("jcm.page.prepare"), key="jcm_mon_prepare", icon=":material/build:"):
            content = data.jcm_monitoring_xlsx(res)
            data.jcm_record_export(user, "jcm_monitoring", len(content), project_id=project_id)
            ready["monitoring"] = (request, content)
        stored = ready.get("monitoring")
        if stored is not None and stored[0] == request:
            st.download_button(tr("jcm.page.download"), stored[1],
                               file_name=f"parkghg_jcm_monitoring_{project_id}.xlsx",
                               mime=XLSX, on_click="ignore", icon=":material/download:",
                               type="primary", key="jcm_mon_dl")


def main(user: User) -> None:
    f = for_user(user, show_sector=False)
    st.title(tr("jcm.page.projects_title"))
    if user.enterprise_id:
        st.caption(tr("jcm.page.own_projects", enterprise_id=user.enterprise_id))
    if user.role in WRITERS:
        _add_form(user)
    projects = data.jcm_projects(user.scope, f.park_id)
    st.subheader(tr("jcm.page.beside_title", year=f.year))
    st.caption(tr("jcm.beside_not_subtracted"))
    st.dataframe(data.jcm_beside_inventory(user.scope, f.year, f.park_id), hide_index=True,
                 width="stretch")
    if projects.is_empty():
        st.info(tr("jcm.page.no_projects"), icon=":material/info:")
        return
    st.subheader(tr("jcm.page.register"))
    st.dataframe(projects.select("project_id", "enterprise_id", "enterprise_name", "park_id",
                                 "methodology_id", "title", "stage", "stage_date",
                                 "expected_er_tco2_per_year"), hide_index=True, width="stretch")
    labels = dict(zip(projects["project_id"], projects["title"], strict=True))
    pid = st.selectbox(tr("jcm.col_project"), list(labels), key="jcm_project",
                       format_func=lambda p: f"{labels[p]} · {p}")
    _detail(user, pid, f.year)


with page_guard():
    main(auth.require_user())

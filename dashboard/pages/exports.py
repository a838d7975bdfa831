"""Exports: the inventory table, the Form 06 workbook and the province summary, scoped."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import auth, data
from dashboard.filters import Filters, for_user
from dashboard.ui import lang, page_guard, tr
from parkghg.i18n import t
from service.access import User

READY_KEY = "exports_ready"
FORMATS = ("xlsx", "csv", "parquet", "json")
MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "parquet": "application/vnd.apache.parquet",
    "json": "application/json",
}


def _offer(kind: str, request: tuple, file_name: str, fmt: str, make) -> None:
    """A "prepare" button; once the file is built, a download button for it."""
    ready = st.session_state.setdefault(READY_KEY, {})
    if st.button(tr("dash.exports.prepare"), key=f"prepare_{kind}", icon=":material/build:"):
        with st.spinner(tr("dash.exports.preparing")):
            ready[kind] = (request, make())
    stored = ready.get(kind)
    if stored is not None and stored[0] == request:
        st.download_button(
            tr("dash.exports.download", file=file_name), stored[1], file_name=file_name,
            mime=MIME[fmt], type="primary", icon=":material/download:", on_click="ignore",
            key=f"download_{kind}",
        )


def _inventory_table(user: User, f: Filters) -> None:
    st.subheader(tr("dash.exports.table_title"))
    st.caption(tr("dash.exports.table_help"))
    fmt = st.segmented_control(tr("dash.exports.format"), FORMATS, default="xlsx",
                               required=True, key="export_table_fmt",
                               format_func=str.upper)
    ent = user.enterprise_id
    request = (f, fmt, ent)
    name = f"parkghg_inventory_{ent or f.park_id or 'all'}_{f.year}_{f.gwp_set}.{fmt}"
    _offer("table", request, name, fmt, lambda: data.export(
        user, "table", fmt, f.year, f.gwp_set, f.scope2_basis, park_id=f.park_id,
        enterprise_id=ent))


def _form06(user: User, f: Filters) -> None:
    lg = lang()
    st.subheader(tr("dash.exports.form06_title"))
    st.caption(tr("dash.exports.form06_help"))
    ent = user.enterprise_id
    if ent is None:
        ents = data.enterprises(user.scope)
        if f.park_id:
            ents = ents.filter(pl.col("park_id") == f.park_id)
        labels = dict(zip(ents["enterprise_id"], ents["name"], strict=True))
        if not labels:
            st.caption(tr("dash.error.no_data"))
            return
        ent = st.selectbox(tr("dash.enterprise.pick"), list(labels), key="export_f06_ent",
                           format_func=lambda e: f"{labels[e]} · {e}")
    submission = st.selectbox(
        tr("dash.exports.submission_year"), [f.year + 1, f.year + 2, f.year], key="f06_year",
        format_func=lambda y: t("dash.exports.submission_label", lg, year=y, y1=y - 2,
                                y2=y - 1),
    )
    request = (f, ent, submission)
    name = f"parkghg_form06_{ent}_{submission}.xlsx"
    _offer("form06", request, name, "xlsx", lambda: data.export(
        user, "form06", "xlsx", submission, f.gwp_set, f.scope2_basis, enterprise_id=ent))


def _province(user: User, f: Filters) -> None:
    st.subheader(tr("dash.exports.province_title"))
    st.caption(tr("dash.exports.province_help"))
    request = (f,)
    name = f"parkghg_summary_{user.park_id or 'province'}_{f.year}.xlsx"
    _offer("province", request, name, "xlsx", lambda: data.export(
        user, "province", "xlsx", f.year, f.gwp_set, f.scope2_basis))


def main(user: User) -> None:
    f = for_user(user, show_sector=False)
    st.title(tr("dash.exports.title"))
    reach = user.enterprise_id or (data.park_names(user.scope, lang()).get(user.park_id or "")
                                   if user.park_id else tr("dash.exports.whole_province"))
    st.caption(tr("dash.exports.caption", reach=reach, year=f.year, gwp=f.gwp_set,
                  basis=tr(f"dash.filters.basis_{f.scope2_basis}")))
    with st.container(border=True):
        _inventory_table(user, f)
    with st.container(border=True):
        _form06(user, f)
    if user.role != "enterprise":
        with st.container(border=True):
            _province(user, f)


with page_guard():
    main(auth.require_user())

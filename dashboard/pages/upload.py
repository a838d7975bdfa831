"""Upload: templates, one monthly file in, a clear accepted/rejected answer, and the history."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import auth, cells, data
from dashboard.ui import (
    action_guard,
    csv_bytes,
    lang,
    month_label,
    month_span,
    page_guard,
    tr,
    when,
)
from service.access import User

RESULT_KEY = "upload_result"
UPLOADER_KEY = "upload_file"
HISTORY_ROWS = 12


def _templates(user: User) -> None:
    st.subheader(tr("dash.upload.step1"))
    st.caption(tr("dash.upload.step1_help"))
    ent = user.enterprise_id
    left, right = st.columns(2)
    left.download_button(
        tr("dash.upload.template_xlsx"), data.template("xlsx", ent),
        file_name=f"parkghg_template_{ent}.xlsx", type="primary", icon=":material/table:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore", width="stretch", key="dl_template_xlsx",
    )
    right.download_button(
        tr("dash.upload.template_csv"), data.template("csv", ent),
        file_name=f"parkghg_template_{ent}.csv", mime="text/csv", icon=":material/description:",
        on_click="ignore", width="stretch", key="dl_template_csv",
    )


def _receive(user: User) -> None:
    st.subheader(tr("dash.upload.step2"))
    uploaded = st.file_uploader(
        tr("dash.upload.file"), type=["csv", "xlsx"], key=UPLOADER_KEY,
        help=tr("dash.upload.file_help"),
    )
    if uploaded is None:
        return
    previous = st.session_state.get(RESULT_KEY)
    if previous is not None and previous[0] == uploaded.file_id:
        return  # this file was already processed on an earlier run
    with st.spinner(tr("dash.upload.checking")):
        result = data.upload(user, uploaded.getvalue(), uploaded.name)
    st.session_state[RESULT_KEY] = (uploaded.file_id, uploaded.name, result)


def _issue_table(frame: pl.DataFrame, key: str, file_name: str) -> None:
    # ingest already names the columns (row, column, value, problem, fix) in the reader's language
    # The last two columns (problem, fix) are sentences: give them the room, never cut them.
    wide = {c: st.column_config.TextColumn(c, width="large") for c in frame.columns[-2:]}
    st.dataframe(frame, hide_index=True, width="stretch", key=f"issues_{key}",
                 column_config=wide, row_height=56)
    st.download_button(
        tr("dash.upload.problems_csv"), csv_bytes(frame),
        file_name=f"{file_name.rsplit('.', 1)[0]}_{key}.csv", mime="text/csv",
        icon=":material/download:", on_click="ignore", key=f"dl_{key}",
    )


def _result() -> None:
    stored = st.session_state.get(RESULT_KEY)
    if stored is None:
        return
    _, file_name, result = stored
    notes = result.read_notes(lang())
    if result.status == "rejected":
        st.error(result.summary(lang()), icon=":material/block:")
        _issue_table(result.issues_frame(lang()), "problems", file_name)
    else:
        if result.status == "unchanged":
            st.info(result.summary(lang()), icon=":material/info:")
        else:
            st.success(result.summary(lang()), icon=":material/check_circle:")
            months = ", ".join(month_label(p) for p in sorted(result.replaced_periods))
            if months:
                st.markdown(tr("dash.upload.replaced", months=months))
            st.caption(tr("dash.upload.next"))
        if result.warnings:
            st.warning(tr("dash.upload.warnings", n=len(result.warnings)),
                       icon=":material/warning:")
            _issue_table(result.issues_frame(lang()), "warnings", file_name)
    if notes:
        st.caption(notes)


def _comments(user: User) -> None:
    history = data.uploads(user.scope, user.enterprise_id)
    returned = history.filter(
        (pl.col("review_state") == "returned") & (pl.col("current_months") > 0)
    )
    for row in returned.iter_rows(named=True):
        st.warning(
            tr("dash.upload.returned", file=row["file_name"], reviewer=row["reviewer"] or "",
               when=when(row["reviewed_at"]), comment=row["review_comment"] or ""),
            icon=":material/undo:",
        )


def _history(user: User) -> None:
    st.subheader(tr("dash.upload.history"))
    history = data.uploads(user.scope, user.enterprise_id)
    if history.is_empty():
        st.caption(tr("dash.upload.history_empty"))
        return
    shown = history.head(HISTORY_ROWS).select(
        cells.when("uploaded_at", lang()),
        "file_name",
        pl.struct("period_first", "period_last").map_elements(month_span, return_dtype=pl.String)
        .alias("periods"),
        cells.label("status", "dash.status.", lang()),
        cells.label("review_state", "dash.review_state.", lang()),
        "row_count", "current_months", cells.text("review_comment"),
    )
    st.dataframe(
        shown, hide_index=True, width="stretch", key="history_table",
        column_config={
            "uploaded_at": tr("dash.col.uploaded_at"), "file_name": tr("dash.col.file"),
            "periods": tr("dash.col.periods"), "status": tr("dash.col.status"),
            "review_state": tr("dash.col.review_state"),
            "row_count": st.column_config.NumberColumn(tr("dash.col.rows"), format="%d"),
            "current_months": st.column_config.NumberColumn(tr("dash.col.current_months"),
                                                            format="%d"),
            "review_comment": tr("dash.col.comment"),
        },
    )
    if history.height > HISTORY_ROWS:
        st.caption(tr("dash.upload.history_more", n=history.height - HISTORY_ROWS))
    _restore(user, history)


def _restore(user: User, history: pl.DataFrame) -> None:
    accepted = history.filter(pl.col("status") != "rejected").drop_nulls("period_first")
    if accepted.height < 2:
        return
    with st.expander(tr("dash.upload.restore"), icon=":material/history:"):
        st.caption(tr("dash.upload.restore_help"))
        months = sorted(
            {
                p
                for first, last in accepted.select("period_first", "period_last").iter_rows()
                for p in pl.date_range(first, last, "1mo", eager=True).to_list()
            },
            reverse=True,
        )
        period = st.selectbox(tr("dash.upload.restore_month"), months, format_func=month_label,
                              key="restore_month")
        options = data.restorable(user.scope, user.enterprise_id, period)
        older = options.filter(~pl.col("is_current"))
        if older.is_empty():
            st.caption(tr("dash.upload.restore_none"))
            return
        labels = {
            r["submission_id"]: f"{r['file_name']} · {when(r['uploaded_at'])}"
            for r in older.iter_rows(named=True)
        }
        chosen = st.selectbox(tr("dash.upload.restore_which"), list(labels),
                              format_func=labels.get, key="restore_submission")
        if st.button(tr("dash.upload.restore_button"), key="restore_go",
                     icon=":material/restore:"):
            with action_guard():
                data.restore(user, user.enterprise_id, period, chosen)
                st.success(tr("dash.upload.restored", month=month_label(period)))


def main(user: User) -> None:
    st.title(tr("dash.upload.title"))
    ents = data.enterprises(user.scope)
    name = ents["name"][0] if ents.height else user.enterprise_id
    st.caption(tr("dash.upload.caption", name=name, id=user.enterprise_id))
    _comments(user)
    with st.container(border=True):
        _templates(user)
    with st.container(border=True):
        _receive(user)
        _result()
    _history(user)


with page_guard():
    main(auth.require_user())

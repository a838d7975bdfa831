"""Review: submissions waiting, their warnings, accept or return with a comment, locks."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import auth, cells, data, sections
from dashboard.filters import for_user
from dashboard.ui import action_guard, lang, month_span, num, page_guard, tr, when
from service.access import User

FLASH_KEY = "review_flash"
RECENT_ROWS = 10
# Widget keys of one decision; each carries the submission id so nothing is shared between two.
DECISION_KEYS = ("review_comment_", "review_lock_")


def _flash() -> None:
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def _done(message: str) -> None:
    st.session_state[FLASH_KEY] = message
    _forget_decision_inputs()
    st.rerun()


def _forget_decision_inputs() -> None:
    """Each decision starts empty: no comment or lock choice carries over to the next one."""
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(DECISION_KEYS):
            del st.session_state[key]


def _queue_table(queue: pl.DataFrame) -> None:
    shown = queue.select(
        "enterprise_name", "enterprise_id", "file_name", cells.when("uploaded_at", lang()),
        pl.struct("period_first", "period_last").map_elements(month_span, return_dtype=pl.String)
        .alias("months"),
        cells.number("row_count", lang()), cells.number("warning_count", lang()),
    )
    st.dataframe(shown, hide_index=True, width="stretch", key="queue_table", column_config={
        "enterprise_name": tr("dash.col.enterprise"), "enterprise_id": tr("dash.col.enterprise_id"),
        "file_name": tr("dash.col.file"), "uploaded_at": tr("dash.col.uploaded_at"),
        "months": tr("dash.col.periods"), "row_count": tr("dash.col.rows"),
        "warning_count": tr("dash.col.warnings"),
    })


def _warnings(user: User, submission_id: str) -> None:
    issues = data.submission_issues(user.scope, submission_id).filter(
        pl.col("severity") == "warning"
    )
    if issues.is_empty():
        st.caption(tr("dash.review.no_warnings"))
        return
    st.warning(tr("dash.review.warnings", n=issues.height), icon=":material/warning:")
    st.dataframe(
        issues.select(
            pl.col("row_number").alias("row"), pl.col("column_name").alias("column"), "value",
            pl.col(f"problem_{lang()}").alias("problem"),
        ),
        hide_index=True, width="stretch", key="review_warnings",
        column_config={"row": tr("dash.col.row"), "column": tr("dash.col.column"),
                       "value": tr("dash.col.value"), "problem": tr("dash.col.problem")},
    )


def _decide(user: User, queue: pl.DataFrame) -> None:
    labels = {
        r["submission_id"]: f"{r['enterprise_name']} · {r['file_name']} · {when(r['uploaded_at'])}"
        for r in queue.iter_rows(named=True)
    }
    chosen = st.selectbox(tr("dash.review.pick"), list(labels), format_func=labels.get,
                          key="review_pick")
    row = queue.filter(pl.col("submission_id") == chosen).row(0, named=True)
    st.markdown(tr("dash.review.summary", name=row["enterprise_name"], id=row["enterprise_id"],
                   months=month_span(row), rows=num(row["row_count"]),
                   by=row["uploaded_by"]))
    _warnings(user, chosen)
    comment = st.text_area(tr("dash.review.comment"), key=f"review_comment_{chosen}",
                           help=tr("dash.review.comment_help"), max_chars=2000)
    lock = st.checkbox(tr("dash.review.lock_on_accept"), key=f"review_lock_{chosen}",
                       value=False)
    left, right = st.columns(2)
    if left.button(tr("dash.review.accept"), type="primary", key="review_accept",
                   icon=":material/check:", width="stretch"):
        with action_guard():
            data.accept(user, chosen, comment.strip(), lock)
            _done(tr("dash.review.accepted", name=row["enterprise_name"]))
    if right.button(tr("dash.review.return"), key="review_return", icon=":material/undo:",
                    width="stretch"):
        if not comment.strip():
            st.error(tr("dash.review.comment_required"), icon=":material/edit_note:")
        else:
            with action_guard():
                data.send_back(user, chosen, comment.strip())
                _done(tr("dash.review.returned", name=row["enterprise_name"]))


def _recent(user: User) -> None:
    decided = data.review_queue(user.scope, ("accepted", "returned"))
    if decided.is_empty():
        return
    recent = decided.sort("reviewed_at", descending=True).head(RECENT_ROWS).select(
        "enterprise_name", "file_name",
        cells.label("review_state", "dash.review_state.", lang()), cells.text("reviewer"),
        cells.when("reviewed_at", lang()), cells.text("review_comment"),
    )
    with st.expander(tr("dash.review.recent", n=decided.height), icon=":material/history:"):
        st.dataframe(recent, hide_index=True, width="stretch", key="recent_table",
                     column_config={
                         "enterprise_name": tr("dash.col.enterprise"),
                         "file_name": tr("dash.col.file"),
                         "review_state": tr("dash.col.review_state"),
                         "reviewer": tr("dash.col.reviewer"),
                         "reviewed_at": tr("dash.col.reviewed_at"),
                         "review_comment": tr("dash.col.comment"),
                     })


def main(user: User) -> None:
    f = for_user(user, show_sector=False)
    st.title(tr("dash.review.title"))
    _flash()
    queue = data.review_queue(user.scope)
    if f.park_id:
        queue = queue.filter(pl.col("park_id") == f.park_id)
    st.caption(tr("dash.review.caption", n=queue.height))
    with st.container(border=True):
        if queue.is_empty():
            st.info(tr("dash.review.empty"), icon=":material/task_alt:")
        else:
            _queue_table(queue)
            _decide(user, queue)
    with st.container(border=True):
        sections.locks_panel(user, f, _done)
    _recent(user)


with page_guard():
    main(auth.require_user())

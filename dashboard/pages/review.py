"""Review: submissions waiting, their warnings, accept or return with a comment, locks."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import auth, cells, data, review_context, sections, views
from dashboard.filters import for_user
from dashboard.ui import action_guard, lang, month_label, month_span, num, page_guard, tr, when
from parkghg.contract import CATEGORY_LABELS, ITEMS
from parkghg.i18n import t
from service.access import User

FLASH_KEY = "review_flash"
RECENT_ROWS = 10
# Widget keys of one decision; each carries the submission id so nothing is shared between two.
DECISION_KEYS = ("review_comment_", "review_lock_")
STATES: tuple[str, ...] = ("pending", "accepted", "returned")
WARNING_FILTERS: tuple[str, ...] = ("all", "with", "without")


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
            pl.col("row_number").alias("row"), cells.text("column_name").alias("column"),
            cells.text("value"), cells.text(f"problem_{lang()}").alias("problem"),
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
    _context(user, row)
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


def _context(user: User, row: dict) -> None:
    """The submission's quantities by item beside the previous month and the same month last
    year, and its effect on the enterprise's emissions."""
    first, last = row["period_first"], row["period_last"]
    if first is None:
        return
    months = pl.date_range(first, last or first, "1mo", eager=True).to_list()[::-1]
    month = st.selectbox(tr("dash.review.context_month"), months, format_func=month_label,
                         key=f"review_ctx_month_{row['submission_id']}")
    scope = user.scope
    activity = views.narrow(data.activity(scope), enterprise_id=row["enterprise_id"])
    emissions = views.narrow(data.emissions(scope, "AR5", "location"),
                             enterprise_id=row["enterprise_id"])
    effect = review_context.emissions_effect(emissions, row["enterprise_id"], month)
    prev, ly = review_context.shift_month(month, -1), review_context.shift_month(month, -12)
    cols = st.columns(3)
    cols[0].metric(tr("dash.review.ctx_now", month=month_label(month)),
                   num(effect["now"], 1), border=True)
    for col, key, other in ((cols[1], "prev", prev), (cols[2], "ly", ly)):
        base, now = effect[key], effect["now"]
        delta = None if not base or now is None else f"{num((now - base) / base * 100, 1)} %"
        col.metric(tr("dash.review.ctx_other", month=month_label(other)), num(base, 1),
                   delta=delta, delta_color="inverse", border=True)
    table = review_context.compare_items(activity, emissions, row["enterprise_id"], month,
                                         row["submission_id"])
    lg = lang()
    categories = {c: labels[1 if lg == "vi" else 0] for c, labels in CATEGORY_LABELS.items()}
    items = {i.item: i.meaning_vi if lg == "vi" else i.meaning_en for i in ITEMS}
    shown = table.select(
        pl.col("category").replace_strict(categories, default=pl.col("category")),
        pl.col("item").replace_strict(items, default=pl.col("item")),
        cells.text("unit_canonical"), cells.number("qty_now", lg, 1),
        cells.number("qty_prev", lg, 1), cells.number("change_prev_pct", lg, 0),
        cells.number("qty_ly", lg, 1), cells.number("change_ly_pct", lg, 0),
        cells.number("tco2e_now", lg, 2), cells.number("tco2e_prev", lg, 2),
        cells.number("tco2e_ly", lg, 2),
    )
    now_m, prev_m, ly_m = month_label(month), month_label(prev), month_label(ly)
    st.dataframe(shown, hide_index=True, width="stretch", key="review_context",
                 column_config={
                     "category": tr("dash.review.ctx_category"), "item": tr("dash.col.item"),
                     "unit_canonical": tr("dash.col.unit"),
                     "qty_now": tr("dash.review.ctx_qty", month=now_m),
                     "qty_prev": tr("dash.review.ctx_qty", month=prev_m),
                     "change_prev_pct": tr("dash.review.ctx_change", month=prev_m),
                     "qty_ly": tr("dash.review.ctx_qty", month=ly_m),
                     "change_ly_pct": tr("dash.review.ctx_change", month=ly_m),
                     "tco2e_now": tr("dash.review.ctx_tco2e", month=now_m),
                     "tco2e_prev": tr("dash.review.ctx_tco2e", month=prev_m),
                     "tco2e_ly": tr("dash.review.ctx_tco2e", month=ly_m),
                 })
    st.caption(tr("dash.review.ctx_caption"))


def _queue_filters(queue_all: pl.DataFrame) -> tuple[tuple[str, ...], str, object]:
    lg = lang()
    left, mid, right = st.columns(3)
    states = left.multiselect(tr("dash.review.f_states"), list(STATES), default=["pending"],
                              key="review_f_states",
                              format_func=lambda s: t(f"dash.review_state.{s}", lg))
    warn = mid.selectbox(tr("dash.review.f_warnings"), list(WARNING_FILTERS),
                         key="review_f_warnings",
                         format_func=lambda w: t(f"dash.review.f_warnings_{w}", lg))
    months = sorted({m for r in queue_all.iter_rows(named=True) if r["period_first"]
                     for m in pl.date_range(r["period_first"], r["period_last"]
                                            or r["period_first"], "1mo", eager=True).to_list()},
                    reverse=True)
    month = right.selectbox(tr("dash.review.f_month"), [None, *months], key="review_f_month",
                            format_func=lambda m: t("dash.audit.any", lg) if m is None
                            else month_label(m))
    return tuple(states) or STATES, warn, month


def narrow_queue(queue: pl.DataFrame, park_id: str | None, warnings: str,
                 month: object) -> pl.DataFrame:
    """The queue rows matching the reviewer's park, warnings and month filters."""
    if park_id:
        queue = queue.filter(pl.col("park_id") == park_id)
    if warnings == "with":
        queue = queue.filter(pl.col("warning_count") > 0)
    elif warnings == "without":
        queue = queue.filter(pl.col("warning_count") == 0)
    if month is not None:
        queue = queue.filter((pl.col("period_first") <= month)
                             & (pl.col("period_last").fill_null(pl.col("period_first")) >= month))
    return queue


def _bulk_accept(user: User, queue: pl.DataFrame) -> None:
    """Accept several clean (no warnings, pending) submissions at once, after confirmation."""
    clean = queue.filter((pl.col("review_state") == "pending") & (pl.col("warning_count") == 0))
    if clean.is_empty():
        return
    labels = {r["submission_id"]: f"{r['enterprise_name']} · {r['file_name']} · "
              f"{month_span(r)}" for r in clean.iter_rows(named=True)}
    with st.expander(tr("dash.review.bulk_title", n=num(clean.height)),
                     icon=":material/done_all:"):
        picked = st.multiselect(tr("dash.review.bulk_pick"), list(labels),
                                format_func=labels.get, key="review_bulk")
        if st.button(tr("dash.review.bulk_accept", n=num(len(picked))), key="review_bulk_accept",
                     type="primary", icon=":material/done_all:", disabled=not picked):
            with action_guard():
                for submission_id in picked:
                    data.accept(user, submission_id, None, False)
                st.session_state.pop("review_bulk", None)
                _done(tr("dash.review.bulk_done", n=num(len(picked))))


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
    # A pending upload that no longer supplies any month (replaced since) needs no decision.
    queue_all = data.review_queue(user.scope, STATES).filter(
        (pl.col("review_state") != "pending") | (pl.col("current_months").fill_null(0) > 0))
    states, warnings, month = _queue_filters(queue_all)
    queue = narrow_queue(queue_all.filter(pl.col("review_state").is_in(states)), f.park_id,
                         warnings, month)
    st.caption(tr("dash.review.caption", n=queue.height))
    with st.container(border=True):
        if queue.is_empty():
            st.info(tr("dash.review.empty"), icon=":material/task_alt:")
        else:
            _queue_table(queue)
            _bulk_accept(user, queue)
            _decide(user, queue)
    with st.container(border=True):
        sections.locks_panel(user, f, _done)
    _recent(user)


with page_guard():
    main(auth.require_user())

"""Reporting tracker: for a month and a park, who has not reported, who is late, who was sent
back and has not uploaded again; a reminder list with contacts; on-time history."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from dashboard import auth, cells, data, tracking, views
from dashboard.filters import ALL, remembered
from dashboard.ui import csv_bytes, lang, month_label, num, page_guard, tr
from parkghg.i18n import fmt_number, t
from service.access import User

CHASE = ("returned", "missing", "late")  # the statuses a reminder goes to


def _months(activity: pl.DataFrame, today: dt.date) -> list[dt.date]:
    """Months to pick from, newest first: every month from the first with data to last month."""
    last = dt.date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
    first = activity["period"].min() if activity.height else last
    first = min(first, last)
    return pl.date_range(first, last, "1mo", eager=True).to_list()[::-1]


def _pickers(user: User, months: list[dt.date]) -> tuple[dt.date, str | None]:
    names = data.park_names(user.scope, lang())
    with st.sidebar:
        st.subheader(tr("dash.filters.title"))
        month = remembered(st.selectbox, tr("dash.tracker.month"), months, "tracker_month",
                           param="month", format_func=month_label)
        if user.park_id:
            return month, user.park_id
        lg = lang()
        park = remembered(st.selectbox, tr("dash.filters.park"), [ALL, *names], "f_park",
                          param="park",
                          format_func=lambda p: t("dash.filters.all_parks", lg) if p == ALL
                          else names[p])
    return month, None if park == ALL else park


def _status_table(frame: pl.DataFrame) -> pl.DataFrame:
    lg = lang()
    return frame.select(
        cells.text("name"), "enterprise_id", pl.col(f"park_name_{lg}").alias("park"),
        cells.label("status", "dash.tracker.status.", lg),
        cells.when("first_upload", lg).alias("first_upload"),
        cells.text("latest_comment"),
        cells.text("contact_email"), cells.text("contact_phone"),
    )


def _export(frame: pl.DataFrame, month: dt.date) -> bytes:
    """The reminder list: enterprises to chase, with contacts, headed in the reader's language."""
    lg = lang()
    chase = frame.filter(pl.col("status").is_in(CHASE))
    table = chase.select(
        pl.col("enterprise_id").alias(tr("dash.col.enterprise_id")),
        pl.col("name").alias(tr("dash.col.enterprise")),
        pl.col(f"park_name_{lg}").alias(tr("dash.col.park")),
        cells.label("status", "dash.tracker.status.", lg).alias(tr("dash.col.status")),
        pl.lit(month_label(month)).alias(tr("dash.tracker.month")),
        pl.lit(cells.day_text(tracking.due_date(month), lg)).alias(tr("dash.tracker.due")),
        cells.text("latest_comment").alias(tr("dash.col.comment")),
        cells.text("contact_email").alias(tr("dash.tracker.email")),
        cells.text("contact_phone").alias(tr("dash.tracker.phone")),
    )
    return csv_bytes(table)


def main(user: User) -> None:
    scope = user.scope
    today = data.today()
    activity = data.activity(scope)
    month, park_id = _pickers(user, _months(activity, today))
    st.title(tr("dash.tracker.title"))
    due = tracking.due_date(month)
    st.caption(tr("dash.tracker.caption", month=month_label(month),
                  due=cells.day_text(due, lang())))
    ents = views.narrow(data.enterprises(scope), park_id=park_id)
    if ents.is_empty():
        st.info(tr("dash.error.no_data"))
        return
    ents = ents.join(data.contacts(scope), on="enterprise_id", how="left")
    uploads = data.uploads(scope)
    status = tracking.month_status(ents, uploads, activity, month, today)
    counts = dict(status.group_by("status").len().iter_rows())
    cols = st.columns(len(tracking.STATUSES))
    for col, key in zip(cols, tracking.STATUSES, strict=True):
        col.metric(tr(f"dash.tracker.status.{key}"), num(counts.get(key, 0)), border=True)
    order = {s: i for i, s in enumerate(tracking.STATUSES)}
    status = status.with_columns(pl.col("status").replace_strict(order).alias("_o")).sort(
        "_o", "name")
    st.dataframe(_status_table(status), hide_index=True, width="stretch", key="tracker_table",
                 column_config={
                     "name": tr("dash.col.enterprise"),
                     "enterprise_id": tr("dash.col.enterprise_id"),
                     "park": tr("dash.col.park"), "status": tr("dash.col.status"),
                     "first_upload": tr("dash.tracker.first_upload"),
                     "latest_comment": tr("dash.col.comment"),
                     "contact_email": tr("dash.tracker.email"),
                     "contact_phone": tr("dash.tracker.phone"),
                 })
    to_chase = status.filter(pl.col("status").is_in(CHASE)).height
    st.download_button(tr("dash.tracker.export", n=num(to_chase)), _export(status, month),
                       file_name=f"reminders_{month:%Y-%m}.csv", mime="text/csv",
                       key="tracker_export", icon=":material/download:",
                       disabled=to_chase == 0)
    st.subheader(tr("dash.tracker.history_title"))
    st.caption(tr("dash.tracker.history_caption", last=month_label(month)))
    history = tracking.on_time_history(ents, uploads, activity, month, today)
    lg = lang()
    st.dataframe(
        history.sort("on_time_frac", nulls_last=True).select(
            cells.text("name"), pl.col(f"park_name_{lg}").alias("park"),
            pl.col("on_time_frac").map_elements(
                lambda v: f"{fmt_number(v * 100, lg, 0)} %", return_dtype=pl.String
            ).fill_null(cells.DASH).alias("on_time_frac"),
            *[cells.number(s, lg) for s in ("on_time", "late", "missing", "returned")],
        ),
        hide_index=True, width="stretch", key="tracker_history",
        column_config={
            "name": tr("dash.col.enterprise"), "park": tr("dash.col.park"),
            "on_time_frac": tr("dash.tracker.on_time_share"),
            **{s: tr(f"dash.tracker.status.{s}") for s in ("on_time", "late", "missing",
                                                             "returned")},
        })


with page_guard():
    main(auth.require_user())

"""Province overview (a park board sees the same page for its own park)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import (
    auth,
    cells,
    data,
    landing,
    panels,
    park_map,
    sections,
    target_progress,
)
from dashboard.filters import Filters, for_user
from dashboard.ui import lang, month_label, num, page_guard, tr
from service.access import User


def _metrics(user: User, f: Filters) -> None:
    year = f.year
    head = landing.headline(user.scope, f)
    rep = landing.reporting(user.scope, f)
    change = head.change_pct
    cols = st.columns(5)
    cols[0].metric(
        tr("dash.metric.total", year=year), num(head.total),
        delta=None if change is None else f"{num(change, 1)} %",
        delta_color="inverse", border=True,
        help=tr("dash.metric.total_help"),
    )
    cols[1].metric(tr("dash.metric.scope1"), num(head.scope1), border=True,
                   help=tr("dash.metric.scope1_help"))
    cols[2].metric(tr("dash.metric.scope2"), num(head.scope2), border=True,
                   help=tr("dash.metric.scope2_help"))
    cols[3].metric(tr("dash.metric.reporting"), f"{rep.reporting} / {rep.expected}",
                   border=True, help=tr("dash.metric.reporting_help"))
    cols[4].metric(
        tr("dash.metric.up_to_date"), f"{rep.up_to_date} / {rep.expected}", border=True,
        help=tr("dash.metric.up_to_date_help",
                month=month_label(rep.latest) if rep.latest else "–"),
    )


def _thresholds(user: User, f: Filters, ents: pl.DataFrame, partial: bool) -> None:
    st.subheader(tr("dash.threshold.title"))
    st.caption(tr("dash.threshold.caption", year=f.year))
    if partial:
        st.caption(tr("dash.threshold.partial", year=f.year))
    flags = data.thresholds(user.scope, f.gwp_set, f.scope2_basis).filter(
        (pl.col("year") == f.year) & (pl.col("over_3000_tco2e") | pl.col("over_1000_toe"))
    )
    shown = flags.join(ents, on="enterprise_id", how="inner").sort("total_tco2e",
                                                                  descending=True)
    if shown.is_empty():
        st.info(tr("dash.threshold.none_partial" if partial else "dash.threshold.none",
                   year=f.year), icon=":material/verified:")
        return
    yes, no = tr("dash.common.yes"), tr("dash.common.no")
    table = shown.select(
        "enterprise_id", "name", pl.col(f"park_name_{lang()}").alias("park"),
        cells.number("total_tco2e", lang()), cells.number("energy_toe", lang()),
        pl.when(pl.col("on_national_list")).then(pl.lit(yes)).otherwise(pl.lit(no))
        .alias("listed"),
        pl.when(pl.col("provisional")).then(pl.lit(yes)).otherwise(pl.lit(no))
        .alias("provisional"),
        cells.text("factor_ids"),
    )
    st.dataframe(
        table, hide_index=True, width="stretch", key="threshold_table",
        column_config={
            "enterprise_id": tr("dash.col.enterprise_id"), "name": tr("dash.col.enterprise"),
            "park": tr("dash.col.park"),
            "total_tco2e": tr("dash.col.tco2e"), "energy_toe": tr("dash.col.toe"),
            "listed": tr("dash.col.on_list"), "provisional": tr("dash.col.provisional"),
            "factor_ids": tr("dash.col.factor_ids"),
        },
    )


def main(user: User) -> None:
    f = for_user(user)
    scope = user.scope
    lg = lang()
    ents = landing.enterprises(scope, f)
    title = "dash.overview.title_park" if user.role == "park" else "dash.overview.title"
    st.title(tr(title, park=data.park_names(scope, lg).get(user.park_id or "", "")))
    st.caption(tr("dash.overview.caption", year=f.year, gwp=f.gwp_set,
                  basis=tr(f"dash.filters.basis_{f.scope2_basis}")))
    target_progress.show(user, user.park_id, f.gwp_set, f.scope2_basis)
    if landing.no_data(scope, f):
        st.info(tr("dash.error.no_data_year", year=f.year), icon=":material/info:")
        return
    partial = sections.partial_note(landing.months(scope, f), f.year)
    _metrics(user, f)
    panels.show_uncertainty(landing.uncertainty(scope, f), f.year)
    panels.territorial(scope, f.year, f.gwp_set, f.scope2_basis, f.park_id, f.sector_id)
    left, right = st.columns([3, 2])
    with left:
        st.vega_lite_chart(spec=landing.trend_spec(landing.trend(scope, f), lg),
                           width="stretch")
    with right:
        park_map.show(park_map.park_markers(user, f), "overview_map")
    left, right = st.columns(2)
    with left:
        st.vega_lite_chart(spec=landing.ranking_spec(
            "rank_parks", landing.ranked_parks(scope, f, lg), "dash.chart.rank_parks", lg),
            width="stretch")
    with right:
        st.vega_lite_chart(spec=landing.ranking_spec(
            "rank_sectors", landing.ranked_sectors(scope, f, lg), "dash.chart.rank_sectors",
            lg), width="stretch")
    _thresholds(user, f, ents, partial)


with page_guard():
    main(auth.require_user())

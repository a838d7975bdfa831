"""Circular economy: waste, symbiosis, water and energy indicators, and the symbiosis network."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import auth, cells, circular_charts, data
from dashboard.filters import for_user
from dashboard.ui import csv_bytes, lang, num, page_guard, tr
from service.access import User

_HEADLINE = (
    ("waste_recovery_frac", "circular.metric.recovery", True),
    ("symbiosis_t", "circular.metric.symbiosis", False),
    ("water_recycled_frac", "circular.metric.water_recycled", True),
    ("renewable_share_frac", "circular.metric.renewable", True),
)


def _headline(table: pl.DataFrame) -> None:
    cols = st.columns(len(_HEADLINE))
    for col, (indicator, key, share) in zip(cols, _HEADLINE, strict=True):
        rows = table.filter(pl.col("indicator") == indicator)
        if rows.is_empty():
            col.metric(tr(key), "–", border=True)
            continue
        rec = rows.row(0, named=True)
        value = rec["value"]
        shown = "–" if value is None else (f"{num(value * 100, 1)} %" if share else num(value))
        col.metric(tr(key), shown, border=True, help=rec["formula"])
        col.caption(tr("circular.metric.coverage", e=rec["enterprises_n"], m=rec["months_n"]))


def _label(indicator: str) -> str:
    """The indicator's name in the reader's language (Scope 3 waste rows name their route)."""
    if indicator.startswith("waste_scope3_"):
        route = indicator.removeprefix("waste_scope3_").removesuffix("_tco2e")
        return tr("circular.ind.waste_scope3", route=route)
    return tr(f"circular.ind.{indicator}")


def main(user: User) -> None:
    f = for_user(user, show_sector=False)
    scope = user.scope
    st.title(tr("circular.page.circular_title"))
    st.caption(tr("circular.page.circular_caption", year=f.year))
    level = "enterprise" if user.role == "enterprise" else ("park" if f.park_id else "province")
    table = data.circular_indicators(scope, f.year, f.park_id, level)
    if table.is_empty():
        st.info(tr("dash.error.no_data_year", year=f.year), icon=":material/info:")
        return
    if level == "park":
        table = table.filter(pl.col("park_id") == f.park_id)
    _headline(table)
    flows = data.symbiosis(scope, f.year, f.park_id)
    if flows.is_empty():
        st.info(tr("circular.page.no_flows", year=f.year), icon=":material/info:")
    else:
        ents = data.enterprises(scope)
        labels = dict(zip(ents["enterprise_id"], ents["name"], strict=True))
        st.altair_chart(circular_charts.symbiosis_network(flows, labels, lang()),
                        width="stretch")
    st.subheader(tr("circular.page.indicators_title"))
    shown = table.select(
        "enterprise_id",
        # labels and numbers made here, in the session's thread (issue 11: English is English)
        pl.col("indicator").replace_strict(
            {i: _label(i) for i in table["indicator"].unique().to_list()}),
        cells.number("value", lang(), 3),
        "unit", "formula", "enterprises_n", "months_n")
    if level != "enterprise":
        shown = shown.drop("enterprise_id")
    st.dataframe(shown, hide_index=True, width="stretch", key="circular_table", column_config={
        "enterprise_id": tr("dash.col.enterprise_id"),
        "indicator": tr("circular.col.indicator"), "value": tr("circular.col.value"),
        "unit": tr("circular.col.unit"), "formula": tr("circular.col.formula"),
        "enterprises_n": tr("circular.col.enterprises_n"),
        "months_n": tr("circular.col.months_n"),
    })
    st.download_button(tr("circular.page.download"), csv_bytes(table),
                       file_name=f"indicators_{f.year}.csv", mime="text/csv")


with page_guard():
    main(auth.require_user())

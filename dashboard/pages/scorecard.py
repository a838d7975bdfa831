"""Eco-industrial park scorecard: criteria per park, the province ranking, and park facts."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import streamlit as st

from dashboard import auth, data
from dashboard.filters import for_user
from dashboard.ui import action_guard, lang, num, page_guard, tr
from metrics.scorecard import CURRENT_VERSION
from service.access import User

_STATUSES = ("met", "missed", "unknown")


def _ranking(ranks: pl.DataFrame, names: dict[str, str]) -> None:
    st.subheader(tr("circular.page.ranking_title"))
    st.dataframe(ranks.select(
        "rank", pl.col("park_id").replace_strict(names, default=pl.col("park_id")).alias("park"),
        (pl.col("readiness_frac") * 100).round(0).alias("readiness"),
        "met_n", "missed_n", "unknown_n",
    ), hide_index=True, width="stretch", key="ranking_table", column_config={
        "rank": tr("circular.col.rank"), "park": tr("circular.col.park"),
        "readiness": st.column_config.ProgressColumn(tr("circular.col.readiness"),
                                                     min_value=0, max_value=100, format="%d %%"),
        "met_n": tr("circular.col.met_n"), "missed_n": tr("circular.col.missed_n"),
        "unknown_n": tr("circular.col.unknown_n"),
    })


_COMPUTED = re.compile(r"^computed: (\d+) enterprises, (\d+) months$")


def _evidence(text: str | None) -> str | None:
    """A computed value's coverage in the reader's language; a fact's note as entered."""
    found = _COMPUTED.match(text or "")
    return tr("circular.metric.coverage", e=found[1], m=found[2]) if found else text


def _detail(card: pl.DataFrame) -> None:
    st.subheader(tr("circular.page.park_detail"))
    shown = card.select(
        pl.col("criterion_id").replace_strict(
            {c: tr(f"circular.crit.{c}") for c in card["criterion_id"].unique().to_list()}),
        pl.col("status").replace_strict({s: tr(f"circular.status.{s}") for s in _STATUSES}),
        "value", "comparator", "threshold_used",
        pl.col("threshold_basis").replace_strict(
            {b: tr(f"circular.basis.{b}") for b in card["threshold_basis"].unique()}),
        "shortfall", "unit", "legal_source",
        pl.col("evidence").replace_strict(
            {e: _evidence(e) for e in card["evidence"].drop_nulls().unique().to_list()},
            default=pl.col("evidence")),
    )
    st.dataframe(shown, hide_index=True, width="stretch", key="scorecard_table", column_config={
        "criterion_id": tr("circular.col.criterion"), "status": tr("circular.col.status"),
        "value": tr("circular.col.value"), "threshold_used": tr("circular.col.threshold"),
        "threshold_basis": tr("circular.col.basis"), "shortfall": tr("circular.col.shortfall"),
        "unit": tr("circular.col.unit"), "legal_source": tr("circular.col.source"),
        "evidence": tr("circular.col.evidence"), "comparator": " ",
    })


def _fact_form(user: User, park_id: str) -> None:
    with st.expander(tr("circular.page.facts_title")), st.form("park_fact_form"):
        indicator = st.selectbox(tr("circular.page.fact_indicator"), data.fact_indicators())
        value = st.number_input(tr("circular.page.fact_value"), min_value=0.0, step=0.01)
        fact_date = st.date_input(tr("circular.page.fact_date"), value=dt.date.today())
        note = st.text_input(tr("circular.page.fact_note"))
        if st.form_submit_button(tr("circular.page.fact_save")):
            with action_guard():
                data.add_park_fact(user, park_id=park_id, indicator=indicator,
                                   value=float(value), fact_date=fact_date,
                                   evidence_note=note or None)
                st.success(tr("circular.page.fact_saved"))


def _threshold_form(user: User) -> None:
    with st.expander(tr("circular.page.threshold_title")), st.form("threshold_form"):
        criterion = st.selectbox(tr("circular.col.criterion"), data.settable_criteria(),
                                 key="threshold_criterion")
        value = st.number_input(tr("circular.col.threshold"), min_value=0.0, step=0.01,
                                key="threshold_value")
        note = st.text_input(tr("circular.page.threshold_note"))
        if st.form_submit_button(tr("circular.page.threshold_save")):
            with action_guard():
                data.set_threshold(user, criterion, float(value), note or None)
                st.success(tr("circular.page.fact_saved"))


def main(user: User) -> None:
    f = for_user(user, show_sector=False)
    st.title(tr("circular.page.scorecard_title"))
    st.caption(tr("circular.page.scorecard_caption", year=f.year, version=CURRENT_VERSION))
    card = data.scorecard(user.scope, f.year)
    if card.is_empty():
        st.info(tr("dash.error.no_data_year", year=f.year), icon=":material/info:")
        return
    ranks = data.readiness(user.scope, f.year)
    names = data.park_names(user.scope, lang())
    if user.role != "park" and f.park_id is None:
        _ranking(ranks, names)
    park_id = f.park_id or user.park_id or ranks["park_id"][0]
    st.markdown(f"**{names.get(park_id, park_id)}** · "
                f"{num(ranks.filter(pl.col('park_id') == park_id)['readiness_frac'].sum() * 100)}"
                " %")
    _detail(card.filter(pl.col("park_id") == park_id))
    if user.role in ("park", "province", "admin"):
        _fact_form(user, park_id)
    if user.role == "admin":
        _threshold_form(user)


with page_guard():
    main(auth.require_user())

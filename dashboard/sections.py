"""Page sections shared by the Park and Enterprise pages (layout only; frames come in)."""

from __future__ import annotations

import math
from collections.abc import Callable

import polars as pl
import streamlit as st

from dashboard import cells, charts, data, ui, views
from dashboard.filters import Filters
from dashboard.ui import action_guard, lang, num, tr
from parkghg.i18n import catalogue
from service.access import User

TABLE_PAGE_SIZE = 15


def headline(emissions: pl.DataFrame, year: int, extra: list[tuple[str, str, str]]) -> None:
    """Total with change vs last year, Scope 1, Scope 2, then ``extra`` (label, value, help)."""
    head = views.headline(emissions, year)
    change = head.change_pct
    cols = st.columns(3 + len(extra))
    cols[0].metric(
        tr("dash.metric.total", year=year), num(head.total),
        delta=None if change is None else f"{num(change, 1)} %", delta_color="inverse",
        border=True, help=tr("dash.metric.total_help"),
    )
    cols[1].metric(tr("dash.metric.scope1"), num(head.scope1), border=True,
                   help=tr("dash.metric.scope1_help"))
    cols[2].metric(tr("dash.metric.scope2"), num(head.scope2), border=True,
                   help=tr("dash.metric.scope2_help"))
    for col, (label, value, help_text) in zip(cols[3:], extra, strict=True):
        col.metric(label, value, border=True, help=help_text)


def partial_note(activity: pl.DataFrame, year: int) -> bool:
    """Say that ``year`` is partial (months and enterprise-months in), and that the change
    shown is like for like; True when it is partial."""
    cover = views.year_coverage(activity).get(year)
    if cover is None or not cover.partial:
        return False
    st.info(tr("dash.year.partial_note", year=year, last=ui.month_label(cover.last_month),
               n=num(cover.enterprise_months)), icon=":material/hourglass_empty:")
    return True


def trends(emissions: pl.DataFrame, year: int) -> None:
    """Monthly trend by scope and by source, side by side (this year and last)."""
    by_scope = views.trend_window(views.monthly_by(emissions, "scope"), year)
    by_source = views.trend_window(views.monthly_by(emissions, "source_category"), year)
    by_source = by_source.with_columns(
        cells.label("source_category", "dash.source.", lang()).alias("source_label"))
    left, right = st.columns(2)
    left.altair_chart(charts.trend_by_scope(by_scope, lang()), width="stretch")
    right.altair_chart(charts.trend_by_source(by_source, lang()), width="stretch")


def energy(energy_frame: pl.DataFrame, year: int) -> None:
    """The year's energy mix in TOE."""
    items = energy_frame.get_column("item").unique().to_list() if energy_frame.height else []
    labels = {i: tr(f"dash.item.{i}") for i in items}
    mix = views.energy_mix(energy_frame, year, labels)
    if mix.is_empty():
        st.caption(tr("dash.energy.none"))
        return
    st.altair_chart(charts.energy_mix(mix, lang()), width="stretch")


def completeness(activity: pl.DataFrame, enterprises: pl.DataFrame, year: int) -> None:
    """Months reported per enterprise, as a heatmap."""
    grid = views.completeness(activity, enterprises, year)
    if grid.is_empty():
        return
    st.altair_chart(charts.completeness_heatmap(grid, lang()), width="content")
    shown = grid.get_column("label").n_unique()
    if shown < enterprises.height:
        st.caption(tr("dash.completeness.limited", shown=shown, total=enterprises.height))


def inventory(emissions: pl.DataFrame, year: int, key: str) -> None:
    """The year's inventory by scope × source × gas, a page at a time."""
    st.subheader(tr("dash.inventory.title", year=year))
    table = views.inventory_table(emissions, year)
    if table.is_empty():
        st.caption(tr("dash.error.no_data_year", year=year))
        return
    pages = max(1, math.ceil(table.height / TABLE_PAGE_SIZE))
    page = 1
    if pages > 1:
        page = st.number_input(tr("dash.inventory.page", pages=pages), min_value=1,
                               max_value=pages, value=1, step=1, key=f"inv_page_{key}")
    rows = views.page_of(table, int(page), TABLE_PAGE_SIZE)
    lg = lang()
    shown = rows.select(
        cells.label("scope", "dash.scope.", lg), cells.label("source_category", "dash.source.", lg),
        cells.text("gas"), cells.number("gas_t", lg, 3), cells.number("tco2e", lg, 1),
    )
    st.dataframe(
        shown, hide_index=True, width="stretch", key=f"inv_table_{key}",
        column_config={
            "scope": tr("dash.axis.scope"), "source_category": tr("dash.axis.source"),
            "gas": tr("dash.col.gas"), "gas_t": tr("dash.col.gas_t"),
            "tco2e": tr("dash.col.tco2e"),
        },
    )
    st.caption(tr("dash.inventory.caption", rows=table.height))


def locks_panel(user: User, f: Filters, done: Callable[[str], None]) -> None:
    """Lock or unlock a whole park-year; ``done(message)`` reports the outcome."""
    st.subheader(tr("dash.review.locks_title", year=f.year))
    st.caption(tr("dash.review.locks_help"))
    names = data.park_names(user.scope, lang())
    park_id = user.park_id or f.park_id
    if park_id is None:
        park_id = st.selectbox(tr("dash.park.pick"), list(names), format_func=names.get,
                               key="lock_park")
    locked = data.locks(user.scope, f.year)
    ents = data.enterprises(user.scope).filter(pl.col("park_id") == park_id)
    locked_here = locked.filter(pl.col("park_id") == park_id)
    st.markdown(tr("dash.review.locks_state", park=names.get(park_id, park_id),
                   months=num(locked_here.height), ents=num(ents.height)))
    closed = data.closed_months(f.year)
    to_lock = views.lockable(ents, locked_here, closed)
    left, right = st.columns(2)
    with left:
        if not closed:
            st.caption(tr("dash.locks.nothing_closed", year=f.year))
        else:
            st.caption(tr("dash.locks.preview", n=num(to_lock), ents=num(ents.height),
                          first=ui.month_label(closed[0]), last=ui.month_label(closed[-1])))
            sure = st.checkbox(tr("dash.locks.confirm", n=num(to_lock)),
                               key=f"lock_confirm_{park_id}_{f.year}", value=False,
                               disabled=to_lock == 0)
            if st.button(tr("dash.locks.lock_closed", year=f.year), key="lock_year",
                         icon=":material/lock:", width="stretch",
                         disabled=not sure or to_lock == 0):
                st.session_state.pop(f"lock_confirm_{park_id}_{f.year}", None)
                with action_guard():
                    n = data.lock_park_year(user, park_id, f.year, lock=True)
                    done(tr("dash.review.locked", n=num(n), year=f.year))
    if right.button(tr("dash.review.unlock_year", year=f.year), key="unlock_year",
                    icon=":material/lock_open:", width="stretch"):
        with action_guard():
            n = data.lock_park_year(user, park_id, f.year, lock=False)
            done(tr("dash.review.unlocked", n=num(n), year=f.year))


def _unit_word(unit: str) -> str:
    """A production unit in the reader's language (``pair`` → ``đôi``), else as stored."""
    key = f"dash.prod_unit.{unit}"
    return tr(key) if key in catalogue(lang()) else unit


def intensity(frame: pl.DataFrame, metrics: tuple[str, ...], entity_id: str) -> None:
    """Yearly intensity of one enterprise or park: the first of ``metrics`` it has data for."""
    mine = frame.filter((pl.col("entity_id") == entity_id) & pl.col("value").is_not_null())
    for metric in metrics:
        rows = mine.filter(pl.col("metric") == metric).sort("year")
        if rows.height:
            unit = tr(f"dash.intensity.{metric}", unit=_unit_word(rows["denominator_unit"][-1]))
            st.altair_chart(
                charts.intensity_trend(rows.select("year", pl.col("value").alias("intensity")),
                                       unit, lang()),
                width="stretch",
            )
            return
    st.caption(tr("dash.intensity.none"))

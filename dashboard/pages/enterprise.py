"""One enterprise: its trends, energy, completeness, thresholds and inventory."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import auth, data, panels, sections, views
from dashboard.filters import for_user, remembered
from dashboard.ui import lang, num, page_guard, tr
from service.access import User


def _pick_enterprise(user: User, ents: pl.DataFrame, park_id: str | None,
                     sector_id: str | None) -> str | None:
    if user.enterprise_id:
        return user.enterprise_id
    choices = views.narrow(ents, park_id=park_id, sector_id=sector_id)
    if choices.is_empty():
        return None
    labels = dict(zip(choices["enterprise_id"], choices["name"], strict=True))
    with st.sidebar:
        return remembered(st.selectbox, tr("dash.enterprise.pick"), list(labels),
                          "enterprise_page_ent", param="enterprise",
                          format_func=lambda e: f"{labels[e]} · {e}")


def _threshold_text(user: User, enterprise_id: str, gwp: str, basis: str, year: int,
                    partial: bool) -> str:
    flags = data.thresholds(user.scope, gwp, basis).filter(
        (pl.col("enterprise_id") == enterprise_id) & (pl.col("year") == year)
    )
    if flags.is_empty():
        return "–"
    over = flags.row(0, named=True)
    above = over["over_3000_tco2e"] or over["over_1000_toe"]
    if above:
        return tr("dash.threshold.above")
    # Below on a partial year says nothing yet: the missing months may carry it over.
    return tr("dash.threshold.not_yet") if partial else tr("dash.threshold.below")


def main(user: User) -> None:
    f = for_user(user)
    scope = user.scope
    ents = data.enterprises(scope)
    enterprise_id = _pick_enterprise(user, ents, f.park_id, f.sector_id)
    if enterprise_id is None:
        st.info(tr("dash.error.no_data"))
        return
    me = ents.filter(pl.col("enterprise_id") == enterprise_id)
    info = me.row(0, named=True)
    st.title(info["name"])
    st.caption(tr("dash.enterprise.caption", id=enterprise_id,
                  park=info[f"park_name_{lang()}"], sector=info[f"sector_name_{lang()}"],
                  year=f.year, gwp=f.gwp_set,
                  basis=tr(f"dash.filters.basis_{f.scope2_basis}")))
    em = views.narrow(data.emissions(scope, f.gwp_set, f.scope2_basis),
                      enterprise_id=enterprise_id)
    if views.in_year(em, f.year).is_empty():
        st.info(tr("dash.error.no_data_year", year=f.year), icon=":material/info:")
        return
    energy = views.narrow(data.energy(scope), enterprise_id=enterprise_id)
    activity = views.narrow(data.activity(scope), enterprise_id=enterprise_id)
    partial = sections.partial_note(activity, f.year)
    toe = float(views.in_year(energy, f.year).get_column("energy_toe").sum()) \
        if energy.height else 0.0
    sections.headline(em, f.year, [
        (tr("dash.metric.energy"), num(toe),
         tr("dash.metric.energy_help")),
        (tr("dash.metric.threshold"),
         _threshold_text(user, enterprise_id, f.gwp_set, f.scope2_basis, f.year, partial),
         tr("dash.metric.threshold_help")),
    ])
    panels.uncertainty_note(em, f.year)
    sections.trends(em, f.year)
    left, right = st.columns(2)
    with left:
        sections.energy(energy, f.year)
    with right:
        sections.intensity(data.intensity(scope, f.gwp_set, f.scope2_basis),
                           ("tco2e_per_output", "tco2e_per_billion_vnd"), enterprise_id)
    sections.completeness(activity, me, f.year)
    sections.inventory(em, f.year, "enterprise")


with page_guard():
    main(auth.require_user())

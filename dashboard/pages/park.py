"""One industrial park: trends, energy, completeness, its enterprises and inventory."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, charts, data, panels, sections, target_progress, views
from dashboard.filters import for_user, remembered
from dashboard.ui import lang, num, page_guard, tr
from service.access import User


def _pick_park(user: User) -> str | None:
    names = data.park_names(user.scope, lang())
    if user.park_id:
        return user.park_id
    if not names:
        return None
    with st.sidebar:
        return remembered(st.selectbox, tr("dash.park.pick"), list(names), "park_page_park",
                          param="park",
                          format_func=names.get)


def main(user: User) -> None:
    f = for_user(user, show_park=False)
    park_id = _pick_park(user)
    if park_id is None:
        st.info(tr("dash.error.no_data"))
        return
    scope = user.scope
    name = data.park_names(scope, lang()).get(park_id, park_id)
    st.title(name)
    st.caption(tr("dash.overview.caption", year=f.year, gwp=f.gwp_set,
                  basis=tr(f"dash.filters.basis_{f.scope2_basis}")))
    target_progress.show(user, park_id, f.gwp_set, f.scope2_basis)
    ents = views.narrow(data.enterprises(scope), park_id=park_id, sector_id=f.sector_id)
    em = views.narrow(data.emissions(scope, f.gwp_set, f.scope2_basis), park_id=park_id,
                      sector_id=f.sector_id)
    if views.in_year(em, f.year).is_empty():
        st.info(tr("dash.error.no_data_year", year=f.year), icon=":material/info:")
        return
    activity = views.narrow(data.activity(scope), park_id=park_id, sector_id=f.sector_id)
    energy = views.narrow(data.energy(scope), park_id=park_id, sector_id=f.sector_id)
    sections.partial_note(activity, f.year)
    rep = views.reporting(activity, ents["enterprise_id"].to_list(), f.year)
    toe = float(views.in_year(energy, f.year).get_column("energy_toe").sum()) \
        if energy.height else 0.0
    sections.headline(em, f.year, [
        (tr("dash.metric.reporting"), f"{rep.reporting} / {rep.expected}",
         tr("dash.metric.reporting_help")),
        (tr("dash.metric.energy"), num(toe),
         tr("dash.metric.energy_help")),
    ])
    panels.uncertainty_note(em, f.year)
    sections.trends(em, f.year)
    left, right = st.columns(2)
    with left:
        labels = dict(zip(ents["enterprise_id"], ents["name"], strict=True))
        top = views.ranked(views.in_year(em, f.year), "enterprise_id", labels)
        st.altair_chart(charts.ranking(top, "dash.chart.rank_enterprises", lang()),
                        width="stretch")
    with right:
        sections.energy(energy, f.year)
    left, right = st.columns(2)
    with left:
        sections.intensity(data.intensity(scope, f.gwp_set, f.scope2_basis),
                           ("tco2e_per_ha",), park_id)
    with right:
        sections.completeness(activity, ents, f.year)
    sections.inventory(em, f.year, "park")


with page_guard():
    main(auth.require_user())

"""The province map: Dong Nai's outline with its parks sized by emissions; a click opens a park."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, cells, park_map
from dashboard.filters import for_user
from dashboard.ui import lang, page_guard, tr
from service.access import User


def main(user: User) -> None:
    f = for_user(user, show_park=False)
    st.title(tr("dash.map.page_title"))
    st.caption(tr("dash.map.caption", year=f.year, gwp=f.gwp_set))
    points = park_map.park_markers(user, f)
    park_map.show(points, "province_map")
    st.caption(tr("dash.map.boundary"))
    st.caption(tr("dash.map.source"))
    lg = lang()
    table = points.sort("tco2e", descending=True).select(
        cells.text("label"), cells.number("tco2e", lg), cells.number("enterprises", lg))
    st.dataframe(table, hide_index=True, width="stretch", key="map_table", column_config={
        "label": tr("dash.col.park"), "tco2e": tr("dash.col.tco2e"),
        "enterprises": tr("dash.map.enterprises"),
    })


with page_guard():
    main(auth.require_user())

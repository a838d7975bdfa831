"""The park map as a page element: markers from the scoped data, a click opens the Park page.

Shared by the Overview and the Map page (layout and navigation only; the chart is
``maps.province_map``, the data come from ``data.py``).
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import landing, maps
from dashboard.filters import Filters
from dashboard.ui import lang
from service.access import User

PARK_PAGE = "pages/park.py"


def park_markers(user: User, f: Filters) -> pl.DataFrame:
    """One row per park in scope: name, coordinates, the year's tCO2e and its enterprises."""
    points = landing.park_points(user.scope, f, lang())
    return points.filter(pl.col("park_id") == f.park_id) if f.park_id else points


def open_park(park_id: str) -> None:
    """Go to the Park page showing ``park_id``."""
    st.session_state["park_page_park"] = park_id
    st.session_state[f"_park_page_park_{lang()}"] = park_id
    st.switch_page(PARK_PAGE)


def show(points: pl.DataFrame, key: str) -> None:
    """Draw the map; a click on a park (inside the reader's scope) opens it."""
    lg = lang()
    event = st.vega_lite_chart(spec=landing.map_spec(points, lg), width="stretch",
                               on_select="rerun", selection_mode=maps.SELECTION, key=key)
    picked = maps.picked_park(event)
    if picked is not None and picked in set(points["park_id"]):
        open_park(picked)

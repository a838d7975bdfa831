"""Two panels shown near the totals (issue 8), kept out of the page files they appear on.

* the combined uncertainty of the headline (Scope 1 + 2, Circular 38 boundary), IPCC 2006
  Approach 1 (``metrics.uncertainty``), flagged when it rests on UNVERIFIED defaults;
* the territorial total beside the sum of enterprise inventories, with the difference
  explained (``metrics.territorial``): energy one enterprise sells another counts once.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, views
from dashboard.ui import num, tr
from metrics.uncertainty import combined_uncertainty
from service.access import Scope


def headline_uncertainty(emissions: pl.DataFrame, year: int) -> dict | None:
    """``{"pct", "abs", "provisional"}`` of the year's headline, or None without a total."""
    # only the columns the uncertainty reads (a filter copies every column kept; issue 9)
    rows = views.lean(emissions, "year", "factor_ids", "tco2e").filter(pl.col("year") == year)
    if rows.is_empty():
        return None
    if "factor_ids" in rows.columns:
        rows = rows.with_columns(pl.col("factor_ids").cast(pl.String))
    found = combined_uncertainty(rows, by=("year",))
    if found.is_empty() or found["uncertainty_pct"][0] is None:
        return None
    r = found.row(0, named=True)
    return {"pct": r["uncertainty_pct"], "abs": r["uncertainty_tco2e"],
            "provisional": r["uncertainty_provisional"]}


def uncertainty_note(emissions: pl.DataFrame, year: int) -> None:
    """One caption under the headline metrics: ±% and ±tCO2e of the year's total."""
    show_uncertainty(headline_uncertainty(emissions, year), year)


def show_uncertainty(u: dict | None, year: int) -> None:
    """The caption of :func:`uncertainty_note` from figures already computed (or None)."""
    if u is None:
        return
    text = tr("dash.uncertainty.caption", year=year, pct=num(u["pct"], 1), abs=num(u["abs"]))
    if u["provisional"]:
        text = f"{text} {tr('dash.uncertainty.unverified')}"
    st.caption(text)


def territorial(scope: Scope, year: int, gwp_set: str, basis: str, park_id: str | None,
                sector_id: str | None = None) -> None:
    """Sum of inventories, energy counted twice, territorial total; then why they differ."""
    frame = data.territorial(scope, year, gwp_set, basis, park_id).filter(
        pl.col("year") == year)
    if frame.is_empty():
        return
    r = frame.row(0, named=True)
    st.subheader(tr("dash.territorial.title", year=year))
    cols = st.columns(3)
    cols[0].metric(tr("dash.territorial.sum"), num(r["sum_of_inventories_tco2e"]), border=True,
                   help=tr("dash.territorial.sum_help"))
    cols[1].metric(tr("dash.territorial.transfers"), num(r["internal_energy_transfers_tco2e"]),
                   border=True, help=tr("dash.territorial.transfers_help"))
    cols[2].metric(tr("dash.territorial.total"), num(r["territorial_tco2e"]), border=True,
                   help=tr("dash.territorial.total_help"))
    if r["transfers"]:
        st.caption(tr("dash.territorial.explain", n=num(r["transfers"]),
                      diff=num(r["internal_energy_transfers_tco2e"], 1)))
    else:
        st.caption(tr("dash.territorial.equal"))
    if sector_id:
        st.caption(tr("dash.territorial.not_by_sector"))

"""The "progress toward targets" strip that leads the overview and park pages (issue 12).

Why a module of its own: the overview and park pages are edited by others; each calls
``show(user, park_id=…)`` once at the top and this module owns the rest. Every status shows
the rule that produced it, and targets whose baseline is not verified say so.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data
from dashboard.ui import num, tr
from parkghg.log import get_logger
from service.access import User

log = get_logger(__name__)

#: Streamlit colour per status (targets and scorecard criteria), for coloured badges; plain
#: words elsewhere (emoji glyphs are missing from many office PCs' fonts).
STATUS_COLOURS = {"met": "green", "on_track": "green", "at_risk": "orange", "off_track": "red",
                  "missed": "red", "insufficient_data": "gray", "unknown": "gray"}
_MAX_SHOWN = 4


def relevant(progress: pl.DataFrame, park_id: str | None) -> pl.DataFrame:
    """Targets of one park (and its enterprises are left to the Targets page), or the
    province's when no park is chosen."""
    if progress.is_empty():
        return progress
    if park_id is None:
        return progress.filter(pl.col("level") == "province")
    return progress.filter((pl.col("level") == "park") & (pl.col("subject_id") == park_id))


def show(user: User, park_id: str | None = None, gwp_set: str = "AR5",
         basis: str = "location") -> None:
    """A row of target cards: status (with its rule), latest actual vs pathway, target value."""
    try:
        rows = relevant(data.target_progress(user.scope, gwp_set, basis), park_id)
    except Exception:  # the strip must never break the page it leads; the log has the cause
        log.exception("target progress strip failed")
        return
    if rows.is_empty():
        return
    st.subheader(tr("circular.section.progress_title"))
    rows = rows.sort("target_year").head(_MAX_SHOWN)
    cols = st.columns(rows.height)
    for col, rec in zip(cols, rows.iter_rows(named=True), strict=True):
        status = rec["status"]
        unit = tr(f"circular.metric.{rec['metric']}")
        label = f"−{num(rec['reduction_frac'] * 100)} % → {rec['target_year']}"
        value = tr(f"circular.status.{status}")
        gap = rec.get("gap")
        col.metric(label, value, border=True,
                   delta=None if gap is None else f"{num(gap)} {unit}",
                   delta_color="inverse",
                   help=tr(f"circular.rule.{status}")
                   + ("" if rec["verification"] == "VERIFIED"
                      else f" · {tr('circular.page.unverified')}"))
        if rec.get("latest_year") is not None:
            col.caption(f"{tr('circular.metric.latest', year=rec['latest_year'])}: "
                        f"{num(rec['latest_value'])} {unit}")

"""Reduction targets: trajectory with pathway, projection and band; why emissions changed."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import auth, circular_charts, data
from dashboard.filters import for_user
from dashboard.target_progress import STATUS_COLOURS
from dashboard.ui import lang, num, page_guard, tr
from service.access import User


def _label(rec: dict, parks: dict[str, str]) -> str:
    subject = (tr("circular.page.province") if rec["level"] == "province"
               else parks.get(rec["subject_id"], rec["subject_id"]))
    return tr("circular.page.target_label", subject=subject,
              pct=num(rec["reduction_frac"] * 100), year=rec["target_year"],
              base=rec["base_year"], metric=tr(f"circular.metric.{rec['metric']}"))


def _status(rec: dict, unit: str) -> None:
    cols = st.columns([3, 2, 2, 2])
    status = rec["status"]
    cols[0].metric(tr("circular.metric.status"), tr(f"circular.status.{status}"),
                   border=True, help=tr(f"circular.rule.{status}"))
    cols[0].badge(tr(f"circular.rule.{status}"), color=STATUS_COLOURS.get(status, "gray"))
    latest = rec.get("latest_year")
    cols[1].metric(f"{tr('circular.metric.latest', year=latest or '–')} ({unit})",
                   num(rec.get("latest_value")), border=True,
                   delta=None if rec.get("gap") is None else num(rec["gap"]),
                   delta_color="inverse", help=tr("circular.col.gap"))
    cols[2].metric(f"{tr('circular.metric.target_value', year=rec['target_year'])} ({unit})",
                   num(rec.get("target_value")), border=True)
    cols[3].metric(f"{tr('circular.metric.projected', year=rec['target_year'])} ({unit})",
                   num(rec.get("projected")), border=True,
                   help=None if rec.get("projected") is None else
                   f"{num(rec['projected_low'])} – {num(rec['projected_high'])} {unit}")
    if latest is not None and rec.get("latest_months_n") is not None:
        st.caption(tr("circular.page.quality", year=latest, e=rec["latest_enterprises_n"],
                      m=rec["latest_months_n"],
                      p=num((rec.get("latest_provisional_frac") or 0) * 100)))
    st.caption(f"{tr('circular.col.rule')}: {tr(f'circular.rule.{status}')}"
               + ("" if rec["verification"] == "VERIFIED"
                  else f" · {tr('circular.page.unverified_base')}"))


def main(user: User) -> None:
    f = for_user(user, show_sector=False)
    st.title(tr("circular.page.targets_title"))
    st.caption(tr("circular.page.targets_caption"))
    progress = data.target_progress(user.scope, f.gwp_set, f.scope2_basis)
    if progress.is_empty():
        st.info(tr("circular.page.no_targets"), icon=":material/info:")
    else:
        parks = data.park_names(user.scope, lang())
        records = {r["target_id"]: r for r in progress.iter_rows(named=True)}
        target_id = st.selectbox(tr("circular.page.pick_target"), list(records),
                                 format_func=lambda k: _label(records[k], parks),
                                 key="target_pick")
        rec = records[target_id]
        unit = tr(f"circular.metric.{rec['metric']}")
        _status(rec, unit)
        traj = data.trajectory(user.scope, target_id, f.gwp_set, f.scope2_basis)
        if traj.height:
            st.altair_chart(circular_charts.trajectory(traj, unit, lang()), width="stretch")
    st.subheader(tr("circular.page.decomposition_title", y0=f.year - 1, y1=f.year))
    st.caption(tr("circular.page.decomposition_caption"))
    wf = data.decomposition(user.scope, f.year, f.park_id, f.gwp_set, f.scope2_basis)
    if wf.is_empty():
        st.info(tr("circular.page.no_decomposition"), icon=":material/info:")
        return
    st.altair_chart(circular_charts.waterfall(wf, lang()), width="stretch")
    steps = {s: tr(f"circular.effect.{s}") for s in wf["step"].unique().to_list()}
    st.dataframe(wf.with_columns(pl.col("step").replace_strict(steps)).select("step", "tco2e"),
        hide_index=True, key="lmdi_table",
        column_config={"step": " ", "tco2e": tr("circular.col.tco2e")})


with page_guard():
    main(auth.require_user())

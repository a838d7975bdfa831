"""JCM candidates: ranked projects each enterprise could form, with editable assumptions.

The figures are indicative (planning costs and several ex-ante defaults are UNVERIFIED); the
conservative JCM grid factor is the province's setting, and without it grid-based candidates
show no reduction rather than one borrowed from the inventory's grid factor.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import auth, cells, data
from dashboard.filters import for_user
from dashboard.ui import action_guard, lang, num, page_guard, tr
from service.access import User

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# (technology, assumption, label key, default, step) offered for editing on the page
EDITABLE = (
    ("rooftop_solar", "yield_kwh_per_kwp", "jcm.page.a_yield", 1350.0, 50.0),
    ("rooftop_solar", "daytime_share_frac", "jcm.page.a_daytime", 0.55, 0.05),
    ("high_efficiency_chiller", "cooling_share_frac", "jcm.page.a_cooling", 0.35, 0.05),
    ("biomass_boiler", "eta_PJ", "jcm.page.a_eta_biomass", 0.85, 0.01),
)
SHOWN = ["rank_in_province", "rank_in_park", "enterprise_id", "enterprise_name", "park_id",
         "technology_id", "methodology_id", "basis", "er_tco2_per_year", "er_tco2_lifetime",
         "investment_usd", "jcm_financing_usd", "cost_usd_per_tco2", "needs_setting",
         "assumptions"]


def _grid_factor(user: User) -> None:
    settings = data.jcm_settings()
    grid = settings.filter(pl.col("setting_key") == "grid_ef").row(0, named=True)
    if grid["value"] is None:
        st.warning(tr("jcm.page.grid_unset"), icon=":material/warning:")
    else:
        st.caption(tr("jcm.page.grid_set", value=num(grid["value"], 4),
                      verification=grid["verification"], source=grid["source"]))
    if user.role not in ("province", "admin"):
        return
    with st.expander(tr("jcm.page.grid_form"), icon=":material/tune:"), \
            st.form("jcm_grid_form"):
        value = st.number_input(tr("jcm.page.grid_value"), min_value=0.0, max_value=2.0,
                                value=None, step=0.01, format="%.4f", key="jcm_grid_value")
        source = st.text_input(tr("jcm.page.grid_source"), key="jcm_grid_source")
        verification = st.selectbox(tr("jcm.col_verification"),
                                    ["UNVERIFIED", "SINGLE_SOURCE", "VERIFIED"],
                                    key="jcm_grid_verification")
        if st.form_submit_button(tr("jcm.page.save")) and value is not None:
            with action_guard():
                data.jcm_set_setting(user, "grid_ef", float(value), source, verification)
                st.success(tr("jcm.page.saved"))


def _overrides() -> tuple[tuple[str, str, float], ...]:
    out = []
    with st.sidebar, st.expander(tr("jcm.page.assumptions"), icon=":material/edit:"):
        for tech, name, key, default, step in EDITABLE:
            value = st.number_input(tr(key), value=default, step=step, key=f"jcm_a_{name}")
            if value != default:
                out.append((tech, name, float(value)))
    return tuple(out)


def main(user: User) -> None:
    f = for_user(user, show_sector=False)
    st.title(tr("jcm.page.candidates_title"))
    st.caption(tr("jcm.indicative_note"))
    _grid_factor(user)
    overrides = _overrides()
    table = data.jcm_candidates(user.scope, f.year, f.park_id, overrides)
    if table.is_empty():
        st.info(tr("dash.error.no_data_year", year=f.year), icon=":material/info:")
        return
    techs = sorted(table["technology_id"].unique().to_list())
    chosen = st.multiselect(tr("jcm.col_technology"), techs, default=techs, key="jcm_techs")
    shown = table.filter(pl.col("technology_id").is_in(chosen))
    cols = st.columns(4)
    cols[0].metric(tr("jcm.page.m_candidates"), num(shown.height))
    cols[1].metric(tr("jcm.col_er_per_year"), num(shown["er_tco2_per_year"].sum()))
    cols[2].metric(tr("jcm.col_investment"), num(shown["investment_usd"].sum()))
    cols[3].metric(tr("jcm.col_financing_usd"), num(shown["jcm_financing_usd"].sum()))
    st.dataframe(cells.localised(
        shown.with_columns(basis=pl.col(f"basis_{lang()}")).select(SHOWN), lang()),
        hide_index=True, width="stretch")
    from metrics.jcm.screening import technology_fit

    st.subheader(tr("jcm.technologies_title"))
    fit = technology_fit(shown)
    st.dataframe(cells.localised(
        fit.select("technology_id", f"name_{lang()}", "typical_saving", "enterprises",
                   "er_tco2_per_year", "investment_usd", "source", "verification"), lang()),
                 hide_index=True, width="stretch")
    request = (f, tuple(chosen), overrides)
    ready = st.session_state.setdefault("jcm_ready", {})
    if st.button(tr("jcm.page.prepare"), key="jcm_prepare", icon=":material/build:"):
        content = data.jcm_candidates_xlsx(shown)
        data.jcm_record_export(user, "jcm_candidates", len(content), year=f.year,
                               park_id=f.park_id)
        ready["candidates"] = (request, content)
    stored = ready.get("candidates")
    if stored is not None and stored[0] == request:
        st.download_button(tr("jcm.page.download"), stored[1],
                           file_name=f"parkghg_jcm_candidates_{f.park_id or 'all'}_{f.year}.xlsx",
                           mime=XLSX, on_click="ignore", icon=":material/download:",
                           type="primary", key="jcm_download")

with page_guard():
    main(auth.require_user())

"""JCM candidate screening: which projects each enterprise could form, and what they would save.

A pure function of one year's monthly activity, the enterprises' profile (sector, roof area),
the factor library (fuel energy and CO2 come from the same traced factors as the inventory),
the technology catalogue (``metrics.jcm.catalogue``) and the province's JCM settings. Each
candidate is estimated *with its methodology's own formula* (``metrics.jcm.registry``), so a
screening figure and a later monitoring figure rest on the same arithmetic.

Rules (each assumption editable through ``overrides[technology_id][name]``):

* rooftop solar — every enterprise with a roof area and grid electricity: kWp = roof ×
  usable share / m² per kWp; output = kWp × specific yield, capped at the daytime share of its
  grid electricity (self-consumption); existing on-site solar is subtracted from the cap;
* chillers / HVAC — sectors with large cooling loads (catalogue ``applicable_sectors``): the
  cooling share of grid electricity is the reference consumption; the project chiller uses
  ``COP_RE/COP_PJ`` of it;
* boilers on fuel oil, diesel or coal (stationary use, ≥ ``min_fuel_tj``): switch to biomass,
  switch to gas, or a high-efficiency boiler on the same fuel;
* by-product recovery (symbiosis): wood or textile waste sent to landfill/incineration/other
  that a park neighbour burning fossil boiler fuel could use instead.

Grid-based candidates need the province's conservative JCM grid factor (setting ``grid_ef``):
without it their reduction is left empty and ``needs_setting`` says so — never filled in from
the inventory's grid factor. Every figure is *indicative* (investment ranges and most defaults
are UNVERIFIED planning values).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import polars as pl
from pydantic import BaseModel, ConfigDict

from metrics.factors import FactorLibrary
from metrics.inventory import CalcParams, compute_emissions
from metrics.jcm import registry
from metrics.jcm.base import Verification
from metrics.jcm.catalogue import fits, technology, technology_catalogue
from parkghg.i18n import LANGS, fmt_number, t
from parkghg.log import get_logger

log = get_logger(__name__)

#: Most the JCM model-project scheme finances of the initial investment (issue 13).
JCM_FINANCING_CAP_FRAC = 0.5
FOSSIL_BOILER_FUELS = ("fuel_oil", "diesel", "coal_anthracite", "coal_bituminous",
                       "coal_subbituminous")
#: Waste items with a usable heating value and the NCV assumed for them (GJ/t).
BYPRODUCT_NCV_GJ_PER_T: dict[str, float] = {
    "wood_waste": 15.6,  # IPCC 2006 GL Vol2 Ch1 Table 1.2, wood/wood waste (VERIFIED in factors_v1)
    "textile": 15.0,  # UNVERIFIED planning value
}
BYPRODUCT_TREATMENTS = ("landfill", "incineration", "other")
#: IPCC 2006 GL Vol2 Ch1 Table 1.4 (factors_v1 IPCC06_T1.4_CO2_natural_gas).
NATURAL_GAS_CO2_T_PER_TJ = 56.1

DEFAULT_ASSUMPTIONS: dict[str, dict[str, float]] = {
    "rooftop_solar": {"usable_roof_frac": 0.7, "m2_per_kwp": 6.5, "yield_kwh_per_kwp": 1350.0,
                      "daytime_share_frac": 0.55},
    "high_efficiency_chiller": {"cooling_share_frac": 0.35, "full_load_hours": 5000.0},
    "inverter_hvac": {"hvac_share_frac": 0.10, "full_load_hours": 3000.0},
    "biomass_boiler": {"min_fuel_tj": 1.0, "full_load_hours": 5000.0, "eta_PJ": 0.85,
                       "eta_RE": 0.89},
    "gas_boiler": {"min_fuel_tj": 1.0, "full_load_hours": 5000.0, "eta_PJ": 0.92,
                   "eta_RE": 0.92},
    "boiler_efficiency": {"min_fuel_tj": 1.0, "full_load_hours": 5000.0, "eta_PJ": 0.92,
                          "eta_RE": 0.80},
    "byproduct_biomass": {"full_load_hours": 5000.0, "eta_PJ": 0.85, "eta_RE": 0.89},
}
#: Every candidate's JCM financing share of the investment (editable, capped at 50 %).
DEFAULT_FINANCING_FRAC = 0.5

CANDIDATE_SCHEMA: dict[str, pl.DataType] = {
    "enterprise_id": pl.String(), "park_id": pl.String(), "sector_id": pl.String(),
    "year": pl.Int32(), "technology_id": pl.String(), "methodology_id": pl.String(),
    "basis_vi": pl.String(), "basis_en": pl.String(), "capacity": pl.Float64(),
    "capacity_unit": pl.String(),
    "assumptions": pl.String(), "er_tco2_per_year": pl.Float64(),
    "lifetime_years": pl.Int32(), "er_tco2_lifetime": pl.Float64(),
    "investment_usd_low": pl.Float64(), "investment_usd_high": pl.Float64(),
    "investment_usd": pl.Float64(), "jcm_financing_frac": pl.Float64(),
    "jcm_financing_usd": pl.Float64(), "cost_usd_per_tco2": pl.Float64(),
    "jcm_cost_usd_per_tco2": pl.Float64(), "indicative": pl.Boolean(),
    "needs_setting": pl.String(), "rank_in_park": pl.Int32(), "rank_in_province": pl.Int32(),
}


class SettingValue(BaseModel):
    """A province JCM setting as the calculation needs it: the value and how sure it is."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float
    verification: Verification


def _assumptions(tech: str, overrides: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    out = {**DEFAULT_ASSUMPTIONS.get(tech, {}), "jcm_financing_frac": DEFAULT_FINANCING_FRAC}
    out.update(overrides.get(tech, {}))
    out["jcm_financing_frac"] = min(max(out["jcm_financing_frac"], 0.0), JCM_FINANCING_CAP_FRAC)
    return out


def _grid(settings: Mapping[str, SettingValue]) -> tuple[float | None, dict[str, Verification]]:
    grid = settings.get("grid_ef")
    return (grid.value if grid else None), ({} if grid is None else {"grid": grid.verification})


def _basis(key: str, **values: str | tuple[float, int]) -> dict[str, str]:
    """What an estimate rests on, in Vietnamese and in English (``basis_vi``, ``basis_en``).

    Why both here: the candidate list goes to workshops read in both languages, and a sentence
    built in one language (as it once was, in English only) cannot be translated later. A
    number is given as (value, decimals) and written in each reader's own format.
    """
    out = {}
    for lang in LANGS:
        params = {k: v if isinstance(v, str) else fmt_number(v[0], lang, v[1])
                  for k, v in values.items()}
        out[f"basis_{lang}"] = t(key, lang, **params)
    return out


class _Builder:
    """Collects candidate rows with their money and ranking columns."""

    def __init__(self, year: int, settings: Mapping[str, SettingValue],
                 overrides: Mapping[str, Mapping[str, float]]) -> None:
        self.year = year
        self.settings = settings
        self.overrides = overrides
        self.rows: list[dict] = []

    def add(self, ent: Mapping, tech: str, basis: dict[str, str], capacity: float,
            values: dict[str, float | None], assumptions: dict[str, float]) -> None:
        cat = technology(tech)
        method_id = cat["methodology_id"]
        method = registry.methodology(method_id)
        verification: dict[str, Verification] = {}
        needs: list[str] = []
        for p in method.fixed:
            if p.setting:
                setting = self.settings.get(p.setting)
                if setting is None:
                    needs.append(p.setting)
                else:
                    values[p.name] = setting.value
                    verification[p.name] = setting.verification
        er = None
        if not needs:
            er = registry.compute(method_id, values, verification).er_tco2
        life = int(cat["lifetime_years"])
        low = capacity * cat["cost_low_usd_per_unit"]
        high = capacity * cat["cost_high_usd_per_unit"]
        mid = (low + high) / 2
        frac = assumptions["jcm_financing_frac"]
        lifetime = er * life if er is not None else None
        used = {**assumptions, **{k: v for k, v in values.items() if v is not None}}
        self.rows.append({
            "enterprise_id": ent["enterprise_id"], "park_id": ent["park_id"],
            "sector_id": ent["sector_id"], "year": self.year, "technology_id": tech,
            "methodology_id": method_id, **basis, "capacity": capacity,
            "capacity_unit": cat["capacity_unit"],
            "assumptions": json.dumps({k: round(v, 6) for k, v in sorted(used.items())}),
            "er_tco2_per_year": er, "lifetime_years": life, "er_tco2_lifetime": lifetime,
            "investment_usd_low": low, "investment_usd_high": high, "investment_usd": mid,
            "jcm_financing_frac": frac, "jcm_financing_usd": mid * frac,
            "cost_usd_per_tco2": mid / lifetime if lifetime else None,
            "jcm_cost_usd_per_tco2": mid * frac / lifetime if lifetime else None,
            # Always indicative at screening: investment ranges are planning values, and the
            # methodology's own flag says which ex-ante values are still unverified.
            "indicative": True,
            "needs_setting": "; ".join(needs) or None,
            "rank_in_park": None, "rank_in_province": None,
        })

    def frame(self) -> pl.DataFrame:
        df = pl.DataFrame(self.rows, schema=CANDIDATE_SCHEMA, orient="row") if self.rows \
            else pl.DataFrame(schema=CANDIDATE_SCHEMA)
        return rank_candidates(df)


#: A candidate's identity, which orders candidates of equal reduction (a full screening and
#: one patched park by park then rank alike).
_TIE_ORDER = ("enterprise_id", "technology_id", "basis_en", "capacity")


def rank_candidates(candidates: pl.DataFrame) -> pl.DataFrame:
    """``candidates`` ranked by estimated reduction per year, in their park and the province
    (unestimated ones last; equal reductions by enterprise, technology and basis), sorted
    by the province rank.

    Why public: after an upload the dashboard re-screens only the changed parks (a by-product
    candidate depends on the park's fuel users) and ranks the whole list again."""
    rank = pl.col("er_tco2_per_year").fill_null(-1.0)
    ordered = candidates.sort(list(_TIE_ORDER), nulls_last=True)
    return ordered.with_columns(
        rank_in_park=rank.rank("ordinal", descending=True).over("park_id").cast(pl.Int32),
        rank_in_province=rank.rank("ordinal", descending=True).cast(pl.Int32),
    ).sort(["rank_in_province"])


def _electricity(activity: pl.DataFrame) -> pl.DataFrame:
    """Grid and on-site solar MWh per enterprise in the year."""
    elec = activity.filter(pl.col("category") == "electricity")
    return elec.group_by("enterprise_id").agg(
        grid_mwh=pl.col("quantity_canonical").filter(pl.col("item") == "grid").sum(),
        solar_mwh=pl.col("quantity_canonical").filter(pl.col("item") == "onsite_solar").sum(),
    )


def boiler_fuels(activity: pl.DataFrame, library: FactorLibrary) -> pl.DataFrame:
    """Fossil boiler fuel per enterprise and item: energy (TJ) and CO2 (t), from the inventory
    engine's own factors (stationary combustion, CO2 rows, so energy is counted once)."""
    act = activity.filter((pl.col("category") == "fuel")
                          & pl.col("item").is_in(FOSSIL_BOILER_FUELS)
                          & (pl.col("use").fill_null("stationary") == "stationary"))
    if act.height == 0:
        return pl.DataFrame(schema={"enterprise_id": pl.String, "item": pl.String,
                                    "fuel_tj": pl.Float64, "co2_t": pl.Float64})
    em = compute_emissions(act, library, CalcParams())
    em = em.filter((pl.col("source_category") == "stationary_combustion")
                   & (pl.col("gas") == "CO2"))
    return em.group_by("enterprise_id", "item").agg(
        fuel_tj=pl.col("energy_tj").sum(), co2_t=pl.col("gas_t").sum(),
    ).sort("enterprise_id", "item")


def jcm_candidates(
    activity: pl.DataFrame,
    profile: pl.DataFrame,
    library: FactorLibrary,
    settings: Mapping[str, SettingValue],
    year: int,
    overrides: Mapping[str, Mapping[str, float]] | None = None,
) -> pl.DataFrame:
    """Ranked JCM candidates (``CANDIDATE_SCHEMA``) for ``year``.

    ``activity`` is ``read_current_activity`` rows; ``profile`` has ``enterprise_id``,
    ``park_id``, ``sector_id`` and ``roof_area_m2``; ``settings`` the province's JCM settings
    (``grid_ef``); ``overrides`` edits any assumption per technology.
    """
    overrides = overrides or {}
    act = activity.filter(pl.col("period").dt.year() == year)
    b = _Builder(year, settings, overrides)
    elec = {r["enterprise_id"]: r for r in _electricity(act).iter_rows(named=True)}
    fuels = boiler_fuels(act, library)
    ents = {r["enterprise_id"]: r for r in profile.iter_rows(named=True)}
    for ent_id, ent in ents.items():
        e = elec.get(ent_id)
        if e is None:
            continue
        _solar(b, ent, e, overrides)
        _cooling(b, ent, e, overrides)
    for f in fuels.iter_rows(named=True):
        ent = ents.get(f["enterprise_id"])
        if ent is not None:
            _boilers(b, ent, f, overrides)
    _byproducts(b, act, ents, fuels, overrides)
    out = b.frame()
    log.info("JCM screening %d: %d candidate(s)", year, out.height)
    return out


def _solar(b: _Builder, ent: Mapping, e: Mapping, overrides: Mapping) -> None:
    a = _assumptions("rooftop_solar", overrides)
    roof = ent.get("roof_area_m2") or 0.0
    if roof <= 0 or e["grid_mwh"] <= 0:
        return
    kwp_roof = roof * a["usable_roof_frac"] / a["m2_per_kwp"]
    cap_mwh = max(e["grid_mwh"] * a["daytime_share_frac"] - e["solar_mwh"], 0.0)
    output = min(kwp_roof * a["yield_kwh_per_kwp"] / 1000.0, cap_mwh)
    if output <= 0:
        return
    kwp = output * 1000.0 / a["yield_kwh_per_kwp"]
    basis = _basis("jcm.basis_rooftop_solar", roof_m2=(roof, 0), grid_mwh=(e["grid_mwh"], 1),
                   solar_mwh=(e["solar_mwh"], 1), kwp=(kwp, 0), output_mwh=(output, 1))
    b.add(ent, "rooftop_solar", basis, kwp, {"EG_pv_mwh": output}, a)


def _cooling(b: _Builder, ent: Mapping, e: Mapping, overrides: Mapping) -> None:
    if e["grid_mwh"] <= 0:
        return
    if fits("high_efficiency_chiller", ent["sector_id"]):
        a = _assumptions("high_efficiency_chiller", overrides)
        method = registry.methodology("th_am005_chiller")
        cop_pj = a.get("COP_PJ", method.parameter("COP_PJ").default)
        cop_re = a.get("COP_RE", method.parameter("COP_RE").default)
        ec_base = e["grid_mwh"] * a["cooling_share_frac"]
        ec_pj = ec_base * cop_re / cop_pj
        kw_cool = ec_base * 1000.0 / a["full_load_hours"] * cop_re
        basis = _basis("jcm.basis_chiller", share_pct=(a["cooling_share_frac"] * 100, 0),
                       grid_mwh=(e["grid_mwh"], 1))
        b.add(ent, "high_efficiency_chiller", basis, kw_cool,
              {"EC_PJ_mwh": ec_pj, "COP_PJ": cop_pj, "COP_RE": cop_re}, a)
    elif fits("inverter_hvac", ent["sector_id"]):
        a = _assumptions("inverter_hvac", overrides)
        method = registry.methodology("vn_am003_buildings")
        eta_pj = a.get("eta_PJ", method.parameter("eta_PJ").default)
        eta_re = a.get("eta_RE", method.parameter("eta_RE").default)
        ec_base = e["grid_mwh"] * a["hvac_share_frac"]
        ec_pj = ec_base * eta_re / eta_pj
        kw_cool = ec_base * 1000.0 / a["full_load_hours"] * eta_re
        basis = _basis("jcm.basis_hvac", share_pct=(a["hvac_share_frac"] * 100, 0),
                       grid_mwh=(e["grid_mwh"], 1))
        b.add(ent, "inverter_hvac", basis, kw_cool,
              {"EC_PJ_mwh": ec_pj, "FC_PJ_tj": 0.0, "eta_PJ": eta_pj, "eta_RE": eta_re}, a)


def _boiler_kw(fuel_tj: float, hours: float) -> float:
    """Thermal capacity (kW) burning ``fuel_tj`` a year over ``hours`` full-load hours."""
    return fuel_tj * 1e6 / 3.6 / hours  # 1 TJ = 1e6 MJ = 1e6/3.6 kWh


def _boilers(b: _Builder, ent: Mapping, f: Mapping, overrides: Mapping) -> None:
    fuel_tj, co2 = f["fuel_tj"], f["co2_t"]
    if not fuel_tj or fuel_tj <= 0:
        return
    ef_re = co2 / fuel_tj
    what = _basis("jcm.basis_boiler", item=f["item"], fuel_tj=(fuel_tj, 2), co2_t=(co2, 1))
    for tech, ef_pj in (("biomass_boiler", 0.0), ("gas_boiler", NATURAL_GAS_CO2_T_PER_TJ),
                        ("boiler_efficiency", ef_re)):
        a = _assumptions(tech, overrides)
        if fuel_tj < a["min_fuel_tj"] or (tech == "gas_boiler" and ef_re <= ef_pj):
            continue
        # The project boiler delivers the same heat: FC_PJ = FC_base × η_base / η_PJ, where the
        # existing boiler's efficiency is taken equal to the (conservative) reference one.
        fc_pj = fuel_tj * a["eta_RE"] / a["eta_PJ"]
        b.add(ent, tech, what, _boiler_kw(fuel_tj, a["full_load_hours"]) * a["eta_RE"],
              {"FC_PJ_tj": fc_pj, "eta_PJ": a["eta_PJ"], "eta_RE": a["eta_RE"],
               "EF_RE_tco2_per_tj": ef_re, "EF_PJ_tco2_per_tj": ef_pj}, a)


def _byproducts(b: _Builder, act: pl.DataFrame, ents: Mapping[str, Mapping],
                fuels: pl.DataFrame, overrides: Mapping) -> None:
    waste = act.filter((pl.col("category") == "waste")
                       & pl.col("item").is_in(list(BYPRODUCT_NCV_GJ_PER_T))
                       & pl.col("treatment").is_in(BYPRODUCT_TREATMENTS))
    if waste.height == 0 or fuels.height == 0:
        return
    by = waste.group_by("enterprise_id", "item").agg(
        t=pl.col("quantity_canonical").sum(),
        counterparties=pl.col("counterparty").drop_nulls().unique().sort().str.join("; "),
    ).sort("enterprise_id", "item")
    users = fuels.join(pl.DataFrame({"enterprise_id": list(ents),
                                     "park_id": [e["park_id"] for e in ents.values()]}),
                       on="enterprise_id").sort("fuel_tj", descending=True)
    a = _assumptions("byproduct_biomass", overrides)
    for w in by.iter_rows(named=True):
        ent = ents.get(w["enterprise_id"])
        if ent is None:
            continue
        neighbours = users.filter((pl.col("park_id") == ent["park_id"])
                                  & (pl.col("enterprise_id") != ent["enterprise_id"]))
        if neighbours.height == 0:
            continue
        n = neighbours.row(0, named=True)
        energy_tj = w["t"] * BYPRODUCT_NCV_GJ_PER_T[w["item"]] / 1000.0
        fc_pj = min(energy_tj, n["fuel_tj"] * a["eta_RE"] / a["eta_PJ"])
        basis = _basis("jcm.basis_byproduct", item=w["item"], t=(w["t"], 1),
                       to=w["counterparties"] or "?", user=n["enterprise_id"],
                       user_item=n["item"], user_fuel_tj=(n["fuel_tj"], 2))
        b.add(ent, "byproduct_biomass", basis,
              _boiler_kw(fc_pj * a["eta_PJ"] / a["eta_RE"], a["full_load_hours"]) * a["eta_RE"],
              {"FC_PJ_tj": fc_pj, "eta_PJ": a["eta_PJ"], "eta_RE": a["eta_RE"],
               "EF_RE_tco2_per_tj": n["co2_t"] / n["fuel_tj"], "EF_PJ_tco2_per_tj": 0.0}, a)


def technology_fit(candidates: pl.DataFrame) -> pl.DataFrame:
    """Per technology: how many enterprises it fits and what it would save (workshop view)."""
    cat = technology_catalogue().select("technology_id", "name_en", "name_vi",
                                        "typical_saving", "source", "verification")
    agg = candidates.group_by("technology_id").agg(
        enterprises=pl.col("enterprise_id").n_unique().cast(pl.Int32),
        er_tco2_per_year=pl.col("er_tco2_per_year").sum(),
        investment_usd=pl.col("investment_usd").sum(),
    )
    return cat.join(agg, on="technology_id", how="left").with_columns(
        pl.col("enterprises").fill_null(0))

"""GHG inventory engine: activity frame → emission rows (pure polars, no I/O).

Why one long frame: every row is activity × named factors × a named GWP, so any total (scope,
park, sector, quarter) is a group-by of the same rows and the trace (``factor_ids``) survives
every roll-up. The calculation follows Circular 38/2023/TT-BCT App. II Sec. 2 and IPCC 2006:

* **Stationary combustion** (Scope 1): ``E_gas = fuel [TJ] × EF_gas [kg/TJ]``; energy from mass
  × NCV (Vol2 Ch1 Table 1.2), volume → mass by density, natural gas in GJ/MMBtu used directly as
  energy; CO2 from Table 1.4, CH4/N2O from Ch2 Table 2.3 (manufacturing industries).
  Circular 38 check case: 10 TJ × 98,300 kg CO2/TJ → 983 t.
* **Mobile combustion** (``use='mobile'``): CO2 Vol2 Ch3 Table 3.2.1, CH4/N2O Table 3.2.2.
* **Biomass** (wood, rice husk, biogas): CO2 is biogenic → scope ``outside``; CH4/N2O → scope 1.
* **Refrigerant and SF6 recharge** (Scope 1, Circular 38 recommended method):
  ``kg recharged × GWP / 1000``; HCFC-22 → scope ``memo`` (Montreal Protocol gas).
* **Electricity** (Scope 2): ``MWh × grid EF`` (national grid EF for the calculation year; the
  latest earlier year as a *provisional* stand-in). Location-based: grid and DPPA MWh at the grid
  EF, on-site solar 0. Market-based: DPPA renewable 0, retired RECs cover grid MWh (never below
  0), on-site solar 0, the rest at the grid EF as residual-mix proxy (Viet Nam publishes no
  residual mix).
* **Purchased steam** (Scope 2): ``EF = enthalpy / η × EF_fuel / 10^9`` (Circular 38 as
  corrected by Decision 334/QĐ-BCT); check case 2,776 kJ/kg, η 0.85, 74,100 kg/TJ → 0.242 t/t.
* **Waste sent off site** (Scope 3 cat. 5): per-tonne factors by item and treatment route;
  ``reuse`` counts as ``recycling`` (industrial-symbiosis transfers included) and ``other`` as
  ``landfill``. Waste rows carry ``item = "<item>:<treatment>"`` so routes stay apart.

Water, wastewater, production and finance rows produce no emission rows here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict

from metrics.factors import FactorLibrary, GwpSet
from metrics.gwp import CH4_COMBUSTION, MONTREAL_GASES, REFRIGERANT_SPECIES, gwp_table
from metrics.steam_supplier import apply_supplier_factors
from parkghg.log import get_logger
from parkghg.schema import polars_schema

log = get_logger("metrics.inventory")

DEFAULT_GWP_SET = "AR5"

#: 1 toe = 41.868 GJ (UK DESNZ 2025 'Conversions', factor CONV_toe_GJ); read from the library.
TOE_FACTOR_ID = "CONV_toe_GJ"

SCOPES: tuple[str, ...] = ("1", "2", "3", "outside", "memo")
SOURCE_CATEGORIES: tuple[str, ...] = (
    "stationary_combustion",
    "mobile_combustion",
    "offroad_combustion",
    "refrigerant_recharge",
    "wastewater_onsite",
    "electricity",
    "steam",
    "waste",
)
EMISSION_CATEGORIES: tuple[str, ...] = (
    "fuel", "refrigerant", "electricity", "steam", "waste", "wastewater",
)
#: Items of an emission category that produce no emission row by design (reason codes in
#: ``metrics.coverage``): wastewater sent to the park's central plant is treated (and emits)
#: there, outside the enterprise's Scope 1.
NO_EMISSION_ITEMS: frozenset[tuple[str, str]] = frozenset(
    {("wastewater", "discharged"), ("wastewater", "cod_load")}
)
#: Source category of a fuel row by its ``use`` (Circular 38 Art. 16(1)(a)/(b)).
FUEL_SOURCE_CATEGORY: dict[str, str] = {
    "stationary": "stationary_combustion",
    "mobile": "mobile_combustion",
    "offroad": "offroad_combustion",
}
#: Natural gas reported on a gross basis (contract units ``GJ_gcv``/``MMBtu_gcv``) is turned
#: into NCV energy with this library conversion before any NCV-based factor applies.
GCV_RATIO_KEY = "natural_gas_ncv_per_gcv"
#: Fuels whose CO2 is biogenic (IPCC 2006 Vol2 Ch1 Table 1.4 biomass rows; factors.md §2.4).
BIOGENIC_FUELS: frozenset[str] = frozenset({"wood", "rice_husk", "biogas"})
#: Treatment routes counted as another route (README "waste").
WASTE_TREATMENT_ALIAS: dict[str, str] = {"reuse": "recycling", "other": "landfill"}
ELECTRICITY_ENERGY_ITEMS: tuple[str, ...] = ("grid", "dppa_renewable", "dppa_private_line",
                                             "onsite_solar")

#: One row per enterprise × period × scope × source_category × item × gas (× activity_unit when
#: one item was reported in two unit dimensions in a month, e.g. diesel in L and in kg).
#: ``activity_quantity`` and ``energy_tj`` describe the activity and repeat on each gas row of
#: it: sum them over one gas only (or use :func:`energy_use`). ``gas_t`` and ``gwp`` are null
#: where the published factor is itself CO2e (grid EF, per-tonne waste factors).
EMISSIONS_SCHEMA: dict[str, pl.DataType] = polars_schema("emissions")  # parkghg/schema.py
#: Energy per enterprise × period × item. Two measures, named for what they are:
#: ``energy_gj_physical`` (NCV basis for fuels, 3.6 GJ/MWh for electricity, delivered heat for
#: steam: energy statistics) and ``energy_toe_moit`` (MOIT TOE coefficients where the table has
#: the fuel and unit, else ``energy_gj_physical / 41.868``: the Decree 06 1,000 TOE threshold).
#: ``toe_basis`` says which: ``moit`` (MOIT coefficient), ``derived_ncv`` (derived, not MOIT) or
#: ``mixed`` (both within the month and item); ``toe_factor_ids`` traces the coefficients.
#: ``energy_gj`` (= physical) and ``energy_toe`` (= MOIT) are kept for readers not yet moved to
#: the explicit names.
ENERGY_SCHEMA: dict[str, pl.DataType] = {
    "enterprise_id": pl.String(),
    "park_id": pl.String(),
    "sector_id": pl.String(),
    "period": pl.Date(),
    "year": pl.Int32(),
    "item": pl.String(),
    "energy_gj_physical": pl.Float64(),
    "energy_toe_moit": pl.Float64(),
    "toe_basis": pl.String(),
    "toe_factor_ids": pl.String(),
    "provisional": pl.Boolean(),
    "energy_gj": pl.Float64(),
    "energy_toe": pl.Float64(),
}
TOE_BASES: tuple[str, ...] = ("moit", "derived_ncv", "mixed")
_ORG = ("enterprise_id", "park_id", "sector_id", "period", "year")
_PART_COLUMNS = (
    *_ORG, "_rid", "scope", "source_category", "item", "gas", "activity_quantity",
    "activity_unit", "energy_tj", "gas_t", "gwp", "tco2e", "provisional", "_ids", "gwp_set",
)


#: Types of the row-level parts (an activity frame with no emission category yields none).
_PART_SCHEMA: dict[str, pl.DataType] = {
    "enterprise_id": pl.String(), "park_id": pl.String(), "sector_id": pl.String(),
    "period": pl.Date(), "year": pl.Int32(), "_rid": pl.UInt32(), "scope": pl.String(),
    "source_category": pl.String(), "item": pl.String(), "gas": pl.String(),
    "activity_quantity": pl.Float64(), "activity_unit": pl.String(), "energy_tj": pl.Float64(),
    "gas_t": pl.Float64(), "gwp": pl.Float64(), "tco2e": pl.Float64(),
    "provisional": pl.Boolean(), "_ids": pl.List(pl.String()), "gwp_set": pl.String(),
}


class CalcParams(BaseModel):
    """How an inventory is calculated; stored with every frozen inventory version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    gwp_set: GwpSet = "AR5"
    scope2_basis: Literal["location", "market"] = "location"


# ---------------------------------------------------------------------------------------------
# helpers


def prepare_activity(activity: pl.DataFrame) -> pl.DataFrame:
    """Row ids, year, and null org columns typed (activity may come without a registry join)."""
    base = activity.with_row_index("_rid").with_columns(
        year=pl.col("period").dt.year().cast(pl.Int32)
    )
    for col in ("park_id", "sector_id", "use", "treatment", "counterparty"):
        if col not in base.columns:
            base = base.with_columns(pl.lit(None, dtype=pl.String()).alias(col))
    return base.with_columns(pl.col("park_id", "sector_id").cast(pl.String()))


def _ids(*cols: str | pl.Expr) -> pl.Expr:
    """A list column of the non-null factor ids named by ``cols``."""
    exprs = [pl.col(c) if isinstance(c, str) else c for c in cols]
    return pl.concat_list(exprs).list.drop_nulls()


def _pick(
    library: FactorLibrary,
    needs: pl.DataFrame,
    kind: str,
    prefix: str,
    **kwargs: object,
) -> pl.DataFrame:
    """``library.select`` reduced to ``_rid`` + prefixed value / id / provisional columns."""
    sel = library.select(needs, kind, **kwargs)  # type: ignore[arg-type]
    return sel.select(
        "_rid",
        pl.col("value").alias(f"{prefix}_value"),
        pl.col("factor_id").alias(f"{prefix}_id"),
        pl.col("provisional").alias(f"{prefix}_prov"),
    )


def _gwps(library: FactorLibrary, gwp_sets: tuple[str, ...]) -> pl.DataFrame:
    """GWP per species for every set asked for, with a ``gwp_set`` column: a part joined to it
    gets one row per set, so all variants come out of one pass."""
    return pl.concat([
        gwp_table(library, s).select(
            "species", "gas", "gwp", gwp_ids="factor_ids", montreal="montreal",
            gwp_set=pl.lit(s, dtype=pl.String()))
        for s in gwp_sets
    ], how="vertical")


def _species_gwp(gwps: pl.DataFrame, species: str) -> pl.DataFrame:
    """``gwp_set, gwp, _gwp_id`` of one species, one row per set (to cross-join onto rows)."""
    return gwps.filter(pl.col("species") == species).select(
        "gwp_set", "gwp", _gwp_id="gwp_ids")


# ---------------------------------------------------------------------------------------------
# fuels


def _fuel_energy(base: pl.DataFrame, library: FactorLibrary) -> pl.DataFrame:
    """Fuel rows with ``energy_gj`` (null when no density/NCV applies) and ``_energy_ids``.

    Volume → mass with the density whose unit matches the canonical volume (kg/m3 for liquid
    m3, kg/Sm3, kg/Nm3); mass → energy with the NCV (GJ/t = TJ/Gg); GJ is energy already.
    """
    fuels = base.filter(pl.col("category") == "fuel").with_columns(
        pl.col("use").fill_null("stationary"),
        fuel_or_item=pl.col("item"),
        _density_unit=pl.lit("kg/") + pl.col("unit_canonical"),
    )
    needs = fuels.select("_rid", "enterprise_id", "period", "fuel_or_item", "_density_unit")
    volume = needs.filter(~pl.col("_density_unit").is_in(["kg/t", "kg/GJ", "kg/GJ_gcv"]))
    density = (
        library.select(volume, "density")
        .filter(pl.col("unit") == pl.col("_density_unit"))
        .select("_rid", d_value="value", d_id="factor_id", d_prov="provisional")
    )
    ncv = _pick(library, needs, "ncv", "n")
    fuels = fuels.join(density, on="_rid", how="left").join(ncv, on="_rid", how="left")
    unit = pl.col("unit_canonical")
    mass_t = (
        pl.when(unit == "t").then(pl.col("quantity_canonical"))
        .when(pl.col("d_value").is_not_null())
        .then(pl.col("quantity_canonical") * pl.col("d_value") / 1000.0)
    )
    ratio, ratio_id = library.scalar("conversion", GCV_RATIO_KEY)
    energy_gj = (
        pl.when(unit == "GJ").then(pl.col("quantity_canonical"))
        # gross (GCV) invoice energy → net: NCV ≈ 0.9 × GCV for natural gas (library row
        # CONV_natural_gas_NCV_per_GCV: value SECONDARY; the IPCC wording is UNVERIFIED)
        .when(unit == "GJ_gcv").then(pl.col("quantity_canonical") * ratio)
        .otherwise(mass_t * pl.col("n_value"))
    )
    return fuels.with_columns(
        mass_t=mass_t,
        energy_gj=energy_gj,
        _energy_ids=pl.when(unit == "GJ").then(pl.lit([], dtype=pl.List(pl.String())))
        .when(unit == "GJ_gcv").then(pl.lit([ratio_id], dtype=pl.List(pl.String())))
        .otherwise(_ids("d_id", "n_id")),
        _energy_prov=pl.col("d_prov").fill_null(False) | pl.col("n_prov").fill_null(False),
    )


def _fuel_rows(base: pl.DataFrame, library: FactorLibrary, gwps: pl.DataFrame) -> pl.DataFrame:
    fuels = _fuel_energy(base, library).filter(pl.col("energy_gj").is_not_null())
    needs = fuels.select("_rid", "enterprise_id", "period", "fuel_or_item", "use")
    parts = []
    for gas, species in (("CO2", "CO2"), ("CH4", CH4_COMBUSTION), ("N2O", "N2O")):
        ef = _pick(library, needs, f"{gas.lower()}_ef", "ef")
        part = fuels.join(ef, on="_rid", how="inner").with_columns(gas=pl.lit(gas))
        parts.append(part.join(_species_gwp(gwps, species), how="cross"))
    rows = pl.concat(parts, how="vertical")
    biogenic_co2 = pl.col("item").is_in(sorted(BIOGENIC_FUELS)) & (pl.col("gas") == "CO2")
    gas_t = pl.col("energy_gj") / 1000.0 * pl.col("ef_value") / 1000.0
    return rows.with_columns(
        scope=pl.when(biogenic_co2).then(pl.lit("outside")).otherwise(pl.lit("1")),
        source_category=pl.col("use").replace_strict(
            FUEL_SOURCE_CATEGORY, default="stationary_combustion"),
        activity_quantity=pl.col("quantity_canonical"),
        activity_unit=pl.col("unit_canonical"),
        energy_tj=pl.col("energy_gj") / 1000.0,
        gas_t=gas_t,
        tco2e=gas_t * pl.col("gwp"),
        provisional=pl.col("_energy_prov") | pl.col("ef_prov"),
        _ids=pl.concat_list(pl.col("_energy_ids"), _ids("ef_id", "_gwp_id")),
    ).select(_PART_COLUMNS)


# ---------------------------------------------------------------------------------------------
# refrigerants, electricity, steam, waste


def _refrigerant_rows(base: pl.DataFrame, gwps: pl.DataFrame) -> pl.DataFrame:
    refr = base.filter(pl.col("category") == "refrigerant").with_columns(
        species=pl.col("item").replace_strict(REFRIGERANT_SPECIES, default=None)
    )
    rows = refr.join(gwps, on="species", how="inner")
    gas_t = pl.col("quantity_canonical") / 1000.0  # kg → t (canonical unit is kg)
    return rows.with_columns(
        scope=pl.when(pl.col("gas").is_in(sorted(MONTREAL_GASES)))
        .then(pl.lit("memo")).otherwise(pl.lit("1")),
        source_category=pl.lit("refrigerant_recharge"),
        activity_quantity=pl.col("quantity_canonical"),
        activity_unit=pl.col("unit_canonical"),
        energy_tj=pl.lit(None, dtype=pl.Float64()),
        gas_t=gas_t,
        tco2e=gas_t * pl.col("gwp"),
        provisional=pl.lit(False),
        _ids=pl.col("gwp_ids").str.split("; "),
    ).select(_PART_COLUMNS)


def _electricity_rows(
    base: pl.DataFrame, library: FactorLibrary, scope2_basis: str, gwp_sets: tuple[str, ...]
) -> pl.DataFrame:
    """Scope 2 electricity, per enterprise-month-item (RECs net against the month's grid MWh)."""
    elec = (
        base.filter(pl.col("category") == "electricity")
        .group_by(*_ORG, "item")
        .agg(mwh=pl.col("quantity_canonical").sum(), _rid=pl.col("_rid").min())
    )
    month = elec.group_by("enterprise_id", "period").agg(
        grid_mwh=pl.col("mwh").filter(pl.col("item") == "grid").sum(),
        rec_mwh=pl.col("mwh").filter(pl.col("item") == "rec_retired").sum(),
    )
    elec = elec.join(month, on=["enterprise_id", "period"], how="left")
    grid = _pick(
        library,
        elec.select("_rid", "enterprise_id", "period", fuel_or_item=pl.lit("grid")),
        "grid_ef", "g", time_fallback=True,
    )
    zero = _pick(
        library,
        elec.select("_rid", "enterprise_id", "period", fuel_or_item=pl.col("item")),
        "electricity_ef", "z",
    )
    elec = elec.join(grid, on="_rid", how="left").join(zero, on="_rid", how="left")
    mwh_gj, _ = library.scalar("conversion", "MWh")
    item = pl.col("item")
    if scope2_basis == "location":
        elec = elec.filter(item != "rec_retired")
        at_grid = item.is_in(["grid", "dppa_renewable"])
        quantity = pl.col("mwh")
    else:
        at_grid = item == "grid"
        quantity = (
            pl.when(item == "grid").then((pl.col("grid_mwh") - pl.col("rec_mwh")).clip(0.0))
            .when(item == "rec_retired").then(pl.min_horizontal("rec_mwh", "grid_mwh"))
            .otherwise(pl.col("mwh"))
        )
    elec = elec.with_columns(
        _ef=pl.when(at_grid).then(pl.col("g_value")).otherwise(pl.col("z_value")),
        _ef_id=pl.when(at_grid).then(pl.col("g_id")).otherwise(pl.col("z_id")),
        _prov=pl.when(at_grid).then(pl.col("g_prov")).otherwise(pl.col("z_prov")),
        activity_quantity=quantity,
    ).filter(pl.col("_ef").is_not_null())
    return elec.with_columns(
        scope=pl.lit("2"),
        source_category=pl.lit("electricity"),
        gas=pl.lit("CO2e"),
        activity_unit=pl.lit("MWh"),
        # RECs cover physical grid MWh: their share of the grid energy sits on the REC row,
        # so electricity energy adds up to grid + DPPA + solar in both bases.
        energy_tj=pl.col("activity_quantity") * mwh_gj / 1000.0,
        gas_t=pl.lit(None, dtype=pl.Float64()),
        gwp=pl.lit(None, dtype=pl.Float64()),
        tco2e=pl.col("activity_quantity") * pl.col("_ef"),
        provisional=pl.col("_prov"),
        _ids=_ids("_ef_id"),
    ).join(pl.DataFrame({"gwp_set": list(gwp_sets)}, schema={"gwp_set": pl.String()}),
           how="cross").select(_PART_COLUMNS)


def _steam_heat(base: pl.DataFrame, library: FactorLibrary) -> pl.DataFrame:
    """Steam rows with delivered heat ``heat_gj`` (t × enthalpy, or GJ as reported)."""
    steam = base.filter(pl.col("category") == "steam").with_columns(fuel_or_item=pl.col("item"))
    needs = steam.select("_rid", "enterprise_id", "period", "fuel_or_item")
    steam = steam.join(_pick(library, needs, "steam_enthalpy", "h"), on="_rid", how="left")
    by_mass = pl.col("unit_canonical") == "t"
    return steam.with_columns(
        # t × kJ/kg = MJ per kg·t … → GJ: t × 1000 kg × kJ/kg / 1e6
        heat_gj=pl.when(by_mass).then(pl.col("quantity_canonical") * pl.col("h_value") / 1000.0)
        .when(pl.col("unit_canonical") == "GJ").then(pl.col("quantity_canonical")),
        _heat_ids=pl.when(by_mass).then(_ids("h_id"))
        .otherwise(pl.lit([], dtype=pl.List(pl.String()))),
        _heat_prov=by_mass & pl.col("h_prov").fill_null(False),
    )


def _steam_rows(base: pl.DataFrame, library: FactorLibrary, gwps: pl.DataFrame,
                steam_suppliers: pl.DataFrame | None = None) -> pl.DataFrame:
    steam = _steam_heat(base, library).filter(pl.col("heat_gj").is_not_null())
    needs = steam.select("_rid", "enterprise_id", "period", "fuel_or_item")
    steam = steam.join(_pick(library, needs, "boiler_efficiency", "b"), on="_rid", how="inner")
    steam = steam.join(_pick(library, needs, "steam_fuel_co2_ef", "f"), on="_rid", how="left")
    # A registry supplier's own fuel mix comes before any library fuel factor (issue 8).
    steam = apply_supplier_factors(steam, steam_suppliers).filter(pl.col("f_value").is_not_null())
    steam = steam.join(_species_gwp(gwps, "CO2"), how="cross")
    gas_t = pl.col("heat_gj") / pl.col("b_value") / 1000.0 * pl.col("f_value") / 1000.0
    return steam.with_columns(
        scope=pl.lit("2"),
        source_category=pl.lit("steam"),
        gas=pl.lit("CO2"),
        activity_quantity=pl.col("quantity_canonical"),
        activity_unit=pl.col("unit_canonical"),
        energy_tj=pl.col("heat_gj") / 1000.0,
        gas_t=gas_t,
        tco2e=gas_t * pl.col("gwp"),
        provisional=pl.col("_heat_prov") | pl.col("b_prov") | pl.col("f_prov"),
        _ids=pl.concat_list(pl.col("_heat_ids"), _ids("b_id", "f_id", "_gwp_id")),
    ).select(_PART_COLUMNS)


def _waste_rows(base: pl.DataFrame, library: FactorLibrary, gwps: pl.DataFrame) -> pl.DataFrame:
    waste = base.filter(pl.col("category") == "waste").with_columns(
        _treat=pl.col("treatment").fill_null("other")
    )
    route = pl.col("_treat").replace(WASTE_TREATMENT_ALIAS)
    waste = waste.with_columns(
        fuel_or_item=pl.col("item") + ":" + route,
        _generic=pl.lit("*:") + route,
    )
    needs = waste.select("_rid", "enterprise_id", "period", "fuel_or_item", "_generic")
    sel = library.select(needs, "waste_ef", fallback_key="_generic", all_gases=True).select(
        "_rid", "gas", w_value="value", w_id="factor_id", w_prov="provisional"
    )
    sets = gwps.select("gwp_set").unique(maintain_order=True)
    rows = waste.join(sel, on="_rid", how="inner").join(sets, how="cross")
    gwp_by_gas = gwps.filter(pl.col("species").is_in(["CO2", "N2O", CH4_COMBUSTION])).select(
        "gas", "gwp_set", "gwp", "gwp_ids"
    )
    rows = rows.join(gwp_by_gas, on=["gas", "gwp_set"], how="left")
    is_co2e = pl.col("gas") == "CO2e"
    per_t = pl.col("quantity_canonical") * pl.col("w_value") / 1000.0  # kg/t × t → t
    return rows.with_columns(
        scope=pl.lit("3"),
        source_category=pl.lit("waste"),
        item=pl.col("item") + ":" + pl.col("_treat"),
        activity_quantity=pl.col("quantity_canonical"),
        activity_unit=pl.col("unit_canonical"),
        energy_tj=pl.lit(None, dtype=pl.Float64()),
        gas_t=pl.when(is_co2e).then(None).otherwise(per_t),
        gwp=pl.when(is_co2e).then(None).otherwise(pl.col("gwp")),
        tco2e=pl.when(is_co2e).then(per_t).otherwise(per_t * pl.col("gwp")),
        provisional=pl.col("w_prov"),
        _ids=_ids("w_id", "gwp_ids"),
    ).select(_PART_COLUMNS)


def _wastewater_rows(
    base: pl.DataFrame, library: FactorLibrary, gwps: pl.DataFrame
) -> pl.DataFrame:
    """On-site wastewater treatment (Scope 1): CH4 = COD removed × Bo × MCF.

    IPCC 2006 Vol5 Ch6 (industrial wastewater, Eq. 6.4-6.6 without sludge or recovery terms):
    Bo = 0.25 kg CH4/kg COD, MCF by treatment type from Table 6.8. The row's quantity is the COD
    removed by the enterprise's own plant (contract unit ``kg_COD``). Recovered or flared CH4 is
    not deducted (no contract field for it yet).
    """
    ww = base.filter(
        (pl.col("category") == "wastewater") & (pl.col("item") == "treated_onsite")
    ).with_columns(fuel_or_item=pl.col("treatment"))
    needs = ww.select("_rid", "enterprise_id", "period", "fuel_or_item")
    bo_needs = needs.with_columns(fuel_or_item=pl.lit("industrial"))
    ww = ww.join(_pick(library, needs, "wastewater_mcf", "m"), on="_rid", how="inner").join(
        _pick(library, bo_needs, "wastewater_bo", "b"), on="_rid", how="inner")
    ww = ww.join(_species_gwp(gwps, CH4_COMBUSTION), how="cross")
    gas_t = pl.col("quantity_canonical") * pl.col("b_value") * pl.col("m_value") / 1000.0
    return ww.with_columns(
        scope=pl.lit("1"),
        source_category=pl.lit("wastewater_onsite"),
        item=pl.col("item") + ":" + pl.col("treatment"),
        gas=pl.lit("CH4"),
        activity_quantity=pl.col("quantity_canonical"),
        activity_unit=pl.col("unit_canonical"),
        energy_tj=pl.lit(None, dtype=pl.Float64()),
        gas_t=gas_t,
        tco2e=gas_t * pl.col("gwp"),
        provisional=pl.col("m_prov") | pl.col("b_prov"),
        _ids=_ids("b_id", "m_id", "_gwp_id"),
    ).select(_PART_COLUMNS)


def _sum_or_null(col: str) -> pl.Expr:
    return pl.when(pl.col(col).is_null().all()).then(None).otherwise(pl.col(col).sum()).alias(col)


def _basis_parts(
    activity: pl.DataFrame, library: FactorLibrary, variants: list[CalcParams],
    steam_suppliers: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, dict[str, pl.DataFrame], pl.DataFrame]:
    """(rows every Scope 2 basis shares, each basis's electricity rows, prepared activity);
    row-level, with ``_rid`` and ``gwp_set``, no ``scope2_basis`` column yet.

    Why several variants in one pass: factor selection, energy and gas masses do not depend on
    the GWP set, and only electricity depends on the Scope 2 basis, so the rows are built once
    and joined to each set's GWPs (and each basis's electricity rows), instead of running the
    whole engine once per variant.
    """
    sets = tuple(dict.fromkeys(v.gwp_set for v in variants))
    bases = tuple(dict.fromkeys(v.scope2_basis for v in variants))
    base = prepare_activity(activity)
    gwps = _gwps(library, sets)
    # Only the categories present: a monthly upload holds a few, and every part costs its
    # polars operations even on no rows (most of a small upload's calculation time).
    present = set(base["category"].unique().to_list())
    builders = (
        ("fuel", lambda: _fuel_rows(base, library, gwps)),
        ("refrigerant", lambda: _refrigerant_rows(base, gwps)),
        ("steam", lambda: _steam_rows(base, library, gwps, steam_suppliers)),
        ("waste", lambda: _waste_rows(base, library, gwps)),
        ("wastewater", lambda: _wastewater_rows(base, library, gwps)),
    )
    shared = [build() for category, build in builders if category in present]
    schema = dict(shared[0].schema) if shared else _PART_SCHEMA
    common = (pl.concat([p.cast(schema) for p in shared], how="vertical") if shared
              else pl.DataFrame(schema=schema))
    electricity = {basis: _electricity_rows(base, library, basis, sets).cast(schema)
                   for basis in bases} if "electricity" in present else {}
    return common, electricity, base


def _labelled(frame: pl.DataFrame, basis: str) -> pl.DataFrame:
    return frame.with_columns(pl.lit(basis, dtype=pl.String()).alias("scope2_basis"))


def _only_asked(frame: pl.DataFrame, variants: list[CalcParams]) -> pl.DataFrame:
    """The rows of the (GWP set, basis) pairs asked for (the pass builds every combination)."""
    sets = {v.gwp_set for v in variants}
    bases = {v.scope2_basis for v in variants}
    if len(sets) * len(bases) == len(variants):
        return frame
    wanted = pl.DataFrame([(v.gwp_set, v.scope2_basis) for v in variants],
                          schema={"gwp_set": pl.String(), "scope2_basis": pl.String()},
                          orient="row")
    return frame.join(wanted, on=["gwp_set", "scope2_basis"], how="semi")


def _emission_parts(
    activity: pl.DataFrame, library: FactorLibrary, params: CalcParams | Sequence[CalcParams],
    steam_suppliers: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(row-level emission parts with ``_rid``, ``gwp_set`` and ``scope2_basis``, prepared
    activity); see :func:`_basis_parts`."""
    variants = [params] if isinstance(params, CalcParams) else list(params)
    common, electricity, base = _basis_parts(activity, library, variants, steam_suppliers)
    frames = []
    for basis in dict.fromkeys(v.scope2_basis for v in variants):
        frames.append(_labelled(common, basis))
        if basis in electricity:
            frames.append(_labelled(electricity[basis], basis))
    return _only_asked(pl.concat(frames, how="vertical"), variants), base


# ---------------------------------------------------------------------------------------------
# public API


def compute_emissions(
    activity: pl.DataFrame, library: FactorLibrary, params: CalcParams,
    *, steam_suppliers: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Emission rows (``EMISSIONS_SCHEMA``) for the activity frame of ``read_current_activity``.

    ``steam_suppliers`` (``metrics.steam_supplier.supplier_steam_factors``) prices steam bought
    from a registry enterprise with that enterprise's own fuel mix.

    Activity rows that find no factor produce no row and are logged; list them with
    :func:`uncovered_activity`. ``provisional`` is true where the grid EF of an earlier year
    stood in, or a factor tagged CONFLICT / ESTIMATE / UNVERIFIED was used.
    """
    return compute_emission_variants(activity, library, [params], steam_suppliers=steam_suppliers)


def compute_emission_variants(
    activity: pl.DataFrame, library: FactorLibrary, variants: Sequence[CalcParams],
    *, steam_suppliers: pl.DataFrame | None = None, sort: bool = True,
    shared_basis: str | None = None,
) -> pl.DataFrame:
    """Emission rows of several calculation variants at once (``gwp_set``/``scope2_basis``
    columns tell them apart); each variant's rows equal :func:`compute_emissions` with it.

    Why: the stored emissions hold every variant the platform offers, and computing them in
    one pass costs little more than one variant (see :func:`_emission_parts`).
    ``sort=False`` leaves the rows in no particular order (the same rows): the store sorts
    on reading, and the nine-key sort was half of the engine's time on a batch of uploads.
    ``shared_basis``: the rows that are the same on every Scope 2 basis (all but electricity)
    come once, with this label instead of a basis (the store's form, ``EVERY_BASIS``); every
    pair of the GWP sets and bases asked for must then be asked for.
    """
    variants = list(dict.fromkeys(variants))
    common, electricity, base = _basis_parts(activity, library, variants, steam_suppliers)
    first = variants[0]
    first_parts = pl.concat([common, *([electricity[first.scope2_basis]]
                                       if first.scope2_basis in electricity else [])])
    uncovered = _uncovered(first_parts.filter(pl.col("gwp_set") == first.gwp_set), base, first)
    if uncovered.height:
        relevant = base.filter(pl.col("category").is_in(EMISSION_CATEGORIES)).height
        log.warning(
            "%d/%d emission-relevant activity rows (%.2f%%) found no factor: %s",
            uncovered.height,
            relevant,
            100.0 * uncovered.height / max(relevant, 1),
            ", ".join(uncovered["reason"].unique().sort().to_list()[:5]),
        )
    # The rows every basis shares are summed once and labelled per basis (their groups never
    # meet electricity's: the source category is part of the key), not summed once per basis.
    bases = list(dict.fromkeys(v.scope2_basis for v in variants))
    shared = _aggregate(_labelled(common, shared_basis or bases[0]))
    if shared_basis is None:
        frames = [shared if basis == bases[0] else _labelled(shared, basis) for basis in bases]
    elif len(bases) * len({v.gwp_set for v in variants}) != len(variants):
        raise ValueError("shared_basis needs every pair of the GWP sets and bases asked for")
    else:
        frames = [shared]
    frames += [_aggregate(_labelled(electricity[basis], basis))
               for basis in bases if basis in electricity]
    out = pl.concat(frames, how="vertical")
    if shared_basis is None:
        out = _only_asked(out, variants)
    out = out.select(list(EMISSIONS_SCHEMA)).cast(EMISSIONS_SCHEMA)
    if not sort:
        return out
    return out.sort("enterprise_id", "period", "scope", "source_category", "item", "gas",
                    "activity_unit", "gwp_set", "scope2_basis", nulls_last=True)


_GROUP_KEY = ("enterprise_id", "period", "scope", "source_category", "item", "gas",
              "activity_unit", "gwp_set", "scope2_basis")
_ID_SEP = "\x1f"  # joins a row's factor ids into one key; never part of an id


def _id_string(ids: pl.Expr) -> pl.Expr:
    """The ``factor_ids`` text of a list of ids: unique, sorted, '; '-separated."""
    return ids.list.drop_nulls().list.unique().list.sort().list.join("; ").fill_null("")


def _aggregate(parts: pl.DataFrame) -> pl.DataFrame:
    """Row-level parts → one row per ``_GROUP_KEY`` with summed measures and ``factor_ids``.

    Why not explode every row's id list inside the group-by: a province has hundreds of
    thousands of rows but only a few hundred distinct id lists. Each distinct list gets a
    number and its text once; a group whose rows share one list (nearly all) takes that text,
    and only groups mixing lists (one item in two units of one month, say) take the union.
    """
    idk = pl.col("_ids").list.join(_ID_SEP)
    parts = parts.with_columns(_idk=idk)
    lists = (
        parts.select("_idk", "_ids").unique("_idk")
        .with_row_index("_idn")
        .select("_idn", "_idk", _id_text=_id_string(pl.col("_ids")))
    )
    parts = parts.join(lists.select("_idk", "_idn"), on="_idk", how="left", nulls_equal=True)
    # park, sector and year follow from enterprise and period: carried, not hashed as keys
    out = parts.group_by(_GROUP_KEY).agg(
        pl.col("park_id", "sector_id", "year").first(),
        _sum_or_null("activity_quantity"),
        _sum_or_null("energy_tj"),
        _sum_or_null("gas_t"),
        pl.col("gwp").first(),
        _sum_or_null("tco2e"),
        pl.col("provisional").any(),
        _lo=pl.col("_idn").min(),
        _hi=pl.col("_idn").max(),
    )
    out = out.join(lists.select(_lo="_idn", factor_ids="_id_text"), on="_lo", how="left")
    mixed = out.filter(pl.col("_lo") != pl.col("_hi")).select(_GROUP_KEY)
    if mixed.height:
        union = (
            parts.join(mixed, on=list(_GROUP_KEY), how="semi", nulls_equal=True)
            .group_by(_GROUP_KEY)
            .agg(_union=pl.col("_ids").list.explode().drop_nulls().unique().sort()
                 .str.join("; "))
        )
        out = out.join(union, on=list(_GROUP_KEY), how="left", nulls_equal=True).with_columns(
            factor_ids=pl.coalesce("_union", "factor_ids")
        ).drop("_union")
    return out.drop("_lo", "_hi")


def _uncovered(parts: pl.DataFrame, base: pl.DataFrame, params: CalcParams) -> pl.DataFrame:
    covered = parts.select(pl.col("_rid").unique())
    by_design = pl.concat_str("category", pl.lit("/"), "item").is_in(
        sorted(f"{c}/{i}" for c, i in NO_EMISSION_ITEMS))
    relevant = pl.col("category").is_in(EMISSION_CATEGORIES) & ~by_design
    if params.scope2_basis == "location":  # RECs have no location-based effect, by design
        relevant = relevant & ~((pl.col("category") == "electricity")
                                & (pl.col("item") == "rec_retired"))
    # electricity rows are aggregated per enterprise-month-item: covered when any row of the
    # group is (the group keeps the smallest _rid)
    groups = base.filter(pl.col("category") == "electricity").group_by(
        "enterprise_id", "period", "item").agg(_rid_min=pl.col("_rid").min(), _rids=pl.col("_rid"))
    grouped = groups.join(covered, left_on="_rid_min", right_on="_rid", how="inner")
    covered = pl.concat([covered, grouped.select(_rid=pl.col("_rids").list.explode())])
    rows = base.filter(relevant).join(covered, on="_rid", how="anti")
    return rows.with_columns(
        reason=pl.format(
            "no factor for {}/{} in {} ({})",
            "category", "item", "unit_canonical", pl.col("use").fill_null("-"),
        )
    )


def uncovered_activity(
    activity: pl.DataFrame, library: FactorLibrary, params: CalcParams | None = None
) -> pl.DataFrame:
    """Emission-relevant activity rows that produced no emission row, with a ``reason``.

    Typical causes: a fuel used ``mobile`` with no road factor (fuel oil, coal), a year before
    the first published grid EF, a custom factor that expired.
    """
    parts, base = _emission_parts(activity, library, params or CalcParams())
    return _uncovered(parts, base, params or CalcParams()).drop("_rid")


def _moit_toe(library: FactorLibrary, frame: pl.DataFrame, key: pl.Expr, prefix: str
              ) -> pl.DataFrame:
    """The MOIT TOE coefficient keyed ``"<item>@<unit>"`` for each ``_rid`` (left-joined)."""
    needs = frame.select("_rid", "enterprise_id", "period", fuel_or_item=key)
    return frame.join(_pick(library, needs, "toe_coefficient", prefix), on="_rid", how="left")


def _energy_parts(base: pl.DataFrame, library: FactorLibrary) -> pl.DataFrame:
    """Row-level energy: ``energy_gj`` (physical), ``toe`` (MOIT or derived), basis and ids."""
    toe_gj, toe_id = library.scalar("conversion", "toe")
    mwh_gj, _ = library.scalar("conversion", "MWh")
    derived_ids = pl.lit([toe_id], dtype=pl.List(pl.String()))
    cols = (*_ORG, "item", "energy_gj", "toe", "toe_basis", "_toe_ids", "_prov")

    fuels = _fuel_energy(base, library).filter(pl.col("energy_gj").is_not_null())
    fuels = _moit_toe(library, fuels, pl.col("item") + "@" + pl.col("unit_canonical"), "md")
    fuels = _moit_toe(library, fuels, pl.col("item") + pl.lit("@t"), "mt")
    direct = pl.col("md_value").is_not_null()
    via_mass = pl.col("mass_t").is_not_null() & pl.col("mt_value").is_not_null()
    fuels = fuels.with_columns(
        toe=pl.when(direct).then(pl.col("quantity_canonical") * pl.col("md_value"))
        .when(via_mass).then(pl.col("mass_t") * pl.col("mt_value"))
        .otherwise(pl.col("energy_gj") / toe_gj),
        toe_basis=pl.when(direct | via_mass).then(pl.lit("moit")).otherwise(pl.lit("derived_ncv")),
        _toe_ids=pl.when(direct).then(_ids("md_id"))
        # mass from a density: the density is part of the trace
        .when(via_mass).then(pl.concat_list(
            pl.col("_energy_ids").list.eval(pl.element().filter(
                ~pl.element().str.contains("NCV"))), _ids("mt_id")))
        .otherwise(pl.concat_list(pl.col("_energy_ids"), derived_ids)),
        _prov=pl.when(direct).then(pl.col("md_prov"))
        .when(via_mass).then(pl.col("mt_prov") | pl.col("_energy_prov"))
        .otherwise(pl.col("_energy_prov")),
    ).select(cols)

    elec = base.filter(
        (pl.col("category") == "electricity") & pl.col("item").is_in(ELECTRICITY_ENERGY_ITEMS)
    )
    elec = _moit_toe(library, elec, pl.lit("electricity@MWh"), "me").with_columns(
        energy_gj=pl.col("quantity_canonical") * mwh_gj,
        toe=pl.col("quantity_canonical") * pl.col("me_value"),
        toe_basis=pl.lit("moit"),
        _toe_ids=_ids("me_id"),
        _prov=pl.col("me_prov").fill_null(False),
    ).select(cols)

    steam = _steam_heat(base, library).filter(pl.col("heat_gj").is_not_null()).with_columns(
        energy_gj=pl.col("heat_gj"),
        toe=pl.col("heat_gj") / toe_gj,
        toe_basis=pl.lit("derived_ncv"),
        _toe_ids=pl.concat_list(pl.col("_heat_ids"), derived_ids),
        _prov=pl.col("_heat_prov"),
    ).select(cols)
    return pl.concat([fuels, elec.cast(fuels.schema), steam.cast(fuels.schema)], how="vertical")


def energy_use(activity: pl.DataFrame, library: FactorLibrary) -> pl.DataFrame:
    """Energy per enterprise × period × item (``ENERGY_SCHEMA``).

    ``energy_gj_physical``: fuels (biomass included) on an NCV basis as in
    :func:`compute_emissions`; electricity (grid, DPPA, on-site solar; not RECs) at the physical
    3.6 GJ/MWh; purchased steam as delivered heat. For energy statistics.

    ``energy_toe_moit``: the Decree 06 1,000 TOE threshold measure. MOIT's coefficient table
    (letter 3505/BCT-KHCN 2011, Circular 02/2014/TT-BCT; toe.md) where it has the fuel in the
    reported unit (electricity 0.0001543 TOE/kWh, DO 1.02 TOE/t or 0.88 TOE/1,000 L, …) or in
    tonnes after a density; fuels and units the table lacks (kerosene, IPCC coal types,
    biomass, biogas, natural gas reported as energy, steam) are ``energy_gj_physical / 41.868``
    and labelled ``toe_basis = "derived_ncv"`` — derived, not MOIT.
    """
    base = prepare_activity(activity)
    parts = _energy_parts(base, library)
    return (
        parts.group_by(*_ORG, "item", maintain_order=True)
        .agg(
            energy_gj_physical=pl.col("energy_gj").sum(),
            energy_toe_moit=pl.col("toe").sum(),
            toe_basis=pl.when(pl.col("toe_basis").n_unique() == 1)
            .then(pl.col("toe_basis").first()).otherwise(pl.lit("mixed")),
            toe_factor_ids=pl.col("_toe_ids").list.explode().drop_nulls().unique().sort()
            .str.join("; "),
            provisional=pl.col("_prov").fill_null(False).any(),
        )
        .with_columns(energy_gj=pl.col("energy_gj_physical"), energy_toe=pl.col("energy_toe_moit"))
        .select(list(ENERGY_SCHEMA))
        .cast(ENERGY_SCHEMA)
        .sort("enterprise_id", "period", "item")
    )

"""Circular-economy and resource indicators: waste, industrial symbiosis, water, energy.

Why pure functions over the current activity: the monthly upload already carries every waste
row with its treatment route and counterparty, water by source, wastewater, production and
revenue (``parkghg.contract``), so each indicator is a group-by of rows the platform holds and
traces back to them. Every indicator is declared once in :data:`INDICATORS` with its unit and
formula; :func:`indicators` returns a long table (one row per subject × period × indicator)
carrying ``unit``, ``formula`` and its coverage (``enterprises_n``, ``months_n``: how many
enterprises and enterprise-months the value rests on), and exports write those columns as they
are, so a reader of a CSV sees what each number means.

Levels: ``enterprise`` (one row per enterprise), ``park`` (per park) and ``province`` (the whole
scope). Periods: ``year`` or ``month``. Waste quantities are in tonnes, water in m³, COD in kg,
revenue in VND (intensities per billion VND), energy in GJ (physical) and TOE (MOIT) as
``metrics.inventory.energy_use`` computes them.

Industrial symbiosis: a waste row whose treatment is ``reuse`` or ``recycling`` and whose
``counterparty`` is the tax code of an enterprise in the registry is a transfer from the
reporting enterprise to that enterprise (Circular 05/2025/TT-BKHDT: exchange of by-products
between enterprises). Transfers to collectors that are not registered enterprises are
recycling, not symbiosis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

Level = Literal["enterprise", "park", "province"]
PeriodKind = Literal["year", "month"]

#: Treatment routes counted as recovery (material or energy recovered from the waste).
RECOVERY_ROUTES: tuple[str, ...] = (
    "recycling", "reuse", "composting", "anaerobic_digestion", "incineration_energy_recovery",
)
#: Routes whose transfer to a registered enterprise is industrial symbiosis.
SYMBIOSIS_ROUTES: tuple[str, ...] = ("recycling", "reuse")
WITHDRAWAL_ITEMS: tuple[str, ...] = ("municipal", "groundwater", "surface")
ELECTRICITY_USE_ITEMS: tuple[str, ...] = ("grid", "dppa_renewable", "dppa_private_line",
                                          "onsite_solar")
RENEWABLE_ITEMS: tuple[str, ...] = ("dppa_renewable", "dppa_private_line", "onsite_solar")
_BILLION = 1e9

INDICATOR_COLUMNS: tuple[str, ...] = (
    "level", "park_id", "enterprise_id", "year", "period", "domain", "indicator", "value",
    "unit", "formula", "enterprises_n", "months_n",
)


@dataclass(frozen=True)
class Indicator:
    """One indicator: its domain, unit and formula (exported with every value)."""

    id: str
    domain: str  # waste, symbiosis, water, energy
    unit: str
    formula: str


INDICATORS: tuple[Indicator, ...] = (
    Indicator("waste_generated_t", "waste", "t", "Σ waste rows (all items, all routes)"),
    Indicator("waste_hazardous_t", "waste", "t", "Σ waste rows with item = hazardous"),
    Indicator("waste_hazardous_share_frac", "waste", "fraction",
              "waste_hazardous_t / waste_generated_t"),
    *(Indicator(f"waste_{r}_frac", "waste", "fraction",
                f"Σ waste with treatment = {r} / waste_generated_t")
      for r in ("recycling", "reuse", "landfill", "incineration")),
    Indicator("waste_recovery_frac", "waste", "fraction",
              "Σ waste with treatment in (recycling, reuse, composting, anaerobic_digestion,"
              " incineration_energy_recovery) / waste_generated_t"),
    Indicator("waste_per_billion_vnd_t", "waste", "t/billion VND",
              "waste_generated_t / (Σ revenue VND / 1e9), enterprise-months with revenue only"),
    Indicator("waste_per_output_t", "waste", "t/output unit",
              "waste_generated_t / Σ output (enterprise level, one output unit only)"),
    Indicator("symbiosis_t", "symbiosis", "t",
              "Σ waste with treatment in (reuse, recycling) and counterparty = a registered"
              " enterprise"),
    Indicator("symbiosis_links_n", "symbiosis", "count",
              "distinct (giver, receiver) pairs with symbiosis_t > 0"),
    Indicator("symbiosis_links_inside_park_n", "symbiosis", "count",
              "links whose receiver is in the giver's park"),
    Indicator("symbiosis_links_across_parks_n", "symbiosis", "count",
              "links whose receiver is in another park"),
    Indicator("symbiosis_participation_frac", "symbiosis", "fraction",
              "enterprises giving or receiving in a link / enterprises reporting"),
    Indicator("water_withdrawal_m3", "water", "m3",
              "Σ water rows with item in (municipal, groundwater, surface)"),
    *(Indicator(f"water_{s}_m3", "water", "m3", f"Σ water rows with item = {s}")
      for s in WITHDRAWAL_ITEMS),
    Indicator("water_recycled_m3", "water", "m3", "Σ water rows with item = recycled"),
    Indicator("water_recycled_frac", "water", "fraction",
              "water_recycled_m3 / (water_withdrawal_m3 + water_recycled_m3)"),
    Indicator("water_per_billion_vnd_m3", "water", "m3/billion VND",
              "water_withdrawal_m3 / (Σ revenue VND / 1e9)"),
    Indicator("water_per_output_m3", "water", "m3/output unit",
              "water_withdrawal_m3 / Σ output (enterprise level, one output unit only)"),
    Indicator("wastewater_m3", "water", "m3", "Σ wastewater rows with item = discharged"),
    Indicator("wastewater_cod_kg", "water", "kg COD", "Σ wastewater rows with item = cod_load"),
    Indicator("energy_gj", "energy", "GJ",
              "Σ energy_gj_physical (NCV for fuels, 3.6 GJ/MWh, delivered steam heat)"),
    Indicator("energy_toe", "energy", "TOE", "Σ energy_toe_moit (MOIT coefficients)"),
    Indicator("electricity_mwh", "energy", "MWh",
              "Σ electricity with item in (grid, dppa_renewable, dppa_private_line,"
              " onsite_solar)"),
    Indicator("renewable_share_frac", "energy", "fraction",
              "min(electricity_mwh, onsite_solar + dppa_renewable + dppa_private_line"
              " + min(rec_retired, grid)) / electricity_mwh"),
    Indicator("energy_per_billion_vnd_gj", "energy", "GJ/billion VND",
              "energy_gj / (Σ revenue VND / 1e9)"),
)
INDICATOR_BY_ID: dict[str, Indicator] = {i.id: i for i in INDICATORS}

_ACTIVITY_NEEDED = ("enterprise_id", "park_id", "period", "category", "item",
                    "quantity_canonical", "unit_canonical", "treatment", "counterparty")


def _keys(level: Level) -> list[str]:
    return {"enterprise": ["park_id", "enterprise_id"], "park": ["park_id"],
            "province": []}[level]


def _with_period(frame: pl.DataFrame, by: PeriodKind) -> pl.DataFrame:
    out = frame.with_columns(year=pl.col("period").dt.year().cast(pl.Int32),
                             _month=pl.col("period"))
    if by == "year":
        out = out.with_columns(period=pl.date(pl.col("year"), 1, 1))
    return out


def _sum_where(cond: pl.Expr, col: str = "q") -> pl.Expr:
    return pl.when(cond).then(pl.col(col)).otherwise(0.0).sum()


def _base(activity: pl.DataFrame, energy: pl.DataFrame | None, by: PeriodKind,
          keys: list[str]) -> pl.DataFrame:
    """Base quantities per subject × period (tonnes, m³, kg, VND, MWh, GJ, TOE)."""
    act = _with_period(activity.select(_ACTIVITY_NEEDED), by).with_columns(
        q=pl.col("quantity_canonical").cast(pl.Float64))
    cat, item, tr = pl.col("category"), pl.col("item"), pl.col("treatment")
    waste = cat == "waste"
    aggs = [
        _sum_where(waste).alias("waste_generated_t"),
        _sum_where(waste & (item == "hazardous")).alias("waste_hazardous_t"),
        *(_sum_where(waste & (tr == r)).alias(f"_w_{r}") for r in
          ("recycling", "reuse", "landfill", "incineration")),
        _sum_where(waste & tr.is_in(RECOVERY_ROUTES)).alias("_w_recovery"),
        _sum_where((cat == "water") & item.is_in(WITHDRAWAL_ITEMS)).alias("water_withdrawal_m3"),
        *(_sum_where((cat == "water") & (item == s)).alias(f"water_{s}_m3")
          for s in WITHDRAWAL_ITEMS),
        _sum_where((cat == "water") & (item == "recycled")).alias("water_recycled_m3"),
        _sum_where((cat == "wastewater") & (item == "discharged")).alias("wastewater_m3"),
        _sum_where((cat == "wastewater") & (item == "cod_load")).alias("wastewater_cod_kg"),
        _sum_where((cat == "finance") & (item == "revenue")).alias("_revenue_vnd"),
        _sum_where((cat == "production") & (item == "output")).alias("_output"),
        pl.col("unit_canonical").filter(cat == "production").n_unique().alias("_output_units"),
        _sum_where((cat == "electricity") & item.is_in(ELECTRICITY_USE_ITEMS))
        .alias("electricity_mwh"),
        _sum_where((cat == "electricity") & item.is_in(RENEWABLE_ITEMS)).alias("_re_mwh"),
        _sum_where((cat == "electricity") & (item == "rec_retired")).alias("_rec_mwh"),
        _sum_where((cat == "electricity") & (item == "grid")).alias("_grid_mwh"),
        # coverage per domain: enterprise-months with a row of that domain
        *(pl.struct("enterprise_id", "_month").filter(cond).n_unique().alias(f"_m_{d}")
          for d, cond in _DOMAIN_ROWS.items()),
        *(pl.col("enterprise_id").filter(cond).n_unique().alias(f"_e_{d}")
          for d, cond in _DOMAIN_ROWS.items()),
    ]
    base = act.group_by([*keys, "year", "period"]).agg(aggs)
    if energy is not None and energy.height:
        en = _with_period(energy, by).group_by([*keys, "year", "period"]).agg(
            energy_gj=pl.col("energy_gj_physical").sum(),
            energy_toe=pl.col("energy_toe_moit").sum(),
        )
        base = base.join(en, on=[*keys, "year", "period"], how="left", nulls_equal=True)
    else:
        base = base.with_columns(energy_gj=pl.lit(None, pl.Float64),
                                 energy_toe=pl.lit(None, pl.Float64))
    return base


_DOMAIN_ROWS: dict[str, pl.Expr] = {
    "waste": pl.col("category") == "waste",
    "water": pl.col("category").is_in(["water", "wastewater"]),
    "energy": pl.col("category").is_in(["electricity", "fuel", "steam"]),
    "any": pl.lit(True),
}


def _ratio(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """num / den, null where the denominator is 0 (no basis, not a zero rate)."""
    return pl.when(den > 0).then(num / den).otherwise(None)


def _derived(base: pl.DataFrame, level: Level) -> pl.DataFrame:
    gen = pl.col("waste_generated_t")
    billions = pl.col("_revenue_vnd") / _BILLION
    one_unit = (pl.col("_output_units") == 1) & pl.lit(level == "enterprise")
    re_claim = pl.col("_re_mwh") + pl.min_horizontal("_rec_mwh", "_grid_mwh")
    return base.with_columns(
        waste_hazardous_share_frac=_ratio(pl.col("waste_hazardous_t"), gen),
        **{f"waste_{r}_frac": _ratio(pl.col(f"_w_{r}"), gen)
           for r in ("recycling", "reuse", "landfill", "incineration")},
        waste_recovery_frac=_ratio(pl.col("_w_recovery"), gen),
        waste_per_billion_vnd_t=_ratio(gen, billions),
        waste_per_output_t=pl.when(one_unit).then(_ratio(gen, pl.col("_output"))),
        water_recycled_frac=_ratio(pl.col("water_recycled_m3"),
                                   pl.col("water_withdrawal_m3") + pl.col("water_recycled_m3")),
        water_per_billion_vnd_m3=_ratio(pl.col("water_withdrawal_m3"), billions),
        water_per_output_m3=pl.when(one_unit).then(
            _ratio(pl.col("water_withdrawal_m3"), pl.col("_output"))),
        renewable_share_frac=_ratio(
            pl.min_horizontal(pl.col("electricity_mwh"), re_claim), pl.col("electricity_mwh")),
        energy_per_billion_vnd_gj=_ratio(pl.col("energy_gj"), billions),
    )


def symbiosis_flows(activity: pl.DataFrame, registry: pl.DataFrame) -> pl.DataFrame:
    """Tonnes passed from one enterprise to another, per year and waste item.

    ``registry`` has ``enterprise_id`` and ``park_id`` of every enterprise the counterparty may
    name (the whole registry, so a transfer to another park is still seen as symbiosis).
    Columns: year, from_enterprise_id, from_park_id, to_enterprise_id, to_park_id, item,
    tonnes_t, inside_park.
    """
    reg = registry.select(pl.col("enterprise_id").alias("to_enterprise_id"),
                          pl.col("park_id").alias("to_park_id"))
    rows = activity.filter(
        (pl.col("category") == "waste") & pl.col("treatment").is_in(SYMBIOSIS_ROUTES)
        & pl.col("counterparty").is_not_null()
        & (pl.col("counterparty") != pl.col("enterprise_id"))
    ).select(
        year=pl.col("period").dt.year().cast(pl.Int32),
        from_enterprise_id=pl.col("enterprise_id"),
        from_park_id=pl.col("park_id"),
        to_enterprise_id=pl.col("counterparty").str.strip_chars(),
        item=pl.col("item"),
        q=pl.col("quantity_canonical").cast(pl.Float64),
    ).join(reg, on="to_enterprise_id", how="inner")
    return rows.group_by("year", "from_enterprise_id", "from_park_id", "to_enterprise_id",
                         "to_park_id", "item").agg(tonnes_t=pl.col("q").sum()).with_columns(
        inside_park=pl.col("from_park_id") == pl.col("to_park_id"),
    ).sort("year", "from_park_id", "from_enterprise_id", "to_enterprise_id", "item")


def _symbiosis(activity: pl.DataFrame, registry: pl.DataFrame, level: Level,
               by: PeriodKind) -> pl.DataFrame:
    """Symbiosis indicators per subject × period (attributed to the giver's subject)."""
    keys = _keys(level)
    reg = registry.select(pl.col("enterprise_id").alias("to_enterprise_id"),
                          pl.col("park_id").alias("to_park_id"))
    rows = _with_period(activity, by).filter(
        (pl.col("category") == "waste") & pl.col("treatment").is_in(SYMBIOSIS_ROUTES)
        & (pl.col("counterparty") != pl.col("enterprise_id"))
    ).with_columns(to_enterprise_id=pl.col("counterparty").str.strip_chars()).join(
        reg, on="to_enterprise_id", how="inner")
    agg = rows.group_by([*keys, "year", "period"]).agg(
        symbiosis_t=pl.col("quantity_canonical").sum(),
        _links=pl.struct("enterprise_id", "to_enterprise_id").unique(),
        _inside=pl.struct("enterprise_id", "to_enterprise_id")
        .filter(pl.col("park_id") == pl.col("to_park_id")).n_unique(),
        _across=pl.struct("enterprise_id", "to_enterprise_id")
        .filter(pl.col("park_id") != pl.col("to_park_id")).n_unique(),
        _parties=pl.concat_list("enterprise_id", "to_enterprise_id")
        .list.explode(keep_nulls=False, empty_as_null=False).unique(),
    )
    return agg.select(
        *keys, "year", "period", "symbiosis_t",
        symbiosis_links_n=pl.col("_links").list.len().cast(pl.Float64),
        symbiosis_links_inside_park_n=pl.col("_inside").cast(pl.Float64),
        symbiosis_links_across_parks_n=pl.col("_across").cast(pl.Float64),
        _parties=pl.col("_parties"),
    )


def indicators(
    activity: pl.DataFrame,
    registry: pl.DataFrame,
    *,
    energy: pl.DataFrame | None = None,
    level: Level = "park",
    by: PeriodKind = "year",
) -> pl.DataFrame:
    """Every indicator of :data:`INDICATORS` per subject × period, long, with unit, formula
    and coverage. ``activity`` as ``read_current_activity`` returns it; ``registry`` the
    enterprises (``enterprise_id``, ``park_id``) a counterparty may name; ``energy`` as
    ``metrics.inventory.energy_use`` returns it (energy indicators are null without it).

    A participation share counts the reporting enterprises of the subject that gave or received
    in a link (a receiver in another subject is not counted in the giver's subject).
    """
    keys = _keys(level)
    if activity.is_empty():
        return pl.DataFrame(schema=_long_schema())
    base = _derived(_base(activity, energy, by, keys), level)
    sym = _symbiosis(activity, registry, level, by)
    wide = base.join(sym, on=[*keys, "year", "period"], how="left", nulls_equal=True)
    # participation: reporting enterprises of the subject that are a party to a link
    reporters = _with_period(activity, by).group_by([*keys, "year", "period"]).agg(
        _reporters=pl.col("enterprise_id").unique())
    wide = wide.join(reporters, on=[*keys, "year", "period"], how="left", nulls_equal=True)
    wide = wide.with_columns(
        symbiosis_t=pl.col("symbiosis_t").fill_null(0.0),
        symbiosis_links_n=pl.col("symbiosis_links_n").fill_null(0.0),
        symbiosis_links_inside_park_n=pl.col("symbiosis_links_inside_park_n").fill_null(0.0),
        symbiosis_links_across_parks_n=pl.col("symbiosis_links_across_parks_n").fill_null(0.0),
        symbiosis_participation_frac=_ratio(
            pl.col("_reporters").list.set_intersection(
                pl.col("_parties").fill_null(pl.lit([], pl.List(pl.String)))).list.len(),
            pl.col("_reporters").list.len()),
    )
    return _long(wide, keys, level)


def _coverage_domain(ind: Indicator) -> str:
    return {"symbiosis": "any"}.get(ind.domain, ind.domain)


def _long(wide: pl.DataFrame, keys: list[str], level: Level) -> pl.DataFrame:
    parts = []
    for ind in INDICATORS:
        dom = _coverage_domain(ind)
        parts.append(wide.select(
            level=pl.lit(level),
            park_id=pl.col("park_id") if "park_id" in keys else pl.lit(None, pl.String),
            enterprise_id=(pl.col("enterprise_id") if "enterprise_id" in keys
                           else pl.lit(None, pl.String)),
            year=pl.col("year"), period=pl.col("period"),
            domain=pl.lit(ind.domain), indicator=pl.lit(ind.id),
            value=pl.col(ind.id).cast(pl.Float64),
            unit=pl.lit(ind.unit), formula=pl.lit(ind.formula),
            enterprises_n=pl.col(f"_e_{dom}").cast(pl.Int64),
            months_n=pl.col(f"_m_{dom}").cast(pl.Int64),
        ))
    return pl.concat(parts).sort("year", "period", "park_id", "enterprise_id", "indicator",
                                 nulls_last=False).cast(_long_schema())


def _long_schema() -> dict[str, pl.DataType]:
    return {"level": pl.String(), "park_id": pl.String(), "enterprise_id": pl.String(),
            "year": pl.Int32(), "period": pl.Date(), "domain": pl.String(),
            "indicator": pl.String(), "value": pl.Float64(), "unit": pl.String(),
            "formula": pl.String(), "enterprises_n": pl.Int64(), "months_n": pl.Int64()}


def waste_emissions_by_route(emissions: pl.DataFrame, level: Level = "park") -> pl.DataFrame:
    """Scope 3 category 5 emissions (waste sent off site) per subject × year × route, tCO2e.

    Formula: Σ tco2e of emission rows with source_category = waste, by the route in
    ``item = "<item>:<route>"`` (``metrics.inventory``).
    """
    keys = _keys(level)
    rows = emissions.filter(pl.col("source_category") == "waste")
    return rows.with_columns(route=pl.col("item").str.split(":").list.last()).group_by(
        [*keys, "year", "route"]).agg(tco2e=pl.col("tco2e").fill_null(0).sum()).sort(
        [*keys, "year", "route"])


def wide(indicators_long: pl.DataFrame) -> pl.DataFrame:
    """The long table pivoted to one column per indicator (for pages and rankings)."""
    if indicators_long.is_empty():
        return indicators_long
    return indicators_long.pivot(
        on="indicator", index=["level", "park_id", "enterprise_id", "year", "period"],
        values="value")


__all__ = ["INDICATORS", "INDICATOR_BY_ID", "INDICATOR_COLUMNS", "RECOVERY_ROUTES",
           "Indicator", "indicators", "symbiosis_flows", "waste_emissions_by_route", "wide"]

"""Fictional enterprises: their registry row plus the hidden habits that drive their months.

Why one frozen profile per enterprise: the registry row (size, national-list flag) and the
monthly activity must agree — a big coal-fired dye house is on the national list *because* of
the fuel it burns — and symbiosis partners must exist in the same park. Each enterprise draws
from its own random stream ``(seed, park index, slot)``, so adding parks or enterprises never
changes the ones already there.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict

from sample_data.parks import ALL_SECTORS, ParkSeed
from sample_data.sectors import (
    COLLECTORS,
    FANTASY_NAMES,
    FOREIGN_STYLE,
    FUEL_GJ_PER_UNIT,
    SECTORS,
    SOLID_FUELS_ASH_FRACTION,
    SYMBIOSIS,
    WASTE_T_PER_MWH,
    WASTE_TREATMENT,
)

SAMPLE_EPOCH_YEAR = 2022  # month index 0 = 2022-01; growth and switches count from here
TOE_PER_MWH = 0.1543  # electricity → TOE (Vietnamese energy-efficiency convention)
GJ_PER_TOE = 41.868
NATIONAL_LIST_TOE_PER_YEAR = 1000.0


class FuelUse(BaseModel):
    """One fuel row stream; a boiler may switch to another fuel at an absolute month index."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    item: str
    unit: str
    use: str
    qty_month: float  # at the epoch, before growth and seasonality
    heat: bool  # follows production (boiler/furnace) rather than headcount (vehicles)
    switch_item: str | None = None
    switch_unit: str | None = None
    switch_qty_month: float | None = None
    switch_at: int | None = None


class WasteStream(BaseModel):
    """One waste/by-product stream, with its treatment and who receives it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    item: str
    unit: str
    treatment: str
    t_per_mwh: float
    counterparty: str


class EnterpriseProfile(BaseModel):
    """A fictional enterprise: registry columns first, then what drives its monthly rows."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    enterprise_id: str
    name: str
    park_id: str
    sector_id: str
    vsic_code: str
    roof_area_m2: float
    employees: int
    on_national_list: bool
    address: str | None = None
    business_registration_no: str | None = None
    legal_representative: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    park_index: int
    slot: int
    elec_mwh_month: float
    elec_unit: str
    grid_supplier: str
    growth_per_year: float
    efficiency_per_year: float
    output_unit: str
    output_per_mwh: float
    reports_revenue: bool
    solar_kwp: float
    solar_from: int | None
    dppa_share: float
    rec_share: float
    fuels: tuple[FuelUse, ...]
    steam_t_month: float
    steam_supplier: str | None
    water_m3_month: float
    groundwater_share: float
    recycled_share: float
    cod_kg_per_m3: float | None
    refrigerant: str
    refrigerant_charge_kg: float
    has_sf6: bool
    wastes: tuple[WasteStream, ...]
    ash_stream: WasteStream | None
    first_month: int
    missing_months: tuple[int, ...]
    outlier_month: int | None
    outlier_category: str | None


# Sub-sectors that report tonnes where their sector's usual unit is another one.
_TONNE_PRODUCTS: dict[tuple[str, str], float] = {
    ("textiles_garments", "1311"): 0.35,  # yarn
    ("textiles_garments", "1312"): 0.4,  # fabric
    ("textiles_garments", "1313"): 0.3,  # dyeing and finishing
    ("building_materials", "2394"): 10.0,  # cement and clinker grinding
}


def _weighted(rng: np.random.Generator, options: tuple[tuple[str, float], ...]) -> str:
    names = [o[0] for o in options]
    weights = np.array([o[1] for o in options])
    return str(names[int(rng.choice(len(names), p=weights / weights.sum()))])


def _tax_code(rng: np.random.Generator) -> str:
    """A well-formed but fictional MST: mostly Dong Nai (36…), some HCMC (03…, leading zero),
    some branch codes with the 3-digit suffix."""
    r = rng.random()
    prefix = "36" if r < 0.65 or 0.8 <= r < 0.9 else "03"
    base = prefix + "".join(str(d) for d in rng.integers(0, 10, size=8))
    if r >= 0.8:
        return f"{base}-{int(rng.integers(1, 4)):03d}"
    return base


def _name(rng: np.random.Generator, sector_id: str, branch: bool) -> str:
    word = SECTORS[sector_id].word_vi
    if rng.random() < 0.25:
        core = f"Công ty TNHH {FOREIGN_STYLE[int(rng.integers(len(FOREIGN_STYLE)))]} {word}"
    else:
        kind = "Công ty CP" if rng.random() < 0.3 else "Công ty TNHH"
        core = f"{kind} {word} {FANTASY_NAMES[int(rng.integers(len(FANTASY_NAMES)))]}"
    if branch:
        core += " – Chi nhánh Đồng Nai"
    return f"{core} (fictional)"


def _boiler_fuel(rng: np.random.Generator, sector_id: str, park: ParkSeed, heat_gj: float
                 ) -> FuelUse | None:
    prof = SECTORS[sector_id]
    if heat_gj <= 0:
        return None
    if park.gas and prof.gas_ok and rng.random() < 0.6:
        unit = "MMBtu" if rng.random() < 0.25 else "Sm3"
        return FuelUse(item="natural_gas", unit=unit, use="stationary", heat=True,
                       qty_month=heat_gj / FUEL_GJ_PER_UNIT[("natural_gas", unit)])
    item = _weighted(rng, prof.boiler_fuels)
    unit = {"lpg": "kg", "diesel": "L"}.get(item, "t")
    if item == "fuel_oil" and rng.random() < 0.4:
        unit = "L"
    fuel = FuelUse(item=item, unit=unit, use="stationary", heat=True,
                   qty_month=heat_gj / FUEL_GJ_PER_UNIT[(item, unit)])
    if item in ("coal_anthracite", "coal_bituminous", "fuel_oil") and rng.random() < 0.3:
        new_item = "wood" if rng.random() < 0.6 else "rice_husk"
        fuel = fuel.model_copy(update={
            "switch_item": new_item, "switch_unit": "t", "switch_at": int(rng.integers(24, 40)),
            "switch_qty_month": heat_gj / FUEL_GJ_PER_UNIT[(new_item, "t")],
        })
    return fuel


def _fuels(rng: np.random.Generator, sector_id: str, park: ParkSeed, elec_mwh: float,
           employees: int) -> tuple[FuelUse, ...]:
    prof = SECTORS[sector_id]
    heat_gj = elec_mwh * prof.heat_gj_per_mwh * float(rng.lognormal(0, 0.3))
    if rng.random() < 0.15 and sector_id not in ("wood", "building_materials"):
        heat_gj = 0.0  # electric boilers/heat pumps, or buys steam
    fuels: list[FuelUse] = []
    boiler = _boiler_fuel(rng, sector_id, park, heat_gj)
    if boiler is not None:
        fuels.append(boiler)
    if rng.random() < 0.5 and not (boiler and boiler.item == "diesel"):
        fuels.append(FuelUse(item="diesel", unit="L", use="stationary", heat=False,
                             qty_month=elec_mwh * float(rng.uniform(0.3, 1.5))))
    if rng.random() < 0.6:
        fuels.append(FuelUse(item="diesel", unit="L", use="mobile", heat=False,
                             qty_month=employees * float(rng.uniform(1.5, 4.0))))
    if rng.random() < 0.25:
        fuels.append(FuelUse(item="gasoline", unit="L", use="mobile", heat=False,
                             qty_month=employees * float(rng.uniform(0.3, 1.2))))
    if sector_id == "food" and rng.random() < 0.3:
        fuels.append(FuelUse(item="biogas", unit="Nm3", use="stationary", heat=True,
                             qty_month=elec_mwh * float(rng.uniform(5, 20))))
    return tuple(fuels)


def _fuel_gj(fuels: tuple[FuelUse, ...]) -> float:
    return sum(f.qty_month * FUEL_GJ_PER_UNIT[(f.item, f.unit)] for f in fuels)


def _ash_t_per_month(fuels: tuple[FuelUse, ...]) -> float:
    return sum(
        f.qty_month * SOLID_FUELS_ASH_FRACTION.get(f.item, 0.0) for f in fuels if f.unit == "t"
    )


class _Draft(BaseModel):
    """A profile before the park-level pass assigns by-product receivers."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    fields: dict
    waste_items: tuple[str, ...]
    ash_t_month: float
    boiler_item: str | None


def _draft(seed: int, park_index: int, slot: int, park: ParkSeed, taken: set[str]) -> _Draft:
    rng = np.random.default_rng([seed, park_index, slot, 1])
    sector_id = (str(rng.choice(park.sectors)) if rng.random() < 0.75
                 else str(rng.choice(ALL_SECTORS)))
    prof = SECTORS[sector_id]
    employees = int(np.clip(rng.lognormal(np.log(prof.employees_median), 0.7), 20, 20000))
    elec_mwh = employees * prof.elec_mwh_per_employee_month * float(rng.lognormal(0, 0.4))
    enterprise_id = _tax_code(rng)
    while enterprise_id in taken:
        enterprise_id = _tax_code(rng)
    taken.add(enterprise_id)
    fuels = _fuels(rng, sector_id, park, elec_mwh, employees)
    toe_year = 12 * (elec_mwh * TOE_PER_MWH + _fuel_gj(fuels) / GJ_PER_TOE)
    roof_m2 = round(employees * float(rng.uniform(12, 40)), -1)
    vsic = str(rng.choice(prof.vsic_codes))
    output_unit, output_per_mwh = prof.output_unit, prof.output_per_mwh
    if (sector_id, vsic) in _TONNE_PRODUCTS:
        output_unit, output_per_mwh = "t", _TONNE_PRODUCTS[(sector_id, vsic)]
    fields = {
        "enterprise_id": enterprise_id,
        "name": _name(rng, sector_id, "-" in enterprise_id),
        "park_id": park.park_id, "sector_id": sector_id, "vsic_code": vsic,
        "roof_area_m2": roof_m2, "employees": employees,
        "on_national_list": toe_year >= NATIONAL_LIST_TOE_PER_YEAR,
        "park_index": park_index, "slot": slot,
        "elec_mwh_month": elec_mwh, "elec_unit": "MWh" if elec_mwh > 1500 else "kWh",
        "grid_supplier": park.operator if rng.random() < 0.3 else "PC Đồng Nai (EVN)",
        "growth_per_year": float(rng.normal(0.05, 0.04)),
        "efficiency_per_year": float(rng.uniform(0.0, 0.03)),
        "output_unit": output_unit,
        "output_per_mwh": output_per_mwh * float(rng.lognormal(0, 0.25)),
        "reports_revenue": bool(rng.random() < 0.85),
        "solar_kwp": round(roof_m2 * 0.15 * float(rng.uniform(0.3, 0.7)), 0)
        if rng.random() < 0.35 else 0.0,
        "solar_from": int(rng.integers(0, 36)) if rng.random() < 0.6 else 0,
        "dppa_share": float(rng.uniform(0.15, 0.4)) if elec_mwh > 800 and rng.random() < 0.25
        else 0.0,
        "rec_share": float(rng.uniform(0.1, 0.3)) if rng.random() < 0.06 else 0.0,
        "fuels": fuels,
        "steam_t_month": elec_mwh * float(rng.uniform(0.5, 2.0))
        if not any(f.heat for f in fuels) and prof.heat_gj_per_mwh >= 3 else 0.0,
        "water_m3_month": elec_mwh * prof.water_m3_per_mwh * float(rng.lognormal(0, 0.3))
        + employees * 2.5,
        "groundwater_share": float(rng.uniform(0.3, 0.6)) if rng.random() < 0.25 else 0.0,
        "recycled_share": float(rng.uniform(0.1, 0.3)) if rng.random() < 0.2 else 0.0,
        "cod_kg_per_m3": prof.cod_kg_per_m3 * float(rng.lognormal(0, 0.3))
        if rng.random() < 0.6 else None,
        "refrigerant": str(rng.choice(["r404a", "r507a"] if sector_id == "food" and
                                      rng.random() < 0.5 else ["r410a", "r32", "r22", "r134a"])),
        "refrigerant_charge_kg": float(np.clip(elec_mwh * 0.3, 10, 600)),
        "has_sf6": bool(elec_mwh > 2000 and rng.random() < 0.3),
        "first_month": int(rng.integers(12, 31)) if rng.random() < 0.05 else 0,
        "missing_months": tuple(sorted({int(m) for m in rng.integers(1, 48, size=2)}))
        if rng.random() < 0.08 else (),
        "outlier_month": int(rng.integers(0, 48)) if rng.random() < 0.06 else None,
        "outlier_category": str(rng.choice(["electricity", "fuel", "water"])),
    }
    if fields["outlier_month"] is None:
        fields["outlier_category"] = None
    wastes = ("general", "hazardous", "paper", *prof.wastes)
    boiler = next((f for f in fuels if f.heat), None)
    return _Draft(fields=fields, waste_items=wastes, ash_t_month=_ash_t_per_month(fuels),
                  boiler_item=boiler.switch_item or boiler.item if boiler else None)


#: Parks whose tenants pass by-products to each other and recycle most waste (Amata and Nhon
#: Trach 2 are cited as eco-industrial-park pilots, regulation.md §4.1), and parks where nobody
#: does (so the scorecard and the Circular economy page show both kinds). Fictional behaviour.
ECO_PARKS: frozenset[str] = frozenset({"amata", "nhon_trach_2"})
NO_SYMBIOSIS_PARKS: frozenset[str] = frozenset({"bien_hoa_1", "ho_nai", "song_may"})
#: Treatment routes in an eco park: recovery wherever the item allows it.
ECO_TREATMENT: dict[str, tuple[tuple[str, float], ...]] = {
    "general": (("recycling", 0.5), ("incineration_energy_recovery", 0.5)),
    "hazardous": (("incineration_energy_recovery", 0.6), ("incineration", 0.4)),
    "sludge": (("composting", 0.5), ("incineration_energy_recovery", 0.5)),
    "ash_slag": (("reuse", 1.0),),
    "textile": (("recycling", 1.0),),
    "plastic": (("recycling", 1.0),),
}


def _receiver(item: str, me: _Draft, park_drafts: list[_Draft]) -> str | None:
    """Another enterprise of the same park that takes this by-product, if any."""
    if item not in SYMBIOSIS or me.fields["park_id"] in NO_SYMBIOSIS_PARKS:
        return None
    sector, _treatment = SYMBIOSIS[item]
    for other in park_drafts:
        if other is me:
            continue
        takes_wood = item == "wood_waste" and other.boiler_item == "wood"
        if other.fields["sector_id"] == sector or takes_wood:
            return str(other.fields["enterprise_id"])
    if me.fields["park_id"] in ECO_PARKS:
        # the park's exchange finds a taker among its tenants (the next one, in slot order)
        others = [d for d in park_drafts if d is not me]
        if others:
            index = park_drafts.index(me) % len(others)
            return str(others[index].fields["enterprise_id"])
    return None


def _stream(rng: np.random.Generator, item: str, t_per_mwh: float, elec_mwh: float,
            receiver: str | None, eco: bool = False) -> WasteStream:
    if receiver is not None:
        treatment = SYMBIOSIS[item][1]
        counterparty = receiver
    else:
        table = ECO_TREATMENT.get(item, WASTE_TREATMENT[item]) if eco else WASTE_TREATMENT[item]
        treatment = _weighted(rng, table)
        counterparty = COLLECTORS[int(rng.integers(len(COLLECTORS)))]
    unit = "kg" if t_per_mwh * elec_mwh < 1.0 else "t"
    return WasteStream(item=item, unit=unit, treatment=treatment, t_per_mwh=t_per_mwh,
                       counterparty=counterparty)


def _finish(seed: int, draft: _Draft, park_drafts: list[_Draft]) -> EnterpriseProfile:
    f = draft.fields
    rng = np.random.default_rng([seed, f["park_index"], f["slot"], 3])
    elec = f["elec_mwh_month"]
    eco = f["park_id"] in ECO_PARKS
    wastes = tuple(
        _stream(rng, item, WASTE_T_PER_MWH[item] * float(rng.lognormal(0, 0.4)), elec,
                _receiver(item, draft, park_drafts), eco)
        for item in draft.waste_items
    )
    ash = None
    if draft.ash_t_month > 0:
        ash = _stream(rng, "ash_slag", draft.ash_t_month / elec, elec,
                      _receiver("ash_slag", draft, park_drafts), eco)
    steam_supplier = None
    if f["steam_t_month"] > 0:
        steam_supplier = next(
            (str(o.fields["enterprise_id"]) for o in park_drafts
             if o is not draft and o.boiler_item is not None), f["grid_supplier"])
    return EnterpriseProfile(**f, wastes=wastes, ash_stream=ash, steam_supplier=steam_supplier)


def enterprise_profiles(parks: tuple[ParkSeed, ...], per_park: int, seed: int
                        ) -> tuple[EnterpriseProfile, ...]:
    """``per_park`` fictional enterprises in each park, in park then slot order."""
    taken: set[str] = set()
    names: set[str] = set()
    out: list[EnterpriseProfile] = []
    for park_index, park in enumerate(parks):
        drafts = [_draft(seed, park_index, slot, park, taken) for slot in range(per_park)]
        for draft in drafts:
            profile = _finish(seed, draft, drafts)
            name = profile.name
            n = 2
            while name in names:  # fictional names must stay unique for the dashboard
                name = profile.name.replace(" (fictional)", f" {n} (fictional)")
                n += 1
            names.add(name)
            out.append(profile.model_copy(update={"name": name, **_identity(profile, park)}))
    return tuple(out)


# Fictional legal representatives (family + given names); no real person is meant.
_REP_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Huỳnh")
_REP_GIVEN = ("Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thu Hà", "Đức Huy", "Ngọc Lan",
              "Hữu Phước", "Thanh Tâm", "Xuân Vinh")


def _identity(profile: EnterpriseProfile, park: ParkSeed) -> dict[str, str]:
    """Form 06 section I and contact fields, derived from the id (so the random streams, and
    every monthly figure, stay as they were). Fictional, like the enterprises themselves."""
    digits = profile.enterprise_id.replace("-", "")
    n = int(digits[-4:])
    return {
        "address": f"Lô {chr(65 + profile.slot % 26)}{profile.slot + 1}, {park.name_vi}, "
                   "tỉnh Đồng Nai",
        "business_registration_no": profile.enterprise_id,
        "legal_representative": f"{_REP_FAMILY[n % 10]} {_REP_GIVEN[(n // 10) % 10]} "
                                "(Giám đốc / Director)",
        "contact_email": f"ghg.{digits}@example.vn",
        "contact_phone": f"0251 3{digits[-6:]}",
    }

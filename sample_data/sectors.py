"""Rough sector profiles for the fictional enterprises.

Why rough: the sample must look plausible on a dashboard (a dyeing mill burns coal or biomass
and uses much water; an electronics assembler mostly buys electricity) and exercise every part
of the contract, not model any real plant. Intensities are order-of-magnitude figures.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class SectorProfile(BaseModel):
    """Order-of-magnitude intensities and habits of one sector."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    word_vi: str  # used in the fictional company names
    employees_median: float
    elec_mwh_per_employee_month: float
    heat_gj_per_mwh: float  # boiler/furnace fuel energy per MWh of electricity
    boiler_fuels: tuple[tuple[str, float], ...]  # (fuel item, weight) outside gas parks
    gas_ok: bool  # may use pipeline gas in a gas park
    vsic_codes: tuple[str, ...]
    output_unit: str
    output_per_mwh: float
    water_m3_per_mwh: float
    cod_kg_per_m3: float
    revenue_million_vnd_per_mwh: float
    wastes: tuple[str, ...]  # waste items besides general, hazardous and paper


SECTORS: dict[str, SectorProfile] = {
    "textiles_garments": SectorProfile(
        word_vi="Dệt May", employees_median=900, elec_mwh_per_employee_month=0.3,
        heat_gj_per_mwh=4.0,
        boiler_fuels=(("coal_anthracite", 0.35), ("fuel_oil", 0.2), ("wood", 0.35),
                      ("rice_husk", 0.1)),
        gas_ok=True, vsic_codes=("1311", "1312", "1313", "1410"), output_unit="piece",
        output_per_mwh=900, water_m3_per_mwh=25, cod_kg_per_m3=0.8,
        revenue_million_vnd_per_mwh=180, wastes=("textile", "sludge", "plastic")),
    "footwear": SectorProfile(
        word_vi="Giày Da", employees_median=2200, elec_mwh_per_employee_month=0.12,
        heat_gj_per_mwh=0.8, boiler_fuels=(("lpg", 0.6), ("diesel", 0.4)), gas_ok=False,
        vsic_codes=("1520", "1512"), output_unit="pair", output_per_mwh=450,
        water_m3_per_mwh=6, cod_kg_per_m3=0.3, revenue_million_vnd_per_mwh=260,
        wastes=("textile", "plastic")),
    "food": SectorProfile(
        word_vi="Thực Phẩm", employees_median=350, elec_mwh_per_employee_month=0.6,
        heat_gj_per_mwh=3.0,
        boiler_fuels=(("coal_anthracite", 0.25), ("fuel_oil", 0.15), ("rice_husk", 0.35),
                      ("wood", 0.25)),
        gas_ok=True, vsic_codes=("1010", "1050", "1062", "1080", "1104"), output_unit="t",
        output_per_mwh=6.5, water_m3_per_mwh=20, cod_kg_per_m3=1.5,
        revenue_million_vnd_per_mwh=120, wastes=("food_organic", "sludge", "plastic", "glass")),
    "rubber_plastics": SectorProfile(
        word_vi="Nhựa Cao Su", employees_median=250, elec_mwh_per_employee_month=0.9,
        heat_gj_per_mwh=0.8, boiler_fuels=(("lpg", 0.5), ("diesel", 0.3), ("wood", 0.2)),
        gas_ok=False, vsic_codes=("2211", "2219", "2220"), output_unit="t",
        output_per_mwh=0.7, water_m3_per_mwh=2, cod_kg_per_m3=0.3,
        revenue_million_vnd_per_mwh=70, wastes=("plastic",)),
    "chemicals": SectorProfile(
        word_vi="Hóa Chất", employees_median=200, elec_mwh_per_employee_month=2.0,
        heat_gj_per_mwh=4.0,
        boiler_fuels=(("fuel_oil", 0.4), ("coal_bituminous", 0.3), ("lpg", 0.3)),
        gas_ok=True, vsic_codes=("2011", "2012", "2013", "2023"), output_unit="t",
        output_per_mwh=2.0, water_m3_per_mwh=8, cod_kg_per_m3=1.0,
        revenue_million_vnd_per_mwh=60, wastes=("sludge", "plastic")),
    "electronics": SectorProfile(
        word_vi="Điện Tử", employees_median=800, elec_mwh_per_employee_month=0.35,
        heat_gj_per_mwh=0.2, boiler_fuels=(("lpg", 0.7), ("diesel", 0.3)), gas_ok=False,
        vsic_codes=("2610", "2630", "2710", "2732"), output_unit="piece",
        output_per_mwh=4500, water_m3_per_mwh=4, cod_kg_per_m3=0.3,
        revenue_million_vnd_per_mwh=220, wastes=("e_waste", "scrap_metal", "plastic",
                                                 "wood_waste")),
    "metal": SectorProfile(
        word_vi="Cơ Khí Kim Loại", employees_median=250, elec_mwh_per_employee_month=1.2,
        heat_gj_per_mwh=2.0, boiler_fuels=(("lpg", 0.4), ("fuel_oil", 0.3), ("diesel", 0.3)),
        gas_ok=True, vsic_codes=("2410", "2420", "2511", "2592"), output_unit="t",
        output_per_mwh=1.25, water_m3_per_mwh=2, cod_kg_per_m3=0.3,
        revenue_million_vnd_per_mwh=50, wastes=("scrap_metal",)),
    "wood": SectorProfile(
        word_vi="Gỗ", employees_median=400, elec_mwh_per_employee_month=0.3,
        heat_gj_per_mwh=3.0, boiler_fuels=(("wood", 0.9), ("rice_husk", 0.1)), gas_ok=False,
        vsic_codes=("1610", "1621", "1622", "1629"), output_unit="m3", output_per_mwh=3.3,
        water_m3_per_mwh=1.5, cod_kg_per_m3=0.3, revenue_million_vnd_per_mwh=90,
        wastes=("wood_waste",)),
    "building_materials": SectorProfile(
        word_vi="Vật Liệu Xây Dựng", employees_median=300, elec_mwh_per_employee_month=2.0,
        heat_gj_per_mwh=8.0,
        boiler_fuels=(("coal_bituminous", 0.5), ("coal_anthracite", 0.3), ("fuel_oil", 0.2)),
        gas_ok=True, vsic_codes=("2392", "2394", "2395"), output_unit="m2",
        output_per_mwh=200, water_m3_per_mwh=3, cod_kg_per_m3=0.3,
        revenue_million_vnd_per_mwh=40, wastes=("glass", "scrap_metal")),
}

# Net calorific values (GJ per unit the fuel is reported in), rough IPCC-2006-like defaults;
# used only to size the fictional fuel quantities, never for emissions.
FUEL_GJ_PER_UNIT: dict[tuple[str, str], float] = {
    ("coal_anthracite", "t"): 26.7, ("coal_bituminous", "t"): 25.8,
    ("fuel_oil", "t"): 40.4, ("fuel_oil", "L"): 0.039, ("diesel", "L"): 0.036,
    ("gasoline", "L"): 0.032, ("lpg", "kg"): 0.0473, ("natural_gas", "Sm3"): 0.038,
    ("natural_gas", "MMBtu"): 1.055, ("wood", "t"): 15.6, ("rice_husk", "t"): 13.0,
    ("biogas", "Nm3"): 0.021,
}
SOLID_FUELS_ASH_FRACTION: dict[str, float] = {
    "coal_anthracite": 0.22, "coal_bituminous": 0.15, "wood": 0.03, "rice_husk": 0.18,
}
# Which sector takes which by-product inside a park (industrial symbiosis) and how.
SYMBIOSIS: dict[str, tuple[str, str]] = {
    "ash_slag": ("building_materials", "reuse"),
    "scrap_metal": ("metal", "recycling"),
    "plastic": ("rubber_plastics", "recycling"),
    "textile": ("textiles_garments", "recycling"),
    "wood_waste": ("wood", "reuse"),
}
WASTE_TREATMENT: dict[str, tuple[tuple[str, float], ...]] = {
    "general": (("landfill", 0.5), ("incineration", 0.3), ("incineration_energy_recovery", 0.2)),
    "hazardous": (("incineration", 0.8), ("other", 0.2)),
    "paper": (("recycling", 1.0),),
    "plastic": (("recycling", 0.8), ("incineration", 0.2)),
    "scrap_metal": (("recycling", 1.0),),
    "textile": (("recycling", 0.6), ("incineration_energy_recovery", 0.4)),
    "food_organic": (("composting", 0.5), ("reuse", 0.3), ("anaerobic_digestion", 0.2)),
    "sludge": (("landfill", 0.6), ("incineration", 0.4)),
    "ash_slag": (("landfill", 0.6), ("reuse", 0.4)),
    "glass": (("recycling", 1.0),),
    "wood_waste": (("reuse", 0.5), ("incineration_energy_recovery", 0.5)),
    "e_waste": (("recycling", 1.0),),
}
# Tonnes per MWh of electricity, a crude driver for each waste stream.
WASTE_T_PER_MWH: dict[str, float] = {
    "general": 0.02, "hazardous": 0.002, "paper": 0.01, "plastic": 0.008, "scrap_metal": 0.03,
    "textile": 0.03, "food_organic": 0.15, "sludge": 0.02, "glass": 0.01, "wood_waste": 0.08,
    "e_waste": 0.001,
}
COLLECTORS: tuple[str, ...] = (
    "Công ty TNHH Môi trường Xanh Mẫu (fictional)",
    "Công ty CP Xử lý Chất thải Mẫu Đồng Nai (fictional)",
    "Công ty TNHH Tái chế Sao Mai Mẫu (fictional)",
)
FANTASY_NAMES: tuple[str, ...] = (
    "Sông Xanh", "Mây Hồng", "Sao Bạc", "Hoa Sen Vàng", "Núi Tím", "Cầu Vồng", "Gió Mới",
    "Trăng Non", "Bình Minh Mới", "Lá Phong", "Cánh Cò", "Biển Ngọc", "Đồi Thông Mẫu",
    "Hạc Trắng", "Mặt Trời Nhỏ", "Suối Bạc", "Cát Vàng", "Rừng Xanh", "Ngôi Sao Tím",
    "Phương Nam Mẫu", "Hồ Gươm Giả", "Kỳ Lân", "Hải Âu", "Thiên Thanh",
)
FOREIGN_STYLE: tuple[str, ...] = (
    "Blue Heron Vina", "Kappa Mockworks Vietnam", "Zeta Demo Industries Vina",
    "Maple Example Vina", "Orchid Sample Vietnam", "Nimbus Fictional Vina",
)

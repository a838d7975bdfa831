"""The monthly upload contract (template v1) as data.

Why data and not scattered literals: the validator, the XLSX template's drop-downs and
explanation sheet, the warehouse's canonical units and the docs all read this one table, so
a new item is added in one place. The contract may gain items and units; it never renames
or removes one (``../shared/spec/upload-template.md``), and ``tests/test_contract.py``
pins the v1 vocabulary so a removal fails loudly.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

TEMPLATE_VERSION = "v1"

COLUMNS: tuple[str, ...] = (
    "enterprise_id",
    "period",
    "category",
    "item",
    "quantity",
    "unit",
    "use",
    "treatment",
    "counterparty",
    "note",
    # Added in issue 8, last so older files keep their column positions; optional: a file
    # without it is read as before (every row unnamed).
    "equipment",
)
REQUIRED_COLUMNS: tuple[str, ...] = (
    "enterprise_id",
    "period",
    "category",
    "item",
    "quantity",
    "unit",
)

# Vietnamese header aliases accepted on upload and documented in the template. Keys are
# compared after lower-casing, trimming and collapsing inner whitespace.
HEADER_ALIASES_VI: dict[str, str] = {
    "mã doanh nghiệp": "enterprise_id",
    "mã số thuế": "enterprise_id",
    "mst": "enterprise_id",
    "kỳ": "period",
    "kỳ báo cáo": "period",
    "tháng": "period",
    "nhóm": "category",
    "hạng mục": "item",
    "số lượng": "quantity",
    "khối lượng": "quantity",
    "đơn vị": "unit",
    "đơn vị tính": "unit",
    "mục đích sử dụng": "use",
    "hình thức xử lý": "treatment",
    "đối tác": "counterparty",
    "bên nhận/bên cung cấp": "counterparty",
    "ghi chú": "note",
    "thiết bị": "equipment",
    "tên thiết bị": "equipment",
}

#: ``offroad`` (added in issue 8): forklifts, loaders, generators on wheels and other machinery
#: that never drives on public roads; IPCC 2006 Vol2 Ch3 Table 3.3.1 factors.
USES: tuple[str, ...] = ("stationary", "mobile", "offroad")
DEFAULT_USE = "stationary"
TREATMENTS: tuple[str, ...] = (
    "recycling",
    "reuse",
    "composting",
    "anaerobic_digestion",
    "incineration_energy_recovery",
    "incineration",
    "landfill",
    "other",
)
#: How wastewater treated on site is treated (``wastewater``/``treated_onsite`` rows only): the
#: IPCC 2006 Vol5 Ch6 Table 6.8 treatment types whose methane correction factor (MCF) applies.
WASTEWATER_TREATMENTS: tuple[str, ...] = (
    "aerobic_well_managed",
    "aerobic_overloaded",
    "anaerobic_reactor",
    "anaerobic_shallow_lagoon",
    "anaerobic_deep_lagoon",
    "anaerobic_sludge_digester",
)
NOTE_MAX_CHARS = 500
#: Circular 38 Appendix II table 2.2 (refrigeration and electrical equipment register): a
#: refrigerant row may name the equipment it was charged into ("Chiller 2, workshop A").
EQUIPMENT_MAX_CHARS = 120
EQUIPMENT_CATEGORIES: tuple[str, ...] = ("refrigerant",)


class ItemSpec(BaseModel):
    """One item of the contract: its units and, per physical dimension, the canonical unit."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    category: str
    item: str
    units: tuple[str, ...]
    canonical_units: tuple[str, ...]
    meaning_en: str
    meaning_vi: str


def _spec(
    category: str, item: str, units: str, canonical: str, en: str, vi: str
) -> ItemSpec:
    return ItemSpec(
        category=category,
        item=item,
        units=tuple(units.split()),
        canonical_units=tuple(canonical.split()),
        meaning_en=en,
        meaning_vi=vi,
    )


_FUEL_LIQUID = "L m3 kg t"
_WASTE_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("general", "general industrial waste", "chất thải rắn công nghiệp thông thường"),
    ("hazardous", "hazardous waste", "chất thải nguy hại"),
    ("scrap_metal", "scrap metal", "phế liệu kim loại"),
    ("plastic", "plastic waste", "phế liệu nhựa"),
    ("paper", "paper and cardboard", "giấy, bìa carton"),
    ("wood_waste", "wood waste, pallets", "gỗ thải, pallet"),
    ("textile", "textile offcuts", "vải vụn"),
    ("food_organic", "food and organic waste", "chất thải thực phẩm, hữu cơ"),
    ("sludge", "sludge", "bùn thải"),
    ("ash_slag", "ash and slag", "tro, xỉ"),
    ("glass", "glass", "thủy tinh"),
    ("e_waste", "electrical and electronic waste", "chất thải điện tử"),
    ("rubber", "rubber and leather waste", "cao su, da thải"),
)
_REFRIGERANTS: tuple[str, ...] = (
    "r22", "r32", "r134a", "r404a", "r407c", "r410a", "r507a", "sf6",
)

ITEMS: tuple[ItemSpec, ...] = (
    _spec("electricity", "grid", "kWh MWh", "MWh",
          "bought from the national grid (EVN or the park's distributor)",
          "điện mua từ lưới quốc gia (EVN hoặc đơn vị phân phối của KCN)"),
    _spec("electricity", "dppa_renewable", "kWh MWh", "MWh",
          "bought from a renewable generator under a direct power purchase agreement (DPPA)"
          " delivered through the national grid",
          "điện tái tạo mua trực tiếp theo cơ chế DPPA, truyền qua lưới điện quốc gia"),
    _spec("electricity", "dppa_private_line", "kWh MWh", "MWh",
          "bought from a renewable generator under a DPPA over a private line (not through"
          " the national grid)",
          "điện tái tạo mua theo cơ chế DPPA qua đường dây riêng (không qua lưới quốc gia)"),
    _spec("electricity", "onsite_solar", "kWh MWh", "MWh",
          "generated by the enterprise's own solar panels and consumed on site",
          "điện mặt trời tự sản xuất và tự tiêu thụ tại chỗ"),
    _spec("electricity", "rec_retired", "MWh", "MWh",
          "renewable-energy certificates (I-REC etc.) retired for this month",
          "chứng chỉ năng lượng tái tạo (I-REC...) đã hủy cho tháng này"),
    _spec("fuel", "diesel", _FUEL_LIQUID, "m3 t", "gas/diesel oil (DO)", "dầu diesel (DO)"),
    _spec("fuel", "gasoline", _FUEL_LIQUID, "m3 t",
          "motor gasoline (RON 92/95, E5)", "xăng (RON 92/95, E5)"),
    _spec("fuel", "fuel_oil", _FUEL_LIQUID, "m3 t",
          "residual fuel oil (FO, mazut)", "dầu nhiên liệu (FO, mazut)"),
    _spec("fuel", "kerosene", "L kg t", "m3 t", "kerosene (KO)", "dầu hỏa (KO)"),
    _spec("fuel", "lpg", "kg t L", "t m3", "liquefied petroleum gas", "khí hóa lỏng (LPG)"),
    # ``MMBtu``/``GJ`` without a suffix are read as net (NCV) energy, as in v1; ``*_gcv``
    # says the invoice is on a gross basis and is converted to NCV in metrics (issue 8).
    _spec("fuel", "natural_gas", "Sm3 MMBtu GJ MMBtu_gcv GJ_gcv", "Sm3 GJ GJ_gcv",
          "natural gas (pipeline, or CNG/LNG regasified)",
          "khí thiên nhiên (đường ống, CNG/LNG tái hóa khí)"),
    _spec("fuel", "coal_anthracite", "kg t", "t",
          "anthracite (Vietnamese coal is mostly anthracite)", "than antraxit (than Việt Nam)"),
    _spec("fuel", "coal_bituminous", "kg t", "t",
          "other bituminous coal (imported)", "than bitum (nhập khẩu)"),
    _spec("fuel", "coal_subbituminous", "kg t", "t", "sub-bituminous coal", "than á bitum"),
    _spec("fuel", "wood", "kg t", "t",
          "wood, wood chips, wood pellets (biogenic CO2)",
          "gỗ, dăm gỗ, viên nén gỗ (CO2 sinh học)"),
    _spec("fuel", "rice_husk", "kg t", "t",
          "rice husk and other primary solid biomass (biogenic CO2)",
          "trấu và sinh khối rắn khác (CO2 sinh học)"),
    _spec("fuel", "biogas", "Nm3", "Nm3", "biogas burned on site (biogenic CO2)",
          "khí sinh học đốt tại chỗ (CO2 sinh học)"),
    *(
        _spec("refrigerant", r, "kg", "kg",
              f"{r.upper()} recharged into equipment this month",
              f"lượng {r.upper()} nạp bổ sung vào thiết bị trong tháng")
        for r in _REFRIGERANTS
    ),
    _spec("steam", "purchased_steam", "t GJ", "t GJ",
          "steam bought from another enterprise or the park",
          "hơi nước mua từ doanh nghiệp khác hoặc KCN"),
    _spec("water", "municipal", "m3", "m3", "water withdrawn from the municipal supply",
          "nước cấp từ hệ thống cấp nước"),
    _spec("water", "groundwater", "m3", "m3", "groundwater withdrawn", "nước ngầm khai thác"),
    _spec("water", "surface", "m3", "m3", "surface water withdrawn", "nước mặt khai thác"),
    _spec("water", "recycled", "m3", "m3", "water treated and reused inside the enterprise",
          "nước được xử lý và tái sử dụng trong doanh nghiệp"),
    _spec("wastewater", "discharged", "m3", "m3",
          "wastewater sent to the park's central treatment plant",
          "nước thải đưa về nhà máy xử lý nước thải tập trung của KCN"),
    _spec("wastewater", "cod_load", "kg", "kg", "COD in that wastewater, where measured",
          "tải lượng COD trong nước thải (nếu đo)"),
    _spec("wastewater", "treated_onsite", "kg_COD", "kg_COD",
          "COD removed by the enterprise's own wastewater plant (inflow COD minus outflow COD"
          " and sludge), with its treatment type",
          "lượng COD được loại bỏ tại hệ thống xử lý nước thải của doanh nghiệp (COD vào trừ COD"
          " ra và bùn), kèm loại hình xử lý"),
    *(
        _spec("waste", w, "kg t", "t", f"{en} leaving the enterprise (with its treatment)",
              f"{vi} chuyển ra khỏi doanh nghiệp (kèm hình thức xử lý)")
        for w, en, vi in _WASTE_ITEMS
    ),
    _spec("production", "output", "t kg piece pair m2 m3 MWh", "t piece pair m2 m3 MWh",
          "the month's production in the enterprise's own product unit (one unit, kept the same)",
          "sản lượng trong tháng theo đơn vị sản phẩm của doanh nghiệp (giữ cố định)"),
    _spec("finance", "revenue", "VND million_VND billion_VND", "VND",
          "the month's revenue (optional; used for intensity per revenue)",
          "doanh thu trong tháng (không bắt buộc; dùng tính cường độ theo doanh thu)"),
)

CATEGORIES: tuple[str, ...] = tuple(dict.fromkeys(s.category for s in ITEMS))

CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "electricity": ("electricity", "điện"),
    "fuel": ("fuel", "nhiên liệu"),
    "refrigerant": ("refrigerant recharge", "môi chất lạnh nạp bổ sung"),
    "steam": ("purchased steam", "hơi nước mua vào"),
    "water": ("water withdrawal", "nước sử dụng"),
    "wastewater": ("wastewater", "nước thải"),
    "waste": ("waste and by-products", "chất thải và phụ phẩm"),
    "production": ("production", "sản lượng"),
    "finance": ("finance", "tài chính"),
}

TREATMENT_LABELS: dict[str, tuple[str, str]] = {
    "recycling": ("recycling", "tái chế"),
    "reuse": ("reuse", "tái sử dụng"),
    "composting": ("composting", "ủ phân compost"),
    "anaerobic_digestion": ("anaerobic digestion", "phân hủy kỵ khí"),
    "incineration_energy_recovery": ("incineration with energy recovery",
                                     "đốt có thu hồi năng lượng"),
    "incineration": ("incineration", "đốt"),
    "landfill": ("landfill", "chôn lấp"),
    "other": ("other", "khác"),
}

USE_LABELS: dict[str, tuple[str, str]] = {
    "stationary": ("stationary (boilers, furnaces, generators)",
                   "đốt tĩnh (lò hơi, lò nung, máy phát)"),
    "mobile": ("mobile (road vehicles)", "đốt di động (xe chạy trên đường)"),
    "offroad": ("off-road machinery (forklifts, loaders, mobile generators)",
                "máy móc không chạy trên đường (xe nâng, máy xúc, máy phát di động)"),
}

WASTEWATER_TREATMENT_LABELS: dict[str, tuple[str, str]] = {
    "aerobic_well_managed": ("aerobic treatment plant, well managed",
                             "xử lý hiếu khí, vận hành tốt"),
    "aerobic_overloaded": ("aerobic treatment plant, not well managed or overloaded",
                           "xử lý hiếu khí, vận hành kém hoặc quá tải"),
    "anaerobic_reactor": ("anaerobic reactor (e.g. UASB)", "bể phản ứng kỵ khí (ví dụ UASB)"),
    "anaerobic_shallow_lagoon": ("anaerobic shallow lagoon (< 2 m)", "hồ kỵ khí nông (< 2 m)"),
    "anaerobic_deep_lagoon": ("anaerobic deep lagoon (> 2 m)", "hồ kỵ khí sâu (> 2 m)"),
    "anaerobic_sludge_digester": ("anaerobic digester for sludge", "bể phân hủy bùn kỵ khí"),
}

#: The most one enterprise can plausibly report for one month, per category and canonical unit.
#: Why: a typo of a few extra digits (or ``1e300``) would otherwise become the province's
#: biggest emitter, or an infinity that breaks every report. These are sanity caps set about
#: ten times above the largest single plants in Vietnam (a large steel works draws some
#: 400,000 MWh a month; a coal power plant burns some 500,000 t) — engineering judgement,
#: UNVERIFIED against any published statistic, and a row above its cap is rejected with the
#: cap shown in the row's own unit (``quantity_implausible``). Documented in
#: ``docs/upload-limits.md``; ``tests/hostile/test_issue10_regressions.py`` checks every item
#: has a cap and that the page states each one.
PLAUSIBLE_MONTHLY_MAX: dict[tuple[str, str], float] = {
    ("electricity", "MWh"): 5e6,
    ("fuel", "m3"): 5e6,
    ("fuel", "t"): 1e7,
    ("fuel", "Sm3"): 5e9,
    ("fuel", "GJ"): 2e8,
    ("fuel", "GJ_gcv"): 2e8,
    ("fuel", "Nm3"): 5e8,
    ("refrigerant", "kg"): 1e6,
    ("steam", "t"): 1e8,
    ("steam", "GJ"): 3e8,
    ("water", "m3"): 1e9,
    ("wastewater", "m3"): 1e9,
    ("wastewater", "kg"): 1e9,
    ("wastewater", "kg_COD"): 1e9,
    ("waste", "t"): 1e7,
    ("production", "t"): 1e9,
    ("production", "piece"): 1e12,
    ("production", "pair"): 1e11,
    ("production", "m2"): 1e11,
    ("production", "m3"): 1e10,
    ("production", "MWh"): 5e7,
    ("finance", "VND"): 1e17,
}

_BY_KEY: dict[tuple[str, str], ItemSpec] = {(s.category, s.item): s for s in ITEMS}


def item_spec(category: str, item: str) -> ItemSpec | None:
    """The spec of ``category``/``item``, or None when the pair is not in the contract."""
    return _BY_KEY.get((category, item))


def items_of(category: str) -> tuple[str, ...]:
    """The items allowed in one category, in contract order."""
    return tuple(s.item for s in ITEMS if s.category == category)


# Fuel uses the engine has no method for. The upload rejects them with the reason, because
# an accepted row that is priced at nothing would silently shorten a facility total;
# ``metrics.coverage`` proves every other accepted combination is priced or zero with a reason.
_NO_ROAD_FUELS = ("fuel_oil", "kerosene", "coal_anthracite", "coal_bituminous",
                  "coal_subbituminous", "wood", "rice_husk", "biogas")
_NO_OFFROAD_FUELS = (*_NO_ROAD_FUELS, "natural_gas")
#: (fuel item, use) → reason code: IPCC 2006 road (Vol. 2 Tables 3.2.1/3.2.2) and off-road
#: (Table 3.3.1) tables have no factor for these fuels.
UNSUPPORTED_FUEL_USES: dict[tuple[str, str], str] = {
    **{(item, "mobile"): "no_road_factor_for_fuel" for item in _NO_ROAD_FUELS},
    **{(item, "offroad"): "no_offroad_factor_for_fuel" for item in _NO_OFFROAD_FUELS},
}


def uses_for(category: str) -> tuple[str, ...]:
    """The ``use`` values a row of ``category`` may carry (empty: the column must be empty)."""
    return USES if category == "fuel" else ()


def treatments_for(category: str, item: str) -> tuple[str, ...]:
    """The ``treatment`` values a row of ``category``/``item`` must carry (empty: none allowed).

    Waste rows take a waste route; wastewater treated on site takes its treatment type.
    """
    if category == "waste":
        return TREATMENTS
    if (category, item) == ("wastewater", "treated_onsite"):
        return WASTEWATER_TREATMENTS
    return ()


def all_units() -> tuple[str, ...]:
    """Every unit the contract knows, in first-seen order (for drop-downs)."""
    return tuple(dict.fromkeys(u for s in ITEMS for u in s.units))

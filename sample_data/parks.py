"""Dong Nai industrial parks for the sample: real names, approximate public figures.

Why real parks: the demo and the Kobe–Dong Nai discussions are about these parks, so the
dashboard should show names and a map people recognise. But the numbers here are **approximate
public figures** (approved area in ha, a point near the park's centre, the infrastructure
developer as commonly reported) gathered for a demo — **not survey data**, not authoritative,
and some operator names are only approximate. Every enterprise placed in these parks by the
generator is fictional.

``gas`` marks parks on the Nhon Trach gas pipeline, where natural-gas boilers are plausible.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from pydantic import BaseModel, ConfigDict

PROVINCE_ID = "dong_nai"
PROVINCE_NAME_VI = "Đồng Nai"
PROVINCE_NAME_EN = "Dong Nai"
# Rough centre of the industrial belt (Bien Hoa – Long Thanh), for synthetic extra parks.
_CENTRE_LAT, _CENTRE_LON = 10.88, 106.98


class ParkSeed(BaseModel):
    """One park with the sectors its (fictional) tenants are drawn from first."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    park_id: str
    name_vi: str
    name_en: str
    area_ha: float
    operator: str
    latitude: float
    longitude: float
    sectors: tuple[str, ...]
    gas: bool = False


def _p(pid: str, vi: str, en: str, area_ha: float, operator: str, lat: float, lon: float,
       sectors: str, gas: bool = False) -> ParkSeed:
    return ParkSeed(park_id=pid, name_vi=vi, name_en=en, area_ha=area_ha, operator=operator,
                    latitude=lat, longitude=lon, sectors=tuple(sectors.split()), gas=gas)


# Approximate public figures (see module docstring). Order is stable: ids and the per-park
# random streams depend on it, so append new parks at the end.
REAL_PARKS: tuple[ParkSeed, ...] = (
    _p("amata", "KCN Amata", "Amata Industrial Park", 494, "Công ty CP Amata Biên Hòa",
       10.948, 106.872, "electronics food metal rubber_plastics"),
    _p("long_duc", "KCN Long Đức", "Long Duc Industrial Park", 283,
       "Công ty TNHH Đầu tư Long Đức (Sojitz)", 10.803, 106.962,
       "electronics metal rubber_plastics food"),
    _p("nhon_trach_1", "KCN Nhơn Trạch 1", "Nhon Trach 1 Industrial Park", 430,
       "Tổng Công ty IDICO", 10.737, 106.905, "chemicals metal textiles_garments", gas=True),
    _p("nhon_trach_2", "KCN Nhơn Trạch 2", "Nhon Trach 2 Industrial Park", 347,
       "Công ty CP Phát triển Đô thị Công nghiệp số 2 (D2D)", 10.745, 106.935,
       "textiles_garments metal chemicals", gas=True),
    _p("nhon_trach_3", "KCN Nhơn Trạch 3", "Nhon Trach 3 Industrial Park", 688,
       "Công ty CP Tín Nghĩa", 10.760, 106.962,
       "textiles_garments chemicals building_materials", gas=True),
    _p("nhon_trach_5", "KCN Nhơn Trạch 5", "Nhon Trach 5 Industrial Park", 302,
       "Tổng Công ty IDICO", 10.724, 106.955, "metal electronics chemicals", gas=True),
    _p("nhon_trach_6", "KCN Nhơn Trạch 6", "Nhon Trach 6 Industrial Park", 315,
       "Công ty hạ tầng KCN Nhơn Trạch 6 (approx.)", 10.771, 106.899,
       "textiles_garments food building_materials", gas=True),
    _p("bien_hoa_1", "KCN Biên Hòa 1", "Bien Hoa 1 Industrial Park", 335,
       "Tổng Công ty Sonadezi", 10.925, 106.846, "metal food chemicals"),
    _p("bien_hoa_2", "KCN Biên Hòa 2", "Bien Hoa 2 Industrial Park", 365,
       "Tổng Công ty Sonadezi", 10.918, 106.878,
       "electronics textiles_garments footwear metal"),
    _p("loteco", "KCN Loteco", "Loteco Industrial Park", 100,
       "Công ty Liên doanh Loteco (approx.)", 10.953, 106.886,
       "electronics rubber_plastics metal"),
    _p("ho_nai", "KCN Hố Nai", "Ho Nai Industrial Park", 497,
       "Công ty hạ tầng KCN Hố Nai (approx.)", 10.966, 106.936, "footwear wood rubber_plastics"),
    _p("song_may", "KCN Sông Mây", "Song May Industrial Park", 474,
       "Công ty hạ tầng KCN Sông Mây (approx.)", 10.990, 106.985, "wood footwear food"),
    _p("giang_dien", "KCN Giang Điền", "Giang Dien Industrial Park", 529,
       "Công ty Sonadezi Giang Điền", 10.915, 106.995, "textiles_garments footwear metal"),
    _p("tam_phuoc", "KCN Tam Phước", "Tam Phuoc Industrial Park", 323,
       "Công ty hạ tầng KCN Tam Phước (approx.)", 10.860, 106.931,
       "rubber_plastics chemicals metal"),
    _p("long_thanh", "KCN Long Thành", "Long Thanh Industrial Park", 488,
       "Công ty Sonadezi Long Thành", 10.815, 106.935, "metal chemicals food"),
    _p("dau_giay", "KCN Dầu Giây", "Dau Giay Industrial Park", 331,
       "Công ty hạ tầng KCN Dầu Giây (approx.)", 10.950, 107.140,
       "wood food building_materials"),
    _p("an_phuoc", "KCN An Phước", "An Phuoc Industrial Park", 201,
       "Công ty hạ tầng KCN An Phước (approx.)", 10.840, 106.955,
       "building_materials metal rubber_plastics"),
    _p("loc_an_binh_son", "KCN Lộc An – Bình Sơn", "Loc An–Binh Son Industrial Park", 497,
       "Công ty hạ tầng KCN Lộc An – Bình Sơn (approx.)", 10.790, 107.035,
       "textiles_garments footwear rubber_plastics"),
    _p("long_khanh", "KCN Long Khánh", "Long Khanh Industrial Park", 264,
       "Công ty hạ tầng KCN Long Khánh (approx.)", 10.940, 107.235,
       "food wood building_materials"),
    _p("suoi_tre", "KCN Suối Tre", "Suoi Tre Industrial Park", 150,
       "Công ty hạ tầng KCN Suối Tre (approx.)", 10.960, 107.210, "wood food metal"),
    _p("xuan_loc", "KCN Xuân Lộc", "Xuan Loc Industrial Park", 109,
       "Công ty hạ tầng KCN Xuân Lộc (approx.)", 10.930, 107.400, "food wood"),
    _p("agtex_long_binh", "KCN Agtex Long Bình", "Agtex Long Binh Industrial Park", 43,
       "Công ty hạ tầng KCN Agtex Long Bình (approx.)", 10.955, 106.902,
       "textiles_garments footwear"),
)

ALL_SECTORS: tuple[str, ...] = (
    "textiles_garments", "footwear", "food", "rubber_plastics", "chemicals", "electronics",
    "metal", "wood", "building_materials",
)


def park_seeds(n_parks: int | None, seed: int) -> tuple[ParkSeed, ...]:
    """The first ``n_parks`` real parks, then fictional ``demo_park_NNN`` ones for scale tests."""
    n = len(REAL_PARKS) if n_parks is None else n_parks
    seeds = list(REAL_PARKS[:n])
    for k in range(len(REAL_PARKS), n):
        rng = np.random.default_rng([seed, k, 0])
        sectors = rng.choice(ALL_SECTORS, size=3, replace=False)
        seeds.append(_p(
            f"demo_park_{k + 1:03d}", f"KCN Mẫu {k + 1:03d} (fictional)",
            f"Demo Park {k + 1:03d} (fictional)", round(float(rng.uniform(80, 700)), 0),
            "Công ty hạ tầng mẫu (fictional)",
            round(_CENTRE_LAT + float(rng.uniform(-0.3, 0.3)), 3),
            round(_CENTRE_LON + float(rng.uniform(-0.4, 0.4)), 3),
            " ".join(str(s) for s in sectors), gas=bool(rng.random() < 0.2),
        ))
    return tuple(seeds)


def provinces_frame() -> pl.DataFrame:
    """The sample's single province, in the registry ``provinces`` format."""
    return pl.DataFrame(
        {"province_id": [PROVINCE_ID], "name_vi": [PROVINCE_NAME_VI],
         "name_en": [PROVINCE_NAME_EN]}
    )


def parks_frame(seeds: tuple[ParkSeed, ...]) -> pl.DataFrame:
    """The parks in the registry ``parks`` format (what ``parkghg registry import`` reads)."""
    return pl.DataFrame(
        {
            "park_id": [s.park_id for s in seeds],
            "province_id": [PROVINCE_ID] * len(seeds),
            "name_vi": [s.name_vi for s in seeds],
            "name_en": [s.name_en for s in seeds],
            "area_ha": [s.area_ha for s in seeds],
            "operator": [s.operator for s in seeds],
            "latitude": [s.latitude for s in seeds],
            "longitude": [s.longitude for s in seeds],
        },
        schema={"park_id": pl.String, "province_id": pl.String, "name_vi": pl.String,
                "name_en": pl.String, "area_ha": pl.Float64, "operator": pl.String,
                "latitude": pl.Float64, "longitude": pl.Float64},
    )

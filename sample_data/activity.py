"""Monthly activity rows of one fictional enterprise, in the long upload format (template v1).

Why these shapes: the dashboard demo must show what real park data looks like — production
dips at Tết (the lunar new year, in January or February), electricity peaks in the hot season
(March–May), rooftop solar appears from an installation month, DPPA purchases start in 2025
(Decree 80/2024), some boilers switch from coal to biomass, by-products go to a neighbour in
the same park — and the awkward parts too: a few missing months and a few ×10 typos that ingest
must accept with a warning, not reject.
"""

from __future__ import annotations

import calendar

import numpy as np
import polars as pl

from parkghg.contract import COLUMNS
from sample_data.profiles import SAMPLE_EPOCH_YEAR, EnterpriseProfile, FuelUse, WasteStream
from sample_data.sectors import SECTORS, SOLID_FUELS_ASH_FRACTION

# Month of Tết Nguyên Đán (first day of the lunar year) by Gregorian year.
TET_MONTH: dict[int, int] = {
    2020: 1, 2021: 2, 2022: 2, 2023: 1, 2024: 2, 2025: 1, 2026: 2, 2027: 2, 2028: 1, 2029: 2,
    2030: 2,
}
_COOLING = {1: 0.96, 3: 1.10, 4: 1.12, 5: 1.08, 6: 1.03, 7: 1.02, 8: 1.02, 12: 0.96}
_SOLAR_SEASON = {1: 1.15, 2: 1.2, 3: 1.2, 4: 1.1, 5: 0.95, 6: 0.85, 7: 0.85, 8: 0.85, 9: 0.85,
                 10: 0.88, 11: 1.0, 12: 1.1}
_SOLAR_KWH_PER_KWP_DAY = 4.0
DPPA_FROM = 36  # 2025-01, the first month DPPA contracts were possible in practice
REC_FROM = 24
OUTLIER_FACTOR = 10.0
ROUND_DIGITS: dict[str, int] = {
    "kWh": 0, "MWh": 3, "L": 0, "t": 3, "kg": 1, "m3": 0, "Sm3": 0, "MMBtu": 2, "Nm3": 0,
    "piece": 0, "pair": 0, "m2": 0, "million_VND": 1, "GJ": 2,
}
DPPA_SELLER = "Trang trại điện mặt trời Mẫu (fictional)"
REC_REGISTRY = "I-REC"
NOTE_TET = "Nghỉ Tết Nguyên Đán"
NOTE_SWITCH = "Chuyển lò hơi sang nhiên liệu sinh khối"
NOTE_SOLAR = "Điện mặt trời mái nhà bắt đầu vận hành"


def parse_month(value: str) -> tuple[int, int]:
    """``YYYY-MM`` → (year, month)."""
    year, month = value.split("-")
    return int(year), int(month)


def month_range(start: str, end: str) -> list[tuple[int, int]]:
    """Every (year, month) from ``start`` to ``end`` inclusive (``YYYY-MM`` strings)."""
    y, m = parse_month(start)
    y_end, m_end = parse_month(end)
    out: list[tuple[int, int]] = []
    while (y, m) <= (y_end, m_end):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


class _Calendar:
    """Per-month drivers shared by every stream of one enterprise."""

    def __init__(self, months: list[tuple[int, int]]) -> None:
        self.periods = [f"{y:04d}-{m:02d}" for y, m in months]
        self.index = np.array([(y - SAMPLE_EPOCH_YEAR) * 12 + m - 1 for y, m in months])
        self.month = np.array([m for _, m in months])
        self.days = np.array([calendar.monthrange(y, m)[1] for y, m in months], dtype=float)
        self.tet = np.array([m == TET_MONTH.get(y, 2) for y, m in months])
        season = np.ones(len(months))
        season[np.isin(self.month, [1, 2])] = 0.95
        season[self.month == 12] = 1.06
        season[self.tet] = 0.68
        self.production = season
        self.cooling = np.array([_COOLING.get(m, 1.0) for m in self.month])
        self.solar = np.array([_SOLAR_SEASON[m] for m in self.month])


class _Rows:
    """Collects row streams (one array of quantities per category/item) for one enterprise."""

    def __init__(self, cal: _Calendar) -> None:
        self.cal = cal
        self.cols: dict[str, list] = {c: [] for c in (*COLUMNS, "_stream")}
        self.n_streams = 0

    def add(self, category: str, item: str, qty: np.ndarray, unit: str, *,
            use: str | None = None, treatment: str | None = None,
            counterparty: str | None = None, notes: list[str | None] | None = None,
            equipment: str | None = None) -> None:
        n = len(qty)
        qty = np.round(np.maximum(qty, 0.0), ROUND_DIGITS.get(unit, 3))
        self.cols["period"] += self.cal.periods
        self.cols["category"] += [category] * n
        self.cols["item"] += [item] * n
        self.cols["quantity"] += qty.tolist()
        self.cols["unit"] += [unit] * n
        self.cols["use"] += [use] * n
        self.cols["treatment"] += [treatment] * n
        self.cols["counterparty"] += [counterparty] * n
        self.cols["note"] += notes if notes is not None else [None] * n
        self.cols["equipment"] += [equipment] * n
        self.cols["_stream"] += [self.n_streams] * n
        self.n_streams += 1

    def frame(self, enterprise_id: str) -> pl.DataFrame:
        n = len(self.cols["period"])
        data = {**self.cols, "enterprise_id": [enterprise_id] * n}
        schema = {c: pl.String for c in data}
        schema["quantity"] = pl.Float64
        schema["_stream"] = pl.Int32
        return pl.DataFrame(data, schema=schema)


def _noise(rng: np.random.Generator, n: int, sigma: float) -> np.ndarray:
    return rng.lognormal(0.0, sigma, n)


def _electricity(p: EnterpriseProfile, cal: _Calendar, rng: np.random.Generator, rows: _Rows,
                 total_mwh: np.ndarray) -> None:
    n = len(cal.index)
    solar_mwh = (p.solar_kwp * _SOLAR_KWH_PER_KWP_DAY * cal.days * cal.solar
                 * _noise(rng, n, 0.06) / 1000.0)
    if p.solar_from is not None:
        solar_mwh = np.where(cal.index >= p.solar_from, solar_mwh, 0.0)
    solar_mwh = np.minimum(solar_mwh, 0.6 * total_mwh)
    dppa_mwh = np.where(cal.index >= DPPA_FROM, total_mwh * p.dppa_share, 0.0)
    grid_mwh = total_mwh - solar_mwh - dppa_mwh
    to_unit = 1000.0 if p.elec_unit == "kWh" else 1.0
    rows.add("electricity", "grid", grid_mwh * to_unit, p.elec_unit,
             counterparty=p.grid_supplier)
    if p.solar_kwp > 0:
        first = int(np.argmax(solar_mwh > 0)) if (solar_mwh > 0).any() else -1
        notes = [NOTE_SOLAR if i == first and p.solar_from else None for i in range(n)]
        rows.add("electricity", "onsite_solar", solar_mwh * to_unit, p.elec_unit, notes=notes)
    if p.dppa_share > 0:
        rows.add("electricity", "dppa_renewable", dppa_mwh * to_unit, p.elec_unit,
                 counterparty=DPPA_SELLER)
    if p.rec_share > 0:
        rec = np.where(cal.index >= REC_FROM, np.floor(grid_mwh * p.rec_share), 0.0)
        rows.add("electricity", "rec_retired", rec, "MWh", counterparty=REC_REGISTRY)


def _fuel(f: FuelUse, cal: _Calendar, rng: np.random.Generator, rows: _Rows,
          growth: np.ndarray) -> dict[str, np.ndarray]:
    """Add one fuel's rows; return tonnes per month of solid fuels (for ash)."""
    n = len(cal.index)
    driver = cal.production if f.heat else np.ones(n)
    base = growth * driver * _noise(rng, n, 0.08 if f.heat else 0.25)
    before = np.ones(n, dtype=bool) if f.switch_at is None else cal.index < f.switch_at
    rows.add("fuel", f.item, f.qty_month * base * before, f.unit, use=f.use)
    solid = {f.item: f.qty_month * base * before} if f.unit == "t" else {}
    if f.switch_item and f.switch_qty_month and f.switch_unit:
        after = ~before
        first = int(np.argmax(after)) if after.any() else -1
        notes = [NOTE_SWITCH if i == first else None for i in range(n)]
        qty = f.switch_qty_month * base * after
        rows.add("fuel", f.switch_item, qty, f.switch_unit, use=f.use, notes=notes)
        solid[f.switch_item] = qty
    return solid


def _water(p: EnterpriseProfile, cal: _Calendar, rng: np.random.Generator, rows: _Rows,
           growth: np.ndarray) -> None:
    n = len(cal.index)
    withdrawn = (p.water_m3_month * growth * (0.4 + 0.6 * cal.production)
                 * np.sqrt(cal.cooling) * _noise(rng, n, 0.06))
    rows.add("water", "municipal", withdrawn * (1 - p.groundwater_share), "m3")
    if p.groundwater_share > 0:
        rows.add("water", "groundwater", withdrawn * p.groundwater_share, "m3")
    if p.recycled_share > 0:
        rows.add("water", "recycled", withdrawn * p.recycled_share, "m3")
    discharged = withdrawn * 0.8 * _noise(rng, n, 0.04)
    rows.add("wastewater", "discharged", discharged, "m3")
    if p.cod_kg_per_m3 is not None:
        rows.add("wastewater", "cod_load", discharged * p.cod_kg_per_m3 * _noise(rng, n, 0.1),
                 "kg")


def _refrigerant(p: EnterpriseProfile, cal: _Calendar, rng: np.random.Generator,
                 rows: _Rows) -> None:
    n = len(cal.index)
    hot = np.isin(cal.month, [3, 4, 5])
    recharge = rng.random(n) < np.where(hot, 0.2, 0.08)
    kg = p.refrigerant_charge_kg * rng.uniform(0.03, 0.25, n) * recharge
    # Circular 38 table 2.2: the equipment each charge went into (optional upload column).
    rows.add("refrigerant", p.refrigerant, kg, "kg",
             equipment="Hệ thống điều hòa trung tâm (chiller)")
    if p.has_sf6:
        rows.add("refrigerant", "sf6", rng.uniform(1, 8, n) * (rng.random(n) < 0.03), "kg",
                 equipment="Tủ điện trung thế (máy cắt SF6)")


def _waste(s: WasteStream, cal: _Calendar, rng: np.random.Generator, rows: _Rows,
           t_month: np.ndarray) -> None:
    qty_t = t_month * _noise(rng, len(cal.index), 0.15)
    if s.item == "hazardous":  # licensed collectors pick hazardous waste up quarterly
        qty_t = np.where(cal.index % 3 == 2, 3 * qty_t, 0.0)
    rows.add("waste", s.item, qty_t * (1000.0 if s.unit == "kg" else 1.0), s.unit,
             treatment=s.treatment, counterparty=s.counterparty)


def _ash_tonnes(solid: dict[str, np.ndarray], n: int) -> np.ndarray:
    ash = np.zeros(n)
    for item, t in solid.items():
        ash += t * SOLID_FUELS_ASH_FRACTION.get(item, 0.0)
    return ash


def _plant_typo(frame: pl.DataFrame, category: str, period: str) -> pl.DataFrame:
    """Multiply one quantity by ``OUTLIER_FACTOR``, as a slipped decimal point would.

    The row is the category's first stream in the first month from ``period`` on whose value
    is at least that stream's median, so the typo is ≥10× the enterprise's usual level and
    ingest reliably turns it into a warning.
    """
    rows = frame.with_row_index("_r").filter(pl.col("category") == category)
    if rows.is_empty():
        return frame
    first = rows.row(0, named=True)
    stream = rows.filter((pl.col("item") == first["item"])
                         & pl.col("use").eq_missing(first["use"]))
    high = stream.filter(pl.col("quantity") >= stream["quantity"].median())
    later = high.filter(pl.col("period") >= period)
    target = int((later if later.height else high.tail(1))["_r"][0])
    return frame.with_columns(
        pl.when(pl.int_range(pl.len()) == target).then(pl.col("quantity") * OUTLIER_FACTOR)
        .otherwise(pl.col("quantity")).alias("quantity")
    )


def _apply_gaps_and_typos(p: EnterpriseProfile, frame: pl.DataFrame, cal: _Calendar
                          ) -> pl.DataFrame:
    """Late starters, missing months, zero rows dropped, and one ×10 typo."""
    first_period = f"{SAMPLE_EPOCH_YEAR + p.first_month // 12:04d}-{p.first_month % 12 + 1:02d}"
    missing = [cal.periods[i] for i, a in enumerate(cal.index) if a in p.missing_months]
    frame = frame.filter(
        (pl.col("period") >= first_period) & ~pl.col("period").is_in(missing)
        & (pl.col("quantity") > 0)
    )
    if p.outlier_category is not None and p.outlier_month in cal.index:
        period = cal.periods[int(np.argmax(cal.index == p.outlier_month))]
        frame = _plant_typo(frame, p.outlier_category, period)
    return frame


def enterprise_activity(p: EnterpriseProfile, start: str, end: str, seed: int) -> pl.DataFrame:
    """One enterprise's monthly rows from ``start`` to ``end`` (``YYYY-MM``), contract columns."""
    cal = _Calendar(month_range(start, end))
    n = len(cal.index)
    rng = np.random.default_rng([seed, p.park_index, p.slot, 2])
    rows = _Rows(cal)
    growth = (1 + p.growth_per_year) ** (cal.index / 12)
    efficiency = (1 - p.efficiency_per_year) ** (cal.index / 12)
    total_mwh = (p.elec_mwh_month * growth * efficiency * (0.35 + 0.65 * cal.production)
                 * cal.cooling * cal.days / 30.4 * _noise(rng, n, 0.03))
    _electricity(p, cal, rng, rows, total_mwh)
    solid: dict[str, np.ndarray] = {}
    for fuel in p.fuels:
        solid |= _fuel(fuel, cal, rng, rows, growth)
    _refrigerant(p, cal, rng, rows)
    if p.steam_t_month > 0:
        rows.add("steam", "purchased_steam",
                 p.steam_t_month * growth * cal.production * _noise(rng, n, 0.05), "t",
                 counterparty=p.steam_supplier)
    _water(p, cal, rng, rows, growth)
    for stream in p.wastes:
        _waste(stream, cal, rng, rows, stream.t_per_mwh * total_mwh)
    if p.ash_stream is not None:
        _waste(p.ash_stream, cal, rng, rows, _ash_tonnes(solid, n))
    output = p.elec_mwh_month * p.output_per_mwh * growth * cal.production * _noise(rng, n, 0.04)
    tet_note = rng.random() < 0.3
    rows.add("production", "output", output, p.output_unit,
             notes=[NOTE_TET if tet_note and t else None for t in cal.tet])
    if p.reports_revenue:
        price = 1.03 ** (cal.index / 12)
        rows.add("finance", "revenue",
                 output / p.output_per_mwh * SECTORS[p.sector_id].revenue_million_vnd_per_mwh
                 * price * _noise(rng, n, 0.05), "million_VND")
    frame = rows.frame(p.enterprise_id).sort(["period", "_stream"], maintain_order=True)
    return _apply_gaps_and_typos(p, frame, cal).select(COLUMNS)

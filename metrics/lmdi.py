"""Why emissions changed: additive LMDI-I decomposition into activity, structure and intensity.

Identity (Ang 2005, "The LMDI approach to decomposition analysis: a practical guide", Energy
Policy 33, 867–871; additive form, LMDI-I):

    E = Σ_i Q · S_i · I_i      Q = Σ_i Q_i (activity),  S_i = Q_i / Q (structure: sector mix),
                               I_i = E_i / Q_i (intensity, tCO2e per billion VND)

    ΔE = E^T − E^0 = ΔE_act + ΔE_str + ΔE_int
    ΔE_act = Σ_i L(E_i^T, E_i^0) · ln(Q^T / Q^0)
    ΔE_str = Σ_i L(E_i^T, E_i^0) · ln(S_i^T / S_i^0)
    ΔE_int = Σ_i L(E_i^T, E_i^0) · ln(I_i^T / I_i^0)
    L(a, b) = (a − b) / (ln a − ln b),  L(a, a) = a  (logarithmic mean)

The sum is exact (no residual) when every term is positive. Zero values follow Ang & Liu
(2007, "Handling zero values in the LMDI decomposition approach", Energy Policy 35, 238–246):
a sector that appears (E^0 = 0) adds its whole E^T to the structure effect, one that disappears
subtracts E^0 from it; the limits of the formulas. A sector with emissions but no activity
(revenue not reported) has no intensity, so its change is reported as its own term
``unexplained_no_activity`` rather than hidden in an effect; the terms still sum exactly.

Activity is revenue (VND), the one output measure common to all sectors (production is reported
in each enterprise's own unit).
"""

from __future__ import annotations

import math

import polars as pl

EFFECTS: tuple[str, ...] = ("activity", "structure", "intensity", "unexplained_no_activity")


def log_mean(a: float, b: float) -> float:
    """The logarithmic mean L(a, b) of two positive numbers (L(a, a) = a)."""
    if a == b:
        return a
    return (a - b) / (math.log(a) - math.log(b))


def lmdi(base: pl.DataFrame, current: pl.DataFrame) -> dict[str, float]:
    """Decompose the change between two years' sector frames (columns ``sector_id``,
    ``tco2e``, ``activity``); returns ``{effect: tCO2e}`` plus ``total_change`` and the two
    totals ``e0``/``et``. The four effects sum to ``total_change`` exactly (within float).
    """
    cols = ("sector_id", "tco2e", "activity")
    b = base.select(cols).group_by("sector_id").agg(pl.col("tco2e", "activity").sum())
    c = current.select(cols).group_by("sector_id").agg(pl.col("tco2e", "activity").sum())
    both = b.join(c, on="sector_id", how="full", suffix="_t", coalesce=True).fill_null(0.0)
    e0_total = float(both["tco2e"].sum())
    et_total = float(both["tco2e_t"].sum())
    q0 = float(both.filter(pl.col("activity") > 0)["activity"].sum())
    qt = float(both.filter(pl.col("activity_t") > 0)["activity_t"].sum())
    out = dict.fromkeys(EFFECTS, 0.0)
    for e0, q0_i, et, qt_i in both.select("tco2e", "activity", "tco2e_t",
                                          "activity_t").iter_rows():
        if (e0 > 0 and q0_i <= 0) or (et > 0 and qt_i <= 0):
            out["unexplained_no_activity"] += et - e0
            continue
        if e0 <= 0 and et <= 0:
            continue
        if e0 <= 0:  # sector appears
            out["structure"] += et
            continue
        if et <= 0:  # sector disappears
            out["structure"] -= e0
            continue
        w = log_mean(et, e0)
        out["activity"] += w * math.log(qt / q0)
        out["structure"] += w * math.log((qt_i / qt) / (q0_i / q0))
        out["intensity"] += w * math.log((et / qt_i) / (e0 / q0_i))
    out["total_change"] = et_total - e0_total
    out["e0"] = e0_total
    out["et"] = et_total
    return out


def lmdi_frame(result: dict[str, float]) -> pl.DataFrame:
    """The decomposition as waterfall rows: start, each effect, end (``step``, ``tco2e``,
    ``kind`` = total | effect)."""
    rows = [("start", result["e0"], "total")]
    rows += [(e, result[e], "effect") for e in EFFECTS
             if e != "unexplained_no_activity" or abs(result[e]) > 0]
    rows.append(("end", result["et"], "total"))
    return pl.DataFrame(rows, schema={"step": pl.String, "tco2e": pl.Float64,
                                      "kind": pl.String}, orient="row")


__all__ = ["EFFECTS", "lmdi", "lmdi_frame", "log_mean"]

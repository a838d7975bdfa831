"""VN_AM003 high-efficiency equipment in buildings.

RE = (EC_PJ × EF_grid + FC_PJ × EF_fuel) × η_PJ/η_RE; PE = EC_PJ × EF_grid + FC_PJ × EF_fuel
(structure confirmed, regulation.md §3.2 S45; ex-ante efficiencies UNVERIFIED).
"""

from __future__ import annotations

from collections.abc import Mapping

from metrics.jcm.base import Calculation, Verification, calculation, load_methodology, resolve

METHOD = load_methodology("vn_am003_buildings")


def compute(values: Mapping[str, float | None],
            verification: Mapping[str, Verification] | None = None) -> Calculation:
    """RE, PE and ER for one period."""
    v = resolve(METHOD, values)
    pe = v["EC_PJ_mwh"] * v["EF_grid_tco2_per_mwh"] + v["FC_PJ_tj"] * v["EF_fuel_tco2_per_tj"]
    ratio = v["eta_PJ"] / v["eta_RE"]
    re = pe * ratio
    calc = [("PE_p", pe, "tCO2",
             "EC_PJ_mwh × EF_grid_tco2_per_mwh + FC_PJ_tj × EF_fuel_tco2_per_tj"),
            ("eta_ratio", ratio, "-", "eta_PJ / eta_RE"),
            ("RE_p", re, "tCO2", "PE_p × eta_ratio")]
    return calculation(METHOD, v, calc, re, pe, verification)

"""High-efficiency chiller (after TH_AM005): RE = EC_PJ × COP_PJ/COP_RE × EF; PE = EC_PJ × EF.

Why COP_PJ/COP_RE: the reference chiller (lower COP) would have used more electricity for the
same cooling; that electricity is the project's scaled by the COP ratio.
"""

from __future__ import annotations

from collections.abc import Mapping

from metrics.jcm.base import Calculation, Verification, calculation, load_methodology, resolve

METHOD = load_methodology("th_am005_chiller")


def compute(values: Mapping[str, float | None],
            verification: Mapping[str, Verification] | None = None) -> Calculation:
    """RE, PE and ER for one period."""
    v = resolve(METHOD, values)
    ec_re = v["EC_PJ_mwh"] * v["COP_PJ"] / v["COP_RE"]
    re = ec_re * v["EF_grid_tco2_per_mwh"]
    pe = v["EC_PJ_mwh"] * v["EF_grid_tco2_per_mwh"]
    calc = [("EC_RE_mwh", ec_re, "MWh", "EC_PJ_mwh × COP_PJ / COP_RE"),
            ("RE_p", re, "tCO2", "EC_RE_mwh × EF_grid_tco2_per_mwh"),
            ("PE_p", pe, "tCO2", "EC_PJ_mwh × EF_grid_tco2_per_mwh")]
    return calculation(METHOD, v, calc, re, pe, verification)

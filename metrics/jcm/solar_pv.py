"""VN_AM007 solar PV: RE = PV output × conservative grid (or diesel genset) factor; PE = 0.

Formula confirmed from the methodology (regulation.md §3.2 S47). The factor is the province's
setting (``grid_ef``, or ``diesel_genset_ef`` where the PV displaces a captive genset), never
the inventory's grid factor.
"""

from __future__ import annotations

from collections.abc import Mapping

from metrics.jcm.base import Calculation, Verification, calculation, load_methodology, resolve

METHOD = load_methodology("vn_am007_solar_pv")


def compute(values: Mapping[str, float | None],
            verification: Mapping[str, Verification] | None = None) -> Calculation:
    """RE, PE and ER for one period from ``EG_pv_mwh`` and ``EF_RE_tco2_per_mwh``."""
    v = resolve(METHOD, values)
    re = v["EG_pv_mwh"] * v["EF_RE_tco2_per_mwh"]
    calc = [("RE_p", re, "tCO2", "EG_pv_mwh × EF_RE_tco2_per_mwh"),
            ("PE_p", 0.0, "tCO2", "0 (no project emissions)")]
    return calculation(METHOD, v, calc, re, 0.0, verification)

"""Boiler fuel switch or efficiency upgrade: RE = FC_PJ × η_PJ/η_RE × EF_RE; PE = FC_PJ × EF_PJ.

The project's useful heat (FC_PJ × η_PJ) is what a reference boiler on the reference fuel would
have produced; a high reference efficiency keeps RE conservative. No approved Viet Nam
methodology: results are always indicative.
"""

from __future__ import annotations

from collections.abc import Mapping

from metrics.jcm.base import Calculation, Verification, calculation, load_methodology, resolve

METHOD = load_methodology("boiler_fuel_switch")


def compute(values: Mapping[str, float | None],
            verification: Mapping[str, Verification] | None = None) -> Calculation:
    """RE, PE and ER for one period."""
    v = resolve(METHOD, values)
    heat = v["FC_PJ_tj"] * v["eta_PJ"]
    fc_re = heat / v["eta_RE"]
    re = fc_re * v["EF_RE_tco2_per_tj"]
    pe = v["FC_PJ_tj"] * v["EF_PJ_tco2_per_tj"]
    calc = [("HG_PJ_tj", heat, "TJ", "FC_PJ_tj × eta_PJ"),
            ("FC_RE_tj", fc_re, "TJ", "HG_PJ_tj / eta_RE"),
            ("RE_p", re, "tCO2", "FC_RE_tj × EF_RE_tco2_per_tj"),
            ("PE_p", pe, "tCO2", "FC_PJ_tj × EF_PJ_tco2_per_tj")]
    return calculation(METHOD, v, calc, re, pe, verification)

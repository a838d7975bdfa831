"""Every methodology the platform ships: id → module (``METHOD`` data + ``compute``).

Adding one is one module with ``METHOD = load_methodology("<id>")`` and ``compute(values)``,
one data file ``data/<id>.toml``, and one line here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType

import polars as pl

from metrics.jcm import boiler, buildings, chiller, solar_pv
from metrics.jcm.base import Calculation, JcmError, Methodology, Verification

METHODOLOGIES: dict[str, ModuleType] = {
    m.METHOD.id: m for m in (solar_pv, chiller, buildings, boiler)
}


def methodology(method_id: str) -> Methodology:
    """A methodology's data by id (``JcmError`` for an unknown id)."""
    try:
        return METHODOLOGIES[method_id].METHOD
    except KeyError:
        raise JcmError("jcm.error_unknown_methodology", methodology=method_id,
                       known=", ".join(METHODOLOGIES)) from None


def compute(method_id: str, values: Mapping[str, float | None],
            verification: Mapping[str, Verification] | None = None) -> Calculation:
    """RE, PE and ER of one period by the methodology ``method_id``."""
    methodology(method_id)
    return METHODOLOGIES[method_id].compute(values, verification)


def settings_used(method_id: str) -> tuple[str, ...]:
    """The province settings a methodology's fixed values come from."""
    return tuple(p.setting for p in methodology(method_id).fixed if p.setting)


def methodology_table() -> pl.DataFrame:
    """One row per parameter of every methodology, for ``parkghg jcm methodologies``."""
    rows = []
    for mid, module in METHODOLOGIES.items():
        m: Methodology = module.METHOD
        for kind, params in (("monitoring", m.monitoring), ("fixed", m.fixed)):
            for p in params:
                rows.append({
                    "methodology_id": mid, "name": m.name, "version": m.version,
                    "methodology_verification": m.verification, "parameter_kind": kind,
                    "parameter": p.name, "unit": p.unit, "default": p.default,
                    "setting": p.setting, "verification": p.verification if kind == "fixed"
                    else "monitored", "description": p.description,
                })
    return pl.DataFrame(rows, schema={
        "methodology_id": pl.String, "name": pl.String, "version": pl.String,
        "methodology_verification": pl.String, "parameter_kind": pl.String,
        "parameter": pl.String, "unit": pl.String, "default": pl.Float64,
        "setting": pl.String, "verification": pl.String, "description": pl.String,
    })

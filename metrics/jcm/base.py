"""What every JCM methodology shares: its data file model and the calculation it returns.

Under the JCM, ``ER_p = RE_p - PE_p``, with reference emissions (RE) set conservatively below
business-as-usual from a few monitored parameters plus values fixed ex ante
(regulation.md §3.3). A methodology here is a data file (``data/<id>.toml``: name, version,
source, eligibility checklist, monitoring parameters with units, ex-ante defaults, each with
its verification status) and one pure function ``compute(values) -> Calculation``.

A value whose verification is not ``VERIFIED`` (a default we could not confirm from the
methodology's own spreadsheet, or a setting still unset) makes the result *indicative*, and
the calculation says which values made it so.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from parkghg.errors import ParkGHGError

DATA_DIR = Path(__file__).resolve().parent / "data"

Verification = Literal["VERIFIED", "SINGLE_SOURCE", "UNVERIFIED", "SETTING"]


class JcmError(ParkGHGError):
    """A JCM calculation that cannot be made (a missing value, an unknown methodology…)."""


class Parameter(BaseModel):
    """A monitored parameter or a value fixed ex ante."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    unit: str
    description: str
    default: float | None = None
    source: str | None = None
    verification: Verification = "UNVERIFIED"
    #: Name of the province setting that supplies the value (the JCM grid factor).
    setting: str | None = None


class Methodology(BaseModel):
    """One methodology's data file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    version: str
    source: str
    verification: Verification
    sectoral_scope: str
    note: str = ""
    eligibility: tuple[str, ...]
    monitoring: tuple[Parameter, ...]
    fixed: tuple[Parameter, ...]
    lifetime_years: int = Field(gt=0)

    def parameter(self, name: str) -> Parameter:
        """A monitored or fixed parameter by name."""
        for p in (*self.monitoring, *self.fixed):
            if p.name == name:
                return p
        raise KeyError(name)


def load_methodology(method_id: str) -> Methodology:
    """Read ``data/<method_id>.toml`` (the methodology's ex-ante data)."""
    with (DATA_DIR / f"{method_id}.toml").open("rb") as fh:
        return Methodology.model_validate(tomllib.load(fh))


class Step(BaseModel):
    """One line of the calculation, as the monitoring spreadsheet shows it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    section: Literal["input", "fixed", "calculation", "result"]
    name: str
    value: float
    unit: str
    formula: str = ""
    verification: Verification = "VERIFIED"


class Calculation(BaseModel):
    """RE, PE and ER of one period, with every step and whether it is indicative."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    methodology_id: str
    re_tco2: float
    pe_tco2: float
    er_tco2: float
    indicative: bool
    indicative_because: tuple[str, ...]
    steps: tuple[Step, ...]


def resolve(method: Methodology, values: Mapping[str, float | None]) -> dict[str, float]:
    """Every parameter's value: ``values`` first, then the data file's default.

    A parameter backed by a setting (the JCM grid factor) has no default on purpose: it must
    come from ``values`` (the province's setting), or the calculation is refused — it is never
    filled silently from the inventory's grid factor.
    """
    out: dict[str, float] = {}
    for p in (*method.monitoring, *method.fixed):
        given = values.get(p.name)
        value = given if given is not None else p.default
        if value is None:
            key = "jcm.error_setting_missing" if p.setting else "jcm.error_value_missing"
            raise JcmError(key, methodology=method.id, parameter=p.name,
                           setting=p.setting or "")
        out[p.name] = float(value)
    return out


def calculation(
    method: Methodology,
    values: Mapping[str, float],
    calc: list[tuple[str, float, str, str]],
    re_tco2: float,
    pe_tco2: float,
    verification: Mapping[str, Verification] | None = None,
) -> Calculation:
    """Assemble a ``Calculation`` from resolved ``values`` and the formula's own lines.

    ``verification`` overrides a parameter's status (a setting the province has set carries
    the status it was set with); a parameter not ``VERIFIED`` makes the result indicative.
    """
    verification = dict(verification or {})
    steps: list[Step] = []
    weak: list[str] = []
    for section, params in (("input", method.monitoring), ("fixed", method.fixed)):
        for p in params:
            status = verification.get(p.name, "VERIFIED" if section == "input"
                                      else p.verification)
            if status != "VERIFIED":
                weak.append(p.name)
            steps.append(Step(section=section, name=p.name, value=values[p.name], unit=p.unit,
                              verification=status))
    steps += [Step(section="calculation", name=n, value=v, unit=u, formula=f)
              for n, v, u, f in calc]
    er = re_tco2 - pe_tco2
    steps += [
        Step(section="result", name="RE_p", value=re_tco2, unit="tCO2"),
        Step(section="result", name="PE_p", value=pe_tco2, unit="tCO2"),
        Step(section="result", name="ER_p", value=er, unit="tCO2", formula="RE_p - PE_p"),
    ]
    if method.verification != "VERIFIED":
        weak.insert(0, method.id)
    return Calculation(methodology_id=method.id, re_tco2=re_tco2, pe_tco2=pe_tco2, er_tco2=er,
                       indicative=bool(weak), indicative_because=tuple(weak),
                       steps=tuple(steps))

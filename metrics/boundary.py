"""Reporting boundaries: which emission rows count in which total.

Why a named boundary: the engine computes every row once (activity × factor × GWP) and labels
it with the scope that the GHG Protocol / DESNZ convention gives it. Which of those rows a
*total* includes is a reporting choice that differs between the two frameworks parkghg
serves, and it must be stated, not implied by a hard-coded tuple of scopes:

* ``"circular38"`` (default): MOIT Circular 38/2023/TT-BCT, the method Vietnamese facilities
  report under (Decree 06/2022 Form 06). Appendix II section 2 gives the refrigerant method for
  "HFC and HCFC" and lists R-22, so HCFC-22 recharge is a Scope 1 emission (regulation.md §1.6,
  Appendix II Sec. 1 table 2.2 lists "R22, R410a, R134a…").
* ``"ghg_protocol"``: the GHG Protocol Corporate Standard / DESNZ 2025 convention, where
  Montreal-Protocol gases (HCFC-22) are not in the Kyoto basket and are reported as a labelled
  ``memo`` line outside every total (DESNZ 2025 "Montreal protocol products").

Boundary membership is derived from columns every emission row (and every frozen inventory
version) already has, ``source_category`` and ``gas``: the engine keeps writing R-22 as scope
``memo`` and :func:`apply_boundary` relabels it, so no stored schema changes and a frozen version
can be shown under either boundary.

Headline totals are Scope 1 + Scope 2 under both boundaries (Decree 06 / Circular 38 facility
total and the Decree 06 list threshold). Scope 3 (waste sent off site) is reported separately
and never added to a headline; biogenic CO2 (``outside``) never is either.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from metrics.gwp import MONTREAL_GASES

Boundary = Literal["circular38", "ghg_protocol"]
BOUNDARIES: tuple[str, ...] = ("circular38", "ghg_protocol")
DEFAULT_BOUNDARY: Boundary = "circular38"

#: Scopes that make up the headline total (the one number a report states), per boundary.
#: This is the single definition: exports, Form 06, dashboards and the CLI import it instead of
#: repeating a tuple of scopes.
HEADLINE_SCOPES: dict[str, tuple[str, ...]] = {
    "circular38": ("1", "2"),
    "ghg_protocol": ("1", "2"),
}
#: Scopes reported next to the headline, never inside it (Scope 3 category 5: waste off site).
SEPARATE_SCOPES: tuple[str, ...] = ("3",)
#: Labels that are never summed into any total: biogenic CO2 and Montreal-gas memo lines.
NEVER_SUMMED_SCOPES: tuple[str, ...] = ("outside", "memo")
#: Gases whose recharge Circular 38 counts in Scope 1 although they are Montreal-Protocol
#: gases (Circular 38 App. II Sec. 2 refrigerant method: "HFC and HCFC", lists R-22).
CIRCULAR38_SCOPE1_MONTREAL_GASES: frozenset[str] = frozenset(MONTREAL_GASES)


def check_boundary(boundary: str) -> str:
    """``boundary`` if it is a known boundary, else ``ValueError`` (no silent default)."""
    if boundary not in BOUNDARIES:
        raise ValueError(f"unknown boundary {boundary!r}; one of {BOUNDARIES}")
    return boundary


def headline_scopes(boundary: str = DEFAULT_BOUNDARY) -> tuple[str, ...]:
    """The scopes whose sum is the headline total under ``boundary`` (after
    :func:`apply_boundary`)."""
    return HEADLINE_SCOPES[check_boundary(boundary)]


def boundary_scope(boundary: str = DEFAULT_BOUNDARY) -> pl.Expr:
    """The ``scope`` column as ``boundary`` reads it (an expression over ``scope``, ``gas`` and
    ``source_category``).

    Montreal-gas refrigerant rows are ``"1"`` under Circular 38 and ``"memo"`` under the GHG
    Protocol, whatever they were labelled before, so the expression is idempotent and a frame
    can be moved from one boundary to the other.
    """
    check_boundary(boundary)
    montreal_recharge = (pl.col("source_category") == "refrigerant_recharge") & pl.col(
        "gas"
    ).is_in(sorted(CIRCULAR38_SCOPE1_MONTREAL_GASES))
    target = "1" if boundary == "circular38" else "memo"
    return (
        pl.when(montreal_recharge).then(pl.lit(target)).otherwise(pl.col("scope")).alias("scope")
    )


def apply_boundary(emissions: pl.DataFrame, boundary: str = DEFAULT_BOUNDARY) -> pl.DataFrame:
    """``emissions`` with ``scope`` relabelled for ``boundary``; every other column unchanged.

    The result has the same columns and rows, so every roll-up works on it unchanged and parts
    still add up to the whole.
    """
    return emissions.with_columns(boundary_scope(boundary))


def headline_tco2e(emissions: pl.DataFrame, boundary: str = DEFAULT_BOUNDARY) -> float:
    """The headline total (Scope 1 + 2 under ``boundary``) of an emissions frame, in tCO2e."""
    if emissions.height == 0:
        return 0.0
    kept = apply_boundary(emissions, boundary).filter(
        pl.col("scope").is_in(headline_scopes(boundary))
    )
    return float(kept["tco2e"].fill_null(0.0).sum())

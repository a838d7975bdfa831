"""The emission-factor library and Circular 38 Art. 18 factor selection.

Why a tidy table and not constants: every emission number must trace to activity × a named,
versioned factor × a named GWP set. One long table (``metrics/factors/factors_v1.csv``) with a
source and a verification tag on every row makes that trace a join, lets enterprise-specific
and national factors (Decision 2626/QĐ-BTNMT annexes, supplier data) be imported in the *same*
columns, and lets a frozen inventory store exactly the rows it used.

Selection order (Circular 38/2023/TT-BCT Art. 18, regulation.md §1.6): (1) an approved
enterprise-specific factor valid for the period, (2) a national factor, (3) the IPCC default,
then other published factors (DESNZ, EPA, GHG Protocol). Within a level a use-specific row beats
a use-agnostic one, an item-specific waste row beats the ``*`` (any item) row, a custom
(imported) row beats a shipped one and the latest ``valid_from`` wins.

The grid EF is the one factor allowed to fall back in time: Circular 38 says "the national grid
EF published for the calculation year"; for a year with no official value (2024, 2025 at the
time of writing) the latest earlier *national* value is used and the result is marked
``provisional`` (regulation.md §2, "rule used by tools").

Conventions carried by the data (see metrics/factors/README.md):
* GWP rows carry their set in the unit, ``kg CO2e(AR5)/kg``: a CO2e is only defined by a metric.
* Waste factors are keyed ``"<item>:<treatment>"``; ``"*:<treatment>"`` applies to any item.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Literal, get_args

import polars as pl
from pydantic import BaseModel, ConfigDict, PrivateAttr

from parkghg.log import get_logger
from parkghg.problems import ROW_COL, Problem, problem
from parkghg.schema import column_names, polars_schema
from parkghg.spreadsheet import parse_decimal

log = get_logger("metrics.factors")

LIBRARY_VERSION = "v1"
SHIPPED_CSV = Path(__file__).resolve().parent / "factors" / f"factors_{LIBRARY_VERSION}.csv"

#: Export/import format of factors (shipped CSV, custom factors, frozen inventory factors).
FACTOR_COLUMNS: tuple[str, ...] = column_names("factors")  # parkghg/schema.py
FACTOR_SCHEMA: dict[str, pl.DataType] = polars_schema("factors")

#: Art. 18 order; lower rank wins.
LEVELS: tuple[str, ...] = ("enterprise", "national", "ipcc_default", "other_published")
LEVEL_RANK: dict[str, int] = {lvl: i for i, lvl in enumerate(LEVELS)}

VERIFICATIONS: tuple[str, ...] = (
    "VERIFIED",  # read in 2+ independent sources, or in the publisher's own workbook
    "SINGLE_SOURCE",  # one transcription; fine to use, check the primary before a deliverable
    "SECONDARY",  # only a summary / code comment had the number
    "DERIVED",  # computed by a published rule from verified inputs
    "PROXY",  # a verified published value applied to a related item (mapping in README)
    "RULE",  # a method convention (e.g. market-based 0 for a DPPA), not a measured number
    "CONFLICT",  # sources disagree; the chosen value and why are in source_detail
    "ESTIMATE",  # non-official or assumed; results using it are provisional
    "UNVERIFIED",  # no source found; results using it are provisional
)
#: A result that uses a factor with one of these tags is marked ``provisional``.
PROVISIONAL_VERIFICATIONS: frozenset[str] = frozenset({"CONFLICT", "ESTIMATE", "UNVERIFIED"})

#: The IPCC GWP-100 sets an inventory can be calculated with; the one list every layer uses
#: (the engine's ``CalcParams``, the library's GWP units, the CLI's ``--gwp``, the dashboard).
#: Here, in the lowest metrics module, because the factor rules below need it too.
GwpSet = Literal["AR4", "AR5", "AR6"]
GWP_SETS: tuple[GwpSet, ...] = get_args(GwpSet)

_GWP_UNITS = frozenset(f"kg CO2e({s})/kg" for s in GWP_SETS)
#: Allowed units per kind: the engine's arithmetic assumes exactly these.
KIND_UNITS: dict[str, frozenset[str] | None] = {
    "ncv": frozenset({"GJ/t"}),
    "co2_ef": frozenset({"kg/TJ"}),
    "ch4_ef": frozenset({"kg/TJ"}),
    "n2o_ef": frozenset({"kg/TJ"}),
    "density": frozenset({"kg/m3", "kg/Sm3", "kg/Nm3"}),
    "grid_ef": frozenset({"t CO2e/MWh"}),
    "grid_ef_estimate": frozenset({"t CO2e/MWh"}),
    "electricity_ef": frozenset({"t CO2e/MWh"}),
    "gwp": _GWP_UNITS,
    "gwp_blend_published": _GWP_UNITS,
    "blend_fraction": frozenset({"kg/kg"}),
    "waste_ef": frozenset({"kg CO2e(AR5)/t", "kg CO2e/t", "kg/t"}),
    "steam_enthalpy": frozenset({"kJ/kg"}),
    "boiler_efficiency": frozenset({"fraction"}),
    "steam_fuel_co2_ef": frozenset({"kg/TJ"}),
    "conversion": None,
    "crosscheck": None,
    # MOIT TOE coefficients (letter 3505/BCT-KHCN 2011, Circular 02/2014/TT-BCT), keyed
    # "<item>@<canonical unit>" so one item can carry a mass and a volume coefficient.
    "toe_coefficient": frozenset({"TOE/MWh", "TOE/t", "TOE/m3", "TOE/Sm3"}),
    # On-site wastewater (IPCC 2006 Vol5 Ch6): Bo per kg COD, MCF per treatment type.
    "wastewater_bo": frozenset({"kg CH4/kg COD"}),
    "wastewater_mcf": frozenset({"fraction"}),
}
KINDS: tuple[str, ...] = tuple(KIND_UNITS)
#: Kinds an import may add: published metric sets (GWP, blends) and conversions stay shipped.
CUSTOM_KINDS: frozenset[str] = frozenset(
    {"ncv", "co2_ef", "ch4_ef", "n2o_ef", "density", "grid_ef", "electricity_ef", "waste_ef",
     "steam_enthalpy", "boiler_efficiency", "steam_fuel_co2_ef", "wastewater_bo",
     "wastewater_mcf"}
)
USES: tuple[str, ...] = ("stationary", "mobile", "offroad")


class FactorLibraryError(ValueError):
    """Raised by :func:`load_factor_library` when custom factors fail validation."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        head = "; ".join(f"{p.params.get('factor_id') or p.row}: {p.problem('en')}"
                         for p in problems[:5])
        super().__init__(f"{len(problems)} factor problem(s): {head}")


# A date as a CSV holds it, or as a spreadsheet cell read as text ("2025-01-01 00:00:00").
_MIDNIGHT = r"[ T]00:00(:00(\.0+)?)?$"


def coerce_factor_frame(df: pl.DataFrame, decimal_mark: Literal[".", ","] = ".") -> pl.DataFrame:
    """``df`` in ``FACTOR_COLUMNS`` order and ``FACTOR_SCHEMA`` types (missing columns → null).

    Dates may arrive as ``YYYY-MM-DD`` text (CSV import); values as text are read with the
    file's ``decimal_mark`` and cast non-strictly, so a bad number becomes null and
    :func:`validate_factor_frame` reports it.
    """
    exprs = []
    for col, dtype in FACTOR_SCHEMA.items():
        if col not in df.columns:
            exprs.append(pl.lit(None, dtype=dtype).alias(col))
        elif df.schema[col] == pl.String() and dtype == pl.Date():
            text = pl.col(col).str.strip_chars().str.replace(_MIDNIGHT, "")
            exprs.append(text.str.to_date("%Y-%m-%d", strict=False).alias(col))
        elif df.schema[col] == pl.String() and dtype == pl.Float64():
            exprs.append(parse_decimal(pl.col(col), decimal_mark).alias(col))
        else:
            exprs.append(pl.col(col).cast(dtype, strict=False).alias(col))
    return df.select(exprs)


def _problems(frame: pl.DataFrame, mask: pl.Expr, column: str, code: str,
              **params: object) -> list[Problem]:
    """One coded problem per row matching ``mask``, showing the cell as it was given."""
    raw = f"_raw_{column}"
    bad = frame.filter(mask).select(list(dict.fromkeys([ROW_COL, "factor_id", raw])))
    return [
        problem("factors", code, row=r[ROW_COL], column=column, value=r[raw],
                factor_id=r["factor_id"], **params)
        for r in bad.iter_rows(named=True)
    ]


def _header_problems(df: pl.DataFrame) -> list[Problem]:
    """Missing columns as one problem (a wrong file shows one line, not fifteen), then one per
    unknown column."""
    missing = [c for c in FACTOR_COLUMNS if c not in df.columns]
    extra = [c for c in df.columns if c not in FACTOR_COLUMNS and c != ROW_COL]
    problems = [problem("factors", "missing_columns", columns=", ".join(missing))] if missing \
        else []
    return problems + [problem("factors", "unknown_column", column=c) for c in extra]


def validate_factor_frame(df: pl.DataFrame, *, custom: bool = True,
                          decimal_mark: Literal[".", ","] = ".") -> list[Problem]:
    """Every problem of a factor frame (import file or shipped CSV); empty list = valid.

    Problems are coded (``inventory.fp_<code>`` in the catalogue) with their parameters, so
    callers render them in either language. Rows are Excel rows: the frame's ``ROW_COL``
    when it was read from a file, else its position as in a CSV of it (header = row 1).
    ``custom=True`` (imports) also rejects kinds that must stay shipped (GWP sets, blends,
    conversions) and shipped factor ids, so an import can add factors but never silently
    redefine a published one.
    """
    problems = _header_problems(df)
    if any(p.code == "missing_columns" for p in problems):
        return problems
    rows = df[ROW_COL] if ROW_COL in df.columns else pl.int_range(2, df.height + 2, eager=True)
    f = coerce_factor_frame(df, decimal_mark).with_columns(
        *(df[c].cast(pl.String(), strict=False).alias(f"_raw_{c}") for c in FACTOR_COLUMNS),
        rows.cast(pl.Int64).alias(ROW_COL),
    )
    text_cols = ("factor_id", "kind", "level", "source", "verification", "unit")
    for col in text_cols:
        problems += _problems(f, pl.col(col).is_null() | (pl.col(col).str.strip_chars() == ""),
                              col, "required")
    problems += _problems(f, pl.col("factor_id").is_duplicated(), "factor_id", "duplicate_id")
    raw_value = pl.col("_raw_value")
    problems += _problems(f, pl.col("value").is_null() & raw_value.is_not_null(), "value",
                          "not_number")
    problems += _problems(f, pl.col("value").is_null() & raw_value.is_null(), "value",
                          "no_value")
    problems += _problems(f, pl.col("value").is_not_null() & ~pl.col("value").is_finite(),
                          "value", "not_number")
    problems += _problems(f, pl.col("value") < 0, "value", "negative")
    for col, allowed in (("kind", KINDS), ("level", LEVELS), ("verification", VERIFICATIONS)):
        problems += _problems(f, ~pl.col(col).is_in(allowed), col, "not_one_of",
                              allowed=", ".join(allowed))
    problems += _problems(f, pl.col("use").is_not_null() & ~pl.col("use").is_in(USES), "use",
                          "not_one_of_or_empty", allowed=", ".join(USES))
    problems += _problems(f, (pl.col("level") == "enterprise") & pl.col("enterprise_id").is_null(),
                          "enterprise_id", "enterprise_missing")
    problems += _problems(f, (pl.col("level") != "enterprise")
                          & pl.col("enterprise_id").is_not_null(),
                          "enterprise_id", "enterprise_extra")
    problems += _problems(f, pl.col("valid_to") < pl.col("valid_from"), "valid_to",
                          "valid_order")
    for col in ("valid_from", "valid_to"):
        raw = pl.col(f"_raw_{col}")
        problems += _problems(f, pl.col(col).is_null() & raw.is_not_null()
                              & (raw.str.strip_chars() != ""), col, "not_date")
    for kind, units in KIND_UNITS.items():
        if units is not None:
            problems += _problems(f, (pl.col("kind") == kind) & ~pl.col("unit").is_in(units),
                                  "unit", "unit", kind=kind, allowed=", ".join(sorted(units)))
    problems += _problems(
        f, pl.col("kind").is_in(["co2_ef", "ch4_ef", "n2o_ef"])
        & (pl.col("gas") != pl.col("kind").str.head(3).str.to_uppercase()),
        "gas", "gas_kind")
    if custom:
        problems += _problems(f, ~pl.col("kind").is_in(sorted(CUSTOM_KINDS)), "kind",
                              "kind_shipped")
        shipped_ids = _shipped_frame()["factor_id"]
        problems += _problems(f, pl.col("factor_id").is_in(shipped_ids.implode()), "factor_id",
                              "shipped_id")
    return problems


@cache
def _shipped_frame() -> pl.DataFrame:
    raw = pl.read_csv(SHIPPED_CSV, infer_schema=False)
    return coerce_factor_frame(raw)


#: Keys a library remembers per selection before starting again (``FactorLibrary.select``):
#: a province's items × months × uses is a few thousand; this bounds a long-lived server.
_CHOSEN_MAX_KEYS = 200_000


class FactorLibrary(BaseModel):
    """The shipped factors plus any custom (enterprise/national) factors, with selection.

    A thin frozen wrapper around one polars frame in ``FACTOR_COLUMNS`` (+ ``origin``:
    ``shipped`` | ``custom``). Selection is set-based: a frame of needs in, the chosen factor
    per need out, never a per-row Python loop.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    frame: pl.DataFrame
    version: str = LIBRARY_VERSION
    # Choices already made, per selection (kind, key columns, fallback, flags): the keys asked
    # and the winning rows. The frame never changes (the model is frozen), so a key's winner
    # never changes either; see ``select``. The lock makes "find the new keys, choose, record"
    # one step, so two threads (dashboard sessions) never record a key twice. It is held over
    # frame work only (no I/O, no other lock), so a waiter waits for one selection at most.
    _chosen: dict[tuple, tuple[pl.DataFrame, pl.DataFrame]] = PrivateAttr(default_factory=dict)
    _chosen_lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _own: dict[str, pl.Series] = PrivateAttr(default_factory=dict)

    def factors(self) -> pl.DataFrame:
        """All factor rows in the export/import format (``FACTOR_COLUMNS``)."""
        return self.frame.select(FACTOR_COLUMNS)

    def by_ids(self, ids: Iterable[str]) -> pl.DataFrame:
        """The factor rows with these ids (export format), e.g. to freeze an inventory."""
        return self.factors().filter(pl.col("factor_id").is_in(list(ids)))

    def used_factors(self, emissions: pl.DataFrame) -> pl.DataFrame:
        """The factor rows named in an emissions frame's ``factor_ids`` column.

        Distinct texts first: a province has hundreds of thousands of rows but a few hundred
        distinct traces, and splitting every row's text cost more than the rest of the read.
        """
        ids = (
            emissions.select(pl.col("factor_ids").unique().str.split("; ").explode().unique())
            .drop_nulls()
            .to_series()
        )
        return self.by_ids(ids.to_list()).sort("factor_id")

    def fingerprint(self) -> str:
        """sha256 of the sorted factor rows: tells whether a frozen inventory's factors moved."""
        csv_text = self.factors().sort("factor_id").write_csv()
        return hashlib.sha256(csv_text.encode("utf-8")).hexdigest()

    def scalar(self, kind: str, fuel_or_item: str) -> tuple[float, str]:
        """(value, factor_id) of a single, period-independent factor such as a conversion."""
        rows = self.frame.filter(
            (pl.col("kind") == kind) & (pl.col("fuel_or_item") == fuel_or_item)
        ).sort(pl.col("level").replace_strict(LEVEL_RANK, default=9))
        if rows.height == 0:
            raise KeyError(f"no {kind} factor for {fuel_or_item!r}")
        return float(rows["value"][0]), str(rows["factor_id"][0])

    def select(
        self,
        needs: pl.DataFrame,
        kind: str,
        *,
        fallback_key: str | None = None,
        time_fallback: bool = False,
        all_gases: bool = False,
    ) -> pl.DataFrame:
        """The winning factor(s) of ``kind`` for each need (Art. 18 order), inner-joined.

        ``needs`` has ``_rid`` (unique), ``enterprise_id``, ``period`` and ``fuel_or_item``,
        optionally ``use`` (factor rows with a null use match any use) and ``gas`` (then the
        factor's gas must match). ``fallback_key`` names a column with a second, generic key
        (``"*:landfill"``) tried at lower priority. ``time_fallback`` lets a national factor of
        an earlier period stand in (grid EF) and flags it ``provisional``. ``all_gases`` keeps
        every gas row of the winning factor group (composting has a CH4 and an N2O row).

        Returns the need columns plus ``factor_id``, ``value``, ``unit``, ``verification``,
        ``level`` and ``provisional``. Needs with no factor are absent (anti-join to find them).

        Why by key: the choice depends only on the item, period, use, gas, fallback key and —
        for enterprises that have an enterprise-level factor of this kind — the enterprise, so
        it is made once per distinct key (a few thousand at province scale, not one per
        activity row) and joined back onto the needs.

        Why remembered: the library is immutable, so a key's winner never changes, and a
        server computes the same keys again and again (each monthly upload asks for its
        items' factors, six variants at a time); each selection costs a dozen small frame
        operations whatever the number of keys, most of a small upload's calculation. Keys
        seen before are answered by one join; only new keys are chosen.
        """
        key_cols = ["fuel_or_item", "period",
                    *(c for c in ("use", "gas") if c in needs.columns),
                    *([fallback_key] if fallback_key is not None else [])]
        own_ids = self._own.get(kind)
        if own_ids is None:  # enterprises with a factor of their own of this kind
            own_ids = self._own[kind] = self.frame.filter(
                (pl.col("kind") == kind) & (pl.col("level") == "enterprise")
            )["enterprise_id"].drop_nulls().unique()
        needs_k = needs.with_columns(
            _ent=pl.when(pl.col("enterprise_id").is_in(own_ids.implode()))
            .then(pl.col("enterprise_id")).otherwise(pl.lit(None, dtype=pl.String()))
        )
        on = [*key_cols, "_ent"]
        memo_key = (kind, tuple(key_cols), fallback_key, time_fallback, all_gases)
        asked = needs_k.select(on).unique()
        with self._chosen_lock:
            seen, winners = self._chosen.get(memo_key, (None, None))
            new = asked if seen is None else asked.join(seen, on=on, how="anti",
                                                        nulls_equal=True)
            if seen is not None and seen.height + new.height > _CHOSEN_MAX_KEYS:
                seen, winners, new = None, None, asked  # too many kept: start again
            if winners is None or new.height:
                keys = new.with_row_index("_rid").rename({"_ent": "enterprise_id"})
                chosen = self._select_rows(keys, kind, fallback_key=fallback_key,
                                           time_fallback=time_fallback, all_gases=all_gases)
                chosen = keys.rename({"enterprise_id": "_ent"}).join(
                    chosen.drop("enterprise_id", *key_cols, strict=False), on="_rid",
                    how="inner").drop("_rid")
                if winners is None:
                    seen, winners = new, chosen
                else:
                    seen = pl.concat([seen, new], how="vertical")
                    winners = pl.concat([winners, chosen.cast(winners.schema)], how="vertical")
                self._chosen[memo_key] = (seen, winners)
        return needs_k.join(winners, on=on, how="inner", nulls_equal=True).drop("_ent")

    def _select_rows(
        self,
        needs: pl.DataFrame,
        kind: str,
        *,
        fallback_key: str | None,
        time_fallback: bool,
        all_gases: bool,
    ) -> pl.DataFrame:
        """:meth:`select` on needs with a unique ``_rid`` (here: one row per distinct key)."""
        cand = self.frame.filter(pl.col("kind") == kind).select(
            pl.col("fuel_or_item").alias("_key"),
            pl.col("use").alias("_f_use"),
            pl.col("gas").alias("_f_gas"),
            "factor_id", "value", "unit", "verification", "level",
            pl.col("enterprise_id").alias("_f_ent"),
            "valid_from", "valid_to", "origin",
        )
        keyed = needs.with_columns(pl.col("fuel_or_item").alias("_key"), _generic=pl.lit(0))
        if fallback_key is not None:
            keyed = pl.concat(
                [keyed, needs.with_columns(pl.col(fallback_key).alias("_key"), _generic=pl.lit(1))],
                how="vertical_relaxed",
            )
        j = keyed.join(cand, on="_key", how="inner")
        if "gas" in needs.columns:
            j = j.filter(pl.col("_f_gas") == pl.col("gas"))
        if "use" in needs.columns:
            j = j.filter(pl.col("_f_use").is_null() | (pl.col("_f_use") == pl.col("use")))
        own = pl.col("_f_ent") == pl.col("enterprise_id")
        j = j.filter((pl.col("level") != "enterprise") | own)
        starts = pl.col("valid_from").is_null() | (pl.col("valid_from") <= pl.col("period"))
        ends = pl.col("valid_to").is_null() | (pl.col("valid_to") >= pl.col("period"))
        in_window = starts & ends
        if time_fallback:
            earlier = (pl.col("level") == "national") & (pl.col("valid_to") < pl.col("period"))
            j = j.filter(in_window | earlier)
        else:
            j = j.filter(in_window)
        j = j.with_columns(
            _stale=(~in_window).cast(pl.Int32),
            _rank=(~in_window).cast(pl.Int32) * 10_000
            + pl.col("level").replace_strict(LEVEL_RANK, default=9, return_dtype=pl.Int32) * 1000
            + pl.col("_generic") * 100
            + pl.col("_f_use").is_null().cast(pl.Int32) * 10
            + (pl.col("origin") == "shipped").cast(pl.Int32),
        )
        j = j.filter(pl.col("_rank") == pl.col("_rank").min().over("_rid"))
        j = j.sort(["_rid", "valid_from"], descending=[False, True], nulls_last=True)
        subset = ["_rid", "_f_gas"] if all_gases else ["_rid"]
        j = j.unique(subset=subset, keep="first", maintain_order=True)
        return j.with_columns(
            provisional=(pl.col("_stale") == 1)
            | pl.col("verification").is_in(sorted(PROVISIONAL_VERIFICATIONS)),
            gas=pl.col("_f_gas") if "gas" not in needs.columns else pl.col("gas"),
        ).drop("_key", "_f_use", "_f_gas", "_f_ent", "valid_from", "valid_to", "origin",
               "_generic", "_stale", "_rank")


def load_factor_library(custom: pl.DataFrame | None = None) -> FactorLibrary:
    """The shipped v1 library, plus ``custom`` factors (same columns) on top.

    ``custom`` holds enterprise-specific (``level='enterprise'`` with ``enterprise_id``) or
    national factors (e.g. transcribed Decision 2626 values, a newly published grid EF) with
    their validity periods. Only *approved* factors should be passed: approval is recorded by
    the warehouse, not here. Raises :class:`FactorLibraryError` listing every problem.
    """
    shipped = _shipped_frame().with_columns(origin=pl.lit("shipped"))
    if custom is None or custom.height == 0:
        return FactorLibrary(frame=shipped)
    problems = validate_factor_frame(custom, custom=True)
    if problems:
        raise FactorLibraryError(problems)
    extra = coerce_factor_frame(custom).with_columns(origin=pl.lit("custom"))
    log.info("factor library %s + %d custom factor(s)", LIBRARY_VERSION, extra.height)
    return FactorLibrary(frame=pl.concat([shipped, extra], how="vertical"))


def period_start(year: int) -> dt.date:
    """First day of ``year``: the ``valid_from`` of a data-year factor such as the grid EF."""
    return dt.date(year, 1, 1)

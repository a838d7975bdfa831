"""Coverage of the upload contract by the engine: no accepted row is silently dropped.

Why: before issue 8 a fuel row the engine had no factor for (kerosene or fuel oil with
``use=mobile``) was accepted at upload and then produced no emission row, only a log line, so a
facility total could be short without anyone seeing it. Every combination of category × item ×
unit × use × treatment the contract accepts now has exactly one of three outcomes:

* ``emitted``: traceable emission rows (``factor_ids`` name every factor used);
* ``zero_with_reason``: no emission by design, with a reason code (water withdrawals, production
  and revenue, wastewater sent to the park's central plant, RECs under location-based Scope 2);
* ``reject_at_upload``: a combination the engine has no method for, listed by
  :func:`unsupported_combinations` so that the upload validator rejects it with an explanation
  instead of accepting a row that would vanish.

:func:`classify_activity` applies this to any activity frame; a row classed ``no_factor`` is a
defect (a custom factor that expired, a year before the first grid EF) and is reported, never
hidden. Everything here is pure: contract data and frames in, frames out.
"""

from __future__ import annotations

from itertools import product

import polars as pl

from metrics.factors import FactorLibrary
from metrics.inventory import CalcParams, _emission_parts, _uncovered
from parkghg import contract

OUTCOMES: tuple[str, ...] = ("emitted", "zero_with_reason", "reject_at_upload", "no_factor")

#: Reason codes with a short explanation (English / Vietnamese) for pages and the validator.
REASONS: dict[str, tuple[str, str]] = {
    "not_an_emission_source": (
        "recorded as an indicator (water, production, revenue); it emits nothing itself",
        "số liệu chỉ tiêu (nước, sản lượng, doanh thu); bản thân không phát thải"),
    "treated_offsite_at_central_plant": (
        "wastewater treated at the park's central plant: emissions occur there, outside the"
        " enterprise's Scope 1, and are not estimated per enterprise",
        "nước thải xử lý tại nhà máy tập trung của KCN: phát thải xảy ra tại đó, ngoài phạm vi 1"
        " của doanh nghiệp"),
    "rec_no_location_based_effect": (
        "retired certificates do not change location-based Scope 2 (they count market-based)",
        "chứng chỉ đã hủy không làm thay đổi phạm vi 2 theo vị trí (chỉ tính theo thị trường)"),
    "no_road_factor_for_fuel": (
        "IPCC 2006 road-transport tables (Vol2 Ch3 Tables 3.2.1/3.2.2) have no factor for this"
        " fuel: report boilers and furnaces as 'stationary', machinery as 'offroad'",
        "bảng IPCC 2006 cho giao thông đường bộ không có hệ số cho nhiên liệu này: khai báo lò"
        " hơi, lò nung là 'stationary', máy móc là 'offroad'"),
    "no_offroad_factor_for_fuel": (
        "IPCC 2006 Table 3.3.1 (off-road machinery) has no factor for this fuel: report it as"
        " 'stationary' if it is burned in fixed equipment",
        "bảng IPCC 2006 3.3.1 (máy móc không chạy trên đường) không có hệ số cho nhiên liệu này:"
        " khai báo 'stationary' nếu đốt trong thiết bị cố định"),
}

#: Contract items that never emit by themselves (zero with reason), by (category, item).
ZERO_BY_DESIGN: dict[tuple[str, str], str] = {
    **{("water", s.item): "not_an_emission_source" for s in contract.ITEMS
       if s.category == "water"},
    ("production", "output"): "not_an_emission_source",
    ("finance", "revenue"): "not_an_emission_source",
    ("wastewater", "discharged"): "treated_offsite_at_central_plant",
    ("wastewater", "cod_load"): "treated_offsite_at_central_plant",
}
#: Combinations the upload validator rejects: (category, item, use) → reason code. The list
#: lives in the contract (``UNSUPPORTED_FUEL_USES``) so the validator reads it from the ground
#: floor; the tests here prove each one really has no factor and everything else is priced.
REJECT_AT_UPLOAD: dict[tuple[str, str, str], str] = {
    ("fuel", item, use): code for (item, use), code in contract.UNSUPPORTED_FUEL_USES.items()
}

COMBINATION_SCHEMA: dict[str, pl.DataType] = {
    "category": pl.String(), "item": pl.String(), "unit": pl.String(), "use": pl.String(),
    "treatment": pl.String(),
}


def unsupported_combinations() -> pl.DataFrame:
    """The (category, item, use) combinations to reject at upload, with reason and messages.

    Columns ``category, item, use, reason_code, message_en, message_vi``; the validator joins on
    the first three (``use`` after its default is filled) and reports the messages.
    """
    rows = [
        {"category": c, "item": i, "use": u, "reason_code": code,
         "message_en": REASONS[code][0], "message_vi": REASONS[code][1]}
        for (c, i, u), code in sorted(REJECT_AT_UPLOAD.items())
    ]
    return pl.DataFrame(rows, schema={"category": pl.String(), "item": pl.String(),
                                      "use": pl.String(), "reason_code": pl.String(),
                                      "message_en": pl.String(), "message_vi": pl.String()})


def contract_combinations() -> pl.DataFrame:
    """Every combination of category × item × unit × use × treatment the contract accepts.

    ``use`` is filled on fuel rows (its default included) and empty elsewhere; ``treatment`` is
    one of :func:`parkghg.contract.treatments_for` where the contract asks for one.
    """
    rows = []
    for spec in contract.ITEMS:
        uses = contract.uses_for(spec.category) or (None,)
        treatments = contract.treatments_for(spec.category, spec.item) or (None,)
        for unit, use, treatment in product(spec.units, uses, treatments):
            rows.append({"category": spec.category, "item": spec.item, "unit": unit,
                         "use": use, "treatment": treatment})
    return pl.DataFrame(rows, schema=COMBINATION_SCHEMA)


def classify_activity(
    activity: pl.DataFrame, library: FactorLibrary, params: CalcParams | None = None
) -> pl.DataFrame:
    """``activity`` with ``outcome`` (one of ``OUTCOMES``) and ``reason_code`` per row.

    ``no_factor`` rows are the only defect class: an accepted row the engine could not price.
    """
    params = params or CalcParams()
    parts, base = _emission_parts(activity, library, params)
    missing = _uncovered(parts, base, params).select("_rid", _missing=pl.lit(True))
    rejects = pl.DataFrame(
        [{"category": c, "item": i, "_use": u, "_reject": code}
         for (c, i, u), code in REJECT_AT_UPLOAD.items()],
        schema={"category": pl.String(), "item": pl.String(), "_use": pl.String(),
                "_reject": pl.String()},
    )
    zero = pl.DataFrame(
        [{"category": c, "item": i, "_zero": code} for (c, i), code in ZERO_BY_DESIGN.items()],
        schema={"category": pl.String(), "item": pl.String(), "_zero": pl.String()},
    )
    rec_location = (
        (pl.col("category") == "electricity") & (pl.col("item") == "rec_retired")
        & pl.lit(params.scope2_basis == "location")
    )
    out = (
        base.with_columns(_use=pl.when(pl.col("category") == "fuel")
                          .then(pl.col("use").fill_null(contract.DEFAULT_USE)))
        .join(missing, on="_rid", how="left")
        .join(rejects, on=["category", "item", "_use"], how="left")
        .join(zero, on=["category", "item"], how="left")
        .with_columns(
            _zero=pl.when(rec_location).then(pl.lit("rec_no_location_based_effect"))
            .otherwise(pl.col("_zero")),
        )
    )
    outcome = (
        pl.when(pl.col("_reject").is_not_null()).then(pl.lit("reject_at_upload"))
        .when(pl.col("_zero").is_not_null()).then(pl.lit("zero_with_reason"))
        .when(pl.col("_missing").fill_null(False)).then(pl.lit("no_factor"))
        .otherwise(pl.lit("emitted"))
    )
    reason = (
        pl.when(pl.col("_reject").is_not_null()).then(pl.col("_reject"))
        .when(pl.col("_zero").is_not_null()).then(pl.col("_zero"))
        .when(pl.col("_missing").fill_null(False)).then(pl.lit("no_factor"))
    )
    return (
        out.with_columns(outcome=outcome, reason_code=reason)
        .sort("_rid")
        .drop("_rid", "_use", "_missing", "_reject", "_zero", "year")
    )

"""Validating an upload against the contract: every problem, with its row, in one pass.

Checks are set-based polars expressions over the whole file (no per-row Python), and each
check contributes the rows it fails; only the failing rows become ``Problem`` objects.
What the file is checked against (registry, locks, history) comes in a ``ValidationContext``
that the pipeline reads from the warehouse, so this module stays pure and testable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

import polars as pl

from ingest.read import RawFile
from parkghg.contract import (
    CATEGORIES,
    DEFAULT_USE,
    EQUIPMENT_CATEGORIES,
    EQUIPMENT_MAX_CHARS,
    ITEMS,
    NOTE_MAX_CHARS,
    PLAUSIBLE_MONTHLY_MAX,
    REQUIRED_COLUMNS,
    UNSUPPORTED_FUEL_USES,
    USES,
    items_of,
    treatments_for,
)
from parkghg.problems import ROW_COL, Problem, problem
from parkghg.spreadsheet import parse_decimal
from parkghg.units import conversion_table

ENTERPRISE_ID_PATTERN = r"^\d{10}(-\d{3})?$"
MIN_YEAR = 2000
OUTLIER_RATIO = 10.0
OUTLIER_MIN_MONTHS = 6

NORMALISED_COLUMNS = (
    "row_number", "enterprise_id", "period", "category", "item", "quantity", "unit",
    "quantity_canonical", "unit_canonical", "use", "treatment", "counterparty", "note",
    "equipment",
)
upload_problem = partial(problem, "upload")
HISTORY_KEY = ("enterprise_id", "category", "item", "unit_canonical", "use", "treatment")


@dataclass(frozen=True)
class ValidationContext:
    """What an upload is checked against, read from the warehouse by the pipeline."""

    known_enterprises: frozenset[str]
    today: dt.date
    own_enterprise_id: str | None = None  # the id (or park) named when an id is out of reach
    #: The enterprise ids the uploader may upload for (None: any registered one). An id outside
    #: it is "not yours" whether or not it exists, so an upload never tells a stranger which
    #: tax codes are registered (issue 10 item 9).
    reach: frozenset[str] | None = None
    locked_periods: frozenset[tuple[str, dt.date]] = frozenset()
    history: pl.DataFrame | None = None  # HISTORY_KEY + median_quantity, n_months
    production_units: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Validated:
    """The normalised rows (when there are no errors) and every issue found."""

    rows: pl.DataFrame | None
    errors: list[Problem]
    warnings: list[Problem]


def validate(raw: RawFile, ctx: ValidationContext) -> Validated:
    """Check ``raw`` against the contract and ``ctx``; normalise it when it passes."""
    df = _normalise(raw.frame.rename({ROW_COL: "row_number"}), raw.decimal_mark)
    errors = _in_file(_row_errors(df, ctx), raw.file_name)
    if errors:
        return Validated(None, errors, [])
    rows = df.select(NORMALISED_COLUMNS)
    return Validated(rows, [], _in_file(_warnings(rows, ctx), raw.file_name))


def validate_many(files: Sequence[tuple[RawFile, ValidationContext]]) -> list[Validated]:
    """:func:`validate` of each file; files that pass are checked together in one pass.

    Why: a monthly file has a few hundred rows, and validating it costs some sixty polars
    operations whatever its size, so a batch of files spent most of its validation time on
    per-operation overhead (issue 9). Every check is per row or keyed by enterprise (the
    outlier medians, duplicates, locks and the production unit all group by enterprise), so
    for files that share no enterprise, read the same way (columns, decimal mark) and are
    checked against the same registry and day, one pass over their rows flags exactly the rows
    each file's own pass flags. A file with any problem in that pass is then validated on its
    own, so its errors (and their wording, e.g. one problem per wrong id) are ``validate``'s;
    the clean files take their rows and warnings from the shared pass, row numbers restored.
    ``tests/ingest/test_validate_many.py`` checks the results equal ``validate`` file by file.
    """
    results: list[Validated | None] = [None] * len(files)
    clusters: dict[tuple, list[int]] = {}
    for i, (raw, ctx) in enumerate(files):
        key = (raw.decimal_mark, tuple(raw.frame.schema.items()), ctx.today,
               ctx.own_enterprise_id, id(ctx.reach), id(ctx.known_enterprises))
        clusters.setdefault(key, []).append(i)
    for members in clusters.values():
        if len(members) > 1:
            _validate_together(files, members, results)
    return [result if result is not None else validate(*files[i])
            for i, result in enumerate(results)]


def _validate_together(files: Sequence[tuple[RawFile, ValidationContext]], members: list[int],
                       results: list[Validated | None]) -> None:
    """Fill ``results`` for the members that pass one shared pass (see ``validate_many``)."""
    ids = [set(files[i][0].frame["enterprise_id"].drop_nulls().str.strip_chars().unique()
               .to_list()) for i in members]
    seen: dict[str, int] = {}
    for file_ids in ids:
        for eid in file_ids:
            seen[eid] = seen.get(eid, 0) + 1
    # a file naming an enterprise another file names too is validated alone
    members = [i for i, file_ids in zip(members, ids, strict=True)
               if all(seen[eid] == 1 for eid in file_ids)]
    if len(members) < 2:
        return
    raws = [files[i][0] for i in members]
    first = files[members[0]][1]
    stride = 1 + max(int(r.frame[ROW_COL].max() or 0) for r in raws)  # type: ignore[arg-type]
    frame = pl.concat([r.frame.with_columns(pl.col(ROW_COL).cast(pl.Int64) + k * stride)
                       for k, r in enumerate(raws)])
    histories = [h for i in members if (h := files[i][1].history) is not None and h.height]
    ctx = ValidationContext(
        known_enterprises=first.known_enterprises, today=first.today,
        own_enterprise_id=first.own_enterprise_id, reach=first.reach,
        locked_periods=frozenset().union(*(files[i][1].locked_periods for i in members)),
        history=pl.concat(histories) if histories else None,
        production_units={k: v for i in members
                          for k, v in files[i][1].production_units.items()},
    )
    df = _normalise(frame.rename({ROW_COL: "row_number"}), raws[0].decimal_mark)
    errors = _row_checks(df, ctx, single_file=False) + _duplicate_errors(df)
    failed = {(e.row or 0) // stride for e in errors}
    if any(e.row is None for e in errors):
        return
    prod = (df.filter(pl.col("category") == "production")
            .group_by(_k=pl.col("row_number") // stride, maintain_order=True)
            .agg(pl.col("enterprise_id").first(),
                 pl.col("unit_canonical").unique(maintain_order=True)))
    for k, eid, units in prod.iter_rows():  # the file's one production unit, as before
        if units != [ctx.production_units.get(eid, units[0])]:
            failed.add(k)
    clean = [k for k in range(len(raws)) if k not in failed]
    rows = df.filter((pl.col("row_number") // stride).is_in(clean)).select(NORMALISED_COLUMNS)
    warnings: dict[int, list[Problem]] = {k: [] for k in clean}
    for w in _warnings(rows, ctx):
        k = (w.row or 0) // stride
        warnings[k].append(w.model_copy(update={"row": (w.row or 0) - k * stride}))
    # one partition per file, not one filter of the whole pass per file (files × rows)
    parts = rows.with_columns(_file=pl.col("row_number") // stride).partition_by(
        "_file", as_dict=True, maintain_order=True, include_key=False) if rows.height else {}
    for k in clean:
        raw = raws[k]
        own = parts.get((k,), rows.clear()).with_columns(
            (pl.col("row_number") - k * stride).cast(raw.frame.schema[ROW_COL]))
        ordered = sorted(warnings[k], key=lambda i: (i.row or 0, _column_order(i.column)))
        results[members[k]] = Validated(own, [], _in_file(ordered, raw.file_name))


def _in_file(problems: list[Problem], file_name: str) -> list[Problem]:
    return [p.model_copy(update={"file": file_name}) for p in problems]


# --- normalisation -----------------------------------------------------------------------

def _normalise(df: pl.DataFrame, mark: str) -> pl.DataFrame:
    lower = ["category", "item", "use", "treatment"]
    df = df.with_columns(
        [pl.col(c).str.strip_chars().str.to_lowercase() for c in lower]
        + [pl.col("enterprise_id").str.strip_chars(), pl.col("unit").str.strip_chars(),
           _blank_to_null(pl.col("equipment").str.strip_chars())]
    )
    df = df.with_columns(
        _raw_period=pl.col("period"),
        _raw_quantity=pl.col("quantity"),
        _raw_unit=pl.col("unit"),
    ).with_columns(
        period=_parse_period(pl.col("period")),
        quantity=parse_decimal(pl.col("quantity"), mark),
        use=pl.when(pl.col("category") == "fuel")
        .then(pl.col("use").fill_null(DEFAULT_USE))
        .otherwise(pl.col("use")),
    )
    conv = conversion_table().select(
        "category", "item", "unit_key", pl.col("unit").alias("unit_contract"),
        "unit_canonical", "to_canonical_mult",
    )
    df = df.with_columns(unit_key=pl.col("unit").str.to_lowercase()).join(
        conv, on=["category", "item", "unit_key"], how="left"
    )
    return df.with_columns(
        unit=pl.col("unit_contract"),
        quantity_canonical=pl.col("quantity") * pl.col("to_canonical_mult"),
    ).sort("row_number")


def _blank_to_null(col: pl.Expr) -> pl.Expr:
    return pl.when(col.str.len_chars() > 0).then(col)


def _parse_period(col: pl.Expr) -> pl.Expr:
    """First day of the month from YYYY-MM, MM/YYYY, YYYY/MM, or a date Excel made of it."""
    s = col.str.strip_chars()
    patterns = (  # (regex, year group, month group)
        (r"^(\d{4})-(\d{1,2})$", 1, 2),
        (r"^(\d{4})/(\d{1,2})$", 1, 2),
        (r"^(\d{1,2})/(\d{4})$", 2, 1),
        (r"^(\d{4})-(\d{1,2})-0?1(?:[ T]00:00(?::00(?:\.0+)?)?)?$", 1, 2),
        (r"^0?1/(\d{1,2})/(\d{4})(?: 00:00(?::00)?)?$", 2, 1),
    )
    year = pl.coalesce([s.str.extract(p, y) for p, y, _ in patterns]).cast(pl.Int32, strict=False)
    month = pl.coalesce([s.str.extract(p, m) for p, _, m in patterns]).cast(pl.Int32, strict=False)
    # Year 0 ("0000-01") has no date: invalid here rather than a crash in pl.date (issue 10).
    valid = month.is_between(1, 12) & year.is_between(1, 9999)
    return pl.when(valid).then(pl.date(year, month, 1)).otherwise(None)


def plausible_bounds_frame() -> pl.DataFrame:
    """``PLAUSIBLE_MONTHLY_MAX`` as a frame to join on (category, canonical unit)."""
    return pl.DataFrame(
        [{"category": c, "unit_canonical": u, "_max": m}
         for (c, u), m in PLAUSIBLE_MONTHLY_MAX.items()],
        schema={"category": pl.String, "unit_canonical": pl.String, "_max": pl.Float64},
    )


# --- errors -------------------------------------------------------------------------------

def _issues(df: pl.DataFrame, mask: pl.Expr, code: str, column: str, value_col: str | None = None,
            **params: object) -> list[Problem]:
    failing = df.filter(mask)
    return [
        upload_problem(code, row=r["row_number"], column=column,
                   value=r.get(value_col or column), **params)
        for r in failing.iter_rows(named=True)
    ]


def _first_per_value(problems: list[Problem]) -> list[Problem]:
    """One problem per distinct value, at its first row.

    Why: an enterprise id that is wrong in one cell is wrong in every row of the file (a file
    sent for another enterprise); sixteen identical lines hide the one fix the user needs.
    """
    seen: set[str | None] = set()
    out = []
    for found in sorted(problems, key=lambda i: i.row or 0):
        if found.value not in seen:
            seen.add(found.value)
            out.append(found)
    return out


def _row_checks(df: pl.DataFrame, ctx: ValidationContext, *, single_file: bool = True
                ) -> list[Problem]:
    """Every check of single rows (and of the file's enterprise ids)."""
    errors: list[Problem] = []
    for column in REQUIRED_COLUMNS:
        errors += _issues(df, pl.col(_raw(column)).is_null(), "required_missing", column)
    errors += _enterprise_errors(df, ctx, single_file=single_file)
    errors += _period_errors(df, ctx)
    errors += _vocabulary_errors(df)
    errors += _quantity_errors(df)
    errors += _note_errors(df)
    errors += _equipment_errors(df)
    return errors


def _row_errors(df: pl.DataFrame, ctx: ValidationContext) -> list[Problem]:
    errors = _row_checks(df, ctx)
    if not errors:
        errors += _duplicate_errors(df)
        errors += _production_unit_errors(df, ctx)
    return sorted(errors, key=lambda i: (i.row or 0, _column_order(i.column)))


def _raw(column: str) -> str:
    """The column holding the cell as typed (period and quantity are parsed in place)."""
    return f"_raw_{column}" if column in ("period", "quantity", "unit") else column


def _column_order(column: str | None) -> int:
    order = ("enterprise_id", "period", "category", "item", "quantity", "unit", "use",
             "treatment", "counterparty", "note", "equipment")
    return order.index(column) if column in order else len(order)


def _enterprise_errors(df: pl.DataFrame, ctx: ValidationContext, *, single_file: bool = True
                       ) -> list[Problem]:
    eid = pl.col("enterprise_id")
    well_formed = eid.str.contains(ENTERPRISE_ID_PATTERN)
    errors = _issues(df, eid.is_not_null() & ~well_formed, "enterprise_format", "enterprise_id")
    if ctx.reach is not None:
        errors += _first_per_value(_issues(
            df, well_formed & ~eid.is_in(list(ctx.reach)), "enterprise_not_yours",
            "enterprise_id", own=ctx.own_enterprise_id or ""))
    else:
        known = list(ctx.known_enterprises)
        errors += _first_per_value(_issues(df, well_formed & ~eid.is_in(known),
                                           "enterprise_unknown", "enterprise_id"))
        if ctx.own_enterprise_id is not None:
            errors += _first_per_value(_issues(
                df, well_formed & (eid != ctx.own_enterprise_id), "enterprise_not_yours",
                "enterprise_id", own=ctx.own_enterprise_id))
    ids = df.filter(well_formed)["enterprise_id"].unique().sort().to_list()
    if single_file and len(ids) > 1:
        errors.append(upload_problem("multiple_enterprises", column="enterprise_id",
                                 value=len(ids), ids=", ".join(ids[:10])))
    return errors


def _period_errors(df: pl.DataFrame, ctx: ValidationContext) -> list[Problem]:
    current = dt.date(ctx.today.year, ctx.today.month, 1)
    p = pl.col("period")
    errors = _issues(df, pl.col("_raw_period").is_not_null() & p.is_null(),
                     "period_invalid", "period", value_col="_raw_period")
    errors += _issues(df, p > current, "period_future", "period", value_col="_raw_period",
                      current=current.strftime("%Y-%m"))
    errors += _issues(df, p < dt.date(MIN_YEAR, 1, 1), "period_too_old", "period",
                      value_col="_raw_period", min_year=MIN_YEAR)
    if ctx.locked_periods:
        locked = pl.DataFrame(
            [{"enterprise_id": e, "period": d, "_locked": True} for e, d in ctx.locked_periods],
            schema={"enterprise_id": pl.String, "period": pl.Date, "_locked": pl.Boolean},
        )
        flagged = df.join(locked, on=["enterprise_id", "period"], how="left")
        errors += _issues(flagged, pl.col("_locked").fill_null(False), "period_locked",
                          "period", value_col="_raw_period")
    return errors


def _vocabulary_errors(df: pl.DataFrame) -> list[Problem]:
    cat, item = pl.col("category"), pl.col("item")
    errors = _issues(df, cat.is_not_null() & ~cat.is_in(list(CATEGORIES)), "category_unknown",
                     "category", allowed=", ".join(CATEGORIES))
    valid_pairs = pl.DataFrame({"category": [s.category for s in ITEMS],
                                "item": [s.item for s in ITEMS], "_pair_ok": True})
    checked = df.join(valid_pairs, on=["category", "item"], how="left")
    bad_items = checked.filter(cat.is_in(list(CATEGORIES)) & item.is_not_null()
                               & pl.col("_pair_ok").is_null())
    errors += [
        upload_problem("item_unknown", row=r["row_number"], column="item", value=r["item"],
                   category=r["category"], allowed=", ".join(items_of(r["category"])))
        for r in bad_items.iter_rows(named=True)
    ]
    bad_units = checked.filter(pl.col("_pair_ok") & pl.col("_raw_unit").is_not_null()
                               & pl.col("unit").is_null())
    units_of = {(s.category, s.item): ", ".join(s.units) for s in ITEMS}
    errors += [
        upload_problem("unit_not_allowed", row=r["row_number"], column="unit",
                   value=r["_raw_unit"], item=r["item"],
                   allowed=units_of[(r["category"], r["item"])])
        for r in bad_units.iter_rows(named=True)
    ]
    errors += _use_treatment_errors(df)
    return errors


# (category, item) → the treatments its rows must carry (waste routes; on-site wastewater types).
_TREATMENTS_BY_ITEM = pl.DataFrame(
    [{"category": spec.category, "item": spec.item,
      "_allowed": list(treatments_for(spec.category, spec.item))} for spec in ITEMS],
    schema={"category": pl.String, "item": pl.String, "_allowed": pl.List(pl.String)},
).filter(pl.col("_allowed").list.len() > 0)
_UNSUPPORTED = pl.DataFrame(
    [{"item": item, "_use": use, "_reason": code}
     for (item, use), code in UNSUPPORTED_FUEL_USES.items()],
    schema={"item": pl.String, "_use": pl.String, "_reason": pl.String},
)


def _use_treatment_errors(df: pl.DataFrame) -> list[Problem]:
    cat, use, treat = pl.col("category"), pl.col("use"), pl.col("treatment")
    is_fuel = cat == "fuel"
    errors = _issues(df, is_fuel & ~use.is_in(list(USES)), "use_invalid", "use")
    errors += [
        upload_problem("use_not_fuel", row=r["row_number"], column="use", value=r["use"],
                   category=r["category"])
        for r in df.filter(~is_fuel & cat.is_in(list(CATEGORIES)) & use.is_not_null())
        .iter_rows(named=True)
    ]
    # A fuel used in a way no published factor covers would be accepted and priced at nothing.
    fuel = df.filter(is_fuel).with_columns(_use=use.fill_null(DEFAULT_USE))
    errors += [
        upload_problem(r["_reason"], row=r["row_number"], column="use", value=r["_use"],
                       item=r["item"])
        for r in fuel.join(_UNSUPPORTED, on=["item", "_use"], how="inner")
        .iter_rows(named=True)
    ]
    rows = df.join(_TREATMENTS_BY_ITEM, on=["category", "item"], how="left")
    needs = pl.col("_allowed").is_not_null()
    for r in rows.filter(needs & treat.is_null()).iter_rows(named=True):
        errors.append(upload_problem("treatment_missing", row=r["row_number"],
                                     column="treatment", value=None,
                                     allowed=", ".join(r["_allowed"])))
    # only the rows in error go to Python (a province's waste rows are mostly fine)
    invalid = needs & treat.is_not_null() & ~pl.col("_allowed").list.contains(treat)
    for r in rows.filter(invalid).iter_rows(named=True):
        errors.append(upload_problem("treatment_invalid", row=r["row_number"],
                                     column="treatment", value=r["treatment"],
                                     allowed=", ".join(r["_allowed"])))
    errors += [
        upload_problem("treatment_not_waste", row=r["row_number"], column="treatment",
                   value=r["treatment"], category=r["category"])
        for r in rows.filter(~needs & cat.is_in(list(CATEGORIES)) & treat.is_not_null())
        .iter_rows(named=True)
    ]
    return errors


def _quantity_errors(df: pl.DataFrame) -> list[Problem]:
    q = pl.col("quantity")
    errors = _issues(df, pl.col("_raw_quantity").is_not_null() & q.is_null(),
                     "quantity_not_number", "quantity", value_col="_raw_quantity")
    errors += _issues(df, q < 0, "quantity_negative", "quantity", value_col="_raw_quantity")
    # A finite number can overflow on conversion (1.75e308 MMBtu → inf GJ): never stored.
    canonical = pl.col("quantity_canonical")
    errors += _issues(df, q.is_not_null() & canonical.is_not_null() & ~canonical.is_finite(),
                      "quantity_not_finite", "quantity", value_col="_raw_quantity")
    bounds = plausible_bounds_frame()
    checked = df.join(bounds, on=["category", "unit_canonical"], how="left")
    implausible = checked.filter(canonical.is_finite() & (canonical > pl.col("_max")))
    errors += [
        upload_problem("quantity_implausible", row=r["row_number"], column="quantity",
                       value=r["_raw_quantity"], unit=r["unit"],
                       limit=f"{r['_max'] / r['to_canonical_mult']:,.6g}")
        for r in implausible.iter_rows(named=True)
    ]
    return errors


def _note_errors(df: pl.DataFrame) -> list[Problem]:
    long_notes = df.filter(pl.col("note").str.len_chars() > NOTE_MAX_CHARS)
    return [
        upload_problem("note_too_long", row=r["row_number"], column="note",
                   value=len(r["note"]), limit=NOTE_MAX_CHARS)
        for r in long_notes.iter_rows(named=True)
    ]


def _equipment_errors(df: pl.DataFrame) -> list[Problem]:
    """Only refrigerant rows name equipment (Circular 38 table 2.2); a name fits a cell."""
    elsewhere = (pl.col("equipment").is_not_null() & pl.col("category").is_in(list(CATEGORIES))
                 & ~pl.col("category").is_in(list(EQUIPMENT_CATEGORIES)))
    errors = [
        upload_problem("equipment_not_refrigerant", row=r["row_number"], column="equipment",
                       value=r["equipment"], category=r["category"])
        for r in df.filter(elsewhere).iter_rows(named=True)
    ]
    too_long = df.filter(pl.col("equipment").str.len_chars() > EQUIPMENT_MAX_CHARS)
    errors += [
        upload_problem("equipment_too_long", row=r["row_number"], column="equipment",
                       value=len(r["equipment"]), limit=EQUIPMENT_MAX_CHARS)
        for r in too_long.iter_rows(named=True)
    ]
    return errors


def _duplicate_errors(df: pl.DataFrame) -> list[Problem]:
    # Two charges of one refrigerant in one month are distinct when they name different
    # equipment (the table 2.2 register), so equipment is part of the key.
    key = ["enterprise_id", "period", "category", "item", "use", "treatment", "_cp", "_eq"]
    keyed = df.with_columns(_cp=pl.col("counterparty").str.strip_chars().str.to_lowercase(),
                            _eq=pl.col("equipment").str.to_lowercase())
    firsts = keyed.group_by(key, maintain_order=True).agg(
        pl.col("row_number").min().alias("_first")
    )
    dups = keyed.join(firsts, on=key, how="left", nulls_equal=True).filter(
        pl.col("row_number") != pl.col("_first")
    )
    return [
        upload_problem("duplicate_row", row=r["row_number"], column="item", value=r["item"],
                   other=r["_first"])
        for r in dups.iter_rows(named=True)
    ]


def _production_unit_errors(df: pl.DataFrame, ctx: ValidationContext) -> list[Problem]:
    prod = df.filter(pl.col("category") == "production")
    if prod.is_empty():
        return []
    eid = prod["enterprise_id"][0]
    units = prod["unit_canonical"].unique(maintain_order=True).to_list()
    expected = ctx.production_units.get(eid, units[0])
    if len(units) == 1 and units[0] == expected:
        return []
    shown = ", ".join(dict.fromkeys([expected, *units]))
    return [
        upload_problem("production_unit_mixed", row=r["row_number"], column="unit",
                   value=r["unit"], units=shown, expected=expected)
        for r in prod.filter(pl.col("unit_canonical") != expected).iter_rows(named=True)
    ]


# --- warnings -----------------------------------------------------------------------------

def _warnings(rows: pl.DataFrame, ctx: ValidationContext) -> list[Problem]:
    warnings = _outlier_warnings(rows, ctx)
    cp = pl.col("counterparty").str.strip_chars()
    unknown = rows.filter(cp.str.contains(ENTERPRISE_ID_PATTERN)
                          & ~cp.is_in(list(ctx.known_enterprises)))
    warnings += [
        upload_problem("counterparty_unknown", severity="warning", row=r["row_number"],
                   column="counterparty", value=r["counterparty"])
        for r in unknown.iter_rows(named=True)
    ]
    return sorted(warnings, key=lambda i: (i.row or 0, _column_order(i.column)))


def _outlier_warnings(rows: pl.DataFrame, ctx: ValidationContext) -> list[Problem]:
    """Quantities ≥10× or ≤1/10 of the enterprise's own median for the same item.

    The baseline is the warehouse history when it has at least six months, otherwise the
    file itself (a year uploaded at once still gets checked).
    """
    key = list(HISTORY_KEY)
    in_file = rows.group_by(key).agg(
        pl.col("quantity_canonical").median().alias("_file_median"),
        pl.len().alias("_file_n"),
    )
    df = rows.join(in_file, on=key, how="left", nulls_equal=True)
    if ctx.history is not None and not ctx.history.is_empty():
        df = df.join(ctx.history, on=key, how="left", nulls_equal=True)
    else:
        df = df.with_columns(median_quantity=pl.lit(None, pl.Float64),
                             n_months=pl.lit(None, pl.Int64))
    use_history = pl.col("n_months").fill_null(0) >= OUTLIER_MIN_MONTHS
    df = df.with_columns(
        _base=pl.when(use_history).then(pl.col("median_quantity")).otherwise(
            pl.when(pl.col("_file_n") >= OUTLIER_MIN_MONTHS).then(pl.col("_file_median"))
        ),
        _n=pl.when(use_history).then(pl.col("n_months")).otherwise(pl.col("_file_n")),
    ).with_columns(_ratio=pl.col("quantity_canonical") / pl.col("_base"))
    flagged = df.filter(
        (pl.col("_base") > 0)
        & ((pl.col("_ratio") >= OUTLIER_RATIO) | (pl.col("_ratio") <= 1 / OUTLIER_RATIO))
    )
    return [
        upload_problem(
            "outlier_high" if r["_ratio"] >= OUTLIER_RATIO else "outlier_low",
            severity="warning", row=r["row_number"], column="quantity",
            value=r["quantity"], ratio=f"{r['_ratio']:.2g}", median=f"{r['_base']:.4g}",
            unit=r["unit_canonical"], n=r["_n"],
        )
        for r in flagged.iter_rows(named=True)
    ]

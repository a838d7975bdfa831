"""Checking park-fact and target files into typed frames and coded bilingual problems.

Why here: these are files a person hands the platform, read by ``ingest.read`` like uploads, and
every mistake must name the Excel row, the column, the value typed and the fix, in Vietnamese
and English (catalogue ``circular.problem.*``). What is known about the world (which parks the
user may write for, which indicators the criteria file has) is passed in by the service layer,
so this module reads no warehouse and no metrics.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import polars as pl

from ingest.read import PARK_FACT_COLUMNS, TARGET_FILE_COLUMNS, RawFile
from parkghg.problems import ROW_COL, Problem, problem
from parkghg.spreadsheet import parse_decimal

TARGET_LEVELS: tuple[str, ...] = ("province", "park", "enterprise")
TARGET_METRICS: tuple[str, ...] = ("absolute_tco2e", "intensity_tco2e_per_billion_vnd")
VERIFICATIONS: tuple[str, ...] = ("VERIFIED", "UNVERIFIED")
_FACT_REQUIRED = ("park_id", "indicator", "value", "fact_date")
_TARGET_REQUIRED = ("target_id", "level", "metric", "base_year", "target_year", "reduction_pct")


def _header(raw: RawFile, known: tuple[str, ...], required: tuple[str, ...]) -> list[Problem]:
    cols = [c for c in raw.frame.columns if c != ROW_COL]
    out = [problem("circular", "unknown_column", row=1, column=c, allowed=", ".join(known))
           for c in cols if c not in known]
    out += [problem("circular", "missing_column", row=1, column=c)
            for c in required if c not in cols]
    return out


def _text(frame: pl.DataFrame, col: str) -> pl.Expr:
    if col not in frame.columns:
        return pl.lit(None, pl.String).alias(col)
    s = pl.col(col).str.strip_chars()
    return pl.when(s == "").then(None).otherwise(s).alias(col)


def _required(frame: pl.DataFrame, cols: tuple[str, ...]) -> list[Problem]:
    out = []
    for col in cols:
        for row in frame.filter(pl.col(col).is_null())[ROW_COL]:
            out.append(problem("circular", "required", row=row, column=col))
    return out


def _numbers(frame: pl.DataFrame, raw: RawFile, col: str, low: float, high: float
             ) -> tuple[pl.Series, list[Problem]]:
    values = frame.select(parse_decimal(pl.col(col), raw.decimal_mark)).to_series()
    out = []
    for row, text, val in zip(frame[ROW_COL], frame[col], values, strict=True):
        if text is None:
            continue
        if val is None:
            out.append(problem("circular", "not_a_number", row=row, column=col, value=text))
        elif not low <= val <= high:
            out.append(problem("circular", "out_of_range", row=row, column=col, value=text,
                               low=f"{low:g}", high=f"{high:g}"))
    return values, out


def _allowed(frame: pl.DataFrame, col: str, allowed: Collection[str]) -> list[Problem]:
    bad = frame.filter(pl.col(col).is_not_null() & ~pl.col(col).is_in(list(allowed)))
    return [problem("circular", "not_allowed", row=r, column=col, value=v,
                    allowed=", ".join(allowed)) for r, v in bad.select(ROW_COL, col).iter_rows()]


def _dates(frame: pl.DataFrame, col: str) -> tuple[list[dt.date | None], list[Problem]]:
    out: list[dt.date | None] = []
    problems: list[Problem] = []
    for row, text in frame.select(ROW_COL, col).iter_rows():
        if text is None:
            out.append(None)
            continue
        try:
            out.append(dt.date.fromisoformat(text[:10]))
        except ValueError:
            out.append(None)
            problems.append(problem("circular", "bad_date", row=row, column=col, value=text))
    return out, problems


def check_park_facts(raw: RawFile, *, parks: Collection[str], indicators: Collection[str]
                     ) -> tuple[pl.DataFrame, list[Problem]]:
    """Typed fact rows (``PARK_FACT_COLUMNS``) and every problem; ``parks`` are the parks the
    user may write for, ``indicators`` the park-fact indicators of the criteria."""
    problems = _header(raw, PARK_FACT_COLUMNS, _FACT_REQUIRED)
    if problems:
        return pl.DataFrame(), problems
    f = raw.frame.with_columns(*(_text(raw.frame, c) for c in PARK_FACT_COLUMNS))
    problems += _required(f, _FACT_REQUIRED)
    problems += [problem("circular", "unknown_park", row=r, column="park_id", value=v)
                 for r, v in f.filter(pl.col("park_id").is_not_null()
                                      & ~pl.col("park_id").is_in(list(parks)))
                 .select(ROW_COL, "park_id").iter_rows()]
    problems += _allowed(f, "indicator", sorted(indicators))
    values, bad = _numbers(f, raw, "value", 0.0, 1e6)
    dates, bad_dates = _dates(f, "fact_date")
    problems += bad + bad_dates
    typed = f.select("park_id", "indicator", "evidence_note").with_columns(
        value=values, fact_date=pl.Series(dates, dtype=pl.Date))
    return typed, problems


def check_targets(raw: RawFile, *, subjects: dict[str, Collection[str]]
                  ) -> tuple[pl.DataFrame, list[Problem]]:
    """Typed target rows (``targets`` columns without revision/created_*) and every problem;
    ``subjects`` maps a level to the subject ids the user may set targets for (``province``:
    any non-empty collection allows province targets)."""
    problems = _header(raw, TARGET_FILE_COLUMNS, _TARGET_REQUIRED)
    if problems:
        return pl.DataFrame(), problems
    f = raw.frame.with_columns(*(_text(raw.frame, c) for c in TARGET_FILE_COLUMNS))
    problems += _required(f, _TARGET_REQUIRED)
    problems += _allowed(f, "level", TARGET_LEVELS)
    problems += _allowed(f, "metric", TARGET_METRICS)
    problems += _allowed(f, "verification", VERIFICATIONS)
    base, p1 = _numbers(f, raw, "base_year", 1990, 2100)
    target, p2 = _numbers(f, raw, "target_year", 1990, 2100)
    pct, p3 = _numbers(f, raw, "reduction_pct", 0, 100)
    base_value, p4 = _numbers(f, raw, "base_value", 0, 1e12)
    problems += p1 + p2 + p3 + p4
    for row, level, subject, b, t in zip(f[ROW_COL], f["level"], f["subject_id"], base, target,
                                         strict=True):
        if b is not None and t is not None and t <= b:
            problems.append(problem("circular", "years_order", row=row, column="target_year",
                                    value=f"{t:g}"))
        if level not in TARGET_LEVELS:
            continue
        allowed = subjects.get(level, ())
        ok = bool(allowed) and subject is None if level == "province" else subject in allowed
        if not ok:
            problems.append(problem("circular", "unknown_subject", row=row, column="subject_id",
                                    value=subject or "", level=level))
    typed = f.select(
        "target_id", "level", "subject_id", "metric",
        pl.col("boundary").fill_null("circular38"),
        base_year=base.cast(pl.Int32), target_year=target.cast(pl.Int32),
        reduction_frac=pct / 100.0, base_value=base_value, source=pl.col("source"),
        verification=pl.col("verification").fill_null("UNVERIFIED"), note=pl.col("note"),
        active=pl.lit(True),
    )
    return typed, problems


__all__ = ["TARGET_LEVELS", "TARGET_METRICS", "check_park_facts", "check_targets"]

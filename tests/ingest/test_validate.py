"""Every rule of the upload contract, one small file at a time."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from ingest.read import read_upload
from ingest.validate import ValidationContext, validate
from tests.ingest.conftest import csv_bytes, row
from tests.worlds import ENT_A, ENT_B, ENT_C, TODAY

KNOWN = frozenset({ENT_A, ENT_B, ENT_C})


def check(rows, sep=",", **ctx_kwargs):
    ctx = ValidationContext(known_enterprises=KNOWN, today=TODAY, **ctx_kwargs)
    return validate(read_upload(csv_bytes(rows, sep=sep), "t.csv"), ctx)


def error_codes(result) -> list[tuple[int | None, str, str]]:
    return [(i.row, i.column, i.code) for i in result.errors]


def test_a_good_file_is_normalised_to_canonical_units():
    result = check([
        row(quantity=120000, unit="kWh"),
        row(category="fuel", item="diesel", quantity=500, unit="l"),  # unit case-insensitive
        row(category="fuel", item="natural_gas", quantity=10, unit="MMBtu", use="stationary"),
        row(category="waste", item="plastic", quantity=1200, unit="kg", treatment="Recycling"),
        row(category="finance", item="revenue", quantity=2.5, unit="billion_VND"),
    ])
    assert result.errors == []
    out = result.rows
    assert out["unit"].to_list() == ["kWh", "L", "MMBtu", "kg", "billion_VND"]
    assert out["unit_canonical"].to_list() == ["MWh", "m3", "GJ", "t", "VND"]
    assert out["quantity_canonical"].to_list() == pytest.approx([120, 0.5, 10.550559, 1.2, 2.5e9])
    assert out["use"].to_list() == [None, "stationary", "stationary", None, None]  # default use
    assert out["treatment"].to_list()[3] == "recycling"
    assert out["period"].to_list()[0] == dt.date(2024, 1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06", dt.date(2024, 6, 1)),
        ("2024-6", dt.date(2024, 6, 1)),
        ("06/2024", dt.date(2024, 6, 1)),
        ("6/2024", dt.date(2024, 6, 1)),
        ("2024/06", dt.date(2024, 6, 1)),
        ("2024-06-01", dt.date(2024, 6, 1)),  # Excel turned the month into a date
        ("2024-06-01 00:00:00", dt.date(2024, 6, 1)),  # ... and read back from XLSX
        ("01/06/2024", dt.date(2024, 6, 1)),  # Vietnamese day-first date
    ],
)
def test_period_forms_read_as_their_month(text, expected):
    result = check([row(period=text)])
    assert result.errors == []
    assert result.rows["period"][0] == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2024-13", "period_invalid"),
        ("June 2024", "period_invalid"),
        ("2024-06-15", "period_invalid"),  # a real day, not a month
        ("06/01/2024", "period_invalid"),  # US month-first: day 06 is not a month start
        ("2026-12", "period_future"),  # TODAY is 2026-11-23
        ("1999-12", "period_too_old"),
    ],
)
def test_bad_periods(text, code):
    result = check([row(period=text)])
    assert error_codes(result) == [(2, "period", code)]
    assert result.errors[0].value == text


def test_current_month_is_allowed():
    assert check([row(period="2026-11")]).errors == []


@pytest.mark.parametrize(
    ("overrides", "column", "code"),
    [
        ({"enterprise_id": "301234567"}, "enterprise_id", "enterprise_format"),  # lost zero
        ({"enterprise_id": "3600123456.0"}, "enterprise_id", "enterprise_format"),  # Excel float
        ({"enterprise_id": "3600000000"}, "enterprise_id", "enterprise_unknown"),
        ({"category": "power"}, "category", "category_unknown"),
        ({"item": "coal"}, "item", "item_unknown"),
        ({"quantity": "12 kWh"}, "quantity", "quantity_not_number"),
        ({"quantity": "\"1,5\""}, "quantity", "quantity_not_number"),  # quoted comma decimal
        ({"quantity": "nan"}, "quantity", "quantity_not_number"),
        ({"quantity": -3}, "quantity", "quantity_negative"),
        ({"unit": "GWh"}, "unit", "unit_not_allowed"),
        ({"use": "mobile"}, "use", "use_not_fuel"),
        ({"treatment": "landfill"}, "treatment", "treatment_not_waste"),
        ({"note": "x" * 501}, "note", "note_too_long"),
        ({"period": None}, "period", "required_missing"),
        ({"quantity": None}, "quantity", "required_missing"),
        ({"unit": None}, "unit", "required_missing"),
    ],
)
def test_row_rules(overrides, column, code):
    result = check([row(**overrides)])
    assert (2, column, code) in error_codes(result)
    issue = next(i for i in result.errors if i.code == code)
    # every problem carries both languages and a fix
    assert issue.problem("vi") and issue.problem("en") and issue.fix("vi") and issue.fix("en")
    assert issue.problem("vi") != issue.problem("en")


def test_fuel_and_waste_specific_rules():
    result = check([
        row(category="fuel", item="diesel", unit="L", use="flying"),
        row(category="waste", item="sludge", unit="t"),
        row(category="waste", item="sludge", unit="t", treatment="burning"),
    ])
    assert error_codes(result) == [
        (2, "use", "use_invalid"), (3, "treatment", "treatment_missing"),
        (4, "treatment", "treatment_invalid"),
    ]


def test_messages_list_what_is_allowed():
    result = check([row(category="fuel", item="diesel", unit="gallon")])
    issue = result.errors[0]
    assert "L, m3, kg, t" in issue.fix("en") and "L, m3, kg, t" in issue.fix("vi")


def test_every_problem_is_reported_not_just_the_first():
    result = check([
        row(period="2024-13"), row(quantity=-1), row(item="nuclear"), row(unit="W"),
    ])
    assert [i.row for i in result.errors] == [2, 3, 4, 5]
    assert result.rows is None


def test_one_enterprise_per_file():
    result = check([row(), row(enterprise_id=ENT_B)])
    assert [i.code for i in result.errors] == ["multiple_enterprises"]


def test_enterprise_scope_can_only_upload_its_own_id():
    result = check([row(enterprise_id=ENT_B)], own_enterprise_id=ENT_A)
    assert [i.code for i in result.errors] == ["enterprise_not_yours"]
    assert ENT_A in result.errors[0].problem("en")


def test_locked_period_is_rejected():
    locked = frozenset({(ENT_A, dt.date(2024, 1, 1))})
    result = check([row(period="2024-01"), row(period="2024-02")], locked_periods=locked)
    assert error_codes(result) == [(2, "period", "period_locked")]


def test_exact_duplicate_rows_are_rejected_but_distinct_uses_are_not():
    result = check([
        row(category="fuel", item="diesel", unit="L", use="mobile"),
        row(category="fuel", item="diesel", unit="L", use="stationary"),
        row(category="fuel", item="diesel", unit="L", use="mobile", quantity=7),
    ])
    assert error_codes(result) == [(4, "item", "duplicate_row")]
    assert "row 2" in result.errors[0].problem("en")


def test_production_unit_must_stay_the_same():
    mixed = check([row(category="production", item="output", unit="t"),
                   row(period="2024-02", category="production", item="output", unit="pair")])
    assert [i.code for i in mixed.errors] == ["production_unit_mixed"]
    vs_history = check([row(category="production", item="output", unit="kg")],
                       production_units={ENT_A: "pair"})
    assert [i.code for i in vs_history.errors] == ["production_unit_mixed"]
    same_dimension = check([row(category="production", item="output", unit="kg")],
                           production_units={ENT_A: "t"})
    assert same_dimension.errors == []


def test_decimal_comma_file_values_are_converted():
    result = check([row(quantity="1.234,5"), row(period="2024-02", quantity="12,25")], sep=";")
    assert result.errors == []
    assert result.rows["quantity"].to_list() == [1234.5, 12.25]


def test_outliers_against_history_are_warnings_not_errors():
    history = pl.DataFrame({
        "enterprise_id": [ENT_A], "category": ["electricity"], "item": ["grid"],
        "unit_canonical": ["MWh"], "use": [None], "treatment": [None],
        "median_quantity": [100.0], "n_months": [12],
    }, schema_overrides={"use": pl.String, "treatment": pl.String})
    result = check([
        row(period="2024-01", quantity=105000, unit="kWh"),  # normal
        row(period="2024-02", quantity=1_050_000, unit="kWh"),  # ×10.5: typo?
        row(period="2024-03", quantity=5, unit="MWh"),  # 1/20
    ], history=history)
    assert result.errors == []
    assert [(w.row, w.code) for w in result.warnings] == [
        (3, "outlier_high"), (4, "outlier_low")]
    assert all(w.severity == "warning" for w in result.warnings)


def test_outliers_within_a_file_when_there_is_no_history():
    rows = [row(period=f"2024-{m:02d}", quantity=100) for m in range(1, 8)]
    rows.append(row(period="2024-08", quantity=100000))
    result = check(rows)
    assert [(w.row, w.code) for w in result.warnings] == [(9, "outlier_high")]


def test_unknown_counterparty_id_is_a_warning():
    result = check([
        row(category="waste", item="scrap_metal", unit="t", treatment="recycling",
            counterparty="3600000001"),
        row(category="waste", item="plastic", unit="t", treatment="recycling",
            counterparty=ENT_B),
        row(category="waste", item="paper", unit="t", treatment="recycling",
            counterparty="Công ty Môi trường Xanh"),
    ])
    assert result.errors == []
    assert [(w.row, w.code) for w in result.warnings] == [(2, "counterparty_unknown")]


def test_a_file_for_another_enterprise_gets_one_error_not_one_per_row():
    """Issue 11 item 8: sixteen identical lines hid the one fix (change the id, or sign in as
    that enterprise); the id is reported once, at its first row."""
    rows = [row(enterprise_id=ENT_B, period=f"2024-{m:02d}") for m in range(1, 13)]
    raw = read_upload(csv_bytes(rows), "other.csv")
    result = validate(raw, ValidationContext(known_enterprises=frozenset({ENT_A, ENT_B}),
                                             own_enterprise_id=ENT_A, today=TODAY))
    assert [(i.code, i.row) for i in result.errors] == [("enterprise_not_yours", 2)]

"""The example rows use only contract vocabulary and cover every kind of data."""

from __future__ import annotations

from ingest.template import EXAMPLE_PERIOD, example_rows
from parkghg import contract


def test_example_rows_are_valid_contract_rows() -> None:
    for lang in ("vi", "en"):
        rows = example_rows(lang=lang)
        assert tuple(rows.columns) == contract.COLUMNS
        for row in rows.iter_rows(named=True):
            spec = contract.item_spec(row["category"], row["item"])
            assert spec is not None, row
            assert row["unit"] in spec.units, row
            assert row["quantity"] >= 0
            assert row["period"] == EXAMPLE_PERIOD
            if row["category"] == "waste":
                assert row["treatment"] in contract.TREATMENTS, row
            else:
                assert row["treatment"] is None, row
            if row["category"] == "fuel":
                assert row["use"] in contract.USES, row
            else:
                assert row["use"] is None, row
            assert row["note"] is None or len(row["note"]) <= contract.NOTE_MAX_CHARS


def test_example_rows_cover_what_enterprises_report() -> None:
    rows = example_rows()
    categories = set(rows["category"])
    assert {"electricity", "fuel", "refrigerant", "water", "waste", "production",
            "finance"} <= categories
    fuel_uses = set(rows.filter(category="fuel")["use"])
    assert fuel_uses == {"stationary", "mobile"}
    waste = rows.filter(category="waste")
    assert waste["counterparty"].drop_nulls().len() > 0
    # Industrial symbiosis: a receiver that is another enterprise, named by its id.
    assert any(c.isdigit() for c in waste["counterparty"].drop_nulls().to_list())


def test_example_rows_take_the_enterprise_and_period_asked_for() -> None:
    rows = example_rows(enterprise_id="0309999999", period="2024-01")
    assert set(rows["enterprise_id"]) == {"0309999999"}
    assert set(rows["period"]) == {"2024-01"}

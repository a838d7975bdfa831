"""A template that an enterprise fills in passes ingest unchanged: template and validator agree."""

from __future__ import annotations

import pytest

from ingest.template import csv_template_bytes, example_rows, xlsx_template_bytes
from service.uploads import ingest_bytes
from tests.worlds import ENT_A, TODAY


@pytest.mark.parametrize(("builder", "name"), [(xlsx_template_bytes, "filled.xlsx"),
                                                (csv_template_bytes, "filled.csv")])
def test_filled_template_is_accepted(registry_db, builder, name):
    content = builder(ENT_A, rows=example_rows(ENT_A, "2024-06"))
    result = ingest_bytes(registry_db, content, name, uploaded_by="tester", today=TODAY)
    assert result.errors == []
    assert result.status == "accepted"
    assert result.row_count == example_rows(ENT_A, "2024-06").height


def test_blank_template_is_rejected_with_a_clear_reason(registry_db):
    result = ingest_bytes(registry_db, xlsx_template_bytes(), "blank.xlsx", uploaded_by="t",
                          today=TODAY)
    assert [i.code for i in result.errors] == ["no_rows"]

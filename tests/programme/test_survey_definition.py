"""The needs survey as data: the shipped file is valid, edits that break it are refused, and
answers are checked the same way from the form and from a file."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from parkghg.survey import (
    answer_label,
    answer_problem,
    load_survey,
    parse_answer_text,
    parse_survey,
)

MINIMAL = """
id = "s"
version = 1
year = 2026
title_vi = "Khảo sát"
title_en = "Survey"
[[sections]]
id = "a"
title_vi = "A"
title_en = "A"
[[sections.questions]]
id = "q"
type = "single"
text_vi = "Câu hỏi"
text_en = "Question"
choices = [{ id = "x", vi = "X", en = "X" }, { id = "y", vi = "Y", en = "Y" }]
"""


def test_shipped_survey_is_valid_and_bilingual() -> None:
    survey = load_survey()
    assert survey.year == 2026
    assert len(survey.questions) >= 10
    for q in survey.questions:
        assert q.text_vi and q.text_en and q.text_vi != q.text_en
    # what other parts of parkghg read from the answers
    assert survey.feeding("jcm:") and survey.feeding("scorecard:")


@pytest.mark.parametrize(("edit", "message"), [
    (MINIMAL.replace('{ id = "y", vi = "Y", en = "Y" }', '{ id = "x", vi = "Y", en = "Y" }'),
     "given twice"),
    (MINIMAL.replace('type = "single"', 'type = "scale"'), "only single/multi"),
    (MINIMAL.replace('type = "single"', 'type = "colour"'), "type"),
    (MINIMAL + 'surprise = 1\n', "surprise"),
    (MINIMAL.replace('id = "q"', 'id = "Q q"'), "pattern"),
])
def test_broken_edits_are_refused(edit: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_survey(edit)


def test_answers_are_checked_by_type() -> None:
    survey = load_survey()
    single, multi = survey.question("energy_saving"), survey.question("planned_investments")
    scale, flag = survey.question("waste_recycling"), survey.question("symbiosis")
    assert answer_problem(single, "some") is None
    assert answer_problem(single, "lots") == "bad_choice"
    assert answer_problem(single, None) == "required"
    assert answer_problem(multi, ["solar", "chiller"]) is None
    assert answer_problem(multi, ["solar", "rocket"]) == "bad_choice"
    assert answer_problem(scale, 40.0) is None
    assert answer_problem(scale, 140.0) == "out_of_range"
    assert answer_problem(scale, float("inf")) == "not_number"
    assert answer_problem(flag, "yes") == "bad_bool"


def test_a_file_cell_may_use_ids_or_wording_in_either_language() -> None:
    survey = load_survey()
    multi = survey.question("support_wanted")
    assert parse_answer_text(multi, "Tài chính; technical") == (["finance", "technical"], None)
    assert parse_answer_text(survey.question("symbiosis"), "Có") == (True, None)
    assert parse_answer_text(survey.question("waste_recycling"), "12,5") == (12.5, None)
    assert parse_answer_text(survey.question("waste_recycling"), "many")[1] == "not_number"
    assert answer_label(multi, ["finance", "legal"], "vi") == "Tài chính; Pháp lý"
    assert answer_label(survey.question("symbiosis"), False, "en") == "No"

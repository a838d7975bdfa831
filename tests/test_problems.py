"""One coded problem type: where, what, parameters; texts only from the catalogue, in vi and en."""

from __future__ import annotations

import pytest

from ingest.read import READER_CODES, FileRejected, read_file, table_kind
from parkghg.i18n import MissingTranslationError
from parkghg.problems import CATALOGUES, Problem, problem, problems_frame, problems_table


def test_a_problem_carries_file_row_column_value_and_params():
    p = problem("registry", "out_of_range", file="parks.csv", row=4, column="latitude",
                value=106.9, min=-90, max=90)
    assert (p.catalogue, p.code, p.severity) == ("registry", "out_of_range", "error")
    assert (p.file, p.row, p.column, p.value) == ("parks.csv", 4, "latitude", "106.9")
    assert p.params == {"min": "-90", "max": "90"}  # parameters, never a finished sentence
    assert p.key == "registry.problem.out_of_range"


def test_it_renders_in_vietnamese_and_english_through_the_catalogue():
    p = problem("registry", "not_a_number", file="parks.csv", row=3, column="area_ha",
                value="12,3 ha")
    vi, en = p.render("vi"), p.render("en")
    assert vi.startswith("Dòng 3, cột 'area_ha', giá trị '12,3 ha':") and "Cách sửa" in vi
    assert en == ("Row 3, column 'area_ha', value '12,3 ha': '12,3 ha' in 'area_ha' is not a "
                  "number. Fix: Write a plain number, without units or text.")
    assert p.problem("vi") != p.problem("en") and p.fix("vi") != p.fix("en")


def test_each_kind_of_file_keeps_its_own_texts_and_layout():
    upload = problem("upload", "quantity_negative", row=7, column="quantity", value="-5")
    assert upload.problem("en") == "Quantity -5 is negative."
    assert upload.fix("vi").startswith("Nhập số lượng ≥ 0")
    factor = problem("factors", "negative", row=2, column="value", value="-4", factor_id="X")
    assert factor.render("en") == "Row 2: Column value: -4 is negative."
    assert factor.fix("en") == ""  # factor texts say how to fix inside the problem text
    whole_file = problem("factors", "file_empty", file="f.csv")
    assert whole_file.render("vi") == "Tệp trống."
    assert whole_file.render("en") == "The file is empty."


def test_an_unknown_code_fails_loudly_instead_of_showing_a_key():
    with pytest.raises(MissingTranslationError):
        problem("upload", "no_such_code").problem("en")


def test_problems_are_frozen_and_strict():
    p = problem("upload", "file_empty")
    with pytest.raises(ValueError):
        Problem(catalogue="upload", code="x", colour="red")  # type: ignore[call-arg]
    with pytest.raises(ValueError):
        p.code = "other"  # type: ignore[misc]


def test_stored_frame_has_both_languages_and_the_user_table_one():
    problems = [problem("upload", "quantity_not_number", row=3, column="quantity", value="abc"),
                problem("upload", "outlier_high", severity="warning", row=4, column="quantity",
                        value="9000", ratio="12", median="750", unit="kWh", n="6")]
    stored = problems_frame(problems)
    assert stored["row_number"].to_list() == [3, 4]
    assert stored["problem_vi"][0] == "Số lượng 'abc' không phải là số."
    assert stored["problem_en"][0] == "Quantity 'abc' is not a number."
    table = problems_table(problems, "vi")
    assert table.columns == ["Mức độ", "Dòng", "Cột", "Giá trị", "Vấn đề", "Cách sửa"]
    assert table["Mức độ"].to_list() == ["lỗi", "cảnh báo"]


def test_the_reader_names_the_file_and_the_cell_of_a_reading_problem():
    kind = table_kind("registry", ["park_id", "area_ha"], numeric=["area_ha"])
    content = "park_id;area_ha\namata;1.234\nlong_duc;12.500\n".encode("cp1258")
    with pytest.raises(FileRejected) as info:
        read_file(content, "parks_vn.csv", kind)
    [p] = info.value.problems
    assert (p.code, p.file, p.column, p.value) == ("decimal_ambiguous", "parks_vn.csv",
                                                   "area_ha", "1.234")
    assert p.params == {"reading_a": "1.234", "reading_b": "1234"}
    assert "1234" in p.problem("vi") and "could mean" in p.problem("en")


@pytest.mark.parametrize("catalogue", sorted(CATALOGUES))
def test_every_kind_of_file_has_texts_for_what_the_reader_reports(catalogue):
    codes = [*READER_CODES, *(["duplicate_column"] if catalogue != "upload" else [])]
    for code in codes:
        p = problem(catalogue, code, file="f.csv", row=1, column="c", value="v", limit="20",
                    reading_a="1.5", reading_b="15")
        for lang in ("vi", "en"):
            assert p.problem(lang) and p.render(lang), (catalogue, code, lang)

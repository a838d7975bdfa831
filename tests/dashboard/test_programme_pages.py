"""The survey and programme pages through AppTest: an enterprise answers, a reviewer sees the
result, a park board edits the plan, the province makes the annual summary."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.worlds import demo_login

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
pytestmark = pytest.mark.slow  # AppTest flows


@pytest.fixture
def app_on(monkeypatch: pytest.MonkeyPatch):
    def _open(path: Path, role: str, page: str, lang: str = "vi") -> AppTest:
        monkeypatch.setenv("PARKGHG_DB", str(path))
        monkeypatch.setenv("PARKGHG_DEMO", "1")
        at = AppTest.from_file(APP, default_timeout=120)
        at.session_state["lang"] = lang
        at.session_state["signed_in_username"] = demo_login(role)[0]
        at.run()
        at.switch_page(page).run()
        assert not at.exception, [e.message for e in at.exception]
        return at
    return _open


def test_an_enterprise_answers_the_survey(writable_warehouse, app_on) -> None:
    at = app_on(writable_warehouse, "enterprise", "pages/survey.py")
    at.radio(key="survey_energy_saving").set_value("some")
    at.radio(key="survey_rooftop_solar").set_value("planned")
    at.radio(key="survey_recp").set_value("applied")
    at.radio(key="survey_jcm_interest").set_value("yes")
    at.multiselect(key="survey_support_wanted").set_value(["finance", "technical"])
    at.button[0].click().run()  # the form's submit button
    assert not at.error, [e.value for e in at.error]
    assert any("needs-2026-" in s.value for s in at.success)
    con = duckdb.connect(str(writable_warehouse), read_only=True)
    try:
        stored = con.execute("SELECT enterprise_id, source FROM survey_responses").fetchall()
    finally:
        con.close()
    assert stored == [("3600000001", "form")]  # the demo enterprise, from the form


def test_a_missing_required_answer_is_explained(writable_warehouse, app_on) -> None:
    at = app_on(writable_warehouse, "enterprise", "pages/survey.py")
    at.button[0].click().run()
    assert any("Câu hỏi bắt buộc 'energy_saving' chưa được trả lời" in e.value
               and "Required question 'energy_saving' is not answered" in e.value
               for e in at.error)


def test_province_sees_the_response_rate(writable_warehouse, app_on) -> None:
    at = app_on(writable_warehouse, "province", "pages/survey.py")
    assert any(m.label == "Tỷ lệ trả lời" for m in at.metric)


def test_province_makes_the_annual_summary(writable_warehouse, app_on) -> None:
    at = app_on(writable_warehouse, "province", "pages/programme.py")
    assert at.dataframe, "the plan tracker"
    at.button(key="make_annual").click().run()
    assert not at.exception, [e.message for e in at.exception]
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(label.endswith(".pdf") for label in labels)
    assert any(label.endswith(".docx") for label in labels)


def test_a_park_board_edits_the_plan(writable_warehouse, app_on) -> None:
    at = app_on(writable_warehouse, "park", "pages/programme.py")
    at.selectbox(key="plan_pick").set_value("needs_survey").run()
    at.selectbox[1].set_value("done")
    at.button[0].click().run()
    assert any("Đã lưu (phiên bản 1)" in s.value for s in at.success)

"""Answering the survey: who may answer for whom, versions, files all or nothing, audit,
and the aggregation reviewers read (hand-checked)."""

from __future__ import annotations

import json

import duckdb
import polars as pl
import pytest

from metrics.survey import choice_counts, response_rates
from parkghg.errors import AccessDeniedError
from parkghg.survey import load_survey
from service import survey
from service.access import Scope
from tests.worlds import E1, E2, E3, PA, PB

pytestmark = pytest.mark.both_backends

ANSWERS = {"energy_saving": "some", "rooftop_solar": "no", "recp": "applied",
           "jcm_interest": "yes", "support_wanted": ["finance", "training"]}


def _audit(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("SELECT actor, object_id, enterprise_id FROM audit_log"
                       " WHERE action = 'survey_answered' ORDER BY audit_id").fetchall()


def test_an_enterprise_answers_for_itself_and_revisions_are_versions(con, actor) -> None:
    first = survey.submit_answers(con, actor("ent1"), E1, ANSWERS)
    second = survey.submit_answers(con, actor("ent1"), E1, ANSWERS | {"jcm_interest": "no"})
    assert (first, second) == (f"needs-2026-{E1}-v1", f"needs-2026-{E1}-v2")
    assert survey.current_answers(con, Scope(role="enterprise", enterprise_id=E1), E1)[
        "jcm_interest"] == "no"
    assert _audit(con) == [("ent1", first, E1), ("ent1", second, E1)]
    # another enterprise does not see it
    assert survey.current_answers(con, Scope(role="enterprise", enterprise_id=E2), E1) is None


@pytest.mark.parametrize(("who", "enterprise", "allowed"), [
    ("ent1", E2, False), ("park_a", E2, True), ("park_a", E3, False), ("prov", E3, True),
])
def test_who_may_answer_for_whom(con, actor, who: str, enterprise: str, allowed: bool) -> None:
    if allowed:
        survey.submit_answers(con, actor(who), enterprise, ANSWERS)
        assert len(_audit(con)) == 1
    else:
        with pytest.raises(AccessDeniedError):
            survey.submit_answers(con, actor(who), enterprise, ANSWERS)
        assert _audit(con) == []


def test_a_bad_sheet_names_each_problem_and_writes_nothing(con, actor) -> None:
    with pytest.raises(survey.SurveyAnswersError) as caught:
        survey.submit_answers(con, actor("ent1"), E1, {"energy_saving": "lots", "x": 1})
    codes = sorted(p.code for p in caught.value.problems)
    assert codes == ["bad_choice", "required", "required", "required", "unknown_question"]
    text = caught.value.message("vi")
    assert "'lots' không phải là lựa chọn" in text and "is not a choice" in text
    assert con.execute("SELECT count(*) FROM survey_responses").fetchone()[0] == 0


def _file(rows: list[str]) -> bytes:
    return ("enterprise_id,question_id,answer\n" + "\n".join(rows) + "\n").encode("utf-8")


def test_an_answers_file_is_accepted_whole(con, actor) -> None:
    rows = [f"{e},{q},{a}" for e in (E1, E2) for q, a in
            (("energy_saving", "none"), ("rooftop_solar", "Đã lắp đặt"), ("recp", "aware"),
             ("jcm_interest", "maybe"), ("support_wanted", "finance;legal"))]
    ids = survey.import_answers(con, actor("park_a"), _file(rows), "phieu.csv")
    assert ids == [f"needs-2026-{E1}-v1", f"needs-2026-{E2}-v1"]
    stored = con.execute("SELECT answers, source, file_name FROM survey_responses"
                         " ORDER BY enterprise_id").fetchall()
    assert json.loads(stored[0][0])["rooftop_solar"] == "installed"
    assert json.loads(stored[0][0])["support_wanted"] == ["finance", "legal"]
    assert stored[0][1:] == ("file", "phieu.csv")


def test_an_answers_file_with_one_bad_row_is_rejected_whole(con, actor) -> None:
    rows = [f"{E1},energy_saving,none", f"{E1},rooftop_solar,no", f"{E1},recp,aware",
            f"{E1},jcm_interest,yes", f"{E3},energy_saving,none", f"{E1},waste_recycling,250"]
    with pytest.raises(survey.SurveyAnswersError) as caught:
        survey.import_answers(con, actor("park_a"), _file(rows), "phieu.csv")
    found = {(p.code, p.row, p.column) for p in caught.value.problems}
    # E3 is another park's: refused without saying whether the id exists
    assert ("not_yours", 6, "enterprise_id") in found
    assert ("out_of_range", 7, "answer") in found
    assert "Row 7, column 'answer', value '250'" in caught.value.message("en")
    assert con.execute("SELECT count(*) FROM survey_responses").fetchone()[0] == 0


def test_aggregation_by_hand() -> None:
    """Three of four registry enterprises answered; shares are over those who answered."""
    definition = load_survey()
    registry = pl.DataFrame({"enterprise_id": ["a", "b", "c", "d"],
                             "park_id": [PA, PA, PB, PB], "sector_id": ["10", "10", "13", "13"]})
    sheets = [("a", {"jcm_interest": "yes", "support_wanted": ["finance", "legal"]}),
              ("b", {"jcm_interest": "no", "support_wanted": ["finance"]}),
              ("c", {"jcm_interest": "yes"})]
    responses = pl.DataFrame({"enterprise_id": [e for e, _ in sheets],
                              "answers": [json.dumps(a) for _, a in sheets]})
    rates = {r["group"]: (r["responded"], r["enterprises"], r["response_rate_frac"])
             for r in response_rates(registry, responses, "park_id").iter_rows(named=True)}
    assert rates == {PA: (2, 2, 1.0), PB: (1, 2, 0.5), "*": (3, 4, 0.75)}
    counts = {(r["question_id"], r["choice_id"]): (r["chosen"], r["answered"], r["share_frac"])
              for r in choice_counts(definition, responses).iter_rows(named=True)}
    assert counts[("jcm_interest", "yes")] == (2, 3, 2 / 3)
    assert counts[("support_wanted", "finance")] == (2, 2, 1.0)  # c did not answer it
    assert counts[("support_wanted", "legal")] == (1, 2, 0.5)


def test_answers_feed_the_scorecard_where_the_park_has_no_fact(con, actor) -> None:
    """Issue 14: the survey's cleaner-production answers become the eco-park criteria's
    awareness and application shares for a park without a park fact (with their evidence)."""
    from service.circular import scorecard_table

    survey.submit_answers(con, actor("ent1"), E1, ANSWERS)  # recp: applied
    survey.submit_answers(con, actor("ent2"), E2, ANSWERS | {"recp": "aware"})
    card = scorecard_table(con, Scope(role="province"), year=2026, park_id=PA)
    rows = {r["indicator"]: r for r in card.iter_rows(named=True)
            if r["indicator"] in ("recp_aware_frac", "recp_applying_frac")}
    assert rows["recp_aware_frac"]["value"] == 1.0
    assert rows["recp_applying_frac"]["value"] == 0.5
    assert "needs survey 2026: 2 enterprises answered" in rows["recp_applying_frac"]["evidence"]


def test_answers_confirm_jcm_candidates(con, actor) -> None:
    from service.jcm import _with_survey

    survey.submit_answers(con, actor("ent1"), E1, ANSWERS | {
        "planned_investments": ["solar"]})
    cands = pl.DataFrame({"enterprise_id": [E1, E1, E3],
                          "technology_id": ["rooftop_solar", "gas_boiler", "rooftop_solar"]})
    out = _with_survey(con, Scope(role="province"), cands)
    assert out.rows() == [(E1, "rooftop_solar", "yes", True), (E1, "gas_boiler", "yes", False),
                          (E3, "rooftop_solar", None, None)]

"""AppTest of the Circular economy, Eco-park scorecard and Targets pages, and the target strip
that now leads the overview and park pages (issue 12)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from parkghg.i18n import t
from service import circular, targets
from tests.worlds import SYSTEM, demo_login

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
DEMO = {role: demo_login(role)[0] for role in ("enterprise", "park", "province", "admin")}

pytestmark = pytest.mark.slow  # AppTest runs of whole pages


def _frame_with(at: AppTest, column: str):
    """The first table on the page that has ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.fixture(scope="module")
def world(world_templates, tmp_path_factory) -> Path:
    """The dashboard world with the Decision 385 targets, a park target and two park facts."""
    path = tmp_path_factory.mktemp("circular_pages") / "w.duckdb"
    world_templates.copy("dashboard", path)
    con = duckdb.connect(str(path))
    try:
        targets.import_shipped_targets(con, actor=SYSTEM, base_year=2024)
        targets.import_targets(
            con, b"target_id,level,subject_id,metric,base_year,target_year,reduction_pct\n"
                 b"amata_2030,park,amata,absolute_tco2e,2024,2030,30\n", "t.csv", actor=SYSTEM)
        circular.import_park_facts(
            con, b"park_id,indicator,value,fact_date,evidence_note\n"
                 b"amata,green_infra_land_frac,0.3,2025-06-30,plan\n"
                 b"amata,recp_applying_frac,0.25,2025-06-30,survey\n", "f.csv", actor=SYSTEM)
    finally:
        con.close()
    return path


@pytest.fixture
def app(world, monkeypatch):
    monkeypatch.setenv("PARKGHG_DB", str(world))
    monkeypatch.setenv("PARKGHG_DEMO", "1")

    def _open(username: str, page: str, lang: str = "vi") -> AppTest:
        at = AppTest.from_file(APP, default_timeout=90)
        at.session_state["lang"] = lang
        at.session_state["signed_in_username"] = username
        at.run()
        at.switch_page(page).run()
        assert not at.exception, [e.message for e in at.exception]
        assert not at.error, [e.value for e in at.error]
        return at
    return _open


def test_targets_page(app) -> None:
    at = app(DEMO["province"], "pages/targets.py")
    assert at.title[0].value == t("circular.page.targets_title")
    statuses = {t(f"circular.status.{s}", "vi") for s in
                ("met", "missed", "on_track", "at_risk", "off_track", "insufficient_data")}
    assert at.metric[0].value in statuses
    assert len(at.get("vega_lite_chart")) == 2  # trajectory and waterfall


def test_circular_page(app) -> None:
    at = app(DEMO["province"], "pages/circular.py")
    assert at.title[0].value == t("circular.page.circular_title", "vi")
    assert len(at.metric) == 4
    assert _frame_with(at, "formula")["formula"].isna().sum() == 0


def test_scorecard_page_ranks_and_a_park_board_enters_a_fact(app, world) -> None:
    at = app(DEMO["province"], "pages/scorecard.py")
    ranks = _frame_with(at, "readiness")
    assert len(ranks) == 2
    board = app(DEMO["park"], "pages/scorecard.py")
    detail = _frame_with(board, "legal_source")
    assert t("circular.crit.d35_green_infra_land", "vi") in set(detail["criterion_id"])
    before = duckdb.connect(str(world), read_only=True)
    try:
        n_before = before.execute("SELECT count(*) FROM park_facts").fetchall()[0][0]
    finally:
        before.close()
    board.number_input[0].set_value(1.0)
    submit = next(b for b in board.button if b.label == t("circular.page.fact_save", "vi"))
    submit.click().run()
    assert not board.exception
    con = duckdb.connect(str(world), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM park_facts").fetchall()[0][0] == n_before + 1
        assert con.execute("SELECT count(*) FROM audit_log WHERE action = 'park_facts_entered'"
                           " AND actor = ?", [DEMO["park"]]).fetchall()[0][0] == 1
    finally:
        con.close()


def test_overview_and_park_lead_with_target_progress(app) -> None:
    at = app(DEMO["province"], "pages/overview.py")
    assert at.subheader[0].value == t("circular.section.progress_title")
    park = app(DEMO["province"], "pages/park.py")
    assert t("circular.section.progress_title", "vi") in [s.value for s in park.subheader]


def test_admin_sets_a_threshold_and_the_scorecard_uses_it(app, world) -> None:
    at = app(DEMO["admin"], "pages/scorecard.py")
    at.selectbox(key="threshold_criterion").set_value("d35_recp_applying")
    at.number_input(key="threshold_value").set_value(0.3)
    save = next(b for b in at.button if b.label == t("circular.page.threshold_save", "vi"))
    save.click().run()
    assert not at.exception and not at.error
    con = duckdb.connect(str(world), read_only=True)
    try:
        rows = con.execute("SELECT threshold FROM eco_park_thresholds WHERE criterion_id = ?",
                           ["d35_recp_applying"]).fetchall()
        audited = con.execute("SELECT count(*) FROM audit_log WHERE action ="
                              " 'eco_park_threshold_set'").fetchall()[0][0]
    finally:
        con.close()
    assert rows == [(0.3,)] and audited == 1

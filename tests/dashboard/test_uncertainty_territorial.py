"""Issue 8 on the dashboard: the headline's combined uncertainty near the totals (enterprise,
park, province pages) and the territorial total beside the sum of inventories (overview)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.panels import headline_uncertainty
from metrics.uncertainty import combined_uncertainty
from parkghg.i18n import t
from service.uploads import ingest_bytes
from tests.worlds import activity_csv, demo_login

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
DEMO = {role: demo_login(role)[0] for role in ("enterprise", "park", "province")}
SELLER, BUYER = "3600000001", "3600000002"


@pytest.fixture
def use_warehouse(monkeypatch: pytest.MonkeyPatch):
    def _use(path: Path) -> None:
        monkeypatch.setenv("PARKGHG_DB", str(path))
        monkeypatch.setenv("PARKGHG_DEMO", "1")
    return _use


def _app(username: str, page: str | None = None, lang: str = "vi") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["signed_in_username"] = username
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def _metric(at: AppTest, key: str):
    return next(m for m in at.metric if m.label == t(key, "vi"))


def test_headline_uncertainty_is_the_metrics_figure() -> None:
    em = pl.DataFrame({
        "enterprise_id": ["e"] * 2, "year": [2025, 2025], "scope": ["1", "2"],
        "source_category": ["stationary_combustion", "electricity"], "gas": ["CO2", "CO2e"],
        "tco2e": [100.0, 300.0], "factor_ids": ["A", "B"],
    }).with_columns(pl.col("factor_ids").cast(pl.Categorical))
    u = headline_uncertainty(em, 2025)
    ref = combined_uncertainty(em.with_columns(pl.col("factor_ids").cast(pl.String)),
                               by=("year",)).row(0, named=True)
    assert u == {"pct": ref["uncertainty_pct"], "abs": ref["uncertainty_tco2e"],
                 "provisional": True}
    # sqrt((5·100)² + (5·100)² + (2·300)² + (10·300)²)/100 / 400
    assert u["pct"] == pytest.approx((500**2 * 2 + 600**2 + 3000**2) ** 0.5 / 100 / 400 * 100)
    assert headline_uncertainty(em, 2024) is None


@pytest.mark.slow  # AppTest: three pages
@pytest.mark.parametrize(("role", "page"), [("enterprise", "pages/enterprise.py"),
                                            ("park", "pages/park.py"),
                                            ("province", None)])
def test_pages_state_the_uncertainty_near_the_totals(small_warehouse, use_warehouse, role,
                                                     page):
    use_warehouse(small_warehouse)
    at = _app(DEMO[role], page)
    notes = [c for c in _captions(at) if c.startswith("Độ không chắc chắn tổng hợp")]
    assert len(notes) == 1, _captions(at)
    assert "±" in notes[0] and "CHƯA ĐƯỢC KIỂM CHỨNG" in notes[0]


@pytest.mark.slow  # AppTest and an upload
def test_overview_shows_the_territorial_total_and_why_it_differs(writable_warehouse,
                                                                 use_warehouse):
    """The buyer takes 50 t of steam from the seller in June 2025: counted in both inventories,
    once in the territorial total."""
    month = dt.date(2025, 6, 1)
    content = activity_csv(BUYER, [month]) + (
        f"{BUYER},2025-06,steam,purchased_steam,50,t,,,{SELLER},\n").encode()
    assert ingest_bytes(writable_warehouse, content, "june_steam.csv",
                        uploaded_by="test").status == "accepted"
    use_warehouse(writable_warehouse)
    at = _app(DEMO["province"])
    total = at.metric[0].value
    summed = _metric(at, "dash.territorial.sum")
    twice = _metric(at, "dash.territorial.transfers")
    territorial = _metric(at, "dash.territorial.total")
    assert summed.value == total  # the sum of inventories is the page's headline

    def value(m) -> float:
        return float(m.value.replace(".", "").replace(",", "."))

    assert value(twice) > 0
    assert value(territorial) == pytest.approx(value(summed) - value(twice), abs=1)
    assert any(c.startswith("Chênh lệch") and "1 dòng" in c for c in _captions(at))

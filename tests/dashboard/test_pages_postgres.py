"""Every page of the menu on a PostgreSQL warehouse (issue 15), through streamlit's AppTest.

The DuckDB lane renders every page for every role (``test_app.py``); here each page is
rendered once, by the first role that sees it (the admin where it may, since its reads are
unscoped and touch the most SQL), on a PostgreSQL copy of the same dashboard world. A page
whose reads or cache key (the data version: ``hashtextextended`` on PostgreSQL) fail on the
server shows up as an exception or an error box.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.menu import PAGES
from service.uploads import ingest_bytes
from tests.dashboard.test_app import DEMO, OWN_ENTERPRISE, _app, _frame_with, _no_failure
from tests.worlds import activity_csv

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def _role(roles: tuple[str, ...]) -> str:
    return "admin" if "admin" in roles else roles[0]


PAGE_ROLES = [(spec.script, _role(spec.roles)) for spec in PAGES]


@pytest.fixture(scope="module")
def pg_dashboard(pg_worlds) -> Iterator[str]:
    """One PostgreSQL copy of the dashboard world for the module (the pages only read)."""
    url = pg_worlds.copy("dashboard")
    yield url
    pg_worlds.drop_database(url)


@pytest.mark.parametrize(("script", "role"), PAGE_ROLES,
                         ids=[f"{Path(s).stem}-{r}" for s, r in PAGE_ROLES])
def test_every_page_renders_on_postgres(pg_dashboard: str, monkeypatch: pytest.MonkeyPatch,
                                        script: str, role: str) -> None:
    monkeypatch.setenv("PARKGHG_DB", pg_dashboard)
    monkeypatch.setenv("PARKGHG_DEMO", "1")
    at = _app(DEMO[role], page=script)
    _no_failure(at)
    assert at.title, f"{script} rendered no title"
    spec = next(p for p in PAGES if p.script == script)
    if spec.url_path in ("overview", "park", "enterprise"):
        assert len(at.metric) >= 4
        assert len(at.get("vega_lite_chart")) >= 3


def test_the_same_headline_as_on_duckdb(pg_dashboard: str, small_warehouse: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The province overview's metrics read the same numbers from both engines."""
    shown = {}
    for name, target in (("duckdb", str(small_warehouse)), ("postgres", pg_dashboard)):
        monkeypatch.setenv("PARKGHG_DB", target)
        monkeypatch.setenv("PARKGHG_DEMO", "1")
        at = _app(DEMO["province"], lang="en")
        _no_failure(at)
        shown[name] = [(m.label, m.value) for m in at.metric]
    assert shown["postgres"] and shown["postgres"] == shown["duckdb"]


def test_an_upload_by_another_server_shows_on_the_next_run(pg_worlds,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """Regression: the data version was memoised on the file's stamp, and a PostgreSQL
    warehouse has no file, so the first fingerprint served the process for ever and no page
    saw new data until a restart. Now the server is asked again (here: on every run)."""
    monkeypatch.setattr("dashboard.data._SERVER_VERSION_TTL_S", 0.0)
    url = pg_worlds.copy("dashboard")
    try:
        monkeypatch.setenv("PARKGHG_DB", url)
        monkeypatch.setenv("PARKGHG_DEMO", "1")
        at = _app(DEMO["enterprise"])
        _no_failure(at)
        assert "elsewhere.csv" not in _frame_with(at, "uploaded_at")["file_name"].to_list()
        content = activity_csv(OWN_ENTERPRISE, [dt.date(2026, 3, 1)])
        assert ingest_bytes(url, content, "elsewhere.csv", uploaded_by="cli").status == \
            "accepted"  # the CLI or another app server, not this process
        at.run()
        _no_failure(at)
        assert _frame_with(at, "uploaded_at")["file_name"][0] == "elsewhere.csv"
    finally:
        pg_worlds.drop_database(url)

"""The Targets page in a real browser (Debian Chromium + Playwright): a province reviewer opens
it and sees the status with its rule, the trajectory and the LMDI waterfall (issue 12)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator

import duckdb
import pytest

from parkghg.i18n import t
from service import targets
from tests.dashboard.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SHOTS,
    TIMEOUT_MS,
    _free_port,
    _settled,
    _sign_in,
    _wait_healthy,
)
from tests.dashboard.test_browser import pytestmark as _browser_marks
from tests.worlds import SYSTEM, WorldTemplates

pytestmark = _browser_marks


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory,
           world_templates: WorldTemplates) -> Iterator[str]:
    """``parkghg serve --demo`` over the dashboard world plus the Decision 385 targets."""
    db = world_templates.copy("dashboard", tmp_path_factory.mktemp("browser_t") / "wh.duckdb")
    con = duckdb.connect(str(db))
    try:
        targets.import_shipped_targets(con, actor=SYSTEM, base_year=2024)
    finally:
        con.close()
    port = _free_port()
    env = dict(os.environ, PARKGHG_LOG_DIR=str(db.parent / "logs"))
    log = db.parent / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "--db", str(db), "serve", "--port", str(port),
             "--demo"], env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_province_opens_the_targets_page(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    vi = "vi"
    with sync_playwright() as p:
        expect.set_options(timeout=TIMEOUT_MS)
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_ARGS, timeout=TIMEOUT_MS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(server + "/", wait_until="domcontentloaded")
        _sign_in(page, "province")
        expect(page.get_by_role("heading", name=t("dash.overview.title", vi))).to_be_visible()
        # the overview leads with target progress
        expect(page.get_by_role("heading",
                                name=t("circular.section.progress_title", vi))).to_be_visible()
        page.get_by_role("link", name=t("circular.nav.targets", vi)).click()
        expect(page.get_by_role("heading",
                                name=t("circular.page.targets_title", vi))).to_be_visible()
        expect(page.locator('[data-testid="stMetric"]').filter(
            has_text=t("circular.metric.status", vi))).to_be_visible()
        charts = page.locator('[data-testid="stVegaLiteChart"]')
        charts.nth(1).wait_for()  # trajectory and waterfall
        _settled(page)
        page.screenshot(path=SHOTS / "20_targets.png", full_page=True)
        browser.close()



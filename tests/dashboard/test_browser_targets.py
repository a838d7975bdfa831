"""The Targets page in a real browser (Debian Chromium + Playwright): a province reviewer opens
it and sees the status with its rule, the trajectory and the LMDI waterfall (issue 12)."""

from __future__ import annotations

from parkghg.i18n import t
from tests.dashboard.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SHOTS,
    TIMEOUT_MS,
    _settled,
    _sign_in,
)
from tests.dashboard.test_browser import pytestmark as _browser_marks

pytestmark = _browser_marks


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



"""The dashboard in a real browser: Debian Chromium driven by Playwright.

An enterprise signs in, uploads a good file and a bad one (and sees the problem table); a
province reviewer then sees the new month on the overview and downloads an export.
Screenshots land in ``artifacts/screenshots/`` for people to look at.

Why every wait is on state and long: on a busy 2-core machine a Streamlit run can take many
seconds. Each step waits for what it needs (the app connected and idle, an element visible),
never for a fixed time, and with one generous timeout (``TIMEOUT_MS``) that also applies to
``expect`` (whose own default is 5 s), so a slow machine only makes the test slower.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from parkghg.i18n import t
from tests.worlds import activity_csv, bad_csv, demo_login

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
TIMEOUT_MS = 90_000  # per wait; a passing run never waits for it, a slow machine may need it
# Streamlit marks its root element with the connection and the script-run state.
APP_IDLE = ('[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
            '[data-test-script-state="notRunning"]')

# Locally a missing browser skips with a message; CI sets PARKGHG_REQUIRE_BROWSER=1 so that a
# missing browser fails the run instead of silently skipping the only real-browser test.
_MISSING = not CHROMIUM.exists() and not os.environ.get("PARKGHG_REQUIRE_BROWSER")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(_MISSING,
                       reason="Debian Chromium is not installed at /usr/bin/chromium "
                              "(apt-get install -y chromium); the real-browser test is skipped"),
]


def _sign_in(page, role: str) -> None:
    username, password = demo_login(role)
    _settled(page)
    page.get_by_label(t("dash.signin.username", "vi")).fill(username)
    page.get_by_label(t("dash.signin.password", "vi")).fill(password)
    page.get_by_role("button", name=t("dash.signin.submit", "vi")).click()


def _settled(page) -> None:
    """Wait until the app is connected and its script is not running (state, not time).

    Call it after waiting for the result of an action (a heading, an alert): right after a
    click the rerun may not have started yet, so "idle" alone would be true too early.
    """
    page.locator(APP_IDLE).wait_for(state="attached", timeout=TIMEOUT_MS)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=TIMEOUT_MS)


def test_enterprise_uploads_and_province_sees_it(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    good = tmp_path / "thang_01_2026.csv"
    good.write_bytes(activity_csv("3600000001", [dt.date(2026, 1, 1)], scale=1.2))
    bad = tmp_path / "loi.csv"
    bad.write_bytes(bad_csv("3600000001"))
    vi = "vi"
    with sync_playwright() as p:
        # expect() keeps its own 5-second default unless told: one timeout for every wait.
        expect.set_options(timeout=TIMEOUT_MS)
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_ARGS, timeout=TIMEOUT_MS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.set_default_timeout(TIMEOUT_MS)
        page.set_default_navigation_timeout(TIMEOUT_MS)
        page.goto(server + "/", wait_until="domcontentloaded")

        # Sign-in page with the demo accounts (demo mode).
        expect(page.get_by_text(t("dash.signin.demo_title", vi))).to_be_visible()
        page.screenshot(path=SHOTS / "01_signin.png", full_page=True)

        # Enterprise: the Upload page is its landing page.
        _sign_in(page, "enterprise")
        expect(page.get_by_role("heading", name=t("dash.upload.title", vi))).to_be_visible()
        uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
        uploader.set_input_files(str(good))
        expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_be_visible()
        expect(page.get_by_text(t("dash.upload.next", vi))).to_be_visible()
        _settled(page)
        page.screenshot(path=SHOTS / "02_upload_accepted.png", full_page=True)

        uploader.set_input_files(str(bad))
        expect(page.locator('[data-testid="stAlertContentError"]')).to_be_visible()
        expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
        expect(page.get_by_role("button", name=t("dash.upload.problems_csv", vi))).to_be_visible()
        _settled(page)
        page.screenshot(path=SHOTS / "03_upload_rejected.png", full_page=True)

        # Province reviewer: the overview opens on the last complete year (2025), and the new,
        # partial year 2026 opens from a link that names it.
        page.get_by_role("button", name=t("dash.action.sign_out", vi)).click()
        expect(page.get_by_label(t("dash.signin.username", vi))).to_be_visible()
        _sign_in(page, "province")
        expect(page.get_by_role("heading", name=t("dash.overview.title", vi))).to_be_visible()
        expect(page.get_by_text(t("dash.overview.caption", vi, year=2025, gwp="AR5",
                                  basis=t("dash.filters.basis_location", vi)))).to_be_visible()
        _settled(page)
        page.goto(server + "/?year=2026", wait_until="domcontentloaded")  # signed in still
        expect(page.get_by_text(t("dash.overview.caption", vi, year=2026, gwp="AR5",
                                  basis=t("dash.filters.basis_location", vi)))).to_be_visible()
        expect(page.locator('[data-testid="stMetric"]').filter(
            has_text=t("dash.metric.reporting", vi))).to_contain_text("1 / 5")
        page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
        _settled(page)
        page.screenshot(path=SHOTS / "04_overview_province.png", full_page=True)

        # The park and enterprise pages, and the same overview in English.
        for name, heading, shot in (
            ("dash.nav.park", "KCN Amata", "05_park.png"),
            ("dash.nav.enterprise", "Công ty May Sông Xanh", "06_enterprise.png"),
        ):
            page.get_by_role("link", name=t(name, vi)).click()
            expect(page.get_by_role("heading", name=heading)).to_be_visible()
            page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
            _settled(page)
            page.screenshot(path=SHOTS / shot, full_page=True)
        page.get_by_role("link", name=t("dash.nav.overview", vi)).click()
        expect(page.get_by_role("heading", name=t("dash.overview.title", vi))).to_be_visible()
        _settled(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text(t("dash.lang.en", "en"), exact=True).click()
        expect(page.get_by_role("heading", name=t("dash.overview.title", "en"))).to_be_visible()
        page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
        _settled(page)
        page.screenshot(path=SHOTS / "07_overview_english.png", full_page=True)
        sidebar.get_by_text(t("dash.lang.vi", "vi"), exact=True).click()
        expect(page.get_by_role("heading", name=t("dash.overview.title", vi))).to_be_visible()
        _settled(page)

        # Exports: prepare the inventory table and download it.
        page.get_by_role("link", name=t("dash.nav.exports", vi)).click()
        expect(page.get_by_role("heading", name=t("dash.exports.title", vi))).to_be_visible()
        _settled(page)
        page.get_by_role("button", name=t("dash.exports.prepare", vi)).first.click()
        download_button = page.locator('[data-testid="stDownloadButton"] button').first
        expect(download_button).to_be_visible()
        _settled(page)
        with page.expect_download() as info:
            download_button.click()
        saved = SHOTS.parent / info.value.suggested_filename
        info.value.save_as(saved)
        assert saved.stat().st_size > 1000
        assert saved.read_bytes()[:2] == b"PK"  # an xlsx workbook
        _settled(page)
        page.screenshot(path=SHOTS / "08_exports.png", full_page=True)
        browser.close()


def test_reload_deep_link_english_map_and_review_preview(server: str) -> None:
    """Issue 11: a reload keeps the session, a link opens a page with its filters, English
    pages use English numbers, the map draws, and the review page previews a submission."""
    import re

    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    en = "en"
    with sync_playwright() as p:
        expect.set_options(timeout=TIMEOUT_MS)
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_ARGS, timeout=TIMEOUT_MS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(server + "/", wait_until="domcontentloaded")
        _sign_in(page, "province")
        expect(page.get_by_role("heading", name=t("dash.overview.title", "vi"))).to_be_visible()
        _settled(page)

        # A reload starts a new Streamlit session: the session cookie signs the user in again.
        page.reload(wait_until="domcontentloaded")
        expect(page.get_by_role("heading", name=t("dash.overview.title", "vi"))).to_be_visible()
        _settled(page)

        # English, then a deep link to the Park page with a park and a year.
        page.locator('[data-testid="stSidebar"]').get_by_text(
            t("dash.lang.en", en), exact=True).click()
        expect(page.get_by_role("heading", name=t("dash.overview.title", en))).to_be_visible()
        _settled(page)
        page.goto(server + "/park?park=nhon_trach_2&year=2024", wait_until="domcontentloaded")
        expect(page.get_by_role("heading", name="KCN Nhơn Trạch 2")).to_be_visible()
        expect(page.get_by_text(t("dash.overview.caption", "vi", year=2024, gwp="AR5",
                                  basis=t("dash.filters.basis_location", "vi")))).to_be_visible()
        _settled(page)
        page.screenshot(path=SHOTS / "10_deep_link_park.png", full_page=True)

        # The language survives in the session only, so switch again and read the numbers.
        page.locator('[data-testid="stSidebar"]').get_by_text(
            t("dash.lang.en", en), exact=True).click()
        expect(page.get_by_text(t("dash.overview.caption", en, year=2024, gwp="AR5",
                                  basis=t("dash.filters.basis_location", en)))).to_be_visible()
        _settled(page)
        total = page.locator('[data-testid="stMetricValue"]').first.inner_text()
        assert re.fullmatch(r"\d{1,3}(,\d{3})+", total), total  # 12,345 (not 12.345)
        body = page.locator('[data-testid="stMain"]').inner_text()
        assert "Phạm vi" not in body and not re.search(r"\d\.\d{3},\d", body)
        page.screenshot(path=SHOTS / "11_park_english.png", full_page=True)

        # The map: the province outline and the parks.
        page.get_by_role("link", name=t("dash.nav.map", en)).click()
        expect(page.get_by_role("heading", name=t("dash.map.page_title", en))).to_be_visible()
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        chart.wait_for()
        expect(chart.locator("canvas, svg").first).to_be_visible()
        expect(page.get_by_text(t("dash.map.boundary", en))).to_be_visible()
        _settled(page)
        page.screenshot(path=SHOTS / "12_map.png", full_page=True)

        # Review: the submission preview beside the previous month and last year.
        page.get_by_role("link", name=t("dash.nav.review", en)).click()
        expect(page.get_by_role("heading", name=t("dash.review.title", en))).to_be_visible()
        expect(page.get_by_text(t("dash.review.ctx_caption", en))).to_be_visible()
        _settled(page)
        page.screenshot(path=SHOTS / "13_review_preview.png", full_page=True)
        browser.close()

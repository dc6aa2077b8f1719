"""The portal in a real headless Chromium (Debian's package) driven by Playwright, against a real server.

The server runs as its own process on a throwaway SQLite database set up the way `make run` sets one up,
so these tests see exactly what a board member would. They are skipped when Chromium is not installed,
unless REQUIRE_BROWSER is set (CI sets it, so there they must run).
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
if not Path(CHROMIUM).exists():
    if os.environ.get("REQUIRE_BROWSER"):
        raise RuntimeError(f"REQUIRE_BROWSER is set but Chromium was not found at {CHROMIUM}")
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402

PASSWORD = "atf-demo-password"
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", settings.BASE_DIR / "bench" / "output"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from _serve(tmp_path_factory, {})


def _serve(tmp_path_factory, extra_env):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('browser') / 'db.sqlite3'}",
           "DEBUG": "True", **extra_env}
    manage = [sys.executable, "manage.py"]
    for command in (["migrate"], ["bootstrap"], ["create_demo_users"], ["create_demo_programme_lead"],
                    ["load_demo_values"]):
        subprocess.run(manage + command, cwd=settings.BASE_DIR, env=env, check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(manage + ["runserver", f"127.0.0.1:{port}", "--noreload"], cwd=settings.BASE_DIR,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/accounts/login/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run",
        ])
        yield browser
        browser.close()


def signed_in_page(browser, server, width=1280, username="board"):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/")
    page.errors = errors
    return page


def test_board_member_signs_in_and_sees_the_theme_overview(browser, server):
    page = signed_in_page(browser, server)
    assert page.locator("h1").inner_text() == "All Together Fairer: the eight Marmot themes"
    assert page.locator(".atf-theme-cards .nhsuk-card").count() == 8
    assert page.get_by_text("Illustrative data, not official statistics").is_visible()
    page.get_by_role("link", name="Theme 1: Give every child the best start in life").click()
    assert page.locator("h1").inner_text().endswith("Give every child the best start in life")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "theme-1-1280.png", full_page=True)
    assert page.errors == []


def test_indicator_page_draws_its_three_charts(browser, server):
    page = signed_in_page(browser, server)
    page.goto(f"{server}/indicators/3/")
    page.wait_for_selector(".chart-canvas .main-svg")
    assert page.locator(".chart-canvas .main-svg").count() >= 3
    labels = page.locator("[data-chart=chart-latest] .bartext").all_text_contents()
    assert set(labels) <= {"Better", "Similar", "Worse"} and labels
    assert page.errors == []


def test_home_and_theme_pages_fit_a_phone_screen_without_sideways_scrolling(browser, server):
    page = signed_in_page(browser, server, width=390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SCREENSHOTS / "home-390.png", full_page=True)
    page.goto(f"{server}/themes/1/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_printed_page_leaves_out_navigation_and_filters(browser, server):
    page = signed_in_page(browser, server)
    page.goto(f"{server}/themes/1/")
    page.emulate_media(media="print")
    assert not page.locator(".nhsuk-header__navigation").is_visible()
    assert not page.locator(".atf-filters").is_visible()
    assert page.locator("h1").is_visible()


def console_of(page):
    """Everything the page logs; Chromium reports each Content Security Policy violation there."""
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    return messages


def test_a_chart_page_draws_with_no_content_security_policy_violation(browser, server):
    page = signed_in_page(browser, server)
    messages = console_of(page)
    page.goto(f"{server}/indicators/3/")
    page.wait_for_selector(".chart-canvas .main-svg")
    page.goto(f"{server}/indicators/3/")  # the second time from the page cache, with a nonce of its own
    page.wait_for_selector(".chart-canvas .main-svg")
    assert page.evaluate("document.body.classList.contains('nhsuk-frontend-supported')")  # the inline script ran
    assert not [m for m in messages if "Content Security Policy" in m], messages
    assert page.errors == []


@pytest.fixture(scope="module")
def system_font_server(tmp_path_factory):
    yield from _serve(tmp_path_factory, {"NHSUK_SYSTEM_FONT": "True"})


def test_with_the_system_font_no_page_asks_any_other_host(browser, system_font_server):
    page = browser.new_page()
    outside = []
    page.on("request", lambda request: None if request.url.startswith(system_font_server) else
            outside.append(request.url))
    page.goto(f"{system_font_server}/accounts/login/")
    page.wait_for_load_state("networkidle")
    assert outside == []
    assert page.evaluate("document.fonts.size") == 0  # no web font declared: Frutiger if installed, else Arial


def test_a_programme_lead_saves_a_draft_on_a_phone_and_sees_the_error_summary_on_submit(browser, server):
    page = signed_in_page(browser, server, width=390, username="lead-programme")
    page.goto(f"{server}/reporting/")
    page.get_by_role("link", name="Write the update for Healthy Child Programme").click()
    # Waited for (up to 5 s), not read at once: the NHS.UK header's script folds its menu to fit once it has run.
    page.wait_for_function("document.documentElement.scrollWidth <= 390", timeout=5000)
    page.check("label:has-text('Amber')")
    page.fill("textarea[name=narrative]", "Two new health visitors started.")
    page.click("button[value=draft]")
    assert "Your draft is saved" in page.content()
    assert page.input_value("textarea[name=narrative]") == "Two new health visitors started."
    page.click("button[value=submit]")
    summary = page.locator(".nhsuk-error-summary")
    assert "Give the reason for the amber rating" in summary.inner_text()
    page.wait_for_function("document.documentElement.scrollWidth <= 390", timeout=5000)
    page.screenshot(path=SCREENSHOTS / "reporting-form-390.png", full_page=True)
    assert not page.errors

"""The portal in a real headless Chromium (Debian's package) driven by Playwright, against a real server.

The server runs as its own process on a throwaway SQLite database set up the way `make run` sets one up,
so these tests see exactly what a board member would. They are skipped when Chromium is not installed,
unless REQUIRE_BROWSER is set (CI sets it, so there they must run). The fixtures are in tests/browser.py.
"""

import pytest

from .browser import SCREENSHOTS, fits, serve, signed_in_page


def test_board_member_signs_in_and_sees_the_theme_overview(browser, server):
    page = signed_in_page(browser, server, through_the_form=True)
    assert page.locator("h1").inner_text() == "All Together Fairer: the eight Marmot themes"
    assert page.locator(".atf-theme-rows tbody tr").count() == 8
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
def system_font_server(browser_database, tmp_path_factory):
    yield from serve(browser_database, tmp_path_factory, {"NHSUK_SYSTEM_FONT": "True"})


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
    # Waited for (up to 10 s), not read at once: the NHS.UK header's script folds its menu to fit once it has run.
    assert fits(page, 390)
    page.check("label:has-text('Amber')")
    page.fill("textarea[name=narrative]", "Two new health visitors started.")
    page.click("button[value=draft]")
    assert "Your draft is saved" in page.content()
    assert page.input_value("textarea[name=narrative]") == "Two new health visitors started."
    page.click("button[value=submit]")
    summary = page.locator(".nhsuk-error-summary")
    assert "Give the reason for the amber rating" in summary.inner_text()
    assert fits(page, 390)
    page.screenshot(path=SCREENSHOTS / "reporting-form-390.png", full_page=True)
    assert not page.errors

"""A board member reads the overview in Chromium, at 1280 by 800 and on a 390 px phone: the headline and the grid
before the themes within two screens, the grid's header and first column kept while it scrolls, a cell leading to
its Place on the indicator page, no page scrolling sideways on the phone, and no serious accessibility violation.

Screenshots of the home page at both widths go to SHOTS (default /work/shots/), with the heights printed."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from .browser import BOARD, sign_in
from .test_accessibility import AXE_OPTIONS, BLOCKING

SHOTS = Path(os.environ.get("SHOTS", "/work/shots"))
TWO_SCREENS = 1600  # px: two screens of a 1280 by 800 window
PAGES = ["/", "/themes/1/", "/places/liverpool/", "/indicators/3/", "/coherence/", "/coherence/?theme=4"]

# Where the theme summaries begin, and the page's whole height and width.
MEASURE = """() => ({
  themes: Math.round(document.getElementById('themes').getBoundingClientRect().top + window.scrollY),
  height: document.documentElement.scrollHeight,
  scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth})"""
# Where the grid's corner, first row header and first column header sit, against the frame, after scrolling it.
STICKY = """() => {
  const frame = document.querySelector('.atf-grid-frame');
  frame.scrollLeft = 400; frame.scrollTop = 300;
  const box = (el) => el.getBoundingClientRect(), f = box(frame);
  const rowHeader = [...frame.querySelectorAll('th[scope=row]')].find((th) => box(th).bottom > f.top + 60);
  return {scrolled: [frame.scrollLeft, frame.scrollTop],
          rowHeaderLeft: Math.round(box(rowHeader).left - f.left),
          columnHeaderTop: Math.round(box(frame.querySelector('thead th:nth-child(2)')).top - f.top)};
}"""


def board_page(browser, server, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    return sign_in(page, server, BOARD)


def test_the_home_page_reads_in_two_screens_at_1280_and_its_grid_keeps_its_headers(browser, server):
    page = board_page(browser, server, 1280, 800)
    measured = page.evaluate(MEASURE)
    print(f"\nhome at 1280x800: theme summaries begin at {measured['themes']} px; page {measured['height']} px tall")
    assert measured["themes"] <= TWO_SCREENS
    assert len(page.locator(".atf-headline li").all()) <= 5
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "home-1280.png", full_page=True)
    sticky = page.evaluate(STICKY)
    assert sticky["scrolled"][0] > 0 and sticky["scrolled"][1] > 0  # the frame did scroll both ways
    assert sticky["rowHeaderLeft"] <= 1 and sticky["columnHeaderTop"] <= 1  # yet its headers stayed in view


def test_a_cell_leads_to_that_place_on_the_indicator_page(browser, server):
    page = board_page(browser, server, 1280, 800)
    page.locator(".atf-grid tbody tr").filter(has_text="3. Percentage children").locator("td a").nth(5).click()
    page.wait_for_url("**/indicators/3/**")
    assert page.url.endswith("area=E08000012#area-E08000012")
    current = page.locator("tr.atf-current")
    assert current.count() == 1 and current.locator("th").inner_text().startswith("Liverpool")


def test_no_page_scrolls_sideways_on_a_phone_and_the_grid_scrolls_in_its_frame(browser, server):
    page = board_page(browser, server, 390, 844)
    measured = page.evaluate(MEASURE)
    print(f"\nhome at 390x844: theme summaries begin at {measured['themes']} px; page {measured['height']} px tall")
    page.screenshot(path=SHOTS / "home-390.png", full_page=True)
    assert page.evaluate("() => { const f = document.querySelector('.atf-grid-frame'); "
                         "return f.scrollWidth > f.clientWidth; }")  # the grid is wider than the phone ...
    wide = []
    for path in PAGES:
        page.goto(f"{server}{path}")
        measured = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if measured[0] > measured[1]:
            wide.append((path, measured))
    assert not wide  # ... yet no page is


@pytest.mark.parametrize("width", [1280, 390])
def test_the_touched_pages_have_no_serious_accessibility_violation(browser, server, width):
    page = board_page(browser, server, width, 800)
    axe, failures = Axe(), []
    for path in PAGES:
        page.goto(f"{server}{path}")
        if page.locator("[data-chart]").count():
            page.wait_for_selector("[data-chart] .main-svg")
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        failures += [(path, v["id"], v["nodes"][0]["target"]) for v in violations if v["impact"] in BLOCKING]
    assert not failures

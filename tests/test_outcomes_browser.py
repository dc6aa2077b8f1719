"""The public outcomes report in a real browser: axe-core finds no serious or critical WCAG 2.2 AA violation on
any public page, every chart has a text alternative and a table after it, and a Place's page prints as a clean A4
report. Screenshots of a Place page on screen and in print preview, and its PDF, go to bench/output/."""

import json
import re
from collections import Counter

import pytest
from axe_playwright_python.sync_playwright import Axe

from .browser import SCREENSHOTS
from .test_accessibility import AXE_OPTIONS, BLOCKING, PAGE_CHECKS

# Official-looking values for every Place, for two indicators, so the pages have charts, tables and sentences.
PLACES = ["E06000049", "E06000050", "E06000007", "E06000006", "E08000011", "E08000012", "E08000013", "E08000014",
          "E08000015"]
A4_POINTS = (595.28, 841.89)  # 210 x 297 mm


def prepare():
    """Run in the live server's database: official values in place of the demo ones, then the 2025 report."""
    from atf_portal.outcomes.services import publish
    from indicators.models import Indicator, IndicatorValue
    from tests.dashboard_data import add_series

    for number, england in ((4, 60.0), (16, 30.0)):
        indicator = Indicator.objects.get(number=number)
        IndicatorValue.objects.filter(indicator=indicator).delete()
        rows = {"E92000001": (england, england - 0.2, england + 0.2, england * 5000, 500000)}
        for i, code in enumerate(PLACES):
            value = england - 8 + 2 * i
            rows[code] = (value, value - 1.5, value + 1.5, value * 100, 10000)
        add_series(indicator, rows, years=range(2016, 2024))
    publish(2025)


@pytest.fixture(scope="module")
def published(server):
    server.python("from tests.test_outcomes_browser import prepare; prepare()")
    return server


PUBLIC = ["/outcomes/", "/outcomes/2025/", "/outcomes/2025/places/liverpool/", "/outcomes/2025/v1/places/halton/",
          "/api/"]


def test_every_public_page_meets_wcag_2_2_aa(browser, published):
    axe, page, failures, lines = Axe(), browser.new_page(viewport={"width": 1280, "height": 900}), [], []
    for path in PUBLIC:
        response = page.goto(f"{published}{path}")
        assert response.status == 200, path
        results = axe.run(page, options=AXE_OPTIONS).response
        impacts = Counter(violation["impact"] for violation in results["violations"])
        blocking = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in results["violations"]
                    if v["impact"] in BLOCKING]
        problems = page.evaluate(PAGE_CHECKS)
        lines.append(f"anonymous {path:<45} {dict(impacts) or 'no violations'}")
        if blocking or problems:
            failures.append({"page": path, "axe": blocking, "checks": problems})
    page.close()
    print("\n".join(lines))
    assert not failures, json.dumps(failures, indent=1)


def test_a_place_page_prints_as_a_clean_a4_report(browser, published):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{published}/outcomes/2025/places/liverpool/")
    assert page.locator("figure.chart svg[role=img]").count() >= 2
    page.screenshot(path=SCREENSHOTS / "outcomes-place.png", full_page=True)
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.nhsuk-breadcrumb')).display") == "none"
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=SCREENSHOTS / "outcomes-place-print.png", full_page=True)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (SCREENSHOTS / "outcomes-place.pdf").write_bytes(pdf)
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes and all(abs(float(w) - A4_POINTS[0]) < 1 and abs(float(h) - A4_POINTS[1]) < 1 for w, h in boxes)
    page.close()

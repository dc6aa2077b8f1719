"""WCAG 2.2 AA in a real browser: every page each role can reach, checked by axe-core and by the portal's own rules.

For each role (the demo accounts `make run` creates, and someone not signed in), every page it can reach
(tests/browser_pages.py, from tests/test_access.py's table) is opened in Debian's Chromium and:

- axe-core (axe-playwright-python) runs its WCAG 2.0, 2.1 and 2.2 A and AA rules: no serious or critical violation,
  on the first page of each kind (see "What the walk gives up"; a page several roles reach is read by axe as one of
  them: see AXE_ORDER);
- at 200% zoom (a 1280 px window zoomed to 200% is 640 CSS px wide) nothing scrolls sideways but the page's own
  scrolling tables (WCAG 1.4.10; data tables are exempt and scroll inside a focusable, named region);
- every chart is an image with a text alternative, and a table with its figures follows it;
- colour is never the only carrier of meaning: every tag has words, every shaded matrix cell a number (or "none"
  for a screen reader), every spine-chart row its comparison in words, every bar of the latest-value chart a label.

The results (page, role, violations by impact) are printed and written to bench/output/axe-report.txt.

What the walk gives up: axe reads the first theme, indicator, board, Place and guide page, not the further pages of
each kind the board member reaches (20 more indicators, 33 more boards, 7 more Places...). Those pages come from the
same template and differ only in their figures and words; reading them was a third of the board member's walk (40 s
of 140). Most of axe's rules judge the markup the template writes, read on the first page; the few a page's own data
could break (a link whose text is empty, say) are not read on the further pages. The portal's own checks and the
200% zoom, which do depend on the figures (a chart's labels, a long name that pushes a table wider), still run on
every page. A role's copy of a page is not opened, though, when its <main> is the same, byte for byte, as the copy
an earlier role in AXE_ORDER opened (144 of the 334 copies when this was written: the leads', the board member's and
the public copies of pages whose content does not change with the reader): every check would read the same markup there.
What differs, the header and navigation, is checked on the role's other pages.
"""

import json
from collections import Counter

import pytest
from axe_playwright_python.sync_playwright import Axe

from .browser import BOARD, BUSINESS, MARMOT_LEAD, PROGRAMME_LEAD, SCREENSHOTS, fits, sign_in
from .browser_pages import pages_by_role

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BLOCKING = {"serious", "critical"}
ACCOUNTS = {"anonymous": None, "board": BOARD, "lead_a": MARMOT_LEAD, "business": BUSINESS,
            "programme_lead": PROGRAMME_LEAD}
# Django's admin ships select2 4.0.13 for its searchable fields (a programme's boards, partners, reports-to and
# twin); select2 writes its own markup from script and leaves its search box unlabelled (axe `label`,
# `aria-input-field-name`, `list`). The <select> it stands in for is labelled; the portal cannot change select2's
# markup, so that markup alone is left out of the check, on admin pages only. Every other part of the admin is checked.
ADMIN_EXCLUDE = [[".select2-container"]]
ZOOM_WIDTH = 640  # CSS px of a 1280 px window at 200%
# Only violations are read, so axe is asked to detail no other kind of result (its own advice for large pages; passes
# and incomplete checks cost time and are never looked at): about a fifth less time a page.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}

PAGE_CHECKS = """() => {
  const problems = [];
  const text = (el) => (el.textContent || "").trim();
  // Every chart: an image with a text alternative, then its figures in a table.
  document.querySelectorAll("figure.chart").forEach((figure, i) => {
    const image = figure.querySelector("[role=img]");
    if (!image || !(image.getAttribute("aria-label") || "").trim())
      problems.push(`chart ${i + 1}: no text alternative`);
    const next = figure.nextElementSibling;
    if (!next || !(next.matches("table") || next.querySelector("table")))
      problems.push(`chart ${i + 1}: no table after it`);
  });
  // Colour is never the only carrier of meaning.
  document.querySelectorAll(".nhsuk-tag").forEach((tag) => { if (!text(tag)) problems.push("a tag with no words"); });
  document.querySelectorAll("td[class*=atf-shade]").forEach((cell) => {
    if (!text(cell)) problems.push("a shaded cell with no number");
  });
  document.querySelectorAll(".atf-spine").forEach((spine) => {
    const row = spine.closest("tr");
    if (!row || !row.querySelector(".nhsuk-tag") || !text(row.querySelector(".nhsuk-tag")))
      problems.push("a spine-chart row with no comparison in words");
  });
  document.querySelectorAll("[data-chart=chart-latest]").forEach((chart) => {
    const bars = chart.querySelectorAll(".bars .point").length, labels = chart.querySelectorAll(".bartext").length;
    if (bars && labels < bars) problems.push(`latest-value chart: ${bars} bars but ${labels} labels`);
  });
  return problems;
}"""


# Which role's copy of a page axe reads, when several roles reach it: the one that sees the most of it first (the
# business team's edit and sign-off controls, a lead's own panels), so each page is read by axe once. The markup the
# roles share (header, navigation, footer) is read on every role's pages; every copy gets the portal's own checks.
AXE_ORDER = ["business", "lead_a", "programme_lead", "board", "anonymous"]


@pytest.fixture(scope="module")
def pages(server):
    """{role: [[path, first of its kind, whether axe reads it for this role, whose copy is opened], ...]}: a copy
    whose main content is the same as the copy of the same page an earlier role in AXE_ORDER opens is not opened
    again (see "What the walk gives up")."""
    found = pages_by_role(server, digests_for=AXE_ORDER)
    read, opened = set(), {}
    for role in AXE_ORDER:
        for entry in found[role]:
            path, first_of_kind, digest = entry
            axe_reads = first_of_kind and path not in read
            read.add(path)
            opened_by = role if axe_reads else opened.get((path, digest), role)
            opened.setdefault((path, digest), role)
            entry[2:] = [axe_reads, opened_by]
    return found


def write_report(role, lines):
    """A role's lines in bench/output/axe-report.txt, in place of its lines from an earlier run (the roles run one
    after another, on one pytest-xdist worker: the module's group)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / "axe-report.txt"
    kept = [line for line in (path.read_text().splitlines() if path.exists() else []) if line.split(" ", 1)[0] != role]
    path.write_text("\n".join(sorted(kept + lines, key=lambda line: list(ACCOUNTS).index(line.split()[0]))) + "\n")
    print("\n" + "\n".join(lines))


def widest(page):
    """What sticks out to the right, for the failure message."""
    return page.evaluate("""(width) => [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > width + 1
                        && (!el.closest('.atf-table-wrap') || el.matches('.main-svg')))
        .slice(0, 3).map((el) => el.tagName.toLowerCase() + '.' + [...el.classList].join('.'))""", ZOOM_WIDTH)


def read_by_axe(axe, page, path):
    context = {"exclude": ADMIN_EXCLUDE} if path.startswith("/admin/") else None
    return axe.run(page, context=context, options=AXE_OPTIONS).response["violations"]


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_every_page_a_role_can_reach_meets_wcag_2_2_aa(browser, server, pages, role):
    axe = Axe()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    if ACCOUNTS[role]:
        sign_in(page, server, ACCOUNTS[role])
    else:
        page.on("pageerror", lambda error: None)
    failures, report = [], []
    assert pages[role]
    for path, first_of_kind, axe_reads, opened_by in pages[role]:
        if opened_by != role:
            report.append(f"{role:<15} {path:<70} the same content as {opened_by}'s copy, checked there")
            continue
        # A page axe reads is opened at 1280 px, then zoomed; the rest are opened zoomed, as a reader at 200% opens
        # them (the portal's own checks read the markup, whatever the width): one layout and chart drawing, not two.
        page.set_viewport_size({"width": 1280 if axe_reads else ZOOM_WIDTH, "height": 900})
        response = page.goto(f"{server}{path}")
        assert response.status == 200, (role, path, response.status)
        if page.locator("[data-chart]").count():
            page.wait_for_selector("[data-chart] .main-svg")
        violations = read_by_axe(axe, page, path) if axe_reads else []
        impacts = Counter(violation["impact"] for violation in violations)
        blocking = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in violations
                    if v["impact"] in BLOCKING]
        problems = page.evaluate(PAGE_CHECKS)
        page.set_viewport_size({"width": ZOOM_WIDTH, "height": 900})
        if not fits(page, ZOOM_WIDTH):
            problems.append(f"scrolls sideways at 200% zoom: {page.evaluate('document.documentElement.scrollWidth')}"
                            f" px wide, {widest(page)}")
        counts = ", ".join(f"{impacts[i]} {i}" for i in ("critical", "serious", "moderate", "minor") if impacts[i])
        verdict = (counts or "no violations") if axe_reads else (
            "read by axe as another role" if first_of_kind else "axe read the first page of its kind")
        report.append(f"{role:<15} {path:<70} {verdict}")
        if blocking or problems:
            failures.append({"page": path, "axe": blocking, "checks": problems})
    page.close()
    write_report(role, report)
    assert not failures, json.dumps(failures, indent=1)

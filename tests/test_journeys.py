"""Each person's job, end to end, in Debian's Chromium against a live server (tests/browser.py).

1. The business team finds a programme through the table's filters, edits its measures and links an indicator,
   sees the change on the theme page and in the history, and fetches Fingertips data (from a stub of the API).
2. A board member, with the keyboard only, drills from the home page into a theme, reads an indicator's chart and
   table, opens a Place's spine chart, and downloads the board pack and the theme's programmes as XLSX.
3. A Marmot lead downloads the stocktake template, uploads it filled in, reads the preview with its one warning,
   confirms, and sees the coverage matrix change; a broken file shows its error and changes nothing.
4. A programme lead, on a phone-sized screen (390 px), completes a quarterly update; the business team returns it;
   the lead resubmits; the business team approves it and the lead sees it approved.

Each journey prints how long it took (and adds it to bench/output/journeys.txt). With DOCS_SCREENSHOTS set
(`make docs`) they also take the user guide's pictures (docs/images/).

The Fingertips API is a small HTTP server in a thread here, answering in the API's real CSV shapes (the rows of
tests/test_fingertips_fetch.py); the portal's own client reaches it through FINGERTIPS_API_URL. Only the transport
is stubbed.
"""

import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from .browser import BOARD, BUSINESS, MARMOT_LEAD, PROGRAMME_LEAD, SCREENSHOTS, docs_screenshot, serve, sign_in
from .browser import fits as browser_fits
from .indicator_files import FINGERTIPS_HEADER, fingertips_csv, metadata_csv
from .test_fingertips_fetch import METADATA_ROW, data_rows, icb_rows

# -- the stubbed Fingertips API ------------------------------------------------------------------------------------


class FingertipsStub(BaseHTTPRequestHandler):
    """all_data/csv/by_indicator_id answers Beacon Indicator 4's rows (upper-tier authorities, type 502; ICBs, 221)
    and a header alone for older geographies (402); indicator_metadata/csv/by_indicator_id its metadata."""

    asked = []

    def do_GET(self):  # noqa: N802 - http.server's name
        address = urlparse(self.path)
        query = parse_qs(address.query)
        FingertipsStub.asked.append(self.path)
        if address.path.endswith("/all_data/csv/by_indicator_id"):
            area_type = query.get("child_area_type_id", [""])[0]
            rows = {"502": data_rows(), "221": icb_rows()}.get(area_type, [])
            body = fingertips_csv(rows) if rows else ",".join(FINGERTIPS_HEADER).encode() + b"\n"
        elif address.path.endswith("/indicator_metadata/csv/by_indicator_id"):
            body = metadata_csv([METADATA_ROW])
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def fingertips():
    stub = ThreadingHTTPServer(("127.0.0.1", 0), FingertipsStub)
    thread = threading.Thread(target=stub.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{stub.server_address[1]}/api/"
    stub.shutdown()
    stub.server_close()


@pytest.fixture(scope="module")
def server(browser_database, tmp_path_factory, fingertips):
    yield from serve(browser_database, tmp_path_factory,
                     {"FINGERTIPS_API_URL": fingertips, "FINGERTIPS_BACKOFF_SECONDS": "0"})


# -- timing --------------------------------------------------------------------------------------------------------


@pytest.fixture
def stopwatch(request):
    started = time.perf_counter()
    yield
    line = f"{request.node.name}: {time.perf_counter() - started:.1f} s"
    print(f"\n{line}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with open(SCREENSHOTS / "journeys.txt", "a") as out:
        out.write(line + "\n")


def new_page(browser, width=1280, height=900):
    return browser.new_page(viewport={"width": width, "height": height}, accept_downloads=True)


def downloaded_workbook(download):
    return load_workbook(io.BytesIO(open(download.path(), "rb").read()), read_only=True)


# -- 1. the business team ------------------------------------------------------------------------------------------


def test_journey_1_business_team_edits_a_programme_and_fetches_fingertips(browser, server, stopwatch):
    page = sign_in(new_page(browser), server, BUSINESS)
    docs_screenshot(page, "business-home")

    # Find an HCP programme under theme 1 that is linked to no Beacon Indicator, through the table's filters.
    page.get_by_role("link", name="Programmes", exact=True).click()
    filters = page.get_by_role("form", name="Filter programmes")
    filters.get_by_label("Theme").select_option(label="1. Give every child the best start in life")
    filters.get_by_label("Linked to a Beacon Indicator").select_option(label="No")
    filters.get_by_role("button", name="Apply filters").click()
    assert "linked=false" in page.url
    docs_screenshot(page, "business-filters")
    first = page.locator(".atf-table-wrap table tbody tr a").first
    name = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text().endswith(name)
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("None linked.", use_inner_text=True)

    # Edit its measures and link Beacon Indicator 4 (a good level of development at the end of Reception).
    page.get_by_role("link", name="Edit this programme").click()
    measures = page.locator("#id_measures")
    written = "Families reached by the new health visitors, counted each quarter."
    measures.fill(f"{measures.input_value()}\n{written}".strip())
    page.get_by_label("4. Percentage children achieving a good level of development", exact=False).check()
    docs_screenshot(page, "business-edit", at="label[for=id_measures]")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully", use_inner_text=True)

    # The theme page shows the programme acting on indicator 4; the programme's page has the words and the history.
    page.goto(f"{server}/themes/1/")
    links = page.locator("xpath=//h2[@id='links']/following-sibling::h3[starts-with(normalize-space(.), '4. ')][1]"
                         "/following-sibling::ul[1]")
    assert name in links.inner_text()
    docs_screenshot(page, "business-theme-links", at="#links")
    links.get_by_role("link", name=name).click()
    expect(page.locator("main")).to_contain_text(written, use_inner_text=True)
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("4. Percentage children achieving", use_inner_text=True)
    changes = page.get_by_role("table", name="The latest changes to this programme")
    expect(changes.locator("tbody tr").first).to_contain_text("business", use_inner_text=True)
    expect(changes.locator("tbody tr").first).to_contain_text("Changed", use_inner_text=True)
    page.get_by_role("link", name="Edit this programme").click()
    page.get_by_role("link", name="History").click()
    expect(page.locator("#change-history")).to_contain_text("business", use_inner_text=True)

    # Fetch every indicator with a Fingertips ID from the (stubbed) Fingertips API.
    FingertipsStub.asked.clear()
    page.goto(f"{server}/indicators/")
    page.get_by_role("link", name="Upload indicator values").click()
    docs_screenshot(page, "business-upload")
    page.get_by_role("button", name="Fetch from Fingertips now").click()
    # The fetch is a background task: the task page follows it while the worker (here run once) does it.
    assert "/tasks/" in page.url
    server.manage("run_worker", "--once")
    page.reload()
    message = page.locator("main").inner_text()
    assert "Fetched" in message and "from the Fingertips API" in message, message
    assert any("child_area_type_id=502" in asked for asked in FingertipsStub.asked)
    page.goto(f"{server}/indicators/4/")
    expect(page.locator("main")).to_contain_text("Children achieving a good level of development", use_inner_text=True)
    assert page.errors == []


# -- 2. a board member, with the keyboard only ----------------------------------------------------------------------

FOCUSABLE = ("a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), "
             "textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])")

# The focused element looks different from itself unfocused (outline, shadow, colours or underline).
FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const look = () => {
    const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color,
            s.textDecorationLine, s.textDecorationThickness, s.borderColor].join('|');
  };
  const on = look();
  el.blur();
  const off = look();
  el.focus({preventScroll: true});
  const name = (el.getAttribute('aria-label') || el.innerText || el.value || el.name || '').trim().slice(0, 80);
  return {shown: on !== off, name,
          tag: el.tagName.toLowerCase(), href: el.getAttribute('href') || ''};
}"""

# After a Tab, in one evaluation: the marked control that has the focus (every_control_reached), whether the focus
# went back to the page itself, and, on a control, FOCUS_SHOWN's answer.
AT_CONTROL = f"""() => {{
  const el = document.activeElement, control = el ? el.dataset.atfControl : undefined;
  return {{control, body: el === document.body, focus: control === undefined ? null : ({FOCUS_SHOWN})()}};
}}"""


def focused(page):
    return page.evaluate(FOCUS_SHOWN)


def tab_to(page, matches, limit=600):
    """Press Tab until the focused element matches (its text or href); every element passed must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now is None:
            continue
        assert now["shown"], f"focus not visible on {now}"
        if matches(now):
            return now
    raise AssertionError("Tab never reached the control")


def every_control_reached(page):
    """Tab from the top of the page to its end: every visible control is reached, each with its focus shown. The
    page is loaded afresh (the browser's F5) so that the Tab key starts from its top."""
    page.reload()
    page.evaluate("""(selector) => document.querySelectorAll(selector).forEach((el, i) => {
        const box = el.getBoundingClientRect(), style = getComputedStyle(el);
        if (box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && !el.closest('[inert]'))
          el.dataset.atfControl = i; })""", FOCUSABLE)
    expected = page.locator("[data-atf-control]").count()
    reached = set()
    for _ in range(expected * 2 + 10):
        page.keyboard.press("Tab")
        now = page.evaluate(AT_CONTROL)
        if now["control"] is None and now["body"]:
            break
        if now["control"] is not None:
            if now["control"] in reached:
                break
            assert now["focus"]["shown"], f"focus not visible on {now['focus']}"
            reached.add(now["control"])
    missed = page.evaluate("""(reached) => [...document.querySelectorAll('[data-atf-control]')]
        .filter((el) => !reached.includes(el.dataset.atfControl)).map((el) => el.outerHTML.slice(0, 120))""",
                           sorted(reached))
    assert not missed, missed
    return expected


def test_journey_2_board_member_reads_and_downloads_with_the_keyboard_only(browser, server, stopwatch):
    """Every step on the page is a key press (Tab, Enter, typing). Reloading and going back are the browser's own
    keys (F5, Alt+Left), which headless Chromium does not have, so those two are asked of the browser directly."""
    page = new_page(browser)
    page.goto(f"{server}/")
    page.keyboard.type(BOARD)  # the username field has the focus when the sign-in page opens
    page.keyboard.press("Tab")
    page.keyboard.type("atf-demo-password")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # The skip link comes first, is visible when focused, and moves the focus to the main content.
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["name"] == "Skip to main content" and skip["shown"]
    assert page.get_by_role("link", name="Skip to main content").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "maincontent"
    docs_screenshot(page, "board-home")
    assert every_control_reached(page) > 20

    # Drill into theme 1, then its first indicator: the chart has its words, and its table follows.
    page.goto(f"{server}/")
    tab_to(page, lambda el: el["name"].startswith("Theme 1:"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/themes/1/")
    assert every_control_reached(page) > 20
    tab_to(page, lambda el: el["href"].startswith("/indicators/") and el["name"][:1].isdigit())
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-chart=chart-latest] .main-svg")
    chart = page.locator("[data-chart=chart-latest]")
    assert chart.get_attribute("role") == "img" and "Bar chart" in chart.get_attribute("aria-label")
    table = tab_to(page, lambda el: el["name"] == "The bar chart's figures")  # the scrolling table takes the focus
    assert table["tag"] == "div"
    assert page.locator("[aria-label=\"The bar chart's figures\"] table tbody tr").count() >= 9
    docs_screenshot(page, "board-indicator", at="#latest")

    # Back to the theme, and on to Liverpool's spine chart.
    page.go_back()  # the browser's Alt+Left
    page.wait_for_url(f"{server}/themes/1/")
    tab_to(page, lambda el: el["href"] == "/places/liverpool/")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/places/liverpool/")
    spine = page.locator(".atf-spine[role=img]")
    assert spine.count() > 5 and "England" in spine.first.get_attribute("aria-label")
    docs_screenshot(page, "board-spine-chart", at="#spine-chart")

    # The theme's programmes as XLSX: the file opens and holds the rows the page lists.
    page.go_back()  # the browser's Alt+Left
    page.wait_for_url(f"{server}/themes/1/")
    listed = page.get_by_role("region", name="Programmes", exact=True).locator("tbody tr").count()
    tab_to(page, lambda el: el["name"] == "XLSX")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    rows = list(downloaded_workbook(download.value).active.iter_rows(values_only=True))
    assert len(rows) - 1 == listed > 0

    # The board pack for the open round, from the reporting pages, as XLSX. The theme page is long (its programmes
    # and gap flags), so Tab starts again from the top of the page (the browser's F5) to reach the header's menu;
    # where the header has folded its last items under "More", that button opens them.
    page.reload()
    if not page.locator(".nhsuk-header__navigation-list > li > a", has_text="Reporting").is_visible():
        tab_to(page, lambda el: el["tag"] == "button" and "More" in el["name"])
        page.keyboard.press("Enter")
    tab_to(page, lambda el: el["name"] == "Reporting")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/reporting/")
    tab_to(page, lambda el: el["name"].startswith("Completeness"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/completeness/")
    tab_to(page, lambda el: el["href"].startswith("/reporting/") and "/boards/" in el["href"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/boards/**")
    docs_screenshot(page, "board-pack")
    # The programme blocks: the first block, "since the last meeting", is the printable pack's alone.
    programmes = page.locator(".atf-pack-block:not(#since) h2").all_inner_texts()
    # The spreadsheet is built in the background: the task page shows the link once the worker (run once) has built it.
    tab_to(page, lambda el: el["name"].startswith("Make a spreadsheet of the pack"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/tasks/**")
    server.manage("run_worker", "--once")
    page.locator("#job-download").wait_for()  # shown in place by the page's progress script, with no reload
    tab_to(page, lambda el: el["name"] == "Download the file it built")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    workbook = downloaded_workbook(download.value)
    cells = {str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}
    assert programmes and set(programmes) <= cells
    assert errors == []


# -- 3. a Marmot lead ----------------------------------------------------------------------------------------------


def coverage(page, server):
    """The coverage matrix as text, and Liverpool's column as {row: count}."""
    page.goto(f"{server}/stocktake/")
    table = page.locator(".atf-coverage")
    headers = table.locator("thead th").all_inner_texts()
    column = headers.index("Liverpool")
    counts = {}
    for row in table.locator("tbody tr").all():
        cells = row.locator("th, td").all_inner_texts()
        if len(cells) == len(headers):
            counts[cells[0]] = cells[column].strip()
    return table.inner_text(), counts


def check_the_workbook(page):
    """Send the form and wait for the answer's page to load: the answer to a file that is not a workbook is the same
    form again, so its elements are not there to wait for until then (and the form being sent has the same heading)."""
    with page.expect_navigation():
        page.get_by_role("button", name="Check the workbook").click()


def test_journey_3_marmot_lead_uploads_the_stocktake(browser, server, stopwatch, tmp_path):
    page = sign_in(new_page(browser), server, MARMOT_LEAD)
    page.get_by_role("link", name="Stocktake", exact=True).click()
    before, liverpool_before = coverage(page, server)
    docs_screenshot(page, "lead-coverage")

    # The template, for Liverpool: one activity column; two activities under theme 1, and a row the portal
    # does not know, which the preview reports and leaves out.
    page.get_by_role("link", name="Upload the stocktake").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the template for Liverpool").click()
    workbook = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    sheet = workbook.active
    assert sheet.cell(row=3, column=2).value == "Liverpool activity"
    theme_1 = next(row for row in sheet.iter_rows(min_row=4) if str(row[0].value).startswith("Theme 1:"))
    theme_1[1].value = "Family hubs in every ward\nHealth visitor recruitment"
    sheet.append(["Theme 12: Not a Marmot theme", "A row the portal does not know"])
    filled = tmp_path / "liverpool-stocktake.xlsx"
    workbook.save(filled)

    page.get_by_label("Workbook", exact=False).set_input_files(filled)
    docs_screenshot(page, "lead-upload")
    check_the_workbook(page)
    assert page.locator("h1").inner_text().startswith("Check before saving")
    warnings = page.locator(".nhsuk-card--warning li")
    assert warnings.count() == 1, warnings.all_inner_texts()
    expect(page.locator("main")).to_contain_text("Family hubs in every ward", use_inner_text=True)
    docs_screenshot(page, "lead-preview")
    page.get_by_role("button", name="Save this stocktake").click()

    after, liverpool_after = coverage(page, server)
    theme_row = next(row for row in liverpool_after if row.startswith("1. "))
    assert liverpool_after[theme_row] == "2" and liverpool_before[theme_row] != "2"
    assert after != before
    docs_screenshot(page, "lead-coverage-after")

    # A broken file: the error is shown and nothing changes.
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"This is not a workbook")
    page.goto(f"{server}/stocktake/upload/")
    page.get_by_label("Workbook", exact=False).set_input_files(broken)
    check_the_workbook(page)
    error = page.locator(".nhsuk-error-summary")
    assert error.is_visible() and "Nothing was saved" in error.inner_text() or "nothing imported" in page.locator(
        "h1").inner_text()
    docs_screenshot(page, "lead-broken-file")
    assert coverage(page, server)[0] == after
    assert page.errors == []


# -- 4. a programme lead, on a phone -------------------------------------------------------------------------------


def fits(page, width=390):
    assert browser_fits(page, width), f"{page.url} is wider than {width} px"


def test_journey_4_programme_lead_reports_on_a_phone_is_returned_resubmits_and_is_approved(
        browser, server, stopwatch):
    programme = "Healthy Child Programme"
    lead = sign_in(new_page(browser, width=390, height=844), server, PROGRAMME_LEAD)
    business = sign_in(new_page(browser), server, BUSINESS)

    # On a phone the header folds the sections it cannot fit under "More".
    fits(lead)
    reporting = lead.get_by_role("navigation", name="Menu").get_by_role("link", name="Reporting", exact=True)
    if not reporting.is_visible():
        lead.get_by_role("button", name="Browse More").click()
    reporting.click()
    fits(lead)
    docs_screenshot(lead, "programme-lead-reporting")
    lead.get_by_role("link", name=f"Write the update for {programme}").click()
    fits(lead)
    lead.get_by_role("radio", name="Amber").check()
    lead.get_by_label("Reason", exact=False).fill("One health visitor post is still vacant.")
    lead.get_by_label("What has happened", exact=False).fill("Two new health visitors started in May.")
    docs_screenshot(lead, "programme-lead-form")
    lead.get_by_role("button", name="Submit for sign-off").click()
    expect(lead.locator("main")).to_contain_text("Submitted", use_inner_text=True)

    # The business team returns it with a reason.
    business.goto(f"{server}/reporting/review/")
    business.get_by_role("link", name=programme).first.click()
    business.get_by_label("Why it is returned", exact=False).fill("Say when the vacant post will be filled.")
    business.get_by_role("button", name="Return to the lead").click()
    expect(business.locator("main")).to_contain_text("Returned", use_inner_text=True)

    # The lead sees why, changes the update and submits it again.
    lead.goto(f"{server}/reporting/")
    fits(lead)
    expect(lead.locator("main")).to_contain_text("Say when the vacant post will be filled.", use_inner_text=True)
    lead.get_by_role("link", name=f"Write the update for {programme}").click()
    fits(lead)
    expect(lead.locator(".nhsuk-warning-callout")).to_contain_text("Returned by the business team", use_inner_text=True)
    docs_screenshot(lead, "programme-lead-returned")
    lead.get_by_label("Reason", exact=False).fill("One health visitor post is still vacant; interviews on 3 June.")
    lead.get_by_role("button", name="Submit for sign-off").click()
    expect(lead.locator("main")).to_contain_text("Submitted", use_inner_text=True)

    # The business team approves it; the lead sees it approved.
    business.goto(f"{server}/reporting/review/")
    business.get_by_role("link", name=programme).first.click()
    business.get_by_role("button", name="Approve").click()
    expect(business.locator("main")).to_contain_text("Approved", use_inner_text=True)
    lead.goto(f"{server}/reporting/")
    fits(lead)
    row = lead.get_by_role("row").filter(has_text=programme)
    assert "Approved" in row.inner_text()
    row.get_by_role("link").click()
    fits(lead)
    expect(lead.locator("main")).to_contain_text("can no longer be changed", use_inner_text=True)
    docs_screenshot(lead, "programme-lead-approved")
    assert lead.errors == [] and business.errors == []

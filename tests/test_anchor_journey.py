"""In a real browser: the business team records an Anchor Assembly meeting in the admin, an anchor lead fills in
and submits their organisation's evidence, the business team approves it, and the Assembly's dashboard and
indicator 21 change. axe-core checks the new pages for each role: no serious or critical violation."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .browser import BOARD, BUSINESS, SCREENSHOTS, sign_in
from .test_accessibility import AXE_OPTIONS, BLOCKING

ANCHOR_LEAD, ORGANISATION = "lead-anchor", "Halton Borough Council"  # create_demo_users


def new_page(browser):
    return browser.new_page(viewport={"width": 1280, "height": 900})


def record_a_meeting(page, server):
    page.goto(f"{server}/admin/anchors/assemblymeeting/add/")
    page.select_option("#id_assembly", label="Anchor Assembly")
    page.fill("#id_name", "Anchor Assembly, journey")
    page.fill("#id_start", "2026-01-01")
    page.fill("#id_end", "2099-07-12")
    page.fill("#id_due_date", "2099-07-01")
    page.check("#id_is_open")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")  # waits for the next page


def fill_the_evidence(page):
    label = page.get_by_label
    label("What percentage of your workforce are currently paid the real living wage?").fill("95")
    label("What percentage of your workforce reside in Cheshire and Merseyside?").fill("82")
    label("In relation to the current financial year, what percentage of awarded contracts have been local?").fill(
        "45")
    for question, answer in [("Do you currently allow voluntary", "Yes"), ("Net Zero / Green Plan", "Yes"),
                             ("signed the Social Value Charter", "Yes"), ("achieved the Social Value Award", "No"),
                             ("initiatives that aim to address health inequalities", "Yes"),
                             ("aligned with the 8 Marmot Principles", "Yes")]:
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    label("Please include a case study below.").fill("Local apprenticeships with Riverside College.")
    page.fill("#id_submitter_name", "Sam Jones")
    page.fill("#id_submitter_role", "Director of People")
    label("spend with local suppliers through contracts", exact=False).fill("420000")
    label("all spend through contracts", exact=False).fill("1000000")


def serious_violations(page, axe):
    # A link or button clicked just before has started its page loading, not finished it: axe run in between reads a
    # document with no element yet, or the page being left.
    page.wait_for_load_state()
    results = axe.run(page, options=AXE_OPTIONS).response
    return [f"{page.url} {v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in results["violations"]
            if v["impact"] in BLOCKING]


def test_an_anchor_lead_submits_evidence_the_business_team_approves_and_indicator_21_goes_live(browser, server):
    business = sign_in(new_page(browser), server, BUSINESS)
    lead = sign_in(new_page(browser), server, ANCHOR_LEAD)
    board = sign_in(new_page(browser), server, BOARD)
    axe, found = Axe(), []
    record_a_meeting(business, server)

    board.goto(f"{server}/indicators/21/")
    expect(board.locator("main")).to_contain_text("Not live.", use_inner_text=True)
    found += serious_violations(board, axe)
    board.goto(f"{server}/anchors/")
    expect(board.locator("main")).to_contain_text("0 of 21 signatories have returned", use_inner_text=True)

    # The lead fills in the form; a percentage over 100 is refused with the question named.
    lead.goto(f"{server}/anchors/")
    found += serious_violations(lead, axe)
    lead.get_by_role("link", name=f"Write the evidence return for {ORGANISATION}").click()
    found += serious_violations(lead, axe)
    assert "NHS Prevention Pledge ?" not in lead.locator("main form").inner_text()  # a local authority is not asked
    fill_the_evidence(lead)
    lead.get_by_label("What percentage of your workforce reside", exact=False).fill("120")
    lead.get_by_role("button", name="Submit for sign-off").click()
    expect(lead.locator(".nhsuk-error-summary")).to_contain_text(
        "residing in Cheshire and Merseyside as a number from 0 to 100", use_inner_text=True)
    found += serious_violations(lead, axe)
    lead.get_by_label("What percentage of your workforce reside", exact=False).fill("82")
    lead.get_by_role("button", name="Submit for sign-off").click()
    expect(lead.locator("main")).to_contain_text("Submitted", use_inner_text=True)
    found += serious_violations(lead, axe)  # the organisation's page, with the lead's own submitted return

    # The business team approves it from the sign-off queue.
    business.goto(f"{server}/reporting/review/")
    business.get_by_role("link", name=ORGANISATION).first.click()
    found += serious_violations(business, axe)
    business.get_by_role("button", name="Approve").click()
    expect(business.locator("main")).to_contain_text("Approved", use_inner_text=True)

    # The dashboard and indicator 21 now count it.
    board.goto(f"{server}/anchors/")
    dashboard = board.locator("main").inner_text()
    assert "1 of 21 signatories have returned" in dashboard and "1 approved" in dashboard
    assert "median 95% (from 95% to 95%), 1 organisation" in dashboard
    found += serious_violations(board, axe)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    board.screenshot(path=SCREENSHOTS / "anchor-assembly-dashboard.png", full_page=True)
    board.goto(f"{server}/indicators/21/")
    indicator = board.locator("main").inner_text()
    assert "Live from the anchor institutions' evidence returns." in indicator and "42%" in indicator
    assert "1 organisation, 4.76% of the 21 signatories" in indicator
    found += serious_violations(board, axe)
    board.screenshot(path=SCREENSHOTS / "indicator-21-from-returns.png", full_page=True)
    board.goto(f"{server}/anchors/")
    board.get_by_role("link", name="The Assembly pack").click()
    found += serious_violations(board, axe)
    board.goto(f"{server}/anchors/")
    board.get_by_role("link", name=ORGANISATION).first.click()
    found += serious_violations(board, axe)
    assert found == []
    assert lead.errors == [] and business.errors == [] and board.errors == []

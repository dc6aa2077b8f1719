"""In a real browser: the business team opens an assessment round in the admin; Liverpool's Marmot lead records
the Place's Neighbourhood Health Plan with its document, assesses it against two guiding principles and submits;
the business team approves it; the nine-Place matrix shows the ratings. axe-core checks each new page."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .browser import BOARD, BUSINESS, MARMOT_LEAD, SCREENSHOTS, sign_in
from .test_anchor_journey import new_page, serious_violations

TITLE = "Liverpool Neighbourhood Health Plan, journey"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def open_a_round(page, server):
    page.goto(f"{server}/admin/plans/assessmentround/add/")
    page.fill("#id_name", "Plans assessment, journey")
    page.fill("#id_start", "2026-01-01")
    page.fill("#id_end", "2099-03-31")
    page.fill("#id_due_date", "2099-03-01")
    page.check("#id_is_open")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")  # waits for the next page


def record_the_plan(page, server):
    page.goto(f"{server}/places/liverpool/plans/")
    page.get_by_role("link", name="Record a plan").click()
    page.get_by_label("Kind of plan").select_option(label="Neighbourhood Health Plan")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Owner body").fill("Liverpool Health and Wellbeing Board")
    page.get_by_label("Period").fill("2026 to 2029")
    page.get_by_label("Stage").select_option(label="In development")
    page.set_input_files("#id_upload", files=[{"name": "plan.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text(TITLE, use_inner_text=True)


def assess(page, principle, rating, how):
    page.get_by_label(f"{principle}: rating").select_option(label=rating)
    page.get_by_label(f"{principle}: how the plan embodies it").fill(how)


def test_a_marmot_lead_records_a_plan_assesses_it_against_two_principles_and_submits(browser, server):
    business = sign_in(new_page(browser), server, BUSINESS)
    lead = sign_in(new_page(browser), server, MARMOT_LEAD)
    board = sign_in(new_page(browser), server, BOARD)
    axe, found = Axe(), []
    open_a_round(business, server)

    record_the_plan(lead, server)
    found += serious_violations(lead, axe)
    lead.get_by_role("link", name="Assess the plan for Plans assessment, journey").click()
    found += serious_violations(lead, axe)
    assess(lead, "principle 1: Co-production, collaboration and community power", "Partly embodied",
           "Co-designed with residents' panels in each neighbourhood.")
    lead.get_by_label("principle 1: Co-production, collaboration and community power: evidence").fill("page 4")
    assess(lead, "principle 2: Marmot principles, prevention and inequalities", "Planned", "")
    lead.get_by_role("button", name="Submit for sign-off").click()
    expect(lead.locator(".nhsuk-error-summary")).to_contain_text(
        "Say how the plan embodies neighbourhoods guiding principle 2", use_inner_text=True)
    found += serious_violations(lead, axe)
    assess(lead, "principle 2: Marmot principles, prevention and inequalities", "Planned",
           "A Marmot place programme is to follow.")
    lead.get_by_role("button", name="Submit for sign-off").click()
    expect(lead.locator("body")).to_contain_text("submitted for sign-off", use_inner_text=True)

    business.goto(f"{server}/reporting/review/")
    business.get_by_role("link", name=TITLE).first.click()
    found += serious_violations(business, axe)
    business.get_by_role("button", name="Approve").click()
    expect(business.locator("main")).to_contain_text("Approved", use_inner_text=True)

    board.goto(f"{server}/plans/")
    matrix = board.locator("main").inner_text()
    assert "Partly embodied" in matrix and "Planned" in matrix and "Nothing said" in matrix
    found += serious_violations(board, axe)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    board.screenshot(path=SCREENSHOTS / "plans-matrix.png", full_page=True)
    board.get_by_role("link", name="Liverpool").first.click()
    found += serious_violations(board, axe)
    board.get_by_role("link", name=TITLE).click()
    expect(board.locator("main")).to_contain_text("Co-designed with residents' panels", use_inner_text=True)
    found += serious_violations(board, axe)
    board.screenshot(path=SCREENSHOTS / "plan-page.png", full_page=True)
    assert found == []
    assert lead.errors == [] and business.errors == [] and board.errors == []

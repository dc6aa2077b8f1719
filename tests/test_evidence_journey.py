"""In a real browser: the business team opens an evidence round in the admin, a programme lead records an evaluation
of their programme, the business team approves it, and it is found on the hub searched for one recommendation, on
the recommendation's coherence row and on the programme's page. axe-core checks each new page: no serious or
critical violation."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .browser import BOARD, BUSINESS, PROGRAMME_LEAD, SCREENSHOTS, sign_in
from .test_anchor_journey import new_page, serious_violations

PROGRAMME = "Healthy Child Programme"  # the demo programme lead's
TITLE = "Healthy Child Programme: health visiting evaluation"


def open_a_round(page, server):
    page.goto(f"{server}/admin/evidence/evidenceround/add/")
    page.fill("#id_name", "Evidence, journey")
    page.fill("#id_start", "2026-01-01")
    page.fill("#id_end", "2099-12-31")
    page.fill("#id_due_date", "2099-12-31")
    page.check("#id_is_open")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")  # waits for the next page


def test_a_programme_lead_records_an_evaluation_the_business_team_approves_and_the_hub_finds_it(browser, server):
    business = sign_in(new_page(browser), server, BUSINESS)
    lead = sign_in(new_page(browser), server, PROGRAMME_LEAD)
    board = sign_in(new_page(browser), server, BOARD)
    axe, found = Axe(), []
    open_a_round(business, server)

    lead.goto(f"{server}/evidence/")
    found += serious_violations(lead, axe)
    lead.get_by_role("link", name=f"on {PROGRAMME}").click()
    found += serious_violations(lead, axe)
    lead.get_by_label("Evaluation", exact=True).check()
    lead.get_by_label("Title").fill(TITLE)
    recommendation = lead.eval_on_selector(
        "#id_recommendations", "s => [...s.options].find(o => o.text.startsWith('1.1 ')).value")
    lead.select_option("#id_recommendations", [recommendation])
    lead.get_by_label("Who did it").fill("Public health intelligence team")
    lead.get_by_label("Findings").fill("More first visits in the most deprived wards; no change in breastfeeding.")
    lead.get_by_role("button", name="Submit for review").click()
    expect(lead.locator(".nhsuk-error-summary")).to_contain_text("Choose a verdict", use_inner_text=True)
    found += serious_violations(lead, axe)
    lead.select_option("#id_verdict", label="Did not work")
    lead.get_by_role("button", name="Submit for review").click()
    expect(lead.locator("main")).to_contain_text("Submitted", use_inner_text=True)
    found += serious_violations(lead, axe)

    board.goto(f"{server}/evidence/?recommendation={recommendation}")
    assert TITLE not in board.locator("main").inner_text()  # not yet approved

    business.goto(f"{server}/evidence/")
    business.get_by_role("link", name=TITLE).click()
    found += serious_violations(business, axe)
    business.get_by_role("button", name="Approve").click()
    expect(business.locator("main")).to_contain_text("Approved", use_inner_text=True)
    found += serious_violations(business, axe)

    board.goto(f"{server}/evidence/?recommendation={recommendation}")
    hub = board.locator("main").inner_text()
    assert TITLE in hub and "Did not work" in hub
    found += serious_violations(board, axe)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    board.screenshot(path=SCREENSHOTS / "evidence-hub.png", full_page=True)
    board.goto(f"{server}/coherence/")
    assert board.locator(f"a[href='/evidence/?recommendation={recommendation}']").inner_text().startswith(
        "What works: 1 evidence record")
    board.goto(f"{server}/programmes/?q=Healthy+Child")
    board.get_by_role("link", name=PROGRAMME, exact=True).first.click()
    expect(board.locator("#what-works ~ ul").first).to_contain_text(TITLE, use_inner_text=True)
    found += serious_violations(board, axe)
    assert found == []
    assert lead.errors == [] and business.errors == [] and board.errors == []

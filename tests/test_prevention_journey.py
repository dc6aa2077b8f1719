"""In a real browser: the business team records a financial year, a finance lead submits their organisation's
prevention investment return (a part above the whole refused first, the field named), the business team approves
it, and /prevention/ counts it for the partnership. axe-core checks each page: no serious or critical violation."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .browser import BOARD, BUSINESS, SCREENSHOTS, sign_in
from .test_anchor_journey import new_page, serious_violations

FINANCE_LEAD, ORGANISATION = "lead-finance", "Halton Borough Council"  # create_demo_users


def record_a_year(page, server):
    page.goto(f"{server}/admin/prevention/financialyear/add/")
    page.fill("#id_name", "2024-25")
    page.fill("#id_start_year", "2024")
    page.fill("#id_start", "2024-04-01")
    page.fill("#id_end", "2025-03-31")
    page.fill("#id_due_date", "2099-05-31")
    page.check("#id_is_open")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")  # waits for the next page


def test_a_finance_lead_submits_the_business_team_approves_and_the_partnership_figure_appears(browser, server):
    server.python("from programmes.models import Organisation; "
                  f"Organisation.objects.filter(name='{ORGANISATION}').update(hcp_member=True)")
    business = sign_in(new_page(browser), server, BUSINESS)
    lead = sign_in(new_page(browser), server, FINANCE_LEAD)
    board = sign_in(new_page(browser), server, BOARD)
    axe, found = Axe(), []
    record_a_year(business, server)

    board.goto(f"{server}/prevention/")
    expect(board.locator("main")).to_contain_text("0 of 1 member organisations have returned", use_inner_text=True)
    found += serious_violations(board, axe)

    lead.goto(f"{server}/prevention/")
    lead.get_by_role("link", name=f"Write the prevention investment return for {ORGANISATION}").click()
    found += serious_violations(lead, axe)
    lead.get_by_label("Total budget in scope").fill("10000000")
    lead.get_by_label("Amount going towards the social determinants", exact=False).fill("20000000")
    lead.get_by_role("button", name="Submit for sign-off").click()
    expect(lead.locator(".nhsuk-error-summary")).to_contain_text(
        "cannot be more than the total budget in scope", use_inner_text=True)
    found += serious_violations(lead, axe)
    lead.get_by_label("Amount going towards the social determinants", exact=False).fill("250000")
    lead.locator("input[name^=category_]").first.fill("100000")  # the first working category, Theme 1
    lead.locator("textarea[name^=category_]").first.fill("Family hubs")
    lead.get_by_role("button", name="Submit for sign-off").click()
    expect(lead.locator("main")).to_contain_text("Submitted", use_inner_text=True)
    found += serious_violations(lead, axe)

    business.goto(f"{server}/reporting/review/")
    business.get_by_role("link", name=ORGANISATION).first.click()
    found += serious_violations(business, axe)
    business.get_by_role("button", name="Approve").click()
    expect(business.locator("main")).to_contain_text("Approved", use_inner_text=True)

    board.goto(f"{server}/prevention/")
    text = board.locator("main").inner_text()
    assert "2.5% (£250,000 of £10,000,000)" in text and "1 of 1 members, 100% of their known budgets" in text
    found += serious_violations(board, axe)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    board.screenshot(path=SCREENSHOTS / "prevention.png", full_page=True)
    board.get_by_role("link", name=ORGANISATION).first.click()
    found += serious_violations(board, axe)
    assert found == []
    assert lead.errors == [] and business.errors == [] and board.errors == []

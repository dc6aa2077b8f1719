"""In a real browser: the business team opens the triaged gap flags, acknowledges one with a reason and a review
date, records a board's meeting in the admin and reads what changed since it. axe-core checks /gaps/ and /since/
for the business team and a board member: no serious or critical violation. The triaged flags are photographed to
SHOTS/flags.png (SHOTS: /work/shots where it exists, else bench/output)."""

import datetime
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .browser import BOARD, BUSINESS, SCREENSHOTS, sign_in
from .test_anchor_journey import new_page, serious_violations

SHOTS = Path("/work/shots") if Path("/work/shots").is_dir() else SCREENSHOTS
MET = datetime.date.today() - datetime.timedelta(days=7)
REVIEW = datetime.date.today() + datetime.timedelta(days=30)


def counts(page):
    return page.locator(".atf-severity-counts").first.inner_text()


def test_the_business_team_acknowledges_a_flag_and_reads_what_changed_since_a_meeting(browser, server):
    business, board = sign_in(new_page(browser), server, BUSINESS), sign_in(new_page(browser), server, BOARD)
    axe, found = Axe(), []
    business.goto(f"{server}/gaps/")
    assert "acknowledged" not in counts(business)
    first = business.locator("details.atf-flag-kind").first
    first.locator("summary").click()
    first.get_by_role("link", name="Acknowledge").first.click()
    business.get_by_label("Why it can wait").fill("Raised with the programme's board; its lead replies next month.")
    business.get_by_label("Review date").fill(REVIEW.isoformat())
    business.get_by_role("button", name="Acknowledge").click()
    expect(business.locator("body")).to_contain_text("Acknowledged until", use_inner_text=True)
    assert "1 acknowledged" in counts(business)
    SHOTS.mkdir(parents=True, exist_ok=True)
    business.screenshot(path=str(SHOTS / "flags.png"), full_page=True)
    business.locator("details.atf-flag-kind").first.locator("summary").click()
    found += serious_violations(business, axe)

    business.goto(f"{server}/admin/dashboard/boardmeeting/add/")
    business.select_option("#id_board", label="Anchor Assembly")
    business.fill("#id_date", MET.isoformat())
    business.click("input[name=_save]")
    expect(business.locator(".messagelist")).to_contain_text("was added successfully")  # waits for the next page

    for page in (business, board):
        page.goto(f"{server}/since/")
        page.select_option("#id_board", label="Anchor Assembly")
        page.get_by_role("button", name="Show what changed").click()
        expect(page.locator("body")).to_contain_text(f"Since {MET.day} {MET:%B %Y}, when Anchor Assembly last met",
                                                     use_inner_text=True)
        found += serious_violations(page, axe)
        page.goto(f"{server}/gaps/")
        assert "1 acknowledged" in counts(page)
        found += serious_violations(page, axe)
    assert not found, found

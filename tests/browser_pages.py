"""Every page each role can reach, as addresses on a live server's database (tests/browser.py).

Run inside the server's database by `manage.py shell` (see `pages_by_role`), so the addresses name real objects:
it walks tests/test_access.py's ACCESS table (every named URL, and which roles get a 200) and makes the objects a
page needs that `make run` does not (a Marmot lead's stocktake preview, the business team's indicator preview, the
programme lead's draft update). For a board member it adds every theme, indicator, board, Place and user-guide
page besides the one the table names; the other roles read the same pages, and one of each kind is checked for
them. For the business team it adds the admin pages it works in (ADMIN_PAGES). Downloads (CSV, XLSX) and a task's
progress (JSON) are left out: they are not pages.
"""

import hashlib
import json
import re
from collections import Counter

# The demo accounts (atf_portal/seed/management/commands/create_demo_users.py and create_demo_programme_lead.py) and
# the role each plays in ACCESS.
ROLES = {"anonymous": None, "board": "board", "lead_a": "lead-liverpool", "business": "business",
         "programme_lead": "lead-programme", "anchor_lead": "lead-anchor", "finance_lead": "lead-finance"}
DOWNLOADS = {"indicator-progress-csv", "indicator-progress-xlsx", "indicator-template-csv", "indicator-template-xlsx",
             "stocktake-template", "job-progress", "job-file", "plan-document", "local-template", "evidence-document",
             "edition-template"}
# One page of each kind is in ACCESS; the rest of the same kind are read by every signed-in role alike.
EVERY = {"theme-detail", "indicator-detail", "board-detail", "place-detail", "guide-page"}
# The admin pages the business team works in (journey 1), beyond the admin's index in the access table.
ADMIN_PAGES = ["/admin/programmes/programme/", "/admin/programmes/programme/{programme}/change/",
               "/admin/programmes/programme/{programme}/history/"]


def main_digest(response):
    """A digest of the page's <main>, without what changes from one answer to the next (the form token, the script
    nonce): two copies with the same digest show a reader the same content."""
    html = response.content.decode()
    main = re.search(r"<main\b.*?</main>", html, re.S)
    main = re.sub(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"', "", main.group(0) if main else html)
    return hashlib.sha256(main.encode()).hexdigest()


def build(digests_for=()):
    """Prints {role: [[path, whether it is the first page of its kind], ...]}, each entry of the roles in
    `digests_for` with its main_digest as that role sees it (None for a page no other of those roles reaches); runs in
    `manage.py shell` against the live server's database."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from atf_portal.framework.models import Theme
    from atf_portal.guide import DOCS
    from atf_portal.jobs.models import Job
    from atf_portal.outcomes.models import OutcomesReport
    from atf_portal.outcomes.services import publish
    from indicators.models import Indicator, Upload
    from places.models import Area
    from programmes.anchors.models import EvidenceReturn
    from programmes.edition_import import template_workbook
    from programmes.models import Board, EditionUpload, Organisation, Programme
    from programmes.plans.models import Assessment, LocalUpload
    from programmes.prevention.models import InvestmentReturn, NeedUpload
    from programmes.reporting.models import ReportingPeriod, Update
    from stocktake.models import StocktakeUpload
    from tests.indicator_files import TEMPLATE_HEADER, template_xlsx
    from tests.stocktake_files import single_return
    from tests.test_access import (
        ACCESS,
        NEED_CSV,
        assessment_round,
        draft_evidence,
        financial_year,
        local_indicator,
        meeting,
        plan,
    )
    from tests.test_access import ROLES as ACCESS_ROLES

    users = {username: get_user_model().objects.get(username=username) for username in ROLES.values() if username}
    period = ReportingPeriod.objects.filter(is_open=True).first()
    lead_programme = Programme.objects.get(name="Healthy Child Programme")
    anchor_organisation = Organisation.objects.get(anchor_leads__user=users["lead-anchor"])
    finance_organisation = Organisation.objects.get(finance_leads__user=users["lead-finance"])
    real = {
        "published year": lambda: (OutcomesReport.objects.first() or publish(2025)).year,
        "board": lambda: Board.objects.filter(programmes__isnull=False).first().slug,
        "programme": lambda: Programme.objects.first().pk,
        "period": lambda: period.pk,
        "lead's programme": lambda: lead_programme.pk,
        "draft update": lambda: Update.objects.get_or_create(
            period=period, programme=lead_programme, defaults={"lead": users["lead-programme"]})[0].pk,
        "stocktake preview": lambda: StocktakeUpload.objects.get_or_create(
            file_name="liverpool-return.xlsx", defaults=dict(
                sha256="1" * 64, size=10, kind=StocktakeUpload.Kind.SINGLE, uploaded_by=users["lead-liverpool"],
                content=single_return([["Theme 1", "Family hubs in every ward"], ["Theme 9", "Not a theme"]],
                                      title="Liverpool")))[0].pk,
        "meeting": lambda: meeting().pk,
        "lead's organisation": lambda: anchor_organisation.pk,
        "draft return": lambda: EvidenceReturn.objects.get_or_create(
            period=meeting(), organisation=anchor_organisation, defaults={"lead": users["lead-anchor"]})[0].pk,
        "financial year": lambda: financial_year().pk,
        "finance organisation": lambda: finance_organisation.pk,
        "draft investment return": lambda: InvestmentReturn.objects.get_or_create(
            period=financial_year(), organisation=finance_organisation, defaults={"lead": users["lead-finance"]})[0].pk,
        "need preview": lambda: NeedUpload.objects.get_or_create(file_name="need.csv", defaults=dict(
            sha256="3" * 64, uploaded_by=users["business"], content=NEED_CSV))[0].pk,
        "draft evidence": lambda: draft_evidence(users["lead-programme"], lead_programme).pk,
        "edition preview": lambda: EditionUpload.objects.get_or_create(file_name="edition.xlsx", defaults=dict(
            sha256="4" * 64, uploaded_by=users["business"], content=template_workbook()))[0].pk,
        "job": lambda: Job.objects.get_or_create(task="indicators.tasks.refresh_summaries", label="Refresh")[0].pk,
        "indicator preview": lambda: Upload.objects.get_or_create(
            file_name="values.xlsx", defaults=dict(
                sha256="2" * 64, kind=Upload.Kind.TEMPLATE, uploaded_by=users["business"],
                content=template_xlsx([[1, "E06000049", "2022", "Persons", "All ages", 71.5, 70.1, 72.9, 300, 420]],
                                      header=TEMPLATE_HEADER)))[0].pk,
        "plan": lambda: plan().pk,
        "assessment round": lambda: assessment_round().pk,
        "draft assessment": lambda: Assessment.objects.get_or_create(
            period=assessment_round(), plan=plan(), defaults={"lead": users["lead-liverpool"]})[0].pk,
        "local indicator": lambda: local_indicator().pk,
        "local preview": lambda: LocalUpload.objects.get_or_create(file_name="liverpool-values.csv", defaults=dict(
            sha256="3" * 64, uploaded_by=users["lead-liverpool"],
            content=f"indicator,area,period,value\n{local_indicator().reference},Liverpool,2025,5\n".encode()))[0].pk,
    }
    every = {
        "theme-detail": [{"number": theme.number} for theme in Theme.objects.all()],
        "indicator-detail": [{"number": number} for number in Indicator.objects.values_list("number", flat=True)],
        "board-detail": [{"slug": slug} for slug in Board.objects.filter(programmes__isnull=False).distinct()
                         .values_list("slug", flat=True)],
        "place-detail": [{"slug": slug} for slug in Area.objects.filter(kind="place").values_list("slug", flat=True)],
        "guide-page": [{"slug": path.stem} for path in sorted(DOCS.glob("*.md")) if path.stem != "index"],
    }
    pages = {role: [] for role in ROLES}
    for name, (kwargs, _query, expected) in sorted(ACCESS.items()):
        if name in DOWNLOADS or name.startswith("api:"):  # the API's answers are JSON or CSV, not pages
            continue
        answers = dict(zip(ACCESS_ROLES, expected, strict=True))
        named = [{key: real[value]() if value in real else value for key, value in kwargs.items()}]
        for role in ROLES:
            if answers[role] == 200:
                variants = every.get(name, named) if role == "board" else named
                pages[role] += [[reverse(name, kwargs=variant), index == 0] for index, variant in enumerate(variants)]
    pages["business"] += [[page.format(programme=real["programme"]()), True] for page in ADMIN_PAGES]
    # Only a page more than one of these roles reaches can be the same as another role's copy.
    reached = Counter(entry[0] for role in digests_for for entry in pages[role])
    for role in digests_for:
        client = Client(SERVER_NAME="localhost")
        if ROLES[role]:
            client.force_login(users[ROLES[role]])
        for entry in pages[role]:
            entry.append(main_digest(client.get(entry[0])) if reached[entry[0]] > 1 else None)
    print(json.dumps(pages))


def pages_by_role(server, digests_for=()):
    """{role: [[path, first of its kind(, digest)], ...]} on the live server `server` (a tests.browser.LiveServer):
    see build."""
    code = f"from tests.browser_pages import build; build({list(digests_for)!r})"
    return json.loads(server.python(code).strip().splitlines()[-1])

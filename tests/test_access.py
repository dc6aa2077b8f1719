"""Who may open what: one table of every URL against every role, and one test that walks the URL resolver.

A URL added without an entry here fails `test_every_url_is_in_the_access_table`. Each URL is requested with
real objects for its parameters, including another user's upload preview, and every download.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from atf_portal.core import roles
from atf_portal.framework.models import MarmotRecommendation
from atf_portal.jobs.models import Job, JobFile
from atf_portal.outcomes.models import OutcomesReport
from atf_portal.outcomes.services import publish
from indicators.models import Indicator, IndicatorSummary, IndicatorValue, Upload
from places.models import Area
from programmes.anchors.models import ASSEMBLY_SLUG, AnchorLead, AssemblyMeeting, EvidenceReturn
from programmes.edition_import import template_workbook
from programmes.evidence.models import EvidenceRecord, EvidenceReview, EvidenceRound
from programmes.models import Board, EditionUpload, Organisation, Programme
from programmes.plans.models import Assessment, AssessmentRound, LocalIndicator, LocalUpload, Plan
from programmes.prevention.models import FinanceLead, FinancialYear, InvestmentReturn, NeedUpload
from programmes.reporting.models import ProgrammeLead, ReportingPeriod, Update
from stocktake.models import StocktakeUpload

from .conftest import client_for, data_for_the_module, make_user
from .dashboard_data import add_series
from .stocktake_files import single_return

pytestmark = pytest.mark.django_db
NEED_CSV = b"area code,measure,period,value,source\nE08000012,population,mid-2022,1000,A named source\n"

ROLES = ["anonymous", "outsider", "board", "lead_a", "lead_b", "business", "superuser", "programme_lead",
         "anchor_lead", "finance_lead"]
LOGIN = "sign in"  # redirected to the sign-in page
ADMIN_LOGIN = "admin sign in"

# Expected answer per role, in ROLES order.
PUBLIC = [200] * 10
SIGNED_IN = [LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200]
READ = [LOGIN, 403, 200, 200, 200, 200, 200, 200, 200, 200]
STOCKTAKE_UPLOAD = [LOGIN, 403, 403, 200, 200, 200, 200, 403, 403, 403]
BUSINESS = [LOGIN, 403, 403, 403, 403, 200, 200, 403, 403, 403]
LEAD_A_PREVIEW = [LOGIN, 403, 404, 200, 404, 404, 404, 404, 404, 404]  # a preview is its uploader's own
BUSINESS_PREVIEW = [LOGIN, 403, 403, 403, 403, 200, 404, 403, 403, 403]
ADMIN = [ADMIN_LOGIN] * 5 + [200, 200, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN]
OWN_PROGRAMME = [LOGIN, 404, 404, 404, 404, 404, 404, 200, 404, 404]  # only the programme's lead reports on it
DRAFT_UPDATE = [LOGIN, 404, 404, 404, 404, 200, 200, 200, 404, 404]  # its lead and the business team
OWN_ORGANISATION = [LOGIN, 404, 404, 404, 404, 404, 404, 404, 200, 404]  # only the organisation's anchor lead
DRAFT_RETURN = [LOGIN, 404, 404, 404, 404, 200, 200, 404, 200, 404]  # its anchor lead and the business team
OWN_FINANCE = [LOGIN, 404, 404, 404, 404, 404, 404, 404, 404, 200]  # only the organisation's finance lead
DRAFT_INVESTMENT = [LOGIN, 404, 404, 404, 404, 200, 200, 404, 404, 200]  # its finance lead and the business team
OWN_FILE = [LOGIN, 404, 200, 404, 404, 404, 404, 404, 404, 404]  # a file a job built: only whoever started the job
OWN_PLACE = [LOGIN, 404, 404, 200, 404, 200, 200, 404, 404, 404]  # Liverpool's Marmot lead and the business team
PLAN_RESPONDENT = [LOGIN, 404, 404, 200, 404, 404, 404, 404, 404, 404]  # the Marmot lead of the plan's Place
DRAFT_ASSESSMENT = [LOGIN, 404, 404, 200, 404, 200, 200, 404, 404, 404]  # its Place's lead and the business team
LOCAL_PREVIEW = [LOGIN, 403, 403, 200, 404, 404, 404, 403, 403, 403]  # leads and the team; a preview is its uploader's
OWN_PLACE_OR_TEAM = [LOGIN, 404, 404, 200, 404, 200, 200, 404, 404, 404]  # lead A's Place: lead A and the business team
DRAFT_EVIDENCE = [LOGIN, 404, 404, 404, 404, 200, 200, 200, 404, 404]  # its programme's lead and the business team
# Organisation sign-in's addresses: public while configured (tests/test_oidc.py), and not there (404) until then.
ORGANISATION_SIGN_IN = [404] * 10
# The API never redirects to sign in: an anonymous client is told to bring a token (401).
API_READ = [401, 403, 200, 200, 200, 200, 200, 200, 200, 200]
API_DRAFT_UPDATE = [401, 403, 404, 404, 404, 200, 200, 200, 404, 404]

# url name -> (arguments, query, expected); arguments are worked out from real objects by `arguments()`.
ACCESS = {
    "health": ({}, "", PUBLIC),
    "guide": ({}, "", PUBLIC),
    "guide-page": ({"slug": "board-member"}, "", PUBLIC),
    "login": ({}, "", PUBLIC),
    "password_reset": ({}, "", PUBLIC),
    "password_reset_done": ({}, "", PUBLIC),
    "password_reset_confirm": ({"uidb64": "MQ", "token": "not-a-token"}, "", PUBLIC),
    "password_reset_complete": ({}, "", PUBLIC),
    "oidc_authentication_init": ({}, "", ORGANISATION_SIGN_IN),
    "oidc_authentication_callback": ({}, "", ORGANISATION_SIGN_IN),
    "password_change": ({}, "", SIGNED_IN),
    "password_change_done": ({}, "", SIGNED_IN),
    "home": ({}, "", READ),
    "theme-detail": ({"number": 3}, "", READ),
    "board-detail": ({"slug": "board"}, "", READ),
    "place-detail": ({"slug": "liverpool"}, "", READ),
    "gap-list": ({}, "_export=csv", READ),
    "since": ({}, "date=2025-01-01", READ),
    "framework": ({}, "", READ),
    "programme-list": ({}, "_export=xlsx", READ),
    "programme-detail": ({"pk": "programme"}, "", READ),
    "monitoring": ({}, "_export=xlsx", READ),
    "action-list": ({}, "_export=csv", READ),
    "indicator-list": ({}, "_export=csv", READ),
    "indicator-detail": ({"number": 4}, "_export=xlsx", READ),
    "indicator-progress-csv": ({"number": 1}, "sex=Male&age=All+ages", READ),
    "indicator-progress-xlsx": ({"number": 1}, "", READ),
    "indicator-upload": ({}, "", BUSINESS),
    "indicator-upload-preview": ({"pk": "indicator preview"}, "", BUSINESS_PREVIEW),
    "indicator-template-csv": ({}, "", BUSINESS),
    "indicator-template-xlsx": ({}, "", BUSINESS),
    "stocktake-coverage": ({}, "", READ),
    "stocktake-activities": ({}, "_export=csv", READ),
    "stocktake-upload": ({}, "", STOCKTAKE_UPLOAD),
    "stocktake-uploads": ({}, "", READ),
    "stocktake-upload-detail": ({"pk": "stocktake preview"}, "", LEAD_A_PREVIEW),
    "stocktake-template": ({}, "", STOCKTAKE_UPLOAD),
    "admin:index": ({}, "", ADMIN),
    "reporting-home": ({}, "", READ),
    "reporting-review": ({}, "", BUSINESS),
    "reporting-form": ({"period": "period", "programme": "lead's programme"}, "", OWN_PROGRAMME),
    "reporting-update": ({"pk": "draft update"}, "", DRAFT_UPDATE),
    "reporting-completeness": ({"period": "period"}, "", READ),
    "reporting-board-pack": ({"period": "period", "slug": "board"}, "", READ),
    "programme-measures": ({"pk": "programme"}, "", READ),
    "coherence": ({}, "_export=xlsx", READ),
    "suggestion-review": ({}, "", BUSINESS),
    "edition-list": ({}, "", READ),
    "edition-start": ({}, "", BUSINESS),
    "edition-upload": ({}, "", BUSINESS),
    "edition-upload-preview": ({"pk": "edition preview"}, "", BUSINESS_PREVIEW),
    "edition-template": ({}, "", BUSINESS),
    "anchors": ({}, "", READ),
    "anchor-organisation": ({"pk": "lead's organisation"}, "", READ),
    "anchor-form": ({"meeting": "meeting", "organisation": "lead's organisation"}, "", OWN_ORGANISATION),
    "anchor-return": ({"pk": "draft return"}, "", DRAFT_RETURN),
    "anchor-pack": ({"meeting": "meeting"}, "", READ),
    "plans-matrix": ({}, "_export=csv", READ),
    "place-plans": ({"slug": "liverpool"}, "", READ),
    "plan-new": ({"slug": "liverpool"}, "", OWN_PLACE),
    "neighbourhood-new": ({"slug": "liverpool"}, "", OWN_PLACE),
    "local-indicator-new": ({"slug": "liverpool"}, "", OWN_PLACE),
    "plan-detail": ({"pk": "plan"}, "", READ),
    "plan-edit": ({"pk": "plan"}, "", OWN_PLACE),
    "plan-document": ({"pk": "plan"}, "", READ),
    "plan-measure-new": ({"pk": "plan"}, "", OWN_PLACE),
    "plan-assess": ({"period": "assessment round", "plan": "plan"}, "", PLAN_RESPONDENT),
    "plan-assessment": ({"pk": "draft assessment"}, "", DRAFT_ASSESSMENT),
    "local-indicator": ({"pk": "local indicator"}, "", READ),
    "local-upload": ({}, "", STOCKTAKE_UPLOAD),
    "local-upload-detail": ({"pk": "local preview"}, "", LOCAL_PREVIEW),
    "local-template": ({}, "", STOCKTAKE_UPLOAD),
    "prevention": ({}, "_export=xlsx", READ),
    "prevention-organisation": ({"pk": "finance organisation"}, "", READ),
    "prevention-form": ({"year": "financial year", "organisation": "finance organisation"}, "", OWN_FINANCE),
    "prevention-return": ({"pk": "draft investment return"}, "", DRAFT_INVESTMENT),
    "prevention-need-upload": ({}, "", BUSINESS),
    "prevention-need-preview": ({"pk": "need preview"}, "", BUSINESS_PREVIEW),
    "evidence-hub": ({}, "q=health&_export=csv", READ),
    "evidence-new": ({}, "", BUSINESS),
    "evidence-new-programme": ({"programme": "lead's programme"}, "", DRAFT_EVIDENCE),
    "evidence-new-place": ({"place": "liverpool"}, "", OWN_PLACE_OR_TEAM),
    "evidence-record": ({"pk": "draft evidence"}, "", DRAFT_EVIDENCE),
    "evidence-edit": ({"pk": "draft evidence"}, "", DRAFT_EVIDENCE),
    "evidence-document": ({"pk": "draft evidence"}, "", DRAFT_EVIDENCE),
    "job-list": ({}, "", BUSINESS),
    "job-detail": ({"pk": "job"}, "", BUSINESS),
    "job-progress": ({"pk": "job"}, "", BUSINESS),
    "job-file": ({"pk": "board member's built pack"}, "", OWN_FILE),
    "outcomes-index": ({}, "", PUBLIC),
    "outcomes-year": ({"year": "published year"}, "", PUBLIC),
    "outcomes-version": ({"year": "published year", "version": 1}, "", PUBLIC),
    "outcomes-place": ({"year": "published year", "slug": "liverpool"}, "", PUBLIC),
    "outcomes-version-place": ({"year": "published year", "version": 1, "slug": "halton"}, "", PUBLIC),
    "api-docs": ({}, "", PUBLIC),
    "api-tokens": ({}, "", SIGNED_IN),
    "api:api-root": ({}, "", PUBLIC),
    "api:schema": ({}, "format=json", PUBLIC),
    "api:theme-list": ({}, "format=csv", PUBLIC),
    "api:theme-detail": ({"number": 3}, "", PUBLIC),
    "api:recommendation-list": ({}, "format=csv", PUBLIC),
    "api:recommendation-detail": ({"pk": "recommendation"}, "", PUBLIC),
    "api:system-recommendation-list": ({}, "format=csv", PUBLIC),
    "api:system-recommendation-detail": ({"number": 1}, "", PUBLIC),
    "api:indicator-list": ({}, "format=csv", PUBLIC),
    "api:indicator-detail": ({"number": 4}, "", PUBLIC),
    "api:value-list": ({}, "format=csv", PUBLIC),
    "api:value-detail": ({"pk": "value"}, "", PUBLIC),
    "api:summary-list": ({}, "format=csv", PUBLIC),
    "api:summary-detail": ({"pk": "summary"}, "", PUBLIC),
    "api:programme-list": ({}, "format=csv", PUBLIC),
    "api:programme-detail": ({"pk": "programme"}, "", PUBLIC),
    "api:coherence-list": ({}, "format=csv", PUBLIC),
    "api:coherence-detail": ({"number": 3}, "", PUBLIC),
    "api:outcomes-report-list": ({}, "format=csv", PUBLIC),
    "api:outcomes-report-detail": ({"pk": "published report"}, "", PUBLIC),
    "api:update-list": ({}, "format=csv", API_READ),
    "api:update-detail": ({"pk": "draft update"}, "format=csv", API_DRAFT_UPDATE),
    "api:gap-list": ({}, "format=csv", API_READ),
}
# Answer only to POST: signing out, the business team's decision on an update or an evidence return (their roles
# tested in tests/test_reporting.py and tests/test_anchors.py) or on evidence (tests/test_evidence.py), its Fingertips
# button (tests/test_fingertips_fetch.py), its decisions on suggested links (tests/test_suggestions.py), starting a
# background job again (tests/test_jobs.py), revoking an API token (tests/test_api.py) and acknowledging a gap flag
# (tests/test_triage.py); a GET is refused with 405 (the suggestion decisions: once the role is allowed).
POST_ONLY = {"logout", "reporting-decide", "indicator-fetch-fingertips", "suggestion-accept", "suggestion-dismiss",
             "anchor-decide", "prevention-decide", "evidence-decide", "job-retry", "api-token-revoke", "plan-decide",
             "gap-acknowledge"}


def url_names(patterns=None, namespace=None):
    """Every named URL the resolver knows; the admin's own pages beyond its index are guarded by its model
    permissions, which the business team's group defines (atf_portal/core/roles.py)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                yield "admin:index"
                continue
            yield from url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_is_in_the_access_table():
    assert set(url_names()) - POST_ONLY == set(ACCESS)


def make_people():
    users = get_user_model()
    return {
        "anonymous": None,
        "outsider": make_user(users, "outsider"),
        "board": make_user(users, "board", roles.BOARD_MEMBERS),
        "lead_a": make_user(users, "lead-a", roles.MARMOT_LEADS, place="liverpool"),
        "lead_b": make_user(users, "lead-b", roles.MARMOT_LEADS, place="halton"),
        "business": make_user(users, "business", roles.BUSINESS_TEAM, is_staff=True),
        "superuser": users.objects.create_superuser("super", "super@example.org", "not-used"),
        "programme_lead": make_user(users, "programme-lead", roles.PROGRAMME_LEADS),
        "anchor_lead": make_user(users, "anchor-lead", roles.ANCHOR_LEADS),
        "finance_lead": make_user(users, "finance-lead", roles.FINANCE_LEADS),
    }


def people_signed_in():
    """The people, and a client for each, signed in once for the module (the anonymous one not)."""
    people = make_people()
    clients = {role: client_for(user) if user else Client() for role, user in people.items()}
    return people, clients


# One person in each role, made and signed in once for the module's 120 tests (ten users each, with their groups and
# Places, and a session each).
_people = data_for_the_module(people_signed_in)


@pytest.fixture
def people(_people, db):
    return _people[0]


@pytest.fixture
def clients(_people, db):
    return _people[1]


def arguments(kwargs, people):
    """Real objects for each URL parameter: the previews are lead A's and the business team's."""
    real = {
        "board": lambda: Board.objects.filter(programmes__isnull=False).first().slug,
        "programme": lambda: Programme.objects.first().pk,
        "stocktake preview": lambda: StocktakeUpload.objects.create(
            file_name="liverpool.xlsx", sha256="0" * 64, size=10, kind=StocktakeUpload.Kind.SINGLE,
            uploaded_by=people["lead_a"], content=single_return([["Theme 1", "Family hubs"]], title="Liverpool"),
        ).pk,
        "period": lambda: period().pk,
        "lead's programme": lambda: lead_programme(people).pk,
        "draft update": lambda: Update.objects.get_or_create(period=period(), programme=lead_programme(people),
                                                             defaults={"lead": people["programme_lead"]})[0].pk,
        "meeting": lambda: meeting().pk,
        "lead's organisation": lambda: lead_organisation(people).pk,
        "draft return": lambda: EvidenceReturn.objects.get_or_create(
            period=meeting(), organisation=lead_organisation(people), defaults={"lead": people["anchor_lead"]})[0].pk,
        "plan": lambda: plan().pk,
        "assessment round": lambda: assessment_round().pk,
        "draft assessment": lambda: Assessment.objects.get_or_create(
            period=assessment_round(), plan=plan(), defaults={"lead": people["lead_a"]})[0].pk,
        "local indicator": lambda: local_indicator().pk,
        "local preview": lambda: LocalUpload.objects.create(
            file_name="values.csv", sha256="0" * 64, uploaded_by=people["lead_a"],
            content=f"indicator,area,period,value\n{local_indicator().reference},Liverpool,2025,5\n".encode()).pk,
        "financial year": lambda: financial_year().pk,
        "finance organisation": lambda: finance_organisation(people).pk,
        "draft investment return": lambda: InvestmentReturn.objects.get_or_create(
            period=financial_year(), organisation=finance_organisation(people),
            defaults={"lead": people["finance_lead"]})[0].pk,
        "need preview": lambda: NeedUpload.objects.create(file_name="need.csv", sha256="0" * 64,
                                                          uploaded_by=people["business"], content=NEED_CSV).pk,
        "draft evidence": lambda: draft_evidence(people["programme_lead"], lead_programme(people)).pk,
        "job": lambda: Job.objects.create(task="indicators.tasks.refresh_summaries", label="Refresh").pk,
        "board member's built pack": lambda: JobFile.objects.create(name="atf-pack.xlsx", content=b"built", job=(
            Job.objects.create(task="programmes.reporting.tasks.build_board_pack", label="Board pack",
                               started_by=people["board"], status=Job.Status.SUCCEEDED))).job_id,
        "published year": lambda: published().year,
        "published report": lambda: published().pk,
        "recommendation": lambda: MarmotRecommendation.objects.first().pk,
        "value": lambda: official_value().pk,
        "summary": lambda: IndicatorSummary.objects.get(indicator=official_value().indicator).pk,
        "indicator preview": lambda: Upload.objects.create(
            file_name="values.csv", sha256="0" * 64, kind=Upload.Kind.TEMPLATE, uploaded_by=people["business"],
            content=b"",
        ).pk,
        "edition preview": lambda: EditionUpload.objects.create(
            file_name="edition.xlsx", sha256="0" * 64, uploaded_by=people["business"], content=template_workbook(),
        ).pk,
    }
    return {key: real[value]() if value in real else value for key, value in kwargs.items()}


def published():
    return OutcomesReport.objects.first() or publish(2025)


def official_value():
    found = IndicatorValue.objects.first()
    if found is None:
        add_series(Indicator.objects.get(number=4), {"E08000012": (70.0, 69.0, 71.0, 7000, 10000)})
        found = IndicatorValue.objects.first()
    return found


def period():
    found = ReportingPeriod.objects.filter(name="2026-27 Q3").first()
    if found is None:
        found = ReportingPeriod.quarter(2026, 3)
        found.is_open = True
        found.save()
    return found


def lead_programme(people):
    lead = ProgrammeLead.objects.get_or_create(user=people["programme_lead"],
                                               programme=Programme.objects.get(name="Healthy Child Programme"))[0]
    return lead.programme


def meeting():
    return AssemblyMeeting.objects.get_or_create(name="Anchor Assembly, July", defaults=dict(
        assembly=Board.objects.get(slug=ASSEMBLY_SLUG), start="2026-06-01", end="2026-07-12", due_date="2026-07-01",
        is_open=True))[0]


def evidence_round():
    return EvidenceRound.objects.get_or_create(name="Evidence 2026", defaults=dict(
        start="2026-01-01", end="2026-12-31", due_date="2026-12-31", is_open=True))[0]


def draft_evidence(lead, programme):
    """A draft evaluation of the lead's programme, with a PDF."""
    record, created = EvidenceRecord.objects.get_or_create(title="Draft evaluation", defaults=dict(
        kind="evaluation", for_programme=programme, findings="Not yet approved.", file_name="draft.pdf",
        content_type="application/pdf", content=b"%PDF-1.4\n%%EOF\n"))
    if created:
        EvidenceReview.objects.create(period=evidence_round(), record=record, lead=lead)
    return record


def lead_organisation(people):
    return AnchorLead.objects.get_or_create(user=people["anchor_lead"],
                                            organisation=Organisation.objects.get(name="Torus"))[0].organisation


def plan():
    return Plan.objects.get_or_create(title="Liverpool Neighbourhood Health Plan", defaults=dict(
        place=Area.objects.get(slug="liverpool"), kind=Plan.Kind.NEIGHBOURHOOD, owner="Liverpool HWB",
        period="2026 to 2029", stage=Plan.Stage.DEVELOPMENT, file_name="plan.pdf", content_type="application/pdf",
        content=b"%PDF-1.4\n%%EOF\n"))[0]


def assessment_round():
    return AssessmentRound.objects.get_or_create(name="Plans assessment, autumn", defaults=dict(
        start="2026-09-01", end="2026-11-30", due_date="2026-11-01", is_open=True))[0]


def local_indicator():
    return LocalIndicator.objects.get_or_create(title="Walking", defaults=dict(
        place=Area.objects.get(slug="liverpool"), definition="Adults walking weekly.", source="Liverpool survey"))[0]


def financial_year():
    found = FinancialYear.objects.filter(start_year=2026).first()
    if found is None:
        found = FinancialYear.for_year(2026, "2027-05-31", is_open=True)
        found.save()
    return found


def finance_organisation(people):
    return FinanceLead.objects.get_or_create(user=people["finance_lead"],
                                             organisation=Organisation.objects.get(name="Torus"))[0].organisation


def answer(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        if location.startswith(reverse("login")):
            return LOGIN
    return response.status_code


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_role_gets_exactly_what_the_table_says(people, clients, name):
    kwargs, query, expected = ACCESS[name]
    url = reverse(name, kwargs=arguments(kwargs, people))
    got = []
    for role in ROLES:
        client = clients[role]
        got.append(answer(client.get(url)))
        if query:  # the page's download too
            assert answer(client.get(f"{url}?{query}")) == got[-1], (role, query)
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True))


def test_signing_out_is_by_post_for_anyone():
    assert answer(Client().post(reverse("logout"))) == LOGIN

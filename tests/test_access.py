"""Who may open what: one table of every URL against every role, and one test that walks the URL resolver.

A URL added without an entry here fails `test_every_url_is_in_the_access_table`. Each URL is requested with
real objects for its parameters, including another user's upload preview, and every download.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from atf_portal.core import roles
from indicators.models import Upload
from programmes.edition_import import template_workbook
from programmes.models import Board, EditionUpload, Programme
from programmes.reporting.models import ProgrammeLead, ReportingPeriod, Update
from stocktake.models import StocktakeUpload

from .conftest import make_user
from .stocktake_files import single_return

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "board", "lead_a", "lead_b", "business", "superuser", "programme_lead"]
LOGIN = "sign in"  # redirected to the sign-in page
ADMIN_LOGIN = "admin sign in"

# Expected answer per role, in ROLES order.
PUBLIC = [200] * 8
SIGNED_IN = [LOGIN, 200, 200, 200, 200, 200, 200, 200]
READ = [LOGIN, 403, 200, 200, 200, 200, 200, 200]
STOCKTAKE_UPLOAD = [LOGIN, 403, 403, 200, 200, 200, 200, 403]
BUSINESS = [LOGIN, 403, 403, 403, 403, 200, 200, 403]
LEAD_A_PREVIEW = [LOGIN, 403, 404, 200, 404, 404, 404, 404]  # a preview is its uploader's own
BUSINESS_PREVIEW = [LOGIN, 403, 403, 403, 403, 200, 404, 403]
ADMIN = [ADMIN_LOGIN] * 5 + [200, 200, ADMIN_LOGIN]
OWN_PROGRAMME = [LOGIN, 404, 404, 404, 404, 404, 404, 200]  # only the programme's lead reports on it
DRAFT_UPDATE = [LOGIN, 404, 404, 404, 404, 200, 200, 200]  # its lead and the business team

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
    "password_change": ({}, "", SIGNED_IN),
    "password_change_done": ({}, "", SIGNED_IN),
    "home": ({}, "", READ),
    "theme-detail": ({"number": 3}, "", READ),
    "board-detail": ({"slug": "board"}, "", READ),
    "place-detail": ({"slug": "liverpool"}, "", READ),
    "gap-list": ({}, "_export=csv", READ),
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
    "reporting-board-pack": ({"period": "period", "slug": "board"}, "_export=xlsx", READ),
    "programme-measures": ({"pk": "programme"}, "", READ),
    "coherence": ({}, "_export=xlsx", READ),
    "suggestion-review": ({}, "", BUSINESS),
    "edition-list": ({}, "", READ),
    "edition-start": ({}, "", BUSINESS),
    "edition-upload": ({}, "", BUSINESS),
    "edition-upload-preview": ({"pk": "edition preview"}, "", BUSINESS_PREVIEW),
    "edition-template": ({}, "", BUSINESS),
}
# Answer only to POST: signing out, the business team's decision on an update (its roles tested in
# tests/test_reporting.py), its Fingertips button (tests/test_fingertips_fetch.py) and its decisions on suggested
# links (tests/test_suggestions.py); a GET is refused with 405 (the suggestion decisions: once the role is allowed).
POST_ONLY = {"logout", "reporting-decide", "indicator-fetch-fingertips", "suggestion-accept", "suggestion-dismiss"}


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


@pytest.fixture
def people(django_user_model):
    return {
        "anonymous": None,
        "outsider": make_user(django_user_model, "outsider"),
        "board": make_user(django_user_model, "board", roles.BOARD_MEMBERS),
        "lead_a": make_user(django_user_model, "lead-a", roles.MARMOT_LEADS, place="liverpool"),
        "lead_b": make_user(django_user_model, "lead-b", roles.MARMOT_LEADS, place="halton"),
        "business": make_user(django_user_model, "business", roles.BUSINESS_TEAM, is_staff=True),
        "superuser": django_user_model.objects.create_superuser("super", "super@example.org", "not-used"),
        "programme_lead": make_user(django_user_model, "programme-lead", roles.PROGRAMME_LEADS),
    }


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
        "indicator preview": lambda: Upload.objects.create(
            file_name="values.csv", sha256="0" * 64, kind=Upload.Kind.TEMPLATE, uploaded_by=people["business"],
            content=b"",
        ).pk,
        "edition preview": lambda: EditionUpload.objects.create(
            file_name="edition.xlsx", sha256="0" * 64, uploaded_by=people["business"], content=template_workbook(),
        ).pk,
    }
    return {key: real[value]() if value in real else value for key, value in kwargs.items()}


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


def answer(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        if location.startswith(reverse("login")):
            return LOGIN
    return response.status_code


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_role_gets_exactly_what_the_table_says(people, name):
    kwargs, query, expected = ACCESS[name]
    url = reverse(name, kwargs=arguments(kwargs, people))
    got = []
    for role in ROLES:
        client = Client()
        if people[role]:
            client.force_login(people[role])
        got.append(answer(client.get(url)))
        if query:  # the page's download too
            assert answer(client.get(f"{url}?{query}")) == got[-1], (role, query)
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True))


def test_signing_out_is_by_post_for_anyone():
    assert answer(Client().post(reverse("logout"))) == LOGIN

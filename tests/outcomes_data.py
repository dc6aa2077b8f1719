"""A database with every kind of record the public must never see beside the few it may, for the outcomes and API
tests: official values, illustrative ones, returns in every state, people's names, a plan row's partners as
written, a target, a theme's commentary and a marked update."""

import datetime

from django.contrib.auth.models import Group

from atf_portal.core import roles
from atf_portal.framework.models import Theme
from atf_portal.outcomes.models import Commentary, PublishedUpdate
from indicators.models import Indicator, IndicatorValue, Target, Upload
from indicators.summary.analysis import refresh_summaries
from places.models import Area
from programmes.models import Action, Programme
from programmes.reporting.models import ReportingPeriod, Update

from .dashboard_data import add_series

ENGLAND, LIVERPOOL, HALTON, KNOWSLEY, CM = "E92000001", "E08000012", "E06000006", "E08000011", "E54000008"
OFFICIAL = {ENGLAND: (80.0, 79.9, 80.1, 400000, 500000), LIVERPOOL: (70.0, 69.0, 71.0, 7000, 10000),
            HALTON: (80.2, 79.0, 81.4, 8020, 10000), KNOWSLEY: (86.0, 85.0, 87.0, 8600, 10000)}
ILLUSTRATIVE_VALUE = 4321.25  # every illustrative figure, so any trace of one is easy to find
PUBLIC_NARRATIVE = "PUBLIC-MARKED-NARRATIVE"
COMMENTARY = "PUBLIC-COMMENTARY from the team."
# Words from records that must never reach a public page, export or API answer.
SECRETS = ["SECRET-DRAFT", "SECRET-SUBMITTED", "SECRET-RETURNED", "SECRET-APPROVED-UNMARKED", "SECRET-UNAPPROVED",
           "SECRET-REASON", "Zebedee", "secret-lead", "SECRET-PARTNERS", "SECRET-TARGET", "SECRET-ACTION",
           "SECRET-DRAFT-COMMENTARY", "4321", "4,321"]


def official_values():
    indicator = Indicator.objects.get(number=4)
    add_series(indicator, OFFICIAL, years=range(2017, 2024))
    return indicator


def illustrative_values():
    """Made-up values for indicator 5 (one upload of kind ILLUSTRATIVE), as the demo loader makes them."""
    indicator = Indicator.objects.get(number=5)
    upload = Upload.objects.create(file_name="demo", sha256="9" * 64, kind=Upload.Kind.ILLUSTRATIVE, content=b"")
    areas = Area.objects.filter(code__in=[ENGLAND, LIVERPOOL, HALTON])
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, area=area, period=f"{year}/{str(year + 1)[2:]}", period_start=year,
                       period_end=year + 1, sex="Persons", age="All ages", value=ILLUSTRATIVE_VALUE,
                       lower_ci=ILLUSTRATIVE_VALUE - 1, upper_ci=ILLUSTRATIVE_VALUE + 1, upload=upload)
        for year in range(2017, 2024) for area in areas)
    refresh_summaries([indicator.pk])


def private_records(django_user_model):
    lead = django_user_model.objects.create_user("secret-lead", first_name="Zebedee", password="not-used")
    lead.groups.add(Group.objects.get(name=roles.PROGRAMME_LEADS))
    period = ReportingPeriod.quarter(2025, 1)
    period.is_open = True
    period.save()
    programmes = list(Programme.objects.order_by("pk")[:6])
    programmes[0].partners_text = "SECRET-PARTNERS: Dr Zebedee"
    programmes[0].save()
    states = [(Update.State.DRAFT, "SECRET-DRAFT"), (Update.State.SUBMITTED, "SECRET-SUBMITTED"),
              (Update.State.RETURNED, "SECRET-RETURNED"), (Update.State.APPROVED, "SECRET-APPROVED-UNMARKED"),
              (Update.State.APPROVED, PUBLIC_NARRATIVE), (Update.State.SUBMITTED, "SECRET-UNAPPROVED")]
    updates = [Update.objects.create(period=period, programme=programme, lead=lead, state=state, narrative=words,
                                     rag="amber", reason="SECRET-REASON", return_reason="SECRET-RETURNED")
               for programme, (state, words) in zip(programmes, states, strict=True)]
    PublishedUpdate.objects.create(update=updates[4])
    PublishedUpdate.objects.create(update=updates[5])  # marked, then taken back for another look: not approved
    Target.objects.create(indicator=Indicator.objects.get(number=4), kind=Target.Kind.VALUE, target_value=90,
                          target_date=datetime.date(2030, 3, 31), source="SECRET-TARGET")
    Action.objects.create(number=999, meeting_date=datetime.date(2025, 1, 1), text="SECRET-ACTION", owner="Zebedee")
    Commentary.objects.create(year=2025, theme=Theme.objects.get(number=4), text=COMMENTARY)
    Commentary.objects.create(year=2024, theme=Theme.objects.get(number=5), text="SECRET-DRAFT-COMMENTARY")
    return lead

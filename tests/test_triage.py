"""Gap flags triaged: each kind's severity and owner, acknowledgements, and what each person acts on."""

import csv
import dataclasses
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from atf_portal.core import roles
from atf_portal.dashboard import gaps
from atf_portal.dashboard.gaps import GapKind, Owner, Severity
from atf_portal.dashboard.models import FlagAcknowledgement
from atf_portal.dashboard.triage import FIRST_OF_KIND, triage
from programmes.models import Programme
from programmes.reporting.models import ProgrammeLead
from tests.html import squashed

from .conftest import LEAD_PROGRAMME, client_for, make_user


def test_every_registered_kind_declares_a_severity_and_an_owner():
    assert gaps.RULES
    assert gaps.undeclared() == []
    assert {found.severity for found in gaps.RULES.values()} <= set(Severity)
    assert {found.owner for found in gaps.RULES.values()} <= set(Owner)


def test_a_kind_registered_without_a_severity_or_owner_is_named(monkeypatch):
    monkeypatch.setattr(gaps, "RULES", dict(gaps.RULES))
    gaps.rule(GapKind.STOCKTAKE_MISSING, "stocktake-coverage", "stocktake-upload")(lambda scope: [])
    gaps.rule(GapKind.THEME_ONE_LEVEL, "theme-detail", "stocktake-upload", severity=Severity.NOTE)(lambda scope: [])
    assert set(gaps.undeclared()) == {GapKind.STOCKTAKE_MISSING, GapKind.THEME_ONE_LEVEL}


pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NEXT_MONTH = TODAY + datetime.timedelta(days=30)


def no_milestone_flag(programme):
    return next(f for f in gaps.gaps(kinds=[GapKind.PROGRAMME_NO_MILESTONE]) if f.pk == programme.pk)


def acknowledge(client, flag, review_on=NEXT_MONTH, reason="Agreed at the board: milestones come with the refresh."):
    return client.post(reverse("gap-acknowledge"), {"kind": flag.kind, "object_key": flag.object_key,
                                                     "reason": reason, "review_on": review_on.isoformat()})


def plan_counts(**kwargs):
    return next((c.open, c.acknowledged) for c in triage(**kwargs).counts if c.severity == Severity.PLAN)


def test_an_acknowledged_flag_is_counted_apart_and_back_when_its_review_date_passes(business_client):
    programme = Programme.objects.get(name=LEAD_PROGRAMME)
    flag = no_milestone_flag(programme)
    open_before, acknowledged_before = plan_counts()
    assert acknowledge(business_client, flag).status_code == 302
    assert plan_counts() == (open_before - 1, acknowledged_before + 1)
    assert flag in [f.__class__(**{**f.__dict__, "acknowledgement": None}) for f in gaps.gaps()]  # never hidden
    page = squashed(business_client.get(reverse("gap-list"), {"kind": GapKind.PROGRAMME_NO_MILESTONE}))
    assert f"Acknowledged</strong> until {NEXT_MONTH:%-d %B %Y}: Agreed at the board" in page
    assert plan_counts(today=NEXT_MONTH) == (open_before, acknowledged_before)
    assert FlagAcknowledgement.history.count() == 1


def test_an_acknowledged_flag_comes_back_when_its_facts_change(business_client):
    programme = Programme.objects.get(name=LEAD_PROGRAMME)
    acknowledge(business_client, no_milestone_flag(programme))
    open_before, _ = plan_counts()
    programme.name = "Healthy Child Programme (0-19)"
    programme.save()
    assert plan_counts() == (open_before + 1, 0)


def test_only_the_business_team_acknowledges_and_only_by_post(board_client, business_client):
    flag = no_milestone_flag(Programme.objects.get(name=LEAD_PROGRAMME))
    assert acknowledge(board_client, flag).status_code == 403
    assert business_client.get(reverse("gap-acknowledge")).status_code == 405
    assert not FlagAcknowledgement.objects.exists()


def test_an_acknowledgement_needs_a_review_date_ahead_and_a_flag_still_raised(business_client):
    flag = no_milestone_flag(Programme.objects.get(name=LEAD_PROGRAMME))
    response = acknowledge(business_client, flag, review_on=TODAY)
    assert response.status_code == 400 and "The review date must be after today." in response.content.decode()
    gone = acknowledge(business_client, dataclasses.replace(flag, pk=0))
    assert "This flag is no longer raised" in gone.content.decode()
    assert not FlagAcknowledgement.objects.exists()


def test_the_acknowledgement_form_costs_a_fixed_number_of_queries(business_client, django_assert_num_queries):
    flag = no_milestone_flag(Programme.objects.get(name=LEAD_PROGRAMME))
    # Session, user, the business team's group; the flags of the one kind (whether the stored flags are current:
    # none are; the programmes, each with whether it has a milestone); the acknowledgement's update_or_create (two
    # savepoints, a read, the row and its history row); the page cache's version bumped (a read, a savepoint, the
    # version, its update and three releases).
    with django_assert_num_queries(17):
        assert acknowledge(business_client, flag).status_code == 302


def test_the_gap_page_shows_one_line_per_kind_and_filters_by_severity_and_owner(board_client):
    page = squashed(board_client.get(reverse("gap-list"), {"severity": Severity.ACT_NOW}))
    shown = {f.kind for f in gaps.gaps() if f.severity == Severity.ACT_NOW}
    assert page.count('<details class="nhsuk-details atf-flag-kind">') == len(shown)
    assert f'summary-text">{GapKind.PROGRAMME_NO_MILESTONE.label}:' not in page
    page = squashed(board_client.get(reverse("gap-list"), {"owner": Owner.PROGRAMME_LEAD}))
    line = f'{GapKind.PROGRAMME_NO_MILESTONE.label}: {len(gaps.gaps(kinds=[GapKind.PROGRAMME_NO_MILESTONE]))} open'
    assert page.count('<details class="nhsuk-details atf-flag-kind">') == len(
        {f.kind for f in gaps.gaps() if f.owner == Owner.PROGRAMME_LEAD}) and line in page
    rows = list(csv.DictReader(io.StringIO(board_client.get(reverse("gap-list"), {
        "owner": Owner.PROGRAMME_LEAD, "_export": "csv"}).content.decode())))
    assert len(rows) == len([f for f in gaps.gaps() if f.owner == Owner.PROGRAMME_LEAD])
    assert {row["Whose move"] for row in rows} == {Owner.PROGRAMME_LEAD.label}


def test_the_gap_page_shows_each_kinds_first_flags_and_links_to_its_own_page_with_all_of_them(business_client):
    flags = gaps.gaps(kinds=[GapKind.PROGRAMME_NO_MILESTONE])
    assert len(flags) > FIRST_OF_KIND
    label = GapKind.PROGRAMME_NO_MILESTONE.label
    page = squashed(business_client.get(reverse("gap-list"), {"owner": Owner.PROGRAMME_LEAD}))
    line = page.split(f'summary-text">{label}:')[1].split("</details>")[0]
    hidden = len(flags) - FIRST_OF_KIND
    assert [escape(f.sentence) in line for f in flags] == [True] * FIRST_OF_KIND + [False] * hidden
    assert (f'<a href="?owner=programme_lead&amp;kind=programme_no_milestone">Show all {len(flags)}'
            f'<span class="nhsuk-u-visually-hidden">: {label.lower()}</span></a>') in line
    page = squashed(business_client.get(reverse("gap-list"), {"owner": Owner.PROGRAMME_LEAD,
                                                              "kind": GapKind.PROGRAMME_NO_MILESTONE}))
    assert '<details class="nhsuk-details atf-flag-kind" open>' in page and "Show all" not in page
    assert all(escape(f.sentence) in page for f in flags)
    last = flags[-1]  # not shown on the page of every kind, yet found there to acknowledge
    page = squashed(business_client.get(reverse("gap-list"), {"acknowledge": f"{last.kind}:{last.object_key}"}))
    assert f"Acknowledge a flag</h2> <p>{escape(last.sentence)}</p>" in page


def test_a_programme_lead_sees_their_own_flags_on_the_home_page_and_a_board_member_none(
        programme_lead_client, board_client):
    programme = Programme.objects.get(name=LEAD_PROGRAMME)
    page = squashed(programme_lead_client.get(reverse("home")))
    yours = page.split("Yours to act on")[1].split("</ul>")[0]
    assert escape(no_milestone_flag(programme).sentence) in yours
    other = no_milestone_flag(Programme.objects.exclude(pk=programme.pk).filter(milestones=None).first())
    assert escape(other.sentence) not in yours
    assert "Yours to act on" not in squashed(board_client.get(reverse("home")))


def test_with_the_page_cache_two_programme_leads_each_see_only_their_own_flags(
        programme_lead_client, django_user_model, settings):
    settings.PAGE_CACHE = True
    other = Programme.objects.exclude(name=LEAD_PROGRAMME).filter(milestones=None).first()
    second = make_user(django_user_model, "second-lead", roles.PROGRAMME_LEADS)
    ProgrammeLead.objects.create(user=second, programme=other)
    first_page = squashed(programme_lead_client.get(reverse("home")))
    second_page = squashed(client_for(second).get(reverse("home")))
    mine, theirs = escape(no_milestone_flag(Programme.objects.get(name=LEAD_PROGRAMME)).sentence), \
        escape(no_milestone_flag(other).sentence)
    assert mine in first_page and theirs not in first_page
    assert theirs in second_page and mine not in second_page

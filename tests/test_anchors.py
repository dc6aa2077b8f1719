"""Anchor institutions: the signatories' evidence returns on the return engine, the Anchor Assembly's dashboard
and Beacon Indicators 12, 20 and 21 pooled from approved returns."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from atf_portal.core import roles
from atf_portal.dashboard.gaps import GapKind, gaps
from atf_portal.returns import tallies
from atf_portal.seed.bootstrap import FIXTURES, bootstrap
from indicators.statistics.progress import wilson_interval
from programmes.anchors import figures, services
from programmes.anchors.forms import EvidenceForm
from programmes.anchors.models import ASSEMBLY_SLUG, AnchorLead, AssemblyMeeting, EvidenceReturn
from programmes.models import Board, Organisation

from .conftest import client_for, make_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
# 002:686-708 as printed: two names appear twice, leaving the 21 signatories 002:664 states.
SIGNATORIES = {
    "Alzheimer's Society": "002:686, 002:697", "Cheshire & Wirral Partnership": "002:687",
    "CVS Cheshire East": "002:688", "Liverpool Heart and Chest Hospital": "002:689",
    "Mid Cheshire Hospitals": "002:690",
    "NHS Cheshire and Merseyside": "002:691", "One Wirral CIC": "002:692, 002:702", "Sefton CVS": "002:693",
    "The Clatterbridge Cancer Centre": "002:694", "The Walton Centre": "002:695", "Torus": "002:696",
    "Cheshire East Council": "002:698", "Everton in the Community": "002:699", "Halton Borough Council": "002:700",
    "MIAA": "002:701", "Roche": "002:703", "Sefton Council": "002:704", "St Helens Borough Council": "002:705",
    "Warrington Halton Teaching Hospitals": "002:706", "Wirral Community Health and Care": "002:707",
    "Wirral University Teaching Hospital": "002:708",
}


def meeting(name="Anchor Assembly, July", days=30, is_open=True):
    return AssemblyMeeting.objects.create(
        assembly=Board.objects.get(slug=ASSEMBLY_SLUG), name=name, start=TODAY - datetime.timedelta(days=60),
        end=TODAY + datetime.timedelta(days=days), due_date=TODAY + datetime.timedelta(days=days - 14),
        is_open=is_open)


def anchor_lead(django_user_model, username, organisation_name):
    user = make_user(django_user_model, username, roles.ANCHOR_LEADS)
    AnchorLead.objects.create(user=user, organisation=Organisation.objects.get(name=organisation_name))
    return user


def whole(**changes):
    """A complete submission for an organisation that is not an NHS provider."""
    data = {"living_wage_pct": "92.5", "workforce_local_pct": "81", "contracts_local_pct": "40",
            "buildings_free_use": "yes", "green_plan": "yes", "charter_signed": "yes", "award_achieved": "no",
            "inequalities_initiatives": "yes", "marmot_aligned": "yes", "case_study": "Our apprenticeships.",
            "submitter_name": "Sam Jones", "submitter_role": "Director of People", "local_spend": "300",
            "contract_spend": "1000", "local_fte": "800", "contract_fte": "1000", "band_1": "Band 5",
            "band_1_minority": "20", "band_1_all": "200", "action": "submit"}
    data.update(changes)
    return data


@pytest.fixture
def council_lead(django_user_model):
    return anchor_lead(django_user_model, "anchor-halton", "Halton Borough Council")


def form_url(period, name):
    return reverse("anchor-form", args=[period.pk, Organisation.objects.get(name=name).pk])


def test_the_21_signatories_are_seeded_with_their_lines_and_nothing_else_about_them():
    rows = json.loads((FIXTURES / "anchor_signatories.json").read_text())["signatories"]
    assert {row["name"]: row["source"] for row in rows} == SIGNATORIES
    assert all(row["source"] == ", ".join(f"002:{n}" for n in row["lines"]) for row in rows)
    seeded = Organisation.objects.signatories()
    assert dict(seeded.values_list("name", "signatory_source")) == SIGNATORIES
    assert not seeded.filter(hcp_member=True).exists() and not seeded.exclude(sector="").exists()
    assert not seeded.filter(signatory_since__isnull=False).exists()
    assert Board.objects.get(slug=ASSEMBLY_SLUG).source == "002:722" and not AssemblyMeeting.objects.exists()


def test_bootstrap_leaves_a_signatory_the_team_edited_or_deleted_as_they_left_it():
    torus = Organisation.objects.get(name="Torus")
    torus.anchor_signatory = False
    torus.save()
    Organisation.objects.get(name="Roche").delete()
    bootstrap()
    assert not Organisation.objects.get(name="Torus").anchor_signatory
    assert not Organisation.objects.filter(name="Roche").exists()


def test_an_anchor_lead_submits_and_a_percentage_over_100_is_refused_with_the_field_named(council_lead):
    period = meeting()
    client = client_for(council_lead)
    response = client.post(form_url(period, "Halton Borough Council"), whole(contracts_local_pct="140"))
    assert response.status_code == 400
    assert ("Enter the percentage of this financial year&#x27;s awarded contracts that have been local as a "
            "number from 0 to 100") in response.content.decode()
    assert not EvidenceReturn.objects.exists()

    response = client.post(form_url(period, "Halton Borough Council"), whole())
    assert response.status_code == 302
    ret = EvidenceReturn.objects.get()
    assert ret.state == ret.State.SUBMITTED and ret.contracts_local_pct == 40 and ret.lead == council_lead
    assert ret.minority_by_band == [{"band": "Band 5", "minority": 20.0, "all": 200.0}]


def test_a_yes_no_question_is_never_defaulted_and_must_be_answered_to_submit(council_lead):
    period = meeting()
    response = client_for(council_lead).get(form_url(period, "Halton Borough Council"))
    assert b"checked" not in response.content
    data = whole()
    del data["green_plan"]
    response = client_for(council_lead).post(form_url(period, "Halton Borough Council"), data)
    assert response.status_code == 400 and b"Answer yes or no: Has your organisation developed" in response.content


def test_another_organisations_lead_gets_404_on_the_form_and_the_draft(council_lead, django_user_model):
    period = meeting()
    client_for(council_lead).post(form_url(period, "Halton Borough Council"), whole(action="draft"))
    other = client_for(anchor_lead(django_user_model, "anchor-sefton", "Sefton Council"))
    draft = EvidenceReturn.objects.get()
    assert draft.state == draft.State.DRAFT
    assert other.get(form_url(period, "Halton Borough Council")).status_code == 404
    assert other.post(form_url(period, "Halton Borough Council"), whole()).status_code == 404
    assert other.get(draft.get_absolute_url()).status_code == 404


def test_the_business_team_returns_then_approves_a_return(council_lead, business_user):
    period = meeting()
    lead = client_for(council_lead)
    lead.post(form_url(period, "Halton Borough Council"), whole())
    ret = EvidenceReturn.objects.get()
    business = client_for(business_user)
    decide = reverse("anchor-decide", args=[ret.pk])
    business.post(decide, {"decision": "return", "return_reason": "Give the agency staff figure."})
    ret.refresh_from_db()
    assert ret.state == ret.State.RETURNED and ret.return_reason == "Give the agency staff figure."
    assert b"Give the agency staff figure." in lead.get(form_url(period, "Halton Borough Council")).content
    lead.post(form_url(period, "Halton Borough Council"), whole(agency_living_wage_pct="70"))
    business.post(decide, {"decision": "approve"})
    ret.refresh_from_db()
    assert ret.state == ret.State.APPROVED and ret.agency_living_wage_pct == 70
    assert [h.state for h in ret.history.order_by("history_date")] == ["submitted", "returned", "submitted",
                                                                       "approved"]


def test_the_nhs_prevention_pledge_is_asked_of_nhs_providers_only():
    council = Organisation.objects.get(name="Halton Borough Council")
    period = meeting()
    assert "prevention_pledge" not in EvidenceForm(ret=EvidenceReturn(period=period, organisation=council)).fields
    trust = Organisation.objects.get(name="The Walton Centre")
    trust.sector = Organisation.Sector.NHS_PROVIDER
    trust.save()
    form = EvidenceForm(ret=EvidenceReturn(period=period, organisation=trust), submitting=True)
    assert form.fields["prevention_pledge"].required


def approved(period, name, user, business_user, **counts):
    ret = services.return_for(period, Organisation.objects.get(name=name), user)
    services.submit(ret, user, {"living_wage_pct": 90.0, **counts})
    return services.approve(ret, business_user)


def test_indicator_21_is_the_pooled_share_with_its_wilson_interval_and_a_draft_or_returned_return_never_counts(
        django_user_model, business_user):
    period = meeting()
    halton = anchor_lead(django_user_model, "anchor-halton", "Halton Borough Council")
    sefton = anchor_lead(django_user_model, "anchor-sefton", "Sefton Council")
    torus = anchor_lead(django_user_model, "anchor-torus", "Torus")
    roche = anchor_lead(django_user_model, "anchor-roche", "Roche")
    assert not figures.indicator_figure(21)["live"]
    approved(period, "Halton Borough Council", halton, business_user, local_spend=Decimal(300),
             contract_spend=Decimal(1000))
    approved(period, "Sefton Council", sefton, business_user, local_spend=Decimal(150),
             contract_spend=Decimal(500))
    services.save_draft(services.return_for(period, Organisation.objects.get(name="Torus"), torus),
                        torus, {"local_spend": Decimal(900), "contract_spend": Decimal(900)})
    returned = services.submit(services.return_for(period, Organisation.objects.get(name="Roche"), roche), roche,
                               {"local_spend": Decimal(0), "contract_spend": Decimal(800)})
    services.send_back(returned, business_user, "Check the spend.")

    figure = figures.indicator_figure(21)
    lower, upper = wilson_interval(450, 1500)
    assert figure["live"] and figure["value"] == pytest.approx(30.0)  # (300 + 150) / (1000 + 500)
    assert (figure["lower"], figure["upper"]) == (pytest.approx(100 * lower), pytest.approx(100 * upper))
    # By hand: (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / 2(n + z^2), x = 450, n = 1500, z = 1.959964
    assert (figure["lower"], figure["upper"]) == (pytest.approx(27.7344, abs=1e-4), pytest.approx(32.3677, abs=1e-4))
    assert figure["organisations"] == 2 and figure["share"] == pytest.approx(100 * 2 / 21)
    assert not figures.indicator_figure(12)["live"]  # no approved return gives its counts


def test_indicator_20_is_pooled_overall_and_by_band(django_user_model, business_user):
    period = meeting()
    halton = anchor_lead(django_user_model, "anchor-halton", "Halton Borough Council")
    sefton = anchor_lead(django_user_model, "anchor-sefton", "Sefton Council")
    approved(period, "Halton Borough Council", halton, business_user, minority_by_band=[
        {"band": "Band 5", "minority": 20, "all": 200}, {"band": "Band 8a", "minority": 2, "all": 50}])
    approved(period, "Sefton Council", sefton, business_user, minority_by_band=[
        {"band": "band  5", "minority": 10, "all": 100}])
    figure = figures.indicator_figure(20)
    assert figure["value"] == pytest.approx(100 * 32 / 350)
    assert [(band, row["numerator"], row["denominator"]) for band, row in figure["bands"]] == [
        ("Band 5", 30, 300), ("Band 8a", 2, 50)]


def test_the_indicator_page_says_not_live_and_why_until_an_assembly_has_approved_returns(
        django_user_model, business_user, board_client, no_page_cache):
    page = board_client.get(reverse("indicator-detail", args=[21])).content.decode()
    assert "Not live." in page and "No Anchor Assembly meeting has an approved evidence return yet" in page
    period = meeting()
    lead = anchor_lead(django_user_model, "anchor-halton", "Halton Borough Council")
    approved(period, "Halton Borough Council", lead, business_user, local_spend=Decimal(300),
             contract_spend=Decimal(1000))
    page = board_client.get(reverse("indicator-detail", args=[21])).content.decode()
    assert "Live from the anchor institutions" in page and "30%" in page and "not" in page
    assert "compared with England" in page


def test_the_dashboard_and_an_organisation_page_take_a_fixed_number_of_queries(
        django_user_model, business_user, board_client, no_page_cache, django_assert_num_queries):
    period = meeting()
    for name in ("Halton Borough Council", "Sefton Council", "Torus"):
        lead = anchor_lead(django_user_model, f"anchor-{name[:5]}", name)
        approved(period, name, lead, business_user, local_fte=8.0, contract_fte=10.0)
    organisation = Organisation.objects.get(name="Torus")
    with django_assert_num_queries(15):
        response = board_client.get(reverse("anchors"))
    assert response.status_code == 200 and b"3 of 21 signatories" in response.content
    with django_assert_num_queries(8):
        assert board_client.get(reverse("anchor-organisation", args=[organisation.pk])).status_code == 200


def test_the_pack_downloads_as_xlsx(django_user_model, business_user, board_client):
    period = meeting()
    lead = anchor_lead(django_user_model, "anchor-halton", "Halton Borough Council")
    approved(period, "Halton Borough Council", lead, business_user)
    response = board_client.get(reverse("anchor-pack", args=[period.pk]) + "?_export=xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    assert b"Halton Borough Council" in board_client.get(reverse("anchor-pack", args=[period.pk])).content


def test_gap_flags_name_a_missing_return_a_returned_one_and_a_member_that_has_not_signed(
        django_user_model, business_user):
    period = meeting()
    lead = anchor_lead(django_user_model, "anchor-halton", "Halton Borough Council")
    ret = services.submit(services.return_for(period, Organisation.objects.get(name="Halton Borough Council"),
                                              lead), lead, {})
    services.send_back(ret, business_user, "Incomplete.")
    Organisation.objects.create(name="A member not signed", hcp_member=True)
    flags = gaps(kinds=[GapKind.ANCHOR_NO_RETURN, GapKind.ANCHOR_RETURNED, GapKind.MEMBER_NOT_SIGNATORY])
    by_kind = {kind: [f.subject for f in flags if f.kind == kind] for kind in
               (GapKind.ANCHOR_NO_RETURN, GapKind.ANCHOR_RETURNED, GapKind.MEMBER_NOT_SIGNATORY)}
    assert len(by_kind[GapKind.ANCHOR_NO_RETURN]) == 20 and "Halton Borough Council" not in by_kind[
        GapKind.ANCHOR_NO_RETURN]
    assert by_kind[GapKind.ANCHOR_RETURNED] == ["Halton Borough Council"]
    assert by_kind[GapKind.MEMBER_NOT_SIGNATORY] == ["A member not signed"]
    assert all(flag.url and flag.fix_url for flag in flags)


def test_only_the_business_team_decides_and_a_lead_cannot_change_an_approved_return(
        council_lead, business_user, board_user):
    period = meeting()
    client_for(council_lead).post(form_url(period, "Halton Borough Council"), whole())
    ret = EvidenceReturn.objects.get()
    decide = reverse("anchor-decide", args=[ret.pk])
    assert client_for(board_user).post(decide, {"decision": "approve"}).status_code == 403
    assert client_for(council_lead).post(decide, {"decision": "approve"}).status_code == 403
    client_for(business_user).post(decide, {"decision": "approve"})
    response = client_for(council_lead).post(form_url(period, "Halton Borough Council"), whole(living_wage_pct="1"))
    assert response.status_code == 403 and b"already approved" in response.content
    ret.refresh_from_db()
    assert ret.state == ret.State.APPROVED and ret.living_wage_pct == 92.5


def test_an_anchor_lead_is_reminded_of_an_evidence_return_due_soon_until_it_is_submitted(council_lead):
    period = meeting(days=20)  # due in 6 days
    reminders = tallies.due_reminders(days=7)[council_lead]
    assert [(r.kind.slug, r.respondent.name, r.url) for r in reminders] == [
        ("anchor-evidence", "Halton Borough Council", form_url(period, "Halton Borough Council"))]
    client_for(council_lead).post(form_url(period, "Halton Borough Council"), whole())
    assert council_lead not in tallies.due_reminders(days=7)

"""Place and neighbourhood plans: a Place records its plans, assesses them against the Neighbourhoods framework on
the return engine, and loads its own indicators beside the Beacon set; the matrix compares the nine Places."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atf_portal.core import roles
from atf_portal.dashboard.gaps import GapKind, gaps
from atf_portal.framework.models import FrameworkItem
from indicators.models import Indicator
from places.models import Area
from programmes.plans import services
from programmes.plans.imports import FLOW
from programmes.plans.kind import ASSESSMENTS
from programmes.plans.models import (
    Assessment,
    AssessmentRound,
    EngagementMeasure,
    LocalIndicator,
    LocalValue,
    Neighbourhood,
    Plan,
    PlanLead,
)

from .conftest import client_for, make_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
Kind = FrameworkItem.Kind


def principle(number):
    return FrameworkItem.objects.get(kind=Kind.NEIGHBOURHOOD_PRINCIPLE, number=str(number))


def a_round(name="Plans assessment, autumn", is_open=True):
    return AssessmentRound.objects.create(name=name, start=TODAY - datetime.timedelta(days=30),
                                          end=TODAY + datetime.timedelta(days=30),
                                          due_date=TODAY + datetime.timedelta(days=20), is_open=is_open)


def a_plan(place="liverpool", kind=Plan.Kind.NEIGHBOURHOOD, title="Liverpool Neighbourhood Health Plan"):
    return Plan.objects.create(place=Area.objects.get(slug=place), kind=kind, title=title,
                               owner="Liverpool Health and Wellbeing Board", period="2026 to 2029",
                               stage=Plan.Stage.DEVELOPMENT)


def assess(item, rating, text="", evidence=""):
    return {f"item_{item.pk}_rating": rating, f"item_{item.pk}_text": text, f"item_{item.pk}_evidence": evidence}


@pytest.fixture
def liverpool_lead(django_user_model):
    return make_user(django_user_model, "lead-liverpool", roles.MARMOT_LEADS, place="liverpool")


@pytest.fixture
def halton_lead(django_user_model):
    return make_user(django_user_model, "lead-halton", roles.MARMOT_LEADS, place="halton")


def test_the_framework_items_a_plan_is_held_against_are_004s_8_objectives_6_principles_and_6_enablers():
    items = FrameworkItem.objects.filter(kind__in=[Kind.NEIGHBOURHOOD_OBJECTIVE, Kind.NEIGHBOURHOOD_PRINCIPLE,
                                                   Kind.NEIGHBOURHOOD_ENABLER])
    counts = {kind: items.filter(kind=kind).count() for kind in
              (Kind.NEIGHBOURHOOD_OBJECTIVE, Kind.NEIGHBOURHOOD_PRINCIPLE, Kind.NEIGHBOURHOOD_ENABLER)}
    assert counts == {Kind.NEIGHBOURHOOD_OBJECTIVE: 8, Kind.NEIGHBOURHOOD_PRINCIPLE: 6, Kind.NEIGHBOURHOOD_ENABLER: 6}
    assert all(item.source.startswith("004:") for item in items)
    assert principle(1).title == "Co-production, collaboration and community power"


def test_a_marmot_lead_records_their_places_neighbourhood_health_plan_and_submits_its_assessment(liverpool_lead):
    client = client_for(liverpool_lead)
    Neighbourhood.objects.create(place=Area.objects.get(slug="liverpool"), name="North")
    response = client.post(reverse("plan-new", args=["liverpool"]), {
        "kind": "neighbourhood", "title": "Liverpool Neighbourhood Health Plan", "period": "2026 to 2029",
        "owner": "Liverpool Health and Wellbeing Board", "stage": "development",
        "neighbourhoods": [Neighbourhood.objects.get().pk], "upload": SimpleUploadedFile("plan.pdf", PDF)})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.place.slug == "liverpool" and plan.file_name == "plan.pdf" and plan.neighbourhoods.count() == 1
    period = a_round()
    url = reverse("plan-assess", args=[period.pk, plan.pk])
    data = {**assess(principle(1), "partly", "Co-designed with residents' panels.", "page 4"),
            **assess(principle(4), "planned", "Outcomes framework to follow."), "action": "submit"}
    assert client.post(url, data).status_code == 302
    ret = Assessment.objects.get()
    assert ret.state == Assessment.State.SUBMITTED and ret.lead == liverpool_lead
    assert ret.answers[str(principle(1).pk)] == {"rating": "partly", "text": "Co-designed with residents' panels.",
                                                 "evidence": "page 4"}
    download = client.get(reverse("plan-document", args=[plan.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="plan.pdf"' and download.content == PDF


def test_a_submission_rating_a_principle_above_not_addressed_must_say_how(liverpool_lead):
    plan, period = a_plan(), a_round()
    response = client_for(liverpool_lead).post(reverse("plan-assess", args=[period.pk, plan.pk]),
                                               {**assess(principle(2), "fully"), "action": "submit"})
    assert response.status_code == 400 and not Assessment.objects.exists()
    assert "Say how the plan embodies neighbourhoods guiding principle 2" in response.content.decode()


def test_a_lead_of_another_place_gets_404_on_the_draft_and_the_form(liverpool_lead, halton_lead):
    plan, period = a_plan(), a_round()
    ret = ASSESSMENTS.save_draft(ASSESSMENTS.return_for(period, plan, liverpool_lead), liverpool_lead,
                                 {"answers": {}, "actuals": {}})
    other = client_for(halton_lead)
    assert other.get(ret.get_absolute_url()).status_code == 404
    assert other.get(reverse("plan-assess", args=[period.pk, plan.pk])).status_code == 404
    assert other.get(reverse("plan-new", args=["liverpool"])).status_code == 404
    assert other.get(reverse("plan-edit", args=[plan.pk])).status_code == 404


def test_a_named_plan_lead_assesses_the_plan_whatever_their_group(django_user_model):
    plan, period = a_plan(), a_round()
    named = make_user(django_user_model, "plan-lead", roles.BOARD_MEMBERS)
    PlanLead.objects.create(user=named, plan=plan)
    assert client_for(named).get(reverse("plan-assess", args=[period.pk, plan.pk])).status_code == 200


def test_the_business_team_returns_with_a_reason_then_approves_and_the_matrix_shows_the_rating(
        liverpool_lead, business_user, board_user):
    plan, period = a_plan(), a_round()
    ret = ASSESSMENTS.submit(ASSESSMENTS.return_for(period, plan, liverpool_lead), liverpool_lead,
                             {"answers": {str(principle(1).pk): {"rating": "fully", "text": "Throughout.",
                                                                 "evidence": "p. 2"}}, "actuals": {}})
    business = client_for(business_user)
    decide = reverse("plan-decide", args=[ret.pk])
    assert business.post(decide, {"decision": "return", "return_reason": ""}).status_code == 400
    business.post(decide, {"decision": "return", "return_reason": "Quote the plan."})
    ret.refresh_from_db()
    assert ret.state == Assessment.State.RETURNED and ret.return_reason == "Quote the plan."
    assert client_for(board_user).get(ret.get_absolute_url()).status_code == 404  # not yet approved
    ASSESSMENTS.submit(ret, liverpool_lead, {"answers": ret.answers, "actuals": {}})
    business.post(decide, {"decision": "approve"})
    ret.refresh_from_db()
    assert ret.state == Assessment.State.APPROVED
    board = client_for(board_user)
    assert board.get(ret.get_absolute_url()).status_code == 200
    page = board.get(reverse("plans-matrix")).content.decode()
    assert "nhsuk-tag--green\">Fully embodied</strong>" in page and "Nothing said" in page
    places, groups = services.matrix()
    principles = dict(groups)["Neighbourhoods guiding principle"]
    liverpool = [p.slug for p in places].index("liverpool")
    assert principles[0][1][liverpool].label == "Fully embodied"
    assert principles[1][1][liverpool].label == "Nothing said"


def test_the_matrix_ignores_an_assessment_not_yet_approved(liverpool_lead):
    plan, period = a_plan(), a_round()
    ASSESSMENTS.submit(ASSESSMENTS.return_for(period, plan, liverpool_lead), liverpool_lead,
                       {"answers": {str(principle(1).pk): {"rating": "fully", "text": "x", "evidence": ""}},
                        "actuals": {}})
    places, groups = services.matrix()
    assert all(cell.label == "Nothing said" for _, rows in groups for _, cells in rows for cell in cells)


def test_an_uploaded_plan_document_that_is_not_what_its_name_says_is_refused(liverpool_lead):
    response = client_for(liverpool_lead).post(reverse("plan-new", args=["liverpool"]), {
        "kind": "place", "title": "Liverpool Place Plan", "period": "2024 to 2029", "owner": "One Liverpool",
        "stage": "agreed", "upload": SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 a program")})
    assert response.status_code == 400 and not Plan.objects.exists()
    assert "plan.pdf is named as a PDF but its content is" in response.content.decode()


def values_csv(*rows):
    header = "indicator,area,period,value,lower_95,upper_95,count,denominator\n"
    return (header + "".join(row + "\n" for row in rows)).encode()


def test_a_local_indicator_imported_from_the_template_shows_on_the_place_page_and_never_in_the_beacon_counts(
        liverpool_lead, board_user):
    beacon = Indicator.objects.count()
    place = Area.objects.get(slug="liverpool")
    Neighbourhood.objects.create(place=place, name="North")
    indicator = LocalIndicator.objects.create(place=place, title="Residents reporting good health", unit="%",
                                              definition="Share of survey respondents.", source="Liverpool survey",
                                              polarity="higher")
    client = client_for(liverpool_lead)
    template = client.get(reverse("local-template")).content.decode()
    assert f"{indicator.reference},Liverpool," in template and f"{indicator.reference},North," in template
    bad = values_csv(f"{indicator.reference},Liverpool,2025,71,,,710,1000",
                     f"{indicator.reference},Nowhere,2025,seventy,,,,")
    response = client.post(reverse("local-upload"), {"file": SimpleUploadedFile("values.csv", bad)})
    page = response.content.decode()
    assert "values.csv, the file, row 3, column &#x27;area&#x27;: &#x27;Nowhere&#x27; is neither Liverpool" in page
    assert "row 3, column &#x27;value&#x27;: &#x27;seventy&#x27; is not a number." in page
    assert not LocalValue.objects.exists()
    good = values_csv(f"{indicator.reference},Liverpool,2025,71,,,710,1000",
                      f"{indicator.reference},North,2025,64,60,68,,")
    preview = client.post(reverse("local-upload"), {"file": SimpleUploadedFile("values.csv", good)})
    assert not LocalValue.objects.exists()
    assert client.post(preview["Location"]).status_code == 302
    assert LocalValue.objects.count() == 2
    place_page = client_for(board_user).get(reverse("place-detail", args=["liverpool"])).content.decode()
    assert "Residents reporting good health" in place_page
    plan_page = client_for(board_user).get(a_plan().get_absolute_url()).content.decode()
    assert "Residents reporting good health" in plan_page
    assert Indicator.objects.count() == beacon and "Residents reporting good health" not in client_for(
        board_user).get(reverse("indicator-list")).content.decode()
    assert not [f for f in gaps() if "Residents reporting good health" in f.sentence]
    detail = client_for(board_user).get(indicator.get_absolute_url()).content.decode()
    assert "Worse" in detail  # North's interval lies below Liverpool's 71, and higher is better


def test_a_lead_cannot_load_values_for_another_places_indicator(halton_lead):
    indicator = LocalIndicator.objects.create(place=Area.objects.get(slug="liverpool"), title="Walking",
                                              definition="d", source="s")
    plan = FLOW.plan("values.csv", values_csv(f"{indicator.reference},Liverpool,2025,5,,,,"), halton_lead)
    assert plan.errors == [f"values.csv, the file, row 2, column 'indicator': {indicator.reference} is Liverpool's; "
                           "you load values for your own Place only."]


def test_a_place_with_no_neighbourhood_health_plan_after_april_2026_is_flagged():
    a_plan(place="halton", kind=Plan.Kind.PLACE, title="Halton Place Plan")
    a_plan(place="liverpool")
    flagged = {f.subject for f in gaps(kinds=[GapKind.PLACE_NO_NEIGHBOURHOOD_PLAN], today=datetime.date(2026, 5, 1))}
    assert "Halton" in flagged and "Liverpool" not in flagged and len(flagged) == 8
    assert not gaps(kinds=[GapKind.PLACE_NO_NEIGHBOURHOOD_PLAN], today=datetime.date(2026, 4, 30))


def test_a_plan_with_no_assessment_and_its_unaddressed_principles_are_flagged(liverpool_lead, business_user):
    plan, period = a_plan(), a_round()
    assert [f.subject for f in gaps(kinds=[GapKind.PLAN_NO_ASSESSMENT])] == [plan.title]
    ret = ASSESSMENTS.submit(ASSESSMENTS.return_for(period, plan, liverpool_lead), liverpool_lead, {
        "answers": {str(principle(1).pk): {"rating": "partly", "text": "x", "evidence": ""},
                    str(principle(2).pk): {"rating": "not_addressed", "text": "", "evidence": ""}}, "actuals": {}})
    assert not gaps(kinds=[GapKind.PLAN_NO_ASSESSMENT])
    ASSESSMENTS.approve(ret, business_user)
    sentences = [f.sentence for f in gaps(kinds=[GapKind.PRINCIPLE_UNADDRESSED])]
    assert len(sentences) == 5 and not any("principle 1," in s for s in sentences)
    assert any("principle 2, Marmot principles" in s for s in sentences)


def test_a_plan_measure_with_no_actual_in_its_last_round_is_flagged(liverpool_lead):
    plan, period = a_plan(), a_round()
    reached = EngagementMeasure.objects.create(plan=plan, title="Residents reached", target=500)
    sessions = EngagementMeasure.objects.create(plan=plan, title="Co-design sessions held", target=12)
    ASSESSMENTS.save_draft(ASSESSMENTS.return_for(period, plan, liverpool_lead), liverpool_lead,
                           {"answers": {}, "actuals": {str(reached.pk): 340}})
    flags = gaps(kinds=[GapKind.PLAN_MEASURE_NO_ACTUAL])
    assert [f.sentence for f in flags] == [f"{plan.title}'s measure {sessions.title} has no actual for {period.name}."]


def test_the_matrix_and_a_plan_page_take_a_fixed_number_of_queries(liverpool_lead, business_user, board_user,
                                                                    django_assert_num_queries):
    period = a_round()
    for slug in ("liverpool", "halton", "wirral"):
        plan = a_plan(place=slug, title=f"{slug} plan")
        EngagementMeasure.objects.create(plan=plan, title="Residents reached")
        ret = Assessment.objects.create(period=period, plan=plan, state=Assessment.State.SUBMITTED,
                                        answers={str(principle(1).pk): {"rating": "planned"}})
        ASSESSMENTS.approve(ret, business_user)
    client = client_for(board_user)
    client.get(reverse("plans-matrix"))
    with django_assert_num_queries(8):
        assert client.get(reverse("plans-matrix")).status_code == 200
    with django_assert_num_queries(14):
        assert client.get(reverse("plan-detail", args=[plan.pk])).status_code == 200

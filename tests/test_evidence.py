"""What works: evidence records reviewed on the return engine, the hub, the expected assessments and their flags."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from atf_portal.core import roles
from atf_portal.dashboard.gaps import GapKind, gaps
from atf_portal.framework.models import MarmotRecommendation
from places.models import Area
from programmes.evidence.kind import EVIDENCE
from programmes.evidence.models import EvidenceRecord, EvidenceRound, ExpectedEvidence, Kind
from programmes.evidence.search import search
from programmes.models import Programme

from .conftest import LEAD_PROGRAMME, client_for, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "Healthy Child Programme evaluation 2025"
# Exact, session and user included, whatever the number of records: the hub's list, and a record's page (a
# reviewed one reads its review and its history besides). The hub's table counts its records once.
HUB_QUERIES = 16
RECORD_QUERIES = 11
REVIEWED_QUERIES = 13


@pytest.fixture
def evidence_round(db):
    return EvidenceRound.objects.create(name="Evidence 2026", start="2026-01-01", end="2026-12-31",
                                        due_date="2026-12-31", is_open=True)


def recommendation(reference):
    theme, order = reference.split(".")
    return MarmotRecommendation.objects.get(theme__number=theme, order=order)


def form(**changes):
    data = {"kind": Kind.EVALUATION, "title": TITLE, "findings": "Visits reached more families in the most deprived "
            "wards; breastfeeding at six weeks did not change.", "verdict": "mixed", "method": "Before and after",
            "programmes": [Programme.objects.get(name=LEAD_PROGRAMME).pk], "action": "submit"}
    data.update(changes)
    return data


def submitted(user, **changes):
    """A record submitted by `user` (the business team by default) through the engine."""
    record = EvidenceRecord.objects.create(kind=changes.pop("kind", Kind.ASSESSMENT), title=changes.pop("title"),
                                           author=user)
    review = EVIDENCE.return_for(EvidenceRound.objects.get(), record, user)
    links = {name: changes.pop(name) for name in ("recommendations", "places", "programmes") if name in changes}
    return EVIDENCE.submit(review, user, {"findings": "As written.", "verdict": "worked", **changes, **links})


def test_a_programme_lead_records_an_evaluation_which_shows_everywhere_once_the_business_team_approves_it(
        evidence_round, programme_lead_client, business_client, board_client, business_user):
    programme = Programme.objects.get(name=LEAD_PROGRAMME)
    five_fourteen = recommendation("5.14")
    response = programme_lead_client.post(reverse("evidence-new-programme", args=[programme.pk]), form(
        recommendations=[five_fourteen.pk], document=SimpleUploadedFile("evaluation.pdf", PDF)))
    record = EvidenceRecord.objects.get(title=TITLE)
    assert response.status_code == 302 and record.review.state == "submitted" and record.for_programme == programme
    assert record.file_name == "evaluation.pdf" and record.history.exists()
    hub = reverse("evidence-hub") + "?q=breastfeeding"
    assert TITLE not in board_client.get(hub).content.decode()

    queue = business_client.get(reverse("reporting-review")).content.decode()
    assert f'<a href="{record.get_absolute_url()}">{TITLE}</a>' in queue  # the engine's one review queue
    business_client.post(reverse("evidence-decide", args=[record.pk]), {"decision": "approve"})
    assert EvidenceRecord.objects.get(pk=record.pk).review.state == "approved"
    assert TITLE in board_client.get(programme.get_absolute_url()).content.decode()
    assert TITLE in board_client.get(hub).content.decode()
    coherence = board_client.get(reverse("coherence")).content.decode()
    assert f'?recommendation={five_fourteen.pk}">What works:\n          1 evidence record</a>' in coherence
    assert board_client.get(reverse("evidence-document", args=[record.pk]))["Content-Disposition"] == \
        'attachment; filename="evaluation.pdf"'


def test_a_programme_lead_gets_a_404_for_another_programme(evidence_round, programme_lead_client):
    other = Programme.objects.exclude(name=LEAD_PROGRAMME).first()
    assert programme_lead_client.get(reverse("evidence-new-programme", args=[other.pk])).status_code == 404
    assert programme_lead_client.post(reverse("evidence-new-programme", args=[other.pk]), form()).status_code == 404
    assert not EvidenceRecord.objects.filter(title=TITLE).exists()


def test_a_marmot_lead_adds_evidence_for_their_own_place_only(evidence_round, lead_client):
    assert lead_client.get(reverse("evidence-new-place", args=["liverpool"])).status_code == 200
    assert lead_client.get(reverse("evidence-new-place", args=["halton"])).status_code == 404
    lead_client.post(reverse("evidence-new-place", args=["liverpool"]), form(action="draft", programmes=[]))
    assert EvidenceRecord.objects.get(title=TITLE).for_place.slug == "liverpool"


def test_a_submission_needs_findings_and_a_verdict_but_a_draft_does_not(evidence_round, programme_lead_client):
    url = reverse("evidence-new-programme", args=[Programme.objects.get(name=LEAD_PROGRAMME).pk])
    response = programme_lead_client.post(url, form(findings="", verdict=""))
    assert response.status_code == 400 and "Choose a verdict" in response.content.decode()
    assert programme_lead_client.post(url, form(findings="", verdict="", action="draft")).status_code == 302


def test_a_did_not_work_verdict_is_shown_as_plainly_as_a_success(evidence_round, business_user, board_client):
    for title, verdict in (("Worked well", "worked"), ("Failed pilot", "did_not_work")):
        EVIDENCE.approve(submitted(business_user, title=title, verdict=verdict), business_user)
    page = board_client.get(reverse("evidence-hub")).content.decode()
    assert '<strong class="nhsuk-tag nhsuk-tag--red">Did not work</strong>' in page
    assert '<strong class="nhsuk-tag nhsuk-tag--green">Worked</strong>' in page
    failed = EvidenceRecord.objects.get(title="Failed pilot")
    assert "Did not work</strong>" in board_client.get(failed.get_absolute_url()).content.decode()
    assert board_client.get(reverse("evidence-hub") + "?verdict=did_not_work").context["table"].rows[0].record == failed


def asked():
    return {flag.subject for flag in gaps(kinds=[GapKind.ASSESSMENT_NOT_RECORDED])}


def test_the_assessments_the_documents_ask_for_are_flagged_until_one_is_approved(evidence_round, business_user):
    places = [f"Recommendation 8.4 for {place.name}" for place in Area.objects.places()]
    assert asked() == {"Recommendation 5.14", "Recommendation 5.21", "Recommendation 6.10", "Recommendation 8.4",
                       *places}
    assert ExpectedEvidence.objects.get(recommendation=recommendation("5.14")).source == "001:792"
    review = submitted(business_user, title="LCR transport HEA", recommendations=[recommendation("5.14")])
    assert "Recommendation 5.14" in asked()  # submitted is not yet recorded
    EVIDENCE.approve(review, business_user)
    EVIDENCE.approve(submitted(business_user, title="Wirral Green Plan HEA", recommendations=[recommendation("8.4")],
                               places=[Area.objects.get(slug="wirral")]), business_user)
    assert "Recommendation 5.14" not in asked() and "Recommendation 8.4 for Wirral" not in asked()
    assert {"Recommendation 5.21", "Recommendation 6.10", "Recommendation 8.4 for Halton"} <= asked()


def test_programmes_awaiting_evaluation_and_a_pilot_a_year_on_are_flagged(evidence_round, business_user):
    def awaited(today=None):
        return {flag.subject for flag in gaps(kinds=[GapKind.EVALUATION_AWAITED], today=today)}

    assert awaited() == {"Positive Behaviour Support Service - Cheshire and Merseyside", "Autism in Schools project"}
    pilot = ExpectedEvidence.objects.get(why="pilot", source="001:45")
    pilot.pilot_start = datetime.date(2025, 1, 6)
    pilot.save()
    assert pilot.programme.name not in awaited(datetime.date(2026, 1, 5))
    assert pilot.programme.name in awaited(datetime.date(2026, 1, 6))
    EVIDENCE.approve(submitted(business_user, title="Autism in Schools evaluation", kind=Kind.EVALUATION,
                               programmes=[Programme.objects.get(name="Autism in Schools project")]), business_user)
    assert "Autism in Schools project" not in awaited()


def test_an_unapproved_record_is_never_shown_to_others_or_publicly(evidence_round, business_user, board_client,
                                                                   client, lead_client):
    title = "Unapproved Green Plan assessment"
    review = submitted(business_user, title=title, recommendations=[recommendation("8.4")],
                       programmes=[Programme.objects.get(name=LEAD_PROGRAMME)])
    EvidenceRecord.objects.filter(pk=review.record_id).update(publish=True)  # marked, but not approved
    record = review.record
    for reader in (board_client, lead_client):
        assert reader.get(record.get_absolute_url()).status_code == 404
        assert reader.get(reverse("evidence-document", args=[record.pk])).status_code == 404
        for url in (reverse("evidence-hub"), reverse("evidence-hub") + "?q=Green", reverse("coherence"),
                    Programme.objects.get(name=LEAD_PROGRAMME).get_absolute_url(), reverse("gap-list")):
            assert title not in reader.get(url).content.decode(), url
    public = [reverse("outcomes-index"), *(reverse(f"api:{name}-list") + "?format=json" for name in (
        "theme", "recommendation", "programme", "coherence", "indicator"))]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200 and title not in response.content.decode(), url


def test_records_the_team_marks_for_publication_appear_on_the_public_outcomes_pages(
        evidence_round, business_user, business_client, client):
    review = EVIDENCE.approve(submitted(business_user, title="Women's Health Hubs evaluation"), business_user)
    assert "Women's Health Hubs evaluation" not in client.get(reverse("outcomes-index")).content.decode()
    business_client.post(reverse("evidence-decide", args=[review.record_id]), {"decision": "publish"})
    page = client.get(reverse("outcomes-index")).content.decode()
    assert "Women&#x27;s Health Hubs evaluation" in page and "Verdict: <strong>Worked</strong>" in page


def test_the_case_studies_the_documents_give_are_records_with_their_lines(board_client):
    warm_homes = EvidenceRecord.objects.get(title="Warm Homes for Young Lungs")
    assert warm_homes.kind == Kind.CASE_STUDY and warm_homes.source == "000:281-285" and not warm_homes.verdict
    assert [place.slug for place in warm_homes.places.all()] == ["st-helens"]
    assert EvidenceRecord.objects.filter(kind=Kind.CASE_STUDY).count() == EvidenceRecord.objects.shown().count()
    page = board_client.get(warm_homes.get_absolute_url()).content.decode()
    assert "000:281-285" in page and "No verdict recorded" in page


def test_a_scale_up_record_shows_where_the_programme_runs_and_where_it_does_not(evidence_round, business_user,
                                                                                 board_client):
    programme = Programme.objects.filter(places__isnull=False).distinct().first()
    review = EVIDENCE.approve(submitted(business_user, title="Roll it out", programmes=[programme],
                                        recommends="scale_up"), business_user)
    response = board_client.get(review.record.get_absolute_url())
    [(shown, names_places, rows)] = response.context["spread"]
    runs = {place.slug for place, here, _ in rows if here}
    assert shown == programme and names_places and runs == {p.slug for p in programme.places.all()}
    assert len(rows) == 9 and "Spread: where it runs and where it does not" in response.content.decode()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the fallback is for SQLite")
def test_search_falls_back_to_a_plain_match_on_sqlite(evidence_round, business_user):
    EVIDENCE.approve(submitted(business_user, title="Transport equity", findings="Bus fares deter young people."),
                     business_user)
    assert [r.title for r in search(EvidenceRecord.objects.shown(), "FARES deter")] == ["Transport equity"]
    assert not search(EvidenceRecord.objects.shown(), "fare deters").exists()  # no stemming in the fallback


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")
def test_full_text_search_on_postgresql_matches_word_forms_and_ranks_titles_first(evidence_round, business_user):
    EVIDENCE.approve(submitted(business_user, title="Transport equity", findings="Bus fares deter young people."),
                     business_user)
    EVIDENCE.approve(submitted(business_user, title="Fares review", findings="Cheaper travel."), business_user)
    found = [r.title for r in search(EvidenceRecord.objects.shown(), "fare deterring")]
    assert found == ["Transport equity"]
    assert [r.title for r in search(EvidenceRecord.objects.shown(), "fare")] == ["Fares review", "Transport equity"]


def test_the_hub_filters_are_labelled_and_filter_by_theme(board_client):
    response = board_client.get(reverse("evidence-hub") + "?theme=" + str(Programme.objects.get(
        name=LEAD_PROGRAMME).theme_id))
    assert "[invalid name]" not in response.content.decode()
    assert response.context["filter"].form["theme"].label == "Theme"


def test_the_hub_exports_every_filtered_row(board_client):
    response = board_client.get(reverse("evidence-hub") + "?kind=case_study&_export=csv")
    rows = response.content.decode().strip().splitlines()
    assert response["Content-Disposition"] == 'attachment; filename="atf-evidence.csv"'
    assert len(rows) == 1 + EvidenceRecord.objects.filter(kind=Kind.CASE_STUDY).count() and "Findings" in rows[0]


def test_hub_and_record_query_counts_are_fixed(evidence_round, business_user, board_client, no_page_cache,
                                               django_assert_num_queries):
    record = EvidenceRecord.objects.get(title="Warm Homes for Young Lungs")
    board_client.get(reverse("evidence-hub"))
    with django_assert_num_queries(HUB_QUERIES):
        board_client.get(reverse("evidence-hub"))
    with django_assert_num_queries(RECORD_QUERIES):
        board_client.get(record.get_absolute_url())
    for n in range(5):
        EVIDENCE.approve(submitted(business_user, title=f"Record {n}", recommendations=[recommendation("5.14")],
                                   places=list(Area.objects.places())), business_user)
    with django_assert_num_queries(HUB_QUERIES):
        board_client.get(reverse("evidence-hub"))
    with django_assert_num_queries(REVIEWED_QUERIES):  # its review and the review's history besides
        board_client.get(EvidenceRecord.objects.get(title="Record 0").get_absolute_url())


def test_a_returned_record_goes_back_to_its_author_with_the_reason(evidence_round, programme_lead_user,
                                                                    business_client):
    programme = Programme.objects.get(name=LEAD_PROGRAMME)
    client_for(programme_lead_user).post(reverse("evidence-new-programme", args=[programme.pk]), form())
    record = EvidenceRecord.objects.get(title=TITLE)
    business_client.post(reverse("evidence-decide", args=[record.pk]), {"decision": "return",
                                                                         "return_reason": "Add the method."})
    page = client_for(programme_lead_user).get(reverse("evidence-edit", args=[record.pk])).content.decode()
    assert "Add the method." in page
    board_member = make_user(get_user_model(), "someone-else", roles.BOARD_MEMBERS)
    assert client_for(board_member).get(reverse("evidence-edit", args=[record.pk])).status_code == 404


def test_only_the_business_team_decides_on_evidence(evidence_round, programme_lead_client, programme_lead_user):
    programme = Programme.objects.get(name=LEAD_PROGRAMME)
    programme_lead_client.post(reverse("evidence-new-programme", args=[programme.pk]), form())
    record = EvidenceRecord.objects.get(title=TITLE)
    for decision in ("approve", "publish"):
        assert programme_lead_client.post(reverse("evidence-decide", args=[record.pk]),
                                          {"decision": decision}).status_code == 403
    record.refresh_from_db()
    assert record.review.state == "submitted" and not record.publish

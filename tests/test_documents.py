"""Issue 11, "the documents, whole and true": statuses only from the plan's words, all 58 rows, marked damage,
every named body a board with what reports to it, and the framework documents seeded and shown."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from atf_portal.dashboard.gaps import GapKind, gaps
from atf_portal.framework.models import FrameworkItem, cite
from atf_portal.seed.bootstrap import bootstrap
from programmes.models import Board, Programme

from .conftest import refused, sent_to_sign_in

pytestmark = pytest.mark.django_db

Status = Programme.Status
Kind = FrameworkItem.Kind
PLAN = "DP2024-25/"


def row(ref):
    return Programme.objects.get(source_ref=PLAN + ref)


def first_record(programme):
    return Programme.history.get(source_ref=programme.source_ref, history_type="+")


def test_the_plan_has_58_rows_with_11_13_10_5_6_4_5_4_under_the_eight_themes():
    assert Programme.objects.count() == 58
    counts = Counter(Programme.objects.values_list("theme__number", flat=True))
    assert [counts[n] for n in range(1, 9)] == [11, 13, 10, 5, 6, 4, 5, 4]


STATED = {
    "1/10": (Status.PENDING, "Pending Information", "001:46"),
    "2/03": (Status.PENDING, "Pending Information update", "001:57"),
    "4/05": (Status.PENDING, "Pending Information update", "001:227"),
    "3/04": (Status.PLANNED, "The Charter is likely to launch in 2025", "001:153"),
    "3/09": (Status.AWAITING_FUNDING, "Pending successful funding application", "001:215"),
    "4/01": (Status.PENDING_APPROVAL, "Document in draft form - pending approval – detail to be confirmed", "001:219"),
    "4/02": (Status.SCOPING, "in scoping stage – to be developed", "001:222"),
    "5/02": (Status.BOARD_BEING_ESTABLISHED, "A Health and Housing Inequalities Board is being established", "001:233"),
    # Rows whose cells state their stage in words no category fits (or, for 1/07 and 2/12, a plan to start).
    "1/01": (Status.AS_WRITTEN, "Measures of the intervention stage are currently being agreed", "001:17"),
    "1/07": (Status.PLANNED, "It is proposed that an initial pilot will commence", "001:40"),
    "1/09": (Status.AS_WRITTEN, "Currently in pilot stage", "001:45"),
    "2/01": (Status.AS_WRITTEN, "with a Discovery phase starting in Speke Liverpool in September 2024", "001:53"),
    "2/06": (Status.AS_WRITTEN, "Work started to design with system-wide stakeholders a best practice model", "001:95"),
    "2/07": (Status.AS_WRITTEN, "Building work nearly completed pending Care Quality Commission registration Dec 24",
             "001:96"),
    "2/08": (Status.AS_WRITTEN, "Mobilisation of wave eleven teams has commenced ready for September 2024", "001:97"),
    "2/09": (Status.AS_WRITTEN, "Intensive Support Function agreed, and funding secured, work underway to develop "
             "and implement.", "001:100"),
    "2/10": (Status.AS_WRITTEN, "Interim investment to pilot a Cheshire and Merseyside wide, all age Positive "
             "Behaviour Support offer, completed and awaiting pilot project evaluation.", "001:105"),
    "2/11": (Status.AS_WRITTEN, "Expansion completed to include 18-25yr old with Learning Disabilities / Autism "
             "diagnosis at risk of mental health hospital admission", "001:110"),
    "2/12": (Status.PLANNED, "Support to begin from September 2024.", "001:111"),
    "2/13": (Status.AS_WRITTEN, "Initial pilot project completed and evaluated through NHS England. Additional moneys "
             "secured for further pilot in Cheshire and Merseyside. Awaiting evaluation.", "001:114"),
    "3/03": (Status.AS_WRITTEN, "currently 126 businesses formally approved at Aspiring Level", "001:122"),
    "5/04": (Status.AS_WRITTEN, "(Plan in development - Public Consultation planned for", "001:278"),
    "6/02": (Status.AS_WRITTEN, "Programme Monitoring Dashboard under development.", "001:295-296"),
    "7/01": (Status.AS_WRITTEN, "This project is funded until June 25", "001:477-478"),
    "8/04": (Status.AS_WRITTEN, "(Note the Green Plan is being refreshed for 2025-2028.)", "001:706"),
}


def test_a_status_comes_only_from_the_rows_own_words_with_the_words_and_their_line():
    for ref, (status, quote, source) in STATED.items():
        programme = row(ref)
        assert (programme.status, programme.status_quote, programme.status_source) == (status, quote, source), ref
    others = Programme.objects.exclude(source_ref__in=[PLAN + ref for ref in STATED])
    assert set(others.values_list("status", flat=True)) == {Status.NOT_STATED}
    assert set(others.values_list("status_quote", flat=True)) == {""}


def test_no_seeded_row_is_in_delivery():
    assert not Programme.objects.filter(status=Status.ACTIVE).exists()
    assert Programme._meta.get_field("status").default == Status.NOT_STATED


def test_the_programme_page_shows_the_status_and_the_quoted_words_with_their_document_line(board_client):
    page = board_client.get(row("4/02").get_absolute_url()).content.decode()
    assert "Scoping" in page
    assert "in scoping stage – to be developed" in page
    assert "Delivery Plan 2024-25, line 222" in page
    page = board_client.get(row("3/01").get_absolute_url()).content.decode()
    assert "nhsuk-tag--grey" in page and "Not stated" in page


def test_pending_information_is_still_flagged_as_missing_information():
    flagged = {flag.pk for flag in gaps(kinds=[GapKind.PROGRAMME_INCOMPLETE])
               if "is pending information" in flag.sentence}
    assert flagged == {row(ref).pk for ref, (status, *_) in STATED.items() if status == Status.PENDING}


def test_the_repeated_careers_hub_row_is_kept_pointing_to_its_twin(board_client):
    twin, first = row("3/10"), row("3/07")
    assert (twin.name, twin.repeats) == (first.name, first)
    assert twin.board_text and [b.slug for b in twin.boards.all()] == [b.slug for b in first.boards.all()]
    assert (row("3/09").plan_order, twin.plan_order) == (10, 9)
    page = board_client.get(twin.get_absolute_url()).content.decode()
    assert "The plan lists this programme twice; see its twin" in page
    assert first.get_absolute_url() in page
    assert twin.get_absolute_url() in board_client.get(first.get_absolute_url()).content.decode()


def test_a_row_the_plan_lists_twice_is_flagged_with_a_link_to_fix_it():
    twin = row("3/10")
    [flag] = gaps(kinds=[GapKind.PROGRAMME_REPEATED])
    assert (flag.kind_label, flag.pk, flag.theme) == ("Programme listed twice", twin.pk, 3)
    assert "the plan lists this programme twice" in flag.sentence
    assert flag.fix_url == reverse("admin:programmes_programme_change", args=[twin.pk])
    assert flag.url == twin.get_absolute_url()
    twin.repeats = None
    twin.save()
    assert gaps(kinds=[GapKind.PROGRAMME_REPEATED]) == []


def test_damaged_source_text_is_marked_and_the_page_says_where(board_client):
    damaged = row("1/08")
    assert damaged.name.startswith("Early identific[...] of SEN")
    assert damaged.damaged_fields == "name, outline" and damaged.damage_note
    page = board_client.get(damaged.get_absolute_url()).content.decode()
    assert "nhsuk-warning-callout" in page
    assert "The plan's text is damaged in the name, outline:" in page
    assert "nhsuk-warning-callout" not in board_client.get(row("3/01").get_absolute_url()).content.decode()
    assert row("1/01").partners_text == "Bevond [sic] Board"


BODIES = [
    "Integrated Care Board Recovery Committee",
    "Police and Crime Commissioner (Merseyside)",
    "Police and Crime Commissioner (Cheshire)",
    "Serious Violence Duty Tactical Oversight group",
    "Cheshire Criminal Justice Board",
    "NHS Cheshire and Merseyside People Committee",
    "Board - Provider Organisations",
    "Health and Housing Inequalities Board",
]


def test_every_body_the_documents_name_has_a_board_record_with_its_source():
    names = set(Board.objects.values_list("name", flat=True))
    assert set(BODIES) <= names
    assert "NHS Cheshire and Merseyside People Committee and Board" not in names
    assert not Board.objects.filter(source="").exists()
    assert {b.slug for b in row("7/03").boards.all()} == {
        "nhs-cheshire-and-merseyside-people-committee", "board-provider-organisations"}
    assert Board.objects.get(slug="integrated-care-board-recovery-committee").citation == (
        "Delivery Plan 2024-25, line 232")


def test_rows_and_bodies_report_to_the_boards_the_text_names():
    assert [b.slug for b in row("5/01").reports_to.all()] == ["integrated-care-board-recovery-committee"]
    assert [b.slug for b in row("5/06").reports_to.all()] == ["cheshire-criminal-justice-board"]
    flow = Board.objects.get(slug="mental-health-system-flow-steering-group")
    assert [b.slug for b in flow.reports_to.all()] == ["integrated-care-board-recovery-committee"]
    oversight = Board.objects.get(slug="serious-violence-duty-tactical-oversight-group")
    assert not oversight.reports_to.exists() and oversight.note
    assert "reports_to" in [field.name for field in Programme.history.model._history_m2m_fields]


def test_the_board_page_lists_what_it_is_accountable_for_and_what_reports_through_it(board_client):
    board = Board.objects.get(slug="cheshire-and-merseyside-population-health-partnership")
    page = board_client.get(board.get_absolute_url()).content.decode()
    assert "What reports through this board" in page
    for ref in ("6/02", "6/03"):
        assert row(ref).get_absolute_url() in page
    assert Board.objects.get(slug="cheshire-and-merseyside-tobacco-control-board").get_absolute_url() in page
    for programme in board.programmes.all():
        assert programme.get_absolute_url() in page
    committee = Board.objects.get(slug="integrated-care-board-recovery-committee")
    page = board_client.get(committee.get_absolute_url()).content.decode()
    assert row("5/01").get_absolute_url() in page
    assert "Mental Health System Flow Steering Group" in page


def test_7_01_keeps_its_headline_ambition_cell_as_written(board_client):
    cell = "Cross cutting theme (Core area of focus) Anti-Racism"
    assert row("7/01").headline_cell == cell
    assert cell in board_client.get(row("7/01").get_absolute_url()).content.decode()
    assert set(Programme.objects.exclude(headline_cell="").values_list("source_ref", flat=True)) == {PLAN + "7/01"}


COUNTS = {
    Kind.AIM: 4, Kind.FOCUS_PROGRAMME: 9, Kind.CASE_STUDY: 9, Kind.STOCKTAKE_FINDING: 6, Kind.INDICATOR_WORK: 4,
    Kind.NEIGHBOURHOOD_OBJECTIVE: 8, Kind.NEIGHBOURHOOD_PRINCIPLE: 6, Kind.NEIGHBOURHOOD_ENABLER: 6,
    Kind.VISION: 1, Kind.MISSION: 1, Kind.BASELINE_PROPOSAL: 1, Kind.NEIGHBOURHOOD_AIM: 1,
}


def test_the_framework_documents_are_seeded_each_item_with_its_source():
    counts = Counter(FrameworkItem.objects.values_list("kind", flat=True))
    assert {kind: counts[kind] for kind in COUNTS} == COUNTS
    assert not FrameworkItem.objects.filter(source="").exists()
    assert FrameworkItem.objects.get(kind=Kind.VISION).source == "000:77"
    assert FrameworkItem.objects.get(kind=Kind.BASELINE_PROPOSAL).text.startswith(
        "A case could be made for regarding 2022 as the beacon indicator baseline")


def test_a_source_is_cited_by_document_name_and_line():
    assert cite("000:77") == "HCP Plan 2024-29, line 77"
    assert cite("002:980-982") == "HCP meeting pack, January 2024, lines 980-982"
    assert cite("004:68") == "Neighbourhoods framework, line 68"
    assert cite("001:232, 001:284-286") == "Delivery Plan 2024-25, lines 232, 284-286"


def test_focus_programmes_link_only_to_the_rows_that_carry_their_name():
    linked = {item.title: sorted(p.source_ref for p in item.programmes.all())
              for item in FrameworkItem.objects.filter(kind=Kind.FOCUS_PROGRAMME)}
    assert {title: refs for title, refs in linked.items() if refs} == {
        "Work and Health Partnership": [PLAN + "3/02"], "Prevention Pledge": [PLAN + "3/05"],
        "Serious Violence Duty": [PLAN + "5/06"],
    }


def framework_page(client):
    response = client.get(reverse("framework"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["board_client", "lead_client", "business_client"])
def test_every_role_reads_the_framework_page_from_the_header_menu(request, who):
    client = request.getfixturevalue(who)
    page = framework_page(client)
    assert f'href="{reverse("framework")}"' in page and 'aria-current="true"' in page


def test_the_framework_page_is_refused_to_outsiders_and_anonymous_visitors(client, outsider_client):
    assert sent_to_sign_in(client.get(reverse("framework")), reverse("framework"))
    assert refused(outsider_client.get(reverse("framework")))


def test_the_framework_page_shows_every_part_with_its_count(board_client):
    page = framework_page(board_client)
    counts = {kind: page.count(f'data-kind="{kind}"') for kind in (
        "principle", "ambition", "system_recommendation", "focus_programme", "neighbourhood_objective",
        "neighbourhood_principle", "neighbourhood_enabler", "case_study", "stocktake_finding", "indicator_work")}
    assert counts == {
        "principle": 3, "ambition": 6, "system_recommendation": 7, "focus_programme": 9,
        "neighbourhood_objective": 8, "neighbourhood_principle": 6, "neighbourhood_enabler": 6, "case_study": 9,
        "stocktake_finding": 6, "indicator_work": 4,
    }


def test_the_framework_page_quotes_each_item_and_names_its_document(board_client):
    page = framework_page(board_client)
    for item in FrameworkItem.objects.exclude(kind=Kind.STOCKTAKE_POINT):
        if item.kind != Kind.STOCKTAKE_FINDING:
            assert item.citation in page, item
        assert escape(item.text.splitlines()[0][:60]) in page, item
    assert "HCP Plan 2024-29, line 77" in page
    assert "Neighbourhoods framework, line" in page
    assert "HCP meeting pack, January 2024, line" in page
    assert row("3/02").get_absolute_url() in page
    principle = FrameworkItem.objects.get(kind=Kind.NEIGHBOURHOOD_PRINCIPLE, order=1)
    assert escape(principle.examples[0][:60]) in page


def test_stocktake_findings_show_on_the_coverage_page_and_the_themes_they_are_about(board_client):
    finding = FrameworkItem.objects.get(kind=Kind.STOCKTAKE_FINDING, number="3.2")
    coverage = board_client.get(reverse("stocktake-coverage")).content.decode()
    assert coverage.count('data-kind="stocktake_finding"') == 6
    assert finding.text in coverage
    theme_1 = board_client.get(reverse("theme-detail", args=[1])).content.decode()
    assert finding.text in theme_1
    theme_6 = board_client.get(reverse("theme-detail", args=[6])).content.decode()
    assert finding.text not in theme_6


# An existing database, loaded by an earlier release: the same rows with its invented values.
def as_an_earlier_release_loaded_it(programme, **old):
    Programme.objects.filter(pk=programme.pk).update(**old)
    Programme.history.filter(source_ref=programme.source_ref, history_type="+").update(**old)


def test_bootstrap_corrects_what_an_earlier_release_seeded_and_keeps_what_the_team_changed():
    scoping, draft, named = row("4/02"), row("4/01"), row("1/08")
    old_name = "Early identification of SEN (Special Educational Needs and Disabilities)"
    as_an_earlier_release_loaded_it(scoping, status=Status.ACTIVE, status_quote="", status_source="")
    as_an_earlier_release_loaded_it(draft, status=Status.ACTIVE, status_quote="", status_source="")
    as_an_earlier_release_loaded_it(named, name=old_name, damaged_fields="", damage_note="")
    Programme.objects.filter(pk=draft.pk).update(status=Status.COMPLETED)  # the team's edit
    lines = []
    counts = bootstrap(log=lines.append)
    assert (row("4/02").status, row("4/02").status_quote) == (Status.SCOPING, "in scoping stage – to be developed")
    assert row("4/01").status == Status.COMPLETED
    assert row("4/01").status_quote.startswith("Document in draft form")
    assert row("1/08").name.startswith("Early identific[...]") and row("1/08").damaged_fields == "name, outline"
    assert "Corrected DP2024-25/4/02: status, status_quote, status_source" in lines
    assert "Corrected DP2024-25/4/01: status_quote, status_source" in lines
    assert counts["corrected programmes"] == 3
    assert row("4/02").history.first().history_change_reason == (
        "Corrected from the documents: status, status_quote, status_source")
    assert sum(bootstrap().values()) == 0


def test_a_row_with_no_history_is_corrected_from_the_old_default_status():
    programme = row("2/04")
    Programme.objects.filter(pk=programme.pk).update(status=Status.ACTIVE)
    Programme.history.filter(source_ref=programme.source_ref).update(history_type="~")
    bootstrap()
    assert row("2/04").status == Status.NOT_STATED


def test_bootstrap_corrects_the_invented_merged_board_and_adds_missing_reports_to_links():
    merged = Board.objects.create(name="NHS Cheshire and Merseyside People Committee and Board",
                                  slug="nhs-cheshire-and-merseyside-people-committee-and-board")
    framework, smokefree = row("7/03"), row("6/02")
    for programme in (framework, smokefree):
        programme.skip_history_when_saving = True
    framework.boards.set([merged])
    smokefree.reports_to.clear()
    seed = first_record(framework)
    seed.boards.all().delete()
    link = Programme.boards.through.objects.get(programme=framework, board=merged)
    seed.boards.model.objects.create(history=seed, id=link.pk, programme=framework, board=merged)
    first_record(smokefree).reports_to.all().delete()
    bootstrap()
    assert {b.slug for b in row("7/03").boards.all()} == {
        "nhs-cheshire-and-merseyside-people-committee", "board-provider-organisations"}
    assert row("6/02").reports_to.count() == 2
    assert Board.objects.filter(pk=merged.pk).exists()  # bootstrap never deletes


def test_links_the_team_changed_are_kept():
    smokefree = row("6/02")
    smokefree.reports_to.set([Board.objects.get(slug="cvd-prevention-board")])  # the team's edit, in history
    bootstrap()
    assert [b.slug for b in row("6/02").reports_to.all()] == ["cvd-prevention-board"]


def test_bootstrap_adds_the_58th_row_and_missing_boards_on_an_existing_database():
    twin = row("3/10")
    Programme.history.filter(source_ref=twin.source_ref).delete()
    twin.delete()
    Programme.history.filter(source_ref=twin.source_ref).delete()
    Board.objects.filter(slug="cheshire-criminal-justice-board").delete()
    first_record(row("5/06")).reports_to.all().delete()  # an earlier release had no reports_to
    out = io.StringIO()
    call_command("bootstrap", stdout=out)
    assert "1 boards, 1 programmes" in out.getvalue()
    assert "Corrected DP2024-25/5/06: reports_to" in out.getvalue()
    assert row("3/10").repeats == row("3/07")
    assert Board.objects.get(slug="cheshire-criminal-justice-board").reporting_bodies.exists()
